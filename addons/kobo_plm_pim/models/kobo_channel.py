from odoo import fields, models


class KoboChannel(models.Model):
    """The completeness dashboard's channel cards also count the styles that did not reach
    enrichment: approved in development, their hand-off failed."""

    _inherit = "kobo.channel"

    kobo_handoff_failed_count = fields.Integer(
        string="Hand-offs Failed",
        compute="_compute_kobo_handoff_failed_count",
        help="Styles of this channel's company approved for production whose hand-off to enrichment "
        "failed: their developer has an activity to fix them.",
    )

    def _compute_kobo_handoff_failed_count(self):
        # A count, not the styles: the catalogue team learns what is held up in development.
        counts = dict(
            self.env["product.template"]
            .sudo()
            ._read_group([("kobo_handoff_failed", "=", True)], ["company_id"], ["__count"])
        )
        shared = sum(count for company, count in counts.items() if not company)
        for channel in self:
            channel.kobo_handoff_failed_count = (
                shared + counts.get(channel.company_id, 0) if channel.company_id else sum(counts.values())
            )

    def action_kobo_open_failed_handoffs(self):
        """The styles of this channel's company whose hand-off failed, with the reason."""
        self.ensure_one()
        domain = [("kobo_handoff_failed", "=", True)]
        if self.company_id:
            domain.append(("company_id", "in", [self.company_id.id, False]))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Hand-offs Failed"),
            "res_model": "product.template",
            "view_mode": "list,form",
            "views": [
                (self.env.ref("kobo_plm_pim.product_template_list_view_handoff_failed").id, "list"),
                (False, "form"),
            ],
            "domain": domain,
            "context": {"create": False},
        }
