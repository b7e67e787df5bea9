from odoo import Command
from odoo.tests import new_test_user, tagged

from .common import HandoffCase


@tagged("post_install", "-at_install")
class TestSizeConversionPlm(HandoffCase):
    """The sizes of a handed-off style (Kōbō PLM's Size attribute, made from its size ranges)
    convert with a table written for another size attribute that also converts the PLM's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plm_size = cls.env.ref("kobo_plm.product_attribute_size")
        cls.catalogue_manager = new_test_user(
            cls.env, "plm_size_catalogue_m", groups="base.group_user,kobo_pim.group_kobo_pim_manager"
        )
        cls.garment_size = cls.env["product.attribute"].create(
            {
                "name": "Shop garment size",
                "value_ids": [Command.create({"name": "S"}), Command.create({"name": "M"})],
            }
        )
        small, medium = cls.garment_size.value_ids
        cls.table = cls.env["kobo.size.conversion"].create(
            {
                "name": "Jackets (letters)",
                "attribute_id": cls.garment_size.id,
                "source_system": "intl",
                "line_ids": [
                    Command.create({"value_id": small.id, "eu": "46", "uk": "36", "intl": "S"}),
                    Command.create({"value_id": medium.id, "eu": "48", "uk": "38", "intl": "M"}),
                ],
            }
        )
        cls.google = cls.env["kobo.channel"].create(
            {"name": "Google EU sizes", "code": "plm_google_eu", "size_system": "eu"}
        )
        cls.style = cls._styles(1, "HOZ")
        cls.style._kobo_send_to_enrichment()

    def _labels(self):
        variants = self.style.product_variant_ids
        labels, problems = self.google._size_labels(variants)
        sizes = {
            variant.product_template_attribute_value_ids.filtered(
                lambda value: value.attribute_id == self.plm_size
            ).name: labels.get(variant.id)
            for variant in variants
        }
        return sizes, problems

    def test_a_table_that_also_converts_the_plm_size_converts_handed_off_variants(self):
        self.assertEqual(self.style.attribute_line_ids.attribute_id & self.plm_size, self.plm_size)
        # Without the PLM's attribute on the table, the style's sizes are not converted.
        sizes, __ = self._labels()
        self.assertEqual(sizes, {"S": None, "M": None})
        self.table.with_user(self.catalogue_manager).extra_attribute_ids = [Command.link(self.plm_size.id)]
        sizes, problems = self._labels()
        self.assertEqual(sizes, {"S": "46", "M": "48"})
        self.assertEqual(problems, [])
        self.google.size_system = "uk"
        self.assertEqual(self._labels()[0], {"S": "36", "M": "38"})

    def test_a_plm_size_missing_from_the_table_is_named(self):
        self.table.extra_attribute_ids = [Command.link(self.plm_size.id)]
        self.table.line_ids.filtered(lambda line: line.intl == "M").unlink()
        sizes, problems = self._labels()
        self.assertEqual(sizes, {"S": "46", "M": None})
        self.assertEqual(len(problems), 1)
        self.assertIn("size M is not in table Jackets (letters)", problems[0])
