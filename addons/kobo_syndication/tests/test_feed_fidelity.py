"""The Google feed says what the PIM and the shop say: the size in the title is the size of
``g:size``, links land on the page in the feed's language, and the served file follows a
published change without waiting for the cron."""

from freezegun import freeze_time
from lxml import etree

from odoo import Command
from odoo.tests import HttpCase, tagged

from .google_feed_common import G, GoogleFeedCase


@tagged("post_install", "-at_install")
class TestFeedTitleSize(GoogleFeedCase):
    def test_the_title_names_the_converted_size_of_g_size(self):
        """A channel in EU sizes: the title names the EU size g:size gives, not the raw value."""
        medium, large = self.size.value_ids
        self.env["kobo.size.conversion"].create(
            {
                "name": "Feed blouses",
                "attribute_id": self.size.id,
                "source_system": "intl",
                "line_ids": [
                    Command.create({"value_id": medium.id, "eu": "38", "intl": "M"}),
                    Command.create({"value_id": large.id, "eu": "40", "intl": "L"}),
                ],
            }
        )
        self.google.size_system = "eu"
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
        website = self.env["website"].create({"name": "English-only shop", "company_id": self.env.company.id})
        website.language_ids = self.env.ref("base.lang_en")
        website.default_lang_id = self.env.ref("base.lang_en")
        self.google.website_id = website
        __, feed = self._publish(self.blouse)
        link = self._items(feed)["BLO-Navy-M"]["link"]
        self.assertTrue(link.startswith(f"{website.get_base_url()}/shop/blouse-"), link)
        website.language_ids |= self.lang_de
        self.google.website_id = website
        __, feed = self._publish(self.blouse)
        self.assertEqual(self._items(feed)["BLO-Navy-M"]["link"], link.replace("/shop/", "/de/shop/", 1))


@tagged("post_install", "-at_install")
class TestFeedFidelityHttp(HttpCase, GoogleFeedCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.website = cls.env["website"].search([("company_id", "=", cls.env.company.id)], limit=1)
        cls.website.language_ids |= cls.lang_de
        cls.google.website_id = cls.website
        cls.shop.website_id = cls.website

    def test_links_land_on_the_page_in_the_feed_language(self):
        """The German feed links to /de/shop/…, which a visitor opens in German (no redirect)."""
        self.assertNotEqual(self.website.default_lang_id, self.lang_de)
        shop_listing = self._listings(self.blouse, self.shop)
        shop_listing._kobo_queue("publish")
        self.shop._kobo_job_sync()
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
