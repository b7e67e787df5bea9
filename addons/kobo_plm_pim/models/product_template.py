from odoo import fields, models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    kobo_handoff_date = fields.Datetime(
        string="Handed Off to Enrichment",
        readonly=True,
        copy=False,
        help="When the style left development for the catalogue team (set at production approval).",
    )
