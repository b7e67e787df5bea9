from . import kobo_taxonomy_import_wizard
