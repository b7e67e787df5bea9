from . import kobo_connector_website
from . import kobo_channel_website
from . import product_image
from . import product_template_website
from . import kobo_connector_website_images
from . import product_pricelist_item
