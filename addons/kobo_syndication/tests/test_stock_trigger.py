from freezegun import freeze_time

from odoo import Command
from odoo.addons.kobo_base.models.kobo_workflow_mixin import privileged
from odoo.tests import new_test_user, tagged

from .google_feed_common import GoogleFeedCase


@tagged("post_install", "-at_install")
class TestStockTrigger(GoogleFeedCase):
    """A variant going in or out of stock queues its product's listings at the commit point, and
    the Google feed then says so; a move that leaves availability as it was queues nothing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stock_user = new_test_user(
            cls.env, "kobo_stock_u", groups="base.group_user,stock.group_stock_user"
        )
        cls.warehouse = cls.env["stock.warehouse"].search([("company_id", "=", cls.env.company.id)], limit=1)
        cls.stock = cls.warehouse.lot_stock_id
        cls.shelf = cls.env["stock.location"].create(
            {"name": "Shelf B", "location_id": cls.stock.id, "usage": "internal"}
        )
        cls.blouse.is_storable = True
        cls.navy_m = cls.blouse.product_variant_ids.filtered(lambda v: v.default_code == "BLO-Navy-M")
        cls.env.cr.flush()

    def _picking(self, picking_type, quantities, user=None):
        """Validate a transfer of ``quantities`` ({variant: quantity}) of ``picking_type`` as
        ``user`` (a stock user by default), as the warehouse would."""
        picking = (
            self.env["stock.picking"]
            .with_user(user or self.stock_user)
            .create(
                {
                    "picking_type_id": picking_type.id,
                    "location_id": picking_type.default_location_src_id.id
                    or self.env.ref("stock.stock_location_suppliers").id,
                    "location_dest_id": picking_type.default_location_dest_id.id
                    or self.env.ref("stock.stock_location_customers").id,
                    "move_ids": [
                        Command.create(
                            {
                                "name": variant.display_name,
                                "product_id": variant.id,
                                "product_uom_qty": quantity,
                                "product_uom": variant.uom_id.id,
                            }
                        )
                        for variant, quantity in quantities.items()
                    ],
                }
            )
        )
        picking.action_confirm()
        picking.action_assign()
        for move in picking.move_ids:
            move.quantity = move.product_uom_qty
        picking.move_ids.picked = True
        picking.button_validate()
        self.assertEqual(picking.state, "done")
        return picking

    def _receive(self, quantities):
        return self._picking(self.warehouse.in_type_id, quantities)

    def _deliver(self, quantities):
        return self._picking(self.warehouse.out_type_id, quantities)

    def _sync_and_items(self):
        with freeze_time("2026-06-10 12:00:00"):
            self.google._kobo_job_sync()
        feed = self.google.google_feed_ids
        feed._kobo_generate()
        return self._items(feed)

    def test_receiving_stock_of_an_out_of_stock_product_queues_it_and_the_feed_says_in_stock(self):
        listings, feed = self._publish()
        blouse_listing = listings.filtered(lambda listing: listing.product_tmpl_id == self.blouse)
        items = self._items(feed)
        self.assertEqual(items["BLO-Navy-M"]["availability"], "out_of_stock", "tracked, none on hand")
        self.assertEqual(items["TRO-Navy-M"]["availability"], "in_stock", "not tracked in stock")
        self.assertEqual(set(listings.mapped("state")), {"published"})

        self._receive({self.navy_m: 5})
        self.assertEqual(blouse_listing.state, "published", "queued at the commit point, not at the move")
        self.env.cr.flush()  # the commit point
        self.assertEqual((blouse_listing.state, blouse_listing.operation), ("queued", "publish"))
        self.assertEqual((listings - blouse_listing).state, "published", "the trousers did not change")
        job = self.env["queue.job"].search(
            [("identity_key", "=", f"kobo_syndication_sync:{self.google.id}"), ("state", "=", "pending")]
        )
        self.assertEqual(len(job), 1, "the channel has its sync job")

        items = self._sync_and_items()
        self.assertEqual(blouse_listing.state, "published")
        self.assertEqual(items["BLO-Navy-M"]["availability"], "in_stock")
        self.assertEqual(items["BLO-Navy-L"]["availability"], "out_of_stock", "availability is per variant")

        # The last piece leaves: out of stock again, queued again.
        self._deliver({self.navy_m: 5})
        self.env.cr.flush()
        self.assertEqual(blouse_listing.state, "queued")
        self.assertEqual(self._sync_and_items()["BLO-Navy-M"]["availability"], "out_of_stock")

    def test_moves_that_leave_availability_unchanged_queue_nothing(self):
        listings, feed = self._publish()
        self._receive({self.navy_m: 5})
        self.env.cr.flush()
        self._sync_and_items()
        self.assertEqual(set(listings.mapped("state")), {"published"})

        # More of a variant already in stock, part of it delivered, some put on another shelf
        # of the same warehouse: still in stock.
        self._receive({self.navy_m: 3})
        self._deliver({self.navy_m: 2})
        shelving = self.env["stock.move"].create(
            {
                "name": "To shelf B",
                "product_id": self.navy_m.id,
                "product_uom_qty": 4,
                "product_uom": self.navy_m.uom_id.id,
                "location_id": self.stock.id,
                "location_dest_id": self.shelf.id,
            }
        )
        shelving._action_confirm()
        shelving._action_assign()
        shelving.picked = True
        shelving._action_done()
        self.assertEqual(shelving.state, "done")
        self.env.cr.flush()
        self.assertEqual(set(listings.mapped("state")), {"published"}, "nothing queued")
        self.assertEqual(self.navy_m.qty_available, 6)

    def test_tracking_stock_of_a_product_queues_its_listings(self):
        listings, __ = self._publish()
        trousers_listing = listings.filtered(lambda listing: listing.product_tmpl_id == self.trousers)
        self.trousers.is_storable = True
        self.env.cr.flush()
        self.assertEqual(trousers_listing.state, "queued")
        items = self._sync_and_items()
        self.assertEqual(items["TRO-Navy-M"]["availability"], "out_of_stock")

    def test_the_commit_point_costs_the_same_queries_for_3_and_9_products(self):
        def receipt_committed(count):
            products = self.env["product.template"].create(
                [{"name": f"Stock trigger {count} {n}", "is_storable": True} for n in range(count)]
            )
            listings = self._listings(products, self.google)
            privileged(listings).write({"state": "published", "external_id": "x"})
            self.google._kobo_enqueue_sync()  # the channel's pending job exists, as in production
            self.env.cr.flush()
            self._receive({template.product_variant_id: 2 for template in products})
            self.env.flush_all()
            self.env.invalidate_all()
            return listings

        receipt_committed(3)  # warm the registry's caches
        self.env.cr.flush()
        listings = receipt_committed(3)
        before = self.env.cr.sql_log_count
        self.env.cr.flush()  # the commit point: one batch for all products
        spent = self.env.cr.sql_log_count - before
        self.assertEqual(set(listings.mapped("state")), {"queued"})

        listings = receipt_committed(9)
        with self.assertQueryCount(spent, flush=False):
            self.env.cr.flush()
        self.assertEqual(set(listings.mapped("state")), {"queued"})
