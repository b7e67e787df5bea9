from contextlib import contextmanager
from unittest.mock import patch

from odoo import Command
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
        # Created in the catalogue (with its enrichment) and published in the same call, by a
        # web editor who is also in the catalogue team (others may not create enrichments).
        Template = self.env["product.template"].with_user(
            new_test_user(
                self.env,
                "kobo_web_cat",
                groups="base.group_user,sales_team.group_sale_manager,"
                "website.group_website_restricted_editor,kobo_pim.group_kobo_pim_user",
            )
        )
        with self.assertRefused("New Tee"):
            Template.create(
                {
                    "name": "New Tee",
                    "list_price": 20,
                    "is_published": True,
                    "kobo_enrichment_ids": [Command.create({})],
                }
            )
        with self.assertRefused("Default Tee"):
            Template.with_context(default_is_published=True).create(
                {"name": "Default Tee", "list_price": 20, "kobo_enrichment_ids": [Command.create({})]}
            )
        self.assertFalse(self.env["product.template"].search([("name", "in", ("New Tee", "Default Tee"))]))

    def test_a_copy_of_a_catalogue_product_joins_the_catalogue(self):
        """Duplicate on a catalogue product makes a new catalogue product: it is to enrich, and
        Odoo's Publish button cannot show its unapproved content on the shop."""
        approved = self.products[0]
        copy = approved.with_user(self.web_editor).copy()
        self.assertEqual(copy.name, f"{approved.name} (copy)")
        self.assertEqual(copy.sudo().kobo_enrichment_ids.state, "to_enrich")
        self.assertEqual(approved.sudo().kobo_enrichment_ids.state, "approved")
        with self.assertRefused(copy.name):
            copy.with_user(self.web_editor).website_publish_button()
        self.assertFalse(copy.is_published)
        # A product outside the catalogue stays outside when copied.
        mug = self.env["product.template"].create({"name": "Mug", "list_price": 9})
        mug_copy = mug.with_user(self.web_editor).copy()
        self.assertFalse(mug_copy.sudo().kobo_enrichment_ids)
        mug_copy.with_user(self.web_editor).website_publish_button()
        self.assertTrue(mug_copy.is_published)

    def test_products_outside_the_catalogue_keep_odoos_button(self):
        """Odoo's other products (a service, Odoo's own demo shop, what Odoo's website tests
        create) are not the PIM's: Odoo's Publish button, a create or an import publishes them."""
        Template = self.env["product.template"].with_user(self.web_editor)
        created = Template.create({"name": "Gift Card", "list_price": 20, "is_published": True})
        self.assertTrue(created.is_published)
        result = Template.load(["name", "list_price", "is_published"], [["Imported Mug", "20", "1"]])
        self.assertEqual(len(result["ids"]), 1, result["messages"])
        self.assertTrue(Template.browse(result["ids"]).is_published)
        other = self.env["product.template"].create({"name": "Service Hour", "list_price": 50})
        other.with_user(self.web_editor).website_publish_button()
        self.assertTrue(other.is_published)
        # Once the catalogue team takes it in, the listing publishes it.
        other.with_user(self.web_editor).website_publish_button()
        other.with_user(self.catalogue_user).action_kobo_send_to_enrichment()
        with self.assertRefused("Service Hour"):
            other.with_user(self.web_editor).website_publish_button()

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
