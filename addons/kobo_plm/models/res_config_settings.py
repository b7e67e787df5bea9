from odoo import api, fields, models

from .kobo_sample import ROUND_TYPES


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    kobo_target_margin = fields.Float(related="company_id.kobo_target_margin", readonly=False)
    kobo_retail_multiplier = fields.Float(related="company_id.kobo_retail_multiplier", readonly=False)
    kobo_retail_rounding = fields.Selection(related="company_id.kobo_retail_rounding", readonly=False)
    kobo_required_sample_rounds = fields.Char(
        related="company_id.kobo_required_sample_rounds", readonly=False
    )
    kobo_require_fit = fields.Boolean(
        string="Fit sample", compute="_compute_kobo_required_rounds", inverse="_inverse_kobo_required_rounds"
    )
    kobo_require_size_set = fields.Boolean(
        string="Size set", compute="_compute_kobo_required_rounds", inverse="_inverse_kobo_required_rounds"
    )
    kobo_require_pre_production = fields.Boolean(
        string="Pre-production sample",
        compute="_compute_kobo_required_rounds",
        inverse="_inverse_kobo_required_rounds",
    )
    kobo_require_top_of_production = fields.Boolean(
        string="Top of production",
        compute="_compute_kobo_required_rounds",
        inverse="_inverse_kobo_required_rounds",
    )

    _KOBO_ROUND_FIELDS = {
        "fit": "kobo_require_fit",
        "size_set": "kobo_require_size_set",
        "pre_production": "kobo_require_pre_production",
        "top_of_production": "kobo_require_top_of_production",
    }

    @api.depends("company_id.kobo_required_sample_rounds")
    def _compute_kobo_required_rounds(self):
        for settings in self:
            # As the system: a settings administrator outside PLM opens the page too.
            required = settings.company_id._kobo_required_round_types()
            for code, field_name in self._KOBO_ROUND_FIELDS.items():
                settings[field_name] = code in required

    def _inverse_kobo_required_rounds(self):
        order = [code for code, _label in ROUND_TYPES]
        for settings in self:
            kept = [
                code
                for code in settings.company_id._kobo_required_round_types()
                if code not in self._KOBO_ROUND_FIELDS
            ]
            chosen = [code for code, field_name in self._KOBO_ROUND_FIELDS.items() if settings[field_name]]
            codes = sorted(set(kept + chosen), key=lambda code: order.index(code) if code in order else 99)
            settings.company_id.kobo_required_sample_rounds = ",".join(codes)
