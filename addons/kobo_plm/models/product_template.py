import re
from collections import defaultdict

from odoo import Command, api, fields, models
from odoo.addons.kobo_base.models.kobo_workflow_mixin import check_finite, is_privileged
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression

STYLE_STAGES = [
    ("concept", "Concept"),
    ("development", "Development"),
    ("sampling", "Sampling"),
    ("costing", "Costing"),
    ("production_approved", "Production Approved"),
    ("released", "Released"),
    ("dropped", "Dropped"),
]
# The path a style walks forward one step at a time; `dropped` is left of it.
STAGE_PATH = [code for code, _label in STYLE_STAGES if code != "dropped"]
MANAGER_STAGES = {"production_approved", "released"}


class StageReason(str):
    """The reason typed in *Change Stage*, as the wizard hands it to the write that moves the
    stage. A client's context holds only JSON values, never this type: a ``kobo_stage_reason`` key
    sent over RPC is not a reason (the rule that a move back needs one is not satisfied by it)."""


def stage_reason(env):
    reason = env.context.get("kobo_stage_reason")
    return reason if isinstance(reason, StageReason) else None


# The brand's own: who develops a style, what it may cost and sell at, its vendors and tariff,
# its tech packs and costing. Published styles are readable by portal and public users: they
# get none of these (product.product inherits the groups through its related fields).
PLM_USERS = "kobo_plm.group_kobo_plm_user"


class ProductTemplate(models.Model):
    """A style is a product template: variants, purchase, MRP, stock and sales keep working."""

    _inherit = "product.template"

    kobo_is_style = fields.Boolean(
        string="Is a Style",
        index=True,
        help="A style developed by the brand: it has a season, tech packs, samples and costing.",
    )
    kobo_style_number = fields.Char(
        string="Style Number",
        index=True,
        copy=False,
        tracking=True,
        help="Unique per company. Variants get their SKU from it (number-colour-size) when they have none.",
    )
    kobo_stage = fields.Selection(
        STYLE_STAGES,
        string="Development Stage",
        default="concept",
        index=True,
        tracking=True,
        group_expand="_group_expand_kobo_stage",
    )
    kobo_season_id = fields.Many2one("kobo.season", string="Season", index=True, tracking=True)
    kobo_designer_id = fields.Many2one("res.users", string="Designer", tracking=True, groups=PLM_USERS)
    kobo_developer_id = fields.Many2one(
        "res.users", string="Product Developer", tracking=True, groups=PLM_USERS
    )
    kobo_size_range_id = fields.Many2one("kobo.size.range", string="Size Range", tracking=True)
    kobo_colorway_ids = fields.Many2many(
        "kobo.color",
        string="Colorways",
        compute="_compute_kobo_colorway_ids",
        inverse="_inverse_kobo_colorway_ids",
        help="Library colours of the style; they are the values of its Colour attribute.",
    )
    kobo_techpack_ids = fields.One2many("kobo.techpack", "style_id", string="Tech Packs", groups=PLM_USERS)
    kobo_current_techpack_id = fields.Many2one(
        "kobo.techpack",
        string="Current Tech Pack",
        compute="_compute_kobo_current_techpack_id",
        store=True,
        groups=PLM_USERS,
    )
    kobo_current_techpack_state = fields.Selection(
        related="kobo_current_techpack_id.state",
        string="Tech Pack State",
        groups=PLM_USERS,
    )
    kobo_techpack_count = fields.Integer(compute="_compute_kobo_techpack_count", groups=PLM_USERS)
    kobo_main_vendor_id = fields.Many2one(
        "res.partner",
        string="Main Vendor",
        compute="_compute_kobo_main_vendor_id",
        store=True,
        index="btree_not_null",
        help="The first vendor of the style's vendor pricelist.",
        groups=PLM_USERS,
    )
    kobo_target_cost = fields.Monetary(
        string="Target Landed Cost",
        currency_field="cost_currency_id",
        tracking=True,
        help="What one garment may cost landed; cost sheets above it are flagged.",
        groups=PLM_USERS,
    )
    kobo_target_retail_price = fields.Monetary(
        string="Target Retail Price",
        currency_field="currency_id",
        tracking=True,
        help="The price the merchandiser plans to sell at; quotes show their margin at it.",
        groups=PLM_USERS,
    )
    kobo_duty_rate_id = fields.Many2one(
        "kobo.duty.rate", string="Tariff Line (HS Code)", tracking=True, groups=PLM_USERS
    )
    kobo_cost_sheet_ids = fields.One2many(
        "kobo.cost.sheet", "style_id", string="Cost Sheets", groups=PLM_USERS
    )
    kobo_cost_sheet_count = fields.Integer(compute="_compute_kobo_cost_sheet_count", groups=PLM_USERS)
    kobo_delivery_date = fields.Date(
        string="Delivery Date",
        tracking=True,
        help="When the goods must be in the warehouse: the time-and-action milestones are planned back "
        "from it.",
        groups=PLM_USERS,
    )
    kobo_milestone_ids = fields.One2many(
        "kobo.milestone", "style_id", string="Time & Action", groups=PLM_USERS
    )
    kobo_late_milestone_count = fields.Integer(compute="_compute_kobo_late_milestone_count", groups=PLM_USERS)
    kobo_has_expired_material = fields.Boolean(
        string="Material Certificate Expired",
        compute="_compute_kobo_has_expired_material",
        help="A material of the current tech pack's BoM has an expired certificate.",
        groups=PLM_USERS,
    )

    def init(self):
        result = super().init()
        # Odoo clears a template's internal reference once it has several variants, so the style
        # number is a field of its own: unique per company, even when two users save at once.
        self.env.cr.execute(
            """
            CREATE UNIQUE INDEX IF NOT EXISTS product_template_kobo_style_number_uniq
                ON product_template (kobo_style_number, COALESCE(company_id, 0))
             WHERE kobo_style_number IS NOT NULL
            """
        )
        return result

    @api.model
    def _group_expand_kobo_stage(self, stages, domain):
        return [code for code, _label in STYLE_STAGES]

    @api.depends("kobo_techpack_ids.state", "kobo_techpack_ids.revision")
    def _compute_kobo_current_techpack_id(self):
        for style in self:
            techpacks = style.kobo_techpack_ids.sorted("revision", reverse=True)
            frozen = techpacks.filtered(lambda techpack: techpack.state == "frozen")
            style.kobo_current_techpack_id = (frozen or techpacks)[:1]

    def _kobo_count_per_style(self, model, domain=()):
        """{style: number of `model` records of it matching `domain`}, in one query."""
        return dict(
            self.env[model]._read_group([("style_id", "in", self.ids), *domain], ["style_id"], ["__count"])
        )

    @api.depends("kobo_techpack_ids")
    def _compute_kobo_techpack_count(self):
        counts = self._kobo_count_per_style("kobo.techpack")
        for style in self:
            style.kobo_techpack_count = counts.get(style, 0)

    def _compute_kobo_late_milestone_count(self):
        counts = self._kobo_count_per_style("kobo.milestone", [("is_late", "=", True)])
        for style in self:
            style.kobo_late_milestone_count = counts.get(style, 0)

    def _compute_kobo_cost_sheet_count(self):
        counts = self._kobo_count_per_style("kobo.cost.sheet")
        for style in self:
            style.kobo_cost_sheet_count = counts.get(style, 0)

    @api.depends("seller_ids.partner_id", "seller_ids.sequence")
    def _compute_kobo_main_vendor_id(self):
        for template in self:
            template.kobo_main_vendor_id = template.seller_ids.sorted("sequence")[:1].partner_id

    @api.depends("attribute_line_ids.value_ids.kobo_color_id")
    def _compute_kobo_colorway_ids(self):
        colour = self.env.ref("kobo_plm.product_attribute_colour")
        for template in self:
            lines = template.attribute_line_ids.filtered(lambda line: line.attribute_id == colour)
            template.kobo_colorway_ids = lines.value_ids.kobo_color_id

    def _inverse_kobo_colorway_ids(self):
        # Read every template's colours first: changing one template's attribute lines makes
        # the ORM recompute the others' colorways from their (still unchanged) lines.
        colour = self.env.ref("kobo_plm.product_attribute_colour")
        wanted = [(template, template.kobo_colorway_ids) for template in self]
        for template, colours in wanted:
            template._kobo_set_attribute_values(colour, colours._get_colorway_values())

    @api.depends("kobo_current_techpack_id.garment_line_ids.material_tmpl_id")
    def _compute_kobo_has_expired_material(self):
        for template in self:
            template.kobo_has_expired_material = template.kobo_current_techpack_id.has_expired_certificate

    @api.depends("name", "default_code", "kobo_style_number")
    def _compute_display_name(self):
        result = super()._compute_display_name()
        for template in self.filtered(lambda template: template.kobo_style_number and template.name):
            template.display_name = f"[{template.kobo_style_number}] {template.name}"
        return result

    @api.model
    def _search_display_name(self, operator, value):
        domain = super()._search_display_name(operator, value)
        if value and operator not in expression.NEGATIVE_TERM_OPERATORS:
            domain = expression.OR([domain, [("kobo_style_number", operator, value)]])
        return domain

    def _kobo_check_style_numbers(self, keys):
        """Name the style that already has a number, before the unique index refuses it.

        `keys` are (style number, company id) pairs about to be saved.
        """
        keys = [key for key in keys if key[0]]
        if not keys:
            return
        numbers = [number for number, _company in keys]
        duplicate = next((number for number in numbers if numbers.count(number) > 1), None)
        if duplicate:
            raise ValidationError(self.env._("Style number %(number)s appears twice.", number=duplicate))
        others = self.with_context(active_test=False).search(
            [("kobo_style_number", "in", numbers), ("id", "not in", self.ids)]
        )
        taken = {(other.kobo_style_number, other.company_id.id or False): other for other in others}
        for key in keys:
            clash = taken.get(key)
            if clash:
                raise ValidationError(
                    self.env._(
                        "Style number %(number)s is already used by %(style)s.",
                        number=key[0],
                        style=clash.name,
                    )
                )

    # ------------------------------------------------------------------ CRUD

    @api.model_create_multi
    def create(self, vals_list):
        check_finite(self, vals_list)
        if not is_privileged(self) and any(vals.get("kobo_stage") in MANAGER_STAGES for vals in vals_list):
            self._kobo_check_manager_stage_on_create()
        for vals in vals_list:
            if vals.get("kobo_style_number"):
                vals["kobo_style_number"] = vals["kobo_style_number"].strip().upper()
        default_company = self.env.context.get("default_company_id", False)
        self._kobo_check_style_numbers(
            [(vals.get("kobo_style_number"), vals.get("company_id", default_company)) for vals in vals_list]
        )
        templates = super().create(vals_list)
        templates.filtered("kobo_size_range_id")._kobo_sync_size_attribute()
        templates._kobo_set_variant_codes()
        return templates

    def write(self, vals):
        check_finite(self, [vals])
        # Only the checked actions (production approval, Change Stage) skip the stage rules.
        if "kobo_stage" in vals and not is_privileged(self):
            self._kobo_check_stage_change(vals["kobo_stage"], stage_reason(self.env))
        if vals.get("kobo_style_number"):
            vals["kobo_style_number"] = vals["kobo_style_number"].strip().upper()
            if len(self) > 1:
                raise ValidationError(self.env._("Each style has its own style number: set them one by one."))
        if "kobo_style_number" in vals or "company_id" in vals:
            self._kobo_check_style_numbers(
                [
                    (
                        vals.get("kobo_style_number", t.kobo_style_number),
                        vals.get("company_id", t.company_id.id or False),
                    )
                    for t in self
                ]
            )
        result = super().write(vals)
        if {"kobo_style_number", "attribute_line_ids"} & set(vals):
            self._kobo_set_variant_codes()
        if "kobo_size_range_id" in vals:
            self.filtered("kobo_size_range_id")._kobo_sync_size_attribute()
        if "kobo_stage" in vals:
            self._kobo_apply_stage_side_effects(vals["kobo_stage"])
        if vals.get("kobo_delivery_date"):
            # A new delivery date moves the milestones that are not done yet.
            self.filtered("kobo_milestone_ids").action_kobo_plan_milestones()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_kobo_style_manager_only(self):
        if self.filtered("kobo_is_style") and not self.env.user.has_group("kobo_plm.group_kobo_plm_manager"):
            raise UserError(
                self.env._("Only PLM managers delete styles; drop the style to archive it instead.")
            )

    # ------------------------------------------------------------------ stages

    def _kobo_check_manager_stage_on_create(self):
        if not self.env.user.has_group("kobo_plm.group_kobo_plm_manager"):
            raise UserError(
                self.env._(
                    "A style starts in %(stage)s: only a PLM manager creates it further on.",
                    stage=dict(STYLE_STAGES)["concept"],
                )
            )

    def _kobo_check_stage_change(self, new_stage, reason):
        is_manager = self.env.user.has_group("kobo_plm.group_kobo_plm_manager")
        labels = dict(STYLE_STAGES)
        for style in self:
            old_stage = style.kobo_stage
            if old_stage == new_stage:
                continue
            step_forward = (
                old_stage in STAGE_PATH
                and new_stage in STAGE_PATH
                and STAGE_PATH.index(new_stage) == STAGE_PATH.index(old_stage) + 1
            )
            if step_forward and new_stage not in MANAGER_STAGES:
                continue
            if not is_manager:
                raise UserError(
                    self.env._(
                        "Moving %(style)s from %(old)s to %(new)s needs a PLM manager.",
                        style=style.display_name,
                        old=labels.get(old_stage, old_stage),
                        new=labels[new_stage],
                    )
                )
            if not step_forward and not (reason or "").strip():
                raise UserError(
                    self.env._(
                        "Moving %(style)s from %(old)s back or past a stage to %(new)s needs a reason: "
                        "use Change Stage.",
                        style=style.display_name,
                        old=labels.get(old_stage, old_stage),
                        new=labels[new_stage],
                    )
                )

    def _kobo_apply_stage_side_effects(self, new_stage):
        reason = stage_reason(self.env)
        if reason:
            label = dict(STYLE_STAGES)[new_stage]
            for style in self:
                style.message_post(
                    body=self.env._(
                        "Stage changed to %(stage)s. Reason: %(reason)s", stage=label, reason=reason
                    )
                )
        if new_stage == "dropped":
            self.filtered("active").write({"active": False})
        else:
            self.with_context(active_test=False).filtered(lambda style: not style.active).write(
                {"active": True}
            )

    def action_kobo_next_stage(self):
        for style in self:
            if style.kobo_stage not in STAGE_PATH or style.kobo_stage == STAGE_PATH[-1]:
                raise UserError(self.env._("%(style)s has no next stage.", style=style.display_name))
            style.kobo_stage = STAGE_PATH[STAGE_PATH.index(style.kobo_stage) + 1]
        return True

    def action_kobo_change_stage(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Change Stage"),
            "res_model": "kobo.style.stage.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_style_ids": self.ids},
        }

    def _kobo_style_action(self, xmlid, **context):
        """The window action `xmlid`, narrowed to this style's records; new ones are for it."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        action["domain"] = [("style_id", "=", self.id)]
        action["context"] = {"default_style_id": self.id, **context}
        return action

    def action_kobo_view_techpacks(self):
        action = self._kobo_style_action("kobo_plm.action_kobo_techpack")
        if self.kobo_current_techpack_id:
            action.update(view_mode="form", res_id=self.kobo_current_techpack_id.id, views=[(False, "form")])
        return action

    def action_kobo_new_techpack(self):
        self.ensure_one()
        if self.kobo_current_techpack_id:
            return self.kobo_current_techpack_id.action_new_revision()
        if not self.kobo_size_range_id:
            raise UserError(
                self.env._("%(style)s needs a size range before its tech pack.", style=self.display_name)
            )
        techpack = self.env["kobo.techpack"].create({"style_id": self.id})
        return {
            "type": "ir.actions.act_window",
            "res_model": "kobo.techpack",
            "res_id": techpack.id,
            "view_mode": "form",
        }

    def action_kobo_view_cost_sheets(self):
        return self._kobo_style_action("kobo_plm.action_kobo_cost_sheet", search_default_not_superseded=1)

    # ------------------------------------------------------------------ time and action

    def action_kobo_plan_milestones(self):
        """Plan (or replan) each style's milestones back from its delivery date.

        Missing milestones are created, open ones move with the delivery date, done ones keep
        their dates; milestones whose sample round is already approved are marked done.
        """
        missing = self.filtered(lambda style: not style.kobo_delivery_date)
        if missing:
            raise UserError(
                self.env._(
                    "%(style)s has no delivery date: set it before planning its milestones.",
                    style=missing[0].display_name,
                )
            )
        types = self.env["kobo.milestone.type"].search([])
        existing = {
            (milestone.style_id.id, milestone.type_id.id): milestone for milestone in self.kobo_milestone_ids
        }
        to_create = []
        moved = defaultdict(lambda: self.env["kobo.milestone"])
        for style in self:
            for milestone_type in types:
                due = fields.Date.subtract(style.kobo_delivery_date, days=milestone_type.days_before_delivery)
                milestone = existing.get((style.id, milestone_type.id))
                if not milestone:
                    to_create.append(
                        {"style_id": style.id, "type_id": milestone_type.id, "date_planned": due}
                    )
                elif not milestone.date_done and milestone.date_planned != due:
                    moved[due] |= milestone
        for due, milestones in moved.items():
            milestones.write({"date_planned": due})
        self.env["kobo.milestone"].create(to_create)
        self.kobo_milestone_ids._kobo_complete_from_samples()
        return True

    def action_kobo_view_milestones(self):
        action = self._kobo_style_action("kobo_plm.action_kobo_milestone")
        action["view_mode"] = "list,calendar,form"
        action["views"] = [(False, "list"), (False, "calendar"), (False, "form")]
        return action

    # ------------------------------------------------------------------ attributes

    def _kobo_set_variant_codes(self):
        """Give each variant of a style without an internal reference its SKU: number-colour-size."""
        colour = self.env.ref("kobo_plm.product_attribute_colour")
        for style in self.filtered("kobo_style_number"):
            for variant in style.with_context(active_test=False).product_variant_ids.filtered(
                lambda variant: not variant.default_code
            ):
                parts = [style.kobo_style_number]
                for ptav in variant.product_template_attribute_value_ids.sorted(
                    lambda ptav: ptav.attribute_id.sequence
                ):
                    name = ptav.name if ptav.attribute_id != colour else ptav.name.replace(" ", "")
                    parts.append(re.sub(r"[^A-Za-z0-9]+", "", name).upper()[:12])
                variant.default_code = "-".join(parts)

    def _kobo_sync_size_attribute(self):
        """The style's sizes are the values of its range's size attribute; a line of another size
        attribute (a range of another system it had before) goes."""
        size_attributes = self.env["kobo.size.range"].with_context(active_test=False).search([]).attribute_id
        for style in self:
            size_attribute = style.kobo_size_range_id.attribute_id
            other_lines = style.attribute_line_ids.filtered(
                lambda line, own=size_attribute: line.attribute_id in size_attributes - own
            )
            if other_lines:
                style.attribute_line_ids = [Command.unlink(line.id) for line in other_lines]
            style._kobo_set_attribute_values(
                size_attribute, style.kobo_size_range_id.size_ids.attribute_value_id
            )

    def _kobo_set_attribute_values(self, attribute, values):
        """Make `values` the values of this template's line for `attribute` (variants follow)."""
        self.ensure_one()
        line = self.attribute_line_ids.filtered(
            lambda attribute_line: attribute_line.attribute_id == attribute
        )
        if line and values:
            if line.value_ids != values:
                line.value_ids = [Command.set(values.ids)]
        elif values:
            self.attribute_line_ids = [
                Command.create({"attribute_id": attribute.id, "value_ids": [Command.set(values.ids)]})
            ]
        elif line:
            self.attribute_line_ids = [Command.unlink(line.id)]
