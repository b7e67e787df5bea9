from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from .common import KoboStyleCase

CONSUMPTION = {"XS": 1.80, "S": 1.90, "M": 2.00, "L": 2.15, "XL": 2.30}


@tagged("post_install", "-at_install")
class TestGarmentBom(KoboStyleCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.planner = new_test_user(
            cls.env, "kobo_planner", groups="base.group_user,mrp.group_mrp_user,stock.group_stock_user"
        )
        # Has every right on BoMs through Odoo's own groups: only Kōbō's rules stop them.
        cls.mrp_manager = new_test_user(
            cls.env, "kobo_mrp_manager", groups="base.group_user,mrp.group_mrp_manager"
        )

    def _variant(self, color, size_name):
        return self.style.product_variant_ids.filtered(
            lambda variant: {value.name for value in variant.product_template_attribute_value_ids}
            == {self._colorway_value(color).name, size_name}
        )

    def _manufacture(self, variant):
        with Form(self.env["mrp.production"].with_user(self.planner)) as form:
            form.product_id = variant
            form.product_qty = 1
        return form.record

    def test_style_has_one_variant_per_colorway_and_size(self):
        self.assertEqual(len(self.style.product_variant_ids), 15)
        self.assertEqual(self.style.kobo_colorway_ids, self.colors)
        self.assertEqual(
            self.style.attribute_line_ids.value_ids.filtered(lambda v: v.attribute_id.name == "Size").mapped(
                "name"
            ),
            ["XS", "S", "M", "L", "XL"],
        )

    def test_manufacturing_order_of_every_variant_consumes_its_colour_and_size(self):
        techpack = self._new_techpack()
        self._add_garment_bom(techpack)
        self.assertEqual(
            len(techpack.bom_id.bom_line_ids), 15 + 1 + 2, "fabric 3×5, buttons, patches on L and XL"
        )
        for color in self.colors:
            for size_name, fabric_qty in CONSUMPTION.items():
                variant = self._variant(color, size_name)
                self.assertEqual(len(variant), 1)
                production = self._manufacture(variant)
                self.assertEqual(production.bom_id, techpack.bom_id)
                consumed = {move.product_id: move.product_uom_qty for move in production.move_raw_ids}
                expected = {self.fabric_by_color[color]: fabric_qty, self.button.product_variant_id: 5.0}
                if size_name in ("L", "XL"):
                    expected[self.patch.product_variant_id] = 2.0
                self.assertEqual(consumed, expected, f"{variant.display_name}")

    def test_manufacturing_order_scales_with_quantity(self):
        techpack = self._new_techpack()
        self._add_garment_bom(techpack)
        with Form(self.env["mrp.production"].with_user(self.planner)) as form:
            form.product_id = self._variant(self.ink, "M")
            form.product_qty = 40
        fabric_move = form.record.move_raw_ids.filtered(
            lambda move: move.product_id == self.fabric_by_color[self.ink]
        )
        self.assertAlmostEqual(fabric_move.product_uom_qty, 80.0)
        self.assertEqual(fabric_move.product_uom, self.env.ref("uom.product_uom_meter"))

    def test_editing_the_garment_line_regenerates_the_bom(self):
        techpack = self._new_techpack()
        fabric_line, buttons, _patches = self._add_garment_bom(techpack)
        buttons.with_user(self.designer).quantity = 7
        fabric_line.consumption_ids.filtered(lambda row: row.size_id.name == "M").with_user(
            self.designer
        ).quantity = 2.05
        production = self._manufacture(self._variant(self.rust, "M"))
        consumed = {move.product_id: move.product_uom_qty for move in production.move_raw_ids}
        self.assertEqual(consumed[self.button.product_variant_id], 7.0)
        self.assertEqual(consumed[self.fabric_by_color[self.rust]], 2.05)

    def test_generated_lines_are_edited_in_the_tech_pack_not_the_bom(self):
        techpack = self._new_techpack()
        self._add_garment_bom(techpack)
        line = techpack.bom_id.bom_line_ids[:1]
        with self.assertRaisesMessage(UserError, "comes from the tech pack's garment BoM"):
            line.with_user(self.mrp_manager).product_qty = 9

    def test_frozen_revision_bom_cannot_be_edited(self):
        techpack = self._new_techpack()
        fabric_line, buttons, _patches = self._add_garment_bom(techpack)
        self._add_measurements(techpack)
        techpack.with_user(self.manager).action_freeze()
        with self.assertRaisesMessage(UserError, "KT-001 V1 is frozen"):
            buttons.with_user(self.designer).quantity = 9
        with self.assertRaisesMessage(UserError, "is frozen"):
            fabric_line.consumption_ids[:1].with_user(self.designer).unlink()
        with self.assertRaisesMessage(UserError, "is frozen"):
            techpack.bom_id.bom_line_ids[:1].with_user(self.mrp_manager).unlink()
        with self.assertRaisesMessage(UserError, "is frozen"):
            techpack.bom_id.with_user(self.mrp_manager).product_qty = 2
        with self.assertRaisesMessage(UserError, "is frozen"):
            self.env["mrp.bom.line"].with_user(self.mrp_manager).create(
                {
                    "bom_id": techpack.bom_id.id,
                    "product_id": self.button.product_variant_id.id,
                    "product_qty": 1,
                }
            )
        with self.assertRaisesMessage(UserError, "is frozen"):
            self.env["kobo.garment.bom.line"].with_user(self.designer).create(
                {"techpack_id": techpack.id, "material_tmpl_id": self.button.id, "quantity": 1}
            )

    def test_new_revision_brings_its_own_bom_and_production_keeps_the_current_one(self):
        first = self._new_techpack()
        self._add_garment_bom(first)
        self._add_measurements(first)
        first.with_user(self.manager).action_freeze()
        second = first.with_user(self.designer)._copy_as_new_revision()
        self.assertEqual(second.name, "V2")
        self.assertNotEqual(second.bom_id, first.bom_id)
        self.assertEqual(len(second.bom_id.bom_line_ids), len(first.bom_id.bom_line_ids))
        second.garment_line_ids.filtered(lambda line: line.material_tmpl_id == self.button).with_user(
            self.designer
        ).quantity = 8
        production = self._manufacture(self._variant(self.chalk, "S"))
        self.assertEqual(
            production.bom_id, first.bom_id, "the production BoM switches only at production approval"
        )
        self.assertEqual(
            production.move_raw_ids.filtered(
                lambda move: move.product_id == self.button.product_variant_id
            ).product_uom_qty,
            5.0,
        )

    def test_zero_or_negative_consumption_is_refused_and_nothing_saved(self):
        techpack = self._new_techpack()
        GarmentLine = self.env["kobo.garment.bom.line"].with_user(self.designer)
        with self.assertRaisesMessage(
            ValidationError, "KT Button: the consumption must be more than 0 \\(it is 0\\)"
        ):
            GarmentLine.create(
                {"techpack_id": techpack.id, "material_tmpl_id": self.button.id, "quantity": 0}
            )
        with self.assertRaisesMessage(
            ValidationError, "KT Twill, size M: the consumption must be more than 0 \\(it is -1\\)"
        ):
            GarmentLine.create(
                {
                    "techpack_id": techpack.id,
                    "material_tmpl_id": self.fabric.id,
                    "consumption_mode": "per_size",
                    "consumption_ids": [Command.create({"size_id": self.sizes["M"].id, "quantity": -1})],
                    "colour_mode": "per_colorway",
                }
            )
        self.assertFalse(techpack.garment_line_ids)
        self.assertFalse(techpack.bom_id.bom_line_ids)

    def test_expired_certificate_is_flagged_on_bom_tech_pack_and_style(self):
        techpack = self._new_techpack()
        fabric_line, _buttons, _patches = self._add_garment_bom(techpack)
        self.assertFalse(techpack.has_expired_certificate)
        self.fabric.kobo_certification_ids = [
            Command.create({"standard": "gots", "certificate_number": "GOTS-1", "expiry_date": "2020-01-31"})
        ]
        self.env.invalidate_all()
        self.assertTrue(fabric_line.material_has_expired_certificate)
        self.assertTrue(techpack.has_expired_certificate)
        self.assertTrue(self.style.kobo_has_expired_material)
        expired = self.env["product.template"].search(
            [("kobo_has_expired_certificate", "=", True), ("id", "=", self.fabric.id)]
        )
        self.assertEqual(expired, self.fabric)
