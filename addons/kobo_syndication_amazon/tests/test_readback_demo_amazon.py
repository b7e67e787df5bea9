"""Read-back of the demo's Amazon channel (issue 17, "the read-back comparison passes for every demo
channel in every locale"): the demo products approved in the PIM are queued on the demo Amazon.de
channel (``kobo_pim.channel_amazon_de``, pointed here at this test's own Amazon stand-in instead of
the demo's 127.0.0.1:8092, allowed to the outbound client as an administrator would allow it) and
published by the channel's sync job; every SKU is read back as Amazon shows it (getListingsItem,
read by ``TestAmazonReadBack``'s helpers) and compared with the approved snapshot
(``kobo.snapshot``). Products the channel blocks stay blocked; every listing that ends published is
compared, and at least one is.

Amazon.de shows one language: the channel's listing language (``amazon_lang_id``, German), in
which every attribute is written (``language_tag``). The channel's other locale (English) is not
published on this marketplace: there is nothing of it to read back, and the read-back checks that
every attribute says it is German."""

from unittest import mock
from urllib.parse import urlsplit

from odoo.addons.kobo_base.outbound_http import ALLOWED_HOSTS_PARAM
from odoo.addons.kobo_syndication.tests.readback import ReadBackMixin
from odoo.addons.kobo_syndication.tests.test_connector_http import LoopbackTimeoutsMixin
from odoo.addons.kobo_syndication_amazon.fake_servers import amazon as fake_amazon
from odoo.tests import TransactionCase, tagged

from . import test_readback_amazon as amazon_readback
from .amazon_common import FakeClock

_READ_BACK = amazon_readback.TestAmazonReadBack


@tagged("post_install", "-at_install")
class TestReadBackDemoAmazon(ReadBackMixin, LoopbackTimeoutsMixin, TransactionCase):
    # Reading Amazon and what the PIM approved, as the fixtures' read-back does
    _get_listing = _READ_BACK._get_listing
    _shown = _READ_BACK._shown
    _expected_product = _READ_BACK._expected_product
    _expected_variant = _READ_BACK._expected_variant

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.channel = cls.env.ref("kobo_pim.channel_amazon_de")
        cls.templates = cls.env["kobo.enrichment"].sudo().search([("state", "=", "approved")]).product_tmpl_id
        # the throttle runs on real time, the connector's pacing on the fake clock: opened wide
        cls.server = fake_amazon.start(rate=1000.0, burst=1000)
        cls.addClassCleanup(cls.server.stop)
        cls.channel.sudo().write(
            {
                "amazon_endpoint": cls.server.url,
                "amazon_token_url": f"{cls.server.url}{fake_amazon.TOKEN_PATH}",
            }
        )

    def setUp(self):
        super().setUp()
        self.env["ir.config_parameter"].sudo().set_param(
            ALLOWED_HOSTS_PARAM, urlsplit(self.server.url).netloc
        )
        clock = FakeClock()
        connector_class = type(self.env["kobo.connector.amazon"])
        self.startPatcher(mock.patch.object(connector_class, "_kobo_sleep", clock.sleep))
        self.startPatcher(mock.patch.object(connector_class, "_kobo_amazon_clock", clock.clock))

    def test_demo_amazon_listings_read_back_equal_the_snapshot(self):
        self.assertEqual(self.channel.connector, "amazon")
        # the stand-in is the demo's marketplace and seller
        self.assertEqual(self.channel.amazon_marketplace_id, fake_amazon.DEMO_MARKETPLACE_ID)
        self.assertEqual(self.channel.amazon_seller_id, fake_amazon.DEMO_SELLER_ID)
        self.assertTrue(self.templates, "the demo has products approved in the PIM")
        published = self.kobo_publish_all(self.templates, self.channel)
        # Amazon.de is written in the channel's listing language, one of the channel's locales
        lang = self.env["kobo.connector.amazon"]._kobo_amazon_lang(self.channel)
        self.assertEqual(lang, "de_DE")
        self.assertIn(lang, self.channel.lang_ids.mapped("code"))
        # the snapshot in the marketplace language, colour and size names included
        snapshots = (
            self.env["kobo.snapshot"]
            .with_context(lang=lang)
            ._kobo_build(published.product_tmpl_id.with_context(lang=lang), self.channel, [lang])
        )
        compared = 0
        for listing in published:
            snapshot = snapshots[(listing.product_tmpl_id.id, lang)]
            self.assertTrue(snapshot["variants"])
            product = self._expected_product(snapshot)
            rows = snapshot["variants"]
            if len(rows) > 1:
                parent = self._get_listing(listing.external_id)
                self.assertShowsSnapshot(
                    "Amazon", f"{listing.external_id} (parent, {lang})", product, self._shown(parent)
                )
            for row in rows:
                item = self._get_listing(row["code"])
                self.assertShowsSnapshot(
                    "Amazon",
                    f"{row['code']} ({lang})",
                    {**product, **self._expected_variant(row)},
                    self._shown(item),
                )
                tags = {
                    entry["language_tag"]
                    for entries in (item.get("attributes") or {}).values()
                    for entry in entries
                    if isinstance(entry, dict) and "language_tag" in entry
                }
                self.assertEqual(tags, {lang}, f"{row['code']}: every text in the listing language")
                compared += 1
        self.assertTrue(compared, "at least one SKU was read back and compared")
