{
    "name": "Kōbō Syndication",
    "summary": "The syndication engine: listings, their issues, the queue, the sync and the connector "
    "interface; each channel is an addon of its own (kobo_syndication_website, _google, ...)",
    "version": "18.0.2.0.0",
    "category": "Sales/Product Information",
    "author": "Kōbō Labs",
    "website": "https://github.com/kobo-labs/kobo-odoo",
    "license": "LGPL-3",
    "depends": ["kobo_pim", "queue_job", "base_automation"],
    "data": [
        "security/kobo_syndication_groups.xml",
        "security/ir.model.access.csv",
        "security/kobo_listing_security.xml",
        "data/queue_job_data.xml",
        "data/kobo_listing_actions.xml",
        "data/kobo_listing_automation.xml",
        "data/kobo_price_requeue_cron.xml",
        "views/kobo_channel_views.xml",
        "views/kobo_syndication_menus.xml",
        "views/kobo_listing_views.xml",
        "views/kobo_channel_settings_views.xml",
    ],
    "demo": [
        "demo/kobo_channel_demo.xml",
    ],
    "application": True,
    "installable": True,
}
