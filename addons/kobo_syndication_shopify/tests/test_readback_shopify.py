"""Read-back of the demo's Shopify store (issue 17, "published means equal"): the approved demo
products are published to the demo's Shopify channel (Japanese first, English translations, yen,
JP sizes) pointed at the local stand-in; each product is then read back from the shop through
GraphQL (``product(id:)``, as an app or the storefront reads it) in every locale of the channel,
and what it shows is compared with the approved snapshot (``kobo.snapshot``): title, description
(its text), regular and sale price, size, colour, GTIN, SKU, availability and, for the variants
tracked in stock, the quantity. Every difference fails, named."""

from datetime import timedelta
from unittest import mock
from urllib.parse import urlsplit

from odoo import Command, fields
from odoo.addons.kobo_base.outbound_http import ALLOWED_HOSTS_PARAM
from odoo.addons.kobo_pim.text import html_to_text
from odoo.addons.kobo_syndication.tests.readback import ReadBackMixin
from odoo.addons.kobo_syndication.tests.test_connector_http import LoopbackTimeoutsMixin
from odoo.addons.kobo_syndication_shopify.fake_servers import shopify as fake_shopify
from odoo.addons.kobo_syndication_shopify.models import kobo_connector_shopify_client as shopify_client
from odoo.addons.kobo_syndication_shopify.models.kobo_channel_shopify import shopify_locale
from odoo.tests import TransactionCase, tagged

from .shopify_schema import admin_schema, schema_errors

TOKEN = "shpat_readback_7c1e9a"
READ_BACK = """
query KoboReadBack($id: ID!, $locale: String!) {
  product(id: $id) {
    id title descriptionHtml
    translations(locale: $locale) { key value locale }
    options { name optionValues { name translations(locale: $locale) { key value locale } } }
    variants(first: 250) {
      nodes {
        sku barcode price compareAtPrice selectedOptions { name value } inventoryQuantity
        inventoryItem { tracked }
      }
    }
  }
}"""


@tagged("post_install", "-at_install")
class TestReadBackShopify(ReadBackMixin, LoopbackTimeoutsMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.channel = cls.env.ref("kobo_pim.channel_shopify_jp")
        cls.primary = cls.channel._kobo_shopify_primary_lang(cls.channel)
        cls.templates = cls.env["kobo.enrichment"].sudo().search([("state", "=", "approved")]).product_tmpl_id
        cls.hoodie = cls.env.ref("kobo_pim.demo_product_fleece_hoodie")
        cls.half_zip = cls.env.ref("kobo_pim.demo_product_merino_half_zip")
        # the demo's yen prices have no sale: a dated rule puts the hoodie on sale
        cls.env.ref("kobo_pim.pricelist_web_jpy").item_ids = [
            Command.create(
                {
                    "applied_on": "1_product",
                    "product_tmpl_id": cls.hoodie.id,
                    "compute_price": "percentage",
                    "percent_price": 30,
                    "date_start": fields.Datetime.now() - timedelta(days=1),
                    "date_end": fields.Datetime.now() + timedelta(days=14),
                }
            )
        ]
        # the demo tracks no stock: the half-zip is tracked, some sizes on hand, one sold out
        cls.half_zip.is_storable = True
        stock = cls.env.ref("stock.warehouse0").lot_stock_id
        for quantity, variant in zip((7, 2, 12), cls.half_zip.product_variant_ids, strict=False):
            cls.env["stock.quant"]._update_available_quantity(variant, stock, quantity)
        cls.env.cr.flush()

    def setUp(self):
        super().setUp()
        locales = [shopify_locale(self.primary)] + [
            shopify_locale(lang) for lang in self.channel.lang_ids - self.primary
        ]
        self.server = fake_shopify.start(token=TOKEN, locales=locales, primary_locale=locales[0])
        self.addCleanup(self.server.stop)
        self.state = self.server.state
        self.channel.sudo().write({"shopify_shop_url": self.server.url, "shopify_access_token": TOKEN})
        self.env["ir.config_parameter"].sudo().set_param(
            ALLOWED_HOSTS_PARAM, urlsplit(self.server.url).netloc
        )
        shopify_client._buckets.clear()
        shopify_client._costs.clear()
        connector_class = type(self.env["kobo.connector.shopify"])
        self.startPatcher(
            mock.patch.object(
                connector_class, "_kobo_sleep", lambda connector, seconds: self.state.advance(seconds)
            )
        )

    def _read(self, client, product_id, locale):
        if admin_schema() is not None:
            variables = {"id": product_id, "locale": locale}
            self.assertEqual(schema_errors(READ_BACK, variables), [], "the read-back fits Shopify's schema")
        return client.execute("product", READ_BACK, {"id": product_id, "locale": locale})

    def _shown_product(self, product, lang):
        """What the product says to a shopper in ``lang``: the translation when there is one,
        else the shop's primary text (as Shopify falls back)."""
        if lang == self.primary:
            return {
                "title": product["title"],
                "description": html_to_text(product["descriptionHtml"]),
                "lang": lang.code,
            }
        translated = {item["key"]: item for item in product["translations"]}
        title = translated.get("title")
        body = translated.get("body_html")
        return {
            "title": title["value"] if title else product["title"],
            "description": html_to_text(body["value"] if body else product["descriptionHtml"]),
            # the language the title is in: the translation's locale, else the primary language
            "lang": lang.code if title and title["locale"] == shopify_locale(lang) else self.primary.code,
        }

    def _shown_variant(self, node, product):
        # an option value reads in the locale's translation, else in the primary language
        translated = {
            (option["name"], value["name"]): item["value"]
            for option in product["options"]
            for value in option["optionValues"]
            for item in value["translations"]
            if item["key"] == "name"
        }
        options = {
            option["name"]: translated.get((option["name"], option["value"]), option["value"])
            for option in node["selectedOptions"]
        }
        colour = options.pop("Color", "")
        size = options.pop("Size", None)
        tracked = node["inventoryItem"]["tracked"]
        shown = {
            # a compare-at price is the regular price struck through beside the sale price
            "price": node["compareAtPrice"] or node["price"],
            "sale_price": node["price"] if node["compareAtPrice"] else "",
            "size": size if size is not None else "/".join(options.values()),
            "colour": colour,
            "gtin": node["barcode"] or "",
            "code": node["sku"] or "",
            # the channel denies selling what is not on hand (inventory policy DENY)
            "available": not tracked or node["inventoryQuantity"] > 0,
        }
        if tracked:
            shown["quantity"] = node["inventoryQuantity"]
        return shown

    def _expected_variant(self, row):
        # the currency is the shop's own setting, not a product's
        expected = {key: value for key, value in self.kobo_expected_variant(row).items() if key != "currency"}
        if row["quantity"] is not None:
            expected["quantity"] = max(int(row["quantity"]), 0)
        return expected

    def test_demo_shopify_products_read_back_equal_the_snapshot(self):
        self.assertEqual(set(self.channel.lang_ids.mapped("code")), {"ja_JP", "en_US"})
        listings = self.env["kobo.listing"]._kobo_ensure(self.templates, self.channel)
        listings._kobo_queue("publish")
        self.channel._kobo_job_sync()
        published = listings.filtered(lambda listing: listing.state == "published")
        self.assertTrue(
            self.hoodie | self.half_zip <= published.product_tmpl_id,
            "\n".join(listings.issue_ids.mapped("message")),
        )
        langs = self.primary | (self.channel.lang_ids - self.primary)
        # each locale's snapshot read in that language (the snapshot's colours are the names of
        # the attribute values in the language it is read in)
        snapshots = {}
        for lang in langs:
            snapshots.update(self.kobo_snapshots(published.with_context(lang=lang.code), [lang.code]))
        shown_sales = shown_quantities = 0
        with shopify_client.ShopifyClient(self.env["kobo.connector.shopify"], self.channel.sudo()) as client:
            for listing in published:
                template = listing.product_tmpl_id
                for lang in langs:
                    where = f"{template.name} ({lang.code})"
                    product = self._read(client, listing.external_id, shopify_locale(lang))
                    self.assertTrue(product, f"{where}: the shop holds the product")
                    snapshot = snapshots[(template.id, lang.code)]
                    self.assertShowsSnapshot(
                        "Shopify",
                        where,
                        self.kobo_expected_product(snapshot),
                        self._shown_product(product, lang),
                    )
                    nodes = product["variants"]["nodes"]
                    self.assertEqual(
                        len(nodes), len(snapshot["variants"]), f"{where}: one variant per variant"
                    )
                    for row, node in zip(snapshot["variants"], nodes, strict=True):
                        shown = self._shown_variant(node, product)
                        self.assertShowsSnapshot(
                            "Shopify",
                            f"{where} {row['variant'].display_name}",
                            self._expected_variant(row),
                            shown,
                        )
                        shown_sales += bool(shown["sale_price"])
                        shown_quantities += "quantity" in shown
        self.assertTrue(shown_sales, "the hoodie's sale is read back as a compare-at price")
        self.assertTrue(shown_quantities, "the half-zip's quantities are read back")
