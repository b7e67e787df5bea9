from . import test_channel_connector
from . import test_listing_access
from . import test_listing_sync
from . import test_listing_automation
from . import test_spreadsheet
