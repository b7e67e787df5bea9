"""What to fix, grouped by what is wrong: one row per completeness cell × failed rule × kind.

The engine (``kobo_completeness_checks.CompletenessEngine``) writes these rows in SQL in the
same run as the cells, from the same problems as the cell's *What to Fix* text: a rule that
fails on several variants is one row ("GTIN missing on 12 of 48 variants") that lists them,
not one line per variant. A recomputed cell's rows are replaced; a deleted cell's go with it.
Nobody writes them through the ORM (catalogue users read them).
"""

from odoo import fields, models

# What kind of problem a row is; the checks of ``kobo_completeness_checks`` say which.
KINDS = [
    ("missing", "Missing"),
    ("invalid", "Invalid value"),
    ("too_short", "Too short or too few"),
    ("too_long", "Too long or too many"),
    ("image", "Image"),
    ("category", "Channel category"),
    ("price", "Price"),
    ("certification", "Certification expired"),
]


class KoboCompletenessIssue(models.Model):
    _name = "kobo.completeness.issue"
    _description = "Completeness Issue"
    _order = "product_tmpl_id, channel_id, lang_id, sequence, id"
    _rec_name = "summary"

    cell_id = fields.Many2one(
        "kobo.completeness",
        string="Completeness",
        required=True,
        readonly=True,
        ondelete="cascade",
        index=True,
    )
    rule_id = fields.Many2one(
        "kobo.requirement.rule", string="Requirement", readonly=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(readonly=True, help="The rule's place in the channel's profile.")
    # Copied from the cell by the engine (not related fields: rows are written in SQL, and
    # grouped and filtered on).
    product_tmpl_id = fields.Many2one("product.template", string="Product", readonly=True, index=True)
    channel_id = fields.Many2one("kobo.channel", readonly=True, index=True)
    lang_id = fields.Many2one("res.lang", string="Locale", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True, index=True)
    categ_id = fields.Many2one("product.category", string="Product Category", readonly=True)
    kobo_season_name = fields.Char(string="Collection", readonly=True)
    kind = fields.Selection(KINDS, readonly=True, index=True)
    field_label = fields.Char(string="Field", readonly=True, help="What the rule checks, in words.")
    summary = fields.Char(string="What to Fix", readonly=True)
    details = fields.Text(readonly=True, help="Every problem of this row, one line each, as on the cell.")
    variant_ids = fields.Many2many(
        "product.product",
        "kobo_completeness_issue_product_rel",
        "issue_id",
        "product_id",
        string="Affected Variants",
        readonly=True,
    )
    variant_count = fields.Integer(string="Variants to Fix", readonly=True, aggregator="sum")
    variant_total = fields.Integer(string="Variants", readonly=True, aggregator="sum")
    dirty = fields.Boolean(related="cell_id.dirty", string="Outdated")
    date_computed = fields.Datetime(related="cell_id.date_computed", string="Computed On")

    def action_open_product(self):
        self.ensure_one()
        return self.product_tmpl_id.get_formview_action()

    def action_open_variants(self):
        """The variants this row is about, in a list (a form when there is one)."""
        self.ensure_one()
        action = {
            "type": "ir.actions.act_window",
            "name": self.env._(
                "%(product)s: %(summary)s", product=self.product_tmpl_id.display_name, summary=self.summary
            ),
            "res_model": "product.product",
            "domain": [("id", "in", self.variant_ids.ids)],
            "view_mode": "list,form",
            "context": {"create": False},
        }
        if len(self.variant_ids) == 1:
            action.update(view_mode="form", res_id=self.variant_ids.id)
        return action
