import logging
import time

from odoo.addons.kobo_syndication_amazon.fake_servers import amazon as fake_amazon
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .amazon_common import KoboAmazonCase, ean13


@tagged("post_install", "-at_install")
class TestAmazonConnector(KoboAmazonCase):
    def test_publish_puts_a_variation_family_in_the_channel_language(self):
        listings = self._publish()
        shirt_listing = listings.filtered(lambda listing: listing.product_tmpl_id == self.shirt)
        scarf_listing = listings - shirt_listing
        self.assertEqual(set(listings.mapped("state")), {"published"})
        self.assertEqual(shirt_listing.external_id, "AMZ-SHIRT")
        self.assertEqual(scarf_listing.external_id, "AMZ-SCARF")
        self.assertEqual(self.server.state.skus(), self._all_skus())
        # the parent first (its children name it), then the four children, then the scarf
        operations = self._operations()
        self.assertEqual(operations[0], ("putListingsItem", "AMZ-SHIRT"))
        self.assertEqual({operation for operation, _sku in operations}, {"putListingsItem"})
        self.assertEqual(len(operations), 6)
        self.assertEqual(self.server.state.calls["token"], 1, "one token exchange for the whole job")

        stored = self.server.state.listings
        parent = stored[(fake_amazon.DEMO_SELLER_ID, "AMZ-SHIRT")]
        self.assertEqual(parent["productType"], "SHIRT")
        self.assertEqual(parent["requirements"], "LISTING_PRODUCT_ONLY")
        self.assertEqual(parent["attributes"]["parentage_level"][0]["value"], "parent")
        self.assertEqual(parent["attributes"]["variation_theme"], [{"name": "SIZE_NAME/COLOR_NAME"}])
        self.assertNotIn("purchasable_offer", parent["attributes"])
        variant = self.shirt.product_variant_ids.filtered(lambda v: v.default_code == "AMZ-SHIRT-MS")
        child = stored[(fake_amazon.DEMO_SELLER_ID, "AMZ-SHIRT-MS")]["attributes"]
        marketplace = fake_amazon.DEMO_MARKETPLACE_ID
        self.assertEqual(
            child["item_name"],
            [{"value": "Leinenhemd", "language_tag": "de_DE", "marketplace_id": marketplace}],
        )
        self.assertEqual(child["brand"][0]["value"], "Kōbō")
        self.assertEqual(
            [entry["value"] for entry in child["bullet_point"]],
            ["Leinen aus Portugal", "Perlmuttknöpfe", "Gerader Schnitt"],
        )
        self.assertEqual(child["product_description"][0]["value"], "Ein Hemd aus Leinen.")
        self.assertEqual(child["fabric_type"][0]["value"], "100% Leinen")
        self.assertEqual(child["care_instructions"][0]["value"], "Handwäsche 30 °C")
        self.assertEqual(child["country_of_origin"], [{"value": "PT", "marketplace_id": marketplace}])
        self.assertEqual(child["color"][0]["value"], "Marine")
        self.assertEqual(
            child["apparel_size"],
            [
                {
                    "size_system": "as3",
                    "size_class": "alpha",
                    "size": "s",
                    "body_type": "regular",
                    "height_type": "regular",
                    "marketplace_id": marketplace,
                }
            ],
        )
        self.assertNotIn("size", child, "no free-text size beside the size standard")
        self.assertEqual(child["department"][0]["value"], "Damen")
        self.assertEqual(child["target_gender"][0]["value"], "female")
        self.assertEqual(
            child["externally_assigned_product_identifier"],
            [{"type": "ean", "value": variant.barcode, "marketplace_id": marketplace}],
        )
        self.assertEqual(child["parentage_level"][0]["value"], "child")
        self.assertEqual(child["child_parent_sku_relationship"][0]["parent_sku"], "AMZ-SHIRT")
        # the price comes from the channel's pricelist (10 % off the list price of 80)
        self.assertEqual(
            child["purchasable_offer"],
            [
                {
                    "currency": "EUR",
                    "our_price": [{"schedule": [{"value_with_tax": 72.0}]}],
                    "marketplace_id": marketplace,
                }
            ],
        )
        self.assertEqual(child["list_price"][0]["value_with_tax"], 72.0)
        image = child["main_product_image_locator"][0]["media_location"]
        self.assertIn("/web/image/", image)
        self.assertIn("access_token=", image)
        scarf = stored[(fake_amazon.DEMO_SELLER_ID, "AMZ-SCARF")]["attributes"]
        self.assertNotIn("parentage_level", scarf)
        self.assertEqual(scarf["item_name"][0]["value"], "Seidenschal")
        # the access token is cached on the channel for the next job, for managers only
        self.assertTrue(self.channel.sudo().amazon_access_token.startswith("Atza|"))
        self._publish_again_costs_no_call(listings)

    def _publish_again_costs_no_call(self, listings):
        before = len(self.server.state.requests)
        self._publish(listings)
        self.assertEqual(len(self.server.state.requests), before, "an unchanged listing is not sent again")
        self.assertEqual(self.server.state.calls["token"], 1)

    def test_price_change_sends_a_patch_of_the_offer_only(self):
        listings = self._publish()
        first_digest = listings[0].amazon_product_digest
        self.assertTrue(first_digest)
        self.shirt.list_price = 100.0
        self.server.state.requests.clear()
        self._publish(listings)
        operations = self._operations()
        self.assertEqual(
            sorted(operations),
            sorted(
                ("patchListingsItem", sku) for sku in self.shirt.product_variant_ids.mapped("default_code")
            ),
        )
        body = self.server.state.requests[0][3]
        self.assertEqual(body["productType"], "SHIRT")
        paths = {patch["path"] for patch in body["patches"]}
        self.assertIn("/attributes/purchasable_offer", paths)
        self.assertTrue(
            paths
            <= {
                "/attributes/purchasable_offer",
                "/attributes/list_price",
                "/attributes/fulfillment_availability",
            }
        )
        self.assertEqual({patch["op"] for patch in body["patches"]}, {"replace"})
        child = self.server.state.listings[(fake_amazon.DEMO_SELLER_ID, "AMZ-SHIRT-SM")]["attributes"]
        self.assertEqual(child["purchasable_offer"][0]["our_price"][0]["schedule"][0]["value_with_tax"], 90.0)
        self.assertEqual(child["item_name"][0]["value"], "Leinenhemd", "the rest of the listing is kept")
        self.assertEqual(listings[0].amazon_product_digest, first_digest)
        self.assertEqual(set(listings.mapped("state")), {"published"})

    def test_stock_is_sent_and_a_stock_change_is_a_patch(self):
        scarf = self.scarf.product_variant_id
        self.scarf.is_storable = True
        stock = self.env.ref("stock.stock_location_stock")
        self.env["stock.quant"]._update_available_quantity(scarf, stock, 7)
        listing = self._publish(self._amazon_listings(self.scarf))
        stored = self.server.state.listings[(fake_amazon.DEMO_SELLER_ID, "AMZ-SCARF")]["attributes"]
        self.assertEqual(
            stored["fulfillment_availability"], [{"fulfillment_channel_code": "DEFAULT", "quantity": 7}]
        )
        self.env["stock.quant"]._update_available_quantity(scarf, stock, -4)
        self.server.state.requests.clear()
        self._publish(listing)
        self.assertEqual(self._operations(), [("patchListingsItem", "AMZ-SCARF")])
        stored = self.server.state.listings[(fake_amazon.DEMO_SELLER_ID, "AMZ-SCARF")]["attributes"]
        self.assertEqual(stored["fulfillment_availability"][0]["quantity"], 3)

    def test_copy_change_puts_the_whole_family_again_without_duplicates(self):
        listings = self._publish()
        self.shirt.with_context(lang="de_DE").kobo_marketing_name = "Leinenhemd Riviera"
        self._approve(self.shirt)  # the edit sent it back to review
        self.server.state.requests.clear()
        self._publish(listings)
        self.assertEqual(
            sorted(self._operations()), sorted(("putListingsItem", sku) for sku in self._shirt_skus())
        )
        self.assertEqual(self.server.state.skus(), self._all_skus())
        child = self.server.state.listings[(fake_amazon.DEMO_SELLER_ID, "AMZ-SHIRT-MM")]["attributes"]
        self.assertEqual(child["item_name"][0]["value"], "Leinenhemd Riviera")

    def test_delist_deletes_children_then_parent(self):
        listings = self._publish()
        self.server.state.requests.clear()
        listings._kobo_queue("delist")
        self.channel._kobo_job_sync()
        self.assertEqual(set(listings.mapped("state")), {"delisted"})
        self.assertEqual(self.server.state.skus(), [])
        operations = [sku for operation, sku in self._operations() if operation == "deleteListingsItem"]
        self.assertLess(operations.index("AMZ-SHIRT-MS"), operations.index("AMZ-SHIRT"))
        self.assertFalse(any(listings.mapped("amazon_product_digest")))
        # delisting what Amazon no longer has succeeds (404 is "already gone")
        listings._kobo_queue("delist")
        self.channel._kobo_job_sync()
        self.assertEqual(set(listings.mapped("state")), {"delisted"})

    def test_read_back_status(self):
        listings = self._publish()
        scarf = listings.filtered(lambda listing: listing.product_tmpl_id == self.scarf)
        shirt = listings - scarf
        # Amazon found a problem while processing the shirt; the scarf was deleted in Seller Central
        self.server.state.later_issues["AMZ-SHIRT"] = [
            {
                "code": "18027",
                "message": "The image does not meet the requirements.",
                "severity": "ERROR",
                "attributeNames": ["main_product_image_locator"],
                "categories": ["INVALID_IMAGE"],
            }
        ]
        del self.server.state.listings[(fake_amazon.DEMO_SELLER_ID, "AMZ-SCARF")]
        listings.with_user(self.syndication_user).action_read_status()
        self.assertEqual(scarf.state, "delisted")
        self.assertEqual(shirt.state, "error")
        self.assertEqual(shirt.issue_ids.field, "main_product_image_locator")
        self.assertIn("SKU AMZ-SHIRT: The image does not meet the requirements.", shirt.issue_ids.message)
        included = {query.get("includedData") for operation, _sku, query, _body in self.server.state.requests}
        self.assertIn("summaries,issues", included)

    def test_validate_first_previews_then_submits(self):
        self.channel.amazon_validate_first = True
        listings = self._publish(self._amazon_listings(self.scarf))
        self.assertEqual(listings.state, "published")
        modes = [query.get("mode") for _operation, _sku, query, _body in self.server.state.requests]
        self.assertEqual(modes, ["VALIDATION_PREVIEW", None])
        self.assertEqual(self.server.state.skus(), ["AMZ-SCARF"])

    def test_invalid_gtin_blocks_before_any_call(self):
        variant = self.shirt.product_variant_ids[0]
        variant.barcode = "4000000000019"  # the check digit should be 7
        self.assertEqual(ean13("400000000001"), "4000000000013")
        listing = self._publish(self._amazon_listings(self.shirt))
        self.assertEqual(listing.state, "blocked")
        issue = listing.issue_ids.filtered(
            lambda issue: issue.field == "externally_assigned_product_identifier"
        )
        self.assertEqual(issue.product_id, variant)
        self.assertIn("4000000000019 is not a valid GTIN", issue.message)
        self.assertEqual(self.server.state.calls["putListingsItem"], 0)
        self.assertEqual(self.server.state.calls["token"], 0)

    def test_missing_facts_and_sku_block_naming_the_field(self):
        self.shirt.kobo_brand = False
        unnamed = self.shirt.product_variant_ids[1]
        unnamed.default_code = False
        listing = self._publish(self._amazon_listings(self.shirt))
        self.assertEqual(listing.state, "blocked")
        messages = listing.issue_ids.mapped("message")
        self.assertIn("Linen Shirt: Brand is missing.", messages)
        sku_issue = listing.issue_ids.filtered(lambda issue: issue.field == "merchant_sku")
        self.assertEqual(sku_issue.product_id, unnamed)
        self.assertIn("no internal reference", sku_issue.message)
        self.assertEqual(self.server.state.calls["putListingsItem"], 0)

    def test_missing_settings_block_and_say_which(self):
        self.channel.sudo().amazon_refresh_token = False
        listing = self._publish(self._amazon_listings(self.scarf))
        self.assertEqual(listing.state, "blocked")
        self.assertIn("lacks Amazon settings: Refresh Token", listing.issue_ids.message)

    def test_warning_is_kept_on_the_published_listing(self):
        self.scarf.kobo_bullet_points = "Seide\nHandgerollte Kanten"
        self._approve(self.scarf)  # the edit sent it back to review
        listing = self._publish(self._amazon_listings(self.scarf))
        self.assertEqual(listing.state, "published")
        self.assertEqual(listing.issue_ids.source, "channel")
        self.assertEqual(listing.issue_ids.field, "bullet_point")
        self.assertIn("accepted with a warning", listing.issue_ids.message)
        self.assertIn("Bullet Points", listing.issue_ids.message)

    def test_access_token_is_cached_and_renewed_when_expired(self):
        listings = self._publish()
        self.assertEqual(self.server.state.calls["token"], 1)
        self.shirt.list_price = 95.0
        self.server.state.expire_access_tokens()
        self._publish(listings)
        # the cached token was refused (403 expired), renewed once, and the patch went through
        self.assertEqual(self.server.state.calls["token"], 2)
        self.assertEqual(set(listings.mapped("state")), {"published"})
        self.scarf.list_price = 45.0
        self._publish(listings)
        self.assertEqual(self.server.state.calls["token"], 2, "the renewed token is reused by the next job")

    def test_pacing_waits_a_fifth_of_a_second_per_call(self):
        self._publish()
        requests = len(self.server.state.requests)
        self.assertEqual(requests, 6)
        # the bucket starts empty (the previous job may have spent Amazon's): every call waits
        # its fifth of a second on the clock
        self.assertEqual(self.clock.sleeps, [0.2] * requests)


@tagged("post_install", "-at_install")
class TestAmazonPacing(KoboAmazonCase):
    """Real time on both sides: the fake server throttles at Amazon's 5 requests/s, burst 10."""

    server_options = {}
    fake_clock = False

    def test_pacing_keeps_amazon_from_throttling(self):
        start = time.monotonic()
        listings = self._publish()
        for _round in range(2):
            self.shirt.list_price += 1
            self.scarf.list_price += 1
            self._publish(listings)
        elapsed = time.monotonic() - start
        requests = len(self.server.state.requests)
        self.assertEqual(requests, 6 + 2 * 5, "a put per SKU, then a patch per buyable SKU")
        self.assertEqual(self.server.state.throttled, 0, "no 429 from Amazon")
        self.assertGreaterEqual(elapsed, requests / 5.0 - 0.2)
        self.assertEqual(set(listings.mapped("state")), {"published"})


@tagged("post_install", "-at_install")
class TestAmazonIssues(KoboAmazonCase):
    server_options = {**KoboAmazonCase.server_options, "required_extra": ("sleeve_type",)}

    def test_amazon_issues_map_to_the_listing_fields_and_do_not_retry(self):
        listings = self._publish()
        self.assertEqual(set(listings.mapped("state")), {"error"})
        scarf = listings.filtered(lambda listing: listing.product_tmpl_id == self.scarf)
        issue = scarf.issue_ids
        self.assertEqual(len(issue), 1)
        self.assertEqual(
            (issue.source, issue.field, issue.product_id, issue.lang),
            ("channel", "sleeve_type", self.scarf.product_variant_id, "de_DE"),
        )
        self.assertEqual(
            issue.message,
            "SKU AMZ-SCARF: 'sleeve_type' is required but not supplied. (sleeve_type; Amazon code 90220)",
        )
        shirt = listings - scarf
        self.assertEqual(len(shirt.issue_ids), 4, "one per child; the parent needs no sleeve type")
        self.assertEqual(set(shirt.issue_ids.product_id.ids), set(self.shirt.product_variant_ids.ids))
        # not retried: the job ended, nothing is queued, the refused SKUs are not on Amazon
        self.assertEqual(self.server.state.calls["putListingsItem"], 6)
        self.assertFalse(listings.filtered(lambda listing: listing.state == "queued"))
        self.assertEqual(self.server.state.skus(), ["AMZ-SHIRT"])
        self.assertFalse(any(listings.mapped("amazon_product_digest")))

    def test_validate_first_stores_nothing_when_the_preview_finds_errors(self):
        self.channel.amazon_validate_first = True
        listing = self._publish(self._amazon_listings(self.scarf))
        self.assertEqual(listing.state, "error")
        self.assertEqual(listing.issue_ids.field, "sleeve_type")
        modes = [query.get("mode") for _operation, _sku, query, _body in self.server.state.requests]
        self.assertEqual(modes, ["VALIDATION_PREVIEW"], "no submission after a failed preview")
        self.assertEqual(self.server.state.skus(), [])


@tagged("post_install", "-at_install")
class TestAmazonCredentials(KoboAmazonCase):
    SECRETS = (fake_amazon.DEMO_CLIENT_SECRET, fake_amazon.DEMO_REFRESH_TOKEN, "Atza|")

    def test_credentials_are_managers_only(self):
        channel = self.channel.with_user(self.syndication_user)
        for name in (
            "amazon_client_secret",
            "amazon_refresh_token",
            "amazon_access_token",
            "amazon_client_id",
        ):
            with self.assertRaises(AccessError):
                channel.read([name])
        self.assertEqual(
            channel.read(["amazon_seller_id"])[0]["amazon_seller_id"], fake_amazon.DEMO_SELLER_ID
        )
        manager = self.channel.with_user(self.syndication_manager)
        self.assertEqual(manager.amazon_client_secret, fake_amazon.DEMO_CLIENT_SECRET)

    def test_only_managers_say_where_the_credentials_go(self):
        # A catalogue manager may edit channels (PIM), but pointing the endpoints elsewhere
        # would send the tokens there: the addresses are the syndication managers'.
        for user in (self.catalogue_manager, self.syndication_user):
            for name in ("amazon_endpoint", "amazon_token_url"):
                with self.assertRaises(AccessError):
                    self.channel.with_user(user).write({name: "https://attacker.example"})
        self.assertEqual(self.channel.sudo().amazon_endpoint, self.server.url)
        self.channel.with_user(self.syndication_manager).write({"amazon_endpoint": self.server.url + "/"})
        self.assertEqual(self.channel.sudo().amazon_endpoint, self.server.url + "/")

    def test_no_secret_in_logs_chatter_or_issues(self):
        self.server.state.fail_next("500", 1)
        with self.assertLogs(level=logging.DEBUG) as logs:
            listings = self._publish()
            self.server.state.revoke()
            self.channel.sudo().write({"amazon_access_token": False})
            self.shirt.list_price = 99.0
            self._publish(listings)
        token = self.channel.sudo().amazon_access_token
        texts = [
            # (odoo.sql_db's debug lines print every stored value: Odoo's --log-sql, a debugging aid)
            *(line for line in logs.output if ":odoo.sql_db:" not in line),
            *listings.issue_ids.mapped("message"),
            *self.channel.message_ids.mapped("body"),
            *self.channel.message_ids.tracking_value_ids.mapped("old_value_char"),
            *self.channel.message_ids.tracking_value_ids.mapped("new_value_char"),
        ]
        self.assertTrue(any("HTTP 500" in line for line in logs.output), "the retry was logged")
        for text in texts:
            for secret in (*self.SECRETS, token or "no token"):
                self.assertNotIn(secret, str(text))

    def test_revoked_refresh_token_says_to_reauthorise_and_does_not_retry(self):
        self.server.state.revoke()
        listings = self._publish()
        self.assertEqual(set(listings.mapped("state")), {"error"})
        for listing in listings:
            self.assertIn(
                "the seller must authorise the app again in Seller Central", listing.issue_ids.message
            )
        self.assertEqual(self.server.state.calls["token"], 1, "a refused refresh token is not tried again")
        self.assertEqual(self.server.state.calls["putListingsItem"], 0)

    def test_wrong_client_secret_names_the_lwa_credentials(self):
        self.channel.sudo().amazon_client_secret = "not-the-secret"
        listing = self._publish(self._amazon_listings(self.scarf))
        self.assertEqual(listing.state, "error")
        self.assertIn("client id or client secret", listing.issue_ids.message)
        self.assertIn("invalid_client", listing.issue_ids.message)

    def test_product_digest_is_a_workflow_field(self):
        listing = self._publish(self._amazon_listings(self.scarf))
        digest = listing.amazon_product_digest
        self.assertTrue(digest)
        with self.assertRaisesRegex(AccessError, "can only be changed through the workflow"):
            listing.with_user(self.syndication_manager).write({"amazon_product_digest": "forged"})
        with self.assertRaises(AccessError):
            listing.write({"amazon_product_digest": False})  # not even the superuser without privileged()
        self.assertEqual(listing.amazon_product_digest, digest)

    def test_changing_a_credential_forgets_the_cached_token(self):
        self._publish(self._amazon_listings(self.scarf))
        self.assertTrue(self.channel.sudo().amazon_access_token)
        self.channel.with_user(self.syndication_manager).amazon_refresh_token = "Atzr|another"
        self.assertFalse(self.channel.sudo().amazon_access_token)
        self.assertFalse(self.channel.sudo().amazon_token_expiry)

    def test_connection_button(self):
        with self.assertRaises(AccessError):
            self.channel.with_user(self.syndication_user).action_amazon_test_connection()
        action = self.channel.with_user(self.syndication_manager).action_amazon_test_connection()
        self.assertEqual(action["params"]["type"], "success")
        self.assertIn(f"seller {fake_amazon.DEMO_SELLER_ID} on marketplace", action["params"]["message"])
        self.server.state.revoke()
        with self.assertRaisesRegex(UserError, "must authorise the app again"):
            self.channel.with_user(self.syndication_manager).action_amazon_test_connection()
        self.channel.sudo().amazon_endpoint = "sellingpartnerapi-eu.amazon.com"
        self.server.state = fake_amazon.FakeAmazonState()
        with self.assertRaisesRegex(UserError, "SP-API Endpoint of Amazon Test DE, .* is not a URL"):
            self.channel.with_user(self.syndication_manager).action_amazon_test_connection()
