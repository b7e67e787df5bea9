"""A channel's connector type and settings belong to syndication managers: a catalogue manager
(PIM manager and syndication user, like the demo's Nina Holm) sees them read-only on the form and
is refused by the model at create and at write, whatever the client. Here with the web shop's
connector and its settings (website, publish button): the other channel addons test theirs."""

from odoo.addons.kobo_syndication.tests.common import KoboSyndicationCase
from odoo.exceptions import AccessError
from odoo.tests import Form, new_test_user, tagged


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
                form.connector = False
            with self.assertRaises(AssertionError):
                form.website_publish_button = True
        self.assertEqual(self.shop.name, "Test Shop (renamed)")
        self.assertEqual(self.shop.connector, "website")
        self.assertFalse(self.shop.website_publish_button)
        with Form(self.shop.with_user(self.syndication_manager)) as form:
            form.website_publish_button = True
        self.assertTrue(self.shop.website_publish_button)
        with Form(self.shop.with_user(self.syndication_manager)) as form:
            form.connector = False
        self.assertFalse(self.shop.connector)

    def test_the_model_refuses_connector_settings_to_a_catalogue_manager(self):
        channels = self.env["kobo.channel"].with_user(self.catalogue_manager)
        with self.assertRaisesRegex(AccessError, r"only Syndication / Manager may set Connector"):
            channels.create({"name": "Forged", "code": "forged", "connector": "website"})
        with self.assertRaisesRegex(AccessError, r"may set Connector"):
            channels.with_context(default_connector="website").create({"name": "Forged", "code": "forged"})
        with self.assertRaisesRegex(AccessError, r"may set Odoo's Publish Button Publishes"):
            channels.create({"name": "Forged", "code": "forged", "website_publish_button": True})
        with self.assertRaisesRegex(AccessError, r"may set Connector"):
            self.shop.with_user(self.catalogue_manager).write({"connector": False})
        with self.assertRaisesRegex(AccessError, r"may set Website"):
            self.shop.with_user(self.catalogue_manager).write({"website_id": False})
        with self.assertRaisesRegex(AccessError, r"may set Odoo's Publish Button Publishes"):
            self.shop.with_user(self.catalogue_manager).write({"website_publish_button": True})
        self.assertFalse(self.env["kobo.channel"].search([("code", "=", "forged")]))
        self.assertEqual(self.shop.connector, "website")
        self.assertTrue(self.shop.website_id)
        self.assertFalse(self.shop.website_publish_button)
        # Without connector settings, the catalogue manager creates channels as before.
        channel = channels.create({"name": "Retailer", "code": "retailer_x"})
        self.assertFalse(channel.connector)
