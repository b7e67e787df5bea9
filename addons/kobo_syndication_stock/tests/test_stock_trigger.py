from odoo import Command
from odoo.addons.kobo_base.models.kobo_workflow_mixin import privileged
from odoo.addons.kobo_syndication.tests.common import KoboSyndicationCase
from odoo.tests import new_test_user, tagged


@tagged("post_install", "-at_install")
class TestStockTrigger(KoboSyndicationCase):
    """A variant going in or out of stock queues its product's listings at the commit point, and
    channels then read it as in or out of stock (``_kobo_in_stock_ids``, Odoo's on-hand
    quantities); a move that leaves availability as it was queues nothing. The bridge is the
    same for every channel: the test channel has no connector (none is installed with the engine
    and stock alone)."""

    shop_connector = False

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
        size = cls.env["product.attribute"].create(
            {
                "name": "Stock Size",
                "value_ids": [Command.create({"name": "M"}), Command.create({"name": "L"})],
            }
        )
        cls.blouse = cls.env["product.template"].create(
            {
                "name": "Stock Blouse",
                "list_price": 59.0,
                "is_storable": True,
                "attribute_line_ids": [
                    Command.create({"attribute_id": size.id, "value_ids": [Command.set(size.value_ids.ids)]})
                ],
            }
        )
        cls.trousers = cls.env["product.template"].create({"name": "Stock Trousers", "list_price": 89.5})
        cls._approve(cls.blouse | cls.trousers)
        cls.size_m, cls.size_l = (
            cls.blouse.product_variant_ids.filtered(
                lambda variant, name=name: variant.product_template_attribute_value_ids.name == name
            )
            for name in ("M", "L")
        )
        cls.listings = cls._list(cls.blouse | cls.trousers)
        cls.blouse_listing = cls.listings.filtered(lambda listing: listing.product_tmpl_id == cls.blouse)
        cls.trousers_listing = cls.listings - cls.blouse_listing
        cls._channel_pushed(cls.listings)
        cls.env.cr.flush()

    @classmethod
    def _list(cls, products):
        """The listings of ``products`` on the test channel, made as ``_kobo_ensure`` makes them
        (which makes them only on channels whose connector is installed: none is, with the
        engine and stock alone)."""
        return (
            cls.env["kobo.listing"]
            .sudo()
            .create([{"product_tmpl_id": product.id, "channel_id": cls.shop.id} for product in products])
        )

    @classmethod
    def _channel_pushed(cls, listings):
        """The channel's job pushed ``listings``: they are published (its connector is not what
        this test is about)."""
        privileged(listings).write({"state": "published", "external_id": "x"})

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

    def _in_stock(self):
        """What a channel of the company offers as in stock, of the blouse's and trousers' variants."""
        variants = (self.blouse | self.trousers).product_variant_ids
        Variant = self.env["product.product"]
        return variants.browse(sorted(Variant._kobo_in_stock_ids(variants, self.env.company)))

    def _tracked(self):
        variants = (self.blouse | self.trousers).product_variant_ids
        return self.env["product.product"]._kobo_tracked_quantities(variants, self.env.company)

    def test_receiving_stock_of_an_out_of_stock_product_queues_it_and_it_is_in_stock(self):
        trousers = self.trousers.product_variant_id
        self.assertEqual(
            self._tracked(), {self.size_m.id: 0, self.size_l.id: 0}, "the trousers are not tracked"
        )
        self.assertEqual(self._in_stock(), trousers, "tracked, none on hand; the trousers are not tracked")

        self._receive({self.size_m: 5})
        self.assertEqual(
            self.blouse_listing.state, "published", "queued at the commit point, not at the move"
        )
        self.env.cr.flush()  # the commit point
        self.assertEqual((self.blouse_listing.state, self.blouse_listing.operation), ("queued", "publish"))
        self.assertEqual(self.trousers_listing.state, "published", "the trousers did not change")
        job = self.env["queue.job"].search(
            [("identity_key", "=", f"kobo_syndication_sync:{self.shop.id}"), ("state", "=", "pending")]
        )
        self.assertEqual(len(job), 1, "the channel has its sync job")
        self.assertEqual(self._tracked(), {self.size_m.id: 5, self.size_l.id: 0})
        self.assertEqual(self._in_stock(), self.size_m | trousers, "availability is per variant")
        self._channel_pushed(self.blouse_listing)
        self.env.cr.flush()

        # The last piece leaves: out of stock again, queued again.
        self._deliver({self.size_m: 5})
        self.env.cr.flush()
        self.assertEqual(self.blouse_listing.state, "queued")
        self.assertEqual(self.trousers_listing.state, "published")
        self.assertEqual(self._tracked(), {self.size_m.id: 0, self.size_l.id: 0})
        self.assertEqual(self._in_stock(), trousers)

    def test_moves_that_leave_availability_unchanged_queue_nothing(self):
        self._receive({self.size_m: 5})
        self.env.cr.flush()
        self.assertEqual(self.blouse_listing.state, "queued")
        self._channel_pushed(self.blouse_listing)
        self.env.cr.flush()

        # More of a variant already in stock, part of it delivered, some put on another shelf
        # of the same warehouse: still in stock.
        self._receive({self.size_m: 3})
        self._deliver({self.size_m: 2})
        shelving = self.env["stock.move"].create(
            {
                "name": "To shelf B",
                "product_id": self.size_m.id,
                "product_uom_qty": 4,
                "product_uom": self.size_m.uom_id.id,
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
        self.assertEqual(set(self.listings.mapped("state")), {"published"}, "nothing queued")
        self.assertEqual(self.size_m.qty_available, 6)
        self.assertEqual(self._tracked()[self.size_m.id], 6, "the whole warehouse, both shelves")
        self.assertIn(self.size_m, self._in_stock())

    def test_tracking_stock_of_a_product_queues_its_listings(self):
        trousers = self.trousers.product_variant_id
        self.assertIn(trousers, self._in_stock(), "not tracked: always in stock")
        self.trousers.is_storable = True
        self.env.cr.flush()
        self.assertEqual(self.trousers_listing.state, "queued")
        self.assertEqual(self.blouse_listing.state, "published")
        self.assertEqual(self._tracked()[trousers.id], 0)
        self.assertNotIn(trousers, self._in_stock(), "tracked now, none on hand")

    def test_the_commit_point_costs_the_same_queries_for_3_and_9_products(self):
        def receipt_committed(count):
            products = self.env["product.template"].create(
                [{"name": f"Stock trigger {count} {n}", "is_storable": True} for n in range(count)]
            )
            listings = self._list(products)
            self._channel_pushed(listings)
            self.shop._kobo_enqueue_sync()  # the channel's pending job exists, as in production
            self.env.cr.flush()
            self._receive({template.product_variant_id: 2 for template in products})
            self.env.flush_all()
            # From a cold cache, the environments' too: whether one still holds its company
            # (queue_job asks for it) depends on the garbage collector, not on the products.
            self.env.invalidate_all()
            self.env.transaction.reset()
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
