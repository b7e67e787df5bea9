from odoo import Command, api, fields, models
from odoo.exceptions import ValidationError


class KoboTechpackMeasurement(models.Model):
    """A point of measure in a revision: base-size value and grading to the other sizes."""

    _name = "kobo.techpack.measurement"
    _description = "Tech Pack Measurement"
    _inherit = ["kobo.techpack.locked.mixin"]
    _order = "techpack_id, sequence, id"

    techpack_id = fields.Many2one("kobo.techpack", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    pom_id = fields.Many2one("kobo.pom", string="Point of Measure", required=True, ondelete="restrict")
    critical = fields.Boolean(related="pom_id.critical")
    tolerance = fields.Float(
        string="Tolerance (±)",
        digits="Garment Measurement",
        compute="_compute_tolerance",
        store=True,
        readonly=False,
        precompute=True,
    )
    base_value = fields.Float(string="Base Size Value", digits="Garment Measurement", required=True)
    grade_increment = fields.Float(
        digits="Garment Measurement",
        help="Difference between two neighbouring sizes; adjust single steps in the size values.",
    )
    value_ids = fields.One2many("kobo.techpack.measurement.value", "measurement_id", string="Size Values")

    _sql_constraints = [
        ("pom_unique", "unique(techpack_id, pom_id)", "A point of measure appears once per tech pack."),
    ]

    @api.depends("pom_id")
    def _compute_tolerance(self):
        for line in self:
            line.tolerance = line.pom_id.tolerance

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        without_values = lines.filtered(lambda line: not line.value_ids)
        self.env["kobo.techpack.measurement.value"].create(
            [
                {"measurement_id": line.id, "size_id": size.id}
                for line in without_values
                for size in line.techpack_id.size_range_id.size_ids
            ]
        )
        return lines

    @api.constrains("tolerance", "base_value")
    def _check_values(self):
        for line in self:
            if line.tolerance < 0:
                raise ValidationError(
                    self.env._("%(pom)s: a tolerance cannot be negative.", pom=line.pom_id.display_name)
                )
            if line.base_value <= 0:
                raise ValidationError(
                    self.env._(
                        "%(pom)s: the base size value must be more than 0.", pom=line.pom_id.display_name
                    )
                )
        self.value_ids._check_positive()

    def _copy_to(self, techpack, overrides):
        new_lines = self.create(
            [
                {
                    "techpack_id": techpack.id,
                    "sequence": line.sequence,
                    "pom_id": line.pom_id.id,
                    "tolerance": line.tolerance,
                    "base_value": line.base_value,
                    "grade_increment": line.grade_increment,
                    "value_ids": [
                        Command.create(
                            {
                                "size_id": value.size_id.id,
                                "grade": value.grade,
                                "is_override": value.is_override
                                or (line.pom_id.id, value.size_id.id) in overrides,
                                "override_value": overrides.get(
                                    (line.pom_id.id, value.size_id.id), value.override_value
                                ),
                            }
                        )
                        for value in line.value_ids
                    ],
                }
                for line in self
            ]
        )
        return new_lines

    def _graded_values(self):
        """{value id: graded value} for this line, from its base value and per-size grades."""
        self.ensure_one()
        values = self.value_ids.sorted(lambda value: (value.size_id.sequence, value.size_id.id))
        base_size = self.techpack_id.size_range_id.base_size_id
        sizes = list(values.size_id)
        base_index = sizes.index(base_size) if base_size in sizes else 0
        result = {}
        running = self.base_value
        for value in values[base_index:]:
            if value.size_id != sizes[base_index]:
                running += value.grade
            result[value.id] = running
        running = self.base_value
        for value in reversed(values[:base_index]):
            running -= value.grade
            result[value.id] = running
        return result


class KoboTechpackMeasurementValue(models.Model):
    """The measurement of one point at one size: graded from the base size, or set by hand."""

    _name = "kobo.techpack.measurement.value"
    _description = "Graded Measurement"
    _inherit = ["kobo.techpack.locked.mixin"]
    _kobo_parent_fields = ("measurement_id",)
    _order = "measurement_id, size_sequence, id"

    measurement_id = fields.Many2one(
        "kobo.techpack.measurement", required=True, ondelete="cascade", index=True
    )
    techpack_id = fields.Many2one(related="measurement_id.techpack_id", store=True, index=True)
    size_id = fields.Many2one("kobo.size", required=True, ondelete="restrict")
    size_sequence = fields.Integer(related="size_id.sequence", store=True)
    grade = fields.Float(
        digits="Garment Measurement",
        compute="_compute_grade",
        store=True,
        readonly=False,
        precompute=True,
        help="Step between this size and its neighbour towards the base size.",
    )
    computed_value = fields.Float(digits="Garment Measurement", compute="_compute_values", store=True)
    is_override = fields.Boolean(string="Set by Hand")
    override_value = fields.Float(digits="Garment Measurement")
    value = fields.Float(digits="Garment Measurement", compute="_compute_values", store=True)

    _sql_constraints = [
        ("size_unique", "unique(measurement_id, size_id)", "A size appears once per measurement."),
    ]

    @api.depends("size_id.name", "value", "is_override")
    def _compute_display_name(self):
        for value in self:
            marker = "*" if value.is_override else ""
            value.display_name = f"{value.size_id.name} {value.value:g}{marker}"

    @api.depends("measurement_id.grade_increment")
    def _compute_grade(self):
        for value in self:
            value.grade = value.measurement_id.grade_increment

    @api.depends(
        "measurement_id.base_value",
        "measurement_id.value_ids.grade",
        "measurement_id.value_ids.size_id",
        "measurement_id.techpack_id.size_range_id.base_size_id",
        "is_override",
        "override_value",
    )
    def _compute_values(self):
        # Read everything the grading needs in a few batched queries, whatever the prefetching.
        self.fetch(["measurement_id", "is_override", "override_value"])
        measurements = self.measurement_id
        measurements.fetch(["base_value", "techpack_id", "value_ids"])
        measurements.techpack_id.fetch(["size_range_id"])
        measurements.techpack_id.size_range_id.fetch(["base_size_id"])
        siblings = measurements.value_ids
        siblings.fetch(["grade", "size_id", "measurement_id"])
        siblings.size_id.fetch(["sequence"])
        graded = {}
        for measurement in measurements:
            graded.update(measurement._graded_values())
        for value in self:
            value.computed_value = graded.get(value.id, 0.0)
            value.value = value.override_value if value.is_override else value.computed_value

    @api.constrains("grade", "is_override", "override_value")
    def _check_positive_values(self):
        self._check_positive()

    def _check_positive(self):
        for value in self:
            if value.value <= 0:
                raise ValidationError(
                    self.env._(
                        "%(pom)s at size %(size)s would measure %(value)s: grading must give a positive value.",  # noqa: E501 - one translatable message
                        pom=value.measurement_id.pom_id.display_name,
                        size=value.size_id.name,
                        value=f"{value.value:g}",
                    )
                )
