{
    "name": "Kōbō Syndication: retailer spreadsheets",
    "summary": "Retailer line sheets (XLSX, CSV) from templates with columns, value maps and "
    "wholesale prices",
    "version": "18.0.2.0.0",
    "category": "Sales/Product Information",
    "author": "Kōbō Labs",
    "website": "https://github.com/kobo-labs/kobo-odoo",
    "license": "LGPL-3",
    "depends": [
        "kobo_syndication",
    ],
    "data": [
        "security/kobo_spreadsheet_security.xml",
        "data/queue_job_data.xml",
        "data/kobo_spreadsheet_data.xml",
        "views/kobo_spreadsheet_views.xml",
    ],
    "demo": [
        "demo/kobo_channel_demo.xml",
        "demo/kobo_spreadsheet_demo.xml",
    ],
    "installable": True,
}
