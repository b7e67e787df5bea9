from . import kobo_channel_shopify
from . import kobo_connector_shopify
from . import kobo_listing_shopify
from . import kobo_connector_shopify_product
from . import kobo_connector_shopify_payload
from . import kobo_connector_shopify_ownership
from . import kobo_connector_shopify_client
from . import kobo_connector_shopify_bulk
