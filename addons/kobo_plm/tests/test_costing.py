import io
from unittest.mock import patch

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from ..models.res_company import round_retail
from .common import KoboStyleCase


class KoboCostingCase(KoboStyleCase):
    """The chore jacket's V1 (frozen), a factory quoting in a foreign currency, material prices."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company_currency = cls.company.currency_id
        usd, eur = cls.env.ref("base.USD"), cls.env.ref("base.EUR")
        cls.quote_currency = usd if cls.company_currency != usd else eur
        cls.quote_currency.active = True
        Rate = cls.env["res.currency.rate"]
        # Units of currency per unit of company currency: 1 quote unit = 0.8 company units in March.
        for currency, rates in ((cls.company_currency, (1.0, 1.0)), (cls.quote_currency, (1.25, 1.6))):
            Rate.search(
                [("currency_id", "=", currency.id), ("company_id", "in", [cls.company.id, False])]
            ).unlink()
            Rate.create(
                [
                    {
                        "currency_id": currency.id,
                        "company_id": cls.company.id,
                        "name": "2026-01-01",
                        "rate": rates[0],
                    },
                    {
                        "currency_id": currency.id,
                        "company_id": cls.company.id,
                        "name": "2026-06-01",
                        "rate": rates[1],
                    },
                ]
            )
        cls.company.write(
            {"kobo_target_margin": 60.0, "kobo_retail_multiplier": 2.5, "kobo_retail_rounding": "95"}
        )
        Partner = cls.env["res.partner"]
        cls.factory = Partner.create(
            {
                "name": "KT Garment Factory",
                "is_company": True,
                "supplier_rank": 1,
                "property_purchase_currency_id": cls.quote_currency.id,
            }
        )
        cls.other_factory = Partner.create(
            {
                "name": "KT Other Factory",
                "is_company": True,
                "supplier_rank": 1,
                "property_purchase_currency_id": cls.quote_currency.id,
            }
        )
        cls.mill = Partner.create({"name": "KT Mill", "is_company": True, "supplier_rank": 1})
        Supplierinfo = cls.env["product.supplierinfo"]
        # Fabric price breaks in the quote currency; buttons in company currency with a big MOQ.
        Supplierinfo.create(
            [
                {
                    "partner_id": cls.mill.id,
                    "product_tmpl_id": cls.fabric.id,
                    "min_qty": min_qty,
                    "price": price,
                    "currency_id": cls.quote_currency.id,
                }
                for min_qty, price in ((0, 6.0), (1500, 5.0), (5000, 4.5))
            ]
            + [
                {
                    "partner_id": cls.mill.id,
                    "product_tmpl_id": cls.button.id,
                    "min_qty": 10000,
                    "price": 0.08,
                    "currency_id": cls.company_currency.id,
                }
            ]
        )
        cls.duty = cls.env["kobo.duty.rate"].create(
            {"hs_code": "6201.40.10", "name": "KT test jackets", "rate": 12.0}
        )
        cls.style.write(
            {"kobo_target_cost": 18.0, "kobo_target_retail_price": 129.0, "kobo_duty_rate_id": cls.duty.id}
        )
        cls.techpack = cls.env["kobo.techpack"].create({"style_id": cls.style.id})
        cls._add_measurements(cls.techpack)
        cls._add_garment_bom(cls.techpack)
        cls.techpack.with_user(cls.manager).action_freeze()

    def _sheet(self, vendor=None, user=None, **values):
        Sheet = self.env["kobo.cost.sheet"].with_user(user or self.designer)
        sheet = Sheet.create(
            {
                "style_id": self.style.id,
                "vendor_id": (vendor or self.factory).id,
                "quote_date": "2026-03-01",
                "planned_quantity": 1000,
                "freight_cost": 1.20,
                "insurance_percent": 0.5,
                "commission_percent": 5.0,
                **values,
            }
        )
        sheet.action_load_materials()
        sheet.write(
            {
                "line_ids": [
                    Command.create(
                        {"line_type": "operation", "operation_type": "cmt", "name": "CMT", "unit_price": 7.0}
                    ),
                    Command.create(
                        {
                            "line_type": "operation",
                            "operation_type": "wash",
                            "name": "Enzyme wash",
                            "unit_price": 1.5,
                        }
                    ),
                    Command.create(
                        {
                            "line_type": "packaging",
                            "operation_type": "packaging",
                            "name": "Polybag, hangtag",
                            "unit_price": 0.3,
                        }
                    ),
                ]
            }
        )
        return sheet


class TestCostSheet(KoboCostingCase):
    def test_materials_come_from_the_bom_at_the_vendor_price_for_the_planned_quantity(self):
        sheet = self._sheet()
        self.assertEqual(sheet.techpack_id, self.techpack, "the style's current revision is quoted")
        self.assertEqual(sheet.currency_id, self.quote_currency, "the vendor's purchase currency")
        self.assertAlmostEqual(sheet.currency_rate, 0.8, places=6)
        materials = sheet.line_ids.filtered(lambda line: line.line_type == "material")
        by_name = {line.product_id.product_tmpl_id.name: line for line in materials}
        self.assertEqual(set(by_name), {"KT Twill", "KT Button"}, "the elbow patch is not on the base size M")
        self.assertEqual(materials.mapped("name"), ["Body", "Trim"], "the placement describes the line")
        fabric = by_name["KT Twill"]
        # 2.00 m at M × 1000 garments = 2000 m: the 1500 m price break (5.00), not 6.00 nor 4.50.
        self.assertEqual(fabric.quantity, 2.0)
        self.assertAlmostEqual(fabric.unit_price, 5.0)
        self.assertAlmostEqual(fabric.amount, 10.0)
        self.assertEqual(fabric.product_id, self.fabric_by_color[self.ink], "priced at the first colorway")
        self.assertEqual(fabric.price_note, "Price break from 1500 m")
        button = by_name["KT Button"]
        # 5 buttons × 1000 = 5000 needed, MOQ 10000 at 0.08 company currency = 0.10 quote currency:
        # the whole MOQ is paid for, 0.20 per button actually used.
        self.assertAlmostEqual(button.unit_price, 0.20)
        self.assertAlmostEqual(button.amount, 1.0)
        self.assertIn("MOQ 10000", button.price_note)
        self.assertIn("5000 Units needed", button.price_note)

    def test_fob_landed_wholesale_and_retail(self):
        sheet = self._sheet()
        self.assertAlmostEqual(sheet.material_cost, 11.0)
        self.assertAlmostEqual(sheet.operation_cost, 8.5)
        self.assertAlmostEqual(sheet.packaging_cost, 0.3)
        self.assertAlmostEqual(sheet.fob_price, 19.80)
        self.assertAlmostEqual(sheet.fob_price_company, 15.84)
        self.assertAlmostEqual(sheet.insurance_cost, 0.08)  # 0.5 % of 15.84
        self.assertEqual(sheet.duty_percent, 12.0, "from the style's HS code")
        self.assertAlmostEqual(sheet.duty_cost, 2.05)  # 12 % of 15.84 + 1.20 + 0.08
        self.assertAlmostEqual(sheet.commission_cost, 0.79)  # 5 % of 15.84
        self.assertAlmostEqual(sheet.landed_cost, 19.96)
        self.assertAlmostEqual(sheet.wholesale_price, 49.90)  # 19.96 / (1 - 60 %)
        self.assertAlmostEqual(sheet.retail_price, 124.95)  # 49.90 × 2.5 = 124.75, up to .95
        self.assertTrue(sheet.is_over_target)
        self.assertAlmostEqual(sheet.cost_gap, 1.96)
        self.assertAlmostEqual(sheet.margin_at_target_retail, 61.3)  # 129 / 2.5 = 51.60 wholesale

    def test_the_rate_is_the_one_of_the_quote_date(self):
        sheet = self._sheet()
        sheet.quote_date = "2026-07-01"
        self.assertAlmostEqual(sheet.currency_rate, 1 / 1.6, places=6)
        self.assertAlmostEqual(sheet.fob_price_company, 12.38)

    def test_retail_rounding_endings(self):
        self.assertEqual(round_retail(124.75, "95"), 124.95)
        self.assertEqual(round_retail(124.97, "95"), 125.95)
        self.assertEqual(round_retail(125.0, "95"), 125.95, "never below the computed price")
        self.assertEqual(round_retail(124.20, "99"), 124.99)
        self.assertEqual(round_retail(124.20, "whole"), 125.0)
        self.assertEqual(round_retail(141.20, "nine"), 149.0)
        self.assertEqual(round_retail(124.204, "none"), 124.2)

    def test_versions_count_per_style_and_vendor(self):
        first = self._sheet()
        second = self._sheet()
        other = self._sheet(vendor=self.other_factory)
        self.assertEqual((first.version, second.version, other.version), (1, 2, 1))
        self.assertEqual(second.name, "KT-001 · KT Garment Factory · v2")

    def test_bad_input_is_refused(self):
        with self.assertRaisesMessage(ValidationError, "is not a style"):
            self.env["kobo.cost.sheet"].create({"style_id": self.button.id, "vendor_id": self.factory.id})
        sheet = self._sheet()
        with self.assertRaisesMessage(ValidationError, "Cost line Body: quantity and unit price cannot be"):
            sheet.line_ids[:1].unit_price = -1
        with self.assertRaisesMessage(ValidationError, "the planned quantity is at least 1"):
            sheet.planned_quantity = 0
        with self.assertRaisesMessage(ValidationError, "Freight per Unit cannot be negative"):
            sheet.freight_cost = -0.5
        with self.assertRaisesMessage(
            ValidationError, "the target margin must be at least 0 % and below 100 %"
        ):
            sheet.target_margin = 100
        self.env.invalidate_all()
        self.assertEqual((sheet.planned_quantity, sheet.freight_cost, sheet.target_margin), (1000, 1.2, 60.0))
        with self.assertRaisesMessage(ValidationError, "HS code 61AB is not valid"):
            self.env["kobo.duty.rate"].create({"hs_code": "61AB", "name": "bad", "rate": 5})
        with self.assertRaisesMessage(ValidationError, "target margin"):
            self.company.kobo_target_margin = 100


class TestCostSheetApproval(KoboCostingCase):
    def test_approval_writes_vendor_price_cost_and_sales_price(self):
        sheet = self._sheet()
        sheet.action_submit()
        with self.assertRaisesMessage(
            AccessError, "Only Product Development / Manager can approve cost sheets"
        ):
            sheet.with_user(self.designer).action_approve()
        self.assertFalse(self.style.seller_ids.filtered(lambda s: s.partner_id == self.factory))
        sheet.with_user(self.manager).action_approve()
        self.assertEqual(sheet.state, "approved")
        self.assertEqual(sheet.approved_by_id, self.manager)
        seller = self.style.seller_ids.filtered(lambda s: s.partner_id == self.factory)
        self.assertEqual(len(seller), 1)
        self.assertAlmostEqual(seller.price, 19.80)
        self.assertEqual(seller.currency_id, self.quote_currency)
        self.assertEqual(sheet.supplierinfo_id, seller)
        self.assertEqual(set(self.style.product_variant_ids.mapped("standard_price")), {19.96})
        self.assertEqual(self.style.list_price, 124.95)
        with self.assertRaisesMessage(UserError, "is approved: it cannot be changed"):
            sheet.freight_cost = 3.0
        with self.assertRaisesMessage(UserError, "is approved: it cannot be changed"):
            sheet.line_ids[:1].unit_price = 1.0

    def test_a_new_approval_supersedes_and_updates_the_same_vendor_price(self):
        first = self._sheet()
        first.action_submit()
        first.with_user(self.manager).action_approve()
        action = first.action_new_version()
        second = self.env["kobo.cost.sheet"].browse(action["res_id"])
        self.assertEqual((second.version, second.state, first.state), (2, "draft", "approved"))
        second.line_ids.filtered(lambda line: line.operation_type == "cmt").unit_price = 6.0
        second.action_submit()
        second.with_user(self.manager).action_approve()
        self.assertEqual(first.state, "superseded")
        sellers = self.style.seller_ids.filtered(lambda s: s.partner_id == self.factory)
        self.assertEqual(len(sellers), 1, "no duplicate vendor price")
        self.assertAlmostEqual(sellers.price, 18.80)

    def test_approval_is_all_or_nothing(self):
        sheet = self._sheet()
        sheet.action_submit()
        list_price = self.style.list_price
        costs = self.style.product_variant_ids.mapped("standard_price")
        original_write = type(self.env["product.template"]).write

        def failing_write(records, vals):
            if "list_price" in vals:
                raise ValueError("the sales price could not be written")
            return original_write(records, vals)

        with (
            patch.object(type(self.env["product.template"]), "write", failing_write),
            self.assertRaisesMessage(ValueError, "sales price could not be written"),
        ):
            sheet.with_user(self.manager).action_approve()
        self.env.invalidate_all()
        self.assertEqual(sheet.state, "submitted")
        self.assertFalse(self.style.seller_ids.filtered(lambda s: s.partner_id == self.factory))
        self.assertEqual(self.style.product_variant_ids.mapped("standard_price"), costs)
        self.assertEqual(self.style.list_price, list_price)

    def test_only_received_quotes_are_approved(self):
        sheet = self._sheet()
        with self.assertRaisesMessage(UserError, "is draft, not a received quote"):
            sheet.with_user(self.manager).action_approve()

    def test_compare_quotes_side_by_side(self):
        cheap = self._sheet()
        dear = self._sheet(vendor=self.other_factory, freight_cost=2.0)
        action = cheap.action_compare_quotes()
        shown = self.env["kobo.cost.sheet"].search(action["domain"], order="landed_cost")
        self.assertEqual(shown, cheap | dear)
        self.assertEqual(shown.mapped("vendor_id"), self.factory | self.other_factory)
        self.assertLess(cheap.landed_cost, dear.landed_cost)
        self.assertGreater(cheap.margin_at_target_retail, dear.margin_at_target_retail)


class TestSupplierQuote(KoboCostingCase):
    def test_supplier_quote_is_validated_then_submitted(self):
        sheet = self._sheet()
        sheet.line_ids.filtered("is_vendor_line").unlink()
        with self.assertRaisesMessage(UserError, "not waiting for your quote"):
            sheet._kobo_supplier_submit_quote([{"operation_type": "cmt", "name": "CMT", "unit_price": "7"}])
        sheet.action_send_rfq()
        self.assertEqual(sheet.state, "requested")
        bad_quotes = [
            ([], "at least one cost line"),
            (
                [{"operation_type": "cmt", "name": "CMT", "unit_price": "seven"}],
                "unit price seven is not a number",
            ),
            ([{"operation_type": "cmt", "name": "CMT", "unit_price": "-2"}], "unit price must be between 0"),
            ([{"operation_type": "cmt", "name": "CMT", "unit_price": "nan"}], "unit price must be between 0"),
            ([{"operation_type": "cmt", "name": "", "unit_price": "2"}], "give a description"),
            ([{"operation_type": "state", "name": "CMT", "unit_price": "2"}], "unknown operation state"),
        ]
        for lines, message in bad_quotes:
            with self.subTest(message=message), self.assertRaisesMessage(UserError, message):
                sheet._kobo_supplier_submit_quote(lines)
        self.assertEqual(sheet.state, "requested")
        self.assertFalse(sheet.line_ids.filtered("is_vendor_line"), "nothing saved by a refused quote")
        with freeze_time("2026-03-10"):
            sheet._kobo_supplier_submit_quote(
                [
                    {
                        "operation_type": "cmt",
                        "name": "Cut, make, trim",
                        "quantity": "1",
                        "unit_price": "7,00",
                    },
                    {"operation_type": "packaging", "name": "Polybag", "unit_price": "0.3"},
                ],
                note="Price valid 60 days",
            )
        self.assertEqual(sheet.state, "submitted")
        self.assertEqual(str(sheet.quote_date), "2026-03-10")
        self.assertEqual(sheet.vendor_note, "Price valid 60 days")
        vendor_lines = sheet.line_ids.filtered("is_vendor_line").sorted("unit_price")
        self.assertEqual(vendor_lines.mapped("line_type"), ["packaging", "operation"])
        self.assertAlmostEqual(sheet.fob_price, 11.0 + 7.0 + 0.3)


class TestCostSheetExport(KoboCostingCase):
    def test_xlsx_reads_back_with_values_and_formulas(self):
        from openpyxl import load_workbook

        from ..report.cost_sheet_xlsx import cost_sheet_xlsx

        sheet = self._sheet()
        workbook = load_workbook(io.BytesIO(cost_sheet_xlsx(sheet)))
        ws = workbook.active
        labels = {ws.cell(row, 1).value: row for row in range(1, ws.max_row + 1)}
        self.assertEqual(ws.cell(1, 1).value, sheet.display_name)
        fob_row = labels[f"FOB ({self.quote_currency.name})"]
        self.assertTrue(str(ws.cell(fob_row, 6).value).startswith("=SUM("), "FOB is a live formula")
        material_rows = [row for row in range(1, ws.max_row + 1) if ws.cell(row, 2).value == "Material"]
        self.assertEqual(len(material_rows), 2)
        self.assertEqual([ws.cell(row, 5).value for row in material_rows], [5.0, 0.2])
        self.assertTrue(
            str(ws.cell(labels[f"Landed cost ({self.company_currency.name})"], 6).value).startswith("=")
        )

    def test_xlsx_route_checks_rights(self):
        sheet = self._sheet()
        outsider = self._create_user("kobo_outsider", [])
        with self.assertRaises(AccessError):
            sheet.with_user(outsider).check_access("read")


@tagged("post_install", "-at_install")
class TestCostSheetQueries(KoboCostingCase):
    def _create_sheets(self, count):
        vendors = self.factory | self.other_factory
        return self.env["kobo.cost.sheet"].create(
            [
                {
                    "style_id": self.style.id,
                    "vendor_id": vendors[index % 2].id,
                    "quote_date": "2026-03-01",
                    "planned_quantity": 100 * (1 + index % 20),
                    "freight_cost": 1.0,
                }
                for index in range(count)
            ]
        )

    def test_computing_a_thousand_cost_sheets_grows_only_with_odoos_row_batches(self):
        """Creating and costing 1000 sheets costs what 100 cost, plus Odoo's batches of 100 rows.

        Odoo writes at most 100 rows per INSERT or UPDATE statement; everything else (reading
        the BoMs, the material prices, the currency rates) is one query for the whole batch.
        """
        Sheet = self.env["kobo.cost.sheet"]
        counts = {}
        # The first round warms Odoo's caches (decimal precisions, xml ids); it is not counted.
        for size in (100, 100, 200):
            counts[size] = (
                self._queries(lambda size=size: self._create_sheets(size)),
                self._queries(
                    lambda size=size: Sheet.search(
                        [], order="id desc", limit=size
                    )._kobo_rebuild_material_lines()
                ),
            )
        create_batch = counts[200][0] - counts[100][0]
        cost_batch = counts[200][1] - counts[100][1]
        # Per 100 sheets: their INSERT and the UPDATE of their computed totals; per 200 lines,
        # two INSERTs (lines with and without a vendor price note are written apart).
        self.assertLessEqual(create_batch, 3)
        self.assertLessEqual(cost_batch, 8)
        many = Sheet
        self.env.invalidate_all()

        def create_many():
            nonlocal many
            many = self._create_sheets(1000)

        with self.assertQueryCount(counts[100][0] + 9 * create_batch):
            create_many()
            self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(counts[100][1] + 9 * cost_batch):
            many._kobo_rebuild_material_lines()
            self.env.flush_all()
        self.assertEqual(len(many.line_ids), 2000)
        # Twenty planned quantities: the fabric's price break moves the FOB with the quantity.
        fob_by_quantity = {sheet.planned_quantity: sheet.fob_price for sheet in many}
        self.assertEqual(len(fob_by_quantity), 20)
        self.assertGreater(fob_by_quantity[100], fob_by_quantity[2000])
