from odoo import fields, models


class KoboChannel(models.Model):
    _inherit = "kobo.channel"

    connector = fields.Selection(
        [
            ("website", "Odoo website"),
            ("google_merchant", "Google Merchant feed"),
            ("spreadsheet", "Retailer spreadsheet"),
            ("shopify", "Shopify"),
            ("amazon", "Amazon SP-API"),
        ],
        tracking=True,
        help="How listings reach this channel.",
    )
