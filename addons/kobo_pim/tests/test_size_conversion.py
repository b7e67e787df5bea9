from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import KoboPimCase


@tagged("post_install", "-at_install")
class TestSizeConversion(KoboPimCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.size = cls.env["product.attribute"].create(
            {
                "name": "Size (test)",
                "create_variant": "always",
                "value_ids": [
                    Command.create({"name": name, "sequence": n})
                    for n, name in enumerate(["36", "38", "40", "42", "44", "46"])
                ],
            }
        )
        cls.size_36, cls.size_38, cls.size_40, cls.size_42, cls.size_44, cls.size_46 = cls.size.value_ids
        cls.colour = cls.env["product.attribute"].create(
            {
                "name": "Colour (test)",
                "create_variant": "always",
                "value_ids": [Command.create({"name": "Navy"})],
            }
        )
        cls.navy = cls.colour.value_ids
        category_all = cls.env.ref("product.product_category_all")
        cls.women_tops = cls.env["product.category"].create(
            {"name": "Women tops (test)", "parent_id": category_all.id}
        )
        cls.blouses = cls.env["product.category"].create(
            {"name": "Blouses (test)", "parent_id": cls.women_tops.id}
        )
        cls.shoes = cls.env["product.category"].create({"name": "Shoes (test)", "parent_id": category_all.id})
        cls.table = cls.env["kobo.size.conversion"].create(
            {
                "name": "Women's tops (test)",
                "gender": "women",
                "garment_kind": "tops",
                "attribute_id": cls.size.id,
                "source_system": "eu",
                "categ_ids": [Command.set(cls.women_tops.ids)],
                "line_ids": [
                    Command.create({"value_id": cls.size_36.id, "eu": "36", "uk": "8", "us": "4", "jp": "7"}),
                    # No JP size: a copywriter must be told, not get an empty label
                    Command.create({"value_id": cls.size_38.id, "eu": "38", "uk": "10", "us": "6"}),
                    Command.create(
                        {"value_id": cls.size_40.id, "eu": "40", "uk": "12", "us": "8", "jp": "11"}
                    ),
                ],
            }
        )
        cls.channel_us = cls.env["kobo.channel"].create(
            {"name": "US shop (test)", "code": "us_test", "size_system": "us"}
        )

    def _template(self, name, category, sizes, with_colour=True):
        lines = [Command.create({"attribute_id": self.size.id, "value_ids": [Command.set(sizes.ids)]})]
        if with_colour:
            lines.insert(
                0, Command.create({"attribute_id": self.colour.id, "value_ids": [Command.set(self.navy.ids)]})
            )
        return self.env["product.template"].create(
            {"name": name, "categ_id": category.id, "attribute_line_ids": lines}
        )

    def _variant(self, template, size):
        return template.product_variant_ids.filtered(
            lambda variant: size in variant.product_template_attribute_value_ids.product_attribute_value_id
        )

    def _labels_by_size(self, labels, template):
        return {
            variant.product_template_attribute_value_ids.filtered(
                lambda ptav: ptav.attribute_id == self.size
            ).name: labels.get(variant.id)
            for variant in template.product_variant_ids
        }

    def assertRaisesMessage(self, exception, message):
        """Odoo's assertRaises (with its savepoint, so nothing stays saved) and the exact message."""
        return _ExactMessage(self, exception, message)

    def test_user_reads_tables_manager_edits(self):
        table = self.table.with_user(self.catalogue_user)
        self.assertEqual(table.line_ids.mapped("value_id.name"), ["36", "38", "40"])
        self.assertEqual(table.line_ids.mapped("us"), ["4", "6", "8"])
        with self.assertRaises(AccessError):
            table.line_ids[0].us = "2"
        with self.assertRaises(AccessError):
            self.env["kobo.size.conversion"].with_user(self.catalogue_user).create(
                {"name": "Men's tops", "attribute_id": self.size.id}
            )
        # A PIM manager edits the rows in the table's form, like in the UI
        with Form(self.table.with_user(self.catalogue_manager)) as table_form:
            with table_form.line_ids.new() as line:
                line.value_id = self.size_42
                line.us = "10"
                line.jp = "13"
        self.assertEqual(self.table.line_ids.mapped("us"), ["4", "6", "8", "10"])
        self.assertEqual(self.table.line_ids[-1].value_id.name, "42")

    def test_channel_gets_its_size_system(self):
        blouse = self._template(
            "Silk blouse", self.blouses, self.size_36 | self.size_38 | self.size_40 | self.size_42
        )
        shoe = self._template("Loafer", self.shoes, self.size_40)
        scarf = self.env["product.template"].create(
            {
                "name": "Scarf",
                "categ_id": self.women_tops.id,
                "attribute_line_ids": [
                    Command.create(
                        {"attribute_id": self.colour.id, "value_ids": [Command.set(self.navy.ids)]}
                    )
                ],
            }
        )
        variants = blouse.product_variant_ids | shoe.product_variant_ids | scarf.product_variant_ids
        channel = self.channel_us.with_user(self.catalogue_user)
        labels, problems = channel._size_labels(variants.with_user(self.catalogue_user))
        blouse_42 = self._variant(blouse, self.size_42).display_name
        blouse_38 = self._variant(blouse, self.size_38).display_name
        # Blouses are a sub-category of the table's women's tops
        self.assertEqual(self._labels_by_size(labels, blouse), {"36": "4", "38": "6", "40": "8", "42": None})
        self.assertNotIn(scarf.product_variant_ids.id, labels)
        self.assertEqual(
            problems,
            [
                f"variant {blouse_42}: size 42 is not in table Women's tops (test)",
                f"variant {shoe.product_variant_ids.display_name}: no size conversion table for category "
                "All / Shoes (test)",
            ],
        )

        channel.sudo().size_system = "jp"
        labels, problems = channel._size_labels(blouse.product_variant_ids)
        self.assertEqual(
            self._labels_by_size(labels, blouse), {"36": "7", "38": None, "40": "11", "42": None}
        )
        self.assertEqual(
            problems,
            [
                f"variant {blouse_38}: no JP size in table Women's tops (test)",
                f"variant {blouse_42}: size 42 is not in table Women's tops (test)",
            ],
        )

        # The table's own system, or a channel without one: the values' own names, even off the table
        for size_system in ("eu", False):
            channel.sudo().size_system = size_system
            labels, problems = channel._size_labels(blouse.product_variant_ids)
            self.assertEqual(
                self._labels_by_size(labels, blouse), {"36": "36", "38": "38", "40": "40", "42": "42"}
            )
            self.assertEqual(problems, [])

    def test_most_specific_table_then_default_table(self):
        blouse = self._template("Cotton blouse", self.blouses, self.size_38, with_colour=False)
        shoe = self._template("Boot", self.shoes, self.size_38, with_colour=False)
        blouse_table = self.table.copy(
            {"name": "Blouses (test)", "categ_ids": [Command.set(self.blouses.ids)]}
        )
        blouse_table.line_ids.filtered(lambda line: line.value_id == self.size_38).us = "6 petite"
        self.table.copy({"name": "Any garment (test)", "categ_ids": [Command.clear()]}).line_ids.us = "X"
        labels, problems = self.channel_us._size_labels(blouse.product_variant_ids | shoe.product_variant_ids)
        self.assertEqual(labels[blouse.product_variant_ids.id], "6 petite")
        self.assertEqual(labels[shoe.product_variant_ids.id], "X")
        self.assertEqual(problems, [])

    def test_query_count_does_not_grow_per_variant(self):
        small = self._template("Small range", self.blouses, self.size_36 | self.size_38).product_variant_ids
        large = self._template(
            "Large range",
            self.blouses,
            self.size_36 | self.size_38 | self.size_40 | self.size_42 | self.size_44,
        ).product_variant_ids
        large |= self._template(
            "Other range", self.women_tops, self.size_40 | self.size_46
        ).product_variant_ids
        channel = self.channel_us.with_user(self.catalogue_user)
        channel._size_labels(small.with_user(self.catalogue_user))  # access rights and registry caches
        for variants, expected in ((small, 2), (large, 7)):
            self.env.invalidate_all()
            with self.assertQueryCount(QUERY_COUNT):
                labels, problems = channel._size_labels(variants.with_user(self.catalogue_user))
            self.assertEqual(len(labels) + len(problems), expected)

    def test_row_of_another_attribute_is_refused(self):
        table = self.table.with_user(self.catalogue_manager)
        with self.assertRaisesMessage(
            ValidationError,
            "Table Women's tops (test), row Navy: Navy is a value of Colour (test), "
            "not of the table's size attribute Size (test).",
        ):
            table.write({"line_ids": [Command.create({"value_id": self.navy.id, "us": "6"})]})
        self.assertEqual(len(self.table.line_ids), 3)

    def test_duplicate_rows_are_refused(self):
        table = self.table.with_user(self.catalogue_manager)
        with self.assertRaisesMessage(
            ValidationError, "Table Women's tops (test), row 42: the size 42 is already in this table."
        ):
            table.write(
                {
                    "line_ids": [
                        Command.create({"value_id": self.size_42.id, "us": "10"}),
                        Command.create({"value_id": self.size_42.id, "us": "12"}),
                    ]
                }
            )
        with self.assertRaisesMessage(
            ValidationError, "Table Women's tops (test), row 38: the size 38 is already in this table."
        ):
            table.write({"line_ids": [Command.create({"value_id": self.size_38.id, "us": "6"})]})
        with self.assertRaisesMessage(
            ValidationError, "Table Women's tops (test), row 36: the size 36 is already in this table."
        ):
            table.line_ids[1].value_id = self.size_36
        self.assertEqual(self.table.line_ids.mapped("value_id"), self.size_36 | self.size_38 | self.size_40)

    @mute_logger("odoo.sql_db")
    def test_import_with_an_unknown_size_saves_nothing(self):
        # Names unique to this test, so the import's name look-up is not ambiguous
        self.size.value_ids = [Command.create({"name": "Tall 38 (test)"})]
        result = (
            self.env["kobo.size.conversion.line"]
            .with_user(self.catalogue_manager)
            .load(
                ["conversion_id/.id", "value_id", "us"],
                [[str(self.table.id), "Tall 38 (test)", "6T"], [str(self.table.id), "XXXL (test)", "16"]],
            )
        )
        self.assertFalse(result["ids"])
        errors = [message for message in result["messages"] if message["type"] == "error"]
        # Every error is on the second row (record 1), and the first names the unknown size
        self.assertEqual({error["record"] for error in errors}, {1})
        self.assertEqual(
            errors[0]["message"], "No matching record found for name 'XXXL (test)' in field 'Size'"
        )
        self.assertEqual(len(self.table.line_ids), 3)

    def test_demo_tables(self):
        women = self.env.ref("kobo_pim.size_conversion_women_tops_demo", raise_if_not_found=False)
        if not women:
            self.skipTest("kobo_pim demo data is not installed")
        women = women.with_user(self.catalogue_user)
        row_38 = women.line_ids.filtered(lambda line: line.value_id.name == "38")
        self.assertEqual(
            (row_38.eu, row_38.uk, row_38.us, row_38.it, row_38.fr, row_38.jp, row_38.intl),
            ("38", "10", "6", "42", "38", "9", "M"),
        )
        men = self.env.ref("kobo_pim.size_conversion_men_tops_demo").with_user(self.catalogue_user)
        self.assertEqual(men.line_ids.mapped("value_id.name"), ["XS", "S", "M", "L", "XL", "XXL"])


class _ExactMessage:
    def __init__(self, case, exception, message):
        self.case, self.message = case, message
        self.context = case.assertRaises(exception)

    def __enter__(self):
        self.caught = self.context.__enter__()
        return self.caught

    def __exit__(self, *exc_info):
        suppressed = self.context.__exit__(*exc_info)
        self.case.assertEqual(str(self.caught.exception), self.message)
        return suppressed


# Read the variants and their values, the tables, the other attributes they also convert, their rows
# and categories: the same for any number
QUERY_COUNT = 20
