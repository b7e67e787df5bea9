from contextlib import contextmanager

from odoo.tests import TransactionCase, new_test_user


class KoboPlmCase(TransactionCase):
    """Shared data: a designer (PLM user), a merchandiser (PLM manager), a season, a colour."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True, mail_create_nolog=True))
        cls.designer = new_test_user(
            cls.env,
            "kobo_designer",
            groups="base.group_user,kobo_plm.group_kobo_plm_user",
            password="kobo_designer",
        )
        cls.manager = new_test_user(
            cls.env,
            "kobo_manager",
            groups="base.group_user,kobo_plm.group_kobo_plm_manager",
            password="kobo_manager",
        )
        cls.season = cls.env["kobo.season"].create({"name": "Test Season 2027", "code": "TS27"})
        cls.navy = cls.env["kobo.color"].create(
            {
                "name": "Test Navy",
                "standard": "custom",
                "code": "KT-NAVY",
                "hex_value": "#1f2a44",
                "family": "blue",
            }
        )

    @contextmanager
    def assertRaisesMessage(self, exception, pattern):
        """Odoo's assertRaises (which rolls back to a savepoint, as a failed request rolls back
        its transaction) that also checks the message a user would read."""
        with self.assertRaises(exception) as caught:
            yield caught
        self.assertRegex(str(caught.exception), pattern)
