from . import test_connector_http
from . import test_outbound_http
