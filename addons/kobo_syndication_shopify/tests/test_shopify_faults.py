"""Faults injected into the local fake shop, each through the real job path (queue, then the
channel's sync job): timeout, 429, 500, connection reset, a malformed answer, a crash between
Shopify's success and our commit, the cost bucket. Each ends with 0 listings lost, 0 products
duplicated in the shop, 0 listings marked published that the shop does not hold active."""

from unittest import mock

from odoo.addons.kobo_syndication_shopify.fake_servers import shopify as fake_shopify
from odoo.addons.queue_job.job import Job
from odoo.tests import tagged

from .shopify_common import TOKEN, ShopifyCase


@tagged("post_install", "-at_install")
class TestShopifyFaults(ShopifyCase):
    def assertNothingLostOrDuplicated(self, listings):
        """Every listing still exists and is published or queued (never lost); each product is in
        the shop at most once; each published listing's product is in the shop, active."""
        self.assertTrue(all(listings.exists()))
        handles = [product["handle"] for product in self._shop_products()]
        self.assertEqual(len(handles), len(set(handles)), "no product twice in the shop")
        for listing in listings.filtered(lambda listing: listing.state == "published"):
            product = self.assertShopHoldsOnce(listing.product_tmpl_id)
            self.assertEqual(listing.external_id, product["id"])

    def test_timeout_retries_and_the_late_success_is_not_duplicated(self):
        listings = self._listings()
        self.state.delay_next(0.6)  # Shopify carries out the first productSet, answers too late
        with mock.patch.object(type(self.env["kobo.connector.shopify"]), "_kobo_http_timeout", 0.3):
            self._sync(listings)
        self.assertEqual(set(listings.mapped("state")), {"published"})
        self.assertEqual(self.waits[:1], [1.0], "one backoff after the timeout")
        self.assertEqual(len(self._shop_products()), 2)
        self.assertNothingLostOrDuplicated(listings)

    def test_429_waits_what_shopify_asks_then_publishes(self):
        listings = self._listings()
        self.state.fail_next(429, retry_after=2)
        self._sync(listings)
        self.assertEqual(self.waits[:1], [2.0])
        self.assertEqual(set(listings.mapped("state")), {"published"})
        self.assertNothingLostOrDuplicated(listings)

    def test_500_every_try_leaves_the_batch_queued_and_the_next_run_publishes(self):
        listings = self._listings()
        self.state.fail_next(500, count=4)
        error = self._failing_job(listings)
        self.assertIn("Shopify productSet failed: HTTP 500", str(error))
        self.assertEqual(set(listings.mapped("state")), {"queued"})
        self.assertFalse(any(listings.mapped("external_id")))
        self.channel._kobo_job_sync()
        self.assertEqual(set(listings.mapped("state")), {"published"})
        self.assertNothingLostOrDuplicated(listings)

    def test_connection_reset_is_retried(self):
        listings = self._listings()
        self.state.reset_next()
        self._sync(listings)
        self.assertEqual(set(listings.mapped("state")), {"published"})
        self.assertNothingLostOrDuplicated(listings)

    def test_malformed_answer_says_so_on_the_listing_and_retry_does_not_duplicate(self):
        listings = self._listings(self.scarf)
        self.state.malformed_next()  # the product is created, the answer cannot be read
        self._sync(listings)
        self.assertEqual(listings.state, "error")
        self.assertIn("could not be read (it is not JSON)", listings.issue_ids.message)
        self.assertFalse(listings.external_id, "not marked as on the shop")
        self.assertEqual(len(self._shop_products()), 1)
        listings.with_user(self.syndication_user).action_retry()
        self.channel._kobo_job_sync()
        self.assertEqual(listings.state, "published")
        self.assertNothingLostOrDuplicated(listings)

    def test_crash_after_shopify_accepted_finds_the_product_by_handle(self):
        listings = self._listings()
        connector_class = type(self.env["kobo.connector.shopify"])
        real_push = connector_class.push

        def push_then_die(connector, listings, payloads):
            real_push(connector, listings, payloads)
            raise RuntimeError("worker killed after Shopify accepted the batch")

        listings._kobo_queue("publish")
        with mock.patch.object(connector_class, "push", push_then_die):
            with self.assertRaisesRegex(RuntimeError, "worker killed"), self.env.cr.savepoint():
                self.channel._kobo_job_sync()
        self.env.invalidate_all()
        self.assertEqual(set(listings.mapped("state")), {"queued"}, "nothing marked published")
        self.assertFalse(any(listings.mapped("external_id")))
        first_ids = {product["handle"]: product["id"] for product in self._shop_products()}
        self.assertEqual(len(first_ids), 2, "Shopify holds both products")
        self.channel._kobo_job_sync()
        self.assertEqual(set(listings.mapped("state")), {"published"})
        self.assertEqual(len(self._shop_products()), 2, "the retry updated them, created none")
        for listing in listings:
            self.assertEqual(listing.external_id, first_ids[listing.product_tmpl_id.kobo_shopify_handle])
        self.assertNothingLostOrDuplicated(listings)

    def test_the_pace_keeps_within_the_bucket_without_being_throttled(self):
        self.server.stop()
        self.server = self._restart_shop(bucket_size=25, restore_rate=10)
        products = self.env["product.template"].create(
            [{"name": f"Paced Tee {n}", "list_price": 20, "default_code": f"PT-{n}"} for n in range(6)]
        )
        self._approve(products)
        listings = self._listings(products)
        self._sync(listings)
        self.assertEqual(set(listings.mapped("state")), {"published"})
        self.assertEqual(self.state.throttled, 0, "never throttled")
        # 6 products × (productSet 10 + translatableResource 3 + translationsRegister 10) = 138 points;
        # 25 in the bucket, the rest restored at 10/s while the client waited
        self.assertEqual(self.state.points_spent, 138)
        self.assertAlmostEqual(sum(self.waits), (138 - 25) / 10, delta=1.5)
        self.assertNothingLostOrDuplicated(listings)

    def test_throttled_answer_is_waited_out_and_retried_through_the_queue_job(self):
        listings = self._listings(self.scarf)
        self._sync(self._listings(self.sweater))  # the client now knows the bucket is nearly full
        self.state._available = 2  # another app on the shop emptied it
        # a slow refill, so that the real time this test takes (a loaded machine) does not count
        self.state.restore_rate = 0.5
        listings.with_user(self.syndication_user).action_publish()
        job = self.env["queue.job"].search(
            [("identity_key", "=", f"kobo_syndication_sync:{self.channel.id}"), ("state", "=", "pending")]
        )
        throttled = self.state.throttled
        Job.load(self.env, job.uuid).perform()
        self.assertEqual(self.state.throttled, throttled + 1)
        self.assertEqual(listings.state, "published")
        # waited what the bucket needed for the 10 points productSet asks: (10 - 2) / 0.5 s
        self.assertTrue([wait for wait in self.waits if 15 <= wait <= 16], self.waits)
        self.assertNothingLostOrDuplicated(listings | self._listings(self.sweater))

    def _restart_shop(self, **options):
        server = fake_shopify.start(token=TOKEN, locales=("en", "de"), primary_locale="en", **options)
        self.addCleanup(server.stop)
        self.state = server.state
        self.channel.sudo().shopify_shop_url = server.url
        self.allow_host(server.url)
        return server
