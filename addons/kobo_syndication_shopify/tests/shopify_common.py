"""Shared set-up of the Shopify tests: a Shopify channel (English primary, German translations,
EUR pricelist 10 % off) pointed at a fresh local fake shop per test, a sweater in 2 colours × 2
sizes with an image, and a scarf without variants. Waits are recorded, not slept: each one moves
the fake shop's clock so its bucket refills as if time had passed. No test methods here."""

from unittest import mock
from urllib.parse import urlsplit

from stdnum import ean

from odoo import Command
from odoo.addons.kobo_base.outbound_http import ALLOWED_HOSTS_PARAM
from odoo.addons.kobo_syndication.tests.common import KoboSyndicationCase, png
from odoo.addons.kobo_syndication.tests.test_connector_http import LoopbackTimeoutsMixin
from odoo.addons.kobo_syndication_shopify.fake_servers import shopify as fake_shopify
from odoo.addons.kobo_syndication_shopify.fake_servers.shopify_ownership import new_media
from odoo.addons.kobo_syndication_shopify.models import kobo_connector_shopify_client as shopify_client
from odoo.addons.queue_job.exception import RetryableJobError

from .shopify_schema import admin_schema, schema_errors

TOKEN = "shpat_test_secret_4f9a2c7e1b"


def gtin(number):
    stem = f"{number:012d}"
    return stem + ean.calc_check_digit(stem)


class ShopifyCase(LoopbackTimeoutsMixin, KoboSyndicationCase):
    # the engine's ``shop`` channel without connector: these tests need no web shop
    shop_connector = False

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("de_DE")
        cls.lang_en = cls.env["res.lang"]._lang_get("en_US")
        cls.lang_de = cls.env["res.lang"]._lang_get("de_DE")
        cls.colour = cls.env["product.attribute"].create(
            {
                "name": "Shop Colour",
                "display_type": "color",
                "sequence": 1,
                "value_ids": [Command.create({"name": "Navy"}), Command.create({"name": "Red"})],
            }
        )
        cls.size = cls.env["product.attribute"].create(
            {
                "name": "Shop Size",
                "sequence": 2,
                "value_ids": [Command.create({"name": "S"}), Command.create({"name": "M"})],
            }
        )
        cls.pricelist_eur.item_ids = [
            Command.create({"compute_price": "percentage", "percent_price": 10, "applied_on": "3_global"})
        ]
        cls.channel = cls.env["kobo.channel"].create(
            {
                "name": "Test Shopify",
                "code": "test_shopify",
                "connector": "shopify",
                "lang_ids": [Command.set([cls.lang_en.id, cls.lang_de.id])],
                "pricelist_id": cls.pricelist_eur.id,
                "shopify_primary_lang_id": cls.lang_en.id,
                "shopify_shop_url": "http://127.0.0.1:1",
                "shopify_access_token": TOKEN,
            }
        )
        cls.sweater = cls.env["product.template"].create(
            {
                "name": "Merino Crew",
                "list_price": 50,
                "kobo_marketing_name": "Merino crew-neck sweater",
                "kobo_description": "<p>Extra-fine merino.</p>",
                "kobo_brand": "Kobo",
                "kobo_composition_label": "100 % merino wool",
                "kobo_care_text": "Hand wash cold.\nDry flat.",
                "kobo_country_of_origin_id": cls.env.ref("base.pt").id,
                "kobo_season_name": "AW27",
                "attribute_line_ids": [
                    Command.create(
                        {"attribute_id": cls.colour.id, "value_ids": [Command.set(cls.colour.value_ids.ids)]}
                    ),
                    Command.create(
                        {"attribute_id": cls.size.id, "value_ids": [Command.set(cls.size.value_ids.ids)]}
                    ),
                ],
            }
        )
        cls.sweater.with_context(lang="de_DE").kobo_marketing_name = "Merino-Pullover mit Rundhals"
        # an HTML field's translation goes term by term, as the translation dialog does
        cls.sweater._update_field_translations(
            "kobo_description", {"de_DE": {"Extra-fine merino.": "Extrafeine Merinowolle."}}
        )
        for number, variant in enumerate(cls.sweater.product_variant_ids, start=1):
            variant.write({"default_code": f"MC-{number}", "barcode": gtin(4000 + number)})
        cls.env["kobo.asset"].create(
            {"product_tmpl_id": cls.sweater.id, "image": png(900, 900), "role": "front", "sequence": 1}
        )
        cls.scarf = cls.env["product.template"].create(
            {"name": "Silk Scarf", "list_price": 30, "default_code": "SC-1", "kobo_brand": "Kobo"}
        )
        cls._approve(cls.sweater | cls.scarf)
        # The approval queued them on the channel; each test publishes what it needs.
        cls.channel.action_cancel_queue()

    def setUp(self):
        super().setUp()
        self.server = fake_shopify.start(token=TOKEN, locales=("en", "de"), primary_locale="en")
        self.addCleanup(self.server.stop)
        self.state = self.server.state
        self.channel.sudo().shopify_shop_url = self.server.url
        self.allow_host(self.server.url)
        # the bucket estimate outlives a job by design; each test starts from a fresh shop
        shopify_client._buckets.clear()
        shopify_client._costs.clear()
        self.waits = []
        self.bulk_documents = []  # the mutations run as bulk operations (checked against the schema)

        def sleep(connector, seconds):
            self.waits.append(round(seconds, 3))
            self.state.advance(seconds)

        connector_class = type(self.env["kobo.connector.shopify"])
        self.startPatcher(mock.patch.object(connector_class, "_kobo_sleep", sleep))
        if admin_schema() is not None:
            # every request checked against Shopify's published schema before the fake shop sees it
            execute = shopify_client.ShopifyClient.execute

            def checked_execute(client, operation, query, variables=None):
                self.assertEqual(schema_errors(query, variables), [], f"{operation} fits Shopify's schema")
                return execute(client, operation, query, variables)

            self.startPatcher(mock.patch.object(shopify_client.ShopifyClient, "execute", checked_execute))
            # and every line of a bulk operation with the mutation it runs, as Shopify runs each line
            connector_bulk = connector_class._kobo_shopify_bulk

            def checked_bulk(connector, client, operation, mutation, lines, budget):
                self.bulk_documents.append(mutation)
                for number, line in enumerate(lines):
                    self.assertEqual(
                        schema_errors(mutation, line),
                        [],
                        f"bulk {operation} line {number} fits Shopify's schema",
                    )
                return connector_bulk(connector, client, operation, mutation, lines, budget)

            self.startPatcher(mock.patch.object(connector_class, "_kobo_shopify_bulk", checked_bulk))

    def _failing_job(self, listings):
        """Run the job expecting it to hand over to queue_job; roll back its writes as queue_job does."""
        listings._kobo_queue("publish")
        with self.assertRaises(RetryableJobError) as caught, self.env.cr.savepoint():
            self.channel._kobo_job_sync()
        self.env.invalidate_all()
        return caught.exception

    def _seed_merchant_data(self, product):
        """What the merchant and another app put on the product in Shopify's admin."""
        product["metafields"].append(
            {
                "namespace": "custom",
                "key": "care_note",
                "type": "single_line_text_field",
                "value": "Dry clean only",
            }
        )
        product["media"].append(
            new_media(self.state, "https://cdn.example/lookbook.jpg", "Lookbook", "other")
        )

    def allow_host(self, url):
        """Allow the fake shop's host:port as an administrator would (the outbound client refuses
        loopback otherwise)."""
        self.env["ir.config_parameter"].sudo().set_param(ALLOWED_HOSTS_PARAM, urlsplit(url).netloc)

    def _listings(self, products=None, channel=None):
        return super()._listings(products or self.sweater | self.scarf, channel or self.channel)

    def _sync(self, listings, operation="publish"):
        """Queue ``listings`` and run the channel's sync job as queue_job would."""
        listings._kobo_queue(operation)
        return self.channel._kobo_job_sync()

    def _shop_products(self):
        return list(self.state.products.values())

    def assertShopHoldsOnce(self, template, status="ACTIVE"):
        """The shop holds exactly one product with the template's handle, in ``status``."""
        found = [p for p in self._shop_products() if p["handle"] == template.kobo_shopify_handle]
        self.assertEqual(len(found), 1, f"one product with handle {template.kobo_shopify_handle}")
        self.assertEqual(found[0]["status"], status)
        return found[0]
