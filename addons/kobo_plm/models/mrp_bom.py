from odoo import api, fields, models


class MrpBom(models.Model):
    _inherit = "mrp.bom"

    kobo_techpack_id = fields.Many2one(
        "kobo.techpack", string="Tech Pack Revision", index="btree_not_null", copy=False
    )
    kobo_techpack_state = fields.Selection(related="kobo_techpack_id.state", string="Tech Pack State")

    def write(self, vals):
        # Production approval reorders BoMs (sequence, active): everything else is the spec.
        if set(vals) - {"sequence", "active", "code"} and not self.env.context.get("kobo_bom_sync"):
            self.kobo_techpack_id.sudo()._check_draft()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_if_techpack_draft(self):
        if not self.env.context.get("kobo_techpack_unlink"):
            self.kobo_techpack_id.sudo()._check_draft()
