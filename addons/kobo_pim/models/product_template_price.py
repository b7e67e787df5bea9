"""Prices of the catalogue's products that nobody can mean are refused, for every caller.

The suggested prices are Kōbō's own fields: never negative. The sales price is Odoo's, which
allows a negative one for discount and service lines, so it is checked on the products the
catalogue team enriches only (kobo_plm checks it on styles).
"""

from odoo import api, models
from odoo.addons.kobo_base.models.kobo_price_bounds import MAX_PRICE, check_prices


class ProductTemplate(models.Model):
    _inherit = "product.template"

    # The catalogue team's fields (field groups), checked whoever writes. One check per field:
    # each reads only the value just written, from the cache (the hand-off writes them style by
    # style, and a read of the other field would be a query each time).
    @api.constrains("kobo_suggested_retail_price")
    def _check_kobo_suggested_retail_price(self):
        check_prices(self.sudo(), ("kobo_suggested_retail_price",))

    @api.constrains("kobo_suggested_wholesale_price")
    def _check_kobo_suggested_wholesale_price(self):
        check_prices(self.sudo(), ("kobo_suggested_wholesale_price",))

    @api.constrains("list_price")
    def _check_kobo_enriched_list_price(self):
        # the enrichments are read for the whole prefetch set at once
        enriched = self.sudo().filtered("kobo_enrichment_ids")
        check_prices(enriched, ("list_price",))


class KoboEnrichment(models.Model):
    _inherit = "kobo.enrichment"

    @api.constrains("product_tmpl_id")
    def _check_kobo_product_prices(self):
        # A product with a negative sales price does not enter enrichment with it. One query
        # whatever the batch: only the products whose price is out of bounds are read.
        products = (
            self.env["product.template"]
            .sudo()
            .with_context(active_test=False)
            .search(
                [
                    ("id", "in", self.product_tmpl_id.ids),
                    "|",
                    ("list_price", "<", 0),
                    ("list_price", ">", MAX_PRICE),
                ]
            )
        )
        check_prices(products, ("list_price",))
