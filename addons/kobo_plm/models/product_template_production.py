from collections import defaultdict

from odoo import api, fields, models
from odoo.addons.kobo_base.models.kobo_workflow_mixin import is_privileged, privileged
from odoo.exceptions import AccessError, UserError

from ..locks import lock_for_update
from .product_template import PLM_USERS, STYLE_STAGES

# Set by the production approval only: a style is approved when these say so.
APPROVAL_STAMPS = (
    "kobo_production_approved_date",
    "kobo_production_approved_by_id",
    "kobo_production_techpack_id",
)


class ProductTemplate(models.Model):
    """Production approval: the gate a style passes, and the stamps only it writes."""

    _inherit = "product.template"

    kobo_production_approved_date = fields.Datetime(
        string="Approved for Production", readonly=True, copy=False, tracking=True, groups=PLM_USERS
    )
    kobo_production_approved_by_id = fields.Many2one(
        "res.users", string="Approved for Production by", readonly=True, copy=False, groups=PLM_USERS
    )
    kobo_production_techpack_id = fields.Many2one(
        "kobo.techpack",
        string="Production Tech Pack",
        readonly=True,
        copy=False,
        groups=PLM_USERS,
        help="The revision approved for production: its BoM is the one manufacturing orders use.",
    )

    # ------------------------------------------------------------------ CRUD

    @api.model_create_multi
    def create(self, vals_list):
        if not is_privileged(self):
            for vals in vals_list:
                self._kobo_check_approval_stamps([name for name in APPROVAL_STAMPS if vals.get(name)])
        return super().create(vals_list)

    def write(self, vals):
        if not is_privileged(self):
            self._kobo_check_approval_stamps([name for name in APPROVAL_STAMPS if name in vals])
        return super().write(vals)

    def _kobo_check_approval_stamps(self, names):
        # product.template is not a workflow-mixin model (every team writes it): only the
        # approval stamps are guarded, as the mixin guards workflow fields.
        if names:
            raise AccessError(
                self.env._(
                    "%(fields)s can only be set by Approve for Production.",
                    fields=", ".join(self._fields[name]._description_string(self.env) for name in names),
                )
            )

    # ------------------------------------------------------------------ production approval

    def action_kobo_approve_production(self):
        """Approve styles for production after explicit checks, all or nothing.

        Checks (each failure listed for the user, nothing changes): a frozen current tech pack,
        approved samples of the required rounds on it, an approved cost sheet whose vendor price
        is in place, a BoM that explodes for every variant with every garment BoM line, and no
        expired certificate on its materials. Then the stage, the production BoM, and the
        `_kobo_on_production_approved` event other addons hook onto.
        """
        if not self.env.user.has_group("kobo_plm.group_kobo_plm_manager"):
            raise UserError(self.env._("Only PLM managers approve styles for production."))
        styles = self.filtered("kobo_is_style")
        if not styles:
            raise UserError(self.env._("Select the styles to approve for production."))
        lock_for_update(styles)
        problems = styles._kobo_production_gate_problems()
        if problems:
            lines = [self.env._("Not approved for production; nothing was changed:")]
            for style in styles:
                for problem in problems.get(style, []):
                    lines.append(f"• {style.display_name}: {problem}")
            raise UserError("\n".join(lines))
        styles._kobo_make_production_bom()
        # One write per batch and one logged note per style, instead of per-style tracking
        # messages: approving a season's 200 styles costs the same queries as approving one.
        techpack_by_style = {style.id: style.kobo_current_techpack_id for style in styles}
        previous_stage = {style.id: style.kobo_stage for style in styles}
        privileged(styles).with_context(mail_notrack=True).write(
            {
                "kobo_stage": "production_approved",
                "kobo_production_approved_date": fields.Datetime.now(),
                "kobo_production_approved_by_id": self.env.uid,
            }
        )
        for techpack in styles.kobo_current_techpack_id:
            privileged(techpack.style_id).with_context(
                mail_notrack=True
            ).kobo_production_techpack_id = techpack
        stage_labels = dict(STYLE_STAGES)
        styles._message_log_batch(
            {
                style.id: self.env._(
                    "Approved for production on %(techpack)s (stage %(old)s → Production Approved); "
                    "its BoM is now the production BoM.",
                    techpack=techpack_by_style[style.id].display_name,
                    old=stage_labels.get(previous_stage[style.id], previous_stage[style.id]),
                )
                for style in styles
            }
        )
        styles._kobo_on_production_approved()
        return True

    def _kobo_on_production_approved(self):
        """Event: these styles were just approved for production (same transaction).

        Override it to react (the PLM→PIM hand-off does); call super().
        """
        return True

    def _kobo_production_gate_problems(self):  # noqa: PLR0912 - one list of checks, read top to bottom
        """{style: [what is missing, in words]} for the styles not ready for production."""
        problems = {}

        def add(style, message):
            problems.setdefault(style, []).append(message)

        techpacks = self.kobo_current_techpack_id
        samples = self.env["kobo.sample"].search(
            [("techpack_id", "in", techpacks.ids), ("state", "=", "approved")]
        )
        samples_by_round = defaultdict(list)
        for sample in samples:
            samples_by_round[sample.techpack_id.id, sample.round_type].append(sample)
        # An approved sample vouches only for the points someone measured on it.
        samples.measurement_ids.fetch(["sample_id", "is_measured", "pom_id"])
        unmeasured = samples.measurement_ids.filtered(lambda line: not line.is_measured)
        unmeasured.pom_id.fetch(["code", "name"])
        unmeasured_points = defaultdict(list)
        for line in unmeasured:
            unmeasured_points[line.sample_id].append(line.pom_id.display_name)
        round_labels = dict(self.env["kobo.sample"]._fields["round_type"].selection)
        cost_sheets = self.env["kobo.cost.sheet"].search(
            [("style_id", "in", self.ids), ("state", "=", "approved")]
        )
        sheet_by_style = {sheet.style_id: sheet for sheet in cost_sheets}
        self.product_variant_ids.fetch(["product_template_attribute_value_ids", "display_name"])
        techpacks.bom_id.bom_line_ids.fetch(
            ["product_id", "bom_product_template_attribute_value_ids", "kobo_garment_line_id", "product_qty"]
        )
        drafts_by_style = {
            techpack.style_id.id: techpack
            for techpack in self.env["kobo.techpack"].search(
                [("style_id", "in", self.ids), ("state", "=", "draft")]
            )
        }
        stage_labels = dict(STYLE_STAGES)
        for style in self:
            if style.kobo_stage in ("production_approved", "released", "dropped"):
                add(
                    style,
                    self.env._("it is %(stage)s.", stage=stage_labels[style.kobo_stage].lower()),
                )
                continue
            techpack = style.kobo_current_techpack_id
            if not techpack:
                add(style, self.env._("no tech pack."))
            elif techpack.state != "frozen":
                add(style, self.env._("%(techpack)s is not frozen.", techpack=techpack.display_name))
            pending = drafts_by_style.get(style.id)
            if pending and pending != techpack:
                # Corrections agreed on a sample wait in a draft: production must not start
                # on the revision before them.
                add(
                    style,
                    self.env._(
                        "%(draft)s is still a draft: freeze it or delete it first.",
                        draft=pending.display_name,
                    ),
                )
            company = style.company_id or self.env.company
            for round_type in company._kobo_required_round_types():
                round_samples = samples_by_round.get((techpack.id, round_type), [])
                for sample in round_samples:
                    if unmeasured_points.get(sample):
                        add(
                            style,
                            self.env._(
                                "%(sample)s: points not measured: %(points)s.",
                                sample=sample.display_name,
                                points=", ".join(unmeasured_points[sample]),
                            ),
                        )
                if not round_samples:
                    add(
                        style,
                        self.env._(
                            "no approved %(round)s sample of %(techpack)s.",
                            round=round_labels.get(round_type, round_type).lower(),
                            techpack=techpack.display_name or self.env._("the current tech pack"),
                        ),
                    )
            sheet = sheet_by_style.get(style)
            if not sheet:
                add(style, self.env._("no approved cost sheet."))
            elif not sheet.supplierinfo_id or sheet.supplierinfo_id.product_tmpl_id != style:
                add(style, self.env._("the vendor price of %(sheet)s is missing.", sheet=sheet.display_name))
            if techpack:
                for problem in techpack._kobo_bom_explosion_problems():
                    add(style, problem)
            if style.kobo_has_expired_material:
                add(style, self.env._("a material of the BoM has an expired certificate."))
        return problems

    def _kobo_make_production_bom(self):
        """The current revision's BoM comes first for manufacturing; the others queue behind it."""
        boms = (
            self.env["mrp.bom"]
            .sudo()
            .search([("product_tmpl_id", "in", self.ids), ("kobo_techpack_id", "!=", False)])
        )
        production = self.kobo_current_techpack_id.bom_id
        queued = defaultdict(lambda: self.env["mrp.bom"].sudo())
        for bom in boms - production:
            queued[100 + bom.kobo_techpack_id.revision] |= bom
        for sequence, group in queued.items():
            group.write({"sequence": sequence})
        production.sudo().write({"sequence": 1})
