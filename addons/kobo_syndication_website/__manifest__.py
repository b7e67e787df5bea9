{
    "name": "Kōbō Syndication: Odoo web shop",
    "summary": "Publish approved products on the Odoo web shop (website_sale) in its languages",
    "version": "18.0.2.0.0",
    "category": "Sales/Product Information",
    "author": "Kōbō Labs",
    "website": "https://github.com/kobo-labs/kobo-odoo",
    "license": "LGPL-3",
    "depends": [
        "kobo_syndication",
        "website_sale",
    ],
    "data": [
        "security/product_image_security.xml",
        "data/queue_job_data.xml",
        "views/kobo_channel_views.xml",
        "views/product_template_views.xml",
    ],
    "demo": [
        "demo/kobo_channel_demo.xml",
    ],
    "assets": {
        "web.assets_tests": ["kobo_syndication_website/static/tests/tours/*.js"],
    },
    "installable": True,
}
