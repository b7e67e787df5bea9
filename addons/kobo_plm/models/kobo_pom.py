from odoo import api, fields, models
from odoo.exceptions import ValidationError


class KoboPom(models.Model):
    """A point of measure: where and how a garment is measured, reused across tech packs."""

    _name = "kobo.pom"
    _inherit = ["kobo.finite.mixin"]
    _description = "Point of Measure"
    _order = "code"
    _rec_names_search = ["code", "name"]

    code = fields.Char(required=True, help="Short reference used on charts, e.g. B01.")
    name = fields.Char(required=True, translate=True, help="e.g. Chest width, 2.5 cm below armhole")
    how_to_measure = fields.Text(translate=True)
    image = fields.Image(max_width=1024, max_height=1024, help="Diagram showing where to measure.")
    tolerance = fields.Float(
        string="Default Tolerance (±)",
        digits="Garment Measurement",
        default=1.0,
        help="Allowed deviation either way, in the measurement unit (cm).",
    )
    critical = fields.Boolean(help="Out of tolerance on a critical point blocks a plain sample approval.")
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("code_unique", "unique(code)", "A point of measure with this code already exists."),
    ]

    @api.depends("code", "name")
    def _compute_display_name(self):
        for pom in self:
            pom.display_name = f"{pom.code} {pom.name}" if pom.code else pom.name

    @api.constrains("tolerance")
    def _check_tolerance(self):
        for pom in self:
            if pom.tolerance < 0:
                raise ValidationError(
                    self.env._("%(pom)s: a tolerance cannot be negative.", pom=pom.display_name)
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("code"):
                vals["code"] = vals["code"].strip().upper()
        return super().create(vals_list)
