"""One listing that cannot be prepared never stops its batch (Trust II, point 8): the others are
pushed, the failing one is in error saying why, and a channel's own trouble still retries the
batch as a whole."""

from unittest.mock import patch

from odoo.addons.kobo_syndication.tests.common import KoboSyndicationCase
from odoo.addons.queue_job.exception import RetryableJobError
from odoo.exceptions import UserError
from odoo.tests import tagged


@tagged("post_install", "-at_install")
class TestSyncIsolation(KoboSyndicationCase):
    def _failing_build(self, bad_product, error):
        connector_class = type(self.env["kobo.connector.website"])
        real_build = connector_class.build_payload

        def build_payload(connector, listings):
            if bad_product in listings.product_tmpl_id:
                raise error
            return real_build(connector, listings)

        return patch.object(connector_class, "build_payload", build_payload)

    def test_a_listing_that_cannot_be_built_does_not_stop_the_others(self):
        listings = self._listings()
        listings._kobo_queue("publish")
        bad = self.products[1]
        with self._failing_build(bad, KeyError("size")), self._record_calls() as calls:
            self.shop._kobo_job_sync()
        bad_listing = listings.filtered(lambda listing: listing.product_tmpl_id == bad)
        good = listings - bad_listing
        self.assertEqual(calls, [sorted(good.ids)], "the others are pushed, in one call")
        self.assertEqual(set(good.mapped("state")), {"published"})
        self.assertTrue(all(good.product_tmpl_id.mapped("is_published")))
        # The failing one says why, where the catalogue team looks: its state, its issue, the
        # channel's error count. An unexpected error is named by its kind (details in the log).
        listing = bad_listing.with_user(self.syndication_user)
        self.assertEqual(listing.state, "error")
        self.assertFalse(bad.is_published)
        self.assertEqual(
            listing.issue_ids.mapped("message"),
            [
                "This listing could not be prepared for Test Shop: unexpected error (KeyError); an "
                "administrator finds the details in the server log. The others of its batch went on; "
                "fix the product, then Retry."
            ],
        )
        self.assertEqual(listing.issue_ids.source, "ours")
        self.assertEqual(self.shop.with_user(self.syndication_user).listing_error_count, 1)
        # Fixed, retried: it is published like the others.
        listing.action_retry()
        self.shop._kobo_job_sync()
        self.assertEqual(bad_listing.state, "published")
        self.assertFalse(bad_listing.issue_ids)

    def test_a_business_error_is_shown_in_its_own_words(self):
        listings = self._listings()
        listings._kobo_queue("publish")
        bad = self.products[0]
        with self._failing_build(bad, UserError("Linen Shirt 0 has no size chart.")):
            self.shop._kobo_job_sync()
        bad_listing = listings.filtered(lambda listing: listing.product_tmpl_id == bad)
        self.assertEqual(bad_listing.state, "error")
        self.assertIn(
            "could not be prepared for Test Shop: Linen Shirt 0 has no size chart.",
            bad_listing.issue_ids.message,
        )
        self.assertEqual(set((listings - bad_listing).mapped("state")), {"published"})

    def test_a_failing_approval_check_isolates_the_listing_too(self):
        listings = self._listings()
        listings._kobo_queue("publish")
        listing_class = type(self.env["kobo.listing"])
        real_issues = listing_class._kobo_publish_issues
        bad = listings[2]

        def publish_issues(part):
            if bad in part:
                raise ValueError("broken validation")
            return real_issues(part)

        with patch.object(listing_class, "_kobo_publish_issues", publish_issues):
            self.shop._kobo_job_sync()
        self.assertEqual(bad.state, "error")
        self.assertEqual(set((listings - bad).mapped("state")), {"published"})

    def test_the_channels_trouble_still_retries_the_whole_batch(self):
        listings = self._listings()
        listings._kobo_queue("publish")
        with self._failing_build(self.products[1], RetryableJobError("Shop unreachable")):
            with self.assertRaises(RetryableJobError), self.env.cr.savepoint():
                self.shop._kobo_job_sync()
        self.env.invalidate_all()
        self.assertEqual(set(listings.mapped("state")), {"queued"})

    def test_the_happy_path_costs_no_more_for_more_listings(self):
        more = self.env["product.template"].create(
            [{"name": f"Linen Shirt extra {i}", "list_price": 60, "is_published": False} for i in range(4)]
        )
        self._approve(more)
        few = self._queries_to_sync(self._listings(self.products[:2]))
        many = self._queries_to_sync(self._listings(more))
        self.assertLessEqual(many, few)
