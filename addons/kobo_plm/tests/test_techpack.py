from odoo import Command
from odoo.addons.kobo_base.models.kobo_workflow_mixin import privileged
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import KoboStyleCase


@tagged("post_install", "-at_install")
class TestTechpack(KoboStyleCase):
    def _chart(self, techpack):
        sizes, rows = techpack.graded_chart()
        return {row["pom"].code: dict(zip(sizes.mapped("name"), row["values"], strict=True)) for row in rows}

    def test_grading_from_the_base_size(self):
        techpack = self._new_techpack()
        self._add_measurements(techpack)
        self.assertEqual(techpack.name, "V1")
        self.assertEqual(techpack.display_name, "KT-001 V1")
        self.assertEqual(techpack.size_range_id, self.size_range)
        chart = self._chart(techpack)
        self.assertEqual(chart["KT-B01"], {"XS": 52.0, "S": 54.0, "M": 56.0, "L": 58.0, "XL": 60.0})
        self.assertEqual(chart["KT-A01"], {"XS": 67.0, "S": 68.5, "M": 70.0, "L": 71.5, "XL": 73.0})
        chest = techpack.measurement_ids.filtered(lambda line: line.pom_id.code == "KT-B01")
        self.assertEqual(chest.value_ids.mapped("display_name"), ["XS 52", "S 54", "M 56", "L 58", "XL 60"])
        html = techpack.graded_chart_html
        self.assertIn("KT-B01", html)
        self.assertIn(">58</td>", html)

    def test_single_grade_step_and_override_through_the_form(self):
        techpack = self._new_techpack()
        chest = self._add_measurements(techpack)[0]
        with Form(chest.with_user(self.designer)) as form:
            with form.value_ids.edit(4) as xl:  # XL: a bigger jump from L
                xl.grade = 3.0
            with form.value_ids.edit(0) as xs:
                xs.is_override = True
                xs.override_value = 51.5
        self.assertEqual(
            self._chart(techpack)["KT-B01"], {"XS": 51.5, "S": 54.0, "M": 56.0, "L": 58.0, "XL": 61.0}
        )
        xs_value = chest.value_ids.filtered(lambda value: value.size_id.name == "XS")
        self.assertEqual(xs_value.computed_value, 52.0, "the graded value stays visible beside the override")
        chest.with_user(self.designer).base_value = 57.0
        self.assertEqual(
            self._chart(techpack)["KT-B01"], {"XS": 51.5, "S": 55.0, "M": 57.0, "L": 59.0, "XL": 62.0}
        )

    def test_grading_that_goes_negative_is_refused_and_nothing_saved(self):
        techpack = self._new_techpack()
        with self.assertRaisesMessage(ValidationError, "KT-D01 Sleeve length at size XS would measure -2"):
            self._add_measurements(techpack, [(self.poms[2], 10.0, 6.0)])
        self.assertFalse(techpack.measurement_ids)
        with self.assertRaisesMessage(ValidationError, "the base size value must be more than 0"):
            self._add_measurements(techpack, [(self.poms[2], 0.0, 1.0)])

    def test_freeze_locks_the_revision_on_the_model(self):
        techpack = self._new_techpack()
        chest = self._add_measurements(techpack)[0]
        section = self.env["kobo.techpack.section"].create({"techpack_id": techpack.id, "name": "Seams"})
        with self.assertRaisesMessage(UserError, "Only PLM managers freeze"):
            techpack.with_user(self.designer).action_freeze()
        techpack.with_user(self.manager).action_freeze()
        self.assertEqual(techpack.state, "frozen")
        self.assertEqual(techpack.frozen_by_id, self.manager)
        for attempt in (
            lambda: techpack.with_user(self.manager).write({"care_text": "changed"}),
            lambda: chest.with_user(self.designer).write({"base_value": 60}),
            lambda: chest.value_ids[:1].with_user(self.designer).write({"grade": 9}),
            lambda: section.with_user(self.designer).write({"name": "Other"}),
            lambda: chest.with_user(self.manager).unlink(),
            lambda: self.env["kobo.techpack.measurement"].create(
                {
                    "techpack_id": techpack.id,
                    "pom_id": self.env["kobo.pom"].create({"code": "KT-X", "name": "X"}).id,
                    "base_value": 5,
                }
            ),
            lambda: techpack.with_user(self.manager).unlink(),
        ):
            with self.assertRaisesMessage(UserError, "KT-001 V1 is frozen"):
                attempt()
        techpack.with_user(self.designer).message_post(body="Comments stay possible on a frozen revision.")

    def test_new_revision_copies_the_current_one_and_becomes_current_when_frozen(self):
        first = self._new_techpack()
        self._add_measurements(first)
        self._add_garment_bom(first)
        self.env["kobo.techpack.section"].create(
            {"techpack_id": first.id, "name": "Seams", "description": "Overlock"}
        )
        first.care_symbol_ids = [Command.set(self.env.ref("kobo_plm.care_w30").ids)]
        self.assertEqual(self.style.kobo_current_techpack_id, first, "the only draft is current")
        first.with_user(self.manager).action_freeze()
        action = first.with_user(self.designer).action_new_revision()
        second = self.env["kobo.techpack"].browse(action["res_id"])
        self.assertEqual((second.name, second.state, second.previous_id), ("V2", "draft", first))
        self.assertEqual(self._chart(second), self._chart(first))
        self.assertEqual(len(second.garment_line_ids), 3)
        self.assertEqual(second.section_ids.mapped("description"), ["Overlock"])
        self.assertEqual(second.care_symbol_ids.mapped("code"), ["W30"])
        self.assertEqual(
            self.style.kobo_current_techpack_id, first, "a draft does not replace the frozen revision"
        )
        self.assertTrue(first.is_current)
        with self.assertRaisesMessage(UserError, "KT-001 V2 is still a draft"):
            first.with_user(self.designer).action_new_revision()
        second.with_user(self.manager).action_freeze()
        self.assertEqual(self.style.kobo_current_techpack_id, second)
        self.assertEqual((first.is_current, second.is_current), (False, True))
        self.assertEqual(self.style.kobo_techpack_count, 2)

    def test_diff_lists_what_changed_for_the_supplier(self):
        first = self._new_techpack()
        chest, length, sleeve = self._add_measurements(first)
        self._add_garment_bom(first)
        self.env["kobo.techpack.section"].create(
            {
                "techpack_id": first.id,
                "section_type": "construction",
                "name": "Seams",
                "description": "Overlock 4-thread",
            }
        )
        first.with_user(self.manager).action_freeze()
        second = first._copy_as_new_revision()
        second_chest = second.measurement_ids.filtered(lambda line: line.pom_id == chest.pom_id)
        second_chest.base_value = 57.0
        second.measurement_ids.filtered(lambda line: line.pom_id == sleeve.pom_id).unlink()
        second.garment_line_ids.filtered(lambda line: line.material_tmpl_id == self.button).quantity = 6
        second.section_ids.description = "Overlock 4-thread, then cover-stitch"
        diff = second._diff_against(first)
        chest_rows = [row for row in diff["measurements"] if row["what"] == "KT-B01 Chest width"]
        self.assertEqual(
            [(row["size"], row["change"], row["old"], row["new"]) for row in chest_rows],
            [
                ("XS", "changed", "52", "53"),
                ("S", "changed", "54", "55"),
                ("M", "changed", "56", "57"),
                ("L", "changed", "58", "59"),
                ("XL", "changed", "60", "61"),
            ],
        )
        removed = [row for row in diff["measurements"] if row["change"] == "removed"]
        self.assertEqual([row["what"] for row in removed], ["KT-D01 Sleeve length"])
        self.assertEqual(
            [(row["what"], row["change"], row["old"], row["new"]) for row in diff["bom"]],
            [("Trim: KT Button", "changed", "5 Units", "6 Units")],
        )
        self.assertEqual(
            [(row["what"], row["new"]) for row in diff["sections"]],
            [("Construction: Seams", "Overlock 4-thread, then cover-stitch")],
        )
        wizard = (
            self.env["kobo.techpack.diff.wizard"]
            .with_user(self.designer)
            .create({"new_techpack_id": second.id, "old_techpack_id": first.id})
        )
        self.assertIn("KT-B01 Chest width", wizard.diff_html)
        self.assertIn("Changes from", wizard.diff_html)

    def test_identical_revisions_show_no_change(self):
        first = self._new_techpack()
        self._add_measurements(first)
        first.with_user(self.manager).action_freeze()
        second = first._copy_as_new_revision()
        self.assertEqual(
            second._diff_against(first), {"measurements": [], "bom": [], "sections": [], "care": []}
        )

    def test_section_image_must_be_an_image(self):
        techpack = self._new_techpack()
        with self.assertRaisesMessage(UserError, "could not be decoded as an image"):
            self.env["kobo.techpack.section"].with_user(self.designer).create(
                {"techpack_id": techpack.id, "name": "Artwork", "image": "bm90IGFuIGltYWdl"}  # "not an image"
            )
        self.assertFalse(techpack.section_ids)

    def test_only_managers_delete_tech_packs(self):
        techpack = self._new_techpack()
        with self.assertRaises(AccessError):
            techpack.with_user(self.designer).unlink()
        bom = techpack.bom_id
        techpack.with_user(self.manager).unlink()
        self.assertFalse(bom.exists(), "the revision's BoM goes with it")


@tagged("post_install", "-at_install")
class TestTechpackScale(KoboStyleCase):
    """Creating and copying revisions, and grading, take a number of queries that does not grow."""

    def _big_spec(self, count):
        poms = self.env["kobo.pom"].create(
            [{"code": f"KT-S{count}-{i:02d}", "name": f"Point {i}"} for i in range(count)]
        )
        return [(pom, 40.0 + i, 1.0) for i, pom in enumerate(poms)]

    def _style_with_sizes(self, size_count, code):
        size_range = self.env["kobo.size.range"].create(
            {
                "name": f"KT {code} range",
                "size_ids": [
                    Command.create({"name": f"{code}{n}", "sequence": n}) for n in range(size_count)
                ],
            }
        )
        size_range.base_size_id = size_range.size_ids[size_count // 2]
        return self.env["product.template"].create(
            {
                "name": f"KT {code}",
                "kobo_style_number": f"KT-SCALE-{code}",
                "kobo_is_style": True,
                "kobo_size_range_id": size_range.id,
            }
        )

    @staticmethod
    def _extra_batches(small_rows, big_rows):
        """Odoo inserts and updates 100 rows per query: the only growth allowed."""
        return -(-big_rows // 100) - -(-small_rows // 100)

    def test_revision_create_and_copy_queries_do_not_grow_with_poms_and_sizes(self):
        small_style, big_style = self._style_with_sizes(4, "S"), self._style_with_sizes(8, "B")
        small_spec, big_spec = self._big_spec(10), self._big_spec(60)
        small = self.env["kobo.techpack"].create({"style_id": small_style.id})
        big = self.env["kobo.techpack"].create({"style_id": big_style.id})
        # 40 graded values against 480: each extra 100 rows may cost one INSERT and one UPDATE.
        allowance = 2 * self._extra_batches(10 * 4, 60 * 8)
        create_small = self._queries(lambda: self._add_measurements(small, small_spec))
        self.env.invalidate_all()
        with self.assertQueryCount(create_small + allowance):
            self._add_measurements(big, big_spec)
        privileged(small | big).write({"state": "frozen"})
        copy_small = self._queries(lambda: small._copy_as_new_revision())
        self.env.invalidate_all()
        with self.assertQueryCount(copy_small + allowance):
            big_copy = big._copy_as_new_revision()
        self.assertEqual(len(big_copy.measurement_ids), 60)
        self.assertEqual(len(big_copy.measurement_ids.value_ids), 480)
        self.assertEqual(big_copy.graded_chart()[1][59]["values"][4], big.graded_chart()[1][59]["values"][4])

    def test_regrading_many_styles_takes_the_same_queries_as_few(self):
        def build(count, prefix):
            techpacks = self.env["kobo.techpack"]
            for n in range(count):
                style = self.env["product.template"].create(
                    {
                        "name": f"{prefix}{n}",
                        "kobo_style_number": f"{prefix}-{n}",
                        "kobo_is_style": True,
                        "kobo_size_range_id": self.size_range.id,
                    }
                )
                techpacks |= self.env["kobo.techpack"].create({"style_id": style.id})
            self.env["kobo.techpack.measurement"].create(
                [
                    {"techpack_id": t.id, "pom_id": pom.id, "base_value": 50, "grade_increment": 1}
                    for t in techpacks
                    for pom in self.poms
                ]
            )
            # As a caller holds them after a search: one recordset, one prefetch set.
            return self.env["kobo.techpack.measurement"].browse(techpacks.measurement_ids.ids)

        few, many = build(3, "KT-FEW"), build(12, "KT-MANY")
        few_count = self._queries(lambda: few.write({"grade_increment": 2.0}))
        self.env.invalidate_all()
        with self.assertQueryCount(few_count + self._extra_batches(3 * 3 * 5, 12 * 3 * 5)):
            many.write({"grade_increment": 2.0})
        self.assertEqual(
            set(many.value_ids.filtered(lambda v: v.size_id.name == "XL").mapped("value")), {54.0}
        )
