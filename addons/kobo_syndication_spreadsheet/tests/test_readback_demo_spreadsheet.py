"""Read-back of the demo's retailer line sheet (issue 17, "the read-back comparison passes for every
demo channel in every locale"): the demo products approved in the PIM are queued on the demo's
Nordic Department Store (``kobo_pim.channel_retailer_nordic``) through the production path and
published by the channel's sync job; the demo's line sheet
(``spreadsheet_template_nordic``) is exported the way production exports it (``_kobo_export``),
read back with openpyxl as the retailer opens it, and each row's columns whose source is the
product's approved content are compared with the approved snapshot (``kobo.snapshot``) in the
sheet's locale, which is every locale of the channel. Products the channel blocks stay blocked;
every listing that ends published is compared, and at least one is. The expectation comes from the
snapshot (through the template's own colour names), never from the export's rows."""

import io

import openpyxl

from odoo.addons.kobo_syndication.tests.readback import ReadBackMixin, money
from odoo.tests import TransactionCase, tagged

#: The demo sheet's headings whose source is approved content, and the read-back's field of each.
#: "Product Name" is an expression (brand + " " + marketing name): compared with the brand
#: followed by the snapshot's title. "Style No", composition, care, origin, RRP and the image
#: addresses are the retailer's own columns (product master data, not the approved snapshot).
READ_BACK = {
    "Article No": "code",
    "EAN": "gtin",
    "Product Name": "title",
    "Colour": "colour",
    "Size": "size",
    "Wholesale Price": "current_price",
    "Currency": "currency",
    "Description": "description",
}


@tagged("post_install", "-at_install")
class TestReadBackDemoSpreadsheet(ReadBackMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.channel = cls.env.ref("kobo_pim.channel_retailer_nordic")
        cls.sheet = cls.env.ref("kobo_syndication_spreadsheet.spreadsheet_template_nordic")
        cls.templates = cls.env["kobo.enrichment"].sudo().search([("state", "=", "approved")]).product_tmpl_id

    def _read_sheet(self):
        """``{Article No: {heading: cell}}`` of the XLSX file exported now through the production
        path, as the retailer opens it."""
        data = self.sheet._kobo_export("xlsx").raw
        sheet = openpyxl.load_workbook(io.BytesIO(data)).active
        self.assertEqual(sheet.title, self.sheet.sheet_name)
        rows = list(sheet.iter_rows(values_only=True))
        headings = list(rows[0])
        self.assertEqual(headings, self.sheet.column_ids.sorted("sequence").mapped("header"))
        self.assertTrue(set(READ_BACK) <= set(headings), "the demo sheet has the compared columns")
        return {row[headings.index("Article No")]: dict(zip(headings, row, strict=True)) for row in rows[1:]}

    def test_demo_line_sheet_reads_back_equal_the_snapshot(self):
        self.assertEqual(self.channel.connector, "spreadsheet")
        self.assertTrue(self.templates, "the demo has products approved in the PIM")
        published = self.kobo_publish_all(self.templates, self.channel)
        # the file as the retailer downloads it
        cells_by_code = self._read_sheet()
        # the sheet is in one locale: the demo channel has that one locale
        lang = self.sheet._kobo_lang()
        self.assertEqual(self.channel.lang_ids.mapped("code"), [lang])
        snapshots = self.kobo_snapshots(published.with_context(lang=lang), [lang])
        colour_names = {
            line.our_value: line.retailer_value
            for line in self.sheet.column_ids.filtered(lambda column: column.source == "colour").value_map_ids
        }
        expected_codes = set()
        compared = 0
        for listing in published:
            template = listing.product_tmpl_id
            snapshot = snapshots[(template.id, lang)]
            self.assertTrue(snapshot["variants"])
            for row in snapshot["variants"]:
                expected_codes.add(row["code"])
                where = f"{snapshot['name']} / {row['code']} ({lang})"
                cells = cells_by_code.get(row["code"])
                self.assertTrue(cells, f"{where}: the sheet has no row with Article No {row['code']}")
                expected = {
                    **self.kobo_expected_product(snapshot),
                    **self.kobo_expected_variant(row, sale=False),
                }
                # a line sheet has no language column, no availability and no regular price
                del expected["lang"], expected["available"], expected["price"]
                price = row["price"]
                self.assertTrue(price, f"{where}: the channel's price list prices every variant")
                expected["current_price"] = money(price["price"], price["currency"])
                # the demo's Product Name: the brand, then the approved title
                brand = template.kobo_brand
                expected["title"] = f"{brand} {snapshot['title']}" if brand else snapshot["title"]
                # the retailer's own colour names, as the template maps them
                expected["colour"] = colour_names.get(expected["colour"], expected["colour"])
                shown = {}
                for heading, field in READ_BACK.items():
                    value = cells[heading]
                    if field == "current_price" and isinstance(value, int | float):
                        value = money(value, price["currency"])
                    shown[field] = "" if value is None else str(value)
                self.assertShowsSnapshot("the line sheet", where, expected, shown)
                compared += 1
        self.assertEqual(set(cells_by_code), expected_codes, "one row per published variant, no other")
        self.assertTrue(compared, "at least one row was read back and compared")
