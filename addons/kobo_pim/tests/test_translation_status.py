from odoo.exceptions import AccessError
from odoo.tests import tagged

from .test_translation_common import DESCRIPTION_EN, DESCRIPTION_FR, KoboTranslationCase


@tagged("post_install", "-at_install")
class TestTranslationStatus(KoboTranslationCase):
    """Missing → done → outdated, per product × field × locale, whoever writes the translation."""

    def test_new_product_is_missing_in_every_channel_locale(self):
        statuses = self._statuses()
        expected = {
            (field, lang): "missing"
            for field in ("name", "kobo_marketing_name", "kobo_bullet_points", "kobo_description")
            for lang in ("fr_FR", "de_DE")
        }
        # fields without English copy (SEO, care...) have nothing to translate
        self.assertEqual(statuses, expected)

    def test_write_in_french_is_done_then_outdated_when_english_changes(self):
        self.coat.with_context(lang="fr_FR").write({"kobo_marketing_name": "Manteau en laine"})
        self.assertEqual(self._statuses()["kobo_marketing_name", "fr_FR"], "done")
        self.assertEqual(self._statuses()["kobo_marketing_name", "de_DE"], "missing")
        row = self.env["kobo.translation.status"].search(
            [
                ("product_tmpl_id", "=", self.coat.id),
                ("field_name", "=", "kobo_marketing_name"),
                ("lang", "=", "fr_FR"),
            ]
        )
        self.assertEqual((row.source, row.translation), ("Wool coat", "Manteau en laine"))

        self.coat.with_context(lang="en_US").kobo_marketing_name = "Wool overcoat"
        self.assertEqual(self._statuses()["kobo_marketing_name", "fr_FR"], "outdated")
        self.assertEqual(self._fr(self.coat, "kobo_marketing_name"), "Manteau en laine")

        # translating it again from the new source makes it done again
        self.coat.update_field_translations("kobo_marketing_name", {"fr_FR": "Pardessus en laine"})
        self.assertEqual(self._statuses()["kobo_marketing_name", "fr_FR"], "done")

    def test_a_client_cannot_switch_the_digest_off(self):
        # the key the import uses internally, sent as JSON by a client, does not skip the digest
        self.coat.with_context(lang="fr_FR", kobo_translation_digest_recorded=True).write(
            {"kobo_marketing_name": "Manteau en laine"}
        )
        self.assertEqual(self._statuses()["kobo_marketing_name", "fr_FR"], "done")
        self.coat.with_context(lang="en_US").kobo_marketing_name = "Wool overcoat"
        self.assertEqual(self._statuses()["kobo_marketing_name", "fr_FR"], "outdated")

    def test_export_from_selected_rows_proposes_their_products_and_locales(self):
        rows = (
            self.env["kobo.translation.status"]
            .with_user(self.catalogue_user)
            .search([("product_tmpl_id", "=", self.coat.id), ("lang", "=", "de_DE")])
        )
        action = rows.action_kobo_open_export()
        self.assertEqual(action["res_model"], "kobo.translation.export")
        wizard = (
            self.env["kobo.translation.export"]
            .with_user(self.catalogue_user)
            .with_context(**action["context"])
            .create({})
        )
        self.assertEqual(wizard.product_tmpl_ids, self.coat)
        self.assertEqual(wizard.lang_ids, self.de)
        self.assertEqual(wizard.status_filter, "todo")

    def test_translation_dialog_marks_only_the_languages_it_changed(self):
        self.coat.with_context(lang="fr_FR").kobo_bullet_points = "Chaud\nDoux"
        self.coat.with_context(lang="en_US").kobo_bullet_points = "Warm\nSoft\nLight"
        # a French-speaking user translates into German in Odoo's dialog
        self.coat.with_context(lang="fr_FR").update_field_translations(
            "kobo_bullet_points", {"de_DE": "Warm\nWeich\nLeicht"}
        )
        statuses = self._statuses()
        self.assertEqual(statuses["kobo_bullet_points", "de_DE"], "done")
        self.assertEqual(statuses["kobo_bullet_points", "fr_FR"], "outdated")

        # removing a translation makes it missing again
        self.coat.update_field_translations("kobo_bullet_points", {"de_DE": False})
        self.assertEqual(self._statuses()["kobo_bullet_points", "de_DE"], "missing")

    def test_html_copy_is_translated_block_by_block(self):
        # Odoo keeps a value per language for term-translated Html: a copy of the source is not a translation
        self.assertEqual(self._fr(self.coat, "kobo_description"), DESCRIPTION_EN)
        self.coat.update_field_translations(
            "kobo_description",
            {
                "fr_FR": {
                    "A <strong>warm</strong> coat.": "Un manteau <strong>chaud</strong>.",
                    "Made in Portugal.": "Fabriqué au Portugal.",
                }
            },
        )
        self.assertEqual(self._fr(self.coat, "kobo_description"), DESCRIPTION_FR)
        self.assertEqual(self._statuses()["kobo_description", "fr_FR"], "done")
        self.assertEqual(self._statuses()["kobo_description", "de_DE"], "missing")

        self.coat.with_context(lang="en_US").kobo_description = DESCRIPTION_EN + "<p>Dry clean only.</p>"
        self.assertEqual(self._statuses()["kobo_description", "fr_FR"], "outdated")
        self.assertEqual(self._statuses()["kobo_description", "de_DE"], "missing")

    def test_locales_follow_the_active_channels(self):
        self.env["res.lang"]._activate_lang("it_IT")
        italian = self.env["kobo.channel"].create(
            {
                "name": "Test web IT",
                "code": "test_web_it",
                "lang_ids": [(6, 0, self.env["res.lang"]._lang_get("it_IT").ids)],
            }
        )
        self.assertEqual(self._statuses()["kobo_marketing_name", "it_IT"], "missing")
        italian.active = False
        self.assertNotIn(("kobo_marketing_name", "it_IT"), self._statuses())

    def test_counts_per_locale_and_status(self):
        self.coat.with_context(lang="fr_FR").kobo_marketing_name = "Manteau en laine"
        groups = self.env["kobo.translation.status"]._read_group(
            [("product_tmpl_id", "=", self.coat.id)], ["lang", "status"], ["__count"]
        )
        self.assertEqual(
            sorted(groups),
            [("de_DE", "missing", 4), ("fr_FR", "done", 1), ("fr_FR", "missing", 3)],
        )

    def test_products_out_of_enrichment_are_flagged(self):
        scarf = self._kobo_product("Scarf", enrich=False)
        rows = self.env["kobo.translation.status"].search(
            [("product_tmpl_id", "in", (self.coat | scarf).ids)]
        )
        self.assertEqual(set(rows.filtered("in_enrichment").product_tmpl_id.ids), {self.coat.id})
        self.assertIn(scarf, rows.product_tmpl_id)

    def test_other_companies_products_stay_in_their_company(self):
        other_company = self.env["res.company"].create({"name": "Other brand"})
        self.env["kobo.channel"].create(
            {
                "name": "Other web",
                "code": "test_other_web",
                "company_id": other_company.id,
                "lang_ids": [(6, 0, self.fr.ids)],
            }
        )
        foreign = self._kobo_product("Foreign coat")
        foreign.company_id = other_company
        self.assertEqual(len(self._statuses(foreign)), 4)  # French only: its company's channel
        status = self.env["kobo.translation.status"].with_user(self.catalogue_user)
        self.assertFalse(status.search([("product_tmpl_id", "=", foreign.id)]))
        self.assertEqual(len(status.search([("product_tmpl_id", "=", self.coat.id)])), 8)

    def test_catalogue_users_read_the_status_others_do_not(self):
        status = self.env["kobo.translation.status"]
        rows = status.with_user(self.catalogue_user).search([("product_tmpl_id", "=", self.coat.id)])
        self.assertEqual(len(rows), 8)
        self.assertEqual(set(rows.mapped("status")), {"missing"})
        with self.assertRaises(AccessError):
            status.with_user(self.internal_user).search([("product_tmpl_id", "=", self.coat.id)])
        with self.assertRaises(AccessError):
            self.env["kobo.translation.digest"].with_user(self.catalogue_user).create(
                {
                    "product_tmpl_id": self.coat.id,
                    "field_name": "kobo_marketing_name",
                    "lang": "fr_FR",
                    "digest": "x",
                }
            )
