"""A product's enrichment: the catalogue team's work on it, from *to enrich* to *approved*."""

from odoo import api, fields, models

from odoo.addons.kobo_base.models.kobo_workflow_mixin import privileged

PIM_MANAGERS = "kobo_pim.group_kobo_pim_manager"

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

    product_tmpl_id = fields.Many2one(
        "product.template", string="Product", required=True, ondelete="cascade", index=True, tracking=True
    )
    state = fields.Selection(
        STATES, default="to_enrich", required=True, readonly=True, copy=False, tracking=True, index=True
    )
    user_id = fields.Many2one("res.users", string="Assignee", tracking=True, index=True)
    date_deadline = fields.Date(string="Deadline", tracking=True)
    company_id = fields.Many2one(related="product_tmpl_id.company_id", store=True)
    image_128 = fields.Image(related="product_tmpl_id.image_128")
    categ_id = fields.Many2one(related="product_tmpl_id.categ_id", store=True)
    kobo_season_name = fields.Char(related="product_tmpl_id.kobo_season_name", store=True)

    _sql_constraints = [
        ("product_unique", "unique(product_tmpl_id)", "A product has one enrichment."),
    ]

    @api.model
    def _kobo_ensure(self, templates):
        """The enrichments of `templates`, created *to enrich* where missing (one query per batch)."""
        existing = self.search([("product_tmpl_id", "in", templates.ids)])
        missing = templates - existing.product_tmpl_id
        return existing | privileged(self).create([{"product_tmpl_id": template.id} for template in missing])
