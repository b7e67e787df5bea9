from . import kobo_connector
from . import kobo_connector_website
from . import kobo_listing
from . import kobo_listing_sync
from . import kobo_channel
from . import product_template
