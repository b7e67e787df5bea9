from odoo import fields, models

# Written by the hand-off only (through `privileged()`): a client that could write the digests
# could make the next hand-off overwrite, or skip, what the catalogue team typed.
HANDOFF_FIELDS = ("kobo_handoff_digests", "kobo_handoff_date")


class KoboEnrichment(models.Model):
    _inherit = "kobo.enrichment"

    kobo_handoff_digests = fields.Json(
        string="Hand-off Digests",
        readonly=True,
        copy=False,
        help="Per carried field, a digest of the development value at the last hand-off: a field "
        "is written again only when development changed it.",
    )
    kobo_handoff_date = fields.Datetime(string="Last Hand-off", readonly=True, copy=False)

    @property
    def _kobo_workflow_fields(self):
        # Added to what kobo_pim guards (state and the approval stamps): the base guard refuses
        # them at create, in copies and in writes, whatever the context.
        return (*super()._kobo_workflow_fields, *HANDOFF_FIELDS)
