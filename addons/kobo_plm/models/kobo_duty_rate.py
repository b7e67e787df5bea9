from odoo import api, fields, models
from odoo.exceptions import ValidationError


class KoboDutyRate(models.Model):
    """An import tariff line: the duty rate of an HS code into the brand's market."""

    _name = "kobo.duty.rate"
    _inherit = ["kobo.finite.mixin"]
    _description = "Import Duty Rate"
    _order = "hs_code"
    _rec_names_search = ["hs_code", "name"]

    hs_code = fields.Char(string="HS Code", required=True, help="Harmonized System code, 6 to 10 digits.")
    name = fields.Char(string="Description", required=True, translate=True)
    rate = fields.Float(string="Duty (%)", digits=(5, 2), required=True)
    country_group_id = fields.Many2one(
        "res.country.group", string="Market", help="Where the goods are imported (e.g. the EU)."
    )
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("hs_code_market_unique", "UNIQUE(hs_code, country_group_id)", "This HS code already has a rate."),
        ("rate_range", "CHECK(rate >= 0 AND rate <= 100)", "A duty rate is between 0 and 100 %."),
    ]

    @api.depends("hs_code", "name", "rate")
    def _compute_display_name(self):
        for duty in self:
            duty.display_name = f"{duty.hs_code} {duty.name} ({duty.rate:g} %)"

    @api.constrains("hs_code")
    def _check_hs_code(self):
        for duty in self:
            digits = (duty.hs_code or "").replace(".", "").replace(" ", "")
            if not digits.isdigit() or not 6 <= len(digits) <= 10:
                raise ValidationError(
                    self.env._(
                        "HS code %(code)s is not valid: use 6 to 10 digits (dots and spaces allowed).",
                        code=duty.hs_code,
                    )
                )
