"""A price changed through a channel's pricelist rules reaches the channel: the rule's create,
write or unlink queues the listings of the products it applies to, on the channels whose
pricelist it belongs to (or is the base of), and a dated rule starting or ending is caught by
the daily cron."""

from datetime import timedelta
from unittest import mock

from freezegun import freeze_time

from odoo import fields
from odoo.addons.kobo_syndication.models.kobo_listing_sync import payload_digest
from odoo.addons.kobo_syndication.models.product_pricelist_item import DATED_RULES_LAST_RUN
from odoo.addons.kobo_syndication.tests.common import KoboSyndicationCase
from odoo.addons.queue_job.job import Job
from odoo.tests import new_test_user, tagged


@tagged("post_install", "-at_install")
class TestPriceRequeue(KoboSyndicationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Who keeps prices: a product manager (pricelist rules), nothing of syndication.
        cls.price_manager = new_test_user(
            cls.env, "kobo_price_m", groups="base.group_user,product.group_product_manager"
        )
        cls.category = cls.env["product.category"].create({"name": "Linen shirts"})
        cls.products[1:].categ_id = cls.category

    def setUp(self):
        super().setUp()
        self.listings = self._listings()
        self.listings._kobo_queue("publish")
        self._push()
        self.assertEqual(set(self.listings.mapped("state")), {"published"})
        self.assertFalse(self._pending_job())

    def _pending_job(self):
        return self.env["queue.job"].search(
            [("identity_key", "=", f"kobo_syndication_sync:{self.shop.id}"), ("state", "=", "pending")]
        )

    def _listing(self, product):
        return self.listings.filtered(lambda listing: listing.product_tmpl_id == product)

    def _queued(self):
        return self.listings.filtered(lambda listing: listing.state == "queued").product_tmpl_id

    def _rule(self, pricelist=None, **vals):
        return (
            self.env["product.pricelist.item"]
            .with_user(self.price_manager)
            .create({"pricelist_id": (pricelist or self.pricelist_eur).id, "compute_price": "fixed", **vals})
        )

    def _push(self):
        """Run the channel's pending job as queue_job's runner does; ``{listing id: payload}``
        the connector received."""
        connector_class = type(self.env["kobo.connector.website"])
        real_push = connector_class.push
        received = {}

        def push(connector, listings, payloads):
            received.update(payloads)
            return real_push(connector, listings, payloads)

        job = Job.load(self.env, self._pending_job().ensure_one().uuid)
        job.set_started()
        job.store()
        with mock.patch.object(connector_class, "push", push):
            job.perform()
        job.set_done()
        job.store()
        return received

    def test_rule_on_a_product_pushes_its_new_price_and_nothing_else(self):
        shirt = self.products[0]
        self._rule(applied_on="1_product", product_tmpl_id=shirt.id, fixed_price=42.5)
        self.assertEqual(self._queued(), shirt)
        self.assertEqual(len(self._pending_job()), 1)
        received = self._push()
        listing = self._listing(shirt)
        self.assertEqual(list(received), listing.ids)
        self.assertIn("42.5", str(received[listing.id]["prices"]))
        self.assertEqual(listing.state, "published")
        self.assertEqual(listing.payload_digest, payload_digest(received[listing.id]))

    def test_rule_on_a_variant_queues_its_product(self):
        shirt = self.products[2]
        self._rule(applied_on="0_product_variant", product_id=shirt.product_variant_id.id, fixed_price=30)
        self.assertEqual(self._queued(), shirt)

    def test_rule_on_a_category_queues_the_products_of_the_category(self):
        self._rule(applied_on="2_product_category", categ_id=self.category.id, fixed_price=33)
        self.assertEqual(self._queued(), self.products[1:])

    def test_global_rule_queues_every_product_of_the_channel(self):
        self._rule(applied_on="3_global", compute_price="percentage", percent_price=10)
        self.assertEqual(self._queued(), self.products)

    def test_rule_of_a_pricelist_no_channel_uses_queues_nothing(self):
        other = self.env["product.pricelist"].create(
            {"name": "Wholesale", "currency_id": self.pricelist_eur.currency_id.id}
        )
        self._rule(pricelist=other, applied_on="3_global", fixed_price=1)
        self.assertFalse(self._queued())
        self.assertFalse(self._pending_job())

    def test_rule_of_the_pricelist_the_channel_s_is_based_on_reaches_the_channel(self):
        base = self.env["product.pricelist"].create(
            {"name": "Base", "currency_id": self.pricelist_eur.currency_id.id}
        )
        self._rule(
            applied_on="3_global", compute_price="formula", base="pricelist", base_pricelist_id=base.id
        )
        self._push()
        self.assertFalse(self._queued())
        self._rule(
            pricelist=base, applied_on="1_product", product_tmpl_id=self.products[0].id, fixed_price=21
        )
        self.assertEqual(self._queued(), self.products[0])
        received = self._push()
        self.assertIn("21.0", str(received[self._listing(self.products[0]).id]["prices"]))

    def test_moving_and_deleting_a_rule_queue_what_it_left_and_reached(self):
        rule = self._rule(applied_on="1_product", product_tmpl_id=self.products[0].id, fixed_price=40)
        self._push()
        rule.write({"product_tmpl_id": self.products[1].id})
        self.assertEqual(self._queued(), self.products[:2])
        self._push()
        rule.unlink()
        self.assertEqual(self._queued(), self.products[1])
        received = self._push()
        self.assertNotIn("40.0", str(received[self._listing(self.products[1]).id]["prices"]))

    def test_dated_rule_starting_is_pushed_by_the_cron(self):
        start = fields.Datetime.now() + timedelta(days=1)
        self._rule(
            applied_on="1_product", product_tmpl_id=self.products[0].id, fixed_price=19.5, date_start=start
        )
        # Created: queued, but not on sale yet; the push sends the regular price.
        received = self._push()
        self.assertNotIn("19.5", str(received))
        self.env["ir.config_parameter"].sudo().set_param(
            DATED_RULES_LAST_RUN, fields.Datetime.to_string(start - timedelta(hours=12))
        )
        Items = self.env["product.pricelist.item"]
        self.assertEqual(Items._kobo_cron_requeue_dated_rules(), 0, "nothing started yet")
        self.assertFalse(self._queued())
        with freeze_time(start + timedelta(hours=1)):
            self.assertEqual(Items._kobo_cron_requeue_dated_rules(), 1)
            self.assertEqual(self._queued(), self.products[0])
            received = self._push()
            self.assertIn("19.5", str(received[self._listing(self.products[0]).id]["prices"]))
            # The next run starts where this one ended: the same start is not queued twice.
            self.assertEqual(Items._kobo_cron_requeue_dated_rules(), 0)
            self.assertFalse(self._queued())

    def test_dated_rule_ending_is_pushed_by_the_cron(self):
        end = fields.Datetime.now() + timedelta(days=2)
        self._rule(
            applied_on="1_product", product_tmpl_id=self.products[0].id, fixed_price=19.5, date_end=end
        )
        received = self._push()
        self.assertIn("19.5", str(received))
        self.env["ir.config_parameter"].sudo().set_param(
            DATED_RULES_LAST_RUN, fields.Datetime.to_string(end - timedelta(hours=1))
        )
        with freeze_time(end + timedelta(hours=1)):
            self.assertEqual(self.env["product.pricelist.item"]._kobo_cron_requeue_dated_rules(), 1)
            self.assertEqual(self._queued(), self.products[0])
            received = self._push()
            self.assertNotIn("19.5", str(received[self._listing(self.products[0]).id]["prices"]))

    def test_a_rule_queues_3_or_15_products_in_the_same_number_of_queries(self):
        more = self.env["product.template"].create(
            [
                {"name": f"Linen Skirt {i}", "list_price": 60 + i, "categ_id": self.category.id}
                for i in range(12)
            ]
        )
        self._approve(more)
        self._listings(more)._kobo_queue("publish")
        self._push()
        few = self.env["product.category"].create({"name": "Few"})
        self.products.categ_id = few
        counts = []
        # the first rule warms what any first write does (access rights, registry caches)
        for category in (few, few, self.category):
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            self._rule(applied_on="2_product_category", categ_id=category.id, fixed_price=25)
            self.env.flush_all()
            counts.append(self.env.cr.sql_log_count - before)
            self._pending_job().unlink()
        self.assertEqual(counts[1], counts[2])
        self.assertEqual(
            len(
                self.env["kobo.listing"].search([("channel_id", "=", self.shop.id), ("state", "=", "queued")])
            ),
            15,
        )
