"""The Google feed says what the PIM and the shop say: the size in the title is the size of
``g:size``, links land on the page in the feed's language, and the served file follows a
published change without waiting for the cron."""

from freezegun import freeze_time
from lxml import etree

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import HttpCase, tagged

from .google_feed_common import LANDING_URL, G, GoogleFeedCase


@tagged("post_install", "-at_install")
class TestFeedTitleSize(GoogleFeedCase):
    def test_the_title_names_the_converted_size_of_g_size(self):
        """A channel in EU sizes: the title names the EU size g:size gives, not the raw value."""
        self._blouses_in_eu_sizes("Feed blouses")
        __, feed = self._publish(self.blouse)
        items = {key: item for key, item in self._items(feed).items() if key.startswith("BLO-")}
        self.assertEqual(len(items), 4)
        for item in items.values():
            self.assertIn(item["size"], ("38", "40"))
            self.assertEqual(item["size_system"], "EU")
            colour = item["color"]
            self.assertEqual(item["title"], f"Blouse aus Leinen - {colour} - {item['size']}")
        self.assertEqual(items["BLO-Navy-L"]["title"], "Blouse aus Leinen - Navy - 40")

    def test_a_language_the_website_does_not_offer_links_to_its_default_page(self):
        navy_m = self.blouse.product_variant_ids.filtered(lambda v: v.default_code == "BLO-Navy-M")
        if not self.web_shop:
            # Without Odoo's web shop there is no website and no language of its to choose: the
            # link is the channel's landing page address, in the feed's language.
            __, feed = self._publish(self.blouse)
            self.assertEqual(
                self._items(feed)["BLO-Navy-M"]["link"], "https://shop.example.com/de_DE/p/BLO-Navy-M"
            )
            self.assertEqual(self._items(feed)["BLO-Navy-M"]["link"], self._landing_link(navy_m))
            return
        website = self.env["website"].create({"name": "English-only shop", "company_id": self.env.company.id})
        website.language_ids = self.env.ref("base.lang_en")
        website.default_lang_id = self.env.ref("base.lang_en")
        self._link_to_website(website)
        __, feed = self._publish(self.blouse)
        link = self._items(feed)["BLO-Navy-M"]["link"]
        self.assertTrue(link.startswith(f"{website.get_base_url()}/shop/blouse-"), link)
        website.language_ids |= self.lang_de
        self._link_to_website(website)
        __, feed = self._publish(self.blouse)
        self.assertEqual(self._items(feed)["BLO-Navy-M"]["link"], link.replace("/shop/", "/de/shop/", 1))
        self.assertEqual(self._items(feed)["BLO-Navy-M"]["link"], self._landing_link(navy_m))

    def test_a_landing_page_address_replaces_the_shop_page(self):
        """A shop that is not Odoo's: the channel's landing page address, with the variant's
        reference (URL-quoted), the feed's language and the variant's id, is the item's link,
        whether Odoo's web shop is installed or not."""
        self.google.google_landing_url = "https://shop.example.com/{lang}/p/{code}?variant={id}"
        navy_m = self.blouse.product_variant_ids.filtered(lambda v: v.default_code == "BLO-Navy-M")
        red_l = self.blouse.product_variant_ids.filtered(lambda v: v.default_code == "BLO-Red-L")
        red_l.default_code = "BLO Red/L"
        listings, feed = self._publish(self.blouse)
        self.assertEqual(listings.state, "published")
        items = self._items(feed)
        self.assertEqual(
            items["BLO-Navy-M"]["link"], f"https://shop.example.com/de_DE/p/BLO-Navy-M?variant={navy_m.id}"
        )
        self.assertEqual(
            items["BLO Red/L"]["link"], f"https://shop.example.com/de_DE/p/BLO%20Red%2FL?variant={red_l.id}"
        )

    def test_a_landing_page_address_is_checked_when_saved(self):
        placeholder = "has a placeholder other than {code}, {lang} and {id}"
        for pattern, message in (
            ("https://shop.example.com/{lang}/p/{foo}", placeholder),
            ("https://shop.example.com/p/{code", placeholder),
            ("shop.example.com/p/{code}", "must start with https://"),
            ("ftp://shop.example.com/p/{code}", "must start with https://"),
        ):
            with self.subTest(pattern=pattern), self.assertRaises(ValidationError) as refused:
                self.google.with_user(self.syndication_manager).google_landing_url = pattern
            self.assertIn("Google Test DE: the landing page address", str(refused.exception))
            self.assertIn(message, str(refused.exception))
        self.assertEqual(self.google.google_landing_url or False, False if self.web_shop else LANDING_URL)
        with self.assertRaises(AccessError):
            self.google.with_user(
                self.syndication_user
            ).google_landing_url = "https://shop.example.com/{code}"
        self.google.with_user(self.syndication_manager).google_landing_url = "http://shop.example.com/{id}"
        self.assertEqual(self.google.google_landing_url, "http://shop.example.com/{id}")

    def _link_to_website(self, website):
        """The Google channel's links go to ``website``: the channel's website when the Kōbō web
        shop gives channels one, else the first website of the company, as Odoo's."""
        if "website_id" in self.google._fields:
            self.google.website_id = website
        else:
            website.sequence = min(self.env["website"].search([]).mapped("sequence")) - 1


@tagged("post_install", "-at_install")
class TestFeedFidelityHttp(HttpCase, GoogleFeedCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if cls.web_shop:
            cls.website = cls.env["website"].search([("company_id", "=", cls.env.company.id)], limit=1)
            cls.website.language_ids |= cls.lang_de
            if "website_id" in cls.google._fields:
                cls.google.website_id = cls.website

    def test_links_land_on_the_page_in_the_feed_language(self):
        """The German feed links to /de/shop/…, which a visitor opens in German (no redirect);
        without Odoo's web shop, to the German page of the channel's landing page address."""
        if not self.web_shop:
            __, feed = self._publish(self.blouse)
            items = {key: item for key, item in self._items(feed).items() if key.startswith("BLO-")}
            self.assertEqual(len(items), 4)
            for key, item in items.items():
                self.assertEqual(item["link"], f"https://shop.example.com/de_DE/p/{key}")
            return
        self.assertNotEqual(self.website.default_lang_id, self.lang_de)
        self._publish_on_the_web_shop(self.blouse)
        self.assertTrue(self.blouse.is_published)
        __, feed = self._publish(self.blouse)
        base_url = self.website.get_base_url()
        items = {key: item for key, item in self._items(feed).items() if key.startswith("BLO-")}
        self.assertEqual(len(items), 4)
        for item in items.values():
            self.assertTrue(
                item["link"].startswith(f"{base_url}/{self.lang_de.url_code}/shop/"), item["link"]
            )
        link = items["BLO-Navy-M"]["link"]
        response = self.url_open(link.removeprefix(base_url), allow_redirects=False)
        self.assertEqual(response.status_code, 200, response.headers.get("Location"))
        self.assertIn(b'lang="de-DE"', response.content)
        self.assertIn(b"Blouse", response.content)

    def _publish_on_the_web_shop(self, products):
        """Put ``products`` on Odoo's web shop: through a Kōbō web shop channel when there is the
        connector (the only way it lets a product be published), else as Odoo's button does."""
        if "kobo.connector.website" not in self.env:
            products.is_published = True
            return
        web_shop = self.env["kobo.channel"].create(
            {
                "name": "Test Web Shop",
                "code": "test_web_shop",
                "connector": "website",
                "company_id": self.env.company.id,
                "pricelist_id": self.pricelist_eur.id,
                "website_id": self.website.id,
            }
        )
        listings = self._listings(products, web_shop)
        listings._kobo_queue("publish")
        web_shop._kobo_job_sync()
        self.assertEqual(set(listings.mapped("state")), {"published"})

    def test_the_served_file_follows_a_published_change(self):
        """A change pushed after the file was written is in the file the feed URL serves."""
        __, feed = self._publish(self.blouse)
        path = feed._kobo_path("xml")
        self.assertIn(b"Blouse aus Leinen - Navy - M", self.url_open(path).content)
        self.blouse.with_user(self.catalogue_user).with_context(lang="de_DE").write(
            {"kobo_marketing_name": "Bluse aus Leinen"}
        )
        self._approve(self.blouse)
        listing = self._listings(self.blouse, self.google)
        listing._kobo_queue("publish")
        with freeze_time("2026-06-10 12:00:00"):
            self.google._kobo_job_sync()
        self.assertTrue(feed.dirty)
        self.env.flush_all()
        response = self.url_open(path)
        self.assertEqual(response.status_code, 200)
        titles = [
            element.text
            for element in etree.fromstring(response.content).iter(G + "title")  # noqa: S320 (our own feed)
        ]
        self.assertIn("Bluse aus Leinen - Navy - M", titles)
        self.assertNotIn("Blouse aus Leinen - Navy - M", titles)
        feed.invalidate_recordset()
        self.assertFalse(feed.dirty)
