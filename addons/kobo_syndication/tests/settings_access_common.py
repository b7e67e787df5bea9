"""What the channel addons' settings-access tests share: a channel's settings belong to
syndication managers. A catalogue manager (PIM manager and syndication user, like the demo's
Nina Holm) sees them read-only on the channel form, does not see the secrets at all, and is refused
by the model at create (values and ``default_*`` keys) and at write, whatever the client."""

from odoo.exceptions import AccessError
from odoo.tests import Form, new_test_user

from .common import KoboSyndicationCase

MANAGER_ONLY = r"only Syndication / Manager may set"


class ChannelSettingsAccessCase(KoboSyndicationCase):
    """A channel addon's case sets ``shop_connector`` and gives ``_settings()`` (values a
    syndication manager may give, each differing from the channel's) and ``_secrets()``."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.pim_manager = new_test_user(
            cls.env,
            f"kobo_cat_manager_{cls.shop_connector}_settings",
            groups="base.group_user,kobo_pim.group_kobo_pim_manager,kobo_syndication.group_kobo_syndication_user",
        )

    def _settings(self):
        raise NotImplementedError

    def _secrets(self):
        return {}

    def _as_values(self, settings):
        return {name: value.id if hasattr(value, "_name") else value for name, value in settings.items()}

    def assertCatalogueManagerFormIsReadOnly(self, form):
        """On ``form`` (the channel as the catalogue manager), every setting is read-only and
        every secret absent."""
        for name, value in self._settings().items():
            with self.assertRaisesRegex(AssertionError, f"can't write on readonly field '{name}'"):
                form[name] = value
        for name, value in self._secrets().items():
            with self.assertRaisesRegex(AssertionError, f"'{name}' was not found in the view"):
                form[name] = value

    def fill_as_manager(self, form):
        """Set every setting and secret on ``form`` (the channel as a syndication manager)."""
        for name, value in {**self._settings(), **self._secrets()}.items():
            form[name] = value

    def assertModelRefusesCatalogueManager(self):
        """Each setting and secret is refused to the catalogue manager at create, through a
        ``default_*`` key and at write; no forged channel is left."""
        channels = self.env["kobo.channel"].with_user(self.pim_manager)
        shop = self.shop.with_user(self.pim_manager)
        for name, value in self._as_values({**self._settings(), **self._secrets()}).items():
            with self.subTest(field=name):
                with self.assertRaisesRegex(AccessError, MANAGER_ONLY):
                    channels.create({"name": "Forged", "code": "forged", name: value})
                with self.assertRaisesRegex(AccessError, MANAGER_ONLY):
                    channels.with_context(**{f"default_{name}": value}).create(
                        {"name": "Forged", "code": "forged"}
                    )
                with self.assertRaises(AccessError):
                    shop.write({name: value})
        self.assertFalse(self.env["kobo.channel"].search([("code", "=", "forged")]))

    def catalogue_manager_form(self):
        return Form(self.shop.with_user(self.pim_manager))

    def manager_form(self):
        return Form(self.shop.with_user(self.syndication_manager))
