from . import test_channel_connector
from . import test_listing_access
from . import test_listing_sync
from . import test_listing_automation
from . import test_google_feed
from . import test_google_feed_controller
from . import test_spreadsheet
