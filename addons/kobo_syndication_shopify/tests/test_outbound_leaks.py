"""What a marketplace (or whatever a channel's URL points at) answers never reaches a syndication
user: listing issues, chatter and the errors of the connection tests give the status, the API's
error code and our own reason, never the answer's text nor the manager-only URL; an internal
address is refused naming its host only. Each over the real job path against a local server
answering like an internal service would (``SECRET`` in every field of its answer)."""

from odoo.addons.kobo_base.tests.outbound_common import SECRET, OutboundGuardMixin, start_server
from odoo.addons.kobo_syndication.tests.leak_common import LeakAssertionsMixin, json_answer
from odoo.exceptions import UserError
from odoo.tests import tagged

from .shopify_common import ShopifyCase


@tagged("post_install", "-at_install")
class TestShopifyAnswersStayOut(LeakAssertionsMixin, OutboundGuardMixin, ShopifyCase):
    def setUp(self):
        super().setUp()
        self.hostile = start_server(self)
        self.channel.sudo().shopify_shop_url = f"{self.hostile.url}/internal-path"
        self.allow(self.hostile.netloc)

    def _push_all(self):
        listings = self._listings()
        listings._kobo_queue("publish")
        self.channel._kobo_job_sync()
        return listings

    def test_an_error_answer_shows_its_status_only(self):
        self.hostile.answer = json_answer(400, {"errors": SECRET, "detail": {"message": SECRET}})
        listings = self._push_all()
        self.assertEqual(set(listings.mapped("state")), {"error"})
        for message in self.issue_messages(listings):
            self.assertEqual(message, "Shopify refused productSet (HTTP 400).")
        self.assertSeenNowhere(listings, "internal-path")

    def test_a_wrong_address_is_named_without_the_url(self):
        self.hostile.answer = (404, "text/html", f"<h1>{SECRET}</h1>".encode())
        listings = self._push_all()
        messages = self.issue_messages(listings)
        self.assertTrue(messages)
        self.assertIn("No Shopify Admin API at the shop URL of Test Shopify (HTTP 404)", messages[0])
        self.assertSeenNowhere(listings, "internal-path", self.hostile.netloc)
        with self.assertRaises(UserError) as caught:
            self.channel.with_user(self.syndication_manager).action_kobo_shopify_test_connection()
        self.assertNotIn(SECRET, str(caught.exception))

    def test_graphql_errors_show_their_codes_only(self):
        errors = [{"message": SECRET, "extensions": {"code": "ACCESS_DENIED"}}, {"message": SECRET}]
        self.hostile.answer = json_answer(200, {"errors": errors})
        listings = self._push_all()
        for message in self.issue_messages(listings):
            self.assertEqual(message, "Shopify refused the productSet request (error code: ACCESS_DENIED).")
        self.assertSeenNowhere(listings)

    def test_an_internal_shop_address_is_refused_naming_the_host(self):
        self.dns["shop.example.test"] = ["10.0.0.5"]
        self.channel.sudo().shopify_shop_url = "https://shop.example.test/internal-path"
        listings = self._push_all()
        self.assertEqual(set(listings.mapped("state")), {"error"})
        message = self.issue_messages(listings)[0]
        self.assertIn(
            "The shop URL of Test Shopify cannot be called: The address of shop.example.test resolves to "
            "10.0.0.5, an internal address (private network)",
            message,
        )
        self.assertSeenNowhere(listings, "internal-path")
        self.assertEqual(self.connected, [], "10.0.0.5 was never contacted")
        self.assertEqual(self.hostile.requests, [])
