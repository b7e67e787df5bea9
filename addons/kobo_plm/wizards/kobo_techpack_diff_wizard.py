from odoo import api, fields, models
from odoo.exceptions import UserError


class KoboTechpackDiffWizard(models.TransientModel):
    """Side by side: what changed between two revisions of a style's tech pack."""

    _name = "kobo.techpack.diff.wizard"
    _description = "Compare Tech Pack Revisions"

    new_techpack_id = fields.Many2one("kobo.techpack", string="Revision", required=True)
    style_id = fields.Many2one(related="new_techpack_id.style_id")
    old_techpack_id = fields.Many2one(
        "kobo.techpack",
        string="Compared With",
        required=True,
        domain="[('style_id', '=', style_id), ('id', '!=', new_techpack_id)]",
    )
    diff_html = fields.Html(compute="_compute_diff_html", sanitize=False)

    @api.depends("new_techpack_id", "old_techpack_id")
    def _compute_diff_html(self):
        for wizard in self:
            if not (wizard.new_techpack_id and wizard.old_techpack_id):
                wizard.diff_html = False
                continue
            if wizard.new_techpack_id.style_id != wizard.old_techpack_id.style_id:
                raise UserError(self.env._("Compare two revisions of the same style."))
            wizard.diff_html = self.env["ir.qweb"]._render(
                "kobo_plm.techpack_diff_content",
                {
                    "new": wizard.new_techpack_id,
                    "old": wizard.old_techpack_id,
                    "diff": wizard.new_techpack_id._diff_against(wizard.old_techpack_id),
                },
            )
