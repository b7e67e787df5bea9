{
    "name": "Kōbō Base",
    "summary": "What every Kōbō addon shares: one guard judging what records will store (workflow "
    "fields, identity relations, field groups at create), "
    "float fields that refuse NaN, the ISO 3758 care symbols and their pictures",
    "version": "18.0.1.1.0",
    "category": "Hidden",
    "author": "Kōbō Labs",
    "website": "https://github.com/kobo-labs/kobo-odoo",
    "license": "LGPL-3",
    "depends": ["base"],
    "installable": True,
}
