from odoo import api, fields, models
from odoo.addons.kobo_base.care import CARE_SYMBOLS, EXAMPLE_CODES, care_image_url
from odoo.exceptions import ValidationError


class KoboCareSymbol(models.Model):
    """ISO 3758 care symbols, by code, meaning and picture.

    The codes are the table of ``kobo_base/care.py``, which PIM validates product care codes
    against, and each has a pictogram drawn for Kōbō in ``kobo_base/static/img/care``.
    """

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
    image_url = fields.Char(
        string="Symbol",
        compute="_compute_image_url",
        help="The pictogram of the code, as the care label prints it.",
    )

    _sql_constraints = [("code_unique", "unique(code)", "A care symbol code is unique.")]

    @api.depends("code", "name")
    def _compute_display_name(self):
        for symbol in self:
            symbol.display_name = f"{symbol.code} {symbol.name}"

    @api.depends("code")
    def _compute_image_url(self):
        for symbol in self:
            symbol.image_url = care_image_url(symbol.code) or False

    @api.constrains("code")
    def _check_code(self):
        for symbol in self:
            if symbol.code not in CARE_SYMBOLS:
                raise ValidationError(
                    self.env._(
                        "Unknown care symbol '%(code)s': use ISO 3758 codes such as %(examples)s",
                        code=symbol.code,
                        examples=", ".join(EXAMPLE_CODES) + ", …",
                    )
                )
