from odoo import api, fields, models


class KoboEnrichment(models.Model):
    """What the hand-off from development could not carry, named on the enrichment."""

    _inherit = "kobo.enrichment"

    # {carried asset key: what to fix}: a problem goes when its source is carried or removed.
    kobo_handoff_problems = fields.Json(
        string="Hand-off Problem Keys",
        readonly=True,
        copy=False,
        help="Per image development has that could not become an asset, what to fix.",
    )
    kobo_handoff_problem_text = fields.Text(
        string="Hand-off Problems",
        compute="_compute_kobo_handoff_problem_text",
        help="What the hand-off from development could not carry (an image too small to be an "
        "asset, for instance): fixed in development, it is carried at the next hand-off.",
    )

    @property
    def _kobo_workflow_fields(self):
        # Written by the hand-off only (through `privileged()`), like its digests.
        return (*super()._kobo_workflow_fields, "kobo_handoff_problems")

    @api.depends("kobo_handoff_problems")
    def _compute_kobo_handoff_problem_text(self):
        for enrichment in self:
            problems = enrichment.kobo_handoff_problems or {}
            enrichment.kobo_handoff_problem_text = (
                "\n".join(problems[key] for key in sorted(problems)) or False
            )
