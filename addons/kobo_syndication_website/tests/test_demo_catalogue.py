"""The full demo as a newcomer meets it (issue 18, "a clean demo a newcomer understands"): one
colour attribute, one size attribute per size system, one category tree and one way of naming a
season across the PLM styles and the catalogue products; the web shop opens on the garments the
web shop channel published; and a listing in error and listings blocked, each saying why in one
line. Read on the database the demo built (every Kōbō addon installed, as `make run` does)."""

from odoo.tests import TransactionCase, tagged

SEASONS = ["Autumn / Winter 2026", "Spring / Summer 2027"]


@tagged("post_install", "-at_install")
class TestDemoCatalogue(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Template = cls.env["product.template"]
        # The brand's garments: the catalogue's products (all in enrichment) and, with Kōbō PLM,
        # its styles.
        cls.garments = cls.env["kobo.enrichment"].search([]).product_tmpl_id
        if "kobo_is_style" in Template._fields:
            cls.garments |= Template.search([("kobo_is_style", "=", True)])
        cls.apparel = cls.env.ref("kobo_pim.categ_apparel")

    def test_one_colour_attribute_and_one_size_attribute_per_size_system(self):
        attributes = self.garments.attribute_line_ids.attribute_id
        # The PIM's letter and EU sizes; with Kōbō PLM, its denim waist and kids' ranges too (the
        # size attribute of each range's size system), never mixed with the letter sizes.
        expected = ["Colour", "Size", "Size (EU)"]
        if "kobo.size.range" in self.env:
            expected += ["Size (Kids)", "Size (Numeric)"]
            self.assertEqual(
                self.env.ref("kobo_plm.size_range_denim_waist").size_ids.attribute_value_id.attribute_id.name,
                "Size (Numeric)",
            )
        self.assertEqual(sorted(attributes.mapped("name")), expected)
        Attribute = self.env["product.attribute"]
        for name in expected:
            display_type = "color" if name == "Colour" else "pills"
            self.assertEqual(
                Attribute.search_count([("name", "=", name), ("display_type", "=", display_type)]),
                1,
                f"one {name} attribute",
            )
        self.assertFalse(Attribute.search([("name", "in", ["Garment colour", "Garment size"])]))
        sizes = self.env.ref("kobo_pim.product_attribute_size_demo")
        self.assertEqual(sizes.value_ids.mapped("name"), ["XS", "S", "M", "L", "XL", "XXL"])
        self.assertEqual(
            self.env.ref("kobo_pim.product_attribute_size_eu_demo").value_ids.mapped("name"),
            [str(size) for size in range(34, 56, 2)],
        )

    def test_one_category_tree(self):
        categories = self.garments.categ_id
        self.assertEqual(
            {int(category.parent_path.split("/")[0]) for category in categories},
            {self.apparel.id},
            "every garment is under Apparel",
        )
        self.assertEqual(self.env["product.category"].search_count([("name", "=", "Apparel")]), 1)
        self.assertEqual(
            sorted(
                self.env["product.category"]
                .search([("id", "child_of", self.apparel.id)])
                .mapped("complete_name")
            ),
            [
                "Apparel",
                "Apparel / Accessories",
                "Apparel / Kids",
                "Apparel / Men",
                "Apparel / Men / Bottoms",
                "Apparel / Men / Knitwear",
                "Apparel / Men / Outerwear",
                "Apparel / Men / Tops",
                "Apparel / Women",
                "Apparel / Women / Bottoms",
                "Apparel / Women / Dresses",
                "Apparel / Women / Knitwear",
                "Apparel / Women / Outerwear",
                "Apparel / Women / Tops",
            ],
        )
        tables = self.env["kobo.size.conversion"].search([])
        self.assertTrue(tables.categ_ids)
        self.assertEqual(
            tables.categ_ids, tables.categ_ids.filtered_domain([("id", "child_of", self.apparel.id)])
        )

    def test_one_season_name(self):
        self.assertEqual(sorted(set(self.garments.mapped("kobo_season_name")) - {False}), SEASONS)
        if "kobo.season" in self.env:
            self.assertLessEqual(set(SEASONS), set(self.env["kobo.season"].search([]).mapped("name")))

    def test_web_shop_opens_on_the_published_garments(self):
        channel = self.env.ref("kobo_pim.channel_webshop")
        published = (
            self.env["kobo.listing"]
            .search([("channel_id", "=", channel.id), ("state", "=", "published")])
            .product_tmpl_id
        )
        self.assertTrue(published, "the web shop channel published the approved garments")
        website = channel.website_id
        shop = (
            self.env["product.template"]
            .with_context(website_id=website.id)
            .search(
                [("is_published", "=", True), *website.sale_product_domain()],
                order="website_sequence asc, id desc",
                limit=len(published),
            )
        )
        self.assertEqual(shop, published.sorted("name"), "the shop's first products")
        for template in published:
            self.assertTrue(template.image_1920, f"{template.name} shows its enriched picture")

    def test_a_listing_in_error_and_listings_blocked_say_why_in_one_line(self):
        Listing = self.env["kobo.listing"]
        errors = Listing.search([("state", "=", "error")])
        shopify = self.env.ref("kobo_pim.channel_shopify_jp")
        if shopify.connector == "shopify":
            self.assertEqual(len(errors), 1)
            self.assertEqual(errors.channel_id, shopify)
            self.assertEqual(errors.product_tmpl_id, self.env.ref("kobo_pim.demo_product_fleece_hoodie"))
            summary = errors.kobo_block_summary
            self.assertTrue(
                summary.startswith("Error: The shop URL of Shopify Japan cannot be called: "), summary
            )
            self.assertIn("127.0.0.1:8091", summary)
            self.assertIn("System Parameters", summary)
            self.assertNotIn("\n", summary)
        else:
            self.assertFalse(errors)
        skirt = Listing.search(
            [
                ("channel_id", "=", self.env.ref("kobo_pim.channel_webshop").id),
                ("product_tmpl_id", "=", self.env.ref("kobo_pim.demo_product_wool_midi_skirt").id),
            ]
        )
        self.assertEqual(skirt.state, "blocked")
        self.assertEqual(
            skirt.kobo_block_summary,
            "Blocked: Enrichment State: The enrichment of Pleated Wool Midi Skirt is In Review: only "
            "approved content goes to channels.",
        )
