from . import test_connector_http
from . import test_outbound_http
from . import test_sync_build_once
