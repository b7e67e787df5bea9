import base64
import io
from unittest.mock import patch

import openpyxl
from PyPDF2 import PdfReader

from odoo import Command
from odoo.http import Application
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import file_open, mute_logger

from ..report.techpack_xlsx import techpack_xlsx
from .common import KoboStyleCase

PNG_1PX = base64.b64encode(
    base64.b64decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC"
    )
)


class ExportCase(KoboStyleCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.first = cls.env["kobo.techpack"].create({"style_id": cls.style.id})
        cls._add_measurements(cls.first, [(cls.poms[0], 56.0, 2.0), (cls.poms[1], 70.0, 1.5)])
        cls.env["kobo.garment.bom.line"].create(
            {
                "techpack_id": cls.first.id,
                "placement": "trim",
                "material_tmpl_id": cls.button.id,
                "quantity": 5,
            }
        )
        cls.env["kobo.techpack.section"].create(
            {
                "techpack_id": cls.first.id,
                "section_type": "construction",
                "name": "Flat-felled seams",
                "description": "Felled side seams, 7 stitches per cm.",
                "image": PNG_1PX,
            }
        )
        cls.first.care_symbol_ids = [Command.set(cls.env.ref("kobo_plm.care_w30").ids)]
        cls.first.action_freeze()
        cls.second = cls.first._copy_as_new_revision()
        cls.second.measurement_ids.filtered(lambda line: line.pom_id == cls.poms[0]).base_value = 57


def _pdf_text(reader):
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def _embedded_fonts(page):
    """Names of the fonts a PDF page embeds (a font drawn as outlines is not listed)."""
    names = set()
    for reference in (page["/Resources"].get("/Font") or {}).values():
        font = reference.get_object()
        described = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
        descriptor = described.get("/FontDescriptor")
        if descriptor and {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor.get_object()):
            names.add(str(font["/BaseFont"]).lstrip("/").split("+")[-1])
    return names


def _images(page):
    return [
        xobject
        for xobject in (page["/Resources"].get("/XObject") or {}).values()
        if xobject.get_object()["/Subtype"] == "/Image"
    ]


@tagged("post_install", "-at_install")
class TestTechpackPdf(ExportCase, HttpCase):
    """The PDF as a user prints it: wkhtmltopdf fetching Odoo's report CSS from the server.

    An HttpCase, as Odoo's own report tests (web's TestReports): the server that runs the tests
    holds the registry lock until the last test is done, and only a test in test mode lets
    wkhtmltopdf's requests for the CSS in; in a plain TransactionCase they wait for the lock
    while the test waits for wkhtmltopdf, for ever (`odoo -i kobo_plm --test-tags /kobo_plm`).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with file_open("kobo_plm/static/src/img/demo/style_trench.png", "rb") as flat:
            cls.style.image_1920 = base64.b64encode(flat.read())
        cls.competitor = cls.env["res.partner"].create(
            {"name": "KT Rival Knits", "is_company": True, "supplier_rank": 1}
        )
        cls.style.seller_ids = [Command.create({"partner_id": cls.competitor.id, "price": 9.0})]
        # wkhtmltopdf fetches the CSS from this test's own server, whatever the database says.
        cls.env["ir.config_parameter"].set_param("report.url", cls.base_url())

    def _print(self, user, records, sudo=False):
        """The PDF and the paths wkhtmltopdf requested from the server, with their statuses.

        `sudo`: as the portal route prints it, in sudo mode as the portal user."""
        served = []
        serve = Application.__call__

        def recording_call(app, environ, start_response):
            def recording_start(status, headers, *args):
                served.append((environ["PATH_INFO"], status))
                return start_response(status, headers, *args)

            return serve(app, environ, recording_start)

        # (self.patch is the shared fixture's elbow patch, hence startPatcher)
        self.startPatcher(patch.object(Application, "__call__", recording_call))
        report = self.env["ir.actions.report"].with_user(user)
        pdf, content_type = (
            (report.sudo() if sudo else report)
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf("kobo_plm.action_report_techpack", records.ids)
        )
        self.assertEqual(content_type, "pdf")
        return PdfReader(io.BytesIO(pdf)), served

    def test_pdf_has_cover_changes_graded_chart_bom_and_construction(self):
        reader, served = self._print(self.designer, self.second)
        # Printed as users print it: Odoo's report CSS was served to wkhtmltopdf.
        self.assertTrue(
            any(path.endswith(".css") and status.startswith("200") for path, status in served),
            f"wkhtmltopdf got no report CSS from the server: {served}",
        )
        # Real text a factory can search and copy, in a font embedded in the file.
        text = _pdf_text(reader)
        for expected in (
            "KT Chore Jacket",
            "KT-001",
            "TS27",
            "KT Rival Knits",  # the brand's own copy names the main vendor
            "Changes from",
            "KT-B01 Chest width",
            "Graded measurements",
            "KT-A01",
            "Body length",
            "73",
            "Bill of materials",
            "KT Button",
            "W30",
            "Flat-felled seams",
            "7 stitches per cm",
        ):
            self.assertIn(expected, text)
        self.assertGreaterEqual(len(reader.pages), 5)
        # (wkhtmltopdf lists each font once, in the resources of the first page using it)
        self.assertIn("DejaVuSans", set().union(*map(_embedded_fonts, reader.pages)))
        for number, page in enumerate(reader.pages, 1):
            self.assertTrue(page.extract_text().strip(), f"page {number} has no text")
        # The cover shows the garment.
        self.assertEqual(len(_images(reader.pages[0])), 1)

    def test_vendor_copy_names_no_other_vendor(self):
        """A vendor printing a revision shared with it does not learn who else makes the style."""
        vendor = self.env["res.partner"].create({"name": "KT Knit Mill", "is_company": True})
        contact = self.env["res.partner"].create({"name": "KT Knit Mill contact", "parent_id": vendor.id})
        supplier = new_test_user(
            self.env,
            "kt_pdf_supplier",
            groups="kobo_plm.group_kobo_plm_supplier",
            password="kt_pdf_supplier",
            partner_id=contact.id,
        )
        self.second.action_freeze()
        self.second._kobo_share_with_vendors(vendor)
        self.authenticate("kt_pdf_supplier", "kt_pdf_supplier")
        # Tests render reports as HTML (Odoo's test mode): the same template as the PDF.
        response = self.url_open(f"/my/development/techpack/{self.second.id}/pdf")
        self.assertEqual(response.status_code, 200)
        self.assertIn("KT Chore Jacket", response.text)
        self.assertIn("KT-B01", response.text)
        self.assertNotIn("KT Rival Knits", response.text)
        self.assertNotIn("Vendor", response.text)
        # The same copy through wkhtmltopdf, as the portal route renders it (sudo, same user).
        reader, _served = self._print(supplier, self.second, sudo=True)
        text = _pdf_text(reader)
        self.assertIn("KT Chore Jacket", text)
        self.assertNotIn("KT Rival Knits", text)

    def test_cover_without_picture_gives_the_details_the_page(self):
        self.style.image_1920 = False
        html, _type = (
            self.env["ir.actions.report"]
            .with_user(self.designer)
            ._render_qweb_html("kobo_plm.action_report_techpack", self.second.ids)
        )
        self.assertNotIn(b'class="kobo-cover-picture"', html)
        self.assertIn(b'class="kobo-cover-details"', html)
        self.assertIn(b"KT Rival Knits", html)


@tagged("post_install", "-at_install")
class TestTechpackExports(ExportCase):
    def test_xlsx_has_the_graded_chart_as_numbers_and_the_bom(self):
        workbook = openpyxl.load_workbook(io.BytesIO(techpack_xlsx(self.second.with_user(self.designer))))
        sheet = workbook["Measurements"]
        self.assertEqual(sheet["A1"].value, "KT-001 KT Chore Jacket")
        header = [cell.value for cell in sheet[6]]
        self.assertEqual(
            header, ["Code", "Point of measure", "Tolerance ±", "Critical", "XS", "S", "M", "L", "XL"]
        )
        rows = {row[0]: row[4:] for row in sheet.iter_rows(min_row=7, values_only=True)}
        self.assertEqual(rows["KT-B01"], (53, 55, 57, 59, 61))
        self.assertEqual(rows["KT-A01"], (67, 68.5, 70, 71.5, 73))
        bom = workbook["BoM"]
        self.assertEqual([cell.value for cell in bom[2]][:4], ["Trim", "KT Button", None, "Units"])
        self.assertEqual(bom.cell(row=2, column=8).value, 5)
        changes = workbook["Changes"]
        self.assertIn(
            ("Measurements", "KT-B01 Chest width", "M", "changed", "56", "57"),
            set(changes.iter_rows(min_row=2, values_only=True)),
        )


@tagged("post_install", "-at_install")
class TestTechpackDownload(HttpCase):
    def test_xlsx_download_needs_read_access(self):
        style = self.env["product.template"].create(
            {"name": "KT Dl", "kobo_style_number": "KT-DL", "kobo_is_style": True}
        )
        size_range = self.env["kobo.size.range"].create(
            {"name": "KT dl", "size_ids": [Command.create({"name": "U"})]}
        )
        techpack = self.env["kobo.techpack"].create({"style_id": style.id, "size_range_id": size_range.id})
        group_ids = [self.env.ref("base.group_user").id]
        self.env["res.users"].create(
            {
                "name": "KT Outsider",
                "login": "kt_outsider",
                "password": "kt_outsider",
                "groups_id": [Command.set(group_ids)],
            }
        )
        self.env["res.users"].create(
            {
                "name": "KT Dev",
                "login": "kt_dev",
                "password": "kt_dev",
                "groups_id": [Command.set([*group_ids, self.env.ref("kobo_plm.group_kobo_plm_user").id])],
            }
        )
        self.authenticate("kt_dev", "kt_dev")
        response = self.url_open(f"/kobo_plm/techpack/{techpack.id}/xlsx")
        self.assertEqual(response.status_code, 200)
        self.assertIn("KT-DL%20V1.xlsx", response.headers["Content-Disposition"])
        self.assertEqual(
            openpyxl.load_workbook(io.BytesIO(response.content))["Measurements"]["A1"].value, "KT-DL KT Dl"
        )
        self.authenticate("kt_outsider", "kt_outsider")
        with mute_logger("odoo.http"):  # Odoo logs the refused access at WARNING
            response = self.url_open(f"/kobo_plm/techpack/{techpack.id}/xlsx")
        self.assertEqual(response.status_code, 403)
        response = self.url_open("/kobo_plm/techpack/999999999/xlsx")
        self.assertEqual(response.status_code, 404)
