from datetime import datetime

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import KoboPimCase


@tagged("post_install", "-at_install")
class TestChannelPrice(KoboPimCase):
    """Channel prices come from the channel's Odoo pricelist, in batch."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = cls.env.company
        cls.env["kobo.channel"].search([("company_id", "=", company.id)]).active = False
        cls.gbp = cls.env.ref("base.GBP")
        cls.jpy = cls.env.ref("base.JPY")
        cls.eur = cls.env.ref("base.EUR")
        (cls.gbp | cls.jpy).active = True
        # One unit of the company currency is worth 1 EUR, 0.85 GBP, 161.37 JPY.
        (cls.eur | cls.gbp | cls.jpy | company.currency_id).rate_ids.unlink()
        for currency, rate in ((cls.eur, 1.0), (cls.gbp, 0.85), (cls.jpy, 161.37)):
            if currency != company.currency_id:
                cls.env["res.currency.rate"].create(
                    {"currency_id": currency.id, "rate": rate, "name": "2020-01-01", "company_id": company.id}
                )
        cls.pricelist_gbp = cls.env["product.pricelist"].create(
            {
                "name": "Test UK GBP",
                "currency_id": cls.gbp.id,
                "item_ids": [
                    Command.create(
                        {
                            "applied_on": "3_global",
                            "compute_price": "formula",
                            "base": "list_price",
                            "price_round": 1.0,
                            "price_surcharge": -0.01,
                        }
                    )
                ],
            }
        )
        cls.pricelist_jpy = cls.env["product.pricelist"].create(
            {"name": "Test JP JPY", "currency_id": cls.jpy.id}
        )
        cls.summer_sale = cls.env["product.pricelist.item"].create(
            {
                "pricelist_id": cls.pricelist_eur.id,
                "applied_on": "3_global",
                "compute_price": "percentage",
                "percent_price": 20.0,
                "date_start": "2026-06-01 00:00:00",
                "date_end": "2026-06-30 23:59:59",
            }
        )
        Channel = cls.env["kobo.channel"]
        cls.web = Channel.create({"name": "Web EUR", "code": "t_web", "pricelist_id": cls.pricelist_eur.id})
        cls.uk = Channel.create({"name": "UK shop", "code": "t_uk", "pricelist_id": cls.pricelist_gbp.id})
        cls.japan = Channel.create(
            {"name": "Japan shop", "code": "t_jp", "pricelist_id": cls.pricelist_jpy.id}
        )
        cls.size = cls.env["product.attribute"].create(
            {
                "name": "Size (price test)",
                "create_variant": "always",
                "value_ids": [Command.create({"name": f"S{n}", "sequence": n}) for n in range(50)],
            }
        )
        cls.dress = cls._template("Linen dress", 5)

    @classmethod
    def _template(cls, name, variants):
        return cls.env["product.template"].create(
            {
                "name": name,
                "list_price": 99.50,
                "attribute_line_ids": [
                    Command.create(
                        {
                            "attribute_id": cls.size.id,
                            "value_ids": [Command.set(cls.size.value_ids[:variants].ids)],
                        }
                    )
                ],
            }
        )

    def _prices(self, channel, products, **kwargs):
        return {
            key: (line["price"], line["regular_price"], line["on_sale"], line["sale_start"], line["sale_end"])
            for key, line in channel.with_user(self.catalogue_user)._kobo_prices(products, **kwargs).items()
        }

    @freeze_time("2026-05-20 10:00:00")
    def test_prices_from_each_pricelist(self):
        variant = self.dress.product_variant_ids[0]
        self.assertEqual(self._prices(self.web, variant), {variant.id: (99.50, 99.50, False, False, False)})
        # 99.50 × 0.85 = 84.575, rounded to 85 by the rule, then − 0.01.
        self.assertEqual(self._prices(self.uk, variant), {variant.id: (84.99, 84.99, False, False, False)})
        # 99.50 × 161.37 = 16,056.315: the yen has no decimals.
        self.assertEqual(
            self._prices(self.japan, variant), {variant.id: (16056.0, 16056.0, False, False, False)}
        )
        # A template stands for its variants.
        self.assertEqual(set(self._prices(self.japan, self.dress)), set(self.dress.product_variant_ids.ids))

    def test_dated_sale_price(self):
        variant = self.dress.product_variant_ids[0]
        start, end = datetime(2026, 6, 1), datetime(2026, 6, 30, 23, 59, 59)
        with freeze_time("2026-06-15 12:00:00"):
            self.assertEqual(self._prices(self.web, variant), {variant.id: (79.60, 99.50, True, start, end)})
        with freeze_time("2026-07-01 00:00:00"):
            self.assertEqual(
                self._prices(self.web, variant), {variant.id: (99.50, 99.50, False, False, False)}
            )
        # An explicit date wins over today's, before and on the last day of the sale.
        self.assertEqual(
            self._prices(self.web, variant, date=datetime(2026, 5, 31, 23, 0)),
            {variant.id: (99.50, 99.50, False, False, False)},
        )
        self.assertEqual(
            self._prices(self.web, variant, date=datetime(2026, 6, 30, 20, 0)),
            {variant.id: (79.60, 99.50, True, start, end)},
        )

    def test_channel_without_pricelist(self):
        outlet = self.env["kobo.channel"].create({"name": "Outlet", "code": "t_outlet"})
        with self.assertRaisesRegex(UserError, "The channel Outlet has no pricelist"):
            outlet.with_user(self.catalogue_user)._kobo_prices(self.dress)

    @freeze_time("2026-06-15 12:00:00")
    def test_query_count_does_not_grow_with_variants(self):
        big = self._template("Big dress", 50)
        small = self._template("Small dress", 5)
        self.assertEqual(len(big.product_variant_ids), 50)
        self.web._kobo_prices(self.dress)  # warm the registry caches (decimal precision, xmlids)
        counts = {}
        for name, template in (("small", small), ("big", big)):
            variants = template.product_variant_ids
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            prices = self.web._kobo_prices(variants)
            counts[name] = self.cr.sql_log_count - before
            self.assertEqual({line["price"] for line in prices.values()}, {79.60})
            self.assertTrue(all(line["on_sale"] for line in prices.values()))
        self.assertEqual(counts["small"], counts["big"], counts)
        for template in (big, small):
            self.env.flush_all()
            self.env.invalidate_all()
            # From templates: one more read (their variants), and one search less (no dated rule applies).
            with self.assertQueryCount(counts["big"]):
                self.uk._kobo_prices(template)

    @freeze_time("2026-06-15 12:00:00")
    def test_product_form_shows_channel_prices(self):
        self.env["kobo.channel"].create({"name": "Outlet", "code": "t_outlet"})
        form = Form(self.dress.with_user(self.catalogue_user))
        html = str(form.kobo_channel_price_html)
        self.assertIn("<td>Web EUR</td><td>79.60\xa0€</td><td>99.50\xa0€</td>", html)
        self.assertIn("<td>UK shop</td><td>£\xa084.99</td><td></td><td></td>", html)
        self.assertIn("<td>Japan shop</td><td>¥\xa016,056</td><td></td><td></td>", html)
        self.assertIn("<td>Outlet</td><td>No pricelist</td>", html)

    def test_channel_prices_hidden_from_other_users(self):
        salesman = self.env["res.users"].create(
            {
                "name": "Salesman",
                "login": "kobo_price_salesman",
                "groups_id": [Command.set([self.env.ref("sales_team.group_sale_salesman").id])],
            }
        )
        self.assertNotIn("kobo_channel_price_html", self.dress.with_user(salesman).fields_get())
        self.assertIn("kobo_channel_price_html", self.dress.with_user(self.catalogue_user).fields_get())
