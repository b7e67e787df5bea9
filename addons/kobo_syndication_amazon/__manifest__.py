{
    "name": "Kōbō Syndication: Amazon",
    "summary": "Publish approved products to Amazon through the Selling Partner API, as "
    "Amazon's apparel rules require",
    "version": "18.0.2.1.0",
    "category": "Sales/Product Information",
    "author": "Kōbō Labs",
    "website": "https://github.com/kobo-labs/kobo-odoo",
    "license": "LGPL-3",
    "depends": [
        "kobo_syndication_stock",
    ],
    "data": [
        "security/ir.model.access.csv",
        "data/queue_job_data.xml",
        "views/kobo_amazon_product_type_map_views.xml",
        "views/kobo_channel_amazon_views.xml",
    ],
    "demo": [
        "demo/kobo_channel_demo.xml",
        "demo/kobo_amazon_demo.xml",
    ],
    "post_init_hook": "_kobo_post_init",
    "installable": True,
}
