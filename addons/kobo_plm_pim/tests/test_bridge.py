from freezegun import freeze_time

from odoo import Command
from odoo.addons.kobo_base.models.kobo_workflow_mixin import privileged
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestBridge(TransactionCase):
    def test_catalogue_list_shows_the_season_of_a_style(self):
        season = self.env["kobo.season"].create({"name": "Bridge season", "code": "BR27"})
        style = self.env["product.template"].create(
            {"name": "Bridge Style", "kobo_is_style": True, "kobo_season_id": season.id}
        )
        arch = self.env["product.template"].get_view(self.env.ref("product.product_template_tree_view").id)[
            "arch"
        ]
        self.assertIn('name="kobo_season_id"', arch)
        self.assertFalse(style.kobo_handoff_date, "a style in development has not been handed off")

    def test_production_approval_hands_the_style_off_to_enrichment(self):
        """The automation rule hands the approved style off right after the approval commits."""
        env = self.env(context=dict(self.env.context, tracking_disable=True))
        env.company.kobo_required_sample_round_ids = env.ref("kobo_plm.sample_round_pre_production")
        sizes = env["kobo.size.range"].create(
            {"name": "Bridge one size", "size_ids": [Command.create({"name": "BOS", "sequence": 1})]}
        )
        style = env["product.template"].create(
            {
                "name": "Bridge Approved Style",
                "kobo_style_number": "BR-APPROVE",
                "kobo_is_style": True,
                "kobo_size_range_id": sizes.id,
                "kobo_stage": "costing",
            }
        )
        label = env["product.template"].create({"name": "Bridge label", "kobo_material_type": "label"})
        techpack = env["kobo.techpack"].create({"style_id": style.id})
        env["kobo.garment.bom.line"].create(
            {"techpack_id": techpack.id, "material_tmpl_id": label.id, "quantity": 1, "placement": "label"}
        )
        # Set-up, not what is tested: written as Freeze and Approve write them.
        privileged(techpack).state = "frozen"
        vendor = env["res.partner"].create({"name": "Bridge Factory", "is_company": True, "supplier_rank": 1})
        privileged(env["kobo.sample"]).create(
            {
                "techpack_id": techpack.id,
                "vendor_id": vendor.id,
                "round_type": "pre_production",
                "size_id": sizes.size_ids.id,
                "state": "approved",
            }
        )
        sheet = env["kobo.cost.sheet"].create(
            {
                "style_id": style.id,
                "vendor_id": vendor.id,
                "line_ids": [Command.create({"line_type": "operation", "name": "CMT", "unit_price": 8.0})],
            }
        )
        sheet.action_submit()
        sheet.action_approve()
        with freeze_time("2027-01-15 09:30:00"):
            style.action_kobo_approve_production()
            env.cr.flush()  # what the commit does: mark the style for the hand-off and trigger its cron
            env["product.template"]._kobo_run_pending_handoffs()
        self.assertEqual(style.kobo_stage, "production_approved")
        self.assertEqual(str(style.kobo_handoff_date), "2027-01-15 09:30:00")
