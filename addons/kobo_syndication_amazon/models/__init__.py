from . import kobo_channel_amazon
from . import kobo_connector_amazon
from . import kobo_connector_amazon_client
from . import kobo_connector_amazon_feed
from . import kobo_listing_amazon
from . import kobo_connector_amazon_validate
from . import kobo_amazon_product_type_map
from . import kobo_amazon_marketplaces
