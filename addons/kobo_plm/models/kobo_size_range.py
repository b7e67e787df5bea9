from odoo import api, fields, models
from odoo.exceptions import ValidationError

#: The size attribute of each size system (data/product_attribute_data.xml): letter sizes, waist
#: or dress numbers and children's ages are never values of one attribute.
SYSTEM_ATTRIBUTES = {
    "alpha": "kobo_plm.product_attribute_size",
    "numeric": "kobo_plm.product_attribute_size_numeric",
    "kids": "kobo_plm.product_attribute_size_kids",
    "other": "kobo_plm.product_attribute_size_other",
}


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
    attribute_id = fields.Many2one(
        "product.attribute",
        string="Size Attribute",
        compute="_compute_attribute_id",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
        ondelete="restrict",
        domain=[("create_variant", "=", "always")],
        help="The attribute whose values the sizes of this range are, and the variants of its styles"
        " carry: by default the size attribute of its size system (Size, Size (Numeric), Size (Kids),"
        " Size (Other)). It cannot change once styles use the range.",
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

    @api.depends("size_system")
    def _compute_attribute_id(self):
        for size_range in self:
            size_range.attribute_id = self.env.ref(
                SYSTEM_ATTRIBUTES.get(size_range.size_system or "alpha"), raise_if_not_found=False
            ) or self.env.ref(SYSTEM_ATTRIBUTES["alpha"])

    def write(self, vals):
        before = {size_range: size_range.attribute_id for size_range in self}
        result = super().write(vals)
        moved = self.filtered(lambda size_range: size_range.attribute_id != before[size_range])
        for size_range in moved:
            size_range._kobo_check_attribute_change()
        moved.size_ids._link_attribute_values()
        return result

    def _kobo_check_attribute_change(self):
        """A range's sizes are the values its styles' variants carry: moving them to another
        attribute would archive those variants and make new ones. Refused once styles use it."""
        self.ensure_one()
        styles = (
            self.env["product.template"]
            .sudo()
            .with_context(active_test=False)
            .search([("kobo_size_range_id", "in", self.ids)])
        )
        if styles:
            raise ValidationError(
                self.env._(
                    "%(range)s is the size range of %(count)s styles (%(styles)s): its size system and"
                    " attribute cannot change, because their variants carry its sizes. Make a new size"
                    " range for the other system.",
                    range=self.name,
                    count=len(styles),
                    styles=", ".join(styles[:3].mapped("display_name")),
                )
            )

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
        help="The value of the range's size attribute that variants of this size carry.",
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
        """Link each size to the value of the same name of its range's size attribute (shared by
        the ranges of that attribute, made when missing)."""
        Value = self.env["product.attribute.value"]
        for attribute, sizes in self.grouped(lambda size: size.range_id.attribute_id).items():
            names = list(dict.fromkeys(sizes.sorted("sequence").mapped("name")))
            existing = {
                value.name: value
                for value in Value.search([("attribute_id", "=", attribute.id), ("name", "in", names)])
            }
            missing = [name for name in names if name not in existing]
            for value in Value.create([{"attribute_id": attribute.id, "name": name} for name in missing]):
                existing[value.name] = value
            for size in sizes:
                size.attribute_value_id = existing[size.name]
