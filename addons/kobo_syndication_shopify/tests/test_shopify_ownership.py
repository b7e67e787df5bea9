"""Nothing of the merchant's is destroyed by a push: the fake shop implements ``productSet``'s
documented list semantics (a list given replaces the product's list), so a connector that sent
the ``kobo`` metafields or its images through ``productSet`` would delete the merchant's own
metafields and other apps' media here as on a real shop. Inventory quantities of tracked
products reach the channel's location with Shopify's compare-and-set."""

from unittest import mock

from odoo.addons.kobo_syndication.tests.common import png
from odoo.addons.kobo_syndication_shopify.fake_servers import shopify_ownership
from odoo.addons.kobo_syndication_shopify.fake_servers.shopify_ownership import PRIMARY_LOCATION
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .shopify_common import ShopifyCase
from .shopify_schema import admin_schema, schema_errors


@tagged("post_install", "-at_install")
class TestShopifyOwnership(ShopifyCase):
    def _change_price(self):
        """A price change on the channel's pricelist: the product is sent again."""
        self.pricelist_eur.item_ids.percent_price = 20

    def _metafields(self, product):
        return {(field["namespace"], field["key"]): field["value"] for field in product["metafields"]}

    def test_merchant_metafield_and_other_apps_media_survive_two_pushes(self):
        listing = self._listings(self.sweater)
        self._sync(listing)
        product = self.assertShopHoldsOnce(self.sweater)
        self._seed_merchant_data(product)
        for price in (20, 30):
            self.pricelist_eur.item_ids.percent_price = price
            self._sync(listing)
            self.assertEqual(listing.state, "published")
            product = self.assertShopHoldsOnce(self.sweater)
            self.assertEqual(self._metafields(product).get(("custom", "care_note")), "Dry clean only")
            self.assertEqual(self._metafields(product)[("kobo", "composition")], "100 % merino wool")
            self.assertEqual(self._metafields(product)[("kobo", "care")], "Hand wash cold.\nDry flat.")
            self.assertIn(
                ("https://cdn.example/lookbook.jpg", "other"),
                [(media["originalSource"], media["app"]) for media in product["media"]],
            )
        # the price did reach the shop on the second push
        self.assertEqual(product["variants"][0]["price"], "35.00")

    def test_media_are_created_once_and_kept_by_id(self):
        listing = self._listings(self.sweater)
        self._sync(listing)
        product = self.assertShopHoldsOnce(self.sweater)
        ours = [media["id"] for media in product["media"]]
        self.assertEqual(len(ours), 1)
        self.assertEqual(list(listing.shopify_media_ids.values()), ours)
        self._change_price()
        self._sync(listing)
        product = self.assertShopHoldsOnce(self.sweater)
        self.assertEqual([media["id"] for media in product["media"]], ours, "the same media, not re-created")
        self.assertEqual(len(self.state.files), 1)
        # a second image of the product is added beside the first, which keeps its id
        self.env["kobo.asset"].create(
            {"product_tmpl_id": self.sweater.id, "image": png(900, 900), "role": "back", "sequence": 2}
        )
        self._approve(self.sweater)
        self._sync(listing)
        product = self.assertShopHoldsOnce(self.sweater)
        self.assertEqual(len(product["media"]), 2)
        self.assertEqual(product["media"][0]["id"], ours[0])

    def test_an_image_removed_in_the_pim_deletes_only_our_media(self):
        listing = self._listings(self.sweater)
        self._sync(listing)
        product = self.assertShopHoldsOnce(self.sweater)
        self._seed_merchant_data(product)
        self.sweater.kobo_asset_ids.unlink()
        self._approve(self.sweater)
        self._sync(listing)
        product = self.assertShopHoldsOnce(self.sweater)
        self.assertEqual(listing.state, "published")
        self.assertEqual([media["app"] for media in product["media"]], ["other"])
        self.assertFalse(listing.shopify_media_ids)

    def test_an_emptied_text_deletes_our_metafield_only(self):
        listing = self._listings(self.sweater)
        self._sync(listing)
        product = self.assertShopHoldsOnce(self.sweater)
        self._seed_merchant_data(product)
        self.sweater.kobo_care_text = False
        self._approve(self.sweater)
        self._sync(listing)
        product = self.assertShopHoldsOnce(self.sweater)
        self.assertNotIn(("kobo", "care"), self._metafields(product))
        self.assertEqual(self._metafields(product).get(("custom", "care_note")), "Dry clean only")

    def _stock(self, variant, quantity):
        self.env["stock.quant"]._update_available_quantity(
            variant, self.env.ref("stock.warehouse0").lot_stock_id, quantity
        )
        self.env.invalidate_all()  # the sync job reads the quantities in its own transaction

    def _shop_quantity(self, template, sku, name="on_hand"):
        variant = next(v for v in self.assertShopHoldsOnce(template)["variants"] if v["sku"] == sku)
        level = self.state.inventory.get((variant["inventoryItemId"], PRIMARY_LOCATION))
        return level and level[name]

    def test_inventory_of_tracked_products_equals_odoo_on_hand(self):
        self.sweater.is_storable = True
        first, second = self.sweater.product_variant_ids[:2]
        self._stock(first, 7)
        self._stock(second, 3)
        listing = self._listings(self.sweater | self.scarf)
        self._sync(listing)
        self.assertEqual(set(listing.mapped("state")), {"published"})
        self.assertEqual(self.channel.sudo().shopify_location_id, False, "the primary location, not stored")
        self.assertEqual(self._shop_quantity(self.sweater, first.default_code), first.qty_available)
        self.assertEqual(self._shop_quantity(self.sweater, second.default_code), 3)
        self.assertEqual(self._shop_quantity(self.sweater, "MC-4"), 0)
        # the scarf is not tracked in stock: Shopify does not count it either
        scarf = self.assertShopHoldsOnce(self.scarf)
        self.assertFalse(scarf["variants"][0]["tracked"])
        self.assertIsNone(self._shop_quantity(self.scarf, "SC-1"))
        # a sale in the shop, then a delivery in Odoo: Odoo's quantity is set, over what the
        # shop had (compareQuantity is the quantity the push read)
        level = self.state.inventory[
            (
                next(v for v in self.assertShopHoldsOnce(self.sweater)["variants"] if v["sku"] == "MC-1")[
                    "inventoryItemId"
                ],
                PRIMARY_LOCATION,
            )
        ]
        level["on_hand"] -= 1
        self._stock(first, 5)
        self._change_price()
        self._sync(listing)
        self.assertEqual(self._shop_quantity(self.sweater, "MC-1"), 12)
        self.assertEqual(self.state.adjustments[-1]["reason"], "correction")

    def test_a_sale_between_read_and_write_is_not_overwritten(self):
        self.sweater.is_storable = True
        first = self.sweater.product_variant_ids[0]
        self._stock(first, 4)
        listing = self._listings(self.sweater)
        self._sync(listing)
        self._stock(first, 6)
        self._change_price()
        original = shopify_ownership.HANDLERS["inventorySetQuantities"]

        def sale_then_set(state, arguments):
            item = arguments["input"]["quantities"][0]["inventoryItemId"]
            state.inventory[(item, PRIMARY_LOCATION)]["on_hand"] -= 1
            return original(state, arguments)

        self.startPatcher(mock.patch.dict(shopify_ownership.HANDLERS, inventorySetQuantities=sale_then_set))
        self._sync(listing)
        self.assertEqual(listing.state, "error")
        self.assertIn("changed in the shop", listing.issue_ids.mapped("message")[0])
        self.assertEqual(self._shop_quantity(self.sweater, "MC-1"), 3, "the sale stays counted")

    def test_the_location_is_the_channel_setting_read_at_test_connection(self):
        self.state.locations["gid://shopify/Location/2"] = "Outlet"
        self.channel.with_user(self.syndication_manager).action_kobo_shopify_test_connection()
        self.assertEqual(self.channel.sudo().shopify_location_id, PRIMARY_LOCATION)
        with self.assertRaisesRegex(AccessError, "Inventory Location"):
            self.channel.with_user(self.syndication_user).shopify_location_id = "gid://shopify/Location/2"
        self.channel.with_user(self.syndication_manager).shopify_location_id = "gid://shopify/Location/2"
        self.sweater.is_storable = True
        self._stock(self.sweater.product_variant_ids[0], 2)
        self._sync(self._listings(self.sweater))
        variant = self.assertShopHoldsOnce(self.sweater)["variants"][0]
        self.assertEqual(
            self.state.inventory[(variant["inventoryItemId"], "gid://shopify/Location/2")]["on_hand"], 2
        )
        self.assertNotIn((variant["inventoryItemId"], PRIMARY_LOCATION), self.state.inventory)

    def test_the_schema_check_refuses_what_shopify_would(self):
        if admin_schema() is None:
            self.skipTest("Shopify's published schema is absent: fixtures absent")
        document = (
            "mutation M($input: InventorySetQuantitiesInput!) "
            "{ inventorySetQuantities(input: $input) { userErrors { code } } }"
        )
        # name and reason are required; compareQuantity is an Int
        errors = schema_errors(
            document,
            {
                "input": {
                    "quantities": [
                        {
                            "inventoryItemId": "gid://x",
                            "locationId": "gid://y",
                            "quantity": 1,
                            "compareQuantity": "2",
                        }
                    ]
                }
            },
        )
        self.assertEqual(len(errors), 3, errors)
        self.assertEqual(
            [field for field in ("'name'", "'reason'", "compareQuantity") if any(field in e for e in errors)],
            ["'name'", "'reason'", "compareQuantity"],
        )
        self.assertEqual(
            schema_errors("query { location { id nam } }", {}),
            ["Cannot query field 'nam' on type 'Location'. Did you mean 'name'?"],
        )

    def test_the_payloads_with_stock_cost_the_same_queries_for_2_and_4_products(self):
        def queries(count):
            products = self.env["product.template"].create(
                [
                    {"name": f"Stocked Tee {count} {n}", "list_price": 20, "is_storable": True}
                    for n in range(count)
                ]
            )
            for product in products:
                self._stock(product.product_variant_id, 3)
            listings = self._listings(products)
            self.env.flush_all()
            # From a cold cache, the environments' too: whether one still holds the user's
            # companies (the pricelist engine asks for them) depends on the garbage collector.
            self.env.invalidate_all()
            self.env.transaction.reset()
            before = self.env.cr.sql_log_count
            payloads = self.env["kobo.connector.shopify"].build_payload(listings)
            spent = self.env.cr.sql_log_count - before
            self.assertEqual({payload["variants"][0]["quantity"] for payload in payloads.values()}, {3})
            return spent

        self.assertEqual(queries(2), queries(4))
