"""Read-back of the demo web shop (issue 17, "published means equal"): every published product's
page, as an anonymous visitor sees it in each language of the channel that the website offers,
says what the PIM approved: title, description, regular and sale price, currency, the page's
language; and the shop's own words are in that language (Odoo's terms loaded by the demo)."""

from lxml import html as lxml_html

from odoo.addons.kobo_pim.text import html_to_text, one_line
from odoo.addons.kobo_syndication.tests.readback import ReadBackMixin
from odoo.tests import HttpCase, tagged

#: website_sale's add-to-cart button, in Odoo's own translations (website_sale/i18n/*.po).
ADD_TO_CART = {"en_US": "Add to cart", "fr_FR": "Ajouter au panier", "de_DE": "In den Warenkorb"}
PRICE_FIELDS = ("price", "sale_price", "currency")


@tagged("post_install", "-at_install")
class TestReadBackWebsite(ReadBackMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.channel = cls.env.ref("kobo_pim.channel_webshop")
        cls.website = cls.channel.website_id
        # The demo brand's website answers on its own domain (localhost:8069 under `make run`);
        # the test server's address is another: the brand's website answers there for this test.
        cls.website.domain = cls.base_url()
        cls.listings = cls.env["kobo.listing"].search(
            [("channel_id", "=", cls.channel.id), ("state", "=", "published")]
        )
        cls.langs = cls.channel.lang_ids & cls.website.language_ids

    def _amount(self, element, lang):
        """The amount a monetary widget shows, in the page language's notation, as ``129.95``."""
        values = element.xpath(".//span[contains(@class, 'oe_currency_value')]")
        text = one_line((values[0] if values else element).text_content())
        if lang.thousands_sep:
            text = text.replace(lang.thousands_sep, "")
        return text.replace("\u202f", "").replace(lang.decimal_point, ".")

    def _read_page(self, page, lang):
        """What the product page shows: ``(product part, variant id, price part, add-to-cart)``."""
        details = page.get_element_by_id("product_details")
        description = details.xpath("./div[contains(concat(' ', @class, ' '), ' oe_structure ')]")[0]
        for bullets in description.xpath(".//ul[contains(@class, 'o_kobo_bullet_points')]"):
            bullets.drop_tree()  # the bullet points are their own field of the PIM
        price_box = details.xpath(".//div[@itemprop='offers']")[0]
        price = price_box.xpath(".//span[contains(@class, 'oe_price')]")[0]
        strike_paths = (
            ".//span[contains(@class, 'oe_default_price')]"
            " | .//del[contains(@class, 'oe_compare_list_price')]"
        )
        struck = [
            element
            for element in price_box.xpath(strike_paths)
            if "d-none" not in element.get("class", "").split()
        ]
        product = {
            "title": one_line(details.xpath(".//h1")[0].text_content()),
            "description": html_to_text(lxml_html.tostring(description, encoding="unicode")),
            "lang": (page.getroottree().getroot().get("lang") or "").replace("-", "_"),
        }
        shown_price = {
            "currency": one_line(price_box.xpath(".//span[@itemprop='priceCurrency']")[0].text_content()),
            # a struck-through price is the regular one and the price beside it the sale price
            "price": self._amount(struck[0], lang) if struck else self._amount(price, lang),
            "sale_price": self._amount(price, lang) if struck else "",
        }
        variant_id = int(details.xpath(".//input[@name='product_id']")[0].get("value"))
        add_to_cart = one_line(page.get_element_by_id("add_to_cart").text_content())
        return product, variant_id, shown_price, add_to_cart

    def test_demo_shop_pages_show_the_snapshot(self):
        self.assertTrue(self.listings, "the demo publishes the approved products on the web shop")
        self.assertEqual(set(self.langs.mapped("code")), {"en_US", "fr_FR", "de_DE"})
        snapshots = self.kobo_snapshots(self.listings, self.langs.mapped("code"))
        default_lang = self.website.default_lang_id
        sales_shown = 0
        for listing in self.listings:
            template = listing.product_tmpl_id
            for lang in self.langs:
                prefix = "" if lang == default_lang else f"/{lang.url_code}"
                where = f"{template.name} /{lang.url_code}"
                with self.subTest(page=where):
                    sales_shown += self._check_page(template, lang, prefix, where, snapshots)
        # the demo's winter sale (a dated rule of the channel's pricelist) is read back too
        self.assertTrue(sales_shown, "a page of the demo shop shows the winter sale")

    def _check_page(self, template, lang, prefix, where, snapshots):
        """Compare one page with its snapshot; whether it shows a sale price."""
        # a new anonymous visitor each time: a language chosen on an earlier page (the
        # frontend_lang cookie) would redirect the website's default-language address
        self.opener.cookies.clear()
        response = self.url_open(f"{prefix}{template.website_url}")
        self.assertEqual(response.status_code, 200, where)
        product, variant_id, shown_price, add_to_cart = self._read_page(
            lxml_html.fromstring(response.content), lang
        )
        snapshot = snapshots[(template.id, lang.code)]
        rows = [row for row in snapshot["variants"] if row["variant"].id == variant_id]
        self.assertTrue(rows, f"{where}: the page shows a variant of the product")
        expected_variant = self.kobo_expected_variant(rows[0])
        prices = {field: expected_variant[field] for field in PRICE_FIELDS if field in expected_variant}
        self.assertShowsSnapshot(
            "the web shop",
            where,
            # the shop's own words are in the page's language too (Odoo's terms, loaded by the demo)
            self.kobo_expected_product(snapshot) | prices | {"add_to_cart": ADD_TO_CART[lang.code]},
            product | shown_price | {"add_to_cart": add_to_cart},
        )
        return bool(shown_price["sale_price"])

    def test_undated_discount_is_no_sale_on_the_page(self):
        """An undated rule of the channel's pricelist gives the regular price, discount or not:
        the page strikes nothing through (website_sale alone would strike the Sales Price)."""
        template = self.env.ref("kobo_pim.demo_product_merino_half_zip")
        listing = self.listings.filtered(lambda listing: listing.product_tmpl_id == template)
        self.assertTrue(listing, "the demo publishes the merino pullover on the web shop")
        self.env["product.pricelist.item"].create(
            {
                "pricelist_id": self.channel.pricelist_id.id,
                "applied_on": "1_product",
                "product_tmpl_id": template.id,
                "compute_price": "formula",
                "base": "list_price",
                "price_discount": 10,
            }
        )
        lang = self.website.default_lang_id
        snapshots = self.kobo_snapshots(listing, [lang.code])
        self.assertFalse(
            any(row["price"]["on_sale"] for row in snapshots[(template.id, lang.code)]["variants"]),
            "the PIM has no sale price for an undated rule",
        )
        self.assertFalse(self._check_page(template, lang, "", template.name, snapshots))
