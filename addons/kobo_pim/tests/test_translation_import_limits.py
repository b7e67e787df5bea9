import base64
import io
import zipfile
from unittest import mock

import openpyxl
from lxml import etree

from odoo.addons.kobo_pim.models import kobo_translation_formats as formats
from odoo.exceptions import UserError
from odoo.tests import tagged

from .test_translation_common import DESCRIPTION_EN, KoboTranslationCase

NS = {"x": formats.XLIFF_NS}
FRENCH = {"kobo_marketing_name": "Manteau en laine", "kobo_bullet_points": "Chaud\nDoux"}


@tagged("post_install", "-at_install")
class TestTranslationImportLimits(KoboTranslationCase):
    """An imported file too big, packed like a zip bomb, with too many units, or with none, is
    refused in words before it is parsed, and nothing is imported."""

    def _export(self, file_format):
        content, __ = (
            self.env["kobo.translation.exchange"]
            .with_user(self.catalogue_user)
            ._kobo_export(
                [("product_tmpl_id", "=", self.coat.id), ("lang_id", "=", self.fr.id)],
                file_format,
            )
        )
        return content

    def _filled_xlsx(self, edit_member=None):
        """The coat's export with French translations, each zip member passed through
        ``edit_member(name, content)``: a file that imports when nothing is edited."""
        workbook = openpyxl.load_workbook(io.BytesIO(self._export("xlsx")))
        for row in workbook[formats.XLSX_SHEET].iter_rows(min_row=2):
            row[5].value = FRENCH.get(row[0].value.rsplit("/", 1)[1], "")
        buffer = io.BytesIO()
        workbook.save(buffer)
        source = zipfile.ZipFile(buffer)
        packed = io.BytesIO()
        with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as package:
            for member in source.infolist():
                content = source.read(member.filename)
                package.writestr(
                    member.filename, edit_member(member.filename, content) if edit_member else content
                )
        return packed.getvalue()

    def _filled_xliff(self):
        root = etree.fromstring(self._export("xliff"))  # noqa: S320 (the file this module wrote)
        for unit in root.iterfind(".//x:trans-unit", NS):
            unit.find("x:target", NS).text = FRENCH.get(unit.get("id").rsplit("/", 1)[1], "")
        return root

    def _import(self, content, filename):
        wizard = (
            self.env["kobo.translation.import"]
            .with_user(self.catalogue_user)
            .create({"file": base64.b64encode(content), "filename": filename})
        )
        return wizard.action_import()

    def _assert_refused(self, content, filename, problem):
        with mock.patch.object(
            formats.openpyxl, "load_workbook", wraps=formats.openpyxl.load_workbook
        ) as opened:
            with self.assertRaises(UserError) as refused:
                self._import(content, filename)
        self.assertEqual(
            str(refused.exception), f"Nothing was imported: the file has 1 problem(s).\n{problem}"
        )
        self.assertEqual(self._fr(self.coat, "kobo_marketing_name"), "Wool coat")
        self.assertEqual(self._fr(self.coat, "kobo_description"), DESCRIPTION_EN)
        self.assertEqual(set(self._statuses(lang="fr_FR").values()), {"missing"})
        return opened

    def test_the_filled_files_import(self):
        """The files the tests below spoil import as they are."""
        result = self._import(self._filled_xlsx(), "agency.xlsx")
        self.assertIn("2 translation(s) imported", result["params"]["message"])
        self.assertEqual(self._fr(self.coat, "kobo_marketing_name"), "Manteau en laine")

    def test_empty_workbook(self):
        opened = self._assert_refused(
            formats.write_xlsx([]), "agency.xlsx", "The workbook has no translation units."
        )
        opened.assert_called_once()

    def test_sheet_without_header(self):
        workbook = openpyxl.Workbook()
        workbook.active.title = formats.XLSX_SHEET
        buffer = io.BytesIO()
        workbook.save(buffer)
        self._assert_refused(
            buffer.getvalue(),
            "agency.xlsx",
            "The sheet Translations is empty: it has no header row (Unit ID, Product, Field, Locale, "
            "Source, Translation, Status, Digest).",
        )

    def _padded_xlsx(self, spaces):
        """The filled export with `spaces` blanks in its sheet, which a parser would read."""

        def pad(name, content):
            if name == "xl/worksheets/sheet1.xml":
                self.assertIn(b"</sheetData>", content)
                return content.replace(b"</sheetData>", b" " * spaces + b"</sheetData>")
            return content

        return self._filled_xlsx(pad)

    def test_zip_bomb_is_refused_unread(self):
        """25 KB that unpack to 20 MB."""
        content = self._padded_xlsx(20_000_000)
        self.assertLess(len(content), 40_000)
        opened = self._assert_refused(
            content,
            "agency.xlsx",
            "The workbook unpacks to 19.1 MB; the import takes at most 16.0 MB. Export fewer products or "
            "locales per file.",
        )
        opened.assert_not_called()

    def test_workbook_packed_like_a_bomb_is_refused_unread(self):
        content = self._padded_xlsx(10_000_000)
        unpacked = sum(member.file_size for member in zipfile.ZipFile(io.BytesIO(content)).infolist())
        self.assertLess(unpacked, formats.MAX_IMPORT_BYTES)
        opened = self._assert_refused(
            content,
            "agency.xlsx",
            f"The workbook unpacks to 9.6 MB from {len(content) // 1024} KB, {unpacked // len(content)} "
            "times its size (a spreadsheet packs about 5 to 1): it is refused unread.",
        )
        opened.assert_not_called()

    def test_too_many_rows(self):
        workbook = openpyxl.Workbook(write_only=True)
        sheet = workbook.create_sheet(formats.XLSX_SHEET)
        sheet.append(formats.XLSX_COLUMNS)
        for number in range(formats.MAX_IMPORT_UNITS + 1):
            sheet.append(
                [f"product.template/{self.coat.id}/kobo_marketing_name", "", "", "fr-FR", str(number)]
            )
        buffer = io.BytesIO()
        workbook.save(buffer)
        self._assert_refused(
            buffer.getvalue(),
            "agency.xlsx",
            "The file has more than 20,000 units; the import takes at most 20,000 per file. Export fewer "
            "products or locales per file.",
        )

    def test_xliff_too_big(self):
        root = self._filled_xliff()
        for __ in range(17):
            root.append(etree.Comment(" " + "x" * 1024 * 1024 + " "))
        content = etree.tostring(root)
        self._assert_refused(
            content,
            "agency.xlf",
            "The file is 17.0 MB; the import takes at most 16.0 MB. Export fewer products or locales "
            "per file.",
        )

    def test_xliff_with_too_many_units(self):
        root = self._filled_xliff()
        body = root.find(".//x:body", NS)
        unit = body.find("x:trans-unit", NS)
        for __ in range(formats.MAX_IMPORT_UNITS):
            body.append(etree.fromstring(etree.tostring(unit)))  # noqa: S320 (a copy of our own unit)
        self._assert_refused(
            etree.tostring(root),
            "agency.xlf",
            "The file has more than 20,000 units; the import takes at most 20,000 per file. Export fewer "
            "products or locales per file.",
        )
