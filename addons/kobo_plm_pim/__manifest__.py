{
    "name": "Kōbō PLM ↔ PIM",
    "summary": "Hand production-approved styles from development (PLM) over to enrichment (PIM): "
    "carried data, assets, certificates and retailers' wholesale prices",
    "version": "18.0.1.3.0",
    "category": "Hidden",
    "author": "Kōbō Labs",
    "website": "https://github.com/kobo-labs/kobo-odoo",
    "license": "LGPL-3",
    "depends": ["kobo_plm", "kobo_pim", "base_automation"],
    "data": [
        "security/kobo_plm_pim_security.xml",
        "data/kobo_handoff_cron.xml",
        "data/kobo_handoff_activity.xml",
        "data/kobo_handoff_automation.xml",
        "views/product_template_views.xml",
        "views/product_pricelist_views.xml",
        "views/kobo_enrichment_views.xml",
        "views/kobo_channel_views.xml",
    ],
    "demo": [
        "demo/kobo_plm_pim_demo.xml",
        "demo/kobo_size_conversion_demo.xml",
        "demo/kobo_completeness_history_demo.xml",
    ],
    "auto_install": True,
    "installable": True,
}
