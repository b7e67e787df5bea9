"""Images and videos of a product (or one colorway), with a role, alt text and channels."""

from odoo import fields, models

ROLES = [
    ("front", "Front"),
    ("back", "Back"),
    ("detail", "Detail"),
    ("lifestyle", "Lifestyle"),
    ("swatch", "Swatch"),
    ("flat", "Technical flat"),
]


class KoboAsset(models.Model):
    _name = "kobo.asset"
    _description = "Product Asset"
    _order = "product_tmpl_id, sequence, id"

    product_tmpl_id = fields.Many2one("product.template", string="Product", required=True, ondelete="cascade", index=True)
    color_value_id = fields.Many2one(
        "product.attribute.value", string="Colorway", help="Leave empty when the asset shows every colorway."
    )
    sequence = fields.Integer(default=10)
    role = fields.Selection(ROLES, required=True, default="front")
    kind = fields.Selection([("image", "Image"), ("video", "Video link")], required=True, default="image")
    name = fields.Char(string="File Name")
    image = fields.Binary(attachment=True)
    video_url = fields.Char(string="Video URL")
    alt_text = fields.Char(string="Alt Text", translate=True)
    channel_ids = fields.Many2many("kobo.channel", string="Channels", help="Empty: every channel.")
    width = fields.Integer(readonly=True)
    height = fields.Integer(readonly=True)
    file_size = fields.Integer(string="File Size (bytes)", readonly=True)
