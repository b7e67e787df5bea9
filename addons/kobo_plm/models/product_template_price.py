"""A style's prices that nobody can mean are refused, for every caller.

Odoo allows a negative sales price (discount and service lines); a style is a garment the
brand sells, so its sales price and its target retail price are never negative.
"""

from odoo import api, models
from odoo.addons.kobo_base.models.kobo_price_bounds import check_prices


class ProductTemplate(models.Model):
    _inherit = "product.template"

    @api.constrains("kobo_is_style", "list_price", "kobo_target_retail_price")
    def _check_kobo_style_prices(self):
        # the target retail price is the PLM users' (field groups): checked whoever writes
        styles = self.sudo().filtered("kobo_is_style")
        check_prices(styles, ("list_price", "kobo_target_retail_price"))
