import ast

from odoo import Command
from odoo.addons.kobo_base.models.kobo_workflow_mixin import privileged
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from .common import KoboPlmCase


@tagged("post_install", "-at_install")
class TestStyleLifecycle(KoboPlmCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.style = cls.env["product.template"].create(
            {
                "name": "KT Overshirt",
                "kobo_style_number": "KT-LC-001",
                "kobo_is_style": True,
                "kobo_season_id": cls.season.id,
            }
        )

    def test_designer_creates_a_style_from_the_styles_menu(self):
        action = self.env.ref("kobo_plm.action_kobo_style")
        context = ast.literal_eval(action.context)
        with Form(self.env["product.template"].with_user(self.designer).with_context(**context)) as form:
            form.name = "KT Field Jacket"
            form.kobo_style_number = "KT-LC-002"
            form.kobo_season_id = self.season
        style = form.record
        self.assertTrue(style.kobo_is_style)
        self.assertEqual(style.kobo_stage, "concept")
        self.assertTrue(style.is_storable)

    def test_designer_steps_forward_one_stage_at_a_time(self):
        style = self.style.with_user(self.designer)
        for expected in ("development", "sampling", "costing"):
            style.action_kobo_next_stage()
            self.assertEqual(style.kobo_stage, expected)
        with self.assertRaisesMessage(UserError, "needs a PLM manager"):
            style.write({"kobo_stage": "production_approved"})

    def test_moving_back_or_skipping_needs_a_manager_and_a_reason(self):
        privileged(self.style).kobo_stage = "sampling"
        with self.assertRaisesMessage(
            UserError, r"Moving \[KT-LC-001\] KT Overshirt from Sampling to Development needs a PLM manager"
        ):
            self.style.with_user(self.designer).write({"kobo_stage": "development"})
        with self.assertRaisesMessage(UserError, "needs a reason: use Change Stage"):
            self.style.with_user(self.manager).write({"kobo_stage": "development"})
        with self.assertRaisesMessage(UserError, "needs a PLM manager"):
            self.style.with_user(self.designer).write({"kobo_stage": "released"})
        wizard = (
            self.env["kobo.style.stage.wizard"]
            .with_user(self.manager)
            .create(
                {
                    "style_ids": [Command.set(self.style.ids)],
                    "new_stage": "development",
                    "reason": "Fit sample failed: new block",
                }
            )
        )
        self.assertEqual(wizard.current_stages, "Sampling")
        wizard.action_apply()
        self.assertEqual(self.style.kobo_stage, "development")
        messages = self.style.message_ids.mapped("body")
        self.assertTrue(any("Fit sample failed: new block" in body for body in messages), messages)

    def test_a_stage_change_refused_for_one_style_changes_none(self):
        other = self.env["product.template"].create(
            {"name": "KT Other", "kobo_style_number": "KT-LC-003", "kobo_is_style": True}
        )
        privileged(other).kobo_stage = "sampling"
        styles = (self.style | other).with_user(self.designer)
        with self.assertRaises(UserError):
            styles.write({"kobo_stage": "development"})
        self.assertEqual(styles.mapped("kobo_stage"), ["concept", "sampling"])

    def test_dropping_archives_and_reviving_restores(self):
        self.env["kobo.style.stage.wizard"].with_user(self.manager).create(
            {
                "style_ids": [Command.set(self.style.ids)],
                "new_stage": "dropped",
                "reason": "Cut from the range",
            }
        ).action_apply()
        self.assertFalse(self.style.active)
        self.assertFalse(self.style.product_variant_ids.filtered("active"))
        dropped = (
            self.env["product.template"]
            .with_context(active_test=False)
            .search([("kobo_stage", "=", "dropped"), ("id", "=", self.style.id)])
        )
        self.assertEqual(dropped, self.style)
        # A reason sent as a context key (any RPC client can) is no reason: Change Stage is.
        with self.assertRaisesMessage(UserError, "needs a reason: use Change Stage"):
            self.style.with_user(self.manager).with_context(kobo_stage_reason="Back by demand").write(
                {"kobo_stage": "concept"}
            )
        self.assertEqual(self.style.kobo_stage, "dropped")
        self.env["kobo.style.stage.wizard"].with_user(self.manager).create(
            {"style_ids": [Command.set(self.style.ids)], "new_stage": "concept", "reason": "Back by demand"}
        ).action_apply()
        self.assertTrue(self.style.active)

    def test_style_number_is_unique_per_company(self):
        with self.assertRaisesMessage(
            ValidationError, "Style number KT-LC-001 is already used by KT Overshirt"
        ):
            self.env["product.template"].with_user(self.designer).create(
                {"name": "Copycat", "kobo_style_number": "kt-lc-001 ", "kobo_is_style": True}
            )
        # An ordinary product may share a reference, as in Odoo.
        product = self.env["product.template"].create({"name": "Spare", "default_code": "KT-LC-001"})
        self.assertEqual(product.default_code, "KT-LC-001")
        other_company = self.env["res.company"].create({"name": "KT Other Brand"})
        twin = self.env["product.template"].create(
            {
                "name": "Twin",
                "kobo_style_number": "KT-LC-001",
                "kobo_is_style": True,
                "company_id": other_company.id,
            }
        )
        self.assertEqual(twin.company_id, other_company)

    def test_only_managers_delete_styles(self):
        with self.assertRaises(AccessError):
            self.style.with_user(self.designer).unlink()
        product_manager = new_test_user(
            self.env, "kobo_product_manager", groups="base.group_user,product.group_product_manager"
        )
        with self.assertRaisesMessage(UserError, "Only PLM managers delete styles"):
            self.style.with_user(product_manager).unlink()
        self.style.with_user(self.manager).unlink()
        self.assertFalse(self.style.exists())

    def test_kanban_shows_every_stage_column(self):
        groups = (
            self.env["product.template"]
            .with_user(self.designer)
            .read_group(
                [("kobo_is_style", "=", True), ("id", "=", self.style.id)], ["kobo_stage"], ["kobo_stage"]
            )
        )
        self.assertEqual(
            [group["kobo_stage"] for group in groups],
            ["concept", "development", "sampling", "costing", "production_approved", "released", "dropped"],
        )

    def test_search_and_group_by_vendor(self):
        vendor = self.env["res.partner"].create({"name": "KT Mill", "supplier_rank": 1})
        self.style.seller_ids = [Command.create({"partner_id": vendor.id, "price": 10})]
        self.assertEqual(self.style.kobo_main_vendor_id, vendor)
        found = self.env["product.template"].search([("kobo_main_vendor_id", "=", vendor.id)])
        self.assertEqual(found, self.style)

    def test_listing_styles_with_current_revision_is_one_query_per_page(self):
        styles = self.env["product.template"].create(
            [
                {"name": f"KT List {n}", "kobo_style_number": f"KT-LIST-{n:03d}", "kobo_is_style": True}
                for n in range(40)
            ]
        )
        fields_spec = {
            "kobo_style_number": {},
            "name": {},
            "kobo_season_id": {"fields": {"display_name": {}}},
            "kobo_stage": {},
            "kobo_current_techpack_id": {"fields": {"display_name": {}}},
            "kobo_current_techpack_state": {},
            "kobo_main_vendor_id": {"fields": {"display_name": {}}},
        }
        domain = [("id", "in", styles.ids)]
        Template = self.env["product.template"].with_user(self.designer)
        Template.web_search_read(domain, fields_spec, limit=10)
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        Template.web_search_read(domain, fields_spec, limit=10)
        ten = self.cr.sql_log_count - before
        self.env.invalidate_all()
        with self.assertQueryCount(ten):
            page = Template.web_search_read(domain, fields_spec, limit=40)
        self.assertEqual(page["length"], 40)
