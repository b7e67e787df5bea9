"""Large pushes as one JSON_LISTINGS_FEED (Feeds API 2021-06-30), through the job, against the
fake SP-API: what Amazon stores, what each listing shows, and the job retried whenever Amazon's
acceptance of a SKU cannot be told."""

import copy
import gzip
import json
from unittest import mock

import requests

from odoo.addons.kobo_base.models.kobo_workflow_mixin import privileged
from odoo.addons.kobo_syndication_amazon.fake_servers import amazon as fake_amazon
from odoo.addons.kobo_syndication_amazon.fake_servers import amazon_feeds
from odoo.addons.queue_job.exception import RetryableJobError
from odoo.tests import tagged

from .amazon_common import KoboAmazonCase
from .test_amazon_schema import FIXTURES

SELLER = fake_amazon.DEMO_SELLER_ID


class KoboAmazonFeedCase(KoboAmazonCase):
    def setUp(self):
        super().setUp()
        # two listings (the shirt's family of five SKUs, the scarf) are a large push here
        self.channel.amazon_feed_threshold = 2
        self.connector_class = type(self.env["kobo.connector.amazon"])
        # The feeds Amazon accepted are committed on a cursor of their own: here, the test's.
        self.registry.enter_test_mode(self.cr)
        self.addCleanup(self.registry.leave_test_mode)

    def _feed_documents(self):
        """The feed documents the stand-in received, as JSON."""
        state = self.server.state
        return [
            json.loads(state.documents[feed["inputFeedDocumentId"]]["content"])
            for feed in state.feeds.values()
        ]

    def _run_failing_job(self, listings):
        listings._kobo_queue("publish")
        with self.assertRaises(RetryableJobError) as raised, self.env.cr.savepoint():
            self.channel._kobo_job_sync()
        self.env.invalidate_all()
        self.assertEqual(set(listings.mapped("state")), {"queued"}, "nothing marked published")
        self.assertFalse(any(listings.mapped("external_id")))
        return str(raised.exception)


@tagged("post_install", "-at_install")
class TestAmazonFeed(KoboAmazonFeedCase):
    def test_large_push_is_one_feed_and_stores_what_per_item_calls_store(self):
        listings = self._publish()
        state = self.server.state
        self.assertEqual(set(listings.mapped("state")), {"published"})
        self.assertEqual(sorted(listings.mapped("external_id")), ["AMZ-SCARF", "AMZ-SHIRT"])
        self.assertTrue(all(listings.mapped("amazon_product_digest")))
        self.assertEqual(state.calls["putListingsItem"], 0, "no per-item call")
        for operation in ("createFeedDocument", "uploadFeedDocument", "createFeed", "getFeedDocument"):
            self.assertEqual(state.calls[operation], 1, operation)
        self.assertEqual(state.calls["getFeed"], 3, "IN_QUEUE, IN_PROGRESS, DONE")
        self.assertEqual(self.clock.sleeps, [15, 15], "two polls' waits")
        self.assertEqual(state.calls["token"], 1)
        (document,) = self._feed_documents()
        self.assertEqual(document["header"], {"sellerId": SELLER, "version": "2.0", "issueLocale": "en_US"})
        messages = document["messages"]
        self.assertEqual([message["messageId"] for message in messages], [1, 2, 3, 4, 5, 6])
        self.assertEqual({message["operationType"] for message in messages}, {"UPDATE"})
        # the parent first (its children name it), its children, then the scarf
        self.assertEqual(messages[0]["sku"], "AMZ-SHIRT")
        self.assertEqual(sorted(message["sku"] for message in messages[1:5]), self._shirt_skus()[1:])
        self.assertEqual(messages[5]["sku"], "AMZ-SCARF")
        self.assertEqual(document["messages"][0]["requirements"], "LISTING_PRODUCT_ONLY")
        self.assertEqual(state.skus(), self._all_skus())
        by_feed = copy.deepcopy(state.listings)

        # the same listings through the per-item calls store the same
        self.server.state = fake_amazon.FakeAmazonState(**self.server_options)
        self.channel.sudo().amazon_access_token = False  # the new stand-in knows no token yet
        self.channel.amazon_feed_threshold = 0
        # forget what was pushed (as the job writes it), so that every SKU is PUT again
        privileged(listings).write({"payload_digest": False})
        self._publish(listings)
        self.assertEqual(self.server.state.calls["putListingsItem"], 6)
        self.assertEqual(self.server.state.calls["createFeed"], 0)
        self.assertEqual(self.server.state.listings, by_feed)

    def test_price_change_is_a_feed_of_patches(self):
        listings = self._publish()
        self.shirt.list_price = 100.0
        self.scarf.list_price = 50.0
        self._publish(listings)
        messages = self._feed_documents()[1]["messages"]
        self.assertEqual(
            sorted(message["sku"] for message in messages), sorted([*self._shirt_skus()[1:], "AMZ-SCARF"])
        )
        self.assertEqual({message["operationType"] for message in messages}, {"PATCH"})
        self.assertEqual(
            {patch["path"] for patch in messages[0]["patches"]},
            {
                "/attributes/purchasable_offer",
                "/attributes/list_price",
                "/attributes/fulfillment_availability",
            },
        )
        child = self.server.state.listings[(SELLER, "AMZ-SHIRT-SM")]["attributes"]
        self.assertEqual(child["purchasable_offer"][0]["our_price"][0]["schedule"][0]["value_with_tax"], 90.0)
        self.assertEqual(child["item_name"][0]["value"], "Leinenhemd", "the rest of the listing is kept")
        self.assertEqual(set(listings.mapped("state")), {"published"})
        self.assertEqual(self.server.state.calls["patchListingsItem"], 0)

    def test_a_refused_sku_lands_on_its_listing_only(self):
        listings = self._publish()
        scarf = listings.filtered(lambda listing: listing.product_tmpl_id == self.scarf)
        # deleted in Seller Central meanwhile: a patch of its offer is refused
        del self.server.state.listings[(SELLER, "AMZ-SCARF")]
        self.shirt.list_price = 100.0
        self.scarf.list_price = 50.0
        self._publish(listings)
        self.assertEqual(scarf.state, "error")
        self.assertEqual(
            scarf.issue_ids.message,
            "SKU AMZ-SCARF: SKU 'AMZ-SCARF' does not exist: send the whole listing first. "
            "(the listing; Amazon code 4000004)",
        )
        self.assertEqual(scarf.issue_ids.product_id, self.scarf.product_variant_id)
        shirt = listings - scarf
        self.assertEqual(shirt.state, "published")
        self.assertFalse(shirt.issue_ids)

    def test_warning_is_kept_on_the_published_listing(self):
        self.scarf.kobo_bullet_points = "Seide\nHandgerollte Kanten"
        self._approve(self.scarf)  # the edit sent it back to review
        listings = self._publish()
        scarf = listings.filtered(lambda listing: listing.product_tmpl_id == self.scarf)
        self.assertEqual(set(listings.mapped("state")), {"published"})
        self.assertEqual(scarf.issue_ids.source, "channel")
        self.assertEqual(scarf.issue_ids.field, "bullet_point")
        self.assertEqual(
            scarf.issue_ids.message,
            "SKU AMZ-SCARF, accepted with a warning: Listings with at least three bullet points sell "
            "better. (Bullet Points; Amazon code 18016)",
        )
        self.assertEqual(self.server.state.calls["putListingsItem"], 0)

    def test_gzip_report_is_read(self):
        self.server.state.gzip_reports = True
        listings = self._publish()
        self.assertEqual(set(listings.mapped("state")), {"published"})
        (feed,) = self.server.state.feeds.values()
        report = self.server.state.documents[feed["resultFeedDocumentId"]]
        self.assertEqual(report["compression"], "GZIP")
        summary = json.loads(gzip.decompress(report["content"]))["summary"]
        self.assertEqual(
            summary,
            {"errors": 0, "warnings": 0, "messagesProcessed": 6, "messagesAccepted": 6, "messagesInvalid": 0},
        )

    def test_under_the_threshold_the_per_item_calls_are_used(self):
        self.channel.amazon_feed_threshold = 3
        listings = self._publish()
        self.assertEqual(set(listings.mapped("state")), {"published"})
        self.assertEqual(self.server.state.calls["putListingsItem"], 6)
        self.assertEqual(self.server.state.calls["createFeed"], 0)

    def test_validate_first_keeps_the_per_item_calls(self):
        self.channel.amazon_validate_first = True
        listings = self._publish()
        self.assertEqual(set(listings.mapped("state")), {"published"})
        self.assertEqual(self.server.state.calls["createFeed"], 0, "a feed has no preview")

    def test_fatal_feed_retries_the_job(self):
        listings = self._amazon_listings()
        self.server.state.fail_next_feed("FATAL")
        message = self._run_failing_job(listings)
        self.assertIn("did not process the listings feed", message)
        self.assertIn("FATAL, Amazon code 100001", message)
        self._publish(listings)
        self.assertEqual(set(listings.mapped("state")), {"published"})
        self.assertEqual(self.server.state.skus(), self._all_skus(), "the second feed replaced, no duplicate")

    def test_cancelled_feed_retries_the_job(self):
        listings = self._amazon_listings()
        self.server.state.fail_next_feed("CANCELLED")
        self.assertIn("(CANCELLED)", self._run_failing_job(listings))
        self.assertEqual(self.server.state.skus(), [])

    def test_report_without_a_message_retries_the_job(self):
        listings = self._amazon_listings()
        self.server.state.fail_next_feed("drop")
        message = self._run_failing_job(listings)
        self.assertIn("accounts for 5 of 6 messages", message)
        self._publish(listings)
        self.assertEqual(set(listings.mapped("state")), {"published"})

    def test_polling_budget_spent_retries_the_job(self):
        listings = self._amazon_listings()
        self.server.state.fail_next_feed("stall")
        with mock.patch.object(self.connector_class, "_kobo_amazon_feed_budget", 60):
            message = self._run_failing_job(listings)
        self.assertIn("had not finished processing", message)
        self.assertIn("within 60 seconds", message)
        self.assertEqual(self.clock.sleeps, [15, 15, 15, 15], "polled every 15 s until the budget")
        self.assertEqual(self.server.state.calls["getFeed"], 5)

    def test_a_feed_still_processing_is_polled_by_the_retry_not_sent_again(self):
        listings = self._publish()  # on Amazon, with its images: the next documents name them alike
        self.shirt.list_price = 100.0
        self.scarf.list_price = 50.0
        self.server.state.fail_next_feed("stall")
        listings._kobo_queue("publish")
        # Not in assertRaises, whose savepoint would undo what the job wrote on its own cursor
        # (here the test's: in production a cursor of its own, committed whatever the job does).
        try:
            with mock.patch.object(self.connector_class, "_kobo_amazon_feed_budget", 60):
                self.channel._kobo_job_sync()
        except RetryableJobError as error:
            message = str(error)
        else:
            self.fail("the job should wait for the feed's report")
        self.assertIn("the job will ask for its report again", message)
        self.env.invalidate_all()
        self.assertEqual(set(listings.mapped("state")), {"queued"}, "nothing marked published")
        stalled = list(self.server.state.feeds.values())[-1]
        stalled["fault"] = None  # Amazon finishes processing it meanwhile
        self.channel._kobo_job_sync()  # queue_job's retry, which builds the same document
        self.env.invalidate_all()
        self.assertEqual(set(listings.mapped("state")), {"published"})
        self.assertEqual(self.server.state.calls["createFeed"], 2, "the retry read the feed sent before")
        self.assertEqual(self.server.state.calls["createFeedDocument"], 2)
        child = self.server.state.listings[(SELLER, "AMZ-SHIRT-SM")]["attributes"]
        self.assertEqual(child["purchasable_offer"][0]["our_price"][0]["schedule"][0]["value_with_tax"], 90.0)
        self.env.cr.execute(
            "SELECT count(*) FROM kobo_amazon_feed_sent WHERE channel_id = %s", [self.channel.id]
        )
        self.assertEqual(self.env.cr.fetchone()[0], 0, "forgotten once its report was read")

    def test_a_fatal_feed_is_sent_again_by_the_retry(self):
        listings = self._amazon_listings()
        self.server.state.fail_next_feed("FATAL")
        listings._kobo_queue("publish")
        raised = None
        try:  # not in assertRaises, whose savepoint would undo what the job wrote on its own cursor
            self.channel._kobo_job_sync()
        except RetryableJobError as error:
            raised = error
        self.assertIn("did not process the listings feed", str(raised), "a FATAL feed retries the job")
        self.env.invalidate_all()
        self.channel._kobo_job_sync()
        self.env.invalidate_all()
        self.assertEqual(set(listings.mapped("state")), {"published"})
        self.assertEqual(self.server.state.calls["createFeed"], 2, "the FATAL feed was not waited for again")

    def test_500s_on_the_feeds_api_retry_the_job(self):
        listings = self._amazon_listings()
        self.server.state.fail_next("500", 4)
        self._run_failing_job(listings)
        self.assertEqual(self.server.state.calls["createFeedDocument"], 4)
        self._publish(listings)
        self.assertEqual(set(listings.mapped("state")), {"published"})

    def test_refused_feed_puts_its_listings_in_error(self):
        with mock.patch.object(amazon_feeds, "FEED_TYPE", "POST_PRODUCT_DATA"):
            listings = self._publish()
        self.assertEqual(set(listings.mapped("state")), {"error"})
        self.assertEqual(
            listings[0].issue_ids.message,
            "Amazon refused the listings feed (createFeed, HTTP 400, InvalidInput). Nothing was marked "
            "published; Retry sends the listing again.",
        )

    def test_feeds_are_split_and_paced_by_createfeeds_usage_plan(self):
        plans = {**self.connector_class._kobo_amazon_feed_plans, "createFeed": (0.0083, 1)}
        with (
            mock.patch.object(self.connector_class, "_kobo_amazon_feed_max_messages", 5),
            mock.patch.object(self.connector_class, "_kobo_amazon_feed_plans", plans),
        ):
            listings = self._publish()
        self.assertEqual(set(listings.mapped("state")), {"published"})
        self.assertEqual(
            [len(document["messages"]) for document in self._feed_documents()],
            [5, 1],
            "a listing is never split",
        )
        self.assertEqual(self.clock.sleeps[0], round(1 / 0.0083, 3), "a createFeed per 120 s after the burst")
        self.assertEqual(self.server.state.skus(), self._all_skus())


@tagged("post_install", "-at_install")
class TestAmazonFeedIssues(KoboAmazonFeedCase):
    server_options = {**KoboAmazonCase.server_options, "required_extra": ("sleeve_type",)}

    def test_amazon_errors_have_the_per_item_words(self):
        listings = self._publish()
        self.assertEqual(set(listings.mapped("state")), {"error"})
        scarf = listings.filtered(lambda listing: listing.product_tmpl_id == self.scarf)
        issue = scarf.issue_ids
        self.assertEqual(
            (issue.source, issue.field, issue.product_id, issue.lang),
            ("channel", "sleeve_type", self.scarf.product_variant_id, "de_DE"),
        )
        self.assertEqual(
            issue.message,
            "SKU AMZ-SCARF: 'sleeve_type' is required but not supplied. (sleeve_type; Amazon code 90220)",
        )
        shirt = listings - scarf
        self.assertEqual(set(shirt.issue_ids.product_id.ids), set(self.shirt.product_variant_ids.ids))
        self.assertEqual(self.server.state.skus(), ["AMZ-SHIRT"], "the refused SKUs are not stored")
        self.assertFalse(any(listings.mapped("amazon_product_digest")))


@tagged("post_install", "-at_install")
class TestAmazonFeedStandIn(KoboAmazonFeedCase):
    """The stand-in's Feeds API as Amazon documents it."""

    def _call(self, method, path, **kwargs):
        token = self.channel.sudo().amazon_access_token
        return requests.request(
            method,
            f"{self.server.url}/feeds/2021-06-30{path}",
            headers={"x-amz-access-token": token},
            timeout=10,
            **kwargs,
        )

    def _document(self, content_type="application/json; charset=UTF-8"):
        created = self._call("POST", "/documents", json={"contentType": content_type})
        self.assertEqual(created.status_code, 201)
        return created.json()

    def test_create_feed_refuses_what_amazon_refuses(self):
        self._publish(self._amazon_listings(self.scarf))  # a live access token
        document = self._document()
        good = {
            "feedType": "JSON_LISTINGS_FEED",
            "marketplaceIds": [fake_amazon.DEMO_MARKETPLACE_ID],
            "inputFeedDocumentId": document["feedDocumentId"],
        }
        for change, details in (
            ({"feedType": "POST_PRODUCT_DATA"}, "Invalid feedType"),
            ({"marketplaceIds": []}, "marketplaceIds is required"),
            ({"marketplaceIds": ["ATVPDKIKX0DER"]}, "Invalid marketplaceIds"),
            ({"inputFeedDocumentId": "amzn1.tortuga.4.eu.unknown"}, "Invalid inputFeedDocumentId"),
        ):
            refused = self._call("POST", "/feeds", json={**good, **change})
            self.assertEqual(refused.status_code, 400)
            (error,) = refused.json()["errors"]
            self.assertEqual(error["code"], "InvalidInput")
            self.assertIn(details, error["details"])
        # the upload url wants the content type the document was created with, and no token
        wrong = requests.put(document["url"], data=b"{}", headers={"Content-Type": "text/plain"}, timeout=10)
        self.assertEqual(wrong.status_code, 403)
        self.assertIn(b"SignatureDoesNotMatch", wrong.content)
        self.assertEqual(self._call("POST", "/feeds", json=good).status_code, 202)

    def test_feed_submissions_are_throttled_as_documented(self):
        self._publish(self._amazon_listings(self.scarf))
        statuses = []
        for _feed in range(6):
            document = self._document()
            statuses.append(
                self._call(
                    "POST",
                    "/feeds",
                    json={
                        "feedType": "JSON_LISTINGS_FEED",
                        "marketplaceIds": [fake_amazon.DEMO_MARKETPLACE_ID],
                        "inputFeedDocumentId": document["feedDocumentId"],
                    },
                ).status_code
            )
        self.assertEqual(statuses, [202] * 5 + [429], "five JSON_LISTINGS_FEEDs per five minutes")

    def test_a_feed_over_the_message_limit_is_fatal(self):
        self.server.state.feed_max_messages = 3
        listings = self._amazon_listings()
        message = self._run_failing_job(listings)
        self.assertIn("FATAL", message)
        (feed,) = self.server.state.feeds.values()
        self.assertEqual(
            feed["report"]["issues"][0]["message"],
            "The feed holds 6 messages; a JSON_LISTINGS_FEED holds at most 3: split it into several "
            "feeds.",
        )
        self.assertEqual(self.server.state.skus(), [])


@tagged("post_install", "-at_install")
class TestAmazonFeedMatchesThePublishedSchema(KoboAmazonFeedCase):
    def setUp(self):
        super().setUp()
        if not FIXTURES.is_dir():
            self.skipTest(f"Amazon's published models are absent ({FIXTURES}): fixtures absent")
        import jsonschema  # a test dependency (requirements.txt)

        schema = json.loads((FIXTURES / "listings-feed-schema-v2.json").read_text())
        self.validator = jsonschema.Draft7Validator(schema)

    def test_feed_documents_validate_against_the_listings_feed_schema(self):
        listings = self._publish()
        self.shirt.list_price = 100.0
        self.scarf.list_price = 50.0
        self._publish(listings)
        documents = self._feed_documents()
        self.assertEqual(
            [{message["operationType"] for message in document["messages"]} for document in documents],
            [{"UPDATE"}, {"PATCH"}],
        )
        for document in documents:
            self.assertEqual([error.message for error in self.validator.iter_errors(document)], [])
        # and the validator can fail: an UPDATE carrying patches
        broken = copy.deepcopy(documents[0])
        broken["messages"][0]["patches"] = documents[1]["messages"][0]["patches"]
        self.assertTrue(list(self.validator.iter_errors(broken)))


@tagged("post_install", "-at_install")
class TestAmazonFeedRemembered(KoboAmazonCase):
    """The record of a feed Amazon accepted is committed on a cursor of its own: the job's
    transaction, which a retry rolls back, does not take it with it."""

    def test_a_sent_feed_is_committed_on_its_own(self):
        connector = self.env["kobo.connector.amazon"]
        channel_id = self.channel.id  # made in the test's transaction: the record has no foreign key
        connector._kobo_amazon_feed_remember(self.channel, "d" * 64, "FEED-REMEMBERED")
        query = "SELECT feed_id FROM kobo_amazon_feed_sent WHERE channel_id = %s AND digest = %s"
        with self.registry.cursor() as other:  # another transaction: what was committed
            other.execute(query, [channel_id, "d" * 64])
            self.assertEqual(other.fetchall(), [("FEED-REMEMBERED",)])
            other.execute("DELETE FROM kobo_amazon_feed_sent WHERE feed_id = 'FEED-REMEMBERED'")
        # the job's own transaction began before: it reads the record in its next run, a new one
        self.env.cr.execute(query, [channel_id, "d" * 64])
        self.assertEqual(self.env.cr.fetchall(), [])
