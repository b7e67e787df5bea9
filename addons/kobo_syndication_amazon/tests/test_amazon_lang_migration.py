"""18.0.2.0.1: Amazon channels made before the listing language existed get their marketplace's
language when the marketplace and the channel's languages decide it; the others are named in the
log and keep none (their listings stay blocked until a manager sets it)."""

import importlib.util
from pathlib import Path

from odoo import Command
from odoo.addons.kobo_syndication_amazon.fake_servers import amazon as fake_amazon
from odoo.tests import tagged

from .amazon_common import KoboAmazonCase

LOGGER = "odoo.addons.kobo_syndication_amazon.models.kobo_channel_amazon"
SCRIPT = Path(__file__).resolve().parents[1] / "migrations" / "18.0.2.0.1" / "post-migrate.py"


@tagged("post_install", "-at_install")
class TestAmazonListingLanguageMigration(KoboAmazonCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for code in ("en_GB", "nl_NL"):
            cls.env["res.lang"]._activate_lang(code)

    def _channel(self, code, langs, marketplace=fake_amazon.DEMO_MARKETPLACE_ID, **values):
        return self.env["kobo.channel"].create(
            {
                "name": f"Amazon {code}",
                "code": code,
                "connector": "amazon",
                "company_id": self.env.company.id,
                "lang_ids": [Command.set([self.env.ref(f"base.lang_{lang}").id for lang in langs])],
                "pricelist_id": self.pricelist_eur.id,
                "amazon_marketplace_id": marketplace,
                **values,
            }
        )

    def _old_channels(self):
        return {
            "own": self._channel("amz_own", ["en", "de"]),  # English first by name
            "one": self._channel("amz_one", ["en_GB"]),
            "archived": self._channel("amz_archived", ["de"], active=False),
            "none_accepted": self._channel("amz_none", ["en"]),
            "several": self._channel("amz_several", ["en_GB", "nl"]),
            "unknown": self._channel("amz_unknown", ["de"], marketplace="A999UNKNOWN"),
            "no_marketplace": self._channel("amz_empty", ["de"], marketplace=False),
        }

    def test_fill_gives_the_marketplace_language_and_names_the_undecided(self):
        channels = self._old_channels()
        german = self.env.ref("base.lang_de")
        not_amazon = self.env["kobo.channel"].create(
            {"name": "Other", "code": "not_amazon", "lang_ids": [Command.set(german.ids)]}
        )
        with self.assertLogs(LOGGER, "WARNING") as logs:
            filled, undecided = self.env["kobo.channel"]._kobo_amazon_fill_lang()
        self.assertEqual(
            filled,
            {
                channels["own"].id: "de_DE",
                channels["one"].id: "en_GB",
                channels["archived"].id: "de_DE",
            },
        )
        self.assertEqual(channels["own"].amazon_lang_id, german, "the marketplace's own, not the first")
        self.assertEqual(channels["one"].amazon_lang_id.code, "en_GB")
        left = ("none_accepted", "several", "unknown", "no_marketplace")
        self.assertEqual(undecided, self.env["kobo.channel"].union(*(channels[key] for key in left)))
        self.assertFalse(any(channels[key].amazon_lang_id for key in left))
        self.assertEqual(self.channel.amazon_lang_id, german, "a language already set is kept")
        self.assertFalse(not_amazon.amazon_lang_id)
        (message,) = logs.output
        for key in left:
            self.assertIn(f"{channels[key].display_name} (id {channels[key].id}", message)
        self.assertIn("marketplace A999UNKNOWN, languages de_DE", message)
        self.assertIn("languages en_GB, nl_NL", message)
        # run again, nothing more to decide: the same channels are named, none is changed
        with self.assertLogs(LOGGER, "WARNING"):
            filled, again = self.env["kobo.channel"]._kobo_amazon_fill_lang()
        self.assertEqual((filled, again), ({}, undecided))

    def test_the_migration_script_fills_them(self):
        channels = self._old_channels()
        spec = importlib.util.spec_from_file_location("kobo_amazon_post_migrate_18_0_2_0_1", SCRIPT)
        script = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(script)
        with self.assertLogs(LOGGER, "WARNING"):
            script.migrate(self.env.cr, "18.0.2.0.0")
        self.env.invalidate_all()
        self.assertEqual(channels["own"].amazon_lang_id.code, "de_DE")
        self.assertEqual(channels["one"].amazon_lang_id.code, "en_GB")
        self.assertFalse(channels["several"].amazon_lang_id)
        # a fresh install runs no migration
        channels["own"].amazon_lang_id = False
        script.migrate(self.env.cr, None)
        self.assertFalse(channels["own"].amazon_lang_id)
