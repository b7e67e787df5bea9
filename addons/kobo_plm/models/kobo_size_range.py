from odoo import api, fields, models
from odoo.exceptions import ValidationError


class KoboSizeRange(models.Model):
    _name = "kobo.size.range"
    _description = "Size Range"
    _order = "name"

    name = fields.Char(required=True, translate=True)
    size_system = fields.Selection(
        [("alpha", "Alpha (XS–XXL)"), ("numeric", "Numeric"), ("kids", "Kids (ages)"), ("other", "Other")],
        required=True,
        default="alpha",
    )
    size_ids = fields.One2many("kobo.size", "range_id", copy=True)
    base_size_id = fields.Many2one(
        "kobo.size",
        domain="[('range_id', '=', id)]",
        help="The sample size: measurements are specified for it and graded to the others.",
    )
    size_count = fields.Integer(compute="_compute_size_count")
    active = fields.Boolean(default=True)

    _sql_constraints = [("name_unique", "unique(name)", "A size range with this name already exists.")]

    @api.depends("size_ids")
    def _compute_size_count(self):
        for size_range in self:
            size_range.size_count = len(size_range.size_ids)

    @api.constrains("base_size_id", "size_ids")
    def _check_base_size(self):
        for size_range in self:
            if size_range.base_size_id and size_range.base_size_id.range_id != size_range:
                raise ValidationError(
                    self.env._(
                        "%(range)s: the base size %(size)s is not one of its sizes.",
                        range=size_range.name,
                        size=size_range.base_size_id.name,
                    )
                )


class KoboSize(models.Model):
    _name = "kobo.size"
    _description = "Size"
    _order = "range_id, sequence, id"

    name = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    range_id = fields.Many2one("kobo.size.range", required=True, ondelete="cascade", index=True)
    attribute_value_id = fields.Many2one(
        "product.attribute.value",
        string="Size Value",
        readonly=True,
        ondelete="restrict",
        help="The value of the Size attribute that variants of this size carry.",
    )

    _sql_constraints = [
        ("name_range_unique", "unique(range_id, name)", "A size appears only once in a size range."),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        sizes = super().create(vals_list)
        sizes._link_attribute_values()
        return sizes

    def write(self, vals):
        result = super().write(vals)
        if "name" in vals:
            self._link_attribute_values()
        return result

    def _link_attribute_values(self):
        """Link each size to the Size attribute value of the same name (shared across ranges)."""
        attribute = self.env.ref("kobo_plm.product_attribute_size")
        Value = self.env["product.attribute.value"]
        names = list(dict.fromkeys(self.sorted("sequence").mapped("name")))
        existing = {
            value.name: value
            for value in Value.search([("attribute_id", "=", attribute.id), ("name", "in", names)])
        }
        missing = [name for name in names if name not in existing]
        for value in Value.create([{"attribute_id": attribute.id, "name": name} for name in missing]):
            existing[value.name] = value
        for size in self:
            size.attribute_value_id = existing[size.name]
