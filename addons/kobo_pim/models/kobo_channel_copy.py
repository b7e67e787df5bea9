"""Copy overridden for one channel: an empty field falls back to the product's own copy."""

from odoo import fields, models


class KoboChannelCopy(models.Model):
    _name = "kobo.channel.copy"
    _description = "Copy per Channel"
    _order = "product_tmpl_id, channel_id"
    _rec_name = "channel_id"

    product_tmpl_id = fields.Many2one("product.template", string="Product", required=True, ondelete="cascade", index=True)
    channel_id = fields.Many2one("kobo.channel", required=True, ondelete="cascade", index=True)
    kobo_marketing_name = fields.Char(string="Marketing Name", translate=True)
    kobo_description = fields.Html(string="Marketing Description", translate=True, sanitize_attributes=True)
    kobo_bullet_points = fields.Text(string="Bullet Points", translate=True)
    kobo_seo_title = fields.Char(string="SEO Title", translate=True)
    kobo_seo_description = fields.Text(string="SEO Description", translate=True)
    kobo_seo_keywords = fields.Char(string="SEO Keywords", translate=True)

    _sql_constraints = [
        ("product_channel_unique", "unique(product_tmpl_id, channel_id)", "A product has one copy per channel."),
    ]
