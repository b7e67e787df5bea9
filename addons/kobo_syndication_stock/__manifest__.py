{
    "name": "Kōbō Syndication: stock",
    "summary": "Channels show Odoo's on-hand quantities; a variant going in or out of stock "
    "re-queues its listings",
    "version": "18.0.2.0.0",
    "category": "Sales/Product Information",
    "author": "Kōbō Labs",
    "website": "https://github.com/kobo-labs/kobo-odoo",
    "license": "LGPL-3",
    "depends": [
        "kobo_syndication",
        "stock",
    ],
    "auto_install": True,
    "installable": True,
}
