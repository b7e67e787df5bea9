from odoo.exceptions import AccessError
from odoo.tests import HttpCase, TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestChannelConnector(TransactionCase):
    def test_syndication_manager_chooses_the_connector(self):
        manager = new_test_user(
            self.env,
            "kobo_synd_manager",
            groups="base.group_user,kobo_syndication.group_kobo_syndication_manager",
        )
        channel = self.env["kobo.channel"].with_user(manager).create({"name": "Feed", "code": "feed"})
        channel.connector = "google_merchant"
        self.assertEqual(channel.connector, "google_merchant")
        # A syndication manager is a catalogue user too, through the implied groups.
        self.assertTrue(manager.has_group("kobo_pim.group_kobo_pim_user"))

    def test_syndication_user_cannot_change_the_connector(self):
        user = new_test_user(
            self.env, "kobo_synd_user", groups="base.group_user,kobo_syndication.group_kobo_syndication_user"
        )
        channel = self.env["kobo.channel"].create({"name": "Feed", "code": "feed"})
        self.assertFalse(channel.with_user(user).connector)
        with self.assertRaises(AccessError):
            channel.with_user(user).write({"connector": "google_merchant"})
        channel.connector = "google_merchant"
        self.assertEqual(channel.with_user(user).connector, "google_merchant", "a user reads it")
        with self.assertRaises(AccessError):
            channel.with_user(user).write({"connector": False})
        self.assertEqual(channel.connector, "google_merchant")


@tagged("post_install", "-at_install")
class TestSyndicationUi(HttpCase):
    def test_syndication_user_opens_the_channels(self):
        user = new_test_user(
            self.env, "kobo_tour_synd", groups="base.group_user,kobo_syndication.group_kobo_syndication_user"
        )
        self.env["kobo.channel"].create(
            {"name": "Tour Feed", "code": "tour_feed", "connector": "google_merchant"}
        )
        self.start_tour("/odoo", "kobo_syndication_menus", login=user.login)
