from . import kobo_channel
from . import kobo_google_feed
from . import kobo_connector_google_merchant
