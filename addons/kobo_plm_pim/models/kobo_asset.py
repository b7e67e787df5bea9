from odoo import fields, models


class KoboAsset(models.Model):
    _inherit = "kobo.asset"

    kobo_handoff_key = fields.Char(
        string="From Development",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="Set on the flats and sample photos the hand-off from development brought: it finds "
        "them again to update their image, and never touches the other assets.",
    )
