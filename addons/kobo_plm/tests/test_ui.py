from odoo import Command
from odoo.addons.kobo_base.models.kobo_workflow_mixin import privileged
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestPlmUi(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.designer = new_test_user(
            cls.env, "kobo_tour_designer", groups="base.group_user,kobo_plm.group_kobo_plm_user"
        )

    def test_designer_opens_every_development_menu(self):
        season = self.env["kobo.season"].create({"name": "Tour season", "code": "TR27"})
        self.env["product.template"].create(
            {
                "name": "Tour Style",
                "kobo_style_number": "KT-TOUR-001",
                "kobo_is_style": True,
                "kobo_season_id": season.id,
            }
        )
        self.env["kobo.color"].search([("code", "=", "19-4052 TCX")]) or self.env["kobo.color"].create(
            {
                "name": "Classic Blue",
                "standard": "pantone_tcx",
                "code": "19-4052 TCX",
                "hex_value": "#0F4C81",
                "family": "blue",
            }
        )
        self.env["kobo.size.range"].create(
            {"name": "Tour alpha XS–XL", "size_ids": [Command.create({"name": "XS"})]}
        )
        self.env["product.template"].create(
            {
                "name": "KT Tour Twill",
                "kobo_material_type": "fabric",
                "kobo_composition_ids": [Command.create({"fibre": "cotton", "percentage": 100})],
            }
        )
        self.env["kobo.pom"].create({"code": "KT-TOUR-POM", "name": "Tour chest"})
        self.start_tour("/odoo", "kobo_plm_menus", login=self.designer.login)

    def test_designer_moves_a_style_on_and_reads_its_tech_pack(self):
        size_range = self.env["kobo.size.range"].create(
            {
                "name": "Tour S–M",
                "size_ids": [
                    Command.create({"name": "TS", "sequence": 1}),
                    Command.create({"name": "TM", "sequence": 2}),
                ],
            }
        )
        size_range.base_size_id = size_range.size_ids[1]
        style = self.env["product.template"].create(
            {
                "name": "Tour Techpack Style",
                "kobo_style_number": "KT-TOUR-TP",
                "kobo_is_style": True,
                "kobo_size_range_id": size_range.id,
            }
        )
        techpack = self.env["kobo.techpack"].create({"style_id": style.id})
        pom = self.env["kobo.pom"].create({"code": "KT-TB01", "name": "Tour chest width"})
        self.env["kobo.techpack.measurement"].create(
            {"techpack_id": techpack.id, "pom_id": pom.id, "base_value": 50, "grade_increment": 2}
        )
        button = self.env["product.template"].create({"name": "KT Tour Button", "kobo_material_type": "trim"})
        self.env["kobo.garment.bom.line"].create(
            {"techpack_id": techpack.id, "placement": "trim", "material_tmpl_id": button.id, "quantity": 4}
        )
        self.start_tour("/odoo", "kobo_plm_techpack", login=self.designer.login)
        self.assertEqual(style.kobo_stage, "development")

    def test_merchandiser_approves_a_quote_then_meets_the_gate(self):
        merchandiser = new_test_user(
            self.env, "kobo_tour_merchandiser", groups="base.group_user,kobo_plm.group_kobo_plm_manager"
        )
        size_range = self.env["kobo.size.range"].create(
            {"name": "Tour one size", "size_ids": [Command.create({"name": "OS", "sequence": 1})]}
        )
        style = self.env["product.template"].create(
            {
                "name": "Tour Costed Style",
                "kobo_style_number": "KT-TOUR-CS",
                "kobo_is_style": True,
                "kobo_size_range_id": size_range.id,
                "kobo_stage": "costing",
            }
        )
        techpack = self.env["kobo.techpack"].create({"style_id": style.id})
        button = self.env["product.template"].create({"name": "KT Tour Button", "kobo_material_type": "trim"})
        self.env["kobo.garment.bom.line"].create(
            {"techpack_id": techpack.id, "placement": "trim", "material_tmpl_id": button.id, "quantity": 4}
        )
        privileged(techpack).state = "frozen"  # set-up: as Freeze writes it
        vendor = self.env["res.partner"].create(
            {"name": "KT Tour Factory", "is_company": True, "supplier_rank": 1}
        )
        sheet = self.env["kobo.cost.sheet"].create(
            {
                "style_id": style.id,
                "vendor_id": vendor.id,
                "currency_id": self.env.company.currency_id.id,
                "line_ids": [Command.create({"line_type": "operation", "name": "CMT", "unit_price": 6.0})],
            }
        )
        sheet.action_submit()
        # The gate's refusal is a UserError: Odoo logs it at WARNING on its way to the dialog.
        with mute_logger("odoo.http"):
            self.start_tour("/odoo", "kobo_plm_costing", login=merchandiser.login)
        self.assertEqual(sheet.state, "approved")
        self.assertEqual(style.seller_ids.partner_id, vendor)
        self.assertEqual(style.kobo_stage, "costing", "the gate refused: no pre-production sample")

    def test_developer_orders_a_sample_and_plans_the_style(self):
        developer = new_test_user(
            self.env, "kobo_tour_developer", groups="base.group_user,kobo_plm.group_kobo_plm_user"
        )
        size_range = self.env["kobo.size.range"].create(
            {"name": "Tour dev sizes", "size_ids": [Command.create({"name": "DM", "sequence": 1})]}
        )
        colour = self.env["kobo.color"].create(
            {
                "name": "Tour Sand",
                "standard": "custom",
                "code": "KT-TOUR-SAND",
                "hex_value": "#C2B280",
                "family": "neutral",
            }
        )
        style = self.env["product.template"].create(
            {
                "name": "Tour Developer Style",
                "kobo_style_number": "KT-TOUR-DV",
                "kobo_is_style": True,
                "kobo_size_range_id": size_range.id,
                "kobo_colorway_ids": [Command.set(colour.ids)],
            }
        )
        techpack = self.env["kobo.techpack"].create({"style_id": style.id})
        vendor = self.env["res.partner"].create(
            {"name": "KT Tour Sampler", "is_company": True, "supplier_rank": 1}
        )
        sample = self.env["kobo.sample"].create(
            {
                "techpack_id": techpack.id,
                "vendor_id": vendor.id,
                "round_type": "fit",
                "colorway_value_id": style.attribute_line_ids.value_ids.filtered("kobo_color_id").id,
                "size_id": size_range.size_ids.id,
            }
        )
        self.start_tour("/odoo", "kobo_plm_developer", login=developer.login)
        line = sample.purchase_line_id
        self.assertEqual(line.order_id.partner_id, vendor)
        self.assertEqual(line.order_id.state, "draft")
        self.assertEqual(line.product_id.product_tmpl_id, style)
        self.assertEqual(line.order_id.user_id, developer)
        self.assertEqual(str(style.kobo_delivery_date), "2027-09-01")
        self.assertEqual(len(style.kobo_milestone_ids), 8)
        self.assertEqual(style.kobo_milestone_ids.user_id, developer)
