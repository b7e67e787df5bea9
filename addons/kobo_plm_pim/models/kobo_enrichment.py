from odoo import fields, models
from odoo.exceptions import AccessError

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

    def _kobo_check_workflow_vals(self, vals, creating=False):
        result = super()._kobo_check_workflow_vals(vals, creating=creating)
        named = [name for name in HANDOFF_FIELDS if vals.get(name) or (not creating and name in vals)]
        if named:
            raise AccessError(
                self.env._(
                    "%(model)s: %(fields)s are written by the hand-off from development only.",
                    model=self._description,
                    fields=", ".join(self._fields[name]._description_string(self.env) for name in named),
                )
            )
        return result
