import base64

from lxml import etree

from odoo.tests import tagged

from .test_translation_common import DESCRIPTION_FR, KoboTranslationCase

NS = {"x": "urn:oasis:names:tc:xliff:document:1.2"}


@tagged("post_install", "-at_install")
class TestTranslationName(KoboTranslationCase):
    """The product's name travels to the agency and back like its copy: the web shop's profile
    asks for it in every locale, so a full round trip leaves nothing for the shop to miss."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.channel.profile_id = cls.env.ref("kobo_pim.profile_website")

    def _fr_issues(self):
        self.env.cr.flush()
        cell = self.env["kobo.completeness"].search(
            [
                ("product_tmpl_id", "=", self.coat.id),
                ("channel_id", "=", self.channel.id),
                ("lang_id", "=", self.fr.id),
            ]
        )
        return (cell.issues or "").splitlines()

    def test_xliff_round_trip_translates_the_name(self):
        self.assertIn("fr_FR: name missing", self._fr_issues())
        self.assertEqual(self._statuses()["name", "fr_FR"], "missing")
        export = (
            self.env["kobo.translation.export"]
            .with_user(self.catalogue_user)
            .create(
                {
                    "lang_ids": [(6, 0, self.fr.ids)],
                    "file_format": "xliff",
                    "product_tmpl_ids": [(6, 0, self.coat.ids)],
                }
            )
        )
        export.action_export()
        root = etree.fromstring(base64.b64decode(export.file))  # noqa: S320 (the file this module wrote)
        units = {unit.get("id").rsplit("/", 1)[1]: unit for unit in root.iterfind(".//x:trans-unit", NS)}
        self.assertEqual(units["name"].findtext("x:source", namespaces=NS), "Wool coat")
        # The agency translates everything in the file.
        french = {
            "name": "Manteau en laine",
            "kobo_marketing_name": "Manteau en laine bouillie",
            "kobo_bullet_points": "Chaud\nDoux",
            "kobo_description": DESCRIPTION_FR,
        }
        self.assertEqual(set(units), set(french))
        for field_name, unit in units.items():
            unit.find("x:target", NS).text = french[field_name]
        result = (
            self.env["kobo.translation.import"]
            .with_user(self.catalogue_user)
            .create({"file": base64.b64encode(etree.tostring(root)), "filename": "agency.xlf"})
            .action_import()
        )
        self.assertIn("4 translation(s) imported", result["params"]["message"])
        self.assertEqual(self.coat.with_context(lang="fr_FR").name, "Manteau en laine")
        self.assertEqual(self.coat.with_context(lang="en_US").name, "Wool coat")
        self.assertEqual(self._statuses()["name", "fr_FR"], "done")
        self.assertNotIn("fr_FR: name missing", self._fr_issues())
        # the English name changes: the French one is outdated, and travels again for review
        self.coat.with_context(lang="en_US").name = "Boiled wool coat"
        self.assertEqual(self._statuses()["name", "fr_FR"], "outdated")
