from odoo.addons.kobo_base.models.kobo_workflow_mixin import privileged
from odoo.addons.kobo_syndication.tests.common import KoboSyndicationCase
from odoo.addons.queue_job.job import Job
from odoo.tests import tagged


@tagged("post_install", "-at_install")
class TestListingAutomation(KoboSyndicationCase):
    def _shop_listing(self, product):
        return self.env["kobo.listing"].search(
            [("product_tmpl_id", "=", product.id), ("channel_id", "=", self.shop.id)]
        )

    def test_approved_enrichment_queues_publishing(self):
        product = self.products[0]
        enrichment = self.env["kobo.enrichment"]._kobo_ensure(product)
        privileged(enrichment).write({"state": "in_review"})
        self.env.cr.flush()  # what the test set up is committed; the approval is a new request
        self.assertFalse(self._shop_listing(product))
        enrichment.with_user(self.catalogue_manager).action_approve()
        self.env.cr.flush()  # the commit point, where the rule's products are queued
        listing = self._shop_listing(product)
        self.assertEqual(listing.state, "queued")
        self.assertEqual(listing.operation, "publish")
        # The job runs as the catalogue manager who approved (no syndication rights) and publishes.
        job = self.env["queue.job"].search([("identity_key", "=", f"kobo_syndication_sync:{self.shop.id}")])
        self.assertEqual(job.user_id, self.catalogue_manager)
        Job.load(self.env, job.uuid).perform()
        self.assertEqual(listing.state, "published")
        self.assertTrue(product.is_published)

    def test_an_archived_channel_gets_no_listing_when_a_product_is_approved(self):
        product = self.products[0]
        self.shop.action_archive()
        enrichment = self.env["kobo.enrichment"]._kobo_ensure(product)
        privileged(enrichment).write({"state": "in_review"})
        self.env.cr.flush()
        enrichment.with_user(self.catalogue_manager).action_approve()
        self.env.cr.flush()  # the commit point, where the rule's products are queued
        listings = (
            self.env["kobo.listing"]
            .with_context(active_test=False)
            .search([("product_tmpl_id", "=", product.id)])
        )
        self.assertNotIn(self.shop, listings.channel_id)
        self.assertFalse(
            self.env["queue.job"].search([("identity_key", "=", f"kobo_syndication_sync:{self.shop.id}")])
        )

    def test_copy_or_price_change_of_a_published_product_queues_its_listing(self):
        listings = self._listings()
        listings._kobo_queue("publish")
        self.shop._kobo_job_sync()
        self.products[0].with_user(self.catalogue_user).kobo_marketing_name = "The Linen Shirt"
        self.products[1].list_price = 80
        self.env.cr.flush()
        self.assertEqual(
            listings.mapped("state"), ["queued", "queued", "published"], "the third product did not change"
        )
        self.shop._kobo_job_sync()
        # The new copy went back to review: the shop keeps the approved copy until it is approved.
        self.assertEqual(listings.mapped("state"), ["blocked", "published", "published"])
        self._approve(self.products[0])
        self.assertEqual(listings[0].state, "queued", "the approval queues it again")
        self.shop._kobo_job_sync()
        self.assertEqual(set(listings.mapped("state")), {"published"})

    def test_a_new_image_queues_the_listing_and_the_job_pushes_it(self):
        listings = self._listings()
        listings._kobo_queue("publish")
        self.shop._kobo_job_sync()
        self.env["kobo.asset"].with_user(self.catalogue_user).create(
            {
                "product_tmpl_id": self.products[2].id,
                "kind": "video",
                "video_url": "https://example.com/shirt.mp4",
            }
        )
        self.env.cr.flush()
        self.assertEqual(listings.mapped("state"), ["published", "published", "queued"])
        with self._record_calls() as calls:
            self.shop._kobo_job_sync()
        self.assertEqual(calls, [listings[2].ids], "the new video is in the payload: pushed")

    def test_draft_listing_is_not_queued_by_a_change(self):
        listing = self._listings(self.products[0])
        self.products[0].list_price = 99
        self.env.cr.flush()
        self.assertEqual(listing.state, "draft")

    def test_archiving_delists_everywhere(self):
        listings = self._listings()
        listings._kobo_queue("publish")
        self.shop._kobo_job_sync()
        # As the administrator: with mrp installed (kobo_plm), archiving a product also archives
        # its bills of material, which only manufacturing and development users may touch.
        self.products[0].action_archive()
        self.env.cr.flush()
        listing = listings[0]
        self.assertEqual((listing.state, listing.operation), ("queued", "delist"))
        self.shop._kobo_job_sync()
        self.assertEqual(listing.state, "delisted")
        self.assertFalse(listing.product_tmpl_id.is_published)

    def test_queueing_costs_the_same_queries_for_10_and_50_products(self):
        def queue(count):
            products = self.env["product.template"].create(
                [{"name": f"Scale {count} {i}", "list_price": 10} for i in range(count)]
            )
            listings = self._listings(products)
            listings._kobo_queue("publish")  # warm caches and the channel's pending job
            privileged(listings).write({"state": "published", "external_id": "x"})
            self.env.invalidate_all()
            self.env.flush_all()
            before = self.env.cr.sql_log_count
            products._kobo_listings_mark_to_push()
            self.env.flush_all()
            spent = self.env.cr.sql_log_count - before
            self.assertEqual(set(listings.mapped("state")), {"queued"})
            return spent

        self.assertEqual(queue(10), queue(50))

    def test_a_price_change_of_10_or_50_products_costs_the_same_queries(self):
        def change(count):
            products = self.env["product.template"].create(
                [{"name": f"Rule {count} {i}", "list_price": 10} for i in range(count)]
            )
            listings = self._listings(products)
            listings._kobo_queue("publish")
            privileged(listings).write({"state": "published", "external_id": "x"})
            self.env.cr.flush()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            products.write({"list_price": 12})
            self.env.cr.flush()  # the rule's batch runs here
            spent = self.env.cr.sql_log_count - before
            self.assertEqual(set(listings.mapped("state")), {"queued"})
            return spent

        self.assertEqual(change(10), change(50))
