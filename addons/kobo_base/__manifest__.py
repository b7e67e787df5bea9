{
    "name": "Kōbō Base",
    "summary": "What every Kōbō addon shares: workflow fields that only checked actions change, "
    "float fields that refuse NaN",
    "version": "18.0.1.0.0",
    "category": "Hidden",
    "author": "Kōbō Labs",
    "website": "https://github.com/kobo-labs/kobo-odoo",
    "license": "LGPL-3",
    "depends": ["base"],
    "installable": True,
}
