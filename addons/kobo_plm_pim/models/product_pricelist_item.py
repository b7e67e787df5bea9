from odoo import fields, models


class ProductPricelistItem(models.Model):
    _inherit = "product.pricelist.item"

    kobo_handoff = fields.Boolean(
        string="From Costing",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The wholesale price of the style's approved cost sheet, written by the hand-off to "
        "enrichment; it is updated when a newer sheet is approved. Other rules are never touched.",
    )
