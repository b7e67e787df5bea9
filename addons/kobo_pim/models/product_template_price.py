"""Prices of the catalogue's products that nobody can mean are refused, for every caller.

The suggested prices are Kōbō's own fields: never negative. The sales price is Odoo's, which
allows a negative one for discount and service lines, so it is checked on the products the
catalogue team enriches only (kobo_plm checks it on styles).
"""

from odoo import api, models
from odoo.addons.kobo_base.models.kobo_price_bounds import check_prices

SUGGESTED_PRICES = ("kobo_suggested_retail_price", "kobo_suggested_wholesale_price")


class ProductTemplate(models.Model):
    _inherit = "product.template"

    @api.constrains("list_price", *SUGGESTED_PRICES)
    def _check_kobo_prices(self):
        # the suggested prices are the catalogue team's (field groups): checked whoever writes
        check_prices(self.sudo(), SUGGESTED_PRICES)
        enriched = self.env["kobo.enrichment"].sudo().search([("product_tmpl_id", "in", self.ids)])
        check_prices(enriched.product_tmpl_id, ("list_price",))


class KoboEnrichment(models.Model):
    _inherit = "kobo.enrichment"

    @api.constrains("product_tmpl_id")
    def _check_kobo_product_prices(self):
        # a product with a negative sales price does not enter enrichment with it
        check_prices(self.product_tmpl_id, ("list_price",))
