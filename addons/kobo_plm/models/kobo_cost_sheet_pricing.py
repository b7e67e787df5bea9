from odoo import api, models
from odoo.tools import float_round

from .res_company import check_pricing, round_retail


class KoboCostSheet(models.Model):
    """From the FOB to the landed cost, the wholesale and the suggested retail price."""

    _inherit = "kobo.cost.sheet"

    @api.depends(
        "fob_price",
        "currency_rate",
        "freight_cost",
        "insurance_percent",
        "duty_percent",
        "commission_percent",
    )
    def _compute_landed(self):
        for sheet in self:
            currency = sheet.company_currency_id
            fob = currency.round(sheet.fob_price * sheet.currency_rate)
            insurance = currency.round(fob * sheet.insurance_percent / 100)
            customs_value = fob + sheet.freight_cost + insurance
            duty = currency.round(customs_value * sheet.duty_percent / 100)
            commission = currency.round(fob * sheet.commission_percent / 100)
            sheet.fob_price_company = fob
            sheet.insurance_cost = insurance
            sheet.duty_cost = duty
            sheet.commission_cost = commission
            sheet.landed_cost = customs_value + duty + commission

    @api.depends("company_id")
    def _compute_pricing_defaults(self):
        for sheet in self:
            if not sheet.target_margin:
                sheet.target_margin = sheet.company_id.kobo_target_margin
            if not sheet.retail_multiplier:
                sheet.retail_multiplier = sheet.company_id.kobo_retail_multiplier or 1.0

    @api.depends(
        "landed_cost",
        "target_margin",
        "retail_multiplier",
        "company_id.kobo_retail_rounding",
        "style_id.kobo_target_cost",
        "style_id.kobo_target_retail_price",
    )
    def _compute_prices(self):
        for sheet in self:
            currency = sheet.company_currency_id
            margin = min(sheet.target_margin, 99.99) / 100
            wholesale = currency.round(sheet.landed_cost / (1 - margin))
            sheet.wholesale_price = wholesale
            sheet.retail_price = round_retail(
                wholesale * (sheet.retail_multiplier or 1.0), sheet.company_id.kobo_retail_rounding
            )
            target = sheet.style_id.kobo_target_cost
            sheet.cost_gap = currency.round(sheet.landed_cost - target) if target else 0.0
            sheet.is_over_target = bool(target) and currency.compare_amounts(sheet.landed_cost, target) > 0
            target_wholesale = (sheet.style_id.kobo_target_retail_price or 0.0) / (
                sheet.retail_multiplier or 1.0
            )
            sheet.margin_at_target_retail = (
                float_round(
                    (target_wholesale - sheet.landed_cost) / target_wholesale * 100, precision_digits=1
                )
                if target_wholesale
                else 0.0
            )

    # ------------------------------------------------------------------ constraints

    @api.constrains("target_margin", "retail_multiplier")
    def _check_pricing(self):
        for sheet in self:
            check_pricing(self.env, sheet.display_name, sheet.target_margin, sheet.retail_multiplier)
