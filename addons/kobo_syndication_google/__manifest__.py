{
    "name": "Kōbō Syndication: Google Merchant feed",
    "summary": "A Google Merchant Center feed (XML or TSV) of the approved products, served "
    "from the filestore",
    "version": "18.0.2.1.0",
    "category": "Sales/Product Information",
    "author": "Kōbō Labs",
    "website": "https://github.com/kobo-labs/kobo-odoo",
    "license": "LGPL-3",
    "depends": [
        "kobo_syndication",
    ],
    "data": [
        "security/kobo_google_feed_security.xml",
        "data/queue_job_data.xml",
        "data/kobo_google_feed_data.xml",
        "views/kobo_google_feed_views.xml",
    ],
    "demo": [
        "demo/kobo_channel_demo.xml",
        "demo/kobo_google_feed_demo.xml",
    ],
    "assets": {
        "web.assets_tests": ["kobo_syndication_google/static/tests/tours/*.js"],
    },
    "installable": True,
}
