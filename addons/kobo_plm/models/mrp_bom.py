from odoo import api, fields, models
from odoo.addons.kobo_base.models.kobo_workflow_mixin import is_privileged


class MrpBom(models.Model):
    _inherit = "mrp.bom"

    kobo_techpack_id = fields.Many2one(
        "kobo.techpack", string="Tech Pack Revision", index="btree_not_null", copy=False
    )
    kobo_techpack_state = fields.Selection(related="kobo_techpack_id.state", string="Tech Pack State")

    def write(self, vals):
        # Production approval reorders BoMs (sequence, active): everything else is the spec.
        if set(vals) - {"sequence", "active", "code"} and not is_privileged(self):
            self.kobo_techpack_id.sudo()._check_draft()
            if vals.get("kobo_techpack_id"):
                # Nor can a BoM be attached to a frozen revision.
                self.env["kobo.techpack"].sudo().browse(vals["kobo_techpack_id"])._check_draft()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_if_techpack_draft(self):
        if not is_privileged(self):
            self.kobo_techpack_id.sudo()._check_draft()
