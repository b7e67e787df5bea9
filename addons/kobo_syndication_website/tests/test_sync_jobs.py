import traceback
from unittest import mock

from odoo.addons.kobo_syndication.models import kobo_listing
from odoo.addons.kobo_syndication.tests.common import KoboSyndicationCase
from odoo.addons.queue_job.controllers.main import RunJobController
from odoo.addons.queue_job.exception import RetryableJobError
from odoo.addons.queue_job.job import Job
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged


@tagged("post_install", "-at_install")
class TestSyncJobs(KoboSyndicationCase):
    """Syndication › Jobs: queue_job's jobs of the sync, in words, for syndication users."""

    def _pending_job(self, channel=None):
        channel = channel or self.shop
        return self.env["queue.job"].search(
            [("identity_key", "=", f"kobo_syndication_sync:{channel.id}"), ("state", "=", "pending")]
        )

    def _run(self, queue_job):
        """Run ``queue_job`` as queue_job's runner does: started, performed in a transaction of
        its own (a savepoint here), then done, postponed or failed with what the runner stores."""
        job = Job.load(self.env, queue_job.uuid)
        job.set_started()
        job.store()
        try:
            with self.env.cr.savepoint():
                job.perform()
        except RetryableJobError as error:
            job.postpone(result=str(error), seconds=error.seconds)
            job.set_pending(reset_retry=False)
        except Exception as error:  # what the runner catches
            job.set_failed(**RunJobController._get_failure_values(job, traceback.format_exc(), error))
        else:
            job.set_done()
        job.store()
        self.env.invalidate_all()

    def _found(self, action):
        return self.env["kobo.sync.job"].with_user(self.syndication_user).search(action["domain"])

    def _rows(self, channels=None):
        """The jobs the syndication user sees of ``channels`` (the test's shop), not the demo's."""
        channels = channels or self.shop
        return (
            self.env["kobo.sync.job"]
            .with_user(self.syndication_user)
            .search([("channel_id", "in", channels.ids)])
        )

    def _label(self, row):
        return dict(row._fields["state"]._description_selection(row.env))[row.state]

    def _publish_and_crash(self):
        listings = self._listings()
        listings.with_user(self.syndication_user).action_publish()
        with self._record_calls(crash_after=0):
            self._run(self._pending_job())
        return listings

    def test_a_failed_job_shows_in_words_without_its_traceback(self):
        listings = self._publish_and_crash()
        row = self._rows()
        self.assertEqual(len(row), 1)
        self.assertEqual(row.channel_id, self.shop)
        self.assertEqual(self._label(row), "Failed")
        self.assertEqual(row.tries, "1 of 5")
        self.assertEqual(
            row.error,
            "Unexpected error (RuntimeError): the job queue's managers find the details on the job. "
            "Retry once the cause is fixed.",
        )
        # Its listings are still queued (the job's transaction rolled back): they are the job's.
        self.assertEqual(row.listing_ids, listings)
        self.assertEqual(row.listing_count, 3)
        self.assertEqual(row.listing_names, "Linen Shirt 0, Linen Shirt 1, Linen Shirt 2")
        self.assertTrue(row.date_started)
        # The traceback stays queue_job's, for its managers: not readable here, nor the job.
        with self.assertRaises(AccessError):
            row.read(["exc_info"])
        with self.assertRaises(AccessError):
            self.env["queue.job"].with_user(self.syndication_user).search([])
        self.assertIn("RuntimeError: worker killed mid-batch", row.sudo().exc_info)
        # The channel counts it, and its smart button opens it.
        channel = self.shop.with_user(self.syndication_user)
        self.assertEqual((channel.sync_job_count, channel.sync_job_failed_count), (1, 1))
        action = channel.action_open_sync_jobs()
        self.assertEqual(self._found(action), row)
        # So does each listing waiting for it.
        action = listings[0].with_user(self.syndication_user).action_open_sync_jobs()
        self.assertEqual(self._found(action), row)

    def test_retry_requeues_a_failed_job_and_the_done_job_lists_what_it_pushed(self):
        listings = self._publish_and_crash()
        row = self._rows()
        row.action_retry()
        self.env.invalidate_all()
        self.assertEqual(self._label(row), "Pending")
        self.assertEqual(row.tries, "0 of 5")
        self.assertFalse(row.error)
        self._run(row.sudo().job_id)
        self.assertEqual(self._label(row), "Done")
        self.assertEqual(set(listings.mapped("state")), {"published"})
        self.assertTrue(row.date_done)
        # What a done job handled is what it recorded, not what waits in the queue now.
        self.assertEqual(row.listing_ids, listings)
        action = listings[1].with_user(self.syndication_user).action_open_sync_jobs()
        self.assertEqual(self._found(action), row)
        with self.assertRaisesRegex(UserError, "is done: only a failed or cancelled job can be retried"):
            row.action_retry()

    def test_a_job_waiting_to_retry_says_why_and_cannot_be_retried_now(self):
        self._listings().with_user(self.syndication_user).action_publish()
        connector_class = type(self.env["kobo.connector.website"])
        unreachable = RetryableJobError("Test Shop did not answer (HTTP 503): the job tries again later.")
        with mock.patch.object(connector_class, "push", side_effect=unreachable):
            self._run(self._pending_job())
        row = self._rows()
        self.assertEqual(self._label(row), "Waiting to retry")
        self.assertEqual(row.tries, "1 of 5")
        self.assertEqual(row.error, "Test Shop did not answer (HTTP 503): the job tries again later.")
        self.assertTrue(row.eta)
        with self.assertRaisesRegex(UserError, "is waiting to retry: only a failed or cancelled job"):
            row.action_retry()

    def test_retry_needs_the_right_to_change_the_listings(self):
        self._publish_and_crash()
        catalogue_only = new_test_user(
            self.env, "kobo_jobs_cat", groups="base.group_user,kobo_pim.group_kobo_pim_user"
        )
        with self.assertRaises(AccessError):
            self.env["kobo.sync.job"].with_user(catalogue_only).search([])
        row = self._rows()
        with self.assertRaises(AccessError):
            row.with_user(catalogue_only).action_retry()
        self.assertEqual(row.state, "failed")

    def test_another_companys_jobs_are_not_shown(self):
        other_company = self.env["res.company"].create({"name": "Other Brand"})
        other_shop = self.env["kobo.channel"].create(
            {
                "name": "Other Shop",
                "code": "other_shop",
                "connector": self.shop_connector,
                "company_id": other_company.id,
                "pricelist_id": self.pricelist_eur.id,
            }
        )
        self._listings(channel=other_shop)._kobo_queue("publish")
        self._listings().with_user(self.syndication_user).action_publish()
        both = self.shop | other_shop
        everyone = self.env["kobo.sync.job"].search([("channel_id", "in", both.ids)])
        self.assertEqual(everyone.channel_id, both)
        rows = self._rows(both)
        self.assertEqual(rows.channel_id, self.shop)
        self.assertNotIn(
            other_shop, self.env["kobo.sync.job"].with_user(self.syndication_user).search([]).channel_id
        )
        self.assertEqual(self._label(rows), "Pending")
        other_row = everyone.filtered(lambda row: row.channel_id == other_shop)
        with self.assertRaises(AccessError):
            other_row.with_user(self.syndication_user).read(["state"])

    def test_publish_all_approved_reports_its_progress_on_the_channel(self):
        channel = self.shop.with_user(self.syndication_user)
        channel.action_publish_approved()
        listings = self.env["kobo.listing"].search([("channel_id", "=", self.shop.id)])
        self.assertEqual(listings.product_tmpl_id & self.products, self.products)
        queued = listings.filtered(lambda listing: listing.state == "queued")
        blocked = listings.filtered(lambda listing: listing.state == "blocked")
        progress = channel.kobo_progress_id
        self.assertEqual(progress.name, "Publish approved products on Test Shop")
        self.assertEqual(progress.state, "done")
        self.assertEqual((progress.done, progress.total), (len(listings), len(listings)))
        self.assertEqual(
            progress.result,
            f"{len(queued)} listings queued on Test Shop, {len(blocked)} blocked (their issues say why). "
            "The sync jobs push them: see Jobs.",
        )
        self.assertIn(self.products[0].display_name, self._rows().listing_names or "")

    def test_publishing_a_season_reports_its_progress_in_my_operations(self):
        with mock.patch.object(kobo_listing, "TRACKED_FROM", 2):  # a season of three products
            self.products.with_user(self.syndication_user).action_kobo_publish_to_channels()
        progress = self.env["kobo.progress"].with_user(self.syndication_user).search([], limit=1)
        self.assertEqual(progress.name, "Publish 3 products to channels")
        self.assertEqual((progress.state, progress.done, progress.total), ("done", 3, 3))
        listings = self.env["kobo.listing"].search([("product_tmpl_id", "in", self.products.ids)])
        self.assertIn(self.shop, listings.channel_id)
        queued = listings.filtered(lambda listing: listing.state == "queued")
        blocked = listings.filtered(lambda listing: listing.state == "blocked")
        self.assertEqual(
            progress.result,
            f"{len(queued)} listings queued on {len(listings.channel_id)} channel(s), {len(blocked)} blocked "
            "(their issues say why). The sync jobs push them: see Syndication › Jobs.",
        )
        # Below the threshold, a publish is no operation to follow.
        self.products[:1].with_user(self.syndication_user).action_kobo_publish_to_channels()
        self.assertEqual(self.env["kobo.progress"].with_user(self.syndication_user).search([]), progress)
