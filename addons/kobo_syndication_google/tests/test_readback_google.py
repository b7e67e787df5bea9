"""Read-back of the Google feed (issue 17): the file Google fetches says what the PIM approved.

The feed is written the way production writes it (the sync job stores the rows, the cron writes
the file), read back as Google reads it (the XML file, parsed with lxml), and every item is
compared with the approved snapshot (``kobo.snapshot``) in the feed's language. The expectation
comes from the snapshot, never from the connector's payload."""

from freezegun import freeze_time
from lxml import etree

from odoo.addons.kobo_syndication.tests.readback import ReadBackMixin
from odoo.tests import tagged

from .google_feed_common import G, GoogleFeedCase, split_title

#: When the feed is written and compared: the blouse is on sale (June 2026).
NOW = "2026-06-10 12:00:00"


@tagged("post_install", "-at_install")
class TestReadBackGoogle(ReadBackMixin, GoogleFeedCase):
    def _write_feed(self, products=None):
        """Publish ``products`` (both test products by default) and let the cron write the file."""
        listings = self.env["kobo.listing"]._kobo_ensure(
            products or (self.blouse | self.trousers), self.google
        )
        listings._kobo_queue("publish")
        with freeze_time(NOW):
            self.google._kobo_job_sync()
            self.env["kobo.google.feed"]._cron_generate()
        self.assertEqual(set(listings.mapped("state")), {"published"}, listings.issue_ids.mapped("message"))
        return listings

    def _shown(self, feed):
        """``{g:id: {field: value}}``: what the XML file says, in the read-back's words."""
        root = etree.fromstring(feed._kobo_read_file("xml"))  # noqa: S320 (the file this module wrote)
        shown = {}
        for item in root.iter("item"):
            values = {element.tag.removeprefix(G): element.text or "" for element in item}
            price, __, currency = values.get("price", "").partition(" ")
            sale_price, __, sale_currency = values.get("sale_price", "").partition(" ")
            shown[values["id"]] = {
                "title": values.get("title", ""),
                "description": values.get("description", ""),
                "price": price,
                "currency": currency,
                "sale_price": sale_price,
                "sale_currency": sale_currency,
                "available": {"in_stock": True, "out_of_stock": False}.get(values.get("availability")),
                "size": values.get("size", ""),
                "colour": values.get("color", ""),
                "gtin": values.get("gtin", ""),
                "code": values.get("mpn", ""),
                "link": values.get("link", ""),
            }
        return shown

    def _assert_feed_shows_snapshot(self, listings):
        """Every variant of ``listings`` has one item in the file, and it says what the snapshot
        says in the feed's language."""
        feed = self.google.google_feed_ids
        lang = self.env["kobo.connector.google_merchant"]._kobo_feed_lang(self.google)
        self.assertEqual(lang, "de_DE")
        with freeze_time(NOW):
            snapshots = self.kobo_snapshots(listings, [lang])
        shown_items = self._shown(feed)
        expected_ids = set()
        for listing in listings:
            snapshot = snapshots[(listing.product_tmpl_id.id, lang)]
            self.assertTrue(snapshot["variants"])
            product = self.kobo_expected_product(snapshot)
            for row in snapshot["variants"]:
                expected_ids.add(row["code"])
                where = f"{snapshot['name']} / {row['code']}"
                shown = dict(shown_items.get(row["code"]) or {})
                self.assertTrue(shown, f"{where}: the feed has no item with id {row['code']}")
                # Google's title is the product's title followed by the variant's colour and size
                title, added = split_title(shown["title"], product["title"])
                extras = [value for value in (*row["colours"], row["size"]) if value]
                self.assertEqual(added, extras, f"{where}: the title's colour and size")
                shown["title"] = title
                shown["lang"] = lang
                expected = {**product, **self.kobo_expected_variant(row)}
                if expected.get("sale_price"):
                    self.assertEqual(shown["sale_currency"], expected["currency"], f"{where}: sale currency")
                self.assertShowsSnapshot("the Google feed", where, expected, shown)
                self.assertEqual(shown["link"], self._landing_link(row["variant"], lang), f"{where}: link")
        self.assertEqual(set(shown_items), expected_ids, "one item per published variant, no other")

    def test_the_feed_shows_the_approved_snapshot(self):
        listings = self._write_feed()
        self.assertEqual(len(self.google.google_feed_ids), 1)
        self._assert_feed_shows_snapshot(listings)

    def test_channel_copy_and_converted_sizes_are_read_back(self):
        """The channel's own copy and sizes in the channel's size system reach the file."""
        self._blouses_in_eu_sizes("Read-back blouses")
        override = self.env["kobo.channel.copy"].create(
            {"product_tmpl_id": self.trousers.id, "channel_id": self.google.id}
        )
        override.with_context(lang="de_DE").write(
            {"kobo_marketing_name": "Leinenhose", "kobo_description": "<p>Nur bei Google &amp; Co.</p>"}
        )
        self._approve(self.trousers)  # the channel's copy is content: approved before it goes out
        listings = self._write_feed()
        self._assert_feed_shows_snapshot(listings)
        shown = self._shown(self.google.google_feed_ids)
        self.assertEqual(shown["TRO-Navy-L"]["title"], "Leinenhose - Navy - 40")
        self.assertEqual(shown["TRO-Navy-L"]["description"], "Nur bei Google & Co.")

    def test_a_difference_fails_the_read_back(self):
        """A file that no longer says what the PIM approved fails: the PIM changed the price and
        the copy after the file was written."""
        listings = self._write_feed()
        self.trousers.list_price = 99.0
        self.trousers.with_context(lang="de_DE").kobo_description = "<p>Neu.</p>"
        with self.assertRaises(AssertionError) as failure:
            self._assert_feed_shows_snapshot(listings)
        message = str(failure.exception)
        self.assertIn("price: the PIM says '99.00', the Google feed shows '89.50'", message)
        self.assertIn("description: the PIM says 'Neu.'", message)
