"""A quantity that changes without the variant going in or out of stock (10 → 7) reaches Shopify:
the stock hook (kobo_syndication_stock) queues the listings of channels that show quantities
(``kobo.connector.shopify._kobo_shows_quantities``), and the push sets the new on-hand quantity
with ``inventorySetQuantities``. A channel that shows only availability is queued only when a
variant goes in or out of stock."""

from odoo.addons.kobo_base.models.kobo_workflow_mixin import privileged
from odoo.addons.kobo_syndication_shopify.fake_servers.shopify_ownership import PRIMARY_LOCATION
from odoo.tests import tagged

from .shopify_common import ShopifyCase


@tagged("post_install", "-at_install")
class TestShopifyStockQuantities(ShopifyCase):
    def _stock(self, variant, quantity):
        self.env["stock.quant"]._update_available_quantity(
            variant, self.env.ref("stock.warehouse0").lot_stock_id, quantity
        )
        # as a new transaction would: no quantity read before the move is still cached
        self.env.invalidate_all()

    def _commit_point(self):
        """The commit point: the stock hook queues what the moves changed."""
        self.env.cr.flush()
        self.env.invalidate_all()  # the sync job reads the quantities as its own transaction would

    def _shop_on_hand(self, sku):
        variant = next(v for v in self.assertShopHoldsOnce(self.sweater)["variants"] if v["sku"] == sku)
        return self.state.inventory[(variant["inventoryItemId"], PRIMARY_LOCATION)]["on_hand"]

    def test_a_quantity_only_change_is_pushed_to_shopify(self):
        self.assertTrue(type(self.env["kobo.connector.shopify"])._kobo_shows_quantities)
        self.sweater.is_storable = True
        first = self.sweater.product_variant_ids[0]
        self._stock(first, 10)
        self._commit_point()
        listing = self._listings(self.sweater)
        self._sync(listing)
        self.assertEqual(listing.state, "published")
        self.assertEqual(self._shop_on_hand("MC-1"), 10)
        # a channel that shows only in stock / out of stock (no connector showing quantities)
        availability_only = (
            self.env["kobo.listing"]
            .sudo()
            .create({"product_tmpl_id": self.sweater.id, "channel_id": self.shop.id})
        )
        privileged(availability_only).write({"state": "published", "external_id": "x"})
        self._commit_point()

        self._stock(first, -3)  # 10 → 7: still in stock
        self._commit_point()
        self.assertEqual(listing.state, "queued", "Shopify shows the quantity: its listing is queued")
        self.assertEqual(availability_only.state, "published", "availability unchanged: nothing to show")
        adjustments = len(self.state.adjustments)
        self.channel._kobo_job_sync()
        self.assertEqual(listing.state, "published")
        self.assertEqual(len(self.state.adjustments), adjustments + 1, "one inventorySetQuantities")
        change = {"name": "on_hand", "delta": -3, "quantityAfterChange": 7}
        self.assertEqual(self.state.adjustments[-1]["changes"], [change], "the new quantity is pushed")
        self.assertEqual(self._shop_on_hand("MC-1"), 7)

        self._stock(first, -7)  # 7 → 0: out of stock, every channel is told
        self._commit_point()
        self.assertEqual((listing.state, availability_only.state), ("queued", "queued"))
        self.channel._kobo_job_sync()
        self.assertEqual(self._shop_on_hand("MC-1"), 0)
