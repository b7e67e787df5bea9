from unittest import mock

from odoo.addons.kobo_base.models.kobo_workflow_mixin import privileged
from odoo.addons.kobo_syndication.models.kobo_channel import RECHECK_KEY
from odoo.addons.kobo_syndication.tests.common import KoboSyndicationCase
from odoo.addons.queue_job.exception import RetryableJobError
from odoo.addons.queue_job.job import Job
from odoo.exceptions import AccessError
from odoo.tests import tagged


@tagged("post_install", "-at_install")
class TestListingSync(KoboSyndicationCase):
    def _pending_jobs(self):
        return self.env["queue.job"].search(
            [("identity_key", "=", f"kobo_syndication_sync:{self.shop.id}"), ("state", "=", "pending")]
        )

    def test_publish_queues_one_job_per_channel_and_the_job_publishes(self):
        listings = self._listings()
        listings.with_user(self.syndication_user).action_publish()
        self.assertEqual(set(listings.mapped("state")), {"queued"})
        job = self._pending_jobs()
        self.assertEqual(len(job), 1)
        self.assertEqual((job.model_name, job.method_name), ("kobo.channel", "_kobo_job_sync"))
        self.assertEqual(job.records, self.shop)
        self.assertEqual(job.channel, "root.kobo_syndication.website")
        self.assertEqual(job.user_id, self.syndication_user)
        # Transient failures retry with backoff: 1 min, then 5 min from the 5th try, 30 from the 10th.
        self.assertEqual(job.job_function_id.retry_pattern, {"1": 60, "5": 300, "10": 1800})
        # Run it as the job runner does (as the user who queued it).
        Job.load(self.env, job.uuid).perform()
        self.assertEqual(set(listings.mapped("state")), {"published"})
        self.assertEqual(listings.mapped("external_id"), [str(p.id) for p in listings.product_tmpl_id])
        self.assertTrue(all(listings.mapped("payload_digest")))
        self.assertTrue(all(listings.product_tmpl_id.mapped("is_published")))

    def test_identity_key_keeps_one_pending_job_per_channel(self):
        listings = self._listings()
        listings[0].with_user(self.syndication_user).action_publish()
        listings[1:].with_user(self.syndication_user).action_publish()
        listings.with_user(self.syndication_user).action_retry()
        self.assertEqual(len(self._pending_jobs()), 1, "three queueings of the same channel make one job")

    def test_unchanged_product_costs_no_call_and_no_write_of_its_sync(self):
        listings = self._listings()
        listings._kobo_queue("publish")
        self.shop._kobo_job_sync()
        synced = {listing.id: (listing.payload_digest, listing.date_last_sync) for listing in listings}
        changed = self.products[1]
        changed.kobo_description = "<p>Now with mother-of-pearl buttons.</p>"
        self._approve(changed)  # the edit sent it back to review
        listings._kobo_queue("publish")
        with self._record_calls() as calls:
            self.shop._kobo_job_sync()
        changed_listing = listings.filtered(lambda listing: listing.product_tmpl_id == changed)
        self.assertEqual(calls, [changed_listing.ids], "only the changed product is pushed")
        self.assertEqual(set(listings.mapped("state")), {"published"})
        for listing in listings - changed_listing:
            self.assertEqual((listing.payload_digest, listing.date_last_sync), synced[listing.id])
        self.assertNotEqual(changed_listing.payload_digest, synced[changed_listing.id][0])

    def test_crash_mid_batch_leaves_every_listing_queued(self):
        listings = self._listings()
        listings._kobo_queue("publish")
        with self._record_calls(crash_after=2) as calls:
            with self.assertRaisesRegex(RuntimeError, "mid-batch"), self.env.cr.savepoint():
                self.shop._kobo_job_sync()
        self.env.invalidate_all()
        # The channel took two of three before the worker died; none is marked published.
        self.assertEqual(calls, [sorted(listings.ids)])
        self.assertEqual(set(listings.mapped("state")), {"queued"})
        self.assertFalse(any(listings.mapped("external_id")))
        # The retry pushes the whole batch again (pushes are idempotent) and publishes it.
        with self._record_calls() as calls:
            self.shop._kobo_job_sync()
        self.assertEqual(calls, [sorted(listings.ids)])
        self.assertEqual(set(listings.mapped("state")), {"published"})

    def test_transient_failure_retries_and_changes_nothing(self):
        listings = self._listings()
        listings._kobo_queue("publish")
        connector_class = type(self.env["kobo.connector.website"])

        def push(connector, listings, payloads):
            raise RetryableJobError("429 Too Many Requests", seconds=60)

        with mock.patch.object(connector_class, "push", push):
            with self.assertRaises(RetryableJobError), self.env.cr.savepoint():
                self.shop._kobo_job_sync()
        self.env.invalidate_all()
        self.assertEqual(set(listings.mapped("state")), {"queued"})

    def test_channel_refusal_lands_on_the_listing_as_field_issues(self):
        listings = self._listings()
        listings._kobo_queue("publish")
        refused = listings[0]
        issues = [{"field": "price", "message": "Price must be positive", "lang": "de_DE"}]
        with self._record_calls(refuse={refused: issues}):
            self.shop._kobo_job_sync()
        self.assertEqual(refused.state, "error")
        self.assertEqual(refused.issue_ids.mapped("message"), ["Price must be positive"])
        self.assertEqual(refused.issue_ids.source, "channel")
        self.assertEqual(refused.issue_ids.field, "price")
        self.assertEqual(refused.issue_ids.lang, "de_DE")
        self.assertEqual(set((listings - refused).mapped("state")), {"published"})
        # No retry of a data error: nothing is queued again.
        self.assertFalse(listings.filtered(lambda listing: listing.state == "queued"))

    def test_hard_limit_blocks_before_any_push_and_names_the_field(self):
        connector_class = type(self.env["kobo.connector.website"])
        long_name = self.products[0]
        long_name.name = "A linen shirt whose name is far too long for this channel"
        listings = self._listings()
        listings._kobo_queue("publish")

        with (
            mock.patch.object(connector_class, "_kobo_max_lengths", {"name": 40}),
            self._record_calls() as calls,
        ):
            self.shop._kobo_job_sync()
        blocked = listings.filtered(lambda listing: listing.product_tmpl_id == long_name)
        self.assertEqual(blocked.state, "blocked")
        self.assertEqual(blocked.issue_ids.field, "name")
        self.assertEqual(blocked.issue_ids.message, "Name is 57 characters; the channel takes at most 40.")
        self.assertNotIn(blocked.id, calls[0])

    def test_product_without_completeness_on_a_profiled_channel_is_blocked(self):
        self.shop.write(
            {
                "profile_id": self.env.ref("kobo_pim.profile_website").id,
                "lang_ids": [(6, 0, self.env.ref("base.lang_en").ids)],
            }
        )
        product = self.env["product.template"].create({"name": "Unsent Shirt", "list_price": 40})
        listing = self._listings(product)
        listing.with_user(self.syndication_user).action_validate()
        # Validate now shows the issues, approval first, and leaves the listing as it was.
        self.assertEqual(listing.state, "draft")
        self.assertEqual(
            listing.issue_ids.mapped("message"),
            [
                "Unsent Shirt is not in enrichment: only approved content goes to channels "
                "(send it to enrichment, then approve its content).",
                "Unsent Shirt has no completeness on Test Shop: send it to enrichment.",
            ],
        )
        listing._kobo_queue("publish")
        self.shop._kobo_job_sync()
        self.assertEqual(listing.state, "blocked")

    def test_cancel_retry_and_force_full_push(self):
        listings = self._listings()
        listings._kobo_queue("publish")
        self.shop._kobo_job_sync()
        listings._kobo_queue("publish")
        listings.with_user(self.syndication_user).action_cancel()
        self.assertEqual(set(listings.mapped("state")), {"published"}, "on the channel: back to published")
        with self.assertRaises(AccessError):
            self.shop.with_user(self.syndication_user).action_force_full_push()
        self.shop.with_user(self.syndication_manager).action_force_full_push()
        self.assertEqual(set(listings.mapped("state")), {"queued"})
        with self._record_calls() as calls:
            self.shop._kobo_job_sync()
        self.assertEqual(calls, [sorted(listings.ids)], "a full re-push pushes unchanged listings too")

    def test_delist_withdraws_the_product(self):
        listings = self._listings()
        listings._kobo_queue("publish")
        self.shop._kobo_job_sync()
        listings[0].with_user(self.syndication_user).action_delist()
        self.shop._kobo_job_sync()
        self.assertEqual(listings[0].state, "delisted")
        self.assertFalse(listings[0].product_tmpl_id.is_published)
        self.assertTrue(listings[1].product_tmpl_id.is_published)

    def test_read_back_status_records_what_the_channel_shows(self):
        listings = self._listings()
        listings._kobo_queue("publish")
        self.shop._kobo_job_sync()
        # Someone unpublished the product on the website directly.
        self.products[0].is_published = False
        listings.with_user(self.syndication_user).action_read_status()
        self.assertEqual(listings.mapped("state"), ["delisted", "published", "published"])

    def test_profile_issues_name_the_locale_and_the_missing_field(self):
        self.shop.write(
            {
                "profile_id": self.env.ref("kobo_pim.profile_website").id,
                "lang_ids": [(6, 0, self.env.ref("base.lang_en").ids)],
            }
        )
        product = self.products[0]
        self.env["kobo.enrichment"]._kobo_ensure(product)
        listing = self._listings(product)
        listing._kobo_queue("publish")
        with self._record_calls() as calls:
            self.shop._kobo_job_sync()
        self.assertEqual(calls, [], "a blocked listing is not pushed")
        self.assertEqual(listing.state, "blocked")
        self.assertEqual(set(listing.issue_ids.mapped("lang")), {"en_US"})
        self.assertEqual(set(listing.issue_ids.mapped("source")), {"ours"})
        self.assertTrue(
            any("description" in message for message in listing.issue_ids.mapped("message")),
            listing.issue_ids.mapped("message"),
        )

    def test_sync_job_costs_the_same_queries_for_5_and_20_listings(self):
        def sync(count):
            products = self.env["product.template"].create(
                [{"name": f"Sync {count} {i}", "list_price": 10 + i} for i in range(count)]
            )
            self._approve(products)
            listings = self._listings(products)
            spent = self._queries_to_sync(listings)
            self.assertEqual(set(listings.mapped("state")), {"published"})
            return spent

        self.assertEqual(sync(5), sync(20))

    def test_a_job_takes_one_batch_and_queues_the_rest(self):
        listings = self._listings()
        listings._kobo_queue("publish")
        self._pending_jobs().unlink()
        self.shop._kobo_job_sync(batch_size=2)
        self.assertEqual(listings.mapped("state"), ["published", "published", "queued"])
        follow_up = self._pending_jobs()
        self.assertEqual(len(follow_up), 1, "the third listing has its job")
        Job.load(self.env, follow_up.uuid).perform()
        self.assertEqual(set(listings.mapped("state")), {"published"})

    def test_listings_queued_while_their_job_ran_get_a_job_once_committed(self):
        """The job a queueing merged with may start before the queueing transaction commits and
        miss its listings: once committed, the channel is asked again."""
        listings = self._listings()
        listings._kobo_queue("publish")
        self.assertIn(self.shop.id, self.env.cr.postcommit.data[RECHECK_KEY])
        # The merged job ran on what it read before the commit and is gone; nothing is pending.
        self._pending_jobs().unlink()
        self.shop._kobo_recheck_sync()  # what recheck_after_commit runs in its cursor
        follow_up = self._pending_jobs()
        self.assertEqual(len(follow_up), 1, "the queued listings have a job again")
        self.shop._kobo_recheck_sync()  # what recheck_after_commit runs in its cursor
        self.assertEqual(self._pending_jobs(), follow_up, "merged with the job not started yet")
        Job.load(self.env, follow_up.uuid).perform()
        self.assertEqual(set(listings.mapped("state")), {"published"})
        self._pending_jobs().unlink()
        self.shop._kobo_recheck_sync()  # what recheck_after_commit runs in its cursor
        self.assertFalse(self._pending_jobs(), "nothing queued, no job")

    def test_the_web_shop_job_takes_short_batches(self):
        """The web shop's job writes the products a user may be saving: its batch is its
        connector's (20), not the engine's 200, and the rest gets its own job."""
        self.assertEqual(self.shop._kobo_connector()._kobo_sync_batch_size, 20)
        listings = self._listings()
        listings._kobo_queue("publish")
        self._pending_jobs().unlink()
        with mock.patch.object(type(self.shop._kobo_connector()), "_kobo_sync_batch_size", 1):
            self.shop._kobo_job_sync()
        self.assertEqual(listings.mapped("state"), ["published", "queued", "queued"])
        self.assertEqual(len(self._pending_jobs()), 1)

    def _queries_to_queue(self, listings):
        self.env.flush_all()
        self.env.invalidate_all()
        start = self.env.cr.sql_log_count
        listings._kobo_queue("publish")
        self.env.flush_all()
        return self.env.cr.sql_log_count - start

    def test_queueing_costs_the_same_queries_for_3_and_for_150_listings(self):
        products = self.env["product.template"].create(
            [{"name": f"Queued shirt {n}", "list_price": 20} for n in range(153)]
        )
        few, many = self._listings(products[:3]), self._listings(products[3:])
        privileged(few | many).write({"state": "published", "external_id": "on the shop"})
        # Two listings already queued to publish, one queued to delist: only what moves is written.
        privileged(many[:2]).write({"state": "queued", "operation": "publish"})
        privileged(many[2]).write({"state": "queued", "operation": "delist"})
        self.shop._kobo_enqueue_sync()  # the channel's pending job exists for both sizes
        self.assertEqual(self._queries_to_queue(few), self._queries_to_queue(many))
        self.assertEqual(set((few | many).mapped("state")), {"queued"})
        self.assertEqual(set((few | many).mapped("operation")), {"publish"})
        self.assertEqual(len(self._pending_jobs()), 1)
        self.assertEqual(many[5].write_uid, self.env.user)
