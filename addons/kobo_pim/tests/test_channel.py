from psycopg2 import IntegrityError

from odoo.exceptions import AccessError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import KoboPimCase


@tagged("post_install", "-at_install")
class TestChannel(KoboPimCase):
    def test_manager_sets_up_a_channel_through_the_form(self):
        with Form(self.env["kobo.channel"].with_user(self.catalogue_manager)) as form:
            form.name = "Google Shopping FR"
            form.code = "google_fr"
            form.channel_type = "feed"
            form.pricelist_id = self.pricelist_eur
            form.lang_ids.add(self.env.ref("base.lang_en"))
        channel = form.record
        self.assertEqual(channel.currency_id.name, "EUR")
        self.assertEqual(channel.lang_ids.mapped("code"), ["en_US"])
        self.assertEqual(channel.company_id, self.env.company)

    def test_catalogue_user_reads_but_does_not_configure_channels(self):
        channel = self.env["kobo.channel"].create({"name": "Shop", "code": "shop"})
        self.assertEqual(channel.with_user(self.catalogue_user).name, "Shop")
        with self.assertRaises(AccessError):
            self.env["kobo.channel"].with_user(self.catalogue_user).create({"name": "Mine", "code": "mine"})
        with self.assertRaises(AccessError):
            channel.with_user(self.catalogue_user).write({"code": "other"})

    def test_channel_code_is_unique_per_company(self):
        self.env["kobo.channel"].create({"name": "Shop", "code": "shop"})
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            self.env["kobo.channel"].create({"name": "Shop again", "code": "shop"})
        other_company = self.env["res.company"].create({"name": "Atelier Nord US"})
        twin = self.env["kobo.channel"].create(
            {"name": "Shop US", "code": "shop", "company_id": other_company.id}
        )
        self.assertEqual(twin.company_id, other_company)

    def test_channels_of_another_company_are_not_visible(self):
        other_company = self.env["res.company"].create({"name": "Other brand"})
        self.env["kobo.channel"].create({"name": "Hidden", "code": "hidden", "company_id": other_company.id})
        visible = self.env["kobo.channel"].with_user(self.catalogue_manager).search([("code", "=", "hidden")])
        self.assertFalse(visible)
