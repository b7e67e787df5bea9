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
