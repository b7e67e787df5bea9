"""What a marketplace (or whatever a channel's URL points at) answers never reaches a syndication
user: listing issues, chatter and the errors of the connection tests give the status, the API's
error code and our own reason, never the answer's text nor the manager-only URL; an internal
address is refused naming its host only. Each over the real job path against a local server
answering like an internal service would (``SECRET`` in every field of its answer)."""

from odoo.addons.kobo_base.tests.outbound_common import SECRET, OutboundGuardMixin, start_server
from odoo.addons.kobo_syndication.tests.leak_common import LeakAssertionsMixin, json_answer
from odoo.exceptions import UserError
from odoo.tests import tagged

from .amazon_common import KoboAmazonCase


@tagged("post_install", "-at_install")
class TestAmazonAnswersStayOut(LeakAssertionsMixin, OutboundGuardMixin, KoboAmazonCase):
    def setUp(self):
        super().setUp()
        self.hostile = start_server(self)
        self.allow(self.hostile.netloc, self.server.url.removeprefix("http://"))

    def _push_all(self):
        listings = self._amazon_listings()
        listings._kobo_queue("publish")
        self.channel._kobo_job_sync()
        self.env.invalidate_all()
        return listings

    def test_a_refused_token_request_shows_no_answer(self):
        self.channel.sudo().amazon_token_url = f"{self.hostile.url}/internal-token"
        self.hostile.answer = json_answer(400, {"error": SECRET, "error_description": SECRET})
        listings = self._push_all()
        self.assertEqual(set(listings.mapped("state")), {"error"})
        self.assertIn(
            "Login with Amazon refused the token request of Amazon Test DE (HTTP 400, no reason given).",
            self.issue_messages(listings),
        )
        self.assertSeenNowhere(listings, "internal-token")

    def test_refused_listing_calls_show_status_and_code_only(self):
        self.channel.sudo().amazon_endpoint = f"{self.hostile.url}/internal-api"
        error = {"code": "InvalidInput", "message": SECRET, "details": SECRET}
        self.hostile.answer = json_answer(400, {"errors": [error]})
        listings = self._push_all()
        self.assertEqual(set(listings.mapped("state")), {"error"})
        self.assertIn(
            "SKU AMZ-SCARF: Amazon refused the request (HTTP 400, InvalidInput).",
            self.issue_messages(listings),
        )
        self.hostile.answer = json_answer(403, {"errors": [{"code": SECRET, "message": SECRET}]})
        listings = self._push_all()
        self.assertIn("(HTTP 403, no error code)", self.issue_messages(listings)[0])
        self.hostile.answer = (200, "text/plain", SECRET.encode())
        listings = self._push_all()
        self.assertIn("could not be read (HTTP 200", self.issue_messages(listings)[0])
        self.assertSeenNowhere(listings, "internal-api")
        self.hostile.answer = json_answer(400, {"errors": [error]})
        with self.assertRaises(UserError) as caught:
            self.channel.with_user(self.syndication_manager).action_amazon_test_connection()
        self.assertEqual(str(caught.exception), "The Listings API answered HTTP 400 (InvalidInput).")

    def test_an_internal_token_url_is_refused_naming_the_host(self):
        self.dns["lwa.example.test"] = ["169.254.169.254"]
        self.channel.sudo().amazon_token_url = "https://lwa.example.test/latest/meta-data/"
        listings = self._push_all()
        self.assertEqual(set(listings.mapped("state")), {"error"})
        self.assertIn(
            "The LWA Token URL of Amazon Test DE cannot be called: The address of lwa.example.test resolves "
            "to 169.254.169.254, an internal address (link-local, where cloud metadata answers)",
            self.issue_messages(listings)[0],
        )
        self.assertSeenNowhere(listings, "meta-data")
        self.assertEqual(self.connected, [])
        self.assertEqual(self.server.state.calls["putListingsItem"], 0)
