"""A product's enrichment: the catalogue team's work on it, from *to enrich* to *approved*."""

from odoo import api, fields, models
from odoo.addons.kobo_base.models.kobo_workflow_mixin import privileged
from odoo.exceptions import UserError, ValidationError

PIM_USERS = "kobo_pim.group_kobo_pim_user"
PIM_MANAGERS = "kobo_pim.group_kobo_pim_manager"
ACTIVITY_ENRICH = "kobo_pim.mail_activity_type_kobo_enrich"
ACTIVITY_REVIEW = "kobo_pim.mail_activity_type_kobo_review"

STATES = [
    ("to_enrich", "To Enrich"),
    ("in_progress", "In Progress"),
    ("in_review", "In Review"),
    ("approved", "Approved"),
]


class KoboEnrichment(models.Model):
    _name = "kobo.enrichment"
    _description = "Product Enrichment"
    _inherit = ["mail.thread", "mail.activity.mixin", "kobo.workflow.mixin"]
    _order = "date_deadline, id desc"
    _rec_name = "product_tmpl_id"
    _kobo_workflow_fields = ("state", "date_approved", "approved_by_id")

    product_tmpl_id = fields.Many2one(
        "product.template",
        string="Product",
        required=True,
        ondelete="cascade",
        index=True,
        tracking=True,
        kobo_immutable=True,
    )
    state = fields.Selection(
        STATES,
        default="to_enrich",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
        index=True,
        group_expand=True,
    )
    user_id = fields.Many2one(
        "res.users",
        string="Assignee",
        tracking=True,
        index=True,
        domain=lambda self: [("groups_id", "in", self.env.ref(PIM_USERS).ids), ("share", "=", False)],
    )
    reviewer_id = fields.Many2one(
        "res.users",
        tracking=True,
        domain=lambda self: [("groups_id", "in", self.env.ref(PIM_MANAGERS).ids), ("share", "=", False)],
        help="Who gets the review activity when the content is submitted; empty: every catalogue manager.",
    )
    date_deadline = fields.Date(string="Deadline", tracking=True)
    is_late = fields.Boolean(
        string="Late",
        compute="_compute_is_late",
        search="_search_is_late",
        help="Past its deadline, not approved.",
    )
    date_approved = fields.Datetime(string="Approved On", readonly=True, copy=False)
    approved_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    company_id = fields.Many2one(related="product_tmpl_id.company_id", store=True)
    image_128 = fields.Image(related="product_tmpl_id.image_128")
    categ_id = fields.Many2one(related="product_tmpl_id.categ_id", store=True)
    kobo_season_name = fields.Char(related="product_tmpl_id.kobo_season_name", store=True)

    _sql_constraints = [
        ("product_unique", "unique(product_tmpl_id)", "A product has one enrichment."),
    ]

    @api.depends("date_deadline", "state")
    @api.depends_context("tz")
    def _compute_is_late(self):
        today = fields.Date.context_today(self)
        for enrichment in self:
            enrichment.is_late = bool(
                enrichment.date_deadline
                and enrichment.date_deadline < today
                and enrichment.state != "approved"
            )

    def _search_is_late(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise NotImplementedError(self.env._("Search on Late only with = or != and a boolean."))
        late = [("date_deadline", "<", fields.Date.context_today(self)), ("state", "!=", "approved")]
        return late if (operator == "=") == value else ["!", "&", *late]

    @api.model_create_multi
    def create(self, vals_list):
        self._kobo_check_one_per_product([vals.get("product_tmpl_id") for vals in vals_list])
        enrichments = super().create(vals_list)
        enrichments.filtered("user_id")._kobo_schedule_enrich_activity()
        return enrichments

    def write(self, vals):
        if "product_tmpl_id" in vals and any(e.product_tmpl_id.id != vals["product_tmpl_id"] for e in self):
            # An approval belongs to the content it reviewed: it never moves to another product.
            raise UserError(self.env._("The product of an enrichment cannot be changed."))
        reassigned = self.browse()
        if "user_id" in vals:
            reassigned = self.filtered(lambda enrichment: enrichment.user_id.id != vals["user_id"])
            # The old assignee's to-do goes; the new one gets theirs below.
            reassigned.activity_unlink([ACTIVITY_ENRICH])
        result = super().write(vals)
        reassigned.filtered("user_id")._kobo_schedule_enrich_activity()
        if "date_deadline" in vals:
            for enrichment in self - reassigned:
                enrichment.activity_reschedule([ACTIVITY_ENRICH], date_deadline=enrichment.date_deadline)
        return result

    def _kobo_check_one_per_product(self, product_ids):
        # Before the unique index, so that an import names the product instead of a database error.
        taken = (
            self.sudo()
            .search([("product_tmpl_id", "in", [pid for pid in product_ids if pid])])
            .product_tmpl_id
        )
        seen = set()
        for product_id in product_ids:
            if not product_id:
                raise ValidationError(self.env._("An enrichment needs its product."))
            if product_id in taken.ids or product_id in seen:
                raise ValidationError(
                    self.env._(
                        "%(product)s already has an enrichment.",
                        product=self.env["product.template"].browse(product_id).sudo().display_name,
                    )
                )
            seen.add(product_id)

    # Actions (buttons). Each checks the group, then moves only records in the right state.

    def action_start(self):
        self._kobo_check_group(PIM_USERS, self.env._("start enriching a product"))
        self._kobo_transition(["to_enrich"], "in_progress")
        return True

    def action_submit(self):
        self._kobo_check_group(PIM_USERS, self.env._("submit a product's content for review"))
        self._kobo_transition(["in_progress"], "in_review")
        self.activity_feedback([ACTIVITY_ENRICH])
        self._kobo_schedule_review_activity()
        return True

    def action_approve(self):
        self._kobo_check_group(PIM_MANAGERS, self.env._("approve a product's content"))
        self._kobo_transition(
            ["in_review"],
            "approved",
            {"date_approved": fields.Datetime.now(), "approved_by_id": self.env.uid},
        )
        self.activity_feedback([ACTIVITY_ENRICH, ACTIVITY_REVIEW], feedback=self.env._("Approved"))
        return True

    def action_send_back(self):
        self._kobo_check_group(PIM_MANAGERS, self.env._("send a product's content back for rework"))
        self._kobo_transition(["in_review"], "in_progress")
        self.activity_feedback([ACTIVITY_REVIEW], feedback=self.env._("Sent back for rework"))
        self.filtered("user_id")._kobo_schedule_enrich_activity(rework=True)
        return True

    def action_reopen(self):
        self._kobo_check_group(PIM_USERS, self.env._("reopen an approved product's content"))
        self._kobo_transition(["approved"], "in_progress", {"date_approved": False, "approved_by_id": False})
        self.filtered("user_id")._kobo_schedule_enrich_activity(rework=True)
        return True

    def action_open_product(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "product.template",
            "res_id": self.product_tmpl_id.id,
            "view_mode": "form",
        }

    # Business methods

    @api.model
    def _kobo_ensure(self, templates):
        """The enrichments of `templates`, created *to enrich* where missing (one query per batch)."""
        existing = self.search([("product_tmpl_id", "in", templates.ids)])
        missing = templates - existing.product_tmpl_id
        return existing | privileged(self).create([{"product_tmpl_id": template.id} for template in missing])

    def _kobo_content_changed(self, changes):
        """Approved content changed: back to *in review*, with the changes named in the chatter.

        `changes` maps an enrichment's product id to the labels of what changed on it. Called as
        the system (whoever edited the product may not be a catalogue user): the transition is the
        consequence of the edit, not an approval decision, so no group is checked here.
        """
        approved = self.filtered(lambda enrichment: enrichment.state == "approved")
        if not approved:
            return
        approved = approved.sudo()
        approved._kobo_transition(
            ["approved"], "in_review", {"date_approved": False, "approved_by_id": False}
        )
        for enrichment in approved:
            enrichment.message_post(
                body=self.env._(
                    "Content changed after approval (%(changes)s): back in review.",
                    changes=", ".join(changes.get(enrichment.product_tmpl_id.id, ())),
                ),
                subtype_xmlid="mail.mt_note",
            )
        approved._kobo_schedule_review_activity()

    def _kobo_schedule_enrich_activity(self, rework=False):
        for enrichment in self:
            product = enrichment.product_tmpl_id.display_name
            enrichment.activity_schedule(
                ACTIVITY_ENRICH,
                date_deadline=enrichment.date_deadline or fields.Date.context_today(enrichment),
                summary=self.env._("Rework %(product)s", product=product)
                if rework
                else self.env._("Enrich %(product)s", product=product),
                user_id=enrichment.user_id.id,
            )

    def _kobo_schedule_review_activity(self):
        managers = self.env.ref(PIM_MANAGERS).sudo().users.filtered(lambda user: not user.share)
        for enrichment in self:
            reviewers = enrichment.reviewer_id or managers.filtered(
                lambda user, company=enrichment.company_id: not company or company in user.company_ids
            )
            for reviewer in reviewers:
                enrichment.activity_schedule(
                    ACTIVITY_REVIEW,
                    summary=self.env._("Review %(product)s", product=enrichment.product_tmpl_id.display_name),
                    user_id=reviewer.id,
                )
