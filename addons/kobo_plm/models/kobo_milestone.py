from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .kobo_sample import ROUND_TYPES


class KoboMilestoneType(models.Model):
    """A step of the brand's time-and-action calendar, planned so many days before delivery."""

    _name = "kobo.milestone.type"
    _description = "Time and Action Milestone"
    _order = "days_before_delivery desc, sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    days_before_delivery = fields.Integer(
        required=True, help="How many days before the delivery date this milestone is due."
    )
    sample_round_type = fields.Selection(
        ROUND_TYPES,
        string="Done by Sample Round",
        help="When a sample of this round is approved for the style, the milestone is done.",
    )
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("days_positive", "CHECK(days_before_delivery >= 0)", "A milestone is due on or before delivery."),
    ]


class KoboMilestone(models.Model):
    """One milestone of one style: back-scheduled from its delivery date, late when missed."""

    _name = "kobo.milestone"
    _description = "Style Milestone"
    _order = "date_planned, sequence, id"

    style_id = fields.Many2one(
        "product.template",
        required=True,
        ondelete="cascade",
        index=True,
        domain="[('kobo_is_style', '=', True)]",
    )
    type_id = fields.Many2one("kobo.milestone.type", string="Milestone", required=True, ondelete="restrict")
    name = fields.Char(related="type_id.name")
    sequence = fields.Integer(related="type_id.sequence", store=True)
    season_id = fields.Many2one(related="style_id.kobo_season_id", store=True, index=True)
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        compute="_compute_user_id",
        store=True,
        readonly=False,
        precompute=True,
        help="The style's product developer by default.",
    )
    date_planned = fields.Date(string="Due", required=True)
    date_done = fields.Date(string="Done")
    is_late = fields.Boolean(compute="_compute_is_late", search="_search_is_late")
    company_id = fields.Many2one(related="style_id.company_id", store=True)

    _sql_constraints = [
        ("style_type_unique", "UNIQUE(style_id, type_id)", "A style has each milestone once."),
    ]

    @api.depends("style_id")
    def _compute_user_id(self):
        for milestone in self:
            if not milestone.user_id:
                milestone.user_id = milestone.style_id.kobo_developer_id or self.env.user

    @api.depends("date_planned", "date_done")
    def _compute_is_late(self):
        today = fields.Date.context_today(self)
        for milestone in self:
            milestone.is_late = bool(
                milestone.date_planned and not milestone.date_done and milestone.date_planned < today
            )

    def _search_is_late(self, operator, value):
        if operator not in ("=", "!="):
            raise ValidationError(self.env._("Search late milestones with = or != only."))
        late = [("date_done", "=", False), ("date_planned", "<", fields.Date.context_today(self))]
        return late if (operator == "=") == bool(value) else ["!", "&", *late]

    @api.depends("style_id.kobo_style_number", "name")
    def _compute_display_name(self):
        for milestone in self:
            milestone.display_name = f"{milestone.style_id.kobo_style_number or ''} · {milestone.name or ''}"

    def action_done(self):
        self.filtered(lambda milestone: not milestone.date_done).write(
            {"date_done": fields.Date.context_today(self)}
        )
        return True

    def action_reopen(self):
        self.write({"date_done": False})
        return True

    def _kobo_complete_from_samples(self):
        """Mark done the open milestones whose sample round has an approved sample of the style."""
        open_milestones = self.filtered(
            lambda milestone: not milestone.date_done and milestone.type_id.sample_round_type
        )
        if not open_milestones:
            return
        samples = self.env["kobo.sample"].search(
            [
                ("style_id", "in", open_milestones.style_id.ids),
                ("state", "=", "approved"),
                ("round_type", "in", open_milestones.type_id.mapped("sample_round_type")),
            ],
            order="date_reviewed",
        )
        reviewed = {}
        for sample in samples:
            reviewed.setdefault((sample.style_id.id, sample.round_type), sample.date_reviewed)
        today = fields.Date.context_today(self)
        for milestone in open_milestones:
            key = (milestone.style_id.id, milestone.type_id.sample_round_type)
            if key in reviewed:
                milestone.date_done = reviewed[key] or today
