from odoo import api, fields, models


class KoboCareSymbol(models.Model):
    """ISO 3758 care symbols, by code (the pictograms are GINETEX's; we print code and meaning)."""

    _name = "kobo.care.symbol"
    _description = "Care Symbol (ISO 3758)"
    _order = "category, sequence, id"

    code = fields.Char(required=True)
    name = fields.Char(required=True, translate=True)
    category = fields.Selection(
        [
            ("1_washing", "Washing"),
            ("2_bleaching", "Bleaching"),
            ("3_drying", "Drying"),
            ("4_ironing", "Ironing"),
            ("5_professional", "Professional care"),
        ],
        required=True,
    )
    sequence = fields.Integer(default=10)

    _sql_constraints = [("code_unique", "unique(code)", "A care symbol code is unique.")]

    @api.depends("code", "name")
    def _compute_display_name(self):
        for symbol in self:
            symbol.display_name = f"{symbol.code} {symbol.name}"
