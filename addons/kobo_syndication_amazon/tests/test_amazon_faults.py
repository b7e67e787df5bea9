"""Faults injected in the fake SP-API, each through the job path (listings queued, the channel's
sync job run): after each, 0 listings lost, 0 duplicated, 0 marked published that are not."""

from unittest import mock

from odoo.addons.queue_job.exception import RetryableJobError
from odoo.tests import tagged

from .amazon_common import KoboAmazonCase


@tagged("post_install", "-at_install")
class TestAmazonFaults(KoboAmazonCase):
    server_options = {**KoboAmazonCase.server_options, "delay_seconds": 1.5}

    def _queue(self):
        listings = self._amazon_listings()
        listings._kobo_queue("publish")
        return listings

    def _run_failing_job(self, listings):
        """Run the job where the shared client gives up: the job's transaction rolls back."""
        with self.assertRaises(RetryableJobError), self.env.cr.savepoint():
            self.channel._kobo_job_sync()
        self.env.invalidate_all()
        self.assertEqual(set(listings.mapped("state")), {"queued"})
        self.assertFalse(any(listings.mapped("external_id")))

    def _run_job(self, listings):
        self.channel._kobo_job_sync()
        self.env.invalidate_all()
        self.assertNothingLostOrDuplicated(listings)

    def test_timeout_is_retried_and_leaves_one_listing(self):
        listings = self._queue()
        # the first PUT answers after 1.5 s, past our 0.5 s timeout, but Amazon still stores it
        self.server.state.fail_next("delay")
        with self._timeout(0.5):
            self._run_job(listings)
        self.assertEqual(set(listings.mapped("state")), {"published"})
        self.assertEqual(self.server.state.calls["putListingsItem"], 7, "six SKUs, the first one twice")
        self.assertEqual(self.server.state.skus(), self._all_skus())

    def test_timeouts_past_the_tries_leave_the_batch_queued(self):
        listings = self._queue()
        self.server.state.fail_next("delay", 4)
        with self._timeout(0.3):
            self._run_failing_job(listings)
        # the slow PUT was stored by Amazon: the next run replaces it, it does not add one
        self._run_job(listings)
        self.assertEqual(set(listings.mapped("state")), {"published"})
        self.assertEqual(self.server.state.skus(), self._all_skus())

    def test_429_waits_what_retry_after_says(self):
        listings = self._queue()
        self.server.state.fail_next("429", 2)
        self._run_job(listings)
        self.assertEqual(set(listings.mapped("state")), {"published"})
        self.assertEqual(self.clock.sleeps.count(1.0), 2, "Retry-After: 1, twice")
        self.assertEqual(self.server.state.skus(), self._all_skus())

    def test_500_until_the_tries_are_spent_retries_the_job_later(self):
        listings = self._queue()
        self.server.state.fail_next("500", 4)
        self._run_failing_job(listings)
        self.assertEqual(self.server.state.skus(), [], "the 500s stored nothing")
        self._run_job(listings)
        self.assertEqual(set(listings.mapped("state")), {"published"})

    def test_connection_reset_is_retried(self):
        listings = self._queue()
        self.server.state.fail_next("reset", 2)
        self._run_job(listings)
        self.assertEqual(set(listings.mapped("state")), {"published"})
        self.assertEqual(self.server.state.skus(), self._all_skus())

    def test_malformed_answer_puts_the_listing_in_error_and_retry_publishes_it(self):
        listings = self._queue()
        shirt = listings.filtered(lambda listing: listing.product_tmpl_id == self.shirt)
        # the shirt's parent is stored by Amazon, but its answer is not JSON
        self.server.state.fail_next("malformed")
        self._run_job(listings)
        self.assertEqual(shirt.state, "error")
        self.assertFalse(shirt.external_id)
        self.assertIn("SKU AMZ-SHIRT", shirt.issue_ids.message)
        self.assertIn("could not be read", shirt.issue_ids.message)
        self.assertEqual((listings - shirt).state, "published", "the next listing was still sent")
        shirt.action_retry()
        self._run_job(listings)
        self.assertEqual(set(listings.mapped("state")), {"published"})
        self.assertEqual(self.server.state.skus(), self._all_skus())

    def test_crash_between_amazon_and_our_commit_duplicates_nothing(self):
        listings = self._queue()
        connector_class = type(self.env["kobo.connector.amazon"])
        real_push = connector_class.push

        def push_then_die(connector, batch, payloads):
            real_push(connector, batch, payloads)
            raise RuntimeError("worker killed after Amazon accepted the batch")

        with mock.patch.object(connector_class, "push", push_then_die):
            with self.assertRaisesRegex(RuntimeError, "worker killed"), self.env.cr.savepoint():
                self.channel._kobo_job_sync()
        self.env.invalidate_all()
        self.assertEqual(set(listings.mapped("state")), {"queued"}, "none marked published")
        self.assertEqual(self.server.state.skus(), self._all_skus(), "Amazon has them")
        self.server.state.requests.clear()
        self._run_job(listings)
        self.assertEqual(set(listings.mapped("state")), {"published"})
        # the SKUs were found by their key and replaced: one each on Amazon
        self.assertEqual(self.server.state.skus(), self._all_skus())
        self.assertEqual(len(self.server.state.requests), 6)
        self.assertEqual(
            listings.filtered(lambda listing: listing.product_tmpl_id == self.shirt).external_id, "AMZ-SHIRT"
        )
