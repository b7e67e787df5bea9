"""A channel's connector type and settings belong to syndication managers: a catalogue manager
(PIM manager and syndication user, like the demo's Nina Holm) sees them read-only on the form and
is refused by the model at create and at write, whatever the client."""

from odoo.exceptions import AccessError
from odoo.tests import Form, new_test_user, tagged

from .common import KoboSyndicationCase


@tagged("post_install", "-at_install")
class TestChannelSettingsAccess(KoboSyndicationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.catalogue_manager = new_test_user(
            cls.env,
            "kobo_cat_manager_settings",
            groups="base.group_user,kobo_pim.group_kobo_pim_manager,kobo_syndication.group_kobo_syndication_user",
        )

    def test_the_form_shows_the_connector_read_only_to_a_catalogue_manager(self):
        with Form(self.shop.with_user(self.catalogue_manager)) as form:
            form.name = "Test Shop (renamed)"  # the rest of the channel is theirs
            with self.assertRaises(AssertionError):
                form.connector = "shopify"
        self.assertEqual(self.shop.name, "Test Shop (renamed)")
        self.assertEqual(self.shop.connector, "website")
        with Form(self.shop.with_user(self.syndication_manager)) as form:
            form.connector = "google_merchant"
        self.assertEqual(self.shop.connector, "google_merchant")

    def test_the_model_refuses_connector_settings_to_a_catalogue_manager(self):
        channels = self.env["kobo.channel"].with_user(self.catalogue_manager)
        with self.assertRaisesRegex(AccessError, r"only Syndication / Manager may set Connector"):
            channels.create({"name": "Forged", "code": "forged", "connector": "shopify"})
        with self.assertRaisesRegex(AccessError, r"may set Connector"):
            channels.with_context(default_connector="amazon").create({"name": "Forged", "code": "forged"})
        with self.assertRaisesRegex(AccessError, r"may set Marketplace ID|may set .*Marketplace"):
            channels.create({"name": "Forged", "code": "forged", "amazon_marketplace_id": "A1PA6795UKMFR9"})
        with self.assertRaisesRegex(AccessError, r"may set Connector"):
            self.shop.with_user(self.catalogue_manager).write({"connector": "shopify"})
        self.assertFalse(self.env["kobo.channel"].search([("code", "=", "forged")]))
        self.assertEqual(self.shop.connector, "website")
        # Without connector settings, the catalogue manager creates channels as before.
        channel = channels.create({"name": "Retailer", "code": "retailer_x"})
        self.assertFalse(channel.connector)
