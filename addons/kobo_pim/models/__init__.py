from . import kobo_channel
from . import kobo_channel_price
from . import kobo_taxonomy
from . import kobo_taxonomy_mapping
from . import kobo_size_conversion
from . import kobo_size_conversion_line
