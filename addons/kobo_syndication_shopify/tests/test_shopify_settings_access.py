"""A Shopify channel's settings belong to syndication managers: a catalogue manager (PIM manager
and syndication user, like the demo's Nina Holm) sees them read-only on the channel form, does not
see the shop URL nor the access token at all, and is refused by the model at create and at write,
whatever the client. A syndication manager sets them on the same form."""

from psycopg2 import IntegrityError

from odoo.addons.kobo_syndication.tests.settings_access_common import ChannelSettingsAccessCase
from odoo.tests import tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestShopifySettingsAccess(ChannelSettingsAccessCase):
    shop_connector = "shopify"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lang_en = cls.env.ref("base.lang_en")

    def _settings(self):
        """Values a syndication manager may give, each differing from the channel's."""
        return {
            "shopify_primary_lang_id": self.lang_en,
            "shopify_inventory_policy": "continue",
            "shopify_location_id": "gid://shopify/Location/2",
            "shopify_bulk_threshold": 20,
        }

    def _secrets(self):
        return {"shopify_shop_url": "https://elsewhere.example", "shopify_access_token": "shpat_forged"}

    def test_the_form_shows_the_shopify_settings_read_only_to_a_catalogue_manager(self):
        with self.catalogue_manager_form() as form:
            form.name = "Test Shop (renamed)"  # the rest of the channel is theirs
            self.assertCatalogueManagerFormIsReadOnly(form)
        self.assertEqual(self.shop.name, "Test Shop (renamed)")
        self.assertFalse(self.shop.shopify_primary_lang_id)
        self.assertEqual(self.shop.shopify_inventory_policy, "deny")
        self.assertFalse(self.shop.shopify_location_id)
        self.assertEqual(self.shop.shopify_bulk_threshold, 50)
        # a syndication manager sets them on the same form
        with self.manager_form() as form:
            self.fill_as_manager(form)
        self.assertEqual(self.shop.shopify_primary_lang_id, self.lang_en)
        self.assertEqual(self.shop.shopify_inventory_policy, "continue")
        self.assertEqual(self.shop.shopify_location_id, "gid://shopify/Location/2")
        self.assertEqual(self.shop.shopify_bulk_threshold, 20)
        self.assertEqual(self.shop.shopify_shop_url, "https://elsewhere.example")
        self.assertEqual(self.shop.shopify_access_token, "shpat_forged")

    def test_the_model_refuses_shopify_settings_to_a_catalogue_manager(self):
        channels = self.env["kobo.channel"].with_user(self.pim_manager)
        self.assertModelRefusesCatalogueManager()
        self.assertFalse(self.shop.shopify_primary_lang_id)
        self.assertEqual(self.shop.shopify_inventory_policy, "deny")
        self.assertFalse(self.shop.shopify_location_id)
        self.assertFalse(self.shop.shopify_shop_url)
        self.assertFalse(self.shop.shopify_access_token)
        # a syndication manager may
        self.shop.with_user(self.syndication_manager).write(self._as_values(self._settings()))
        self.assertEqual(self.shop.shopify_inventory_policy, "continue")
        # without Shopify settings, the catalogue manager creates channels as before
        channel = channels.create({"name": "Retailer", "code": "retailer_x"})
        self.assertFalse(channel.connector)
        self.assertEqual(channel.shopify_inventory_policy, "deny")

    def test_a_negative_bulk_threshold_is_refused(self):
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            self.shop.with_user(self.syndication_manager).write({"shopify_bulk_threshold": -1})
            self.shop.flush_recordset()
        self.assertEqual(self.shop.shopify_bulk_threshold, 50)
