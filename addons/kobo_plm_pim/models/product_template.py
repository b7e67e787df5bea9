from odoo import fields, models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    kobo_handoff_date = fields.Datetime(
        string="Handed Off to Enrichment",
        readonly=True,
        copy=False,
        help="When the style left development for the catalogue team (set at production approval).",
    )

    def _kobo_on_production_approved(self):
        # The hand-off: a style approved for production is the catalogue team's to enrich.
        result = super()._kobo_on_production_approved()
        self.filtered(lambda style: not style.kobo_handoff_date).write(
            {"kobo_handoff_date": fields.Datetime.now()}
        )
        return result
