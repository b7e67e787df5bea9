"""After login, the demo's PLM users land on the style board, not in Discuss (issue 18). Read
from what the web client itself asks at start-up (``/web/session/get_session_info``)."""

from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestDemoHome(HttpCase):
    def test_plm_users_land_on_the_style_board(self):
        styles = self.env.ref("kobo_plm.action_kobo_style").id
        for login in ("designer", "developer", "merchandiser"):
            with self.subTest(login=login):
                self.authenticate(login, login)
                info = self.make_jsonrpc_request("/web/session/get_session_info")
                self.assertEqual(info["home_action_id"], styles)
