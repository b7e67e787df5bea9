"""Which Amazon product type the products of a category are listed as, per Amazon channel.

A skirt is a SKIRT and a hoodie a SWEATSHIRT on Amazon: each product type has its own required
attributes and validation. The most specific category of a product that has a row here wins
(a row for "Apparel / Tops" beats one for "Apparel"); a product of no mapped category is listed
as the channel's default product type. Syndication managers keep the table (the access rights
give the others read access only); a row's channel cannot be changed (``kobo_immutable``): one
is deleted and another made instead.
"""

import re

from odoo import api, fields, models
from odoo.exceptions import ValidationError

#: Amazon names product types in upper case with underscores (SHIRT, SKIRT, SWEATSHIRT, ...).
PRODUCT_TYPE_PATTERN = re.compile(r"^[A-Z][A-Z0-9_]{1,99}$")


class KoboAmazonProductTypeMap(models.Model):
    _name = "kobo.amazon.product.type.map"
    _description = "Amazon Product Type per Product Category"
    _order = "channel_id, categ_id, id"

    channel_id = fields.Many2one(
        "kobo.channel",
        required=True,
        ondelete="cascade",
        index=True,
        domain=[("connector", "=", "amazon")],
        kobo_immutable=True,
    )
    categ_id = fields.Many2one(
        "product.category",
        string="Product Category",
        required=True,
        ondelete="cascade",
        index=True,
        help="Products of this category and of its sub-categories without a row of their own.",
    )
    product_type = fields.Char(
        string="Amazon Product Type",
        required=True,
        help="As the Product Type Definitions API names it: SHIRT, SKIRT, SWEATSHIRT, DRESS, PANTS, ...",
    )

    _sql_constraints = [
        (
            "channel_categ_unique",
            "unique(channel_id, categ_id)",
            "A product category has one Amazon product type per channel.",
        ),
    ]

    @api.constrains("product_type")
    def _check_product_type(self):
        for row in self:
            if not PRODUCT_TYPE_PATTERN.match(row.product_type or ""):
                raise ValidationError(
                    self.env._(
                        "%(value)s is not an Amazon product type: Amazon names them in capitals and "
                        "underscores, e.g. SHIRT, SKIRT, SWEATSHIRT.",
                        value=row.product_type,
                    )
                )

    @api.model
    def _kobo_product_types(self, channel, templates):
        """{template id: Amazon product type} on ``channel``: the most specific mapped category of
        each product, else the channel's default product type (one query for the table)."""
        channel = channel.sudo()
        rows = self.sudo().search([("channel_id", "=", channel.id)])
        by_category = {row.categ_id.id: row.product_type for row in rows}
        default = channel.amazon_product_type or ""
        types = {}
        for template in templates:
            category = template.categ_id
            ancestors = [int(part) for part in (category.parent_path or "").split("/") if part]
            types[template.id] = next(
                (by_category[categ_id] for categ_id in reversed(ancestors) if categ_id in by_category),
                default,
            )
        return types
