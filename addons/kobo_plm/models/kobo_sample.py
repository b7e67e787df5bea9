from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.float_utils import float_compare

ROUND_TYPES = [
    ("proto", "Proto"),
    ("fit", "Fit"),
    ("size_set", "Size set"),
    ("salesman", "Salesman"),
    ("pre_production", "Pre-production"),
    ("top_of_production", "Top of production"),
]
OPEN_STATES = ("draft", "requested", "acknowledged", "shipped")
DECIDED_STATES = ("approved", "approved_changes", "rejected")


class KoboSample(models.Model):
    """A physical sample of a style, made by a vendor from one tech pack revision."""

    _name = "kobo.sample"
    _description = "Sample"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_due desc, id desc"

    name = fields.Char(required=True, readonly=True, copy=False, default="/")
    techpack_id = fields.Many2one(
        "kobo.techpack", string="Tech Pack Revision", required=True, index=True, tracking=True
    )
    style_id = fields.Many2one(related="techpack_id.style_id", store=True, index=True)
    round_type = fields.Selection(ROUND_TYPES, required=True, default="proto", tracking=True)
    round_number = fields.Integer(default=1, required=True)
    vendor_id = fields.Many2one(
        "res.partner",
        required=True,
        index=True,
        tracking=True,
        domain="[('supplier_rank', '>', 0)]",
    )
    allowed_colorway_value_ids = fields.Many2many(
        "product.attribute.value", compute="_compute_allowed_colorway_value_ids"
    )
    colorway_value_id = fields.Many2one(
        "product.attribute.value", string="Colorway", domain="[('id', 'in', allowed_colorway_value_ids)]"
    )
    size_range_id = fields.Many2one(related="techpack_id.size_range_id")
    size_id = fields.Many2one("kobo.size", required=True, domain="[('range_id', '=', size_range_id)]")
    quantity = fields.Integer(default=1, required=True)
    date_requested = fields.Date(string="Requested", tracking=True)
    date_due = fields.Date(string="Due", tracking=True)
    date_shipped = fields.Date(string="Shipped", tracking=True)
    date_received = fields.Date(string="Received", tracking=True)
    date_reviewed = fields.Date(string="Reviewed", tracking=True)
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("requested", "Requested"),
            ("acknowledged", "Acknowledged"),
            ("shipped", "Shipped"),
            ("received", "Received"),
            ("approved", "Approved"),
            ("approved_changes", "Approved with changes"),
            ("rejected", "Rejected"),
        ],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
    )
    is_late = fields.Boolean(compute="_compute_is_late", search="_search_is_late")
    measurement_ids = fields.One2many("kobo.sample.measurement", "sample_id", string="Measurements")
    out_of_tolerance_count = fields.Integer(compute="_compute_tolerance_counts")
    critical_out_count = fields.Integer(compute="_compute_tolerance_counts")
    fit_comments = fields.Html()
    revision_id = fields.Many2one(
        "kobo.techpack",
        string="Revision from this Sample",
        readonly=True,
        copy=False,
        help="The draft revision that carries the corrections agreed on this sample.",
    )
    company_id = fields.Many2one(related="techpack_id.company_id", store=True)

    _sql_constraints = [("quantity_positive", "CHECK(quantity > 0)", "A sample quantity is at least 1.")]

    @api.depends("techpack_id.style_id.attribute_line_ids.value_ids")
    def _compute_allowed_colorway_value_ids(self):
        colour = self.env.ref("kobo_plm.product_attribute_colour")
        for sample in self:
            lines = sample.techpack_id.style_id.attribute_line_ids
            sample.allowed_colorway_value_ids = lines.filtered(
                lambda line: line.attribute_id == colour
            ).value_ids

    @api.depends("date_due", "state")
    def _compute_is_late(self):
        today = fields.Date.context_today(self)
        for sample in self:
            sample.is_late = bool(sample.date_due and sample.date_due < today and sample.state in OPEN_STATES)

    def _search_is_late(self, operator, value):
        if operator not in ("=", "!="):
            raise ValidationError(self.env._("Search late samples with = or != only."))
        late = [("date_due", "<", fields.Date.context_today(self)), ("state", "in", OPEN_STATES)]
        return late if (operator == "=") == bool(value) else ["!", "&", *late]

    @api.depends("measurement_ids.in_tolerance", "measurement_ids.critical", "measurement_ids.checked_value")
    def _compute_tolerance_counts(self):
        for sample in self:
            measured = sample.measurement_ids.filtered(lambda line: line.is_measured)
            out = measured.filtered(lambda line: not line.in_tolerance)
            sample.out_of_tolerance_count = len(out)
            sample.critical_out_count = len(out.filtered("critical"))

    @api.constrains("size_id", "techpack_id")
    def _check_size(self):
        for sample in self:
            if sample.size_id.range_id != sample.techpack_id.size_range_id:
                raise ValidationError(
                    self.env._(
                        "Size %(size)s is not in the size range of %(techpack)s.",
                        size=sample.size_id.name,
                        techpack=sample.techpack_id.display_name,
                    )
                )

    @api.constrains("date_shipped", "date_received")
    def _check_dates(self):
        # A sample requested after its due date is simply late (see is_late), not an error.
        for sample in self:
            if sample.date_shipped and sample.date_received and sample.date_received < sample.date_shipped:
                raise ValidationError(
                    self.env._("%(sample)s is received before it is shipped.", sample=sample.display_name)
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("kobo.sample") or "/"
        samples = super().create(vals_list)
        samples._create_measurements()
        return samples

    def _create_measurements(self):
        """One line per POM of the revision, with the spec value at the sample's size."""
        self.techpack_id.measurement_ids.value_ids.fetch(["size_id", "value"])
        values = []
        for sample in self:
            for line in sample.techpack_id.measurement_ids:
                spec = line.value_ids.filtered(lambda value, sample=sample: value.size_id == sample.size_id)
                values.append(
                    {
                        "sample_id": sample.id,
                        "sequence": line.sequence,
                        "pom_id": line.pom_id.id,
                        "spec_value": spec.value,
                        "tolerance": line.tolerance,
                    }
                )
        self.env["kobo.sample.measurement"].create(values)

    # ------------------------------------------------------------------ workflow

    def _move(self, allowed_from, state, date_field=None):
        labels = dict(self._fields["state"]._description_selection(self.env))
        for sample in self:
            if sample.state not in allowed_from:
                raise UserError(
                    self.env._(
                        "%(sample)s is %(state)s: it cannot become %(target)s.",
                        sample=sample.display_name,
                        state=labels[sample.state],
                        target=labels[state],
                    )
                )
        # Dates a person already typed (e.g. the real shipping date) are kept.
        dated = self.filtered(lambda sample: not date_field or sample[date_field])
        dated.write({"state": state})
        if self - dated:
            (self - dated).write({"state": state, date_field: fields.Date.context_today(self)})
        return True

    def action_request(self):
        return self._move(("draft",), "requested", "date_requested")

    def action_acknowledge(self):
        return self._move(("requested",), "acknowledged")

    def action_ship(self):
        return self._move(("requested", "acknowledged"), "shipped", "date_shipped")

    def action_receive(self):
        return self._move(("shipped",), "received", "date_received")

    def _check_reviewable(self):
        not_received = self.filtered(lambda sample: sample.state != "received")
        if not_received:
            raise UserError(
                self.env._("%(sample)s has not been received yet.", sample=not_received[0].display_name)
            )

    def action_approve(self):
        self._check_reviewable()
        blocked = self.filtered("critical_out_count")
        if blocked:
            out = blocked[0].measurement_ids.filtered(
                lambda line: line.critical and line.is_measured and not line.in_tolerance
            )
            raise UserError(
                self.env._(
                    "%(sample)s cannot be approved as it is: critical points out of tolerance: %(points)s. "
                    "Approve with changes or reject.",
                    sample=blocked[0].display_name,
                    points=", ".join(out.pom_id.mapped("display_name")),
                )
            )
        return self._move(("received",), "approved", "date_reviewed")

    def action_reject(self):
        self._check_reviewable()
        return self._move(("received",), "rejected", "date_reviewed")

    def action_approve_with_changes(self):
        """Approve and carry the agreed corrections into a new draft revision of the tech pack."""
        self.ensure_one()
        self._check_reviewable()
        corrections = {
            (line.pom_id.id, self.size_id.id): line.agreed_value
            for line in self.measurement_ids
            if line.agreed_value and float_compare(line.agreed_value, line.spec_value, precision_digits=2)
        }
        if not corrections:
            raise UserError(
                self.env._(
                    "%(sample)s has no agreed value that differs from the spec.", sample=self.display_name
                )
            )
        current = self.style_id.kobo_current_techpack_id
        drafts = self.style_id.kobo_techpack_ids.filtered(lambda techpack: techpack.state == "draft")
        if drafts:
            raise UserError(
                self.env._(
                    "%(draft)s is still a draft: freeze or delete it before approving %(sample)s with changes.",  # noqa: E501 - one translatable message
                    draft=drafts[0].display_name,
                    sample=self.display_name,
                )
            )
        revision = current._copy_as_new_revision(overrides=corrections)
        poms = self.env["kobo.pom"].browse([pom_id for pom_id, _size in corrections])
        points = ", ".join(
            f"{pom.display_name} {self.size_id.name} → {corrections[(pom.id, self.size_id.id)]:g}"
            for pom in poms
        )
        revision.change_summary = self.env._(
            "Corrections agreed on sample %(sample)s: %(points)s", sample=self.name, points=points
        )
        self.revision_id = revision
        self._move(("received",), "approved_changes", "date_reviewed")
        return {
            "type": "ir.actions.act_window",
            "res_model": "kobo.techpack",
            "res_id": revision.id,
            "view_mode": "form",
        }


class KoboSampleMeasurement(models.Model):
    _name = "kobo.sample.measurement"
    _description = "Sample Measurement"
    _order = "sample_id, sequence, id"

    sample_id = fields.Many2one("kobo.sample", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer()
    pom_id = fields.Many2one("kobo.pom", string="Point of Measure", required=True, readonly=True)
    critical = fields.Boolean(related="pom_id.critical")
    spec_value = fields.Float(digits="Garment Measurement", readonly=True)
    tolerance = fields.Float(digits="Garment Measurement", readonly=True)
    supplier_value = fields.Float(string="Supplier Measured", digits="Garment Measurement")
    own_value = fields.Float(string="Our Measurement", digits="Garment Measurement")
    agreed_value = fields.Float(
        digits="Garment Measurement",
        help="The value to carry into the next revision when approving with changes.",
    )
    checked_value = fields.Float(
        digits="Garment Measurement",
        compute="_compute_deviation",
        store=True,
        help="Our own measurement when taken, else the supplier's.",
    )
    is_measured = fields.Boolean(compute="_compute_deviation", store=True)
    deviation = fields.Float(digits="Garment Measurement", compute="_compute_deviation", store=True)
    in_tolerance = fields.Boolean(compute="_compute_deviation", store=True)

    @api.depends("spec_value", "tolerance", "supplier_value", "own_value")
    def _compute_deviation(self):
        for line in self:
            line.checked_value = line.own_value or line.supplier_value
            line.is_measured = bool(line.checked_value)
            line.deviation = line.checked_value - line.spec_value if line.is_measured else 0.0
            line.in_tolerance = (
                not line.is_measured
                or float_compare(abs(line.deviation), line.tolerance, precision_digits=2) <= 0
            )

    @api.constrains("supplier_value", "own_value", "agreed_value")
    def _check_values(self):
        for line in self:
            if min(line.supplier_value, line.own_value, line.agreed_value) < 0:
                raise ValidationError(
                    self.env._("%(pom)s: a measurement cannot be negative.", pom=line.pom_id.display_name)
                )
