"""A channel's price is its pricelist's rules: changing one outdates the completeness of the
products it applies to on the channels that check prices (``kobo_completeness_reach.py``)."""

from odoo import api, models


class ProductPricelistItem(models.Model):
    _inherit = "product.pricelist.item"

    @api.model_create_multi
    def create(self, vals_list):
        items = super().create(vals_list)
        self.env["kobo.completeness"]._kobo_pricelist_items_changed(items.ids)
        return items

    def write(self, vals):
        # the products and pricelist a rule leaves, then those it reaches
        self.env["kobo.completeness"]._kobo_pricelist_items_changed(self.ids)
        result = super().write(vals)
        self.env["kobo.completeness"]._kobo_pricelist_items_changed(self.ids)
        return result

    def unlink(self):
        self.env["kobo.completeness"]._kobo_pricelist_items_changed(self.ids)
        return super().unlink()
