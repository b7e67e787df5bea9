"""An Amazon channel talking to the local fake SP-API (fake_servers/amazon.py) on a free port,
a shirt in two colours and two sizes, a one-variant scarf, and a fake clock for the pacing."""

import base64
import io
from contextlib import contextmanager
from unittest import mock
from urllib.parse import urlsplit

from PIL import Image
from stdnum import ean

from odoo import Command
from odoo.addons.kobo_base.outbound_http import ALLOWED_HOSTS_PARAM
from odoo.addons.kobo_syndication.tests.common import KoboSyndicationCase
from odoo.addons.kobo_syndication_amazon.fake_servers import amazon as fake_amazon
from odoo.tests.common import _super_send


def ean13(body):
    """``body`` (12 digits) with its EAN-13 check digit."""
    return body + ean.calc_check_digit(body)


def png():
    output = io.BytesIO()
    Image.new("RGB", (120, 120), (20, 40, 80)).save(output, format="PNG")
    return base64.b64encode(output.getvalue())


class FakeClock:
    """Time that moves only when the connector sleeps: the pacing's waits are counted, not waited."""

    def __init__(self):
        self.now = 1000.0
        self.sleeps = []

    def clock(self):
        return self.now

    def sleep(self, seconds):
        if seconds > 0:
            self.sleeps.append(round(seconds, 3))
            self.now += seconds


class KoboAmazonCase(KoboSyndicationCase):
    # the engine's ``shop`` channel without connector: these tests need no web shop
    shop_connector = False
    #: The fake server's options. Its throttle runs on real time while the connector's pacing
    #: runs on the fake clock here, so the throttle is opened wide; TestAmazonPacing runs both
    #: on real time at Amazon's 5 requests/s.
    server_options = {"rate": 1000.0, "burst": 1000}
    fake_clock = True

    @classmethod
    def _request_handler(cls, s, r, /, **kw):
        # Odoo's tests raise every timeout under 10 s to 10 s; the fake server's slow answers
        # are measured against the connector's own (short) timeout, on loopback only.
        if urlsplit(r.url).hostname == "127.0.0.1":
            return _super_send(s, r, **kw)
        return super()._request_handler(s, r, **kw)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server = fake_amazon.start(**cls.server_options)
        cls.addClassCleanup(cls.server.stop)
        cls.env["res.lang"]._activate_lang("de_DE")
        cls.pricelist_eur.item_ids = [
            Command.create({"compute_price": "percentage", "percent_price": 10, "applied_on": "3_global"})
        ]
        cls.channel = cls.env["kobo.channel"].create(
            {
                "name": "Amazon Test DE",
                "code": "test_amazon_de",
                "connector": "amazon",
                "company_id": cls.env.company.id,
                "lang_ids": [Command.set(cls.env.ref("base.lang_de").ids)],
                "pricelist_id": cls.pricelist_eur.id,
                "amazon_endpoint": cls.server.url,
                "amazon_token_url": f"{cls.server.url}{fake_amazon.TOKEN_PATH}",
                "amazon_seller_id": fake_amazon.DEMO_SELLER_ID,
                "amazon_marketplace_id": fake_amazon.DEMO_MARKETPLACE_ID,
                "amazon_product_type": "SHIRT",
                "amazon_lang_id": cls.env.ref("base.lang_de").id,
                "amazon_untracked_quantity": 10,
                "amazon_client_id": fake_amazon.DEMO_CLIENT_ID,
                "amazon_client_secret": fake_amazon.DEMO_CLIENT_SECRET,
                "amazon_refresh_token": fake_amazon.DEMO_REFRESH_TOKEN,
            }
        )
        colour = cls.env["product.attribute"].create(
            {
                "name": "Amazon colour",
                "display_type": "color",
                "value_ids": [Command.create({"name": "Marine"}), Command.create({"name": "Sand"})],
            }
        )
        size = cls.env["product.attribute"].create(
            {
                "name": "Amazon size",
                "value_ids": [Command.create({"name": "S"}), Command.create({"name": "M"})],
            }
        )
        cls.portugal = cls.env.ref("base.pt")
        facts = {
            "kobo_brand": "Kōbō",
            "kobo_country_of_origin_id": cls.portugal.id,
            "kobo_composition_label": "100% Leinen",
            "kobo_care_text": "Handwäsche 30 °C",
            "kobo_gender": "female",
            "kobo_age_group": "adult",
        }
        cls.shirt = cls.env["product.template"].create(
            {
                "name": "Linen Shirt",
                "list_price": 80.0,
                "kobo_item_group": "AMZ-SHIRT",
                "kobo_marketing_name": "Leinenhemd",
                "kobo_description": "<p>Ein Hemd aus <b>Leinen</b>.</p>",
                "kobo_bullet_points": "Leinen aus Portugal\nPerlmuttknöpfe\nGerader Schnitt",
                "attribute_line_ids": [
                    Command.create(
                        {"attribute_id": colour.id, "value_ids": [Command.set(colour.value_ids.ids)]}
                    ),
                    Command.create({"attribute_id": size.id, "value_ids": [Command.set(size.value_ids.ids)]}),
                ],
                **facts,
            }
        )
        for index, variant in enumerate(cls.shirt.product_variant_ids):
            values = variant.product_template_attribute_value_ids
            colour_name = values.filtered(lambda value: value.attribute_id == colour).name
            size_name = values.filtered(lambda value: value.attribute_id == size).name
            variant.write(
                {
                    "default_code": f"AMZ-SHIRT-{colour_name[0]}{size_name}",
                    "barcode": ean13(f"40000000001{index}"),
                }
            )
        cls.scarf = cls.env["product.template"].create(
            {
                "name": "Silk Scarf",
                "list_price": 40.0,
                "default_code": "AMZ-SCARF",
                "barcode": ean13("400000000020"),
                "kobo_marketing_name": "Seidenschal",
                "kobo_description": "<p>Ein Schal aus Seide.</p>",
                "kobo_bullet_points": "Seide\nHandgerollte Kanten\nIn Portugal gewebt",
                **facts,
            }
        )
        cls.env["kobo.asset"].create(
            [
                {"product_tmpl_id": product.id, "name": "front.png", "image": png()}
                for product in cls.shirt | cls.scarf
            ]
        )
        cls._approve(cls.shirt | cls.scarf)
        # The approval queued them on the channel; each test publishes what it needs.
        cls.channel.action_cancel_queue()

    def setUp(self):
        super().setUp()
        self.server.state = fake_amazon.FakeAmazonState(**self.server_options)  # an empty store per test
        # the fake SP-API is on loopback: allowed as an administrator would allow it
        self.env["ir.config_parameter"].sudo().set_param(
            ALLOWED_HOSTS_PARAM, urlsplit(self.server.url).netloc
        )
        self.clock = FakeClock()
        if not self.fake_clock:
            return
        connector_class = type(self.env["kobo.connector.amazon"])
        for patcher in (
            mock.patch.object(connector_class, "_kobo_sleep", self.clock.sleep),
            mock.patch.object(connector_class, "_kobo_amazon_clock", self.clock.clock),
        ):
            patcher.start()
            self.addCleanup(patcher.stop)

    # Helpers

    def _amazon_listings(self, products=None):
        return self.env["kobo.listing"]._kobo_ensure(products or (self.shirt | self.scarf), self.channel)

    def _publish(self, listings=None):
        listings = listings or self._amazon_listings()
        listings._kobo_queue("publish")
        self.channel._kobo_job_sync()
        self.env.invalidate_all()
        return listings

    def _operations(self):
        return [(operation, sku) for operation, sku, _query, _body in self.server.state.requests]

    def _shirt_skus(self):
        return sorted(["AMZ-SHIRT", *self.shirt.product_variant_ids.mapped("default_code")])

    def _all_skus(self):
        return sorted([*self._shirt_skus(), "AMZ-SCARF"])

    @contextmanager
    def _timeout(self, seconds):
        connector_class = type(self.env["kobo.connector.amazon"])
        with mock.patch.object(connector_class, "_kobo_http_timeout", seconds):
            yield

    def assertNothingLostOrDuplicated(self, listings):
        """Every published listing's SKUs are on Amazon, once (the store is keyed by SKU); no
        listing is published whose SKUs Amazon lacks; Amazon holds no SKU of ours twice."""
        stored = self.server.state.skus()
        self.assertEqual(len(stored), len(set(stored)))
        for listing in listings:
            skus = self._shirt_skus() if listing.product_tmpl_id == self.shirt else ["AMZ-SCARF"]
            if listing.state == "published":
                self.assertTrue(
                    set(skus) <= set(stored), f"{listing.display_name} is published but not on Amazon"
                )
