{
    "name": "Kōbō PLM ↔ PIM",
    "summary": "Hand production-approved styles from development (PLM) over to enrichment (PIM)",
    "version": "18.0.1.1.0",
    "category": "Hidden",
    "author": "Kōbō Labs",
    "website": "https://github.com/kobo-labs/kobo-odoo",
    "license": "LGPL-3",
    "depends": ["kobo_plm", "kobo_pim"],
    "data": [
        "views/product_template_views.xml",
    ],
    "auto_install": True,
    "installable": True,
}
