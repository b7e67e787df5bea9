from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged

from .common import KoboStyleCase


@tagged("post_install", "-at_install")
class TestSamplePurchase(KoboStyleCase):
    """Ordering a sample puts the style's variant on the vendor's request for quotation."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = cls.env.company
        # A purchase currency other than the company's, so the RFQ's currency proves it is the vendor's.
        cls.currency = cls.env.ref("base.EUR" if company.currency_id.name != "EUR" else "base.USD")
        cls.currency.active = True
        cls.vendor = cls.env["res.partner"].create(
            {"name": "KT Factory", "supplier_rank": 1, "property_purchase_currency_id": cls.currency.id}
        )
        cls.other_vendor = cls.env["res.partner"].create({"name": "KT Other Mill", "supplier_rank": 1})
        cls.env["product.supplierinfo"].create(
            [
                {
                    "partner_id": cls.vendor.id,
                    "product_tmpl_id": cls.style.id,
                    "price": 38.5,
                    "currency_id": cls.currency.id,
                },
                {
                    "partner_id": cls.other_vendor.id,
                    "product_tmpl_id": cls.style.id,
                    "price": 99.0,
                    "currency_id": company.currency_id.id,
                },
            ]
        )
        cls.buyer = new_test_user(
            cls.env,
            "kobo_buyer",
            groups="base.group_user,kobo_plm.group_kobo_plm_user,purchase.group_purchase_user",
        )
        cls.techpack = cls.env["kobo.techpack"].create({"style_id": cls.style.id})
        cls._add_measurements(cls.techpack)
        cls.techpack.with_user(cls.manager).action_freeze()

    def _sample(self, size="L", color="ink", vendor=None, user=None, quantity=2):
        with Form(self.env["kobo.sample"].with_user(user or self.designer)) as form:
            form.techpack_id = self.techpack
            form.round_type = "fit"
            form.vendor_id = vendor or self.vendor
            if color:
                form.colorway_value_id = self._colorway_value(getattr(self, color))
            form.size_id = self.sizes[size]
            form.quantity = quantity
        return form.record

    def _variant_values(self, product):
        values = product.product_template_attribute_value_ids.product_attribute_value_id
        colour = self.env.ref("kobo_plm.product_attribute_colour")
        return (
            values.filtered(lambda value: value.attribute_id == colour).name,
            values.filtered(lambda value: value.attribute_id != colour).name,
        )

    def test_plm_user_orders_an_rfq_for_the_variant_at_the_vendor_price(self):
        self.assertFalse(self.designer.has_group("purchase.group_purchase_user"))
        sample = self._sample("L", quantity=2)
        action = sample.action_order_sample()

        # The designer cannot open purchase orders: the sample stays open with a notification.
        order = sample.purchase_order_id
        self.assertEqual(action["tag"], "display_notification")
        self.assertEqual(
            action["params"]["message"], f"{sample.name} is on {order.sudo().name} for purchasing to confirm."
        )
        self.assertFalse(order.has_access("read"))

        order = order.sudo()
        line = sample.sudo().purchase_line_id
        self.assertEqual(line.order_id, order)
        self.assertEqual(
            (order.partner_id, order.state, order.currency_id, order.user_id, order.origin),
            (self.vendor, "draft", self.currency, self.designer, sample.name),
        )
        self.assertEqual(line.product_id.product_tmpl_id, self.style)
        self.assertEqual(self._variant_values(line.product_id), ("KT Ink", "L"))
        self.assertEqual((line.product_qty, line.price_unit), (2.0, 38.5), "the vendor's own price")
        self.assertEqual(
            line.name,
            f"[KT-001-KTINK-L] KT Chore Jacket (KT Ink, L)\nSample {sample.name}: Fit round 1, KT Ink / L",
        )
        self.assertEqual((sample.purchase_order_state, sample.purchase_order_id.id), ("draft", order.id))
        note = sample.message_ids[:1]
        self.assertIn(f"Ordered from KT Factory on {order.name}", note.preview)
        self.assertIn(f'data-oe-id="{order.id}"', note.body, "the note links to the RFQ")

    def test_purchase_user_gets_the_rfq_opened(self):
        sample = self._sample("M", user=self.buyer)
        action = sample.action_order_sample()
        self.assertEqual(
            (action["res_model"], action["res_id"]), ("purchase.order", sample.purchase_order_id.id)
        )
        self.assertEqual(sample.action_view_purchase_order()["res_id"], sample.purchase_order_id.id)

    def test_samples_for_one_vendor_share_its_draft_rfq(self):
        first = self._sample("L", "ink")
        second = self._sample("S", "chalk", quantity=1)
        elsewhere = self._sample("L", "ink", vendor=self.other_vendor)
        for sample in first + second + elsewhere:
            sample.action_order_sample()

        order = first.sudo().purchase_order_id
        self.assertEqual(second.sudo().purchase_order_id, order)
        self.assertEqual(order.origin, f"{first.name}, {second.name}")
        rows = [
            (self._variant_values(line.product_id), line.product_qty, line.price_unit)
            for line in order.order_line
        ]
        self.assertEqual(rows, [(("KT Ink", "L"), 2.0, 38.5), (("KT Chalk", "S"), 1.0, 38.5)])
        other = elsewhere.sudo().purchase_order_id
        self.assertNotEqual(other, order)
        self.assertEqual((other.partner_id, other.order_line.price_unit), (self.other_vendor, 99.0))

        # Once purchasing confirms the RFQ, the next sample goes on a new one.
        order.with_user(self.buyer).button_confirm()
        third = self._sample("XL", "rust")
        third.action_order_sample()
        self.assertNotIn(third.sudo().purchase_order_id, order)
        self.assertEqual(third.sudo().purchase_order_id.state, "draft")

    def test_ordering_twice_is_refused_until_the_order_is_cancelled(self):
        sample = self._sample()
        sample.action_order_sample()
        order = sample.sudo().purchase_order_id
        with self.assertRaisesMessage(
            UserError,
            rf"{sample.name} is already ordered on {order.name}: cancel that order to order it again",
        ):
            sample.action_order_sample()
        self.assertEqual(len(order.order_line), 1)

        order.with_user(self.buyer).button_cancel()
        sample.action_order_sample()
        self.assertNotEqual(sample.sudo().purchase_order_id, order)
        self.assertEqual(sample.purchase_order_state, "draft")

    def test_sample_without_colorway_or_decided_is_not_ordered(self):
        no_colorway = self._sample(color=None)
        with self.assertRaisesMessage(
            UserError, rf"{no_colorway.name} has no colorway: choose the colorway to order"
        ):
            no_colorway.action_order_sample()
        self.assertFalse(no_colorway.purchase_line_id)

        rejected = self._sample()
        for step in ("action_request", "action_ship", "action_receive", "action_reject"):
            getattr(rejected, step)()
        with self.assertRaisesMessage(
            UserError, rf"{rejected.name} is Rejected: a decided sample is not ordered any more"
        ):
            rejected.action_order_sample()
        self.assertFalse(
            self.env["purchase.order"].search([("partner_id", "=", self.vendor.id)]), "no RFQ was made"
        )

    def test_a_vendor_without_a_price_gets_zero_never_the_brands_cost(self):
        # Without a price of this vendor Odoo would put the product's cost (the brand's landed
        # cost) on the line, which the vendor's portal users read.
        no_price = self.env["res.partner"].create({"name": "KT New Factory", "supplier_rank": 1})
        self.style.product_variant_ids.write({"standard_price": 47.25})
        sample = self._sample("L", vendor=no_price)
        sample.action_order_sample()
        line = sample.sudo().purchase_line_id
        self.assertEqual((line.partner_id, line.price_unit, line.price_subtotal), (no_price, 0.0, 0.0))

        # A quantity break the sample does not reach is not this vendor's price either.
        self.env["product.supplierinfo"].create(
            {"partner_id": no_price.id, "product_tmpl_id": self.style.id, "price": 30.0, "min_qty": 100}
        )
        small = self._sample("M", vendor=no_price)
        small.action_order_sample()
        self.assertEqual(small.sudo().purchase_line_id.price_unit, 0.0)
        self.assertEqual(sample.sudo().purchase_order_id, small.sudo().purchase_order_id)

        # Purchasing changes the quantity on the RFQ: Odoo would put the cost back; not on a
        # sample's line. A price purchasing types stays too.
        rfq = Form(sample.sudo().purchase_order_id.with_user(self.buyer))
        with rfq.order_line.edit(0) as order_line:
            order_line.product_qty = 3
        rfq.save()
        self.assertEqual(sample.sudo().purchase_line_id.price_unit, 0.0)
        rfq = Form(sample.sudo().purchase_order_id.with_user(self.buyer))
        with rfq.order_line.edit(0) as order_line:
            order_line.price_unit = 41.0
        with rfq.order_line.edit(0) as order_line:
            order_line.product_qty = 4
        rfq.save()
        self.assertEqual(sample.sudo().purchase_line_id.price_unit, 41.0)

    def test_purchasings_own_draft_rfq_to_the_vendor_is_left_alone(self):
        rfq = (
            self.env["purchase.order"]
            .with_user(self.buyer)
            .create(
                {
                    "partner_id": self.vendor.id,
                    "origin": "Reorder KT-77",
                    "order_line": [
                        Command.create(
                            {
                                "product_id": self.button.product_variant_id.id,
                                "product_qty": 500,
                                "price_unit": 0.12,
                            }
                        )
                    ],
                }
            )
        )
        before = (
            rfq.origin,
            [(line.product_id, line.product_qty, line.price_unit) for line in rfq.order_line],
        )
        first = self._sample("L", "ink")
        first.action_order_sample()
        second = self._sample("S", "chalk", quantity=1)
        second.action_order_sample()

        rfq.invalidate_recordset()
        self.assertEqual(
            (rfq.origin, [(line.product_id, line.product_qty, line.price_unit) for line in rfq.order_line]),
            before,
        )
        order = first.sudo().purchase_order_id
        self.assertNotEqual(order, rfq)
        self.assertEqual(
            second.sudo().purchase_order_id, order, "sample lines share the RFQ the samples made"
        )
        self.assertEqual(order.origin, f"{first.name}, {second.name}")

    def test_the_order_line_of_a_sample_is_set_by_ordering_only(self):
        sample = self._sample()
        other = self._sample("S")
        other.action_order_sample()
        line = other.sudo().purchase_line_id
        for vals in ({"purchase_line_id": line.id}, {"purchase_rfq_created_id": line.order_id.id}):
            with (
                self.subTest(vals=vals),
                self.assertRaisesMessage(AccessError, r"can only be changed through the workflow's buttons"),
            ):
                sample.with_user(self.designer).write(vals)
        self.assertFalse(sample.purchase_order_id)
