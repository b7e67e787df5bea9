"""A large publish goes to Shopify as bulk operations (productSet, then translationsRegister)
instead of one call per product, through the real job path and the fake shop's bulk import:
staged upload, multipart POST, bulkOperationRunMutation, polling, the result JSONL. The shop
ends up holding what per-product pushes make; refusals, a busy shop, a failed operation and a
product deleted in the shop each end as they do per product (or the batch is retried)."""

import json
from unittest import mock

import requests

from odoo import Command
from odoo.addons.kobo_syndication_shopify.fake_servers import shopify as fake_shopify
from odoo.addons.kobo_syndication_shopify.fake_servers.shopify_bulk import STAGED_PATH
from odoo.addons.kobo_syndication_shopify.models.kobo_connector_shopify_bulk import (
    BULK_PRODUCT_SET,
    BULK_RUN,
    STAGED_UPLOADS_CREATE,
)
from odoo.tests import tagged

from .shopify_common import TOKEN, ShopifyCase
from .shopify_schema import admin_schema, schema_errors


@tagged("post_install", "-at_install")
class TestShopifyBulk(ShopifyCase):
    def setUp(self):
        super().setUp()
        # the sweater and the scarf: a batch of two is "large" here
        self.channel.shopify_bulk_threshold = 2

    def _operations(self, state=None):
        """``[(mutation field, status, lines)]`` of the shop's bulk operations, in order."""
        return [
            (
                operation["query"].split("{", 1)[1].split("(", 1)[0].strip(),
                operation["status"],
                operation["lines"],
            )
            for operation in (state or self.state).bulk_operations.values()
        ]

    def assertPublishedAsInTheShop(self, listings):
        """Each listing published with the id of the one product the shop holds under its handle."""
        for listing in listings:
            self.assertEqual(listing.state, "published")
            self.assertEqual(listing.external_id, self.assertShopHoldsOnce(listing.product_tmpl_id)["id"])

    def test_a_large_publish_is_one_bulk_operation_and_publishes_with_the_shops_ids(self):
        listings = self._listings()
        self._sync(listings)
        self.assertPublishedAsInTheShop(listings)
        self.assertNotIn("productSet", self.state.calls, "no per-product productSet call")
        operations = self._operations()
        self.assertEqual(operations[0][:2], ("productSet", "COMPLETED"))
        self.assertEqual(len(operations[0][2]), 2, "one line per product")
        self.assertEqual(self.state.calls["bulkOperationRunMutation"], len(operations))
        self.assertEqual(self.state.calls["stagedUploadsCreate"], len(operations))
        # the lines cost nothing beyond the operation's own points
        self.assertGreaterEqual(self.state.bulk_lines, 2)
        # what the shopper sees: the texts, the German translations, our facts and the image
        sweater = self.assertShopHoldsOnce(self.sweater)
        self.assertEqual(sweater["title"], "Merino crew-neck sweater")
        self.assertEqual(
            sorted(variant["sku"] for variant in sweater["variants"]), ["MC-1", "MC-2", "MC-3", "MC-4"]
        )
        self.assertEqual(
            self.state.translations[(sweater["id"], "de", "title")], "Merino-Pullover mit Rundhals"
        )
        self.assertEqual(
            self.state.translations[(sweater["id"], "de", "body_html")], "<p>Extrafeine Merinowolle.</p>"
        )
        self.assertEqual(
            {(field["namespace"], field["key"]) for field in sweater["metafields"]},
            {("kobo", "composition"), ("kobo", "care"), ("kobo", "origin")},
        )
        self.assertEqual(len(sweater["media"]), 1)
        self.assertEqual(
            listings.filtered(lambda listing: listing.product_tmpl_id == self.sweater).shopify_media_ids,
            {sweater["media"][0]["originalSource"]: sweater["media"][0]["id"]},
        )
        # the files went to the storage target without the shop's token
        self.assertTrue(self.state.uploads)
        self.assertFalse([headers for headers in self.state.uploads if TOKEN in json.dumps(headers)])
        if admin_schema() is not None:
            self.assertIn(BULK_PRODUCT_SET, self.bulk_documents)
            for document, variables in (
                (
                    STAGED_UPLOADS_CREATE,
                    {
                        "input": [
                            {
                                "resource": "BULK_MUTATION_VARIABLES",
                                "filename": "f.jsonl",
                                "mimeType": "text/jsonl",
                                "httpMethod": "POST",
                            }
                        ]
                    },
                ),
                (BULK_RUN, {"mutation": BULK_PRODUCT_SET, "stagedUploadPath": "tmp/1/bulk/x/f.jsonl"}),
            ):
                self.assertEqual(schema_errors(document, variables), [])

    def test_the_shop_holds_what_per_product_pushes_make(self):
        # the colours in German too: option value translations in both paths
        navy, red = self.colour.value_ids
        navy.with_context(lang="de_DE").name = "Marineblau"
        red.with_context(lang="de_DE").name = "Rot"
        listings = self._listings()
        self._sync(listings)
        in_bulk = self._shop_content(self.state)
        self.assertEqual(
            [operation[:2] for operation in self._operations()],
            [("productSet", "COMPLETED"), ("translationsRegister", "COMPLETED")],
        )
        self.assertEqual(
            in_bulk[self.sweater.kobo_shopify_handle]["option_translations"],
            [("Color", "Navy", "de", "Marineblau"), ("Color", "Red", "de", "Rot")],
        )
        # the same products through the per-product path, to a second shop
        other = fake_shopify.start(token=TOKEN, locales=("en", "de"), primary_locale="en")
        self.addCleanup(other.stop)
        channel = self.channel.copy({"name": "Test Shopify 2", "code": "test_shopify_2"})
        channel.sudo().write(
            {"shopify_shop_url": other.url, "shopify_access_token": TOKEN, "shopify_bulk_threshold": 0}
        )
        self.allow_host(other.url)
        one_by_one = self._listings(channel=channel)
        one_by_one._kobo_queue("publish")
        channel._kobo_job_sync()
        self.assertEqual(set(one_by_one.mapped("state")), {"published"})
        self.assertFalse(other.state.bulk_operations)
        self.assertEqual(in_bulk, self._shop_content(other.state))

    def _shop_content(self, state):
        """What the shop holds, without the ids it made up: products by handle, their variants,
        options, facts, images and translations."""
        media = {gid: item["originalSource"] for gid, item in state.files.items()}
        content = {}
        for product in state.products.values():
            content[product["handle"]] = {
                **{
                    key: product.get(key)
                    for key in (
                        "title",
                        "descriptionHtml",
                        "vendor",
                        "productType",
                        "tags",
                        "seo",
                        "status",
                        "options",
                    )
                },
                "variants": [
                    {
                        **{
                            key: value
                            for key, value in variant.items()
                            if key not in ("id", "inventoryItemId", "mediaIds")
                        },
                        "media": [media.get(gid) for gid in variant.get("mediaIds") or []],
                    }
                    for variant in product["variants"]
                ],
                "metafields": sorted(
                    (field["namespace"], field["key"], field["value"]) for field in product["metafields"]
                ),
                "media": [(item["originalSource"], item["alt"]) for item in product["media"]],
                "translations": sorted(
                    (locale, key, value)
                    for (gid, locale, key), value in state.translations.items()
                    if gid == product["id"]
                ),
                "option_translations": sorted(
                    (state.option_values[gid]["option"], state.option_values[gid]["name"], locale, value)
                    for (gid, locale, key), value in state.translations.items()
                    if gid in state.option_values and state.option_values[gid]["product"] == product["id"]
                ),
            }
        return content

    def test_a_user_error_lands_on_its_listing_only_in_the_same_words(self):
        self.sweater.product_variant_ids[1].default_code = "MC-1"  # a duplicate SKU, past our check
        connector_class = type(self.env["kobo.connector.shopify"])
        listings = self._listings()
        sweater = listings.filtered(lambda listing: listing.product_tmpl_id == self.sweater)
        scarf = listings - sweater
        self.startPatcher(mock_validate(connector_class))
        # one by one first: the words a catalogue user knows
        self.channel.shopify_bulk_threshold = 0
        self._sync(sweater)
        self.assertEqual(sweater.state, "error")
        per_product = [(issue.field, issue.product_id, issue.message) for issue in sweater.issue_ids]
        self.assertEqual(len(per_product), 1)
        self.assertIn("SKU MC-1 is already used by another variant of this product", per_product[0][2])
        # in bulk, the same issue on the sweater only; the scarf is published
        self.channel.shopify_bulk_threshold = 2
        calls = self.state.calls.get("productSet")
        self._sync(listings)
        self.assertEqual(self.state.calls.get("productSet"), calls, "no per-product call")
        self.assertEqual(sweater.state, "error")
        self.assertEqual(
            [(issue.field, issue.product_id, issue.message) for issue in sweater.issue_ids], per_product
        )
        self.assertEqual(sweater.issue_ids.source, "channel")
        self.assertEqual((per_product[0][0], per_product[0][1]), ("sku", self.sweater.product_variant_ids[1]))
        self.assertFalse(sweater.external_id)
        self.assertIsNone(self.state.product_by_handle(self.sweater.kobo_shopify_handle))
        self.assertPublishedAsInTheShop(scarf)
        self.assertFalse(scarf.issue_ids)

    def test_a_refused_translation_lands_on_its_listing_in_the_same_words(self):
        french = self.env["res.lang"]._activate_lang("fr_FR")
        self.channel.lang_ids = [Command.link(french.id)]
        listings = self._listings()
        scarf = listings.filtered(lambda listing: listing.product_tmpl_id == self.scarf)
        self._sync(listings)
        self.assertEqual(
            [operation[0] for operation in self._operations()], ["productSet", "translationsRegister"]
        )
        self.assertEqual(set(listings.mapped("state")), {"error"})
        self.assertEqual(
            [(issue.lang, issue.field, issue.message) for issue in scarf.issue_ids],
            [
                (
                    "fr_FR",
                    "title",
                    "Shopify refused the fr translation of title: Locale fr is not enabled on the shop",
                )
            ],
        )
        self.assertFalse(any(listings.mapped("external_id")), "not published with a refused translation")

    def test_a_refused_metafield_batch_lands_on_its_listing_only(self):
        third = self.env["product.template"].create(
            {
                "name": "Wool Hat",
                "list_price": 20,
                "default_code": "WH-1",
                "kobo_composition_label": "100 % wool",
            }
        )
        self._approve(third)
        listings = self._listings(self.sweater | self.scarf | third)
        sweater = listings.filtered(lambda listing: listing.product_tmpl_id == self.sweater)
        connector_class = type(self.env["kobo.connector.shopify"])
        real_push_bulk = connector_class._kobo_shopify_push_bulk

        def push_bulk(connector, client, channel, batch, payloads):
            # a care text with two lines sent as a single-line field: Shopify refuses the whole call
            for field in payloads[sweater.id]["metafields"]:
                if field["key"] == "care":
                    field["type"] = "single_line_text_field"
            return real_push_bulk(connector, client, channel, batch, payloads)

        self.startPatcher(mock.patch.object(connector_class, "_kobo_shopify_push_bulk", push_bulk))
        self._sync(listings)
        self.assertEqual(sweater.state, "error")
        self.assertEqual(
            sweater.issue_ids.mapped("message"),
            ["Shopify refused the product's details (metafields): Value must be a single line text string."],
        )
        self.assertPublishedAsInTheShop(listings - sweater)
        hat = self.assertShopHoldsOnce(third)
        self.assertEqual(
            [(field["key"], field["value"]) for field in hat["metafields"]], [("composition", "100 % wool")]
        )
        self.assertEqual(self.state.calls["metafieldsSet"], 3, "one call for all, then one per listing")

    def test_the_merchants_metafields_and_media_survive_bulk_pushes(self):
        listings = self._listings()
        self._sync(listings)
        product = self.assertShopHoldsOnce(self.sweater)
        self._seed_merchant_data(product)
        ours = [media["id"] for media in product["media"] if media["app"] == "kobo"]
        self.pricelist_eur.item_ids.percent_price = 20
        self._sync(listings)
        self.assertEqual(len(self.state.bulk_operations), 4, "two pushes, two operations each")
        self.assertPublishedAsInTheShop(listings)
        product = self.assertShopHoldsOnce(self.sweater)
        self.assertEqual(product["variants"][0]["price"], "40.00")
        self.assertIn(
            ("custom", "care_note", "Dry clean only"),
            [(field["namespace"], field["key"], field["value"]) for field in product["metafields"]],
        )
        self.assertEqual(
            [
                (media["originalSource"], media["app"])
                for media in product["media"]
                if media["app"] == "other"
            ],
            [("https://cdn.example/lookbook.jpg", "other")],
        )
        self.assertEqual(
            [media["id"] for media in product["media"] if media["app"] == "kobo"],
            ours,
            "our image kept, not added again",
        )

    def test_a_busy_shop_makes_the_job_wait_its_turn(self):
        self.state.start_foreign_bulk(seconds=4)  # another job of the app, as many as allowed
        listings = self._listings()
        self._sync(listings)
        self.assertPublishedAsInTheShop(listings)
        ours = len(self._operations()) - self.state.bulk_mutation_limit
        self.assertGreater(self.state.calls["bulkOperationRunMutation"], ours, "refused while the others ran")
        self.assertGreaterEqual(sum(self.waits), 4)

    def test_a_shop_busy_past_the_budget_hands_the_batch_back_to_the_queue(self):
        self.state.start_foreign_bulk()  # running until the test says otherwise
        connector_class = type(self.env["kobo.connector.shopify"])
        self.startPatcher(mock.patch.object(connector_class, "_kobo_shopify_bulk_budget", 30))
        listings = self._listings()
        error = self._failing_job(listings)
        self.assertIn(
            "Shopify is running other bulk operations of this app on the shop of Test Shopify", str(error)
        )
        self.assertEqual(set(listings.mapped("state")), {"queued"}, "not failed, not published")
        self.assertFalse(any(listings.mapped("external_id")))
        self.assertLessEqual(sum(self.waits), 30, "within the budget")
        self.assertGreater(sum(self.waits), 20, "waited most of it")
        for operation in self.state.bulk_operations.values():
            operation["status"] = "COMPLETED"
        self.channel._kobo_job_sync()
        self.assertPublishedAsInTheShop(listings)

    def test_a_failed_bulk_operation_retries_the_batch(self):
        self.state.fail_next_bulk("INTERNAL_SERVER_ERROR")
        listings = self._listings()
        error = self._failing_job(listings)
        self.assertIn(
            "Shopify's bulk productSet ended FAILED (error code: INTERNAL_SERVER_ERROR)", str(error)
        )
        self.assertEqual(set(listings.mapped("state")), {"queued"})
        self.assertFalse(any(listings.mapped("external_id")))
        self.assertEqual(self._shop_products(), [])
        self.channel._kobo_job_sync()
        self.assertPublishedAsInTheShop(listings)

    def test_a_product_missing_from_the_result_is_not_published(self):
        listings = self._listings()
        self.state.drop_next_bulk_line(0)
        self._sync(listings)
        missing = listings.filtered(lambda listing: listing.state == "error")
        self.assertEqual(len(missing), 1, "the product of line 0 only")
        self.assertFalse(missing.external_id, "never published without the product id Shopify gave")
        self.assertIn(
            "Shopify's bulk result has no answer for this product's productSet", missing.issue_ids.message
        )
        self.assertPublishedAsInTheShop(listings - missing)
        missing.with_user(self.syndication_user).action_retry()
        self.channel._kobo_job_sync()
        self.assertPublishedAsInTheShop(listings)

    def test_a_product_deleted_in_the_shop_is_found_again_by_handle(self):
        listings = self._listings()
        self._sync(listings)
        sweater = listings.filtered(lambda listing: listing.product_tmpl_id == self.sweater)
        old_id = sweater.external_id
        # the merchant deleted the product in Shopify's admin
        product = self.state.products.pop(old_id)
        del self.state.handles[product["handle"]]
        for media in product["media"]:
            self.state.files.pop(media["id"], None)
        self.pricelist_eur.item_ids.percent_price = 20
        self._sync(listings)
        self.assertPublishedAsInTheShop(listings)
        self.assertNotEqual(sweater.external_id, old_id)
        product = self.assertShopHoldsOnce(self.sweater)
        self.assertEqual(len(product["media"]), 1, "the image is added again to the new product")
        self.assertEqual(self.state.calls["productSet"], 1, "the lost one alone, by handle")

    def test_under_the_threshold_each_product_is_its_own_call(self):
        self.channel.shopify_bulk_threshold = 3
        listings = self._listings()
        self._sync(listings)
        self.assertPublishedAsInTheShop(listings)
        self.assertEqual(self.state.calls["productSet"], 2)
        self.assertFalse(self.state.bulk_operations)
        self.channel.shopify_bulk_threshold = 0  # never in bulk
        self.pricelist_eur.item_ids.percent_price = 20
        self._sync(listings)
        self.assertEqual(self.state.calls["productSet"], 4)
        self.assertFalse(self.state.bulk_operations)

    # The fake shop's bulk import, as Shopify answers it

    def _graphql(self, document, variables):
        response = requests.post(
            f"{self.server.url}/admin/api/{fake_shopify.API_VERSION}/graphql.json",
            json={"query": document, "variables": variables},
            headers={"X-Shopify-Access-Token": TOKEN},
            timeout=10,
        )
        return response.json()

    def _stage(self):
        answer = self._graphql(
            STAGED_UPLOADS_CREATE,
            {
                "input": [
                    {
                        "resource": "BULK_MUTATION_VARIABLES",
                        "filename": "v.jsonl",
                        "mimeType": "text/jsonl",
                        "httpMethod": "POST",
                    }
                ]
            },
        )
        target = answer["data"]["stagedUploadsCreate"]["stagedTargets"][0]
        return target, {parameter["name"]: parameter["value"] for parameter in target["parameters"]}

    def test_the_fake_staged_upload_refuses_a_form_without_its_key_or_parameters(self):
        target, parameters = self._stage()
        self.assertEqual(target["url"], self.server.url + STAGED_PATH)
        body = json.dumps({"input": {"title": "T"}}) + "\n"
        without_key = {name: value for name, value in parameters.items() if name != "key"}
        response = requests.post(
            target["url"], data=without_key, files={"file": ("v.jsonl", body)}, timeout=10
        )
        self.assertEqual(response.status_code, 400)
        without_policy = {name: value for name, value in parameters.items() if name != "policy"}
        response = requests.post(
            target["url"], data=without_policy, files={"file": ("v.jsonl", body)}, timeout=10
        )
        self.assertEqual(response.status_code, 403)
        response = requests.post(target["url"], data=parameters, timeout=10)
        self.assertEqual(response.status_code, 400, "no file")
        self.state.fail_next(500)
        response = requests.post(
            target["url"], data=parameters, files={"file": ("v.jsonl", body)}, timeout=10
        )
        self.assertEqual(response.status_code, 500, "the fault switches apply to uploads too")
        response = requests.post(
            target["url"], data=parameters, files={"file": ("v.jsonl", body)}, timeout=10
        )
        self.assertEqual(response.status_code, 201)

    def test_the_fake_bulk_mutation_is_validated_as_shopify_does(self):
        target, parameters = self._stage()
        line = {
            "input": {
                "title": "Tee",
                "handle": "tee",
                "productOptions": [],
                "variants": [{"optionValues": [], "sku": "T-1", "price": "5.00"}],
            },
            "identifier": {"handle": "tee"},
        }
        requests.post(
            target["url"], data=parameters, files={"file": ("v.jsonl", json.dumps(line) + "\n")}, timeout=10
        )

        def run(mutation, path=parameters["key"]):
            answer = self._graphql(BULK_RUN, {"mutation": mutation, "stagedUploadPath": path})
            return answer["data"]["bulkOperationRunMutation"], answer["extensions"]["cost"]["actualQueryCost"]

        two_fields = "mutation { productSet { product { id } } shop { name } }"
        self.assertEqual(run(two_fields)[0]["userErrors"][0]["code"], "INVALID_MUTATION")
        self.assertEqual(run("query { shop { name } }")[0]["userErrors"][0]["code"], "INVALID_MUTATION")
        self.assertEqual(
            run(BULK_PRODUCT_SET, "tmp/1/bulk/unknown/v.jsonl")[0]["userErrors"][0]["code"], "NO_SUCH_FILE"
        )
        self.state.bulk_mutation_limit = 1  # as before API 2026-01
        started, cost = run(BULK_PRODUCT_SET)
        self.assertEqual(
            (started["bulkOperation"]["status"], started["userErrors"], cost), ("CREATED", [], 10)
        )
        second = run(BULK_PRODUCT_SET)[0]
        self.assertEqual(second["userErrors"][0]["code"], "OPERATION_IN_PROGRESS")
        self.assertIn(started["bulkOperation"]["id"], second["userErrors"][0]["message"])
        spent = self.state.points_spent
        self.state.advance(2)
        status = self._graphql(
            "query Q($id: ID!) { node(id: $id) { ... on BulkOperation { id status objectCount url } } }",
            {"id": started["bulkOperation"]["id"]},
        )["data"]["node"]
        self.assertEqual((status["status"], status["objectCount"]), ("COMPLETED", "1"))
        self.assertEqual(self.state.points_spent, spent + 1, "the line cost nothing, the poll 1 point")
        result = [json.loads(text) for text in requests.get(status["url"], timeout=10).text.splitlines()]
        self.assertEqual(result[0]["__lineNumber"], 0)
        self.assertEqual(result[0]["data"]["productSet"]["product"]["handle"], "tee")
        self.assertEqual(self.state.product_by_handle("tee")["variants"][0]["sku"], "T-1")


def mock_validate(connector_class):
    """The connector's own checks skipped: Shopify's refusal is what the test is about."""
    return mock.patch.object(connector_class, "validate", lambda connector, listings: {})
