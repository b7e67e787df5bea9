from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import KoboPlmCase


@tagged("post_install", "-at_install")
class TestColourLibrary(KoboPlmCase):
    def test_designer_adds_colour_with_normalized_code_and_hex(self):
        color = (
            self.env["kobo.color"]
            .with_user(self.designer)
            .create(
                {
                    "name": "Classic Blue",
                    "standard": "pantone_tcx",
                    "code": " 98-0001  tcx ",
                    "hex_value": "0f4c81",
                    "family": "blue",
                }
            )
        )
        self.assertEqual(color.code, "98-0001 TCX")
        self.assertEqual(color.hex_value, "#0F4C81")
        self.assertEqual(color.display_name, "Classic Blue (98-0001 TCX)")

    def test_same_standard_and_code_is_refused_with_the_code_named(self):
        Color = self.env["kobo.color"].with_user(self.designer)
        with self.assertRaisesMessage(ValidationError, "KT-NAVY is already in the library as Test Navy"):
            Color.create(
                {
                    "name": "Navy again",
                    "standard": "custom",
                    "code": "kt-navy",
                    "hex_value": "#000080",
                    "family": "blue",
                }
            )
        # The same code in another standard is another colour.
        other = Color.create(
            {
                "name": "RAL lookalike",
                "standard": "ral",
                "code": "KT-NAVY",
                "hex_value": "#000080",
                "family": "blue",
            }
        )
        self.assertEqual(other.standard, "ral")

    def test_database_refuses_duplicate_even_without_the_python_check(self):
        # Two users saving at once both pass the Python check; the unique index still holds.
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            self.env.cr.execute(
                "INSERT INTO kobo_color (name, standard, code, hex_value, family, active)"
                " VALUES ('{\"en_US\": \"x\"}', 'custom', 'KT-NAVY', '#000000', 'blue', true)"
            )

    def test_bad_hex_is_refused_and_nothing_saved(self):
        count = self.env["kobo.color"].search_count([])
        with self.assertRaisesMessage(ValidationError, "#12345G is not a colour like #1F2A44"):
            self.env["kobo.color"].with_user(self.designer).create(
                {
                    "name": "Broken",
                    "standard": "custom",
                    "code": "X-1",
                    "hex_value": "#12345G",
                    "family": "blue",
                }
            )
        self.assertEqual(self.env["kobo.color"].search_count([]), count)

    def test_only_managers_delete_library_colours(self):
        with self.assertRaises(AccessError):
            self.navy.with_user(self.designer).unlink()
        self.navy.with_user(self.manager).unlink()
        self.assertFalse(self.navy.exists())

    def test_colorway_value_takes_the_library_swatch(self):
        attribute = self.env["product.attribute"].create({"name": "Test Colour", "display_type": "color"})
        value = self.env["product.attribute.value"].create(
            {"name": "Navy", "attribute_id": attribute.id, "kobo_color_id": self.navy.id}
        )
        self.assertEqual(value.html_color, "#1F2A44")
        self.assertEqual(self.navy.attribute_value_ids, value)

    def test_values_created_from_a_generator_are_all_created(self):
        """Odoo's own callers pass generators to create() (mrp's variant price report does): the
        colour look-up must not use them up before Odoo reads them."""
        attribute = self.env["product.attribute"].create({"name": "Test Colour", "display_type": "color"})
        sent = [
            {"name": "Navy", "attribute_id": attribute.id, "kobo_color_id": self.navy.id},
            {"name": "Plain", "attribute_id": attribute.id},
        ]
        values = self.env["product.attribute.value"].create(vals for vals in sent)
        self.assertEqual(values.mapped("name"), ["Navy", "Plain"])
        self.assertEqual(values[0].html_color, "#1F2A44")
        self.assertNotIn("html_color", sent[0], "the caller's dicts are left as they were")

    def test_colorways_given_to_several_styles_at_once_reach_each_of_them(self):
        ecru = self.env["kobo.color"].create(
            {
                "name": "Test Ecru",
                "standard": "custom",
                "code": "KT-ECRU",
                "hex_value": "#EFE8D8",
                "family": "white",
            }
        )
        styles = self.env["product.template"].create(
            [{"name": f"Colorway style {n}", "kobo_is_style": True} for n in range(3)]
        )
        styles.write({"kobo_colorway_ids": [Command.set((self.navy | ecru).ids)]})
        for style in styles:
            self.assertEqual(
                sorted(style.product_variant_ids.product_template_attribute_value_ids.mapped("name")),
                ["Test Ecru", "Test Navy"],
                style.name,
            )


@tagged("post_install", "-at_install")
class TestSizeRangesAndSeasons(KoboPlmCase):
    def test_size_range_with_base_size_through_the_form(self):
        with Form(self.env["kobo.size.range"].with_user(self.designer)) as form:
            form.name = "Test alpha"
            form.size_system = "alpha"
            for sequence, name in enumerate(("S", "M", "L"), 1):
                with form.size_ids.new() as line:
                    line.name = name
                    line.sequence = sequence
        size_range = form.record
        self.assertEqual(size_range.size_ids.mapped("name"), ["S", "M", "L"])
        self.assertEqual(size_range.size_count, 3)
        size_range.base_size_id = size_range.size_ids[1]
        self.assertEqual(size_range.base_size_id.name, "M")

    def test_base_size_from_another_range_is_refused(self):
        women = self.env["kobo.size.range"].create({"name": "W", "size_ids": [(0, 0, {"name": "M"})]})
        men = self.env["kobo.size.range"].create({"name": "Men", "size_ids": [(0, 0, {"name": "L"})]})
        with self.assertRaisesMessage(ValidationError, "the base size L is not one of its sizes"):
            women.base_size_id = men.size_ids

    def _letters(self):
        return self.env["kobo.size.range"].create(
            {"name": "Letters S–M", "size_ids": [(0, 0, {"name": "S"}), (0, 0, {"name": "M"})]}
        )

    def _size_names(self, style):
        """Attribute name → the style's value names for it, as the product form shows them."""
        return {line.attribute_id.name: line.value_ids.mapped("name") for line in style.attribute_line_ids}

    def test_each_size_system_has_its_own_size_attribute(self):
        Range = self.env["kobo.size.range"].with_user(self.designer)
        letters = Range.create(
            {"name": "Letters", "size_system": "alpha", "size_ids": [(0, 0, {"name": "M"})]}
        )
        waist = Range.create(
            {
                "name": "Waist",
                "size_system": "numeric",
                "size_ids": [(0, 0, {"name": "30", "sequence": 1}), (0, 0, {"name": "32", "sequence": 2})],
            }
        )
        kids = Range.create({"name": "Kids", "size_system": "kids", "size_ids": [(0, 0, {"name": "4Y"})]})
        self.assertEqual(
            [size_range.attribute_id.name for size_range in (letters, waist, kids)],
            ["Size", "Size (Numeric)", "Size (Kids)"],
        )
        self.assertEqual(waist.size_ids.attribute_value_id.attribute_id.name, "Size (Numeric)")
        self.assertEqual(waist.size_ids.attribute_value_id.mapped("name"), ["30", "32"])
        self.assertNotIn("30", self.env.ref("kobo_plm.product_attribute_size").value_ids.mapped("name"))
        jeans = self.env["product.template"].create(
            {"name": "Jeans", "kobo_is_style": True, "kobo_size_range_id": waist.id}
        )
        self.assertEqual(self._size_names(jeans), {"Size (Numeric)": ["30", "32"]})
        self.assertEqual(len(jeans.product_variant_ids), 2)

    def test_a_style_moved_to_a_range_of_another_system_keeps_one_size_attribute(self):
        waist = self.env["kobo.size.range"].create(
            {"name": "Waist", "size_system": "numeric", "size_ids": [(0, 0, {"name": "30"})]}
        )
        style = self.env["product.template"].create(
            {"name": "Chino", "kobo_is_style": True, "kobo_size_range_id": self._letters().id}
        )
        self.assertEqual(list(self._size_names(style)), ["Size"])
        style.kobo_size_range_id = waist
        self.assertEqual(self._size_names(style), {"Size (Numeric)": ["30"]})
        self.assertEqual(
            style.product_variant_ids.product_template_attribute_value_ids.mapped("display_name"),
            ["Size (Numeric): 30"],
        )

    def test_the_size_system_of_a_range_in_use_cannot_change(self):
        letters = self._letters()
        self.env["product.template"].create(
            {"name": "Tee", "kobo_is_style": True, "kobo_size_range_id": letters.id}
        )
        with self.assertRaisesMessage(ValidationError, "its size system and attribute cannot change"):
            letters.with_user(self.designer).size_system = "numeric"
        self.assertEqual(letters.attribute_id.name, "Size")
        # A range no style uses moves, its sizes with it.
        spare = self.env["kobo.size.range"].create({"name": "Spare", "size_ids": [(0, 0, {"name": "7"})]})
        spare.size_system = "other"
        self.assertEqual(spare.size_ids.attribute_value_id.attribute_id.name, "Size (Other)")

    def test_season_counts_its_styles_in_one_query(self):
        other = self.env["kobo.season"].create({"name": "Other", "code": "OT27"})
        self.env["product.template"].create(
            [
                {"name": f"Style {n}", "kobo_is_style": True, "kobo_season_id": self.season.id}
                for n in range(3)
            ]
        )
        seasons = self.season | other
        seasons.invalidate_recordset(["style_count"])
        with self.assertQueryCount(1):
            counts = seasons.mapped("style_count")
        self.assertEqual(counts, [3, 0])
        self.assertEqual(self.season.display_name, "TS27 · Test Season 2027")

    def test_season_code_is_unique_per_company(self):
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            self.env["kobo.season"].create({"name": "Dup", "code": "TS27"})

    def test_season_cannot_end_before_it_starts(self):
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            self.env["kobo.season"].create(
                {"name": "Backwards", "code": "BW27", "date_start": "2027-06-01", "date_end": "2027-01-01"}
            )


class TestLibraryNumbers(KoboPlmCase):
    def test_nan_and_infinity_in_tolerances_and_duty_rates_are_refused(self):
        # XML-RPC and JSON both carry nan and inf; the database layer would answer with a traceback.
        pom = self.env["kobo.pom"].with_user(self.designer).create({"code": "kt-x1", "name": "KT chest"})
        for value in (float("nan"), float("inf"), float("-inf")):
            with self.subTest(value=value):
                with self.assertRaisesMessage(ValidationError, r"Tolerance.*: .* is not a number"):
                    pom.write({"tolerance": value})
                with self.assertRaisesMessage(ValidationError, r"Duty \(%\): .* is not a number"):
                    self.env["kobo.duty.rate"].with_user(self.manager).create(
                        {"hs_code": "610910", "name": "KT tees", "rate": value}
                    )
        self.assertEqual(pom.tolerance, 1.0)  # the default, untouched
        self.assertFalse(self.env["kobo.duty.rate"].search([("name", "=", "KT tees")]))
