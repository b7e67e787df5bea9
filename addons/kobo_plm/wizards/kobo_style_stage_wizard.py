from odoo import api, fields, models
from odoo.addons.kobo_base.models.kobo_workflow_mixin import privileged

from ..models.product_template import STYLE_STAGES, StageReason


class KoboStyleStageWizard(models.TransientModel):
    """Move styles to any stage; going back, skipping or dropping needs a manager and a reason."""

    _name = "kobo.style.stage.wizard"
    _description = "Change Style Stage"

    style_ids = fields.Many2many("product.template", string="Styles", required=True)
    current_stages = fields.Char(compute="_compute_current_stages")
    new_stage = fields.Selection(STYLE_STAGES, required=True)
    reason = fields.Text(help="Why the style moves back, skips a stage or is dropped; kept in its chatter.")

    @api.depends("style_ids.kobo_stage")
    def _compute_current_stages(self):
        labels = dict(STYLE_STAGES)
        for wizard in self:
            wizard.current_stages = ", ".join(
                sorted({labels[stage] for stage in wizard.style_ids.mapped("kobo_stage")})
            )

    def action_apply(self):
        self.ensure_one()
        reason = (self.reason or "").strip()
        # The stage rules are checked here, with the wizard's reason; the write itself is the
        # checked move, so no context key sent with it can switch them off.
        # Dropped styles are archived: reviving them is one of the moves this wizard makes.
        styles = self.with_context(active_test=False).style_ids
        styles._kobo_check_stage_change(self.new_stage, reason)
        privileged(styles).with_context(kobo_stage_reason=StageReason(reason)).write(
            {"kobo_stage": self.new_stage}
        )
        return {"type": "ir.actions.act_window_close"}
