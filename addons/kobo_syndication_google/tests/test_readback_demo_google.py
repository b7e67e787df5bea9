"""Read-back of the demo's Google channel (issue 17, "the read-back comparison passes for every demo
channel in every locale"): the demo products approved in the PIM are queued on the demo Google
channel (``kobo_pim.channel_google_de``) through the production path and published by the
channel's sync job; the cron writes the feed file; the file is read back as Google reads it (the
XML, parsed with lxml, by ``TestReadBackGoogle._shown``) and every item is compared with the
approved snapshot (``kobo.snapshot``) in the feed's locale, which is every locale of the channel.
Products the channel blocks stay blocked; every listing that ends published is compared, and at
least one is. The expectation comes from the snapshot, never from the connector's payload.

Runs with the web shop (links to the variant's shop page) and without it (kobo_pim's demo and
this addon alone: links to the channel's landing page address, set here as the channel's
administrator would set it)."""

from odoo.addons.kobo_syndication.tests.readback import ReadBackMixin
from odoo.tests import TransactionCase, tagged

from . import test_readback_google as google_readback
from .google_feed_common import LANDING_URL, split_title


@tagged("post_install", "-at_install")
class TestReadBackDemoGoogle(ReadBackMixin, TransactionCase):
    #: What the file says, in the read-back's words: the same reading as the fixtures' read-back
    _shown = google_readback.TestReadBackGoogle._shown

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.channel = cls.env.ref("kobo_pim.channel_google_de")
        cls.web_shop = "website_url" in cls.env["product.product"]._fields
        if not cls.web_shop:
            # without Odoo's web shop the feed links to the shop the channel names
            cls.channel.google_landing_url = LANDING_URL
        cls.templates = cls.env["kobo.enrichment"].sudo().search([("state", "=", "approved")]).product_tmpl_id

    def _expected_link(self, variant, lang):
        if self.web_shop:
            shop_url = self.env["kobo.connector.google_merchant"]._kobo_shop_url(self.channel, lang)
            return shop_url + variant.with_context(lang=lang).website_url
        return LANDING_URL.format(lang=lang, code=variant.default_code)

    def test_demo_google_feed_reads_back_equal_the_snapshot(self):
        self.assertEqual(self.channel.connector, "google_merchant")
        self.assertTrue(self.templates, "the demo has products approved in the PIM")
        published = self.kobo_publish_all(self.templates, self.channel)
        self.env["kobo.google.feed"]._cron_generate()
        feed = self.channel.google_feed_ids
        self.assertEqual(len(feed), 1)
        # one feed per channel, in the channel's locale: the demo channel has that one locale
        lang = self.env["kobo.connector.google_merchant"]._kobo_feed_lang(self.channel)
        self.assertEqual(self.channel.lang_ids.mapped("code"), [lang])
        snapshots = self.kobo_snapshots(published.with_context(lang=lang), [lang])
        shown_items = self._shown(feed)
        expected_ids = set()
        compared = 0
        for listing in published:
            snapshot = snapshots[(listing.product_tmpl_id.id, lang)]
            self.assertTrue(snapshot["variants"])
            product = self.kobo_expected_product(snapshot)
            for row in snapshot["variants"]:
                expected_ids.add(row["code"])
                where = f"{snapshot['name']} / {row['code']} ({lang})"
                shown = dict(shown_items.get(row["code"]) or {})
                self.assertTrue(shown, f"{where}: the feed has no item with id {row['code']}")
                # Google's title is the product's title followed by the variant's colours and size,
                # in the order of the product's attributes (the demo's sizes come before colours)
                title, added = split_title(shown["title"], product["title"])
                extras = [value for value in (*row["colours"], row["size"]) if value]
                self.assertEqual(sorted(added), sorted(extras), f"{where}: the title's colour and size")
                shown["title"] = title
                shown["lang"] = lang
                expected = {**product, **self.kobo_expected_variant(row)}
                if expected.get("sale_price"):
                    self.assertEqual(shown["sale_currency"], expected["currency"], f"{where}: sale currency")
                expected["link"] = self._expected_link(row["variant"], lang)
                self.assertShowsSnapshot("the Google feed", where, expected, shown)
                compared += 1
        self.assertEqual(set(shown_items), expected_ids, "one item per published variant, no other")
        self.assertTrue(compared, "at least one item was read back and compared")
