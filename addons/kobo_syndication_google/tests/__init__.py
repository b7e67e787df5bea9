from . import test_channel_connector
from . import test_feed_fidelity
from . import test_feed_stored_texts
from . import test_google_feed
from . import test_google_feed_controller
from . import test_readback_google
from . import test_readback_demo_google
