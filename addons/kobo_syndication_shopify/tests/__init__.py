from . import test_shopify_connector
from . import test_shopify_faults
from . import test_shopify_ownership
from . import test_outbound_leaks
from . import test_shopify_settings_access
from . import test_shopify_stock_quantities
from . import test_readback_shopify
from . import test_shopify_bulk
