"""The Shopify connector against the local fake shop: what a published product looks like in the
shop, translations, delisting, Shopify's limits checked before any call, Shopify's userErrors
mapped onto the listing, the channel's credentials, the Test connection button."""

import logging
from datetime import timedelta
from unittest import mock

from odoo import Command, fields
from odoo.addons.kobo_syndication_shopify.models import kobo_connector_shopify_payload as payload_module
from odoo.addons.queue_job.job import Job
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .shopify_common import TOKEN, ShopifyCase


@tagged("post_install", "-at_install")
class TestShopifyConnector(ShopifyCase):
    def test_publish_sends_options_variants_prices_images_metafields_and_handle(self):
        # the sweater's winter sale: a dated rule of the channel's pricelist, 20 % off the list price
        self.pricelist_eur.item_ids = [
            Command.create(
                {
                    "compute_price": "percentage",
                    "percent_price": 20,
                    "applied_on": "1_product",
                    "product_tmpl_id": self.sweater.id,
                    "date_start": fields.Datetime.now() - timedelta(days=1),
                    "date_end": fields.Datetime.now() + timedelta(days=30),
                }
            )
        ]
        listings = self._listings()
        listings.with_user(self.syndication_user).action_publish()
        job = self.env["queue.job"].search(
            [("identity_key", "=", f"kobo_syndication_sync:{self.channel.id}")]
        )
        self.assertEqual(job.channel, "root.kobo_syndication.shopify")
        Job.load(self.env, job.uuid).perform()
        self.assertEqual(set(listings.mapped("state")), {"published"})
        sweater_listing = listings.filtered(lambda listing: listing.product_tmpl_id == self.sweater)
        product = self.assertShopHoldsOnce(self.sweater)
        self.assertEqual(sweater_listing.external_id, product["id"])
        self.assertTrue(product["id"].startswith("gid://shopify/Product/"))
        self.assertEqual(product["title"], "Merino crew-neck sweater")
        self.assertEqual(product["descriptionHtml"], "<p>Extra-fine merino.</p>")
        self.assertEqual(product["vendor"], "Kobo")
        self.assertEqual(product["tags"], ["AW27"])
        self.assertEqual(
            product["options"],
            [{"name": "Color", "values": ["Navy", "Red"]}, {"name": "Size", "values": ["S", "M"]}],
        )
        variants = {variant["sku"]: variant for variant in product["variants"]}
        self.assertEqual(sorted(variants), ["MC-1", "MC-2", "MC-3", "MC-4"])
        first = self.sweater.product_variant_ids[0]
        self.assertEqual(variants["MC-1"]["barcode"], first.barcode)
        # on sale: the channel's regular price (10 % off the 50.00 list price) is the compare-at,
        # the sale price (20 % off) the price
        self.assertEqual((variants["MC-1"]["price"], variants["MC-1"]["compareAtPrice"]), ("40.00", "45.00"))
        self.assertEqual(variants["MC-1"]["inventoryPolicy"], "DENY")
        self.assertEqual(
            variants["MC-1"]["optionValues"],
            [{"optionName": "Color", "name": "Navy"}, {"optionName": "Size", "name": "S"}],
        )
        self.assertEqual(len(product["media"]), 1)
        self.assertIn("/web/image/", product["media"][0]["originalSource"])
        self.assertIn("access_token=", product["media"][0]["originalSource"])
        # each colour's variants show the colour's image (the only one here)
        self.assertEqual(
            {tuple(variant["mediaIds"]) for variant in product["variants"]}, {(product["media"][0]["id"],)}
        )
        self.assertEqual(
            {(field["namespace"], field["key"], field["value"]) for field in product["metafields"]},
            {
                ("kobo", "composition", "100 % merino wool"),
                ("kobo", "care", "Hand wash cold.\nDry flat."),
                ("kobo", "origin", "Portugal"),
            },
        )
        scarf = self.assertShopHoldsOnce(self.scarf)
        self.assertEqual(scarf["options"], [])
        self.assertEqual(scarf["variants"][0]["sku"], "SC-1")
        # not on sale: the channel's price (10 % off 30.00) is its regular price, nothing struck through
        scarf_variant = scarf["variants"][0]
        self.assertEqual((scarf_variant["price"], scarf_variant.get("compareAtPrice")), ("27.00", None))

    def test_compare_at_price_only_when_the_channel_price_is_lower(self):
        self.pricelist_eur.item_ids.unlink()
        self._sync(self._listings(self.scarf))
        variant = self.assertShopHoldsOnce(self.scarf)["variants"][0]
        self.assertEqual((variant["price"], variant.get("compareAtPrice")), ("30.00", None))

    def test_translations_registered_with_the_digests_shopify_gave(self):
        self._sync(self._listings(self.sweater))
        product = self.assertShopHoldsOnce(self.sweater)
        translations = self.state.translations
        self.assertEqual(translations[(product["id"], "de", "title")], "Merino-Pullover mit Rundhals")
        self.assertEqual(translations[(product["id"], "de", "body_html")], "<p>Extrafeine Merinowolle.</p>")
        self.assertEqual(self.state.calls["translatableResource"], 1)
        self.assertEqual(self.state.calls["translationsRegister"], 1)
        self.assertNotIn(
            (product["id"], "en", "title"), translations, "the primary language is not a translation"
        )

    def test_unchanged_product_is_not_sent_again(self):
        listings = self._listings()
        self._sync(listings)
        calls = dict(self.state.calls)
        self._sync(listings)
        self.assertEqual(self.state.calls, calls, "the same payload (digest) costs no call")
        self.sweater.kobo_marketing_name = "Merino crew sweater"
        self._approve(self.sweater)  # the edit sent it back to review
        self._sync(listings)
        self.assertEqual(self.state.calls["productSet"], calls["productSet"] + 1)
        self.assertEqual(self.assertShopHoldsOnce(self.sweater)["title"], "Merino crew sweater")

    def test_delist_archives_and_publishing_again_reactivates_the_same_product(self):
        listings = self._listings()
        self._sync(listings)
        gid = self.assertShopHoldsOnce(self.sweater)["id"]
        self._sync(listings, "delist")
        self.assertEqual(set(listings.mapped("state")), {"delisted"})
        self.assertShopHoldsOnce(self.sweater, status="ARCHIVED")
        self._sync(listings)
        self.assertEqual(self.assertShopHoldsOnce(self.sweater)["id"], gid)
        self.assertEqual(len(self._shop_products()), 2)

    def test_delisting_a_product_the_shop_never_had_succeeds(self):
        listings = self._listings(self.scarf)
        self._sync(listings, "delist")
        self.assertEqual(listings.state, "delisted")
        self.assertEqual(self._shop_products(), [])

    def test_handle_is_set_once_and_kept_on_rename(self):
        handle = self.sweater.kobo_shopify_handle
        self.assertEqual(handle, f"merino-crew-{self.sweater.id}")
        self.sweater.name = "Merino Crew Neck"
        self.assertEqual(self.sweater.kobo_shopify_handle, handle)
        copy = self.sweater.copy()
        self.assertEqual(copy.kobo_shopify_handle, f"merino-crew-neck-copy-{copy.id}")

    # Shopify's limits, before any call

    def test_hard_limits_block_before_any_call_and_say_what_is_wrong(self):
        extra = self.env["product.attribute"].create(
            [{"name": f"Shop Extra {n}", "value_ids": [Command.create({"name": f"X{n}"})]} for n in range(2)]
        )
        many_options = self.env["product.template"].create(
            {
                "name": "Four Ways Coat",
                "list_price": 90,
                "attribute_line_ids": [
                    Command.create(
                        {"attribute_id": attribute.id, "value_ids": [Command.set(attribute.value_ids.ids)]}
                    )
                    for attribute in (self.colour, self.size, *extra)
                ],
            }
        )
        long_title = self.env["product.template"].create({"name": "L" * 256, "list_price": 10})
        bad_barcode = self.env["product.template"].create(
            {"name": "Bad Code", "list_price": 10, "barcode": "4006381333932"}
        )
        tagged = self.env["product.template"].create(
            {
                "name": "Tagged",
                "list_price": 10,
                "product_tag_ids": [Command.create({"name": f"tag {n}"}) for n in range(251)],
            }
        )
        products = many_options | long_title | bad_barcode | tagged
        self._approve(products)
        listings = self._listings(products)
        self._sync(listings)
        self.assertEqual(set(listings.mapped("state")), {"blocked"})
        self.assertEqual(self.state.calls, {}, "nothing was sent to Shopify")

        def messages(template):
            return listings.filtered(lambda listing: listing.product_tmpl_id == template).issue_ids.mapped(
                "message"
            )

        self.assertIn(
            "The product varies by 4 attributes (Color, Shop Size, Shop Extra 0, Shop Extra 1); "
            "Shopify takes at most 3 options.",
            messages(many_options),
        )
        self.assertIn("Title is 256 characters; the channel takes at most 255.", messages(long_title))
        variant = bad_barcode.product_variant_ids
        self.assertIn(
            f"{variant.display_name}: barcode 4006381333932 is not a valid GTIN (digits and check digit).",
            messages(bad_barcode),
        )
        issue = listings.filtered(lambda listing: listing.product_tmpl_id == bad_barcode).issue_ids
        self.assertEqual((issue.field, issue.product_id), ("barcode", variant))
        self.assertIn("The product has 251 tags; Shopify takes at most 250.", messages(tagged))

    def test_variant_limit_blocks(self):
        with mock.patch.object(payload_module, "MAX_VARIANTS", 3):
            listings = self._listings(self.sweater)
            self._sync(listings)
        self.assertEqual(listings.state, "blocked")
        self.assertEqual(
            listings.issue_ids.mapped("message"),
            ["The product has 4 variants; Shopify takes at most 2,048 per product."],
        )

    def test_channel_without_credentials_blocks_and_says_who_fixes_it(self):
        self.channel.sudo().shopify_access_token = False
        listings = self._listings(self.scarf)
        self._sync(listings)
        self.assertEqual(listings.state, "blocked")
        self.assertIn("a syndication manager sets them", listings.issue_ids.message)
        self.assertEqual(self.state.calls, {})

    # Shopify's refusals

    def test_user_errors_land_on_the_variant_and_field_and_are_not_retried(self):
        self.sweater.product_variant_ids[1].default_code = "MC-1"  # a duplicate SKU, past our check
        connector_class = type(self.env["kobo.connector.shopify"])
        listings = self._listings(self.sweater)
        with mock.patch.object(connector_class, "validate", lambda connector, listings: {}):
            self._sync(listings)
        self.assertEqual(listings.state, "error")
        issue = listings.issue_ids
        self.assertEqual(issue.source, "channel")
        self.assertEqual((issue.field, issue.product_id), ("sku", self.sweater.product_variant_ids[1]))
        self.assertIn("Shopify refused sku of", issue.message)
        self.assertIn("SKU MC-1 is already used by another variant of this product", issue.message)
        self.assertEqual(self.state.calls, {"productSet": 1}, "a data error is not retried")
        self.assertEqual(self._shop_products(), [])
        self.assertFalse(listings.external_id)

    def test_translation_refused_for_a_locale_the_shop_lacks(self):
        french = self.env["res.lang"]._activate_lang("fr_FR")
        self.channel.lang_ids = [Command.link(french.id)]
        listings = self._listings(self.scarf)
        self._sync(listings)
        self.assertEqual(listings.state, "error")
        issue = listings.issue_ids
        self.assertEqual((issue.lang, issue.field), ("fr_FR", "title"))
        self.assertEqual(
            issue.message, "Shopify refused the fr translation of title: Locale fr is not enabled on the shop"
        )

    def test_revoked_token_puts_every_listing_in_error_in_words_and_never_shows_the_token(self):
        self.state.token = "shpat_rotated"
        listings = self._listings()
        self.state.fail_next(500)  # a retry, so that the client writes log lines too
        with self.assertLogs("odoo.addons.kobo_syndication", level=logging.DEBUG) as logs:
            logging.getLogger("odoo.addons.kobo_syndication").debug("capture start")
            self._sync(listings)
        self.assertEqual(set(listings.mapped("state")), {"error"})
        self.assertEqual(self.state.calls, {}, "one refused call, no product call went through")
        messages = listings.issue_ids.mapped("message")
        self.assertEqual(len(messages), 2)
        self.assertIn("Shopify refused the access token (HTTP 401): it was revoked or is wrong.", messages[0])
        texts = [*logs.output, *messages, *self.channel.message_ids.mapped("body")]
        self.assertFalse(
            [text for text in texts if TOKEN in str(text)], "the token is in no log, issue or message"
        )

    def test_credentials_are_for_syndication_managers_only(self):
        channel = self.channel.with_user(self.syndication_user)
        with self.assertRaises(AccessError):
            channel.read(["shopify_access_token"])
        with self.assertRaises(AccessError):
            channel.read(["shopify_shop_url"])
        self.assertEqual(channel.read(["shopify_api_version"])[0]["shopify_api_version"], "2026-07")
        manager = self.channel.with_user(self.syndication_manager)
        self.assertEqual(manager.read(["shopify_access_token"])[0]["shopify_access_token"], TOKEN)
        catalogue = self.channel.with_user(self.catalogue_manager)
        with self.assertRaises(AccessError):
            catalogue.write({"shopify_shop_url": "https://attacker.example"})
        self.assertNotIn("shopify_access_token", self.channel._track_get_fields())

    def test_test_connection_names_the_shop_and_what_is_wrong(self):
        action = self.channel.with_user(self.syndication_manager).action_kobo_shopify_test_connection()
        self.assertEqual(action["params"]["type"], "success")
        self.assertEqual(action["params"]["message"], "Connected to Kōbō demo shop (API 2026-07).")
        self.channel.shopify_primary_lang_id = self.lang_de
        action = self.channel.with_user(self.syndication_manager).action_kobo_shopify_test_connection()
        self.assertEqual(action["params"]["type"], "warning")
        self.assertIn(
            "The shop's primary language is en but the channel sends de as primary",
            action["params"]["message"],
        )
        with self.assertRaisesRegex(AccessError, "Only syndication managers"):
            self.channel.with_user(self.syndication_user).action_kobo_shopify_test_connection()
        self.state.token = "shpat_rotated"
        with self.assertRaisesRegex(UserError, r"Shopify refused the access token \(HTTP 401\)") as caught:
            self.channel.with_user(self.syndication_manager).action_kobo_shopify_test_connection()
        self.assertNotIn(TOKEN, str(caught.exception))
