from contextlib import contextmanager
from unittest.mock import patch

from odoo.addons.kobo_syndication.tests.common import KoboSyndicationCase
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

THROUGH_LISTING = (
    "%s is published through its web-shop listing (Syndication ▸ Listings): approve its "
    "enrichment, then publish the listing."
)


@tagged("post_install", "-at_install")
class TestPublishButton(KoboSyndicationCase):
    """With a web shop channel, a product reaches the shop through its listing: Odoo's own
    Publish button is refused (every way of writing Is Published) unless the channel allows it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The least a user needs to publish a product with Odoo's button: product rights and
        # the website's restricted editor.
        cls.web_editor = new_test_user(
            cls.env,
            "kobo_web_editor",
            groups="base.group_user,sales_team.group_sale_manager,website.group_website_restricted_editor",
        )
        cls.unapproved = cls.env["product.template"].create(
            {"name": "Costing Jacket", "list_price": 90, "sale_ok": True, "is_published": False}
        )
        cls.unapproved.with_user(cls.catalogue_user).action_kobo_send_to_enrichment()

    @contextmanager
    def assertRefused(self, name):
        # Odoo's assertRaises rolls back to a savepoint, as the failed request would.
        with self.assertRaises(UserError) as caught:
            yield
        self.assertEqual(caught.exception.args[0], THROUGH_LISTING % name)

    def test_every_way_of_publishing_by_hand_is_refused(self):
        Template = self.env["product.template"].with_user(self.web_editor)
        for product in (self.unapproved, self.products[0]):  # approved or not: through the listing
            as_editor = product.with_user(self.web_editor)
            for vals in ({"is_published": True}, {"website_published": True}):
                with self.subTest(product=product.name, vals=vals):
                    with self.assertRefused(product.name):
                        as_editor.write(vals)
            with self.assertRefused(product.name):
                as_editor.website_publish_button()
            with self.assertRefused(product.name):
                as_editor.product_variant_ids[:1].write({"is_published": True})
            self.assertFalse(product.is_published)
        with self.assertRefused("New Tee"):
            Template.create({"name": "New Tee", "list_price": 20, "is_published": True})
        with self.assertRefused("Default Tee"):
            Template.with_context(default_is_published=True).create({"name": "Default Tee", "list_price": 20})
        with self.assertRefused("Costing Jacket"):
            self.unapproved.copy({"name": "Costing Jacket", "is_published": True})
        result = Template.load(["name", "list_price", "is_published"], [["Imported Tee", "20", "1"]])
        self.assertFalse(result["ids"])
        self.assertIn(
            THROUGH_LISTING % "Imported Tee", [message["message"] for message in result["messages"]]
        )
        self.assertFalse(
            self.env["product.template"].search([("name", "in", ("New Tee", "Default Tee", "Imported Tee"))])
        )

    def test_the_listing_publishes_and_unpublishing_by_hand_is_allowed(self):
        listing = self._listings(self.products[0])
        listing.with_user(self.syndication_user).action_publish()
        self.shop._kobo_job_sync()
        self.assertTrue(self.products[0].is_published)
        self.products[0].with_user(self.web_editor).website_publish_button()
        self.assertFalse(self.products[0].is_published)

    def test_a_channel_that_lets_the_button_publish(self):
        # Only a syndication manager says so: a catalogue manager, who edits channels, may not.
        with self.assertRaisesRegex(AccessError, "only Syndication / Manager may set"):
            self.shop.with_user(self.catalogue_manager).website_publish_button = True
        self.assertFalse(self.shop.website_publish_button)
        # Every web shop channel of the company (a demo database has its own) says so.
        shops = self.env["kobo.channel"].search([("connector", "=", "website")])
        shops.with_user(self.syndication_manager).write({"website_publish_button": True})
        self.unapproved.with_user(self.web_editor).website_publish_button()
        self.assertTrue(self.unapproved.is_published)

    def test_module_data_loaded_at_an_install_may_publish(self):
        # website_sale_stock's demo data, installed after kobo_syndication, publishes Odoo's
        # sample products while the registry loads modules (no request is served meanwhile).
        with patch.object(self.env.registry, "ready", False):
            self.unapproved.write({"is_published": True})
        self.assertTrue(self.unapproved.is_published)

    def test_a_company_without_a_web_shop_channel_keeps_the_button(self):
        other = self.env["res.company"].create({"name": "Kobo Outlet"})
        self.web_editor.write({"company_ids": [(4, other.id)]})
        product = (
            self.env["product.template"]
            .with_user(self.web_editor)
            .with_company(other)
            .create({"name": "Outlet Tee", "list_price": 10, "company_id": other.id, "is_published": True})
        )
        self.assertTrue(product.is_published)
