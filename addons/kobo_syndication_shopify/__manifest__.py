{
    "name": "Kōbō Syndication: Shopify",
    "summary": "Publish approved products to a Shopify store through the Admin GraphQL API, "
    "keeping what the merchant owns",
    "version": "18.0.2.1.0",
    "category": "Sales/Product Information",
    "author": "Kōbō Labs",
    "website": "https://github.com/kobo-labs/kobo-odoo",
    "license": "LGPL-3",
    "depends": [
        "kobo_syndication_stock",
    ],
    "data": [
        "data/queue_job_data.xml",
        "views/kobo_channel_shopify_views.xml",
    ],
    "demo": [
        "demo/kobo_shopify_demo.xml",
    ],
    "installable": True,
}
