import math

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.float_utils import float_compare
from odoo.tools.misc import get_lang

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


class KoboSample(models.Model):
    """A physical sample of a style, made by a vendor from one tech pack revision."""

    _name = "kobo.sample"
    _description = "Sample"
    _inherit = ["portal.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "date_due desc, id desc"
    # The vendor's portal users only read samples; they still comment on them (portal chatter).
    _mail_post_access = "read"

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
    season_id = fields.Many2one(related="style_id.kobo_season_id", store=True, index=True)
    purchase_line_id = fields.Many2one(
        "purchase.order.line",
        string="Purchase Order Line",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The line of the request for quotation the sample was ordered on.",
    )
    # Related fields read as superuser: a PLM user who is not a purchase user still sees
    # whether and where the sample is ordered.
    purchase_order_id = fields.Many2one(related="purchase_line_id.order_id", string="Purchase Order")
    purchase_order_state = fields.Selection(
        related="purchase_line_id.order_id.state", string="Purchase Status"
    )
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
        return self.action_acknowledge()

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
            self.action_ship()  # refuses the states a sample cannot be shipped from
        self.date_shipped = day
        return True

    def _kobo_supplier_set_measurements(self, values):
        """Write the vendor's measured values, {measurement id: value}, on this sample's points.

        Only `supplier_value` is written, only while the sample is with the vendor. A value is a
        number from 0 (not measured) to 10,000.
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
        raster image of at most 10 MB."""
        self.ensure_one()
        self._kobo_check_with_vendor()
        if not image:
            raise UserError(self.env._("Choose a photo to upload."))
        return self.env["kobo.sample.photo"].create(
            {
                "sample_id": self.id,
                "name": (name or "").strip()[:200] or False,
                "image_1920": image,
                "partner_id": self.env.user.partner_id.id,
            }
        )

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
        self._move(("draft",), "requested", "date_requested")
        self._kobo_share_with_vendor()
        return True

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
        self._move(("received",), "approved", "date_reviewed")
        # The style's time-and-action milestone of this round is reached.
        self.env["kobo.milestone"].search(
            [("style_id", "in", self.style_id.ids), ("date_done", "=", False)]
        )._kobo_complete_from_samples()
        return True

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

    # ------------------------------------------------------------------ purchase

    def action_order_sample(self):
        """Order the sample from its vendor: one line for the style's variant in the sample's
        colorway and size on the vendor's draft request for quotation, made if there is none.

        PLM users need not be purchase users: the purchase records are written by the system
        (sudo), in the name of the user asking, for purchasing to confirm. Returns the purchase
        order if the user may read it, else a notification that keeps the sample open.
        """
        self.ensure_one()
        self._check_orderable()
        variant = self._get_sample_variant()
        company = self.company_id or self.env.company
        PurchaseOrder = self.env["purchase.order"].sudo().with_company(company)
        order = PurchaseOrder.search(
            [
                ("partner_id", "=", self.vendor_id.id),
                ("company_id", "=", company.id),
                ("state", "=", "draft"),
            ],
            order="id desc",
            limit=1,
        )
        if order:
            order.origin = ", ".join(filter(None, [order.origin, self.name]))
        else:
            order = PurchaseOrder.create(self._prepare_sample_purchase_order(company))
        line = (
            self.env["purchase.order.line"]
            .sudo()
            .with_company(company)
            .create({"order_id": order.id, "product_id": variant.id, "product_qty": self.quantity})
        )
        # The description is set once the line exists: given at creation, it would keep Odoo
        # from computing the vendor price, which is computed together with it.
        line.name = f"{line.name}\n{self._sample_purchase_description()}"
        self.purchase_line_id = line
        order.message_post_with_source(
            "mail.message_origin_link",
            render_values={"self": order, "origin": self, "edit": len(order.order_line) > 1},
            subtype_xmlid="mail.mt_note",
        )
        self.message_post(
            body=self.env._(
                "Ordered from %(vendor)s on %(order)s, for purchasing to confirm.",
                vendor=self.vendor_id.display_name,
                order=order._get_html_link(),
            ),
            subtype_xmlid="mail.mt_note",
        )
        order = self.env["purchase.order"].browse(order.id)
        if order.has_access("read"):
            return order._get_records_action(name=self.env._("Request for Quotation"))
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "%(sample)s is on %(order)s for purchasing to confirm.",
                    sample=self.name,
                    order=order.sudo().name,
                ),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def action_view_purchase_order(self):
        self.ensure_one()
        return self.purchase_order_id._get_records_action()

    def _check_orderable(self):
        labels = dict(self._fields["state"]._description_selection(self.env))
        for sample in self:
            if sample.state in DECIDED_STATES:
                raise UserError(
                    self.env._(
                        "%(sample)s is %(state)s: a decided sample is not ordered any more.",
                        sample=sample.display_name,
                        state=labels[sample.state],
                    )
                )
            if not sample.colorway_value_id:
                raise UserError(
                    self.env._(
                        "%(sample)s has no colorway: choose the colorway to order.",
                        sample=sample.display_name,
                    )
                )
            order = sample.sudo().purchase_line_id.order_id
            if order and order.state != "cancel":
                raise UserError(
                    self.env._(
                        "%(sample)s is already ordered on %(order)s: cancel that order to order it again.",
                        sample=sample.display_name,
                        order=order.name,
                    )
                )

    def _get_sample_variant(self):
        """The style's variant in the sample's colorway (Colour value) and size (its Size value)."""
        self.ensure_one()
        values = self.colorway_value_id | self.size_id.attribute_value_id
        combination = self.style_id.attribute_line_ids.product_template_value_ids.filtered(
            lambda ptav: ptav.ptav_active and ptav.product_attribute_value_id in values
        )
        variant = self.env["product.product"]
        if len(combination) == len(values) == 2:
            variant = self.style_id._get_variant_for_combination(combination)
        if not variant.active:
            raise UserError(
                self.env._(
                    "%(style)s has no variant in %(colorway)s / %(size)s to order.",
                    style=self.style_id.display_name,
                    colorway=self.colorway_value_id.name,
                    size=self.size_id.name,
                )
            )
        return variant

    def _prepare_sample_purchase_order(self, company):
        vendor = self.vendor_id.with_company(company)
        return {
            "partner_id": vendor.id,
            "company_id": company.id,
            "user_id": self.env.user.id,
            "currency_id": (vendor.property_purchase_currency_id or company.currency_id).id,
            "payment_term_id": vendor.property_supplier_payment_term_id.id,
            "fiscal_position_id": self.env["account.fiscal.position"]
            .with_company(company)
            ._get_fiscal_position(vendor)
            .id,
            "origin": self.name,
        }

    def _sample_purchase_description(self):
        # In the vendor's language, as Odoo writes the product name above it.
        sample = self.with_context(lang=get_lang(self.env, self.vendor_id.lang).code)
        return sample.env._(
            "Sample %(sample)s: %(round)s round %(number)s, %(colorway)s / %(size)s",
            sample=sample.name,
            round=dict(sample._fields["round_type"]._description_selection(sample.env))[sample.round_type],
            number=sample.round_number,
            colorway=sample.colorway_value_id.name,
            size=sample.size_id.name,
        )


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
