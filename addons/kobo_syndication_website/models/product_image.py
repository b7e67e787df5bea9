"""The shop's extra product images that the Odoo website connector made from a channel's assets."""

from odoo import fields, models


class ProductImage(models.Model):
    _inherit = "product.image"

    # What the connector matches on when it pushes again: the asset an image was made from, and
    # which version of it (source checksum and rendition spec), so an unchanged image is kept
    # as it is and a second push creates nothing.
    kobo_asset_id = fields.Many2one(
        "kobo.asset", string="Asset", readonly=True, ondelete="set null", index="btree_not_null"
    )
    kobo_image_key = fields.Char(string="Asset Version", readonly=True, copy=False)
