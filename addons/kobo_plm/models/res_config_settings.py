from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    kobo_target_margin = fields.Float(related="company_id.kobo_target_margin", readonly=False)
    kobo_retail_multiplier = fields.Float(related="company_id.kobo_retail_multiplier", readonly=False)
    kobo_retail_rounding = fields.Selection(related="company_id.kobo_retail_rounding", readonly=False)
    kobo_required_sample_round_ids = fields.Many2many(
        related="company_id.kobo_required_sample_round_ids", readonly=False
    )
