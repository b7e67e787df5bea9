"""*Published* means equal: a change saved while a sync job has the old content on the wire
always leads to another push, never to a listing marked in sync with the older content.

The interleaving is made deterministic with a hook between the job's read and its write: the
connector's push is wrapped so that, once the channel has accepted the payload the job built,
a save happens (the product's price or copy changes and the save's commit point runs). The job
then writes its outcome. Real life has the save in another transaction; here it is the job's
own, which is the same order of events as far as the job's read and write are concerned."""

from contextlib import contextmanager
from unittest import mock

from odoo.addons.kobo_syndication.models.kobo_listing_sync import payload_digest
from odoo.addons.kobo_syndication.tests.common import KoboSyndicationCase
from odoo.addons.queue_job.job import Job
from odoo.exceptions import AccessError
from odoo.tests import tagged


@tagged("post_install", "-at_install")
class TestPublishedMeansEqual(KoboSyndicationCase):
    def _jobs(self, state="pending"):
        return self.env["queue.job"].search(
            [("identity_key", "=", f"kobo_syndication_sync:{self.shop.id}"), ("state", "=", state)]
        )

    def _run_as_the_runner(self, job):
        """Run ``job`` as queue_job's runner does: marked started (committed before the job
        reads anything, in real life), performed, marked done."""
        job = Job.load(self.env, job.uuid)
        job.set_started()
        job.store()
        job.perform()
        job.set_done()
        job.store()

    @contextmanager
    def _pushes(self, save_during_push=None):
        """Record each payload the website connector receives; ``save_during_push`` runs once,
        after the channel has accepted the first push and before the job writes the outcome."""
        connector_class = type(self.env["kobo.connector.website"])
        real_push = connector_class.push
        received, hooks = [], [save_during_push] if save_during_push else []

        def push(connector, listings, payloads):
            received.append(dict(payloads))
            results = real_push(connector, listings, payloads)
            if hooks:
                hooks.pop()()
            return results

        with mock.patch.object(connector_class, "push", push):
            yield received

    def _published(self, product):
        listing = self._listings(product)
        listing.with_user(self.syndication_user).action_publish()
        self._run_as_the_runner(self._jobs())
        self.assertEqual(listing.state, "published")
        return listing

    def _save_price(self, product, price):
        def save():
            product.with_user(self.catalogue_user).list_price = price
            self.env.cr.flush()  # the save's commit point: its automation rules queue the listings

        return save

    def test_price_saved_while_the_job_pushes_is_pushed_by_another_job(self):
        product = self.products[0]
        listing = self._published(product)
        self.assertFalse(self._jobs())
        product.with_user(self.catalogue_user).list_price = 129.00
        self.env.cr.flush()
        self.assertEqual(listing.state, "queued")
        job = self._jobs()
        self.assertEqual(len(job), 1)

        with self._pushes(self._save_price(product, 129.95)) as received:
            self._run_as_the_runner(job)
        # The channel took 129.00; the listing says so (the digest of what it accepted), and
        # does not claim the 129.95 saved meanwhile: it stays queued, and a job will push it.
        self.assertEqual(len(received), 1)
        self.assertIn("129.0", str(received[0][listing.id]))
        self.assertNotIn("129.95", str(received[0][listing.id]))
        self.assertEqual(listing.state, "queued")
        self.assertEqual(listing.payload_digest, payload_digest(received[0][listing.id]))
        next_job = self._jobs()
        self.assertEqual(len(next_job), 1, "a change saved during the push leaves a job to push it")
        self.assertNotEqual(next_job, job)

        with self._pushes() as received:
            self._run_as_the_runner(next_job)
        self.assertEqual(len(received), 1)
        self.assertIn("129.95", str(received[0][listing.id]))
        self.assertEqual(listing.state, "published")
        self.assertEqual(listing.payload_digest, payload_digest(received[0][listing.id]))
        self.assertFalse(self._jobs(), "in sync: nothing left to do")

    def test_three_quick_saves_end_with_the_last_one_on_the_channel(self):
        product = self.products[1]
        listing = self._published(product)
        self._save_price(product, 71.0)()  # 1a: queues the listing, a job waits
        self._save_price(product, 72.0)()  # 1b: the listing is queued already
        job = self._jobs()
        self.assertEqual(len(job), 1)
        # 1c is saved while the job (which read 1b) pushes.
        with self._pushes(self._save_price(product, 73.0)) as received:
            self._run_as_the_runner(job)
        self.assertIn("72.0", str(received[0][listing.id]))
        self.assertEqual(listing.state, "queued")
        with self._pushes() as received:
            self._run_as_the_runner(self._jobs())
        self.assertIn("73.0", str(received[0][listing.id]))
        self.assertEqual(listing.state, "published")
        self.assertEqual(listing.payload_digest, payload_digest(received[0][listing.id]))
        self.assertFalse(self._jobs())

    def test_copy_approved_while_the_job_pushes_is_pushed_by_another_job(self):
        product = self.products[2]
        listing = self._published(product)
        product.with_user(self.catalogue_user).kobo_description = "<p>Mother-of-pearl buttons 1b.</p>"
        self._approve(product)
        job = self._jobs()

        def save():
            product.with_user(self.catalogue_user).kobo_description = "<p>Mother-of-pearl buttons 1c.</p>"
            self._approve(product)

        with self._pushes(save) as received:
            self._run_as_the_runner(job)
        self.assertIn("1b", str(received[0][listing.id]))
        self.assertEqual(listing.state, "queued")
        with self._pushes() as received:
            self._run_as_the_runner(self._jobs())
        self.assertIn("1c", str(received[0][listing.id]))
        self.assertNotIn("1b", str(received[0][listing.id]))
        self.assertEqual(listing.state, "published")
        self.assertEqual(listing.payload_digest, payload_digest(received[0][listing.id]))

    def test_every_queueing_is_a_new_version_and_a_running_job_does_not_absorb_it(self):
        listings = self._listings()
        listings._kobo_queue("publish")
        versions = {listing.id: listing.kobo_version for listing in listings}
        job = Job.load(self.env, self._jobs().uuid)
        job.set_started()
        job.store()
        # Already queued: the state does not move, the version does, and since the channel's
        # only job is running (its snapshot is older), a new job is made.
        listings._kobo_queue("publish")
        self.assertEqual(set(listings.mapped("state")), {"queued"})
        for listing in listings:
            self.assertEqual(listing.kobo_version, versions[listing.id] + 1)
        self.assertEqual(len(self._jobs()), 1)
        self.assertEqual(len(self._jobs("started")), 1)

    def test_queueing_costs_the_same_for_3_and_15_listings(self):
        products = self.env["product.template"].create(
            [{"name": f"Linen Skirt {i}", "list_price": 60 + i, "is_published": False} for i in range(12)]
        )
        few, many = self._listings(), self._listings(self.products | products)
        counts = []
        for listings in (few, many):
            listings._kobo_queue("publish")  # the second queueing: already queued, a new version
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            listings._kobo_queue("publish")
            self.env.flush_all()
            counts.append(self.env.cr.sql_log_count - before)
        self.assertEqual(counts[0], counts[1])

    def test_the_version_is_the_workflow_s_not_a_user_s(self):
        listing = self._listings(self.products[0])
        with self.assertRaises(AccessError):
            listing.with_user(self.syndication_manager).write({"kobo_version": 7})
        self.assertEqual(listing.kobo_version, 0)
