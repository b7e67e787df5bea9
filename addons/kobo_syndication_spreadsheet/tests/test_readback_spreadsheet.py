"""Read-back of the retailer line sheet (issue 17): the file the retailer downloads says what the
PIM approved.

A line sheet like the demo's (the store's headings, its colour names, international sizes,
wholesale prices from the channel's price list, in the template's language) is exported the way
production exports it (``_kobo_export``: the file stored on the template), read back with
openpyxl as the retailer opens it, and each row's columns whose source is the product's approved
content are compared with the approved snapshot (``kobo.snapshot``) in the template's language.
The expectation comes from the snapshot (through the template's own colour names), never from
the export's rows."""

import io

import openpyxl

from odoo import Command
from odoo.addons.kobo_base.models.kobo_workflow_mixin import privileged
from odoo.addons.kobo_syndication.tests.common import KoboSyndicationCase, png
from odoo.addons.kobo_syndication.tests.readback import ReadBackMixin, money
from odoo.tests import tagged

from .spreadsheet_common import sheet_catalogue

#: The sheet's columns: (header, source). Sources that are a key of the approved content are
#: compared with the snapshot; the others (retailer-specific) are the retailer's business.
COLUMNS = [
    ("Style No", "item_group"),
    ("Article No", "sku"),
    ("EAN", "gtin"),
    ("Product Name", "name"),
    ("Label", "brand + ' ' + name if brand else name"),
    ("Colour", "colour"),
    ("Size", "size"),
    ("Wholesale Price", "price"),
    ("Regular Price", "regular_price"),
    ("Currency", "currency"),
    ("RRP", "suggested_retail_price"),
    ("Description", "description"),
]
#: The read-back's field of each compared source.
READ_BACK = {
    "sku": "code",
    "gtin": "gtin",
    "name": "title",
    "colour": "colour",
    "size": "size",
    "regular_price": "price",
    "price": "current_price",
    "currency": "currency",
    "description": "description",
}


@tagged("post_install", "-at_install")
class TestReadBackSpreadsheet(ReadBackMixin, KoboSyndicationCase):
    shop_connector = False  # the engine and this addon: no web shop

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("de_DE")
        cls.colour_attribute, cls.size_attribute, wholesale = sheet_catalogue(cls.env, "Sheet")
        cls.retailer = cls.env["kobo.channel"].create(
            {
                "name": "Sheet Department Store",
                "code": "test_readback_retailer",
                "channel_type": "retailer",
                "connector": "spreadsheet",
                "pricelist_id": wholesale.id,
                "size_system": "intl",
                "lang_ids": [Command.set(cls.env["res.lang"]._lang_get("de_DE").ids)],
            }
        )
        cls.sheet = cls.env["kobo.spreadsheet.template"].create(
            {
                "name": "Sheet read-back",
                "channel_id": cls.retailer.id,
                "lang_id": cls.env["res.lang"]._lang_get("de_DE").id,
                "sheet_name": "Line sheet",
                "column_ids": [
                    Command.create({"sequence": n, "header": header, "source": source})
                    for n, (header, source) in enumerate(COLUMNS)
                ],
            }
        )
        cls.sheet.column_ids.filtered(lambda column: column.source == "colour").value_map_ids = [
            Command.create({"our_value": "Navy", "retailer_value": "DARK BLUE"}),
            Command.create({"our_value": "Sand", "retailer_value": "BEIGE"}),
        ]
        cls.coats = cls.env["product.template"]
        for n, (name, price, rrp) in enumerate([("Wool Coat", 100.0, 120.0), ("Rain Coat", 149.9, 179.0)]):
            coat = cls.env["product.template"].create(
                {
                    "name": name,
                    "list_price": price,
                    "kobo_item_group": f"SC-{n:02d}",
                    "kobo_brand": "Atelier",
                    "kobo_suggested_retail_price": rrp,
                    "kobo_marketing_name": f"Belted {name.lower()}",
                    "kobo_description": f"<p>A {name.lower()}.</p><p>Made in Portugal.</p>",
                    "attribute_line_ids": [
                        Command.create(
                            {
                                "attribute_id": cls.colour_attribute.id,
                                "value_ids": [Command.set(cls.colour_attribute.value_ids.ids)],
                            }
                        ),
                        Command.create(
                            {
                                "attribute_id": cls.size_attribute.id,
                                "value_ids": [Command.set(cls.size_attribute.value_ids.ids)],
                            }
                        ),
                    ],
                }
            )
            coat.with_context(lang="de_DE").write(
                {
                    "kobo_marketing_name": f"{name} mit Gürtel",
                    "kobo_description": f"<p>Ein {name} &amp; mehr.</p><p>Hergestellt in Portugal.</p>",
                }
            )
            for variant in coat.product_variant_ids:
                colour, size = variant.product_template_attribute_value_ids.mapped("name")
                variant.default_code = f"SC-{n:02d}-{colour[0]}{size}"
                variant.barcode = f"{4000000000000 + variant.id}"
            cls.env["kobo.asset"].create({"product_tmpl_id": coat.id, "name": "front.png", "image": png()})
            cls.coats |= coat
        cls.listings = cls.env["kobo.listing"]._kobo_ensure(cls.coats, cls.retailer)
        privileged(cls.listings).write({"state": "published"})

    def _read_sheet(self, data=None):
        """``{Article No: {source: cell}}`` of the XLSX file (``data``, else exported now through
        the production path), as the retailer opens it."""
        if data is None:
            data = self.sheet._kobo_export("xlsx").raw
        sheet = openpyxl.load_workbook(io.BytesIO(data)).active
        self.assertEqual(sheet.title, "Line sheet")
        rows = list(sheet.iter_rows(values_only=True))
        self.assertEqual(list(rows[0]), [header for header, __ in COLUMNS])
        sources = [source for __, source in COLUMNS]
        return {row[sources.index("sku")]: dict(zip(sources, row, strict=True)) for row in rows[1:]}

    def _assert_sheet_shows_snapshot(self, data=None):
        lang = self.sheet._kobo_lang()
        self.assertEqual(lang, "de_DE")
        snapshots = self.kobo_snapshots(self.listings, [lang])
        colour_names = {
            line.our_value: line.retailer_value
            for line in self.sheet.column_ids.filtered(lambda column: column.source == "colour").value_map_ids
        }
        cells_by_code = self._read_sheet(data)
        expected_codes = set()
        for listing in self.listings:
            snapshot = snapshots[(listing.product_tmpl_id.id, lang)]
            self.assertTrue(snapshot["variants"])
            for row in snapshot["variants"]:
                expected_codes.add(row["code"])
                where = f"{snapshot['name']} / {row['code']}"
                cells = cells_by_code.get(row["code"])
                self.assertTrue(cells, f"{where}: the sheet has no row with Article No {row['code']}")
                expected = {
                    **self.kobo_expected_product(snapshot),
                    **self.kobo_expected_variant(row, sale=False),
                }
                del expected["lang"], expected["available"]  # a line sheet has neither
                price = row["price"]
                self.assertTrue(price, f"{where}: the channel's price list prices every variant")
                expected["current_price"] = money(price["price"], price["currency"])
                # the retailer's own colour names, as the template maps them
                expected["colour"] = colour_names.get(expected["colour"], expected["colour"])
                shown = {}
                for source, field in READ_BACK.items():
                    value = cells[source]
                    if isinstance(value, int | float):
                        value = money(value, price["currency"])
                    shown[field] = "" if value is None else value
                self.assertShowsSnapshot("the line sheet", where, expected, shown)
        self.assertEqual(set(cells_by_code), expected_codes, "one row per listed variant, no other")

    def test_the_line_sheet_shows_the_approved_snapshot(self):
        self._assert_sheet_shows_snapshot()
        cells = self._read_sheet()["SC-00-N36"]
        # what the snapshot says, in the sheet's words: the German copy, international size, store colour
        self.assertEqual(cells["name"], "Wool Coat mit Gürtel")
        self.assertEqual(cells["description"], "Ein Wool Coat & mehr.\nHergestellt in Portugal.")
        self.assertEqual((cells["colour"], cells["size"]), ("DARK BLUE", "S"))
        # retailer-specific columns stay the retailer's: an expression, the suggested retail price
        self.assertEqual(cells["brand + ' ' + name if brand else name"], "Atelier Wool Coat mit Gürtel")
        self.assertEqual(cells["suggested_retail_price"], 120.0)

    def test_channel_copy_is_read_back(self):
        """The channel's own copy (an override for this store) reaches the sheet."""
        override = self.env["kobo.channel.copy"].create(
            {"product_tmpl_id": self.coats[1].id, "channel_id": self.retailer.id}
        )
        override.with_context(lang="de_DE").write(
            {"kobo_marketing_name": "Regenmantel", "kobo_description": "<p>Nur im Kaufhaus.</p>"}
        )
        self._assert_sheet_shows_snapshot()
        cells = self._read_sheet()["SC-01-S38"]
        self.assertEqual((cells["name"], cells["description"]), ("Regenmantel", "Nur im Kaufhaus."))

    def test_a_difference_fails_the_read_back(self):
        """A sheet that does not say what the PIM approved fails: here the PIM's copy and price
        changed after the file was written (the retailer still has the old file)."""
        data = self.sheet._kobo_export("xlsx").raw
        self._assert_sheet_shows_snapshot(data)
        self.coats[0].list_price = 200.0
        self.coats[0].with_context(lang="de_DE").kobo_marketing_name = "Neuer Mantel"
        with self.assertRaises(AssertionError) as failure:
            self._assert_sheet_shows_snapshot(data)
        message = str(failure.exception)
        self.assertIn(
            "title: the PIM says 'Neuer Mantel', the line sheet shows 'Wool Coat mit Gürtel'", message
        )
        self.assertIn("Wool Coat / SC-00-N36: price: the PIM says", message)
        self.assertIn("current_price: the PIM says", message)
        # a new export says what the PIM says again
        self._assert_sheet_shows_snapshot()
