from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .test_translation_common import DESCRIPTION_FR, KoboTranslationCase
from .test_translation_sources import _png


@tagged("post_install", "-at_install")
class TestTranslationSideBySide(KoboTranslationCase):
    """A product in one locale beside English: every text in words, its status, edited there."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.coat.kobo_seo_title = "Warm wool coat"
        cls.colour = cls.env["product.attribute"].create(
            {
                "name": "Colour",
                "create_variant": "no_variant",
                "value_ids": [Command.create({"name": "Navy"})],
            }
        )
        cls.navy = cls.colour.value_ids
        cls.coat.attribute_line_ids = [
            Command.create({"attribute_id": cls.colour.id, "value_ids": [Command.set(cls.navy.ids)]})
        ]
        cls.override = cls.env["kobo.channel.copy"].create(
            {
                "product_tmpl_id": cls.coat.id,
                "channel_id": cls.channel.id,
                "kobo_marketing_name": "Wool coat, web edition",
            }
        )
        cls.front = cls.env["kobo.asset"].create(
            {
                "product_tmpl_id": cls.coat.id,
                "name": "coat-front.png",
                "role": "front",
                "image": _png(),
                "alt_text": "Navy wool coat, front view",
            }
        )
        cls.Wizard = cls.env["kobo.translation.side.by.side"]

    def _open(self, user=None, lang=None):
        wizard = self.Wizard.with_user(user or self.catalogue_user)
        return wizard.create({"product_tmpl_id": self.coat.id, "lang_id": (lang or self.fr).id})

    def _lines(self, wizard):
        return {line.label: line for line in wizard.line_ids}

    def test_lines_name_each_text_in_words(self):
        action = self.coat.with_user(self.catalogue_user).action_kobo_translate()
        self.assertEqual(action["name"], f"Translate Wool coat into {self.fr.name}")
        wizard = self.Wizard.browse(action["res_id"])
        self.assertEqual(wizard.lang_id, self.fr, "default: the first locale the channels publish in")
        self.assertEqual(
            wizard.line_ids.mapped("label"),
            [
                "Product Name",
                "Marketing Name",
                "Marketing Description",
                "Bullet Points",
                "SEO Title",
                "Colour value",
                "Alt text: front image (coat-front.png)",
                "Marketing Name for Test web EU",
            ],
            "texts with an English source only, the product's copy first",
        )
        lines = self._lines(wizard)
        description = lines["Marketing Description"]
        self.assertEqual(description.source_text, "A warm coat.\nMade in Portugal.")
        self.assertIn("<strong>warm</strong>", description.source_html)
        self.assertEqual(lines["Bullet Points"].source_text, "Warm\nSoft")
        self.assertEqual(lines["Colour value"].source_text, "Navy")
        self.assertEqual(set(wizard.line_ids.mapped("status")), {"missing"})
        self.assertFalse(any(wizard.line_ids.mapped("target_preview")))
        self.assertFalse(lines["Marketing Name"].target_text)
        self.assertEqual(
            description.target_html, description.source_html, "formatted text: translated in place"
        )
        self.assertEqual((wizard.missing_count, wizard.outdated_count, wizard.done_count), (8, 0, 0))

    def test_saving_writes_the_locale_and_marks_done(self):
        wizard = self._open()
        lines = self._lines(wizard)
        lines["Marketing Name"].target_text = "Manteau en laine"
        lines["Marketing Description"].target_html = DESCRIPTION_FR
        lines["Alt text: front image (coat-front.png)"].target_text = "Manteau en laine marine, de face"
        lines["Marketing Name for Test web EU"].target_text = "Manteau en laine, édition web"
        action = wizard.action_save()
        self.assertEqual(action["res_id"], wizard.id, "the same texts again, with their new status")

        self.assertEqual(self._fr(self.coat, "kobo_marketing_name"), "Manteau en laine")
        self.assertEqual(self._fr(self.coat, "kobo_description"), DESCRIPTION_FR, "the markup is kept")
        self.assertIn("<strong>warm</strong>", self.coat.with_context(lang="en_US").kobo_description)
        self.assertEqual(self.front.with_context(lang="fr_FR").alt_text, "Manteau en laine marine, de face")
        self.assertEqual(
            self.override.with_context(lang="fr_FR").kobo_marketing_name, "Manteau en laine, édition web"
        )
        self.assertEqual(
            self.override.with_context(lang="en_US").kobo_marketing_name, "Wool coat, web edition"
        )

        lines = self._lines(wizard)
        self.assertEqual(lines["Marketing Name"].status, "done")
        self.assertEqual(lines["Marketing Description"].status, "done")
        self.assertEqual(
            lines["Marketing Description"].target_preview, "Un manteau chaud.\nFabriqué au Portugal."
        )
        self.assertEqual(lines["Alt text: front image (coat-front.png)"].status, "done")
        self.assertEqual(lines["Marketing Name for Test web EU"].status, "done")
        self.assertEqual(lines["Bullet Points"].status, "missing", "an untouched text stays missing")
        self.assertEqual((wizard.missing_count, wizard.done_count), (4, 4))
        # the Translation Status list says the same (one rule for both)
        self.assertEqual(self._statuses()["kobo_marketing_name", "fr_FR"], "done")
        self.assertEqual(self._statuses()["kobo_bullet_points", "fr_FR"], "missing")
        self.assertEqual(
            self._statuses(source_kind="channel", channel_copy_id=self.override.id)[
                "kobo_marketing_name", "fr_FR"
            ],
            "done",
        )

    def test_source_change_makes_it_outdated_and_confirming_keeps_it(self):
        wizard = self._open()
        self._lines(wizard)["Marketing Name"].target_text = "Manteau en laine"
        self._lines(wizard)["SEO Title"].target_text = "Manteau chaud en laine"
        wizard.action_save()
        self.coat.with_context(lang="en_US").write(
            {"kobo_marketing_name": "Wool coat, navy", "kobo_seo_title": "Warm navy wool coat"}
        )

        wizard = self._open()
        lines = self._lines(wizard)
        self.assertEqual(lines["Marketing Name"].status, "outdated")
        self.assertEqual(lines["SEO Title"].status, "outdated")
        self.assertEqual(lines["Marketing Name"].source_text, "Wool coat, navy")
        self.assertEqual(lines["Marketing Name"].target_text, "Manteau en laine")
        self.assertEqual(self._statuses()["kobo_marketing_name", "fr_FR"], "outdated")

        lines["Marketing Name"].target_text = "Manteau en laine marine"
        lines["SEO Title"].confirm = True
        wizard.action_save()
        lines = self._lines(wizard)
        self.assertEqual(lines["Marketing Name"].status, "done")
        self.assertEqual(lines["SEO Title"].status, "done", "confirmed as still right")
        self.assertEqual(self._fr(self.coat, "kobo_seo_title"), "Manteau chaud en laine")

        self.coat.with_context(lang="en_US").kobo_seo_title = "Navy wool coat"
        wizard = self._open()
        wizard.action_save()  # nothing changed: nothing written, nothing confirmed
        self.assertEqual(self._lines(wizard)["SEO Title"].status, "outdated")

    def test_emptying_a_translation_removes_it(self):
        wizard = self._open()
        self._lines(wizard)["Bullet Points"].target_text = "Chaud\nDoux"
        wizard.action_save()
        self.assertEqual(self._fr(self.coat, "kobo_bullet_points"), "Chaud\nDoux")
        self._lines(wizard)["Bullet Points"].target_text = ""
        wizard.action_save()
        self.assertEqual(self._fr(self.coat, "kobo_bullet_points"), "Warm\nSoft", "back to the English text")
        self.assertEqual(self.coat.with_context(lang="en_US").kobo_bullet_points, "Warm\nSoft")
        self.assertEqual(self._lines(wizard)["Bullet Points"].status, "missing")
        self.assertEqual(self._statuses()["kobo_bullet_points", "fr_FR"], "missing")

    def test_formatted_text_is_translated_block_by_block(self):
        wizard = self._open()
        line = self._lines(wizard)["Marketing Description"]
        line.target_html = "<p>Un manteau <strong>chaud</strong>, fabriqué au Portugal.</p>"
        with self.assertRaisesRegex(UserError, r"Marketing Description: .*2 expected, 1 found"):
            wizard.action_save()
        self.assertEqual(self._statuses()["kobo_description", "fr_FR"], "missing")

        line.target_html = DESCRIPTION_FR
        wizard.action_save()
        self.assertEqual(self._fr(self.coat, "kobo_description"), DESCRIPTION_FR)
        self.assertEqual(
            self.coat.with_context(lang="en_US").kobo_description,
            "<p>A <strong>warm</strong> coat.</p><p>Made in Portugal.</p>",
            "the English text and its markup are untouched",
        )
        self.assertEqual(self._statuses()["kobo_description", "fr_FR"], "done")

        self._lines(wizard)["Marketing Description"].target_html = "<p><br></p>"
        wizard.action_save()
        self.assertEqual(
            self._fr(self.coat, "kobo_description"),
            "<p>A <strong>warm</strong> coat.</p><p>Made in Portugal.</p>",
            "emptied: back to the English text",
        )
        self.assertEqual(self._lines(wizard)["Marketing Description"].status, "missing")
        self.assertEqual(self._statuses()["kobo_description", "fr_FR"], "missing")

    def test_attribute_values_are_translated_by_whoever_may_edit_them(self):
        line = self._lines(self._open())["Colour value"]
        self.assertTrue(line.is_readonly, "catalogue users do not edit the attribute values")

        wizard = self._open(user=self.catalogue_manager)
        line = self._lines(wizard)["Colour value"]
        self.assertFalse(line.is_readonly)
        line.target_text = "Marine"
        wizard.action_save()
        self.assertEqual(self.navy.with_context(lang="fr_FR").name, "Marine")
        self.assertEqual(self.navy.with_context(lang="en_US").name, "Navy")
        self.assertEqual(self._lines(wizard)["Colour value"].status, "done")

    def test_a_line_naming_another_record_writes_nothing(self):
        other = self._kobo_product("Linen shirt")
        wizard = self._open()
        line = self._lines(wizard)["Marketing Name"]
        line.write({"res_id": other.id, "target_text": "Chemise en lin"})
        wizard.action_save()
        self.assertEqual(self._fr(other, "kobo_marketing_name"), "Linen shirt")
        self.assertEqual(self._fr(self.coat, "kobo_marketing_name"), "Wool coat")

    def test_locale_must_be_active_and_not_the_source(self):
        english = self.env["res.lang"]._lang_get("en_US")
        with self.assertRaisesRegex(UserError, "is the source locale"):
            self._open(lang=english)
        spanish = self.env["res.lang"].with_context(active_test=False).search([("code", "=", "es_ES")])
        spanish.active = False
        with self.assertRaisesRegex(UserError, "is not an active language"):
            self._open(lang=spanish)

    def test_status_row_opens_its_product_and_locale(self):
        row = (
            self.env["kobo.translation.status"]
            .with_user(self.catalogue_user)
            .search([("product_tmpl_id", "=", self.coat.id), ("lang", "=", "de_DE")], limit=1)
        )
        action = row.action_kobo_translate()
        wizard = self.Wizard.browse(action["res_id"])
        self.assertEqual((wizard.product_tmpl_id, wizard.lang_id), (self.coat, self.de))
        self.assertEqual(action["name"], f"Translate Wool coat into {self.de.name}")

    def test_only_catalogue_users_translate_here(self):
        with self.assertRaises(AccessError):
            self.coat.with_user(self.internal_user).action_kobo_translate()
        wizard = self._open()
        with self.assertRaises(AccessError):
            wizard.with_user(self.internal_user).read(["line_ids"])
