import math

from odoo import api, fields, models
from odoo.addons.kobo_base.models.kobo_workflow_mixin import check_finite
from odoo.exceptions import ValidationError

RETAIL_ROUNDINGS = [
    ("none", "No rounding"),
    ("whole", "Whole amount (49.00)"),
    ("95", "Ending in .95 (48.95)"),
    ("99", "Ending in .99 (48.99)"),
    ("nine", "Whole amount ending in 9 (49.00, 59.00)"),
]


PLM_USERS = "kobo_plm.group_kobo_plm_user"


class ResCompany(models.Model):
    _inherit = "res.company"

    # The brand's pricing policy and production rules: PLM users only. Every user reads its
    # company, a vendor's portal user included; the cost sheets read these as the system.
    kobo_target_margin = fields.Float(
        groups=PLM_USERS,
        string="Target Margin (%)",
        default=60.0,
        help="Margin on the wholesale price a new cost sheet aims for: wholesale = landed / (1 - margin).",
    )
    kobo_retail_multiplier = fields.Float(
        groups=PLM_USERS,
        string="Retail Multiplier",
        default=2.5,
        digits=(6, 2),
        help="Suggested retail price = wholesale price × multiplier, then rounded.",
    )
    kobo_retail_rounding = fields.Selection(
        RETAIL_ROUNDINGS, groups=PLM_USERS, string="Retail Price Rounding", default="95"
    )
    kobo_required_sample_round_ids = fields.Many2many(
        "kobo.sample.round",
        "kobo_company_required_sample_round_rel",
        "company_id",
        "round_id",
        groups=PLM_USERS,
        string="Sample Rounds Required for Production",
        default=lambda self: self.env.ref("kobo_plm.sample_round_pre_production", raise_if_not_found=False),
        help="Sample rounds that must be approved on the current tech pack before a style can be "
        "approved for production.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        check_finite(self, [self._kobo_costing_vals(vals) for vals in vals_list])
        return super().create(vals_list)

    def write(self, vals):
        check_finite(self, [self._kobo_costing_vals(vals)])
        return super().write(vals)

    @api.model
    def _kobo_costing_vals(self, vals):
        return {name: value for name, value in vals.items() if name.startswith("kobo_")}

    @api.constrains("kobo_target_margin", "kobo_retail_multiplier")
    def _check_kobo_costing_settings(self):
        for company in self:
            check_pricing(self.env, company.name, company.kobo_target_margin, company.kobo_retail_multiplier)

    def _kobo_required_round_types(self):
        """Round-type codes the production gate requires, in round order."""
        self.ensure_one()
        rounds = self.sudo().kobo_required_sample_round_ids
        return rounds.sorted(lambda sample_round: (sample_round.sequence, sample_round.id)).mapped("code")

    @api.model
    def _kobo_init_required_sample_rounds(self):
        # Called once at install (data/res_company_data.xml): companies that existed before
        # the field did get the default too.
        pre_production = self.env.ref("kobo_plm.sample_round_pre_production")
        companies = self.sudo().search([("kobo_required_sample_round_ids", "=", False)])
        companies.write({"kobo_required_sample_round_ids": [(4, pre_production.id)]})

    def _kobo_round_retail(self, amount):
        """Round a suggested retail price up to the brand's price ending (never below the amount)."""
        self.ensure_one()
        return round_retail(amount, self.sudo().kobo_retail_rounding)


def round_retail(amount, rounding):
    """`amount` rounded up to a price ending: `rounding` is a key of RETAIL_ROUNDINGS."""
    if not amount or rounding in (None, False, "none"):
        return round(amount or 0.0, 2)
    whole = math.ceil(round(amount, 6))
    if rounding == "whole":
        return float(whole)
    if rounding in ("95", "99"):
        ending = 0.05 if rounding == "95" else 0.01
        candidate = whole - ending
        return round(candidate if candidate >= amount - 1e-9 else whole + 1 - ending, 2)
    if rounding == "nine":
        return float(whole + (9 - whole % 10) % 10)
    return round(amount, 2)


def check_pricing(env, owner, margin, multiplier):
    """Refuse a target margin outside [0, 100) % or a retail multiplier below 1, naming `owner`."""
    if not 0 <= margin < 100:
        raise ValidationError(
            env._("%(owner)s: the target margin must be at least 0 %% and below 100 %%.", owner=owner)
        )
    if multiplier < 1:
        raise ValidationError(env._("%(owner)s: the retail multiplier must be at least 1.", owner=owner))
