"""After login, the demo's people land where they work (issue 18): the catalogue user on the
enrichment board, not in Discuss. Read from what the web client itself asks at start-up
(``/web/session/get_session_info``: its ``home_action_id``)."""

from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestDemoHome(HttpCase):
    def _home_action(self, login):
        self.authenticate(login, login)
        return self.make_jsonrpc_request("/web/session/get_session_info")["home_action_id"]

    def test_the_catalogue_user_lands_on_the_enrichment_board(self):
        self.assertEqual(self._home_action("catalogue"), self.env.ref("kobo_pim.action_kobo_enrichment").id)
