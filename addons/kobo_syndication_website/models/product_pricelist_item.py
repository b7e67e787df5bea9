"""The web shop strikes through the price the PIM calls regular, and only during a sale.

The PIM's prices of a channel (``kobo.channel._kobo_prices``) call *regular* the price its
pricelist gives without its dated rules, and *sale* the price of a dated rule. website_sale has
its own idea: a formula rule with a discount (or a percentage rule) is shown as a discount from
the rule's base (the Sales Price, before the pricelist's price points), dated or not. On a web
shop channel's pricelist the two would disagree (the winter sale struck through 129.00 € while the
regular price is 129.95 €), so for those pricelists the shop follows the PIM through the two
hooks website_sale calls for the product page and the shop grid.
"""

from odoo import models


class ProductPricelistItem(models.Model):
    _inherit = "product.pricelist.item"

    def _kobo_is_dated(self):
        return bool(self.date_start or self.date_end)

    def _kobo_on_web_shop_channel(self):
        """Whether this rule's pricelist is the pricelist of a web shop channel."""
        return bool(
            self.pricelist_id
            and self.env["kobo.channel"]
            .sudo()
            .search_count(
                [("connector", "=", "website"), ("pricelist_id", "=", self.pricelist_id.id)], limit=1
            )
        )

    def _show_discount_on_shop(self):
        """On a web shop channel's pricelist, the shop shows a discount for a dated rule (a sale
        in the PIM) and for no other rule."""
        shown = super()._show_discount_on_shop()
        if not self or bool(shown) == self._kobo_is_dated() or not self._kobo_on_web_shop_channel():
            return shown
        return self._kobo_is_dated()

    def _compute_price_before_discount(self, *args, **kwargs):
        """On a web shop channel's pricelist, the price before a dated rule's discount is the
        PIM's regular price: the pricelist's price without its dated rules."""
        if not (self and self._kobo_is_dated() and self._kobo_on_web_shop_channel()):
            return super()._compute_price_before_discount(*args, **kwargs)
        names = ("product", "quantity", "uom", "date", "currency")
        values = dict(zip(names, args, strict=False)) | kwargs
        return self.pricelist_id._get_product_price(
            values["product"],
            values.get("quantity") or 1.0,
            currency=values.get("currency"),
            uom=values.get("uom"),
            date=values.get("date") or False,
            kobo_undated=True,
        )
