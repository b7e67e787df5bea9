"""The demo catalogue a new user explores: channels, price lists, products at every enrichment
state and the gaps the completeness screens are meant to find (every `make test` database has
the demo data)."""

from stdnum import ean

from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import KoboPimCase


@tagged("post_install", "-at_install")
class TestPimDemo(KoboPimCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        cls.linen = ref("kobo_pim.demo_product_linen_popover")
        cls.merino = ref("kobo_pim.demo_product_merino_half_zip")
        cls.denim = ref("kobo_pim.demo_product_denim_trucker")
        cls.blouse = ref("kobo_pim.demo_product_poplin_blouse")
        cls.tank = ref("kobo_pim.demo_product_rib_tank")
        cls.demo_products = cls.env["product.template"].search([("id", "in", cls._demo_product_ids())])

    @classmethod
    def _demo_product_ids(cls):
        return (
            cls.env["ir.model.data"]
            .search(
                [
                    ("module", "=", "kobo_pim"),
                    ("model", "=", "product.template"),
                    ("name", "=like", "demo_product_%"),
                ]
            )
            .mapped("res_id")
        )

    def test_catalogue_products_open_on_the_brands_garments(self):
        """Catalogue > Products opens with its *In the Catalogue* filter: the demo's garments,
        not Odoo's demo furniture nor services."""
        action = self.env["ir.actions.act_window"]._for_xml_id("kobo_pim.action_kobo_pim_product")
        self.assertIn("'search_default_kobo_in_catalogue': 1", action["context"])
        view = self.env.ref("kobo_pim.product_template_search_view_kobo_enrichment")
        domain = view.arch_db.split('name="kobo_in_catalogue"')[1].split('domain="')[1].split('"')[0]
        shown = (
            self.env["product.template"]
            .with_user(self.catalogue_user)
            .search([("sale_ok", "=", True), *safe_eval(domain.replace("&apos;", "'"))])
        )
        self.assertLessEqual(self.demo_products.filtered("kobo_enrichment_ids"), shown)
        self.assertTrue(self.merino in shown and self.blouse in shown)
        self.assertFalse(shown.filtered(lambda product: product.type == "service"))
        desk = self.env.ref("product.product_product_4_product_template", raise_if_not_found=False)
        if desk:  # Odoo's own demo product, when Odoo's demo data is there
            self.assertNotIn(desk, shown)

    def test_five_channels_in_four_languages(self):
        channels = (
            self.env["kobo.channel"]
            .with_user(self.catalogue_user)
            .search([("code", "in", ["webshop", "google_de", "shopify_jp", "amazon_de", "nordic_dept"])])
        )
        self.assertEqual(
            {channel.code: sorted(channel.lang_ids.mapped("code")) for channel in channels},
            {
                "webshop": ["de_DE", "en_US", "fr_FR"],
                "google_de": ["de_DE"],
                "shopify_jp": ["en_US", "ja_JP"],
                "amazon_de": ["de_DE", "en_US"],
                "nordic_dept": ["en_US"],
            },
        )
        self.assertEqual(
            {channel.code: channel.currency_id.name for channel in channels},
            {
                "webshop": "EUR",
                "google_de": "EUR",
                "shopify_jp": "JPY",
                "amazon_de": "EUR",
                "nordic_dept": "EUR",
            },
        )

    def test_price_lists_in_four_currencies(self):
        pricelists = self.env["product.pricelist"].search(
            [
                (
                    "id",
                    "in",
                    [
                        self.env.ref(f"kobo_pim.pricelist_web_{code}").id
                        for code in ("eur", "gbp", "usd", "jpy")
                    ],
                )
            ]
        )
        self.assertEqual(sorted(pricelists.currency_id.mapped("name")), ["EUR", "GBP", "JPY", "USD"])
        self.assertTrue(all(pricelists.currency_id.mapped("active")))

    def test_winter_sale_on_the_web_shop(self):
        """The dated rule gives the men's tops a sale price beside their regular price."""
        webshop = self.env.ref("kobo_pim.channel_webshop").with_user(self.catalogue_user)
        prices = webshop._kobo_prices(self.merino.with_user(self.catalogue_user))
        self.assertEqual(len(prices), 8)
        for price in prices.values():
            self.assertTrue(price["on_sale"])
            self.assertLess(price["price"], price["regular_price"])
            self.assertAlmostEqual(price["regular_price"] % 5, 4.95, places=2)
            self.assertTrue(price["sale_start"] and price["sale_end"])
        skirt = self.env.ref("kobo_pim.demo_product_wool_midi_skirt")
        self.assertFalse(any(price["on_sale"] for price in webshop._kobo_prices(skirt).values()))

    def test_every_enrichment_state_with_a_late_product(self):
        enrichments = (
            self.env["kobo.enrichment"]
            .with_user(self.catalogue_user)
            .search([("product_tmpl_id", "in", self.demo_products.ids)])
        )
        by_state = {}
        for enrichment in enrichments:
            by_state.setdefault(enrichment.state, []).append(enrichment.product_tmpl_id.name)
        self.assertEqual(
            {state: sorted(names) for state, names in by_state.items()},
            {
                "to_enrich": ["Cotton Poplin Blouse", "Ribbed Cotton Tank"],
                "in_progress": ["Relaxed Wide-Leg Trouser", "Rinse Denim Trucker Jacket"],
                "in_review": ["Pleated Wool Midi Skirt", "Washed Linen Popover Shirt"],
                "approved": ["Merino Half-Zip Pullover", "Recycled Fleece Zip Hoodie"],
            },
        )
        late = enrichments.filtered("is_late")
        self.assertEqual(late.product_tmpl_id, self.denim)
        self.assertEqual(late.user_id, self.env.ref("kobo_pim.user_catalogue"))
        approved = enrichments.filtered(lambda enrichment: enrichment.state == "approved")
        self.assertEqual(approved.approved_by_id, self.env.ref("base.user_admin"))

    def test_barcodes_valid_but_one_and_missing_on_the_blouse(self):
        variants = self.demo_products.product_variant_ids
        self.assertEqual(len(variants), 72)
        self.assertFalse(any(self.blouse.product_variant_ids.mapped("barcode")))
        with_barcode = variants.filtered("barcode")
        invalid = with_barcode.filtered(lambda variant: not ean.is_valid(variant.barcode))
        self.assertEqual(invalid.mapped("default_code"), ["AN-P105-RIN-M"])
        self.assertEqual(len(with_barcode), 62)
        self.assertEqual(len(set(with_barcode.mapped("barcode"))), 62)

    def test_translations_with_gaps(self):
        """French, German and Japanese copy where the agency delivered it; missing Japanese
        falls back to English, as Odoo reads an untranslated field."""
        linen = self.linen.with_user(self.catalogue_user)
        self.assertEqual(linen.with_context(lang="fr_FR").kobo_marketing_name, "Chemise popover en lin lavé")
        self.assertEqual(linen.with_context(lang="ja_JP").kobo_marketing_name, "Washed Linen Popover Shirt")
        merino = self.merino.with_user(self.catalogue_user).with_context(lang="ja_JP")
        self.assertEqual(merino.kobo_marketing_name, "メリノ ハーフジップ プルオーバー")
        self.assertEqual(merino.kobo_composition_label, "メリノウール100%（RWS）")
        self.assertFalse(self.blouse.kobo_marketing_name)
        amazon_copy = self.env["kobo.channel.copy"].search(
            [("product_tmpl_id", "=", self.merino.id), ("channel_id.code", "=", "amazon_de")]
        )
        self.assertEqual(
            amazon_copy.with_context(lang="de_DE").kobo_marketing_name,
            "Atelier Nord Herren Merino-Troyer, 100 % extrafeine Merinowolle, RWS",
        )

    def test_images_with_alt_text_and_one_too_small(self):
        assets = (
            self.env["kobo.asset"]
            .with_user(self.catalogue_user)
            .search([("product_tmpl_id", "in", self.demo_products.ids)])
        )
        self.assertEqual(len(assets), 18)
        self.assertFalse(assets.filtered(lambda asset: asset.product_tmpl_id == self.blouse))
        small = assets.filtered(lambda asset: asset.width < 1000)
        self.assertEqual(small.mapped("name"), ["rib_tank_ecru_front.jpg"])
        self.assertEqual((small.width, small.height), (320, 320))
        front = assets.filtered(lambda asset: asset.name == "merino_half_zip_navy_front.jpg")
        self.assertEqual(front.alt_text, "Merino Half-Zip Pullover in Navy, front view")
        self.assertEqual(
            front.with_context(lang="de_DE").alt_text, "Merino-Troyer in Marineblau, Vorderansicht"
        )
        lifestyle = assets.filtered(lambda asset: asset.role == "lifestyle")
        self.assertEqual(lifestyle.channel_ids.mapped("code"), ["webshop"])
        self.assertTrue(self.merino.image_128)

    def test_demo_catalogue_user_can_log_in_and_work(self):
        catalogue = self.env.ref("kobo_pim.user_catalogue")
        self.assertTrue(catalogue.has_group("kobo_pim.group_kobo_pim_manager"))
        mine = (
            self.env["kobo.enrichment"]
            .with_user(catalogue)
            .search([("user_id", "=", catalogue.id), ("product_tmpl_id", "in", self.demo_products.ids)])
        )
        self.assertEqual(len(mine), 7)
        # Her to-do list: an activity per product she enriches, the reviews as a manager.
        self.assertIn(
            catalogue,
            mine.filtered(lambda enrichment: enrichment.state == "in_progress").activity_ids.user_id,
        )
        self.assertIn(
            catalogue, mine.filtered(lambda enrichment: enrichment.state == "in_review").activity_ids.user_id
        )

    def test_gaps_show_on_the_completeness_dashboard(self):
        """The approved products are ready on every channel and locale; the gaps left on purpose
        are the ones the catalogue user reads on the dashboard."""
        Cell = self.env["kobo.completeness"].with_user(self.catalogue_user)
        merino_cells = Cell.search([("product_tmpl_id", "=", self.merino.id)])
        # web shop 3 locales, Google 1, Shopify 2, Amazon 2, the retailer 1
        self.assertEqual(len(merino_cells), 9)
        self.assertEqual(set(merino_cells.mapped("complete")), {True})
        linen_ja = Cell.search(
            [
                ("product_tmpl_id", "=", self.linen.id),
                ("channel_id.code", "=", "shopify_jp"),
                ("lang_id.code", "=", "ja_JP"),
            ]
        )
        self.assertFalse(linen_ja.complete)
        self.assertIn("ja_JP: title missing", linen_ja.issues)
        denim_google = Cell.search(
            [("product_tmpl_id", "=", self.denim.id), ("channel_id.code", "=", "google_de")]
        )
        self.assertIn("check digit wrong", denim_google.issues)
        tank_amazon = Cell.search(
            [
                ("product_tmpl_id", "=", self.tank.id),
                ("channel_id.code", "=", "amazon_de"),
                ("lang_id.code", "=", "en_US"),
            ]
        )
        self.assertIn("320×320 is below 1000×1000", tank_amazon.issues)
