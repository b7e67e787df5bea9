from odoo import models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    def write(self, vals):
        result = super().write(vals)
        if "is_storable" in vals:
            # Tracking stock or not changes the availability channels show (untracked products
            # are always in stock); quantities are watched by stock_quant.py.
            self._kobo_listings_at_commit("push")
        return result
