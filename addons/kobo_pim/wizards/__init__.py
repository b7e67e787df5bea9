from . import kobo_taxonomy_import_wizard
from . import kobo_translation_export
from . import kobo_translation_import
