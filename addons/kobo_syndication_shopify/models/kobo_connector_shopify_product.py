"""The product's handle on Shopify: its address in the shop (``/products/<handle>``) and the key
the connector finds it by when our side lost the product's id (a crash between Shopify's
success and our commit): stored, set once from the name, kept when the name changes."""

import re

from odoo import api, fields, models

SHOPIFY_HANDLE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class ProductTemplate(models.Model):
    _inherit = "product.template"

    kobo_shopify_handle = fields.Char(
        string="Shopify Handle",
        compute="_compute_kobo_shopify_handle",
        store=True,
        readonly=False,
        copy=False,
        index="btree_not_null",
        help="The product's handle on Shopify (its URL). Set once from the name; change it only to "
        "match a product already in the shop.",
    )

    @api.depends("name")
    def _compute_kobo_shopify_handle(self):
        # Set once: a rename recomputes, but keeps the handle, so the product's address stays.
        for template in self:
            if not template.kobo_shopify_handle and template.id:
                slug = self.env["ir.http"]._slugify(
                    template.with_context(lang="en_US").name or "", max_length=200
                )
                template.kobo_shopify_handle = f"{slug}-{template.id}" if slug else f"product-{template.id}"
