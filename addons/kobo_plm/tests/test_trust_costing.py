"""Trust: costing checks that hold for every caller, whatever it sends (issue 8).

Each test acts as the least-privileged user that could try it: a PLM user (the designer) for
states and locks, the vendor's portal user for the brand's economics.
"""

import math
import xmlrpc.client

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .test_costing import KoboCostingCase

# The client-forgeable keys that used to switch checks off, and a JSON lookalike of the sentinel.
FORGED_CONTEXT = {"kobo_cost_sheet_transition": True, "kobo_privileged": True}


class KoboTrustCostingCase(KoboCostingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        contact = cls.env["res.partner"].create(
            {"name": "KT Factory contact", "parent_id": cls.factory.id, "email": "kt_factory@example.com"}
        )
        cls.vendor_user = new_test_user(
            cls.env,
            "kt_factory_portal",
            groups="kobo_plm.group_kobo_plm_supplier",
            password="kt_factory_portal",
            partner_id=contact.id,
        )

    def _approved_sheet(self):
        sheet = self._sheet()
        sheet.with_user(self.designer).action_submit()
        sheet.with_user(self.manager).action_approve()
        return sheet


class TestCostSheetWorkflowGuard(KoboTrustCostingCase):
    def test_a_plm_user_cannot_approve_by_writing_the_state_and_stamps(self):
        sheet = self._sheet()
        sheet.with_user(self.designer).action_submit()
        as_designer = sheet.with_user(self.designer)
        forged = [
            {"state": "approved", "approved_by_id": self.manager.id},
            {"approved_date": fields.Datetime.now()},
            {"supplierinfo_id": self.fabric.seller_ids[:1].id},
        ]
        for vals in forged:
            with (
                self.subTest(vals=vals),
                self.assertRaisesMessage(AccessError, "can only be changed through the workflow's buttons"),
            ):
                as_designer.with_context(**FORGED_CONTEXT).write(vals)
        # Not even as the system: only the actions write them.
        with self.assertRaisesMessage(AccessError, "State can only be changed through"):
            sheet.sudo().write({"state": "approved"})
        with self.assertRaisesMessage(AccessError, "can only be changed through the workflow's buttons"):
            self.env["kobo.cost.sheet"].with_user(self.designer).create(
                {
                    "style_id": self.style.id,
                    "vendor_id": self.factory.id,
                    "state": "approved",
                    "approved_by_id": self.manager.id,
                }
            )
        self.env.invalidate_all()
        self.assertEqual(
            (sheet.state, sheet.approved_by_id, sheet.approved_date),
            ("submitted", self.env["res.users"], False),
        )

    def test_an_approved_sheet_and_its_lines_stay_locked_whatever_the_context(self):
        sheet = self._approved_sheet()
        draft = self._sheet(vendor=self.other_factory)
        cmt = sheet.line_ids.filtered(lambda line: line.operation_type == "cmt")
        for user in (self.designer, self.manager):
            with self.subTest(user=user.login):
                forged_sheet = sheet.with_user(user).with_context(**FORGED_CONTEXT)
                forged_line = cmt.with_user(user).with_context(**FORGED_CONTEXT)
                with self.assertRaisesMessage(UserError, "is approved: it cannot be changed"):
                    forged_sheet.write({"freight_cost": 3.0})
                with self.assertRaisesMessage(UserError, "is approved: it cannot be changed"):
                    forged_line.write({"unit_price": 1.0})
                with self.assertRaisesMessage(UserError, "is approved: it cannot be changed"):
                    forged_line.unlink()
                with self.assertRaisesMessage(UserError, "is approved: it cannot be changed"):
                    self.env["kobo.cost.sheet.line"].with_user(user).with_context(**FORGED_CONTEXT).create(
                        {"sheet_id": sheet.id, "name": "Extra", "unit_price": 0.5}
                    )
                # A draft's line moved into the approved sheet would change it as well.
                with self.assertRaisesMessage(UserError, "is approved: it cannot be changed"):
                    draft.line_ids[:1].with_user(user).write({"sheet_id": sheet.id})
        self.env.invalidate_all()
        self.assertEqual((sheet.freight_cost, cmt.unit_price, len(sheet.line_ids)), (1.2, 7.0, 5))
        self.assertAlmostEqual(sheet.fob_price, 19.80)

    def test_the_actions_check_the_group(self):
        sheet = self._sheet()
        sheet.with_user(self.designer).action_submit()
        with self.assertRaisesMessage(AccessError, "can approve cost sheets"):
            sheet.with_user(self.designer).action_approve()
        sheet.with_user(self.designer).action_reset_to_draft()
        sheet.with_user(self.designer).action_send_rfq()
        with self.assertRaisesMessage(AccessError, "can reject quotes"):
            sheet.with_user(self.vendor_user).action_reject()
        with self.assertRaisesMessage(AccessError, "can enter a received quote"):
            sheet.with_user(self.vendor_user).action_submit()
        self.assertEqual(sheet.state, "requested")

    def test_the_vendors_portal_quote_still_submits_and_nothing_else(self):
        sheet = self._sheet()
        sheet.line_ids.filtered("is_vendor_line").unlink()
        sheet.with_user(self.designer).action_send_rfq()
        # As the portal controller does: the vendor's user, sudo after its record-rule check.
        vendor_sudo = sheet.with_user(self.vendor_user).sudo()
        with self.assertRaisesMessage(AccessError, "State can only be changed through"):
            vendor_sudo.with_context(**FORGED_CONTEXT).write({"state": "submitted"})
        vendor_sudo._kobo_supplier_submit_quote(
            [{"operation_type": "cmt", "name": "Cut, make, trim", "unit_price": "7.5"}], note="Firm"
        )
        self.assertEqual((sheet.state, sheet.vendor_note), ("submitted", "Firm"))
        self.assertAlmostEqual(sheet.operation_cost, 7.5)


class TestCostSheetFiniteNumbers(KoboTrustCostingCase):
    def test_nan_and_infinity_are_refused_with_the_field_named(self):
        sheet = self._sheet()
        line = sheet.line_ids.filtered(lambda line: line.operation_type == "cmt")
        as_designer = sheet.with_user(self.designer)
        cases = [
            (as_designer, "freight_cost", math.nan, "Freight per Unit: nan is not a number"),
            (as_designer, "insurance_percent", math.inf, r"Insurance \(% of FOB\): inf is not a number"),
            (as_designer, "commission_percent", -math.inf, r"Agent Commission \(% of FOB\): -inf is not"),
            (as_designer, "duty_percent", math.nan, r"Duty \(%\): nan is not a number"),
            (as_designer, "target_margin", math.nan, r"Target Margin \(%\): nan is not a number"),
            (as_designer, "retail_multiplier", math.inf, "Retail Multiplier: inf is not a number"),
            (as_designer, "planned_quantity", math.nan, "Planned Quantity: nan is not a number"),
            (line.with_user(self.designer), "unit_price", math.nan, "Unit Price: nan is not a number"),
            (line.with_user(self.designer), "quantity", math.inf, "Consumption: inf is not a number"),
        ]
        for records, field_name, value, message in cases:
            with self.subTest(field=field_name), self.assertRaisesMessage(ValidationError, message):
                records.write({field_name: value})
        with self.assertRaisesMessage(ValidationError, "Freight per Unit: inf is not a number"):
            self.env["kobo.cost.sheet"].with_user(self.designer).create(
                {"style_id": self.style.id, "vendor_id": self.factory.id, "freight_cost": math.inf}
            )
        with self.assertRaisesMessage(ValidationError, "Unit Price: nan is not a number"):
            as_designer.write(
                {
                    "line_ids": [
                        Command.create({"name": "Wash", "line_type": "operation", "unit_price": math.nan})
                    ]
                }
            )
        with self.assertRaisesMessage(ValidationError, r"Target Margin \(%\): nan is not a number"):
            self.company.write({"kobo_target_margin": math.nan})
        self.env.invalidate_all()
        self.assertEqual((sheet.freight_cost, line.unit_price), (1.2, 7.0))
        self.assertAlmostEqual(sheet.landed_cost, 19.96)


class TestApprovalKeepsPurchasingPrices(KoboTrustCostingCase):
    def test_quantity_breaks_and_dated_prices_survive_approval(self):
        purchasing = self.env["product.supplierinfo"].create(
            [
                {
                    "partner_id": self.factory.id,
                    "product_tmpl_id": self.style.id,
                    "currency_id": self.quote_currency.id,
                    **values,
                }
                for values in (
                    {"min_qty": 300, "price": 21.0},
                    {"min_qty": 600, "price": 20.0},
                    {"min_qty": 1200, "price": 19.0},
                    {"min_qty": 0, "price": 18.5, "date_start": "2026-01-01", "date_end": "2026-02-28"},
                )
            ]
        )
        kept = ["partner_id", "product_id", "min_qty", "price", "currency_id", "date_start", "date_end"]
        before = purchasing.read(kept)
        first = self._approved_sheet()
        self.assertEqual(purchasing.exists(), purchasing, "no purchasing price deleted")
        self.assertEqual(purchasing.read(kept), before, "none changed")
        owned = first.supplierinfo_id
        self.assertNotIn(owned, purchasing)
        self.assertEqual(
            (owned.min_qty, owned.price, str(owned.date_start), owned.date_end),
            (0.0, 19.80, "2026-03-01", False),
        )
        self.assertEqual(
            self.style.seller_ids.filtered(lambda s: s.partner_id == self.factory), purchasing | owned
        )

        # The next approval moves the same price line, and still only that one.
        second = self.env["kobo.cost.sheet"].browse(first.action_new_version()["res_id"])
        second.line_ids.filtered(lambda line: line.operation_type == "cmt").unit_price = 6.0
        second.action_submit()
        second.with_user(self.manager).action_approve()
        self.assertEqual(second.supplierinfo_id, owned)
        self.assertAlmostEqual(owned.price, 18.80)
        self.assertEqual(purchasing.read(kept), before)
        self.assertEqual(
            self.style.seller_ids.filtered(lambda s: s.partner_id == self.factory), purchasing | owned
        )

    def test_the_vendors_undated_base_price_is_the_one_approval_updates(self):
        base = self.env["product.supplierinfo"].create(
            {
                "partner_id": self.factory.id,
                "product_tmpl_id": self.style.id,
                "min_qty": 1,
                "price": 25.0,
                "currency_id": self.quote_currency.id,
            }
        )
        sheet = self._approved_sheet()
        self.assertEqual(sheet.supplierinfo_id, base)
        self.assertAlmostEqual(base.price, 19.80)
        self.assertEqual(self.style.seller_ids.filtered(lambda s: s.partner_id == self.factory), base)


class TestMaterialUnitsOfMeasure(KoboTrustCostingCase):
    def test_materials_bought_by_the_roll_and_by_the_dozen_are_costed_per_consumption_unit(self):
        meter = self.env.ref("uom.product_uom_meter")
        roll = self.env["uom.uom"].create(
            {
                "name": "Roll (50 m)",
                "category_id": meter.category_id.id,
                "uom_type": "bigger",
                "factor_inv": 50,
                "rounding": 0.01,
            }
        )
        (self.fabric.seller_ids | self.button.seller_ids).unlink()
        self.fabric.uom_po_id = roll
        self.button.uom_po_id = self.env.ref("uom.product_uom_dozen")
        Supplierinfo = self.env["product.supplierinfo"]
        Supplierinfo.create(
            [
                # Per roll of 50 m, in the quote currency; breaks in rolls.
                {
                    "partner_id": self.mill.id,
                    "product_tmpl_id": self.fabric.id,
                    "min_qty": min_qty,
                    "price": price,
                    "currency_id": self.quote_currency.id,
                }
                for min_qty, price in ((10, 300.0), (30, 250.0), (100, 225.0))
            ]
            + [
                # Per dozen, in company currency; at least 500 dozen.
                {
                    "partner_id": self.mill.id,
                    "product_tmpl_id": self.button.id,
                    "min_qty": 500,
                    "price": 0.96,
                    "currency_id": self.company_currency.id,
                }
            ]
        )
        sheet = self._sheet()
        by_name = {
            line.product_id.product_tmpl_id.name: line
            for line in sheet.line_ids.filtered(lambda line: line.line_type == "material")
        }
        fabric, button = by_name["KT Twill"], by_name["KT Button"]
        # Fabric: 2.00 m at M × 1000 garments = 2000 m = 40 rolls: the 30-roll break (250.00 a roll)
        # is reached, the 100-roll one (225.00) is not. 250.00 / 50 m = 5.00 a metre;
        # 2.00 m × 5.00 = 10.00 a garment. (Unconverted: 2000 "rolls" reach 100 → 225.00 a metre.)
        self.assertEqual(fabric.uom_id, meter)
        self.assertAlmostEqual(fabric.unit_price, 5.0, places=4)
        self.assertAlmostEqual(fabric.amount, 10.0, places=2)
        self.assertEqual(fabric.price_note, "Price break from 30 Roll (50 m)")
        # Buttons: 5 × 1000 = 5000 pieces = 416.67 dozen, below the 500-dozen MOQ, so 500 dozen =
        # 6000 pieces are bought. 0.96 a dozen = 0.08 a piece (company currency) = 0.10 in the quote
        # currency (1 company unit = 1.25 quote units on 2026-03-01). 6000 × 0.10 = 600.00 spread
        # over the 5000 used: 0.12 a button; 5 × 0.12 = 0.60 a garment.
        # (Unconverted: 5000 "dozen" reach the MOQ → 0.96 × 1.25 = 1.20 a button.)
        self.assertEqual(button.uom_id, self.env.ref("uom.product_uom_unit"))
        self.assertAlmostEqual(button.unit_price, 0.12, places=4)
        self.assertAlmostEqual(button.amount, 0.60, places=2)
        self.assertEqual(button.price_note, "MOQ 500 Dozens applies (5000 Units needed)")
        # Materials 10.00 + 0.60, operations 8.50, packaging 0.30.
        self.assertAlmostEqual(sheet.material_cost, 10.60, places=2)
        self.assertAlmostEqual(sheet.fob_price, 19.40, places=2)


class TestVendorReadsNoBrandEconomics(KoboTrustCostingCase):
    def test_the_portal_vendor_reads_its_quote_but_not_the_costing_nor_the_pricing_policy(self):
        sheet = self._sheet()
        sheet.with_user(self.designer).action_send_rfq()
        as_vendor = sheet.with_user(self.vendor_user)
        self.assertEqual(as_vendor.read(["state", "planned_quantity"])[0]["state"], "requested")
        for field_name in ("material_cost", "fob_price", "is_over_target", "landed_cost"):
            with self.subTest(field=field_name), self.assertRaises(AccessError):
                as_vendor.read([field_name])
        with self.assertRaises(AccessError):
            as_vendor.search_read([], ["fob_price"])
        company = self.company.with_user(self.vendor_user)
        self.assertEqual(company.read(["name"])[0]["name"], self.company.name)
        for field_name in (
            "kobo_target_margin",
            "kobo_retail_multiplier",
            "kobo_retail_rounding",
            "kobo_required_sample_round_ids",
        ):
            with self.subTest(field=field_name), self.assertRaises(AccessError):
                company.read([field_name])


@tagged("post_install", "-at_install")
class TestCostingOverRpc(KoboTrustCostingCase, HttpCase):
    """What a hostile client sends over XML-RPC, as Odoo receives it."""

    def _call(self, user, model, method, *args, **kwargs):
        return self.xmlrpc_object.execute_kw(
            self.env.cr.dbname, user.id, user.login, model, method, list(args), kwargs
        )

    def _refused(self, message, user, model, method, *args, **kwargs):
        with (
            mute_logger("odoo.http", "odoo.addons.base.controllers.rpc"),
            self.assertRaises(xmlrpc.client.Fault) as refused,
        ):
            self._call(user, model, method, *args, **kwargs)
        self.assertIn(message, refused.exception.faultString)

    def test_a_plm_user_cannot_approve_nor_rewrite_an_approved_sheet(self):
        submitted = self._sheet()
        submitted.action_submit()
        self._refused(
            "can only be changed through the workflow's buttons",
            self.designer,
            "kobo.cost.sheet",
            "write",
            [submitted.id],
            {"state": "approved", "approved_by_id": self.designer.id},
            context=FORGED_CONTEXT,
        )
        approved = self._approved_sheet()
        self._refused(
            "is approved: it cannot be changed",
            self.designer,
            "kobo.cost.sheet",
            "write",
            [approved.id],
            {"freight_cost": 0.0},
            context=FORGED_CONTEXT,
        )
        self._refused(
            "is approved: it cannot be changed",
            self.designer,
            "kobo.cost.sheet.line",
            "write",
            approved.line_ids.ids,
            {"unit_price": 0.0},
            context=FORGED_CONTEXT,
        )
        self.env.invalidate_all()
        self.assertEqual((submitted.state, approved.freight_cost), ("submitted", 1.2))
        self.assertAlmostEqual(approved.fob_price, 19.80)

    def test_a_vendor_cannot_read_the_material_cost_nor_the_margin_over_rpc(self):
        sheet = self._sheet()
        sheet.action_send_rfq()
        vendor = self.vendor_user
        read = self._call(vendor, "kobo.cost.sheet", "read", [sheet.id], ["state"])
        self.assertEqual(read[0]["state"], "requested")
        self._refused("material_cost", vendor, "kobo.cost.sheet", "read", [sheet.id], ["material_cost"])
        self._refused("fob_price", vendor, "kobo.cost.sheet", "read", [sheet.id], ["fob_price"])
        self._refused(
            "kobo_target_margin", vendor, "res.company", "read", [self.company.id], ["kobo_target_margin"]
        )
