from odoo.addons.kobo_syndication.tests.common import KoboSyndicationCase
from odoo.exceptions import AccessError
from odoo.tests import tagged


@tagged("post_install", "-at_install")
class TestListingAccess(KoboSyndicationCase):
    def test_catalogue_user_cannot_publish(self):
        with self.assertRaisesRegex(AccessError, "Syndication / User"):
            self.products.with_user(self.catalogue_user).action_kobo_publish_to_channels()
        # (Their approval queued them on the channels a demo database has; none on this one.)
        self.assertFalse(
            self.env["kobo.listing"].search(
                [("product_tmpl_id", "in", self.products.ids), ("channel_id", "=", self.shop.id)]
            )
        )

    def test_no_client_write_moves_a_listing(self):
        listing = self._listings(self.products[0])
        as_user = listing.with_user(self.syndication_user)
        for vals in ({"state": "published"}, {"external_id": "X1"}, {"payload_digest": "0" * 64}):
            with self.assertRaises(AccessError):
                as_user.write(vals)
            with self.assertRaises(AccessError):
                as_user.with_context(kobo_privileged=True).write(vals)
        with self.assertRaises(AccessError):
            self.env["kobo.listing"].with_user(self.syndication_user).create(
                {"product_tmpl_id": self.products[1].id, "channel_id": self.shop.id, "state": "published"}
            )
        self.assertEqual(listing.state, "draft")

    def test_syndication_user_publishes_from_the_product(self):
        self.products.with_user(self.syndication_user).action_kobo_publish_to_channels()
        listings = self.products.with_user(self.syndication_user).kobo_listing_ids.filtered(
            lambda listing: listing.channel_id == self.shop
        )
        self.assertEqual(len(listings), 3)
        self.assertEqual(set(listings.mapped("state")), {"queued"})

    def test_listings_of_another_company_are_not_shown(self):
        other = self.env["res.company"].create({"name": "Other Fashion Ltd"})
        other_shop = self.env["kobo.channel"].create(
            {"name": "Other Shop", "code": "other_shop", "connector": "website", "company_id": other.id}
        )
        mine = self._listings(self.products[0])
        theirs = self._listings(self.products[0], other_shop)
        visible = (
            self.env["kobo.listing"]
            .with_user(self.syndication_user)
            .search([("id", "in", (mine | theirs).ids)])
        )
        self.assertEqual(visible, mine)
