from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import KoboPimCase


@tagged("post_install", "-at_install")
class TestProductPriceBounds(KoboPimCase):
    """An enriched product's sales price and any product's suggested prices are never negative
    nor above a billion, whoever writes them (form, RPC, import); Odoo's own products keep
    Odoo's rule (a discount line may cost less than 0)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.coat = cls.env["product.template"].create({"name": "Camel coat", "list_price": 300.0})
        cls.env["kobo.enrichment"]._kobo_ensure(cls.coat)

    def _refused(self, record, vals, message):
        with self.assertRaises(ValidationError) as caught:
            record.write(vals)
        self.assertEqual(caught.exception.args[0], message)

    def test_negative_and_absurd_prices_are_refused_naming_product_field_and_value(self):
        coat = self.coat.with_user(self.catalogue_user)
        self._refused(coat, {"list_price": -1.0}, "Camel coat: Sales Price cannot be negative (-1.00).")
        self._refused(
            coat,
            {"kobo_suggested_retail_price": -299.0},
            "Camel coat: Suggested Retail Price cannot be negative (-299.00).",
        )
        self._refused(
            coat,
            {"kobo_suggested_wholesale_price": 2e9},
            "Camel coat: Suggested Wholesale Price 2,000,000,000.00 is above 1,000,000,000, "
            "the largest price accepted.",
        )
        self.assertEqual(
            (
                self.coat.list_price,
                self.coat.kobo_suggested_retail_price,
                self.coat.kobo_suggested_wholesale_price,
            ),
            (300.0, 0.0, 0.0),
        )
        coat.write({"list_price": 290.0, "kobo_suggested_retail_price": 1e9})
        self.assertEqual(self.coat.kobo_suggested_retail_price, 1e9, "the bound itself is accepted")

    def test_import_refuses_the_row(self):
        result = (
            self.env["product.template"]
            .with_user(self.catalogue_user)
            .load([".id", "kobo_suggested_retail_price"], [[str(self.coat.id), "-5"]])
        )
        self.assertFalse(result["ids"])
        self.assertEqual(
            result["messages"][0]["message"], "Camel coat: Suggested Retail Price cannot be negative (-5.00)."
        )
        self.assertFalse(self.coat.kobo_suggested_retail_price)

    def test_a_product_enters_enrichment_only_with_a_price_that_can_be_meant(self):
        discount = self.env["product.template"].create({"name": "Loyalty discount", "list_price": -10.0})
        self.assertEqual(discount.list_price, -10.0, "Odoo's own products keep a negative price")
        with self.assertRaises(ValidationError) as caught:
            self.env["kobo.enrichment"].with_user(self.catalogue_manager).create(
                {"product_tmpl_id": discount.id}
            )
        self.assertEqual(
            caught.exception.args[0], "Loyalty discount: Sales Price cannot be negative (-10.00)."
        )
        self.assertFalse(discount.sudo().kobo_enrichment_ids)


@tagged("post_install", "-at_install")
class TestChannelPriceRuleBounds(KoboPimCase):
    """A rule of a channel's pricelist cannot give a price nobody can mean; the same rule on a
    pricelist no channel uses keeps Odoo's rules."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.price_manager = cls.env["res.users"].create(
            {
                "name": "Price manager",
                "login": "kobo_price_manager",
                "groups_id": [
                    Command.set(
                        [cls.env.ref("base.group_user").id, cls.env.ref("product.group_product_manager").id]
                    )
                ],
            }
        )
        cls.channel = cls.env["kobo.channel"].create(
            {"name": "Test bounds shop", "code": "t_bounds", "pricelist_id": cls.pricelist_eur.id}
        )
        cls.scarf = cls.env["product.template"].create({"name": "Silk scarf", "list_price": 20.0})
        cls.other_pricelist = cls.env["product.pricelist"].create({"name": "Test staff discounts"})

    def _refused(self, vals, message):
        Item = self.env["product.pricelist.item"].with_user(self.price_manager)
        before = self.pricelist_eur.item_ids
        with self.assertRaises(ValidationError) as caught:
            Item.create({"pricelist_id": self.pricelist_eur.id, "applied_on": "3_global", **vals})
        self.assertEqual(caught.exception.args[0], message)
        self.assertEqual(self.pricelist_eur.item_ids, before)
        # the same rule on a pricelist no channel uses is Odoo's business
        Item.create({"pricelist_id": self.other_pricelist.id, "applied_on": "3_global", **vals})

    def test_negative_fixed_price(self):
        self._refused(
            {"compute_price": "fixed", "fixed_price": -5.0},
            "Test bounds shop, pricelist Test web EUR (EUR), rule All Products: the fixed price cannot be "
            "negative (-5.00).",
        )

    def test_absurd_fixed_price(self):
        self._refused(
            {"compute_price": "fixed", "fixed_price": 5e9},
            "Test bounds shop, pricelist Test web EUR (EUR), rule All Products: the fixed price "
            "5,000,000,000.00 is above 1,000,000,000, the largest price accepted.",
        )

    def test_discount_over_100_percent(self):
        self._refused(
            {"compute_price": "percentage", "percent_price": 150.0},
            "Test bounds shop, pricelist Test web EUR (EUR), rule All Products: a discount of 150.00 % "
            "makes every price negative (100 % is the most).",
        )
        self._refused(
            {"compute_price": "formula", "base": "list_price", "price_discount": 120.0},
            "Test bounds shop, pricelist Test web EUR (EUR), rule All Products: a discount of 120.00 % "
            "makes every price negative (100 % is the most).",
        )

    def test_rule_giving_one_product_a_negative_price(self):
        vals = {
            "compute_price": "formula",
            "base": "list_price",
            "price_surcharge": -25.0,
            "applied_on": "1_product",
            "product_tmpl_id": self.scarf.id,
        }
        Item = self.env["product.pricelist.item"].with_user(self.price_manager)
        with self.assertRaises(ValidationError) as caught:
            Item.create({"pricelist_id": self.pricelist_eur.id, **vals})
        self.assertEqual(
            caught.exception.args[0],
            "Test bounds shop, pricelist Test web EUR (EUR), rule Silk scarf: the price it gives Silk scarf "
            "cannot be negative (-5.00).",
        )
        self.assertFalse(self.pricelist_eur.item_ids)
        rule = Item.create({"pricelist_id": self.pricelist_eur.id, **vals, "price_surcharge": -0.01})
        with self.assertRaises(ValidationError) as caught:
            rule.price_surcharge = -30.0
        self.assertIn("the price it gives Silk scarf cannot be negative (-10.00).", caught.exception.args[0])
        self.assertEqual(rule.price_surcharge, -0.01)

    def test_usual_rules_are_accepted(self):
        Item = self.env["product.pricelist.item"].with_user(self.price_manager)
        rules = Item.create(
            [
                {
                    "pricelist_id": self.pricelist_eur.id,
                    "compute_price": "percentage",
                    "percent_price": 100.0,
                },
                {
                    "pricelist_id": self.pricelist_eur.id,
                    "compute_price": "percentage",
                    "percent_price": -50.0,
                },
                {
                    "pricelist_id": self.pricelist_eur.id,
                    "compute_price": "formula",
                    "price_round": 1.0,
                    "price_surcharge": -0.01,
                },
            ]
        )
        self.assertEqual(len(rules), 3)

    def test_rule_moved_onto_a_channel_pricelist_is_checked(self):
        rule = self.env["product.pricelist.item"].create(
            {"pricelist_id": self.other_pricelist.id, "compute_price": "fixed", "fixed_price": -5.0}
        )
        with self.assertRaises(ValidationError) as caught:
            rule.with_user(self.price_manager).pricelist_id = self.pricelist_eur
        self.assertIn(
            "rule All Products: the fixed price cannot be negative (-5.00).", caught.exception.args[0]
        )
        self.assertEqual(rule.pricelist_id, self.other_pricelist)
