import base64
import csv
import io
import os
import tempfile
from unittest import mock
from urllib.parse import parse_qs, urlparse

import openpyxl
from PIL import Image

from odoo import Command, fields
from odoo.addons.kobo_base.models.kobo_workflow_mixin import privileged
from odoo.addons.kobo_syndication.tests.common import KoboSyndicationCase
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, tagged

from .spreadsheet_common import sheet_catalogue

HEADERS = ["Style No", "Article No", "EAN", "Product Name", "Colour", "Size", "Price", "Currency", "Image 1"]
HEADERS += ["Label"]


def png(colour="navy", size=900):
    buffer = io.BytesIO()
    Image.new("RGB", (size, size), colour).save(buffer, format="PNG")
    return base64.b64encode(buffer.getvalue())


@tagged("post_install", "-at_install")
class TestSpreadsheet(KoboSyndicationCase):
    """A retailer channel (wholesale pricelist at 40 % off, international sizes) with a line
    sheet template, and one coat in two colours × two sizes listed on it."""

    shop_connector = False  # the engine and this addon: no web shop

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.colour_attribute, cls.size_attribute, pricelist = sheet_catalogue(cls.env, "Test")
        cls.navy, cls.sand = cls.colour_attribute.value_ids
        cls.retailer = cls.env["kobo.channel"].create(
            {
                "name": "Test Department Store",
                "code": "test_retailer",
                "channel_type": "retailer",
                "connector": "spreadsheet",
                "pricelist_id": pricelist.id,
                "size_system": "intl",
                "lang_ids": [Command.set(cls.env.ref("base.lang_en").ids)],
            }
        )
        cls.template = cls.env["kobo.spreadsheet.template"].create(
            {
                "name": "Test line sheet",
                "channel_id": cls.retailer.id,
                "csv_delimiter": ";",
                "column_ids": [
                    Command.create({"sequence": n, "header": header, "source": source, "required": n < 3})
                    for n, (header, source) in enumerate(
                        zip(
                            HEADERS,
                            [
                                "item_group",
                                "sku",
                                "gtin",
                                "name",
                                "colour",
                                "size",
                                "price",
                                "currency",
                                "image_url_1",
                                "brand + ' ' + product_name",
                            ],
                            strict=True,
                        )
                    )
                ],
            }
        )
        # 40 % off the list price of 100 in the company's currency, in the pricelist's EUR.
        eur = cls.env.ref("base.EUR")
        list_price = cls.env.company.currency_id._convert(
            100.0, eur, cls.env.company, fields.Date.today(), round=False
        )
        cls.wholesale_price = eur.round(list_price * 0.6)
        cls.colour_column = cls.template.column_ids.filtered(lambda column: column.header == "Colour")
        cls.colour_column.value_map_ids = [
            Command.create({"our_value": "navy", "retailer_value": "DARK BLUE"})
        ]
        cls.coats = cls._make_coats(1)
        cls.coat = cls.coats

    @classmethod
    def _make_coats(cls, count):
        coats = cls.env["product.template"].create(
            [
                {
                    "name": f"Wool Coat {n}",
                    "list_price": 100.0,
                    "kobo_item_group": f"WC-{n:02d}",
                    "kobo_brand": "Atelier",
                    "kobo_marketing_name": f"Belted wool coat {n}",
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
                for n in range(count)
            ]
        )
        for coat in coats:
            for variant in coat.product_variant_ids:
                colour, size = variant.product_template_attribute_value_ids.mapped("name")
                variant.default_code = f"{coat.kobo_item_group}-{colour[0]}{size}"
                variant.barcode = f"{4000000000000 + variant.id}"
            cls.env["kobo.asset"].create(
                {
                    "product_tmpl_id": coat.id,
                    "name": "front.png",
                    "image": png(),
                    "color_value_id": cls.navy.id,
                }
            )
        listings = cls.env["kobo.listing"]._kobo_ensure(coats, cls.retailer)
        privileged(listings).write({"state": "published"})
        return coats

    def _download(self, action):
        self.assertEqual(action["type"], "ir.actions.act_url")
        attachment_id = int(urlparse(action["url"]).path.rsplit("/", 1)[1])
        return self.env["ir.attachment"].browse(attachment_id)

    def _xlsx_rows(self, attachment):
        workbook = openpyxl.load_workbook(io.BytesIO(attachment.raw))
        return [[cell.value for cell in row] for row in workbook.active.iter_rows()], workbook.active

    def _expected(self, variant):
        colour, size = variant.product_template_attribute_value_ids.mapped("name")
        return [
            "WC-00",
            variant.default_code,
            variant.barcode,
            "Belted wool coat 0",
            {"Navy": "DARK BLUE", "Sand": "Sand"}[colour],
            {"36": "S", "38": "M"}[size],
            self.wholesale_price,
            "EUR",
        ]

    def test_xlsx_download_cells(self):
        """The channel's button: header in the template's order, then one row per variant with
        the mapped colour, the converted size, the pricelist's price and currency, the image of
        the variant's colour as a public URL, and an expression's result."""
        action = self.retailer.with_user(self.syndication_user).action_kobo_spreadsheet_xlsx()
        attachment = self._download(action)
        # The template's file field, readable only by those who may read wholesale prices.
        self.assertEqual(
            (attachment.res_model, attachment.res_id, attachment.res_field),
            ("kobo.spreadsheet.template", self.template.id, "xlsx_file"),
        )
        rows, sheet = self._xlsx_rows(attachment)
        self.assertEqual(sheet.title, "Products")
        self.assertEqual(rows[0], HEADERS)
        variants = self.coat.product_variant_ids.sorted("id")
        self.assertEqual([row[:8] for row in rows[1:]], [self._expected(variant) for variant in variants])
        self.assertEqual([row[9] for row in rows[1:]], ["Atelier Wool Coat 0"] * 4)
        for variant, row in zip(variants, rows[1:], strict=True):
            url = row[8]
            if self.navy in variant.product_template_attribute_value_ids.product_attribute_value_id:
                parsed = urlparse(url)
                self.assertTrue(url.startswith(self.retailer.get_base_url() + "/web/image/"))
                image = self.env["ir.attachment"].sudo().browse(int(parsed.path.split("/")[3]))
                self.assertEqual(image.res_model, "kobo.asset.rendition")
                self.assertEqual(parse_qs(parsed.query)["access_token"], [image.access_token])
            else:
                self.assertIsNone(url, "a Sand variant has no image of its own colour nor a shared one")

    def test_csv_download(self):
        action = self.template.with_user(self.syndication_user).action_download_csv()
        attachment = self._download(action)
        self.assertEqual(attachment.name, "Test line sheet.csv")
        text = attachment.raw.decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text), delimiter=";"))
        self.assertEqual(rows[0], HEADERS)
        variants = self.coat.product_variant_ids.sorted("id")
        expected = [[str(value) for value in self._expected(variant)] for variant in variants]
        self.assertEqual(
            [row[:8] for row in rows[1:]], [row[:6] + [str(self.wholesale_price), "EUR"] for row in expected]
        )

    def test_export_replaces_the_channel_file(self):
        first = self.template._kobo_export("xlsx")
        self.coat.kobo_item_group = "WC-NEW"
        second = self.template._kobo_export("xlsx")
        self.assertEqual(first, second, "one file per template and format on the channel")
        rows, __ = self._xlsx_rows(second)
        self.assertEqual({row[0] for row in rows[1:]}, {"WC-NEW"})

    def test_formula_is_written_as_text(self):
        self.coat.kobo_brand = '=HYPERLINK("http://evil.example","x")'
        rows, sheet = self._xlsx_rows(self.template._kobo_export("xlsx"))
        cell = sheet.cell(row=2, column=10)
        self.assertEqual(cell.data_type, "s")
        self.assertEqual(cell.value, '=HYPERLINK("http://evil.example","x") Wool Coat 0')
        text = self.template._kobo_export("csv").raw.decode("utf-8-sig")
        row = list(csv.reader(io.StringIO(text), delimiter=";"))[1]
        self.assertEqual(row[9], '\'=HYPERLINK("http://evil.example","x") Wool Coat 0')
        self.assertEqual(row[6], str(self.wholesale_price), "numbers are not prefixed")

    def test_csv_encoding_refuses_what_it_cannot_hold(self):
        """A Windows-1252 CSV cannot hold Japanese: the message names the row, the column and
        the value, and no file is stored."""
        self.template.csv_encoding = "cp1252"
        self.coat.kobo_marketing_name = "ウールコート"
        with self.assertRaises(UserError) as caught:
            self.template._kobo_export("csv")
        self.assertEqual(
            caught.exception.args[0],
            'Row 2, column "Product Name": ウールコート cannot be written in '
            "Windows-1252 (Western European); choose UTF-8 on the template.",
        )
        self.assertFalse(self.retailer.spreadsheet_attachment_ids)

    def test_unknown_field_refused_on_save(self):
        cases = [
            ("Colour name", "colour_name", r'Column 11 "Colour name": unknown field colour_name\.'),
            ("Price x2", "prce * 2", r'Column 11 "Price x2": unknown field prce\.'),
            ("Broken", "price **", r'Column 11 "Broken": price \*\* is neither a known field'),
            ("Dunder", "name.__class__", r'Column 11 "Dunder": unknown field __class__\.'),
        ]
        for header, source, message in cases:
            # assertRaises (not ...Regex) rolls the refused save back to a savepoint, as the
            # refused request would be.
            with self.assertRaises(ValidationError) as caught:
                self.template.column_ids = [
                    Command.create({"sequence": 99, "header": header, "source": source})
                ]
            self.assertRegex(caught.exception.args[0], message)
        self.assertEqual(len(self.template.column_ids), 10)
        self.assertFalse(self.template.problem)

    def test_broken_template_keeps_the_last_file(self):
        """A column whose field is gone (a field key retired by an upgrade, a database edit):
        the template says which column, the export refuses, the last file stays valid, and the
        listings are blocked with the same message."""
        attachment = self.template._kobo_export("xlsx")
        good = attachment.raw
        self.env.cr.execute(
            "UPDATE kobo_spreadsheet_column SET source = 'colour_name' WHERE id = %s", [self.colour_column.id]
        )
        self.env.invalidate_all()
        self.assertIn('Column 5 "Colour": unknown field colour_name.', self.template.problem)
        with self.assertRaisesRegex(ValidationError, 'Column 5 "Colour": unknown field colour_name'):
            self.template.with_user(self.syndication_user).action_download_xlsx()
        self.assertEqual(attachment.raw, good)
        self._xlsx_rows(attachment)  # still opens
        listing = self.retailer.listing_ids
        issues = self.env["kobo.connector.spreadsheet"].validate(listing)[listing.id]
        self.assertIn('Column 5 "Colour": unknown field colour_name.', issues[0]["message"])

    def test_required_column_empty_is_an_issue(self):
        variant = self.coat.product_variant_ids.sorted("id")[0]
        variant.barcode = False
        listing = self.retailer.listing_ids
        issues = self.env["kobo.connector.spreadsheet"].validate(listing)[listing.id]
        self.assertEqual(
            [(issue["product_id"], issue["message"]) for issue in issues],
            [
                (
                    variant.id,
                    f'Column 3 "EAN" is required by the retailer and empty for {variant.default_code}.',
                )
            ],
        )

    def test_failing_expression_names_column_and_variant(self):
        label = self.template.column_ids.filtered(lambda column: column.header == "Label")
        label.source = "product_name + price"
        with self.assertRaisesRegex(ValidationError, r'Column 10 "Label" cannot be computed for WC-00-'):
            self.template._kobo_export("xlsx")
        listing = self.retailer.listing_ids
        issues = self.env["kobo.connector.spreadsheet"].validate(listing)[listing.id]
        self.assertEqual(len(issues), 4, "one issue per variant")

    def test_payload_is_the_rows(self):
        listing = self.retailer.listing_ids
        payload = self.env["kobo.connector.spreadsheet"].build_payload(listing)[listing.id]
        rows, __ = self._xlsx_rows(self.template._kobo_export("xlsx"))
        self.assertEqual(len(payload["rows"]), 4)
        self.assertEqual([row[:8] for row in payload["rows"]], [row[:8] for row in rows[1:]])
        self.colour_column.value_map_ids.retailer_value = "MARINE"
        changed = self.env["kobo.connector.spreadsheet"].build_payload(listing)[listing.id]
        self.assertNotEqual(payload, changed, "a mapping change changes the digest")
        result = self.env["kobo.connector.spreadsheet"].push(listing, {listing.id: changed})
        self.assertEqual(result, {listing.id: {"external_id": "WC-00"}})

    def test_delisted_products_leave_the_sheet(self):
        privileged(self.retailer.listing_ids).write({"state": "delisted"})
        rows, __ = self._xlsx_rows(self.template._kobo_export("xlsx"))
        self.assertEqual(rows, [HEADERS])

    def test_catalogue_user_cannot_download_or_edit(self):
        with self.assertRaisesRegex(AccessError, "download retailer spreadsheets"):
            self.retailer.with_user(self.catalogue_user).action_kobo_spreadsheet_xlsx()
        with self.assertRaises(AccessError):
            self.template.with_user(self.syndication_user).write({"name": "Renamed"})
        self.template.with_user(self.syndication_manager).write({"name": "Renamed"})
        self.assertEqual(self.template.name, "Renamed")

    def test_scheduled_export(self):
        self.env["kobo.channel"]._kobo_spreadsheet_cron()
        attachment = self.retailer.spreadsheet_attachment_ids.filtered(
            lambda a: a.name == "Test line sheet.xlsx"
        )
        rows, __ = self._xlsx_rows(attachment)
        self.assertEqual(len(rows), 5)

    def test_query_count_does_not_grow_per_variant(self):
        """Two catalogue sizes within one batch cost the same queries (images, renditions and
        their tokens made once before)."""
        more = self._make_coats(6)
        handle, path = tempfile.mkstemp(suffix=".xlsx")
        os.close(handle)
        self.addCleanup(os.unlink, path)
        self.template._kobo_write_file(path, "xlsx")
        counts = []
        for coats in (self.coat, more):
            variant_ids = self.template._kobo_variant_ids(coats)
            self.env.invalidate_all()
            start = self.env.cr.sql_log_count
            written = self.template._kobo_write_file(path, "xlsx", variant_ids)
            counts.append(self.env.cr.sql_log_count - start)
            self.assertEqual(written, 4 * len(coats))
        self.assertEqual(counts[0], counts[1], f"queries for 4 and 24 variants: {counts}")

    def test_whole_sheet_looks_variants_up_a_few_products_at_a_time(self):
        """Memory: the whole sheet holds the products' ids, and looks their variants up a page
        of products at a time; the rows are the same, in the same order (product, variant)."""
        more = self._make_coats(2)
        handle, path = tempfile.mkstemp(suffix=".xlsx")
        os.close(handle)
        self.addCleanup(os.unlink, path)
        self.template._kobo_write_file(path, "xlsx")
        whole = [row[1] for row in openpyxl.load_workbook(path).active.iter_rows(min_row=2, values_only=True)]
        expected = self.template._kobo_variant_ids(self.coat | more)
        self.assertEqual(whole, self.env["product.product"].browse(expected).mapped("default_code"))
        searches = []
        real_variant_ids = type(self.template)._kobo_variant_ids

        def variant_ids(template, templates):
            searches.append(len(templates))
            return real_variant_ids(template, templates)

        export_module = "odoo.addons.kobo_syndication_spreadsheet.models.kobo_spreadsheet_template_export"
        with (
            mock.patch(f"{export_module}.VARIANT_ID_PAGE", 2),
            mock.patch.object(type(self.template), "_kobo_variant_ids", variant_ids),
        ):
            written = self.template._kobo_write_file(path, "xlsx")
        paged = [row[1] for row in openpyxl.load_workbook(path).active.iter_rows(min_row=2, values_only=True)]
        self.assertEqual((written, paged), (12, whole))
        self.assertEqual(searches, [2, 1], "3 products looked up 2 at a time")


@tagged("post_install", "-at_install")
class TestSpreadsheetDemo(KoboSyndicationCase):
    shop_connector = False  # the engine and this addon: no web shop

    def test_demo_line_sheet(self):
        """The demo's Nordic Department Store has its line sheet to download: the store's
        headings, its colour names and international sizes, wholesale prices in EUR."""
        template = self.env.ref(
            "kobo_syndication_spreadsheet.spreadsheet_template_nordic", raise_if_not_found=False
        )
        if not template:
            self.skipTest("demo data not loaded")
        attachment = template.channel_id.spreadsheet_attachment_ids.filtered(
            lambda attachment: attachment.name == f"{template.name}.xlsx"
        )
        sheet = openpyxl.load_workbook(io.BytesIO(attachment.raw)).active
        rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
        self.assertEqual(sheet.title, "Line sheet")
        self.assertEqual(rows[0][:6], ["Style No", "Article No", "EAN", "Product Name", "Colour", "Size"])
        self.assertGreater(len(rows), 10)
        store_colours = {"DARK BLUE", "BEIGE", "GREY MELANGE", "DARK GREEN", "LIGHT GREEN", "OFF WHITE"}
        store_colours |= {"DARK GREY", "BROWN", "BLACK", "LIGHT BLUE"}
        self.assertLessEqual({row[4] for row in rows[1:]} - {None}, store_colours)
        self.assertLessEqual({row[5] for row in rows[1:]} - {None}, {"XS", "S", "M", "L", "XL", "XXL"})
        self.assertEqual({row[10] for row in rows[1:]}, {"EUR"})


@tagged("post_install", "-at_install")
class TestSpreadsheetImageUrl(HttpCase):
    def test_image_url_opens_without_login(self):
        """The retailer downloads the image of a URL in the sheet without an Odoo account."""
        channel = self.env["kobo.channel"].create(
            {"name": "Test URL retailer", "code": "test_url_retailer", "connector": "spreadsheet"}
        )
        product = self.env["product.template"].create({"name": "Scarf", "default_code": "SC-1"})
        self.env["kobo.asset"].create(
            {"product_tmpl_id": product.id, "name": "scarf.png", "image": png("red")}
        )
        privileged(self.env["kobo.listing"]._kobo_ensure(product, channel)).write({"state": "published"})
        template = self.env["kobo.spreadsheet.template"].create(
            {
                "name": "URL sheet",
                "channel_id": channel.id,
                "column_ids": [
                    Command.create({"header": "SKU", "source": "sku"}),
                    Command.create({"header": "Image", "source": "image_url_1"}),
                ],
            }
        )
        rows = list(openpyxl.load_workbook(io.BytesIO(template._kobo_export("xlsx").raw)).active.iter_rows())
        self.assertEqual(rows[1][0].value, "SC-1")
        url = urlparse(rows[1][1].value)
        response = self.url_open(f"{url.path}?{url.query}")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"].split(";")[0], f"image/{channel.image_format}")
        red, green, blue = Image.open(io.BytesIO(response.content)).getpixel((0, 0))[:3]
        self.assertTrue(red > 240 and green < 15 and blue < 15, "the scarf's red picture (JPEG-rounded)")
        # A wrong token gets Odoo's placeholder picture (web.image_placeholder), not the file.
        forged = self.url_open(f"{url.path}?access_token=forged")
        self.assertNotEqual(forged.content, response.content)
        self.assertEqual(forged.headers["Content-Type"].split(";")[0], "image/png")
