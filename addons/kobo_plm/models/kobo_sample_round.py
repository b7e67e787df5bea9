from odoo import api, fields, models

from .kobo_sample import ROUND_TYPES


class KoboSampleRound(models.Model):
    """A sample round (proto, fit, size set, …) that settings can point at.

    One record per round type of a sample, shipped as data: the production gate's required
    rounds are a relation to these, not a comma-separated list of codes.
    """

    _name = "kobo.sample.round"
    _description = "Sample Round"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Selection(ROUND_TYPES, required=True, readonly=True)
    sequence = fields.Integer(default=10)

    _sql_constraints = [
        ("code_unique", "UNIQUE(code)", "Each sample round type is listed once."),
    ]

    @api.model
    def _kobo_by_codes(self, codes):
        """The rounds of these round-type codes (unknown codes are ignored)."""
        return self.search([("code", "in", list(codes))])
