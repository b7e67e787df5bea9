from odoo import models


class KoboCostSheet(models.Model):
    _inherit = "kobo.cost.sheet"

    def action_approve(self):
        """A newer sheet of a style already with the catalogue team updates its prices there."""
        result = super().action_approve()
        handed_off = self.style_id.sudo().filtered("kobo_handoff_date")
        if handed_off:
            handed_off._kobo_send_to_enrichment()
        return result
