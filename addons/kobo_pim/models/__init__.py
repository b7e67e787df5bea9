from . import kobo_channel
from . import kobo_taxonomy
from . import kobo_taxonomy_mapping
