from odoo import fields, models


class KoboChannel(models.Model):
    _inherit = "kobo.channel"

    connector = fields.Selection(
        selection_add=[("spreadsheet", "Retailer spreadsheet")], ondelete={"spreadsheet": "set null"}
    )
