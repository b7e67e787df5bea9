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
