from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestPlmUi(HttpCase):
    def test_designer_opens_every_development_menu(self):
        designer = new_test_user(
            self.env, "kobo_tour_designer", groups="base.group_user,kobo_plm.group_kobo_plm_user"
        )
        season = self.env["kobo.season"].create({"name": "Tour season", "code": "TR27"})
        self.env["product.template"].create(
            {
                "name": "Tour Style",
                "default_code": "KT-TOUR-001",
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
        self.env["kobo.size.range"].create({"name": "Tour alpha XS–XL", "size_ids": [(0, 0, {"name": "XS"})]})
        self.start_tour("/odoo", "kobo_plm_menus", login=designer.login)
