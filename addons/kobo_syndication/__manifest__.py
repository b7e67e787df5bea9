{
    "name": "Kōbō Syndication",
    "summary": "Publish enriched products to channels: Odoo website, Google Merchant, "
    "retailer spreadsheets, Shopify and Amazon",
    "version": "18.0.1.0.0",
    "category": "Sales/Product Information",
    "author": "Kōbō Labs",
    "website": "https://github.com/kobo-labs/kobo-odoo",
    "license": "LGPL-3",
    "depends": ["kobo_pim", "website_sale", "queue_job", "base_automation"],
    "data": [
        "security/kobo_syndication_groups.xml",
        "security/ir.model.access.csv",
        "security/kobo_listing_security.xml",
        "data/queue_job_data.xml",
        "data/kobo_listing_actions.xml",
        "data/kobo_listing_automation.xml",
        "views/kobo_channel_views.xml",
        "views/kobo_syndication_menus.xml",
        "views/kobo_listing_views.xml",
    ],
    "demo": [
        "demo/kobo_channel_demo.xml",
    ],
    "assets": {
        "web.assets_tests": ["kobo_syndication/static/tests/tours/*.js"],
    },
    "application": True,
    "installable": True,
}
