import math

from odoo import api, fields, models
from odoo.addons.kobo_base.models.kobo_workflow_mixin import check_finite, privileged
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
# While the sample is with the vendor, the vendor's portal users update it.
SUPPLIER_STATES = ("requested", "acknowledged", "shipped")
SUPPLIER_MAX_MEASUREMENT = 10000.0
# Every step of a sample, approval included, is a PLM user's (the product developer's): see USAGE.md.
SAMPLE_GROUP = "kobo_plm.group_kobo_plm_user"
# Changed only by the actions (and the vendor's portal methods): a client that writes
# {"state": "approved"} would skip the received and tolerance checks. The requested, shipped
# and received dates stay editable: people type the real day a sample travelled.
SAMPLE_WORKFLOW_FIELDS = ("state", "date_reviewed", "revision_id")


class KoboSample(models.Model):
    """A physical sample of a style, made by a vendor from one tech pack revision."""

    _name = "kobo.sample"
    _description = "Sample"
    _inherit = ["portal.mixin", "mail.thread", "mail.activity.mixin", "kobo.workflow.mixin"]
    _order = "date_due desc, id desc"
    # The vendor's portal users only read samples; they still comment on them (portal chatter).
    _mail_post_access = "read"
    _kobo_workflow_fields = SAMPLE_WORKFLOW_FIELDS

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
    date_reviewed = fields.Date(string="Reviewed", readonly=True, copy=False, tracking=True)
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
        copy=False,
        tracking=True,
    )
    is_late = fields.Boolean(compute="_compute_is_late", search="_search_is_late")
    measurement_ids = fields.One2many("kobo.sample.measurement", "sample_id", string="Measurements")
    out_of_tolerance_count = fields.Integer(string="Out of Tolerance", compute="_compute_tolerance_counts")
    critical_out_count = fields.Integer(
        string="Critical Out of Tolerance", compute="_compute_tolerance_counts"
    )
    unmeasured_count = fields.Integer(
        string="Not Measured",
        compute="_compute_tolerance_counts",
        help="Points with no measurement yet: neither in nor out of tolerance; a sample is approved "
        "only once every point is measured.",
    )
    fit_comments = fields.Html()
    revision_id = fields.Many2one(
        "kobo.techpack",
        string="Revision from this Sample",
        readonly=True,
        copy=False,
        help="The draft revision that carries the corrections agreed on this sample.",
    )
    season_id = fields.Many2one(related="style_id.kobo_season_id", store=True, index=True)
    photo_ids = fields.One2many("kobo.sample.photo", "sample_id", string="Photos")
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

    @api.depends(
        "measurement_ids.is_out_of_tolerance", "measurement_ids.is_measured", "measurement_ids.critical"
    )
    def _compute_tolerance_counts(self):
        for sample in self:
            out = sample.measurement_ids.filtered("is_out_of_tolerance")
            sample.out_of_tolerance_count = len(out)
            sample.critical_out_count = len(out.filtered("critical"))
            sample.unmeasured_count = len(sample.measurement_ids.filtered(lambda line: not line.is_measured))

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
        check_finite(self, vals_list)
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("kobo.sample") or "/"
        samples = super().create(vals_list)
        samples._create_measurements()
        return samples

    def write(self, vals):
        check_finite(self, [vals])
        respec = {"techpack_id", "size_id"} & set(vals) and self.filtered(
            lambda sample: (
                vals.get("techpack_id", sample.techpack_id.id),
                vals.get("size_id", sample.size_id.id),
            )
            != (sample.techpack_id.id, sample.size_id.id)
        )
        if respec:
            sent = respec.filtered(lambda sample: sample.state != "draft")
            if sent:
                raise UserError(
                    self.env._(
                        "%(sample)s is %(state)s: it keeps the revision and size it was requested in.",
                        sample=sent[0].display_name,
                        state=self._kobo_state_label(sent[0].state).lower(),
                    )
                )
        result = super().write(vals)
        if respec:
            # The points and their spec follow the revision and size, as on a new sample.
            privileged(respec.measurement_ids).unlink()
            respec._create_measurements()
        return result

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
        privileged(self.env["kobo.sample.measurement"]).create(values)

    # ------------------------------------------------------------------ supplier portal
    # The vendor's portal users act through these methods only: the portal controller calls them
    # with sudo() once the user's read access to the sample is checked. Each accepts the
    # supplier-side values and nothing else, validates them, and reuses the workflow actions.

    def _compute_access_url(self):
        for sample in self:
            sample.access_url = f"/my/development/sample/{sample.id}"

    def _kobo_share_with_vendor(self):
        """Share each sample's revision with its vendor company; its portal users follow the sample."""
        for vendor, samples in self.grouped(lambda sample: sample.vendor_id.commercial_partner_id).items():
            samples.techpack_id._kobo_share_with_vendors(vendor)
        # sudo: the requester need not manage users to know which of them are the vendor's.
        portal_users = (
            self.env["res.users"]
            .sudo()
            .search(
                [
                    ("groups_id", "in", self.env.ref("kobo_plm.group_kobo_plm_supplier").ids),
                    ("commercial_partner_id", "in", self.vendor_id.commercial_partner_id.ids),
                ]
            )
        )
        for sample in self:
            vendor = sample.vendor_id.commercial_partner_id
            followers = portal_users.filtered(
                lambda user, vendor=vendor: user.commercial_partner_id == vendor
            )
            sample.message_subscribe(partner_ids=followers.partner_id.ids)

    def _kobo_check_with_vendor(self):
        for sample in self:
            if sample.state not in SUPPLIER_STATES:
                raise UserError(
                    self.env._(
                        "%(sample)s is %(state)s: the vendor can no longer change it.",
                        sample=sample.display_name,
                        state=dict(self._fields["state"]._description_selection(self.env))[sample.state],
                    )
                )

    def _kobo_supplier_acknowledge(self):
        """The vendor confirms it has the request (requested → acknowledged)."""
        return self._kobo_transition(("requested",), "acknowledged")

    def _kobo_supplier_ship(self, date_shipped):
        """The vendor ships the sample on `date_shipped` (a date or "YYYY-MM-DD"), or corrects
        that date while the sample travels. The date is a real day, not before the request and
        not in the future."""
        self.ensure_one()
        try:
            day = fields.Date.to_date(date_shipped)
        except (TypeError, ValueError):
            day = None
        if not day:
            raise ValidationError(
                self.env._(
                    "Shipping date: %(value)s is not a date (YYYY-MM-DD).",
                    value=date_shipped or self.env._("empty"),
                )
            )
        if day > fields.Date.context_today(self):
            raise ValidationError(
                self.env._(
                    "Shipping date %(date)s is in the future: enter the day the sample left.", date=day
                )
            )
        if self.date_requested and day < self.date_requested:
            raise ValidationError(
                self.env._(
                    "Shipping date %(date)s is before the sample was requested (%(requested)s).",
                    date=day,
                    requested=self.date_requested,
                )
            )
        if self.state != "shipped":
            # Refuses the states a sample cannot be shipped from.
            self._kobo_transition(("requested", "acknowledged"), "shipped", {"date_shipped": day})
        else:
            self.date_shipped = day
        return True

    def _kobo_supplier_set_measurements(self, values):
        """Write the vendor's measured values, {measurement id: value}, on this sample's points.

        Only `supplier_value` is written, only while the sample is with the vendor. A value is a
        number from 0 (not measured: no garment measures 0) to 10,000.
        """
        self.ensure_one()
        self._kobo_check_with_vendor()
        lines = {line.id: line for line in self.measurement_ids}
        changed = self.env["kobo.sample.measurement"]
        for measurement_id, value in values.items():
            line = lines.get(measurement_id)
            if not line:
                raise UserError(
                    self.env._(
                        "Measurement %(measurement)s is not a point of %(sample)s.",
                        measurement=measurement_id,
                        sample=self.display_name,
                    )
                )
            if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
                raise ValidationError(
                    self.env._(
                        "%(pom)s: %(value)s is not a number.", pom=line.pom_id.display_name, value=value
                    )
                )
            if value < 0:
                raise ValidationError(
                    self.env._("%(pom)s: a measurement cannot be negative.", pom=line.pom_id.display_name)
                )
            if value > SUPPLIER_MAX_MEASUREMENT:
                raise ValidationError(
                    self.env._(
                        "%(pom)s: %(value)s is more than %(maximum)s.",
                        pom=line.pom_id.display_name,
                        value=f"{value:g}",
                        maximum=f"{SUPPLIER_MAX_MEASUREMENT:g}",
                    )
                )
            if line.supplier_value != value:
                line.supplier_value = value
                changed |= line
        if changed:
            self.message_post(
                body=self.env._(
                    "Vendor's measurements: %(points)s",
                    points=", ".join(
                        f"{line.pom_id.display_name} {line.supplier_value:g}" for line in changed
                    ),
                ),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def _kobo_supplier_add_photo(self, name, image):
        """Add a photo (base64 `image`) from the vendor; kobo.sample.photo refuses anything but a
        raster image of at most 10 MB, and a vendor's photo smaller than the catalogue can use."""
        self.ensure_one()
        self._kobo_check_with_vendor()
        if not image:
            raise UserError(self.env._("Choose a photo to upload."))
        Photo = self.env["kobo.sample.photo"]
        Photo._kobo_check_vendor_photo_size(image, (name or "").strip()[:200])
        return Photo.create(
            {
                "sample_id": self.id,
                "name": (name or "").strip()[:200] or False,
                "image_1920": image,
                "partner_id": self.env.user.partner_id.id,
            }
        )

    # ------------------------------------------------------------------ workflow

    def _kobo_dated_transition(self, allowed_from, state, date_field):
        """`_kobo_transition`, stamping `date_field` with today where nobody typed the real day."""
        self._kobo_transition(allowed_from, state)
        undated = self.filtered(lambda sample: not sample[date_field])
        if undated:
            privileged(undated).write({date_field: fields.Date.context_today(self)})
        return True

    def action_request(self):
        self._kobo_check_group(SAMPLE_GROUP, self.env._("request a sample"))
        self._kobo_dated_transition(("draft",), "requested", "date_requested")
        self._kobo_share_with_vendor()
        return True

    def action_acknowledge(self):
        self._kobo_check_group(SAMPLE_GROUP, self.env._("record that the vendor has the request"))
        return self._kobo_transition(("requested",), "acknowledged")

    def action_ship(self):
        self._kobo_check_group(SAMPLE_GROUP, self.env._("record that a sample is shipped"))
        return self._kobo_dated_transition(("requested", "acknowledged"), "shipped", "date_shipped")

    def action_receive(self):
        self._kobo_check_group(SAMPLE_GROUP, self.env._("receive a sample"))
        return self._kobo_dated_transition(("shipped",), "received", "date_received")

    def _check_reviewable(self):
        not_received = self.filtered(lambda sample: sample.state != "received")
        if not_received:
            raise UserError(
                self.env._("%(sample)s has not been received yet.", sample=not_received[0].display_name)
            )

    def _check_measured(self):
        """An approval vouches for every point: a point nobody measured is named, not passed."""
        for sample in self:
            unmeasured = sample.measurement_ids.filtered(lambda line: not line.is_measured)
            if unmeasured:
                raise UserError(
                    self.env._(
                        "%(sample)s cannot be approved: not measured: %(points)s. "
                        "Enter our or the vendor's measurement of each point, or reject the sample.",
                        sample=sample.display_name,
                        points=", ".join(unmeasured.pom_id.mapped("display_name")),
                    )
                )

    def action_approve(self):
        self._kobo_check_group(SAMPLE_GROUP, self.env._("approve a sample"))
        self._check_reviewable()
        blocked = self.filtered("critical_out_count")
        if blocked:
            out = blocked[0].measurement_ids.filtered(lambda line: line.critical and line.is_out_of_tolerance)
            raise UserError(
                self.env._(
                    "%(sample)s cannot be approved as it is: critical points out of tolerance: %(points)s. "
                    "Approve with changes or reject.",
                    sample=blocked[0].display_name,
                    points=", ".join(out.pom_id.mapped("display_name")),
                )
            )
        self._check_measured()
        self._kobo_transition(("received",), "approved", {"date_reviewed": fields.Date.context_today(self)})
        # The style's time-and-action milestone of this round is reached.
        self.env["kobo.milestone"].search(
            [("style_id", "in", self.style_id.ids), ("date_done", "=", False)]
        )._kobo_complete_from_samples()
        return True

    def action_reject(self):
        self._kobo_check_group(SAMPLE_GROUP, self.env._("reject a sample"))
        self._check_reviewable()
        return self._kobo_transition(
            ("received",), "rejected", {"date_reviewed": fields.Date.context_today(self)}
        )

    def action_approve_with_changes(self):
        """Approve and carry the agreed corrections into a new draft revision of the tech pack."""
        self.ensure_one()
        self._kobo_check_group(SAMPLE_GROUP, self.env._("approve a sample"))
        self._check_reviewable()
        self._check_measured()
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
        self._kobo_transition(
            ("received",),
            "approved_changes",
            {"revision_id": revision.id, "date_reviewed": fields.Date.context_today(self)},
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "kobo.techpack",
            "res_id": revision.id,
            "view_mode": "form",
        }
