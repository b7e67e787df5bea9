"""The product's main picture as the Odoo website connector last set it."""

from odoo import fields, models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    kobo_website_image_key = fields.Char(
        string="Shop Image Version",
        readonly=True,
        copy=False,
        help="Asset and version the web shop connector last set as the product's main image: a push "
        "of the same image writes nothing, and an image set by hand (no version) is replaced only "
        "by a channel asset.",
    )
