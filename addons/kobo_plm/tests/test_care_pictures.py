"""Care symbols are shown as their pictures with their meaning: tech pack form and PDF."""

import os

from lxml import etree

from odoo import Command
from odoo.addons.kobo_base.care import CARE_SYMBOLS, care_meaning
from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools.misc import file_path

from .common import KoboStyleCase


@tagged("post_install", "-at_install")
class TestCarePictures(KoboStyleCase):
    def test_every_symbol_has_its_picture_and_the_shared_meaning(self):
        folder = file_path("kobo_base/static/img/care")
        on_disk = set(os.listdir(folder))
        symbols = self.env["kobo.care.symbol"].with_context(lang="en_US").search([])
        self.assertEqual(set(symbols.mapped("code")), set(CARE_SYMBOLS), "the data is the shared table")
        for symbol in symbols:
            with self.subTest(code=symbol.code):
                self.assertEqual(symbol.image_url, f"/kobo_base/static/img/care/{symbol.code}.svg")
                self.assertIn(f"{symbol.code}.svg", on_disk)
                self.assertEqual(symbol.name, care_meaning(symbol.env, symbol.code))
                self.assertEqual(symbol.category, CARE_SYMBOLS[symbol.code][0])

    def test_unknown_code_is_refused(self):
        with self.assertRaisesMessage(
            ValidationError, r"Unknown care symbol 'wash-30': use ISO 3758 codes such as W30"
        ):
            self.env["kobo.care.symbol"].with_user(self.designer).create(
                {"code": "wash-30", "name": "Wash at 30", "category": "1_washing"}
            )

    def test_techpack_form_lists_the_pictures(self):
        arch = etree.fromstring(self.env["kobo.techpack"].get_view(view_type="form")["arch"])  # noqa: S320
        [column] = arch.xpath("//page[@name='care']//field[@name='care_symbol_ids']/list/field[1]")
        self.assertEqual((column.get("name"), column.get("widget")), ("image_url", "image_url"))

    def test_symbols_are_picked_by_their_picture(self):
        arch = etree.fromstring(self.env["kobo.care.symbol"].get_view(view_type="list")["arch"])  # noqa: S320
        self.assertEqual(
            [(field.get("name"), field.get("widget")) for field in arch.xpath("/list/field")],
            [("image_url", "image_url"), ("category", None), ("name", None), ("code", None)],
        )
        found = self.env["kobo.care.symbol"].name_search("bleach")
        self.assertIn("BX Do not bleach", [name for _id, name in found])

    def test_pdf_prints_each_picture_with_its_meaning(self):
        techpack = self.env["kobo.techpack"].create({"style_id": self.style.id})
        techpack.care_symbol_ids = [
            Command.set((self.env.ref("kobo_plm.care_w30") | self.env.ref("kobo_plm.care_bx")).ids)
        ]
        html, _type = (
            self.env["ir.actions.report"]
            .with_user(self.designer)
            ._render_qweb_html("kobo_plm.action_report_techpack", techpack.ids)
        )
        html = html.decode()
        for code, meaning in (("W30", "Machine wash, max. 30 °C, normal process"), ("BX", "Do not bleach")):
            with self.subTest(code=code):
                [img] = [tag for tag in html.split("<img")[1:] if f"/care/{code}.svg" in tag.split(">")[0]]
                self.assertIn(f'src="/kobo_base/static/img/care/{code}.svg"', img)
                self.assertIn(f'alt="{meaning}"', img)
                self.assertIn(f"<td>{meaning}</td>", html)
