"""Trust: what the supplier portal's vendors may not read of a season."""

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import KoboPlmCase


@tagged("post_install", "-at_install")
class TestTrustSeason(KoboPlmCase):
    """A vendor reads the seasons of the styles addressed to it, never the size of the range."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["product.template"].create(
            [
                {"name": f"KT Range {n}", "kobo_is_style": True, "kobo_season_id": cls.season.id}
                for n in range(3)
            ]
        )
        vendor = cls.env["res.partner"].create({"name": "KT Mill", "is_company": True, "supplier_rank": 1})
        cls.supplier = new_test_user(
            cls.env,
            "kt_season_supplier",
            groups="kobo_plm.group_kobo_plm_supplier",
            partner_id=cls.env["res.partner"].create({"name": "KT Mill QC", "parent_id": vendor.id}).id,
        )

    def test_vendor_cannot_read_the_size_of_the_range(self):
        season = self.season.with_user(self.supplier)
        self.assertEqual(season.read(["code"])[0]["code"], "TS27", "the season itself stays readable")
        for field_name in ("style_count", "style_ids"):
            with self.assertRaises(AccessError, msg=field_name):
                season.read([field_name])
            with self.assertRaises(AccessError, msg=field_name):
                season.search_read([("id", "=", self.season.id)], [field_name])
            with self.assertRaises(AccessError, msg=field_name):
                season.web_read({field_name: {}})
        self.assertNotIn("style_count", season.fields_get())

    def test_internal_users_read_it(self):
        self.assertEqual(self.season.with_user(self.designer).read(["style_count"])[0]["style_count"], 3)
