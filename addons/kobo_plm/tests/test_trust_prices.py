"""Trust: a style's prices nobody can mean are refused, for every caller."""

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import KoboPlmCase


@tagged("post_install", "-at_install")
class TestTrustStylePrices(KoboPlmCase):
    """A style's sales price and target retail price are never negative nor above a billion;
    a product that is not a style keeps Odoo's rule (a discount line may cost less than 0)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.style = cls.env["product.template"].create(
            {"name": "KT Priced Coat", "kobo_is_style": True, "list_price": 120.0}
        )

    def test_negative_and_absurd_prices_are_refused_naming_style_field_and_value(self):
        style = self.style.with_user(self.designer)
        for vals, message in (
            ({"list_price": -5.0}, "KT Priced Coat: Sales Price cannot be negative (-5.00)."),
            (
                {"kobo_target_retail_price": -1.0},
                "KT Priced Coat: Target Retail Price cannot be negative (-1.00).",
            ),
            (
                {"list_price": 1e12},
                "KT Priced Coat: Sales Price 1,000,000,000,000.00 is above 1,000,000,000, "
                "the largest price accepted.",
            ),
        ):
            with self.assertRaises(ValidationError) as caught:
                style.write(vals)
            self.assertEqual(caught.exception.args[0], message)
        self.assertEqual(self.style.list_price, 120.0)
        self.assertFalse(self.style.kobo_target_retail_price)

    def test_a_style_is_not_created_or_imported_with_a_negative_price(self):
        Template = self.env["product.template"].with_user(self.manager)
        with self.assertRaisesMessage(ValidationError, r"^KT Bad Price: Sales Price cannot be negative"):
            Template.create({"name": "KT Bad Price", "kobo_is_style": True, "list_price": -10.0})
        result = Template.load(["name", "kobo_is_style", "list_price"], [["KT Imported", "1", "-3"]])
        self.assertFalse(result["ids"])
        self.assertIn("KT Imported: Sales Price cannot be negative", result["messages"][0]["message"])
        self.assertFalse(
            self.env["product.template"].search([("name", "in", ("KT Bad Price", "KT Imported"))])
        )

    def test_a_product_that_is_no_style_keeps_odoos_rule(self):
        discount = self.env["product.template"].create({"name": "KT Discount", "list_price": -10.0})
        self.assertEqual(discount.list_price, -10.0)
        with self.assertRaisesMessage(ValidationError, "KT Discount: Sales Price cannot be negative"):
            discount.with_user(self.manager).kobo_is_style = True
        self.assertFalse(discount.kobo_is_style)
