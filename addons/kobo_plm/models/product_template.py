from odoo import fields, models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    kobo_is_style = fields.Boolean(
        string="Is a Style",
        index=True,
        help="A style developed by the brand: it has a season, tech packs, samples and costing.",
    )
    kobo_season_id = fields.Many2one("kobo.season", string="Season", index=True, tracking=True)
    kobo_designer_id = fields.Many2one("res.users", string="Designer", tracking=True)
    kobo_developer_id = fields.Many2one("res.users", string="Product Developer", tracking=True)
    kobo_size_range_id = fields.Many2one("kobo.size.range", string="Size Range")
