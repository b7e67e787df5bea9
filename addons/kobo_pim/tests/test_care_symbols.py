"""Care symbols are ISO 3758 codes, shown as their pictures with their meaning."""

import os

from lxml import etree

from odoo.addons.kobo_base.care import CARE_SYMBOLS
from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged
from odoo.tools.misc import file_path

from .common import KoboPimCase


@tagged("post_install", "-at_install")
class TestCareSymbols(KoboPimCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product = cls.env["product.template"].create({"name": "Linen shirt"})

    def test_unknown_code_is_refused_by_name(self):
        for codes, unknown in (("wash-30, BX", "wash-30"), ("W30, no-bleach", "no-bleach"), ("w30", "w30")):
            with self.subTest(codes=codes), self.assertRaises(ValidationError) as caught:
                self.product.kobo_care_symbols = codes
            self.assertEqual(
                str(caught.exception),
                f"Linen shirt: unknown care symbol '{unknown}': use ISO 3758 codes such as W30, BX, TDX, DF, "
                "I2, PX, …",
            )

    def test_every_unknown_code_is_named(self):
        with self.assertRaisesRegex(
            ValidationError, "unknown care symbol 'wash-30', 'no-bleach': use ISO 3758"
        ):
            self.product.kobo_care_symbols = "wash-30, no-bleach, TDX"

    def test_display_shows_each_picture_with_its_meaning(self):
        self.product.kobo_care_symbols = "W30, BX, TDX"
        html = str(self.product.kobo_care_symbols_html)
        for code, meaning in (
            ("W30", "Machine wash, max. 30 °C, normal process"),
            ("BX", "Do not bleach"),
            ("TDX", "Do not tumble dry"),
        ):
            with self.subTest(code=code):
                self.assertIn(f'<img src="/kobo_base/static/img/care/{code}.svg" alt="{meaning}"', html)
                self.assertIn(f"<span>{meaning}</span>", html)
        self.assertLess(html.index("W30.svg"), html.index("BX.svg"), "in the label's order")
        self.product.kobo_care_symbols = False
        self.assertFalse(self.product.kobo_care_symbols_html)

    def test_display_follows_the_form_as_codes_are_typed(self):
        with Form(self.product) as form:
            form.kobo_care_symbols = "DF, I1"
            self.assertIn("/kobo_base/static/img/care/DF.svg", str(form.kobo_care_symbols_html))
            self.assertIn(
                "Iron at max. sole-plate temperature 110 °C without steam", str(form.kobo_care_symbols_html)
            )

    def test_form_shows_the_pictures_after_the_codes(self):
        arch = etree.fromstring(self.env["product.template"].get_view(view_type="form")["arch"])  # noqa: S320
        [group] = arch.xpath("//group[@name='kobo_care']")
        names = [field.get("name") for field in group.xpath("./field")]
        self.assertEqual(names[names.index("kobo_care_symbols") + 1], "kobo_care_symbols_html")

    def test_every_code_has_its_picture(self):
        folder = file_path("kobo_base/static/img/care")
        self.assertEqual({name.removesuffix(".svg") for name in os.listdir(folder)}, set(CARE_SYMBOLS))
        for code in CARE_SYMBOLS:
            with self.subTest(code=code), open(os.path.join(folder, f"{code}.svg"), "rb") as svg:
                root = etree.fromstring(svg.read())  # noqa: S320 (our own files)
                self.assertEqual(root.tag, "{http://www.w3.org/2000/svg}svg")
                self.assertEqual(root.findtext("{http://www.w3.org/2000/svg}title"), code)

    def test_demo_product_shows_its_care_label(self):
        pullover = self.env.ref("kobo_pim.demo_product_merino_half_zip")
        self.assertEqual(pullover.kobo_care_symbols, "WH, BX, TDX, DF, DS, I1, PP")
        html = str(pullover.kobo_care_symbols_html)
        self.assertEqual(html.count("<img "), 7)
        self.assertIn('alt="Hand wash, max. 40 °C"', html)
