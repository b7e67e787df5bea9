from odoo import Command, api, fields, models
from odoo.exceptions import ValidationError

PLACEMENTS = [
    ("body", "Body"),
    ("contrast", "Contrast"),
    ("lining", "Lining"),
    ("interlining", "Interlining"),
    ("pocketing", "Pocketing"),
    ("trim", "Trim"),
    ("thread", "Thread"),
    ("label", "Label"),
    ("packaging", "Packaging"),
]


class KoboGarmentBomLine(models.Model):
    """A material in a style's garment BoM, as the developer thinks of it.

    Consumption may differ per size and the material (its colour variant) per colorway. The
    revision's `mrp.bom` gets standard lines generated from these, each restricted with Odoo's
    *Apply on Variants* to the sizes and colorways it is for, so that manufacturing orders,
    the BoM overview and costing work unchanged for every variant.
    """

    _name = "kobo.garment.bom.line"
    _description = "Garment BoM Line"
    _inherit = ["kobo.techpack.locked.mixin"]
    _kobo_resyncs_bom = True
    _order = "techpack_id, sequence, id"

    techpack_id = fields.Many2one("kobo.techpack", required=True, ondelete="cascade", index=True)
    style_id = fields.Many2one(related="techpack_id.style_id")
    sequence = fields.Integer(default=10)
    placement = fields.Selection(PLACEMENTS, required=True, default="body")
    material_tmpl_id = fields.Many2one(
        "product.template",
        string="Material",
        required=True,
        ondelete="restrict",
        domain="[('kobo_material_type', '!=', False)]",
    )
    material_type = fields.Selection(related="material_tmpl_id.kobo_material_type")
    material_has_expired_certificate = fields.Boolean(related="material_tmpl_id.kobo_has_expired_certificate")
    uom_id = fields.Many2one(
        "uom.uom",
        string="Unit",
        compute="_compute_uom_id",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
    )
    consumption_mode = fields.Selection(
        [("uniform", "Same for every size"), ("per_size", "Per size")],
        required=True,
        default="uniform",
    )
    quantity = fields.Float(string="Consumption", digits="Product Unit of Measure", default=1.0)
    consumption_ids = fields.One2many(
        "kobo.garment.bom.consumption", "line_id", string="Consumption per Size"
    )
    colour_mode = fields.Selection(
        [("same", "Same material for every colorway"), ("per_colorway", "Per colorway")],
        required=True,
        default="same",
    )
    material_product_id = fields.Many2one(
        "product.product",
        string="Material Variant",
        domain="[('product_tmpl_id', '=', material_tmpl_id)]",
        compute="_compute_material_product_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    colorway_ids = fields.One2many("kobo.garment.bom.colorway", "line_id", string="Material per Colorway")
    note = fields.Char()

    @api.depends("material_tmpl_id")
    def _compute_uom_id(self):
        for line in self:
            line.uom_id = line.material_tmpl_id.uom_id or line.uom_id

    @api.depends("material_tmpl_id")
    def _compute_material_product_id(self):
        for line in self:
            variants = line.material_tmpl_id.product_variant_ids
            line.material_product_id = variants[:1] if len(variants) == 1 else False

    @api.constrains("consumption_mode", "quantity")
    def _check_quantity(self):
        for line in self:
            if line.consumption_mode == "uniform" and line.quantity <= 0:
                raise ValidationError(
                    self.env._(
                        "%(material)s: the consumption must be more than 0 (it is %(quantity)s).",
                        material=line.material_tmpl_id.display_name,
                        quantity=f"{line.quantity:g}",
                    )
                )

    def _copy_to(self, techpack):
        return self.create(
            [
                {
                    "techpack_id": techpack.id,
                    "sequence": line.sequence,
                    "placement": line.placement,
                    "material_tmpl_id": line.material_tmpl_id.id,
                    "uom_id": line.uom_id.id,
                    "consumption_mode": line.consumption_mode,
                    "quantity": line.quantity,
                    "colour_mode": line.colour_mode,
                    "material_product_id": line.material_product_id.id,
                    "note": line.note,
                    "consumption_ids": [
                        Command.create({"size_id": row.size_id.id, "quantity": row.quantity})
                        for row in line.consumption_ids
                    ],
                    "colorway_ids": [
                        Command.create(
                            {"colorway_value_id": row.colorway_value_id.id, "product_id": row.product_id.id}
                        )
                        for row in line.colorway_ids
                    ],
                }
                for line in self
            ]
        )

    # ------------------------------------------------------------------ expansion

    def _mrp_line_values(self, ptav_by_value):
        """Values of the `mrp.bom.line`s this garment line stands for.

        `ptav_by_value` maps a style's `product.attribute.value` id to its
        `product.template.attribute.value`, the record Odoo's *Apply on Variants* uses.
        """
        self.ensure_one()
        if self.consumption_mode == "uniform":
            by_size = [(False, self.quantity)]
        else:
            by_size = [(row.size_id, row.quantity) for row in self.consumption_ids]
        if self.colour_mode == "same":
            by_colour = [(False, self.material_product_id)]
        else:
            by_colour = [(row.colorway_value_id, row.product_id) for row in self.colorway_ids]
        values = []
        for colorway, product in by_colour:
            if not product:
                continue
            for size, quantity in by_size:
                restriction = []
                for attribute_value in (colorway, size.attribute_value_id if size else False):
                    if not attribute_value:
                        continue
                    ptav = ptav_by_value.get(attribute_value.id)
                    if not ptav:
                        # That size or colorway is not (or no longer) a variant of the style.
                        break
                    restriction.append(ptav)
                else:
                    values.append(
                        {
                            "product_id": product.id,
                            "product_qty": quantity,
                            "product_uom_id": self.uom_id.id,
                            "sequence": self.sequence,
                            "kobo_placement": self.placement,
                            "kobo_garment_line_id": self.id,
                            "bom_product_template_attribute_value_ids": [Command.set(restriction)],
                        }
                    )
        return values


class KoboGarmentBomConsumption(models.Model):
    _name = "kobo.garment.bom.consumption"
    _description = "Garment BoM Consumption per Size"
    _inherit = ["kobo.techpack.locked.mixin"]
    _kobo_resyncs_bom = True
    _kobo_parent_fields = ("line_id",)
    _order = "line_id, size_sequence, id"

    line_id = fields.Many2one("kobo.garment.bom.line", required=True, ondelete="cascade", index=True)
    techpack_id = fields.Many2one(related="line_id.techpack_id")
    size_range_id = fields.Many2one(related="line_id.techpack_id.size_range_id")
    size_id = fields.Many2one("kobo.size", required=True, domain="[('range_id', '=', size_range_id)]")
    size_sequence = fields.Integer(related="size_id.sequence")
    quantity = fields.Float(string="Consumption", digits="Product Unit of Measure", required=True)

    _sql_constraints = [("size_unique", "unique(line_id, size_id)", "One consumption per size and line.")]

    @api.constrains("quantity", "size_id")
    def _check_quantity(self):
        for row in self:
            if row.quantity <= 0:
                raise ValidationError(
                    self.env._(
                        "%(material)s, size %(size)s: the consumption must be more than 0 (it is %(quantity)s). "  # noqa: E501 - one translatable message
                        "Leave a size out when the material is not used in it.",
                        material=row.line_id.material_tmpl_id.display_name,
                        size=row.size_id.name,
                        quantity=f"{row.quantity:g}",
                    )
                )
            if row.size_id.range_id != row.line_id.techpack_id.size_range_id:
                raise ValidationError(
                    self.env._(
                        "Size %(size)s is not in the size range %(range)s of %(techpack)s.",
                        size=row.size_id.name,
                        range=row.line_id.techpack_id.size_range_id.name,
                        techpack=row.line_id.techpack_id.display_name,
                    )
                )


class KoboGarmentBomColorway(models.Model):
    _name = "kobo.garment.bom.colorway"
    _description = "Garment BoM Material per Colorway"
    _inherit = ["kobo.techpack.locked.mixin"]
    _kobo_resyncs_bom = True
    _kobo_parent_fields = ("line_id",)
    _order = "line_id, id"

    line_id = fields.Many2one("kobo.garment.bom.line", required=True, ondelete="cascade", index=True)
    techpack_id = fields.Many2one(related="line_id.techpack_id")
    material_tmpl_id = fields.Many2one(related="line_id.material_tmpl_id")
    allowed_colorway_value_ids = fields.Many2many(
        "product.attribute.value", compute="_compute_allowed_colorway_value_ids"
    )
    colorway_value_id = fields.Many2one(
        "product.attribute.value",
        string="Colorway",
        required=True,
        domain="[('id', 'in', allowed_colorway_value_ids)]",
    )
    product_id = fields.Many2one(
        "product.product",
        string="Material Variant",
        required=True,
        domain="[('product_tmpl_id', '=', material_tmpl_id)]",
    )

    _sql_constraints = [
        ("colorway_unique", "unique(line_id, colorway_value_id)", "One material per colorway and line."),
    ]

    @api.depends("line_id.techpack_id.style_id.attribute_line_ids.value_ids")
    def _compute_allowed_colorway_value_ids(self):
        colour = self.env.ref("kobo_plm.product_attribute_colour")
        for row in self:
            lines = row.line_id.techpack_id.style_id.attribute_line_ids
            row.allowed_colorway_value_ids = lines.filtered(
                lambda line: line.attribute_id == colour
            ).value_ids

    @api.constrains("product_id")
    def _check_product(self):
        for row in self:
            if row.product_id.product_tmpl_id != row.line_id.material_tmpl_id:
                raise ValidationError(
                    self.env._(
                        "%(variant)s is not a variant of %(material)s.",
                        variant=row.product_id.display_name,
                        material=row.line_id.material_tmpl_id.display_name,
                    )
                )
