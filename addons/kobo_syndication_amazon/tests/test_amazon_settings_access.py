"""An Amazon channel's settings belong to syndication managers: a catalogue manager (PIM manager
and syndication user, like the demo's Nina Holm) sees them read-only on the channel form (the
product types by category too), does not see the credentials nor the endpoints at all, and is
refused by the model at create and at write, whatever the client. A syndication manager sets them
on the same form."""

from psycopg2 import IntegrityError

from odoo import Command
from odoo.addons.kobo_syndication.tests.settings_access_common import ChannelSettingsAccessCase
from odoo.addons.kobo_syndication_amazon.fake_servers import amazon as fake_amazon
from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestAmazonSettingsAccess(ChannelSettingsAccessCase):
    shop_connector = "amazon"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("de_DE")
        cls.lang_de = cls.env.ref("base.lang_de")
        cls.shop.lang_ids = [Command.set(cls.lang_de.ids)]
        cls.category = cls.env["product.category"].create({"name": "Amazon Skirts"})

    def _settings(self):
        """Values a syndication manager may give, each differing from the channel's."""
        return {
            "amazon_seller_id": fake_amazon.DEMO_SELLER_ID,
            "amazon_marketplace_id": fake_amazon.DEMO_MARKETPLACE_ID,
            "amazon_lang_id": self.lang_de,
            "amazon_product_type": "DRESS",
            "amazon_untracked_quantity": 5,
            "amazon_validate_first": True,
            "amazon_feed_threshold": 5,
        }

    def _secrets(self):
        return {
            "amazon_endpoint": "https://elsewhere.example",
            "amazon_token_url": "https://elsewhere.example/token",
            "amazon_client_id": "forged-client",
            "amazon_client_secret": "forged-secret",
            "amazon_refresh_token": "Atzr|forged",
        }

    def _assert_unchanged(self):
        shop = self.shop
        self.assertFalse(shop.amazon_seller_id)
        self.assertFalse(shop.amazon_marketplace_id)
        self.assertFalse(shop.amazon_lang_id)
        self.assertEqual(shop.amazon_product_type, "SHIRT")
        self.assertEqual(shop.amazon_untracked_quantity, 0)
        self.assertFalse(shop.amazon_validate_first)
        self.assertEqual(shop.amazon_feed_threshold, 20)
        self.assertEqual(shop.amazon_endpoint, "https://sellingpartnerapi-eu.amazon.com")
        self.assertEqual(shop.amazon_token_url, "https://api.amazon.com/auth/o2/token")
        self.assertFalse(shop.amazon_client_id or shop.amazon_client_secret or shop.amazon_refresh_token)
        self.assertFalse(shop.amazon_product_type_map_ids)

    def test_the_form_shows_the_amazon_settings_read_only_to_a_catalogue_manager(self):
        with self.catalogue_manager_form() as form:
            form.name = "Test Shop (renamed)"  # the rest of the channel is theirs
            self.assertCatalogueManagerFormIsReadOnly(form)
            with self.assertRaisesRegex(AssertionError, "'amazon_product_type_map_ids' is not editable"):
                form.amazon_product_type_map_ids.new()
        self.assertEqual(self.shop.name, "Test Shop (renamed)")
        self._assert_unchanged()
        # a syndication manager sets them on the same form
        with self.manager_form() as form:
            self.fill_as_manager(form)
            with form.amazon_product_type_map_ids.new() as line:
                line.categ_id = self.category
                line.product_type = "SKIRT"
        shop = self.shop
        for name, value in {**self._settings(), **self._secrets()}.items():
            self.assertEqual(shop[name], value, name)
        self.assertEqual(shop.amazon_product_type_map_ids.mapped("product_type"), ["SKIRT"])

    def test_the_model_refuses_amazon_settings_to_a_catalogue_manager(self):
        channels = self.env["kobo.channel"].with_user(self.pim_manager)
        shop = self.shop.with_user(self.pim_manager)
        self.assertModelRefusesCatalogueManager()
        map_line = {"categ_id": self.category.id, "product_type": "SKIRT"}
        with self.assertRaises(AccessError):
            shop.write({"amazon_product_type_map_ids": [Command.create(map_line)]})
        with self.assertRaises(AccessError):
            self.env["kobo.amazon.product.type.map"].with_user(self.pim_manager).create(
                {**map_line, "channel_id": self.shop.id}
            )
        self._assert_unchanged()
        # a syndication manager may
        self.shop.with_user(self.syndication_manager).write(
            {
                **self._as_values(self._settings()),
                "amazon_product_type_map_ids": [Command.create(map_line)],
            }
        )
        self.assertEqual(self.shop.amazon_product_type, "DRESS")
        self.assertEqual(self.shop.amazon_product_type_map_ids.product_type, "SKIRT")
        # without Amazon settings, the catalogue manager creates channels as before
        channel = channels.create({"name": "Retailer", "code": "retailer_x"})
        self.assertFalse(channel.connector)
        self.assertEqual(channel.amazon_product_type, "SHIRT")

    def test_a_negative_feed_threshold_is_refused(self):
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            self.shop.with_user(self.syndication_manager).write({"amazon_feed_threshold": -1})
            self.shop.flush_recordset()
        self.assertEqual(self.shop.amazon_feed_threshold, 20)
