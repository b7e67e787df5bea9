from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestPimUi(HttpCase):
    def test_catalogue_manager_opens_every_catalogue_menu(self):
        manager = new_test_user(
            self.env, "kobo_tour_catalogue", groups="base.group_user,kobo_pim.group_kobo_pim_manager"
        )
        pricelist = self.env["product.pricelist"].create({"name": "Tour pricelist"})
        self.env["kobo.channel"].create(
            {"name": "Tour Channel", "code": "tour_channel", "pricelist_id": pricelist.id}
        )
        self.start_tour("/odoo", "kobo_pim_menus", login=manager.login)

    def test_manager_follows_the_demo_catalogue_from_board_to_dashboard(self):
        """Enrichment board → a product in review → its Content page → approval → completeness
        by channel, on the demo catalogue (every `make test` database has it)."""
        linen = self.env.ref("kobo_pim.demo_product_linen_popover")
        self.assertEqual(linen.kobo_enrichment_ids.state, "in_review")
        self.start_tour("/odoo", "kobo_pim_enrichment", login="admin")
        self.env.invalidate_all()
        self.assertEqual(linen.kobo_enrichment_ids.state, "approved")
        self.assertEqual(linen.kobo_enrichment_ids.approved_by_id, self.env.ref("base.user_admin"))
