from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import KoboPlmCase


@tagged("post_install", "-at_install")
class TestDuplicate(KoboPlmCase):
    """*Duplicate* on a product works for every user who may create products: what only
    product development may see (a style's designer and developer) is copied for them, left out
    of the copy for the others (who could not set it either), never a reason to refuse."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.buyer = new_test_user(
            cls.env, "kobo_dup_buyer", groups="base.group_user,purchase.group_purchase_manager"
        )
        cls.style = cls.env["product.template"].create(
            {
                "name": "Boxy Tee",
                "kobo_is_style": True,
                "kobo_season_id": cls.season.id,
                "kobo_designer_id": cls.designer.id,
                "list_price": 30,
            }
        )

    def test_a_user_outside_development_duplicates_a_style(self):
        copy = self.style.with_user(self.buyer).copy()
        self.assertEqual(copy.name, "Boxy Tee (copy)")
        self.assertEqual(copy.list_price, 30)
        self.assertFalse(copy.sudo().kobo_designer_id, "a field the user may not read is not copied")
        self.assertEqual(self.style.kobo_designer_id, self.designer)

    def test_development_duplicates_a_style_with_its_designer(self):
        copy = self.style.with_user(self.designer).copy()
        self.assertEqual(copy.kobo_designer_id, self.designer)
        self.assertEqual(copy.kobo_season_id, self.season)

    def test_a_hidden_field_named_in_default_is_judged_as_any_value(self):
        with self.assertRaisesMessage(AccessError, "only .* may set Designer"):
            self.style.with_user(self.buyer).copy({"kobo_designer_id": self.designer.id})
