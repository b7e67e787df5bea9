from odoo import Command
from odoo.tests import tagged

from .test_completeness import EngineSpy
from .test_completeness_common import CompletenessCase

NO_PRICE = "no price on pricelist Test shop EUR"
CHANNEL_CODES = ("test_feed", "test_shop")


@tagged("post_install", "-at_install")
class TestCompletenessReach(CompletenessCase):
    """Pricelist rules and attribute value names outdate the cells they reach, in batch, and
    those cells are recomputed at the commit point."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rain_jackets = cls.env["product.category"].create(
            {"name": "Test rain jackets", "parent_id": cls.category.id}
        )
        cls.knitwear = cls.env["product.category"].create({"name": "Test knitwear"})
        cls.shop_pricelist = cls.env["product.pricelist"].create(
            {"name": "Test shop EUR", "currency_id": cls.pricelist_eur.currency_id.id}
        )
        cls.shop = cls.env["kobo.channel"].create(
            {
                "name": "Test shop",
                "code": "test_shop",
                "lang_ids": [Command.set([cls.lang_en.id])],
                "pricelist_id": cls.shop_pricelist.id,
                "profile_id": cls.env["kobo.requirement.profile"]
                .create({"name": "Test shop profile", "rule_ids": [Command.create({"check": "price"})]})
                .id,
            }
        )
        cls.blazer = cls._product("Blazer")
        cls.parka = cls._product("Parka")
        cls.parka.categ_id = cls.rain_jackets
        cls.sweater = cls._product("Sweater", variants=(("Red", "M"),))
        cls.sweater.categ_id = cls.knitwear
        cls.env.cr.flush()
        cls.env["kobo.completeness"]._kobo_recompute_dirty()

    def _shop_issues(self, product):
        return self._cells(product, self.shop)["en_US"].issues or ""

    def _zero_price_rule(self, **vals):
        return self.env["product.pricelist.item"].create(
            {
                "pricelist_id": self.shop_pricelist.id,
                "applied_on": "2_product_category",
                "categ_id": self.category.id,
                "compute_price": "fixed",
                "fixed_price": 0.0,
                **vals,
            }
        )

    def _dirty_products(self):
        cells = self.env["kobo.completeness"].search([("dirty", "=", True)])
        return {(cell.product_tmpl_id.name, cell.channel_id.code) for cell in cells}

    def test_category_rule_reaches_its_products_and_children_on_its_channel(self):
        self.assertEqual(self._shop_issues(self.blazer), "")
        with EngineSpy() as spy:
            rule = self._zero_price_rule()
            # before the commit point: only the category's products on the shop are outdated
            self.assertEqual(self._dirty_products(), {("Blazer", "test_shop"), ("Parka", "test_shop")})
            self.env.cr.flush()
        reached = self.env["kobo.completeness"].search(
            [("product_tmpl_id", "in", (self.blazer | self.parka).ids)]
        )
        self.assertEqual(sorted(set(spy.cell_ids)), sorted(reached.ids))
        self.assertFalse(self._dirty_products())
        self.assertEqual(
            self._shop_issues(self.parka),
            "variant Navy / M: no price on pricelist Test shop EUR\n"
            "variant Navy / L: no price on pricelist Test shop EUR",
        )
        self.assertFalse(self._cells(self.parka, self.shop)["en_US"].complete)
        self.assertEqual(self._shop_issues(self.sweater), "")

        # moving the rule to another category: the products it leaves and those it reaches
        with EngineSpy() as spy:
            rule.categ_id = self.knitwear
            self.assertEqual(
                {product for product, _channel in self._dirty_products()}, {"Blazer", "Parka", "Sweater"}
            )
            self.env.cr.flush()
        self.assertEqual(self._shop_issues(self.parka), "")
        self.assertEqual(self._shop_issues(self.sweater), f"variant Red / M: {NO_PRICE}")

        # deleting it
        rule.unlink()
        self.assertEqual({product for product, _channel in self._dirty_products()}, {"Sweater"})
        self.env.cr.flush()
        self.assertEqual(self._shop_issues(self.sweater), "")
        self.assertTrue(self._cells(self.sweater, self.shop)["en_US"].complete)

    def test_product_rule_and_a_pricelist_based_on_the_changed_one(self):
        retail = self.env["product.pricelist"].create(
            {"name": "Test retail EUR", "currency_id": self.pricelist_eur.currency_id.id}
        )
        # the shop sells at the retail price list's prices
        self.env["product.pricelist.item"].create(
            {
                "pricelist_id": self.shop_pricelist.id,
                "applied_on": "3_global",
                "compute_price": "formula",
                "base": "pricelist",
                "base_pricelist_id": retail.id,
            }
        )
        self.env.cr.flush()
        self.assertEqual(self._shop_issues(self.blazer), "")
        self.env["product.pricelist.item"].create(
            {
                "pricelist_id": retail.id,
                "applied_on": "1_product",
                "product_tmpl_id": self.blazer.id,
                "compute_price": "fixed",
                "fixed_price": 0.0,
            }
        )
        self.assertEqual(self._dirty_products(), {("Blazer", "test_shop")})
        self.env.cr.flush()
        self.assertIn(f"variant Navy / M: {NO_PRICE}", self._shop_issues(self.blazer))
        self.assertEqual(self._shop_issues(self.parka), "")

    def test_rule_of_a_pricelist_no_channel_checks_computes_nothing(self):
        with EngineSpy() as spy:
            self.env["product.pricelist.item"].create(
                {
                    "pricelist_id": self.pricelist_eur.id,
                    "applied_on": "3_global",
                    "compute_price": "fixed",
                    "fixed_price": 0.0,
                }
            )
            self.env.cr.flush()
        self.assertEqual(spy.cell_ids, [])
        self.assertFalse(self._dirty_products())

    def test_attribute_value_rename_reaches_the_products_using_it(self):
        gtinless = self._product("Gilet", complete=False)
        self.assertIn("variant Navy / M: GTIN missing", self._cells(gtinless)["en_US"].issues)
        navy = self.colour.value_ids.filtered(lambda value: value.name == "Navy")
        with EngineSpy() as spy:
            navy.name = "Midnight"
            # the products with a Navy variant, on the channels whose rules name variants
            self.assertEqual(
                self._dirty_products(),
                {
                    (name, code)
                    for name in ("Blazer", "Parka", "Gilet")
                    for code in ("test_feed", "test_shop")
                },
            )
            self.env.cr.flush()
        sweater_cells = self.env["kobo.completeness"].search([("product_tmpl_id", "=", self.sweater.id)])
        self.assertFalse(set(spy.cell_ids) & set(sweater_cells.ids))
        self.assertIn("variant Midnight / M: GTIN missing", self._cells(gtinless)["en_US"].issues)
        self.assertNotIn("Navy", self._cells(gtinless)["fr_FR"].issues)

        # translating the name (Odoo's dialog) outdates the same cells
        gilet_cells = self.env["kobo.completeness"].search([("product_tmpl_id", "=", gtinless.id)])
        with EngineSpy() as spy:
            navy.update_field_translations("name", {"fr_FR": "Bleu nuit"})
            self.env.cr.flush()
        self.assertLessEqual(set(gilet_cells.ids), set(spy.cell_ids))
        self.assertFalse(set(spy.cell_ids) & set(sweater_cells.ids))

    # --- a constant number of queries whatever the number of products reached -------------

    def _count_queries(self, function):
        self.env.flush_all()
        self.env.cr.flush()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        function()
        self.env.flush_all()
        self.env.cr.flush()
        return self.env.cr.sql_log_count - before

    def _catalogue(self, prefix, count, category, colour="Navy", complete=True):
        products = self.env["product.template"]
        for number in range(count):
            product = self._product(f"{prefix} {number}", complete=complete, variants=((colour, "M"),))
            product.categ_id = category
            products |= product
        self.env.cr.flush()
        self.env["kobo.completeness"]._kobo_recompute_dirty()
        return products

    def test_pricelist_rule_queries_do_not_grow_with_the_products(self):
        def run(count):
            category = self.env["product.category"].create({"name": f"Test coats {count}"})
            products = self._catalogue(f"Coat {count}", count, category)
            rule = self._zero_price_rule(categ_id=category.id, fixed_price=10.0)
            self.env.cr.flush()
            return products, lambda: rule.write({"fixed_price": 0.0})

        small_products, small_edit = run(2)
        self._count_queries(small_edit)  # warm the registry caches
        small = self._count_queries(small_edit)
        large_products, large_edit = run(8)
        self.env.invalidate_all()  # as cold as the small run
        with self.assertQueryCount(small):
            large_edit()
        for product in small_products | large_products:
            self.assertEqual(self._shop_issues(product), f"variant Navy / M: {NO_PRICE}")

    def test_attribute_rename_queries_do_not_grow_with_the_products(self):
        def run(count):
            colour = self.env["product.attribute.value"].create(
                {"attribute_id": self.colour.id, "name": f"Teal {count}"}
            )
            self.colour.invalidate_recordset(["value_ids"])
            products = self._catalogue(
                f"Cardigan {count}", count, self.knitwear, colour=colour.name, complete=False
            )
            return products, colour

        small_products, small_colour = run(2)
        self._count_queries(lambda: small_colour.write({"name": "Teal"}))  # warm the registry caches
        small = self._count_queries(lambda: small_colour.write({"name": "Petrol 2"}))
        large_products, large_colour = run(8)
        self.env.invalidate_all()  # as cold as the small run
        with self.assertQueryCount(small):
            large_colour.write({"name": "Petrol 8"})
        for products, name in ((small_products, "Petrol 2"), (large_products, "Petrol 8")):
            for product in products:
                self.assertIn(f"variant {name} / M: GTIN missing", self._cells(product)["en_US"].issues)
