from odoo import Command
from odoo.tests import tagged

from ..text import html_to_text
from .common import KoboPimCase


@tagged("post_install", "-at_install")
class TestSnapshot(KoboPimCase):
    """The approved snapshot says, per product and locale, what a channel may show: the channel's
    copy (override first), the text through the one HTML-to-text rule, the pricelist's regular
    and sale prices, sizes in the channel's size system, and availability."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_FR")
        # The prices here are euros; a database keeping its books in another currency would
        # convert them at its rates: at par here.
        eur = cls.env.ref("base.EUR")
        cls.env["res.currency.rate"].search(
            [("currency_id", "in", (eur | cls.env.company.currency_id).ids)]
        ).unlink()
        cls.size = cls.env["product.attribute"].create(
            {
                "name": "Size (snapshot)",
                "create_variant": "always",
                "value_ids": [Command.create({"name": "S"}), Command.create({"name": "XL"})],
            }
        )
        cls.size_s, cls.size_xl = cls.size.value_ids
        cls.colour = cls.env["product.attribute"].create(
            {
                "name": "Colour (snapshot)",
                "display_type": "color",
                "create_variant": "always",
                "value_ids": [Command.create({"name": "Navy"})],
            }
        )
        category = cls.env["product.category"].create({"name": "Knitwear (snapshot)"})
        cls.env["kobo.size.conversion"].create(
            {
                "name": "Knitwear (snapshot)",
                "gender": "women",
                "garment_kind": "tops",
                "attribute_id": cls.size.id,
                "source_system": "intl",
                "categ_ids": [Command.set(category.ids)],
                # XL has no EU size: the snapshot names the problem instead of a wrong label
                "line_ids": [Command.create({"value_id": cls.size_s.id, "eu": "36"})],
            }
        )
        langs = cls.env["res.lang"].search([("code", "in", ("en_US", "fr_FR"))])
        cls.channel = cls.env["kobo.channel"].create(
            {
                "name": "Snapshot shop",
                "code": "snapshot_shop",
                "size_system": "eu",
                "pricelist_id": cls.pricelist_eur.id,
                "lang_ids": [Command.set(langs.ids)],
            }
        )
        cls.product = cls.env["product.template"].create(
            {
                "name": "Merino Crew",
                "categ_id": category.id,
                "list_price": 129.95,
                "kobo_marketing_name": "Merino <b>Crew</b> Jumper",
                "kobo_description": "<p>Soft merino.</p><ul><li>Ribbed cuffs</li></ul>",
                "attribute_line_ids": [
                    Command.create(
                        {"attribute_id": cls.size.id, "value_ids": [Command.set(cls.size.value_ids.ids)]}
                    ),
                    Command.create(
                        {"attribute_id": cls.colour.id, "value_ids": [Command.set(cls.colour.value_ids.ids)]}
                    ),
                ],
            }
        )
        cls.product.with_context(lang="fr_FR").name = "Pull Merino"
        cls.product.update_field_translations(
            "kobo_description",
            {"fr_FR": {"Soft merino.": "Mérinos doux.", "Ribbed cuffs": "Côtes aux poignets"}},
        )
        cls.env["kobo.channel.copy"].create(
            {
                "product_tmpl_id": cls.product.id,
                "channel_id": cls.channel.id,
                "kobo_marketing_name": "Merino Crew, our classic",
            }
        )
        cls.variant_s = cls.product.product_variant_ids.filtered(
            lambda variant: cls.size_s
            in variant.product_template_attribute_value_ids.product_attribute_value_id
        )
        cls.variant_s.barcode = "4006381333931"
        cls.colour.value_ids.with_context(lang="fr_FR").name = "Marine"

    def _snapshot(self, lang):
        return self.env["kobo.snapshot"]._kobo_build(self.product, self.channel, ["en_US", "fr_FR"])[
            (self.product.id, lang)
        ]

    def test_copy_and_text_per_locale(self):
        english, french = self._snapshot("en_US"), self._snapshot("fr_FR")
        # the channel's override of the marketing name wins in every locale
        self.assertEqual(english["title"], "Merino Crew, our classic")
        self.assertEqual(french["title"], "Merino Crew, our classic")
        self.assertEqual(english["description"], "Soft merino.\nRibbed cuffs")
        self.assertEqual(french["description"], "Mérinos doux.\nCôtes aux poignets")
        self.assertEqual(french["name"], "Pull Merino")
        # attribute values in the locale's words
        self.assertEqual({tuple(row["colours"]) for row in english["variants"]}, {("Navy",)})
        self.assertEqual({tuple(row["colours"]) for row in french["variants"]}, {("Marine",)})
        # one rule: what completeness measures is what the snapshot says
        self.assertEqual(french["description"], html_to_text(french["description_html"]))

    def test_prices_sizes_identifiers_and_availability(self):
        snapshot = self._snapshot("en_US")
        rows = {row["variant"]: row for row in snapshot["variants"]}
        small = rows[self.variant_s]
        self.assertEqual(small["price"]["regular_price"], 129.95)
        self.assertEqual(small["price"]["currency"], self.env.ref("base.EUR"))
        self.assertEqual(small["size"], "36")
        self.assertEqual(small["colours"], ["Navy"])
        self.assertEqual(small["gtin"], "4006381333931")
        self.assertTrue(small["available"])  # not tracked in stock: always available
        large = rows[self.product.product_variant_ids - self.variant_s]
        self.assertEqual(large["size"], "")
        self.assertEqual(
            [problem["field"] for problem in snapshot["problems"]],
            ["size"],
            "XL has no EU size: one problem, in words",
        )

    def test_a_channel_without_pricelist_is_a_problem_not_a_price(self):
        self.channel.pricelist_id = False
        snapshot = self._snapshot("en_US")
        self.assertFalse(any(row["price"] for row in snapshot["variants"]))
        self.assertIn("has no pricelist", snapshot["problems"][0]["message"])

    def test_queries_do_not_grow_with_products(self):
        others = self.product.copy() | self.product.copy() | self.product.copy()
        Snapshot = self.env["kobo.snapshot"]

        def queries(products):
            self.env.flush_all()
            self.env.invalidate_all()
            start = self.env.cr.sql_log_count
            Snapshot._kobo_build(products, self.channel, ["en_US", "fr_FR"])
            return self.env.cr.sql_log_count - start

        queries(self.product)  # warm Odoo's own caches (ormcache), as in a running server
        self.assertEqual(queries(self.product | others), queries(self.product))
