from odoo import fields, models


class KoboPimCertification(models.Model):
    _inherit = "kobo.pim.certification"

    kobo_handoff = fields.Boolean(
        string="From Development",
        readonly=True,
        copy=False,
        help="Carried from the certificates of the style's materials: the hand-off keeps it in step.",
    )
