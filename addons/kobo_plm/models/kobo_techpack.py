from odoo import Command, api, fields, models
from odoo.addons.kobo_base.models.kobo_workflow_mixin import privileged
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.osv import expression

# Fields Odoo itself writes on any record (chatter, activities): a frozen tech pack accepts them.
_ALWAYS_WRITABLE_PREFIXES = ("message_", "activity_", "website_message")
# Addressing a revision to vendors does not change its content: a frozen revision is shared too.
_SHARING_FIELDS = frozenset({"shared_vendor_ids"})


class KoboTechpack(models.Model):
    """One revision (V1, V2, …) of a style's technical specification.

    A draft revision is edited freely; *Freeze* locks it and everything in it (measurements,
    sections, garment BoM and its `mrp.bom`) at the model level. *New revision* copies the
    current revision into a new draft. The current revision of a style is its latest frozen
    revision, or its latest draft while none is frozen.
    """

    _name = "kobo.techpack"
    _description = "Tech Pack Revision"
    _inherit = ["mail.thread", "mail.activity.mixin", "kobo.workflow.mixin"]
    _order = "style_id, revision desc"
    # The BoM and the revision copied from are set by the model: pointing a draft at another
    # revision's BoM would let its resync rewrite that BoM.
    _kobo_workflow_fields = ("state", "frozen_date", "frozen_by_id", "bom_id", "previous_id")
    # Which vendors hold a revision is the brand's business, never a vendor's (see _search): the
    # chatter is searched without record rules (auto_join) and names them too.
    _kobo_brand_only_fields = (
        "shared_vendor_ids",
        "acknowledgement_ids",
        "message_ids",
        "message_follower_ids",
        "message_partner_ids",
    )

    name = fields.Char(compute="_compute_name", store=True)
    style_id = fields.Many2one(
        "product.template",
        required=True,
        ondelete="cascade",
        index=True,
        domain="[('kobo_is_style', '=', True)]",
    )
    revision = fields.Integer(required=True, readonly=True, default=1)
    state = fields.Selection(
        [("draft", "Draft"), ("frozen", "Frozen")],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
    )
    is_current = fields.Boolean(string="Current", compute="_compute_is_current", store=True)
    previous_id = fields.Many2one("kobo.techpack", string="Copied From", readonly=True, copy=False)
    change_summary = fields.Text(help="What changed in this revision, in the words the factory reads.")
    frozen_date = fields.Datetime(readonly=True, copy=False)
    frozen_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    size_range_id = fields.Many2one("kobo.size.range", required=True)
    base_size_id = fields.Many2one(related="size_range_id.base_size_id")
    measurement_ids = fields.One2many("kobo.techpack.measurement", "techpack_id", string="Measurements")
    section_ids = fields.One2many("kobo.techpack.section", "techpack_id", string="Sections")
    care_symbol_ids = fields.Many2many("kobo.care.symbol", string="Care Symbols")
    care_text = fields.Text(string="Care Instructions", translate=True)
    garment_line_ids = fields.One2many("kobo.garment.bom.line", "techpack_id", string="Garment BoM")
    bom_id = fields.Many2one("mrp.bom", string="Manufacturing BoM", readonly=True, copy=False)
    company_id = fields.Many2one(related="style_id.company_id", store=True)
    measurement_count = fields.Integer(compute="_compute_counts")
    graded_chart_html = fields.Html(
        string="Graded Chart", compute="_compute_graded_chart_html", sanitize=False, readonly=True
    )
    has_expired_certificate = fields.Boolean(
        compute="_compute_has_expired_certificate",
        help="A material of this revision's BoM has an expired certificate.",
    )
    shared_vendor_ids = fields.Many2many(
        "res.partner",
        "kobo_techpack_shared_vendor_rel",
        "techpack_id",
        "partner_id",
        string="Shared with Vendors",
        groups="kobo_plm.group_kobo_plm_user",
        tracking=True,
        domain="['|', ('is_company', '=', True), ('parent_id', '=', False)]",
        help="Vendor companies whose portal users see this revision, its style and its PDF. "
        "Requesting a sample shares its revision with the sample's vendor.",
    )
    acknowledgement_ids = fields.One2many(
        "kobo.techpack.acknowledgement",
        "techpack_id",
        string="Acknowledged by",
        readonly=True,
        groups="kobo_plm.group_kobo_plm_user",
    )

    _sql_constraints = [
        (
            "style_revision_unique",
            "unique(style_id, revision)",
            "A style has one tech pack per revision number.",
        ),
    ]

    @api.depends("revision")
    def _compute_name(self):
        for techpack in self:
            techpack.name = f"V{techpack.revision}"

    @api.depends("style_id.kobo_current_techpack_id")
    def _compute_is_current(self):
        for techpack in self:
            techpack.is_current = techpack.style_id.kobo_current_techpack_id == techpack

    @api.depends("name", "style_id.kobo_style_number", "style_id.name")
    def _compute_display_name(self):
        for techpack in self:
            style = techpack.style_id
            techpack.display_name = f"{style.kobo_style_number or style.name} {techpack.name}"

    @api.depends("measurement_ids")
    def _compute_counts(self):
        for techpack in self:
            techpack.measurement_count = len(techpack.measurement_ids)

    @api.depends("measurement_ids.value_ids.value", "measurement_ids.tolerance", "size_range_id")
    def _compute_graded_chart_html(self):
        for techpack in self:
            techpack.graded_chart_html = self.env["ir.qweb"]._render(
                "kobo_plm.techpack_graded_chart_embedded", {"techpack": techpack}
            )

    @api.depends("garment_line_ids.material_tmpl_id")
    def _compute_has_expired_certificate(self):
        materials = self.garment_line_ids.material_tmpl_id
        expired = materials.filtered("kobo_has_expired_certificate")
        for techpack in self:
            techpack.has_expired_certificate = bool(techpack.garment_line_ids.material_tmpl_id & expired)

    @api.constrains("shared_vendor_ids")
    def _check_shared_vendor_ids(self):
        for techpack in self:
            contacts = techpack.shared_vendor_ids.filtered(
                lambda partner: partner.commercial_partner_id != partner
            )
            if contacts:
                raise ValidationError(
                    self.env._(
                        "%(contact)s is a contact of %(company)s: share %(techpack)s with the company.",
                        contact=contacts[0].display_name,
                        company=contacts[0].commercial_partner_id.display_name,
                        techpack=techpack.display_name,
                    )
                )

    # ------------------------------------------------------------------ CRUD

    @api.model_create_multi
    def create(self, vals_list):
        styles = self.env["product.template"].browse(
            [vals["style_id"] for vals in vals_list if vals.get("style_id")]
        )
        next_revision = {
            style.id: max(style.kobo_techpack_ids.mapped("revision"), default=0) + 1 for style in styles
        }
        for vals in vals_list:
            style = styles.browse(vals.get("style_id"))
            if "revision" not in vals and style:
                vals["revision"] = next_revision[style.id]
                next_revision[style.id] += 1
            if not vals.get("size_range_id") and style.kobo_size_range_id:
                vals["size_range_id"] = style.kobo_size_range_id.id
        techpacks = super().create(vals_list)
        techpacks._create_mrp_boms()
        return techpacks

    def write(self, vals):
        locked_fields = {
            name
            for name in vals
            if not name.startswith(_ALWAYS_WRITABLE_PREFIXES) and name not in _SHARING_FIELDS
        }
        if locked_fields:
            self._check_draft()
        if "size_range_id" in vals and self.measurement_ids:
            raise UserError(
                self.env._(
                    "%(techpack)s already has measurements for its size range: start a new style "
                    "or remove the measurements before changing the size range.",
                    techpack=self[:1].display_name,
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_if_draft(self):
        self._check_draft()

    def unlink(self):
        boms = self.bom_id
        result = super().unlink()
        privileged(boms.sudo()).unlink()
        return result

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        # Odoo checks a field's groups when it reads or filters on a column, but not when a
        # domain filters on a many2many: a vendor could count the revisions it shares with
        # another vendor. Record rules are applied apart from this domain, as superuser.
        self._kobo_check_brand_only_domain(domain)
        return super()._search(domain, offset=offset, limit=limit, order=order)

    def _read_group_groupby(self, groupby_spec, query):
        self._kobo_check_brand_only_names({groupby_spec.split(":")[0].split(".")[0]})
        return super()._read_group_groupby(groupby_spec, query)

    def _kobo_check_brand_only_domain(self, domain):
        self._kobo_check_brand_only_names(
            {
                leaf[0].split(".")[0]
                for leaf in domain or []
                if expression.is_leaf(leaf) and isinstance(leaf[0], str)
            }
        )

    def _kobo_check_brand_only_names(self, names):
        refused = [name for name in self._kobo_brand_only_fields if name in names]
        if refused and not self.env.su and not self.env.user.has_group("kobo_plm.group_kobo_plm_user"):
            raise AccessError(
                self.env._(
                    "Only the brand's PLM users search or group tech pack revisions by %(fields)s.",
                    fields=", ".join(self._fields[name]._description_string(self.env) for name in refused),
                )
            )

    def _check_draft(self):
        """Refuse to change frozen revisions; one query whatever the number of records."""
        ids = [id_ for id_ in self.ids if id_]
        frozen = ids and self.with_context(active_test=False).search(
            [("id", "in", ids), ("state", "=", "frozen")], limit=1
        )
        if frozen:
            raise UserError(
                self.env._(
                    "%(techpack)s is frozen: it cannot be changed. Create a new revision instead.",
                    techpack=frozen.display_name,
                )
            )

    def _create_mrp_boms(self):
        """Give each revision its own `mrp.bom`; only the production BoM comes first for MOs.

        The BoM is derived from the tech pack, which the user may edit: it is maintained as
        superuser (its MRP constraints read stock rules a designer need not see), and stays
        locked with the revision for everyone.
        """
        boms = (
            self.env["mrp.bom"]
            .sudo()
            .create(
                [
                    {
                        "product_tmpl_id": techpack.style_id.id,
                        "code": techpack.display_name,
                        "type": "normal",
                        "product_qty": 1.0,
                        "kobo_techpack_id": techpack.id,
                        # A new revision's BoM queues behind the one in production; approval swaps them.
                        "sequence": 1
                        if not techpack.style_id.kobo_techpack_ids - techpack
                        else 100 + techpack.revision,
                    }
                    for techpack in self
                ]
            )
        )
        for techpack, bom in zip(self, boms, strict=True):
            privileged(techpack).bom_id = bom

    # ------------------------------------------------------------------ actions

    def action_freeze(self):
        """Freeze draft revisions with their spec (PLM managers); the only way to freeze."""
        if not self.env.user.has_group("kobo_plm.group_kobo_plm_manager"):
            raise UserError(self.env._("Only PLM managers freeze tech packs."))
        self._check_draft()
        for techpack in self:
            if not techpack.measurement_ids:
                raise UserError(
                    self.env._(
                        "%(techpack)s has no measurements: a tech pack is frozen with its spec.",
                        techpack=techpack.display_name,
                    )
                )
            problems = techpack._kobo_incomplete_garment_lines()
            if problems:
                raise UserError(
                    self.env._(
                        "%(techpack)s cannot be frozen: %(problems)s",
                        techpack=techpack.display_name,
                        problems=" ".join(problems),
                    )
                )
        self._kobo_transition(
            ("draft",), "frozen", {"frozen_date": fields.Datetime.now(), "frozen_by_id": self.env.uid}
        )
        for techpack in self:
            techpack.message_post(body=self.env._("Revision %(name)s frozen.", name=techpack.name))
        return True

    def action_new_revision(self):
        """Copy this revision (normally the current one) into a new draft of the same style."""
        self.ensure_one()
        drafts = self.style_id.kobo_techpack_ids.filtered(lambda techpack: techpack.state == "draft")
        if drafts:
            raise UserError(
                self.env._(
                    "%(draft)s is still a draft: freeze or delete it before starting another revision.",
                    draft=drafts[0].display_name,
                )
            )
        new = self._copy_as_new_revision()
        return {
            "type": "ir.actions.act_window",
            "res_model": "kobo.techpack",
            "res_id": new.id,
            "view_mode": "form",
            "target": "current",
        }

    def _copy_as_new_revision(self, overrides=None):
        """Batch copy: a fixed number of queries whatever the number of lines.

        `overrides` maps (pom_id, size_id) to a new value, for revisions born from a sample.
        """
        self.ensure_one()
        # previous_id is set by the model only; the new draft is returned in the caller's env.
        new = (
            privileged(self)
            .create(
                {
                    "style_id": self.style_id.id,
                    "previous_id": self.id,
                    "size_range_id": self.size_range_id.id,
                    "care_symbol_ids": [Command.set(self.care_symbol_ids.ids)],
                    "care_text": self.care_text,
                }
            )
            .with_env(self.env)
        )
        self.measurement_ids._copy_to(new, overrides or {})
        self.section_ids._copy_to(new)
        self.garment_line_ids._copy_to(new)
        return new

    def action_compare(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Compare revisions"),
            "res_model": "kobo.techpack.diff.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_new_techpack_id": self.id,
                "default_old_techpack_id": self.previous_id.id or False,
            },
        }

    def action_export_xlsx(self):
        self.ensure_one()
        return {"type": "ir.actions.act_url", "url": f"/kobo_plm/techpack/{self.id}/xlsx", "target": "self"}

    # ------------------------------------------------------------------ supplier portal

    def _kobo_share_with_vendors(self, partners):
        """Address these revisions to the companies of `partners` (their commercial partners).

        Their portal users (group Kōbō: Supplier Portal) then see the revisions, their styles
        and PDFs. Sharing again is harmless; the change is tracked in each revision's chatter.
        """
        vendors = partners.commercial_partner_id
        if vendors and self:
            self.write({"shared_vendor_ids": [Command.link(vendor.id) for vendor in vendors]})
        return True

    def _kobo_supplier_acknowledge(self):
        """The current portal user's company confirms it has read this revision.

        Called by the supplier portal with sudo() once the user's read access was checked: the
        vendor is the user's commercial partner, never a value from the request. Acknowledging
        twice returns the first acknowledgement.
        """
        self.ensure_one()
        vendor = self.env.user.commercial_partner_id
        if vendor not in self.shared_vendor_ids:
            raise UserError(
                self.env._(
                    "%(techpack)s is not shared with %(vendor)s.",
                    techpack=self.display_name,
                    vendor=vendor.display_name,
                )
            )
        if self.state != "frozen":
            raise UserError(
                self.env._(
                    "%(techpack)s is still a draft that may change: it can be acknowledged once frozen.",
                    techpack=self.display_name,
                )
            )
        acknowledgement = self.acknowledgement_ids.filtered(lambda ack: ack.partner_id == vendor)
        if acknowledgement:
            return acknowledgement
        acknowledgement = self.env["kobo.techpack.acknowledgement"].create(
            {"techpack_id": self.id, "partner_id": vendor.id, "user_id": self.env.uid}
        )
        self.message_post(
            body=self.env._(
                "Revision %(name)s acknowledged by %(vendor)s (%(user)s).",
                name=self.name,
                vendor=vendor.display_name,
                user=self.env.user.name,
            ),
            subtype_xmlid="mail.mt_note",
        )
        return acknowledgement

    # ------------------------------------------------------------------ grading

    def graded_chart(self):
        """Rows of the graded measurement chart: [{pom, tolerance, critical, values: {size: value}}]."""
        self.ensure_one()
        sizes = self.size_range_id.size_ids
        rows = []
        for line in self.measurement_ids:
            by_size = {value.size_id: value.value for value in line.value_ids}
            rows.append(
                {
                    "line": line,
                    "pom": line.pom_id,
                    "tolerance": line.tolerance,
                    "critical": line.critical,
                    "values": [by_size.get(size) for size in sizes],
                }
            )
        return sizes, rows

    # ------------------------------------------------------------------ garment BoM

    def _sync_mrp_bom(self):
        """Regenerate the `mrp.bom` lines of draft revisions from their garment BoM, in batch."""
        techpacks = self.filtered(lambda techpack: techpack.state == "draft" and techpack.bom_id)
        if not techpacks:
            return
        old_lines = techpacks.bom_id.sudo().bom_line_ids.filtered("kobo_garment_line_id")
        privileged(old_lines).unlink()
        values = []
        for techpack in techpacks:
            ptav_by_value = {
                ptav.product_attribute_value_id.id: ptav.id
                for ptav in techpack.style_id.attribute_line_ids.product_template_value_ids
            }
            for line in techpack.garment_line_ids:
                for vals in line._mrp_line_values(ptav_by_value):
                    vals["bom_id"] = techpack.bom_id.id
                    values.append(vals)
        privileged(self.env["mrp.bom.line"].sudo()).create(values)
