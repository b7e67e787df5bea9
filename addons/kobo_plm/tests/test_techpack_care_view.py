from lxml import etree

from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestTechpackCareView(TransactionCase):
    """The tech pack's Care tab lists each symbol on its line with its category and text, as the
    care label reads, rather than a row of code tags."""

    def test_care_symbols_listed_with_their_text(self):
        view = self.env["kobo.techpack"].get_view(view_type="form")
        arch = etree.fromstring(view["arch"])  # noqa: S320 (our own view)
        [field] = arch.xpath("//page[@name='care']//field[@name='care_symbol_ids']")
        self.assertFalse(field.get("widget"), "the symbols are a list, not tags")
        self.assertEqual(
            [column.get("name") for column in field.xpath("./list/field")],
            ["image_url", "category", "name", "code"],
        )
