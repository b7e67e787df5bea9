import base64
import io

import openpyxl
from PyPDF2 import PdfFileReader

from odoo import Command
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

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


@tagged("post_install", "-at_install")
class TestTechpackExports(ExportCase):
    def test_pdf_has_cover_changes_graded_chart_bom_and_construction(self):
        pdf, _type = (
            self.env["ir.actions.report"]
            .with_user(self.designer)
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf("kobo_plm.action_report_techpack", self.second.ids)
        )
        reader = PdfFileReader(io.BytesIO(pdf))
        text = " ".join(" ".join(page.extractText() for page in reader.pages).split())
        for expected in (
            "KT Chore Jacket",
            "KT-001",
            "TS27",
            "Changes from",
            "KT-B01 Chest width",
            "Graded measurements",
            "KT-A01",
            "73",
            "Bill of materials",
            "KT Button",
            "W30",
            "Flat-felled seams",
            "7 stitches per cm",
        ):
            self.assertIn(expected, text)
        self.assertGreaterEqual(reader.getNumPages(), 5)

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
