{
    "name": "Kōbō PIM",
    "summary": "Product information for sales channels: enrichment, translations, channel "
    "pricing, taxonomy and completeness per channel and locale",
    "version": "18.0.1.0.0",
    "category": "Sales/Product Information",
    "author": "Kōbō Labs",
    "website": "https://github.com/kobo-labs/kobo-odoo",
    "license": "LGPL-3",
    "depends": ["sale", "mail"],
    "data": [
        "security/kobo_pim_groups.xml",
        "security/ir.model.access.csv",
        "security/kobo_pim_security.xml",
        "views/kobo_channel_views.xml",
        "views/kobo_taxonomy_views.xml",
        "views/kobo_size_conversion_views.xml",
        "views/product_template_views.xml",
        "wizards/kobo_taxonomy_import_wizard_views.xml",
        "views/kobo_pim_menus.xml",
    ],
    "demo": [
        "demo/res_users_demo.xml",
        "demo/kobo_channel_demo.xml",
        "demo/kobo_taxonomy_demo.xml",
        "demo/kobo_size_conversion_demo.xml",
    ],
    "assets": {
        "web.assets_tests": ["kobo_pim/static/tests/tours/*.js"],
    },
    "application": True,
    "installable": True,
}
