from unittest.mock import patch

from odoo import Command, api, fields
from odoo.addons.kobo_base.models.kobo_workflow_mixin import privileged
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .test_costing import KoboCostingCase


@tagged("post_install", "-at_install")
class TestProductionGate(KoboCostingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.kobo_required_sample_round_ids = cls.env.ref("kobo_plm.sample_round_pre_production")
        privileged(cls.style).kobo_stage = "costing"

    def _approved_sample(self, techpack=None, round_type="pre_production", unmeasured=()):
        """An approved sample measured on spec, except at the points of `unmeasured` (POMs)."""
        sample = privileged(self.env["kobo.sample"]).create(
            {
                "techpack_id": (techpack or self.techpack).id,
                "round_type": round_type,
                "vendor_id": self.factory.id,
                "size_id": self.sizes["M"].id,
                "state": "approved",
            }
        )
        for line in sample.measurement_ids.filtered(lambda line: line.pom_id not in unmeasured):
            privileged(line).supplier_value = line.spec_value
        return sample.with_env(self.env)

    def _approved_sheet(self):
        sheet = self._sheet()
        sheet.action_submit()
        sheet.with_user(self.manager).action_approve()
        return sheet

    def _problems_of_refused_approval(self, styles=None):
        styles = styles or self.style
        with self.assertRaises(UserError) as caught:
            styles.with_user(self.manager).action_kobo_approve_production()
        return str(caught.exception)

    def test_what_is_missing_is_listed_and_nothing_changes(self):
        draft = self.techpack.action_new_revision()
        self.assertTrue(draft)
        message = self._problems_of_refused_approval()
        self.assertIn("Not approved for production; nothing was changed:", message)
        self.assertIn("KT-001 V2 is still a draft: freeze it or delete it first", message)
        self.assertIn("no approved pre-production sample of KT-001 V1", message)
        self.assertIn("no approved cost sheet", message)
        self.assertEqual(self.style.kobo_stage, "costing")
        self.assertFalse(self.style.kobo_production_approved_date)

    def test_success_switches_the_production_bom_and_raises_the_event(self):
        self._approved_sample()
        self._approved_sheet()
        second = self.env["kobo.techpack"].browse(self.techpack.action_new_revision()["res_id"])
        second.with_user(self.manager).action_freeze()
        self._approved_sample(second)
        variant = self.style.product_variant_ids[0]
        self.assertEqual(
            self.env["mrp.bom"]._bom_find(variant)[variant], self.techpack.bom_id, "V1 until approval"
        )
        template_class = type(self.env["product.template"])
        with patch.object(
            template_class, "_kobo_on_production_approved", autospec=True, return_value=True
        ) as event:
            self.style.with_user(self.manager).action_kobo_approve_production()
        event.assert_called_once()
        self.assertEqual(event.call_args.args[0], self.style)
        self.assertEqual(self.style.kobo_stage, "production_approved")
        self.assertEqual(self.style.kobo_production_techpack_id, second)
        self.assertEqual(self.style.kobo_production_approved_by_id, self.manager)
        self.assertEqual(self.env["mrp.bom"]._bom_find(variant)[variant], second.bom_id, "V2 after approval")
        self.assertEqual(self.techpack.bom_id.sequence, 101)
        self.assertEqual(second.bom_id.sequence, 1)
        note = self.style.message_ids[:1]
        self.assertIn("Approved for production on KT-001 V2", note.body)
        # An MO for a variant now consumes V2's BoM.
        production = Form(self.env["mrp.production"])
        production.product_id = variant
        self.assertEqual(production.bom_id, second.bom_id)

    def test_only_plm_managers_approve(self):
        self._approved_sample()
        self._approved_sheet()
        with self.assertRaisesMessage(UserError, "Only PLM managers approve styles for production"):
            self.style.with_user(self.designer).action_kobo_approve_production()
        self.assertEqual(self.style.kobo_stage, "costing")

    def test_required_rounds_are_configurable_in_settings(self):
        self._approved_sample()
        self._approved_sheet()
        # Settings are the administrator's screen in Odoo.
        administrator = self._create_user(
            "kobo_admin", ["base.group_system", "kobo_plm.group_kobo_plm_manager"]
        )
        fit = self.env.ref("kobo_plm.sample_round_fit")
        pre_production = self.env.ref("kobo_plm.sample_round_pre_production")
        settings = Form(self.env["res.config.settings"].with_user(administrator))
        self.assertEqual(len(settings.kobo_required_sample_round_ids), 1)
        self.assertIn(pre_production, settings.kobo_required_sample_round_ids)
        settings.kobo_required_sample_round_ids.add(fit)
        settings.save().execute()
        self.assertEqual(self.company.kobo_required_sample_round_ids, fit | pre_production)
        self.assertEqual(self.company._kobo_required_round_types(), ["fit", "pre_production"])
        message = self._problems_of_refused_approval()
        self.assertIn("no approved fit sample of KT-001 V1", message)
        self.assertNotIn("pre-production", message)
        self._approved_sample(round_type="fit")
        self.style.with_user(self.manager).action_kobo_approve_production()
        self.assertEqual(self.style.kobo_stage, "production_approved")

    def test_points_nobody_measured_on_an_approved_sample_block_approval(self):
        sample = self._approved_sample(unmeasured=self.poms[1:])
        self._approved_sheet()
        message = self._problems_of_refused_approval()
        self.assertIn(
            f"• [KT-001] KT Chore Jacket: {sample.display_name}: points not measured: "
            "KT-A01 Body length, KT-D01 Sleeve length.",
            message,
        )
        self.assertNotIn("KT-B01", message)
        self.assertEqual(self.style.kobo_stage, "costing")

    def test_a_per_size_line_without_sizes_blocks_approval(self):
        # Frozen before freezing checked it (or imported): the gate names the line too.
        self._approved_sample()
        self._approved_sheet()
        patch_line = self.techpack.garment_line_ids.filtered(lambda line: line.material_tmpl_id == self.patch)
        privileged(patch_line.consumption_ids).unlink()
        message = self._problems_of_refused_approval()
        self.assertIn(
            "Trim line KT Elbow Patch is consumed per size but lists no size: "
            "no manufacturing order would get it.",
            message,
        )
        self.assertEqual(self.style.kobo_stage, "costing")

    def test_expired_certificate_and_a_colorway_without_fabric_block_approval(self):
        self._approved_sample()
        self._approved_sheet()
        self.env["kobo.material.certification"].create(
            {
                "product_tmpl_id": self.button.id,
                "standard": "gots",
                "certificate_number": "KT-GOTS-1",
                "expiry_date": fields.Date.subtract(fields.Date.today(), days=1),
            }
        )
        olive = self.env["kobo.color"].create(
            {
                "name": "KT Olive",
                "standard": "custom",
                "code": "KT-OLIVE",
                "hex_value": "#556B2F",
                "family": "green",
            }
        )
        self.style.kobo_colorway_ids = [Command.link(olive.id)]
        message = self._problems_of_refused_approval()
        self.assertIn("a material of the BoM has an expired certificate", message)
        self.assertRegex(message, r"the BoM gives .*KT Olive.* no KT Twill")
        self.assertNotIn("KT Ink", message, "the colorways with their fabric are fine")
        self.assertEqual(self.style.kobo_stage, "costing")


@tagged("post_install", "-at_install")
class TestProductionGateQueries(KoboCostingCase):
    """Approving a season's styles at once: the query count does not grow with the styles."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.kobo_required_sample_round_ids = cls.env.ref("kobo_plm.sample_round_pre_production")
        cls.small_range = cls.env["kobo.size.range"].create(
            {
                "name": "KT two sizes",
                "size_ids": [
                    Command.create({"name": name, "sequence": seq}) for seq, name in enumerate(["S", "L"], 1)
                ],
            }
        )

    def _ready_styles(self, count, prefix):
        Template = self.env["product.template"]
        styles = Template.create(
            [
                {
                    "name": f"{prefix} style {index}",
                    "kobo_style_number": f"{prefix}-{index:03d}",
                    "kobo_is_style": True,
                    "kobo_size_range_id": self.small_range.id,
                    "kobo_stage": "costing",
                }
                for index in range(count)
            ]
        )
        techpacks = self.env["kobo.techpack"].create([{"style_id": style.id} for style in styles])
        self.env["kobo.garment.bom.line"].create(
            [
                {
                    "techpack_id": techpack.id,
                    "material_tmpl_id": self.button.id,
                    "consumption_mode": "uniform",
                    "quantity": 4,
                    "colour_mode": "same",
                }
                for techpack in techpacks
            ]
        )
        privileged(techpacks).write({"state": "frozen"})
        size = self.small_range.size_ids[:1]
        privileged(self.env["kobo.sample"]).create(
            [
                {
                    "techpack_id": techpack.id,
                    "round_type": "pre_production",
                    "vendor_id": self.factory.id,
                    "size_id": size.id,
                    "state": "approved",
                }
                for techpack in techpacks
            ]
        )
        sheets = self.env["kobo.cost.sheet"].create(
            [
                {
                    "style_id": style.id,
                    "vendor_id": self.factory.id,
                    "line_ids": [
                        Command.create({"line_type": "operation", "name": "CMT", "unit_price": 5.0})
                    ],
                }
                for style in styles
            ]
        )
        sheets.action_submit()
        sheets.with_user(self.manager).action_approve()
        return styles

    def test_approving_200_styles_costs_what_10_cost(self):
        few = self._ready_styles(10, "KQA")
        many = self._ready_styles(200, "KQB")
        ten = self._queries(lambda: few.with_user(self.manager).action_kobo_approve_production())
        self.env.invalidate_all()
        with self.assertQueryCount(ten):
            many.with_user(self.manager).action_kobo_approve_production()
            self.env.flush_all()
        self.assertEqual(set(many.mapped("kobo_stage")), {"production_approved"})
        self.assertEqual(many.kobo_production_techpack_id, many.kobo_current_techpack_id)


class TestConcurrentApprovals(KoboCostingCase):
    """Two managers click Approve on the same record at the same moment (two transactions)."""

    def _two_transactions(self):
        admin = self.env.ref("base.user_admin")
        first, second = self.registry.cursor(), self.registry.cursor()
        self.addCleanup(second.close)
        self.addCleanup(first.close)
        self.addCleanup(second.rollback)
        self.addCleanup(first.rollback)
        return api.Environment(first, admin.id, {}), api.Environment(second, admin.id, {})

    def test_two_approvals_of_one_style_one_wins(self):
        style = self.env.ref("kobo_plm.style_wool_coat", raise_if_not_found=False)
        if not style:
            self.skipTest("needs the demo brand (loaded in every `make test` database)")
        env1, env2 = self._two_transactions()
        self.assertTrue(env1["product.template"].browse(style.id).action_kobo_approve_production())
        with self.assertRaisesMessage(UserError, "is being approved by someone else right now"):
            env2["product.template"].browse(style.id).action_kobo_approve_production()

    def test_two_approvals_of_one_cost_sheet_one_wins_without_duplicate_prices(self):
        sheet = self.env["kobo.cost.sheet"].search([("state", "=", "submitted")], limit=1)
        if not sheet:
            self.skipTest("needs the demo brand (loaded in every `make test` database)")
        env1, env2 = self._two_transactions()
        env1["kobo.cost.sheet"].browse(sheet.id).action_approve()
        with self.assertRaisesMessage(UserError, "is being approved by someone else right now"):
            env2["kobo.cost.sheet"].browse(sheet.id).action_approve()
        sellers = env1["product.supplierinfo"].search(
            [("product_tmpl_id", "=", sheet.style_id.id), ("partner_id", "=", sheet.vendor_id.id)]
        )
        self.assertEqual(len(sellers), 1)
