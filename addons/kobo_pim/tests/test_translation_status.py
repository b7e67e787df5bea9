import xmlrpc.client

from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import SQL

from ..models.kobo_translation_status import MAX_LANGS, MAX_ROW_ID, row_id, text_slots
from .test_translation_common import DESCRIPTION_EN, DESCRIPTION_FR, KoboTranslationCase
from .test_translation_sources import _png


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


@tagged("post_install", "-at_install")
class TestTranslationStatusRows(KoboTranslationCase):
    """What a catalogue user and an XML-RPC client get from the screen: the text a reader sees,
    readable columns, and row ids that fit XML-RPC's 32-bit integers and survive a reload."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.override = cls.env["kobo.channel.copy"].create(
            {
                "product_tmpl_id": cls.coat.id,
                "channel_id": cls.channel.id,
                "kobo_marketing_name": "Wool coat, web edition",
                "kobo_description": "<p>Our <em>warmest</em> coat,</p><p>for the web.</p>",
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

    def _client_rows(self, domain, fields):
        status = self.env["kobo.translation.status"].with_user(self.catalogue_user)
        return status.search_read([("product_tmpl_id", "=", self.coat.id), *domain], fields)

    def test_override_and_alt_text_ids_fit_xmlrpc(self):
        rows = self._client_rows([("source_kind", "in", ("channel", "asset"))], ["source_kind", "status"])
        self.assertEqual({row["source_kind"] for row in rows}, {"channel", "asset"})
        ids = [row["id"] for row in rows]
        self.assertEqual(len(ids), 6)  # 2 override fields and 1 alt text, in French and German
        self.assertTrue(all(0 < row_id < 2**31 for row_id in ids), ids)
        self.assertEqual(len(set(ids)), len(ids))
        # what an XML-RPC server sends back: ids and whole rows marshal
        self.assertIn("<int>%d</int>" % ids[0], xmlrpc.client.dumps((ids,), methodresponse=True))
        xmlrpc.client.dumps((rows,), methodresponse=True)

    def test_ids_are_unique_and_stable_across_reloads(self):
        status = self.env["kobo.translation.status"]
        rows = status.search([("product_tmpl_id", "=", self.coat.id)])
        self.assertEqual(len(rows), 8 + 4 + 2)
        self.assertEqual(len(set(rows.ids)), len(rows))
        slots = text_slots(self.env)
        records = {"product": "product_tmpl_id", "channel": "channel_copy_id", "asset": "asset_id"}
        for row in rows:
            record = row[records[row.source_kind]]
            self.assertEqual(
                row.id, row_id(slots, row.source_kind, record.id, row.field_name, row.lang_id.id)
            )
        # a translation elsewhere and a reload keep every row's id: a selection survives it
        self.front.with_context(lang="fr_FR").alt_text = "Manteau bleu marine, de face"
        self.env.invalidate_all()
        again = status.search([("product_tmpl_id", "=", self.coat.id)])
        self.assertEqual(sorted(again.ids), sorted(rows.ids))
        row = status.browse(rows.ids[-1])
        self.assertEqual(row.product_tmpl_id, self.coat)

    def test_ids_past_the_32_bit_range_stay_unique(self):
        slots = text_slots(self.env)
        limit = MAX_ROW_ID // (len(slots) * MAX_LANGS)
        status = self.env["kobo.translation.status"]
        cases = [
            ("product", 1, "name", 1),
            ("asset", limit - 1, "alt_text", MAX_LANGS - 1),
            ("asset", limit + 1, "alt_text", 1),
            ("product", 5, "name", MAX_LANGS),
            ("channel", 5, "kobo_description", 1),
        ]
        computed = []
        for kind, record_id, field_name, lang_id in cases:
            # the view's SQL and row_id agree, in and out of range
            self.env.cr.execute(
                SQL(
                    "SELECT %s FROM (VALUES (%s)) AS r(id), (VALUES (%s)) AS f(slot), (VALUES (%s)) AS l(id)",
                    status._kobo_row_id_sql(SQL("r"), len(slots)),
                    record_id,
                    slots[kind, field_name],
                    lang_id,
                )
            )
            in_sql = self.env.cr.fetchone()[0]
            self.assertEqual(in_sql, row_id(slots, kind, record_id, field_name, lang_id))
            computed.append(in_sql)
        self.assertEqual([value <= MAX_ROW_ID for value in computed], [True, True, False, False, True])
        self.assertEqual(len(set(computed)), len(computed))

    def test_html_copy_shows_the_text_a_reader_sees(self):
        self.coat.update_field_translations(
            "kobo_description",
            {"fr_FR": {"A <strong>warm</strong> coat.": "Un manteau <strong>chaud</strong>."}},
        )
        rows = self._client_rows(
            [("field_name", "=", "kobo_description"), ("lang", "=", "fr_FR")],
            ["source_kind", "source_text", "translation_text", "source"],
        )
        by_kind = {row["source_kind"]: row for row in rows}
        self.assertEqual(by_kind["product"]["source_text"], "A warm coat.\nMade in Portugal.")
        self.assertEqual(by_kind["product"]["translation_text"], "Un manteau chaud.\nMade in Portugal.")
        self.assertEqual(by_kind["channel"]["source_text"], "Our warmest coat,\nfor the web.")
        self.assertFalse(by_kind["channel"]["translation_text"])
        # the raw value stays for searches and files
        self.assertEqual(by_kind["product"]["source"], DESCRIPTION_EN)
        self.assertEqual(
            self.env["kobo.translation.status"]
            .search([("source_text", "ilike", "Made in Portugal"), ("lang", "=", "de_DE")])
            .filtered(lambda row: row.product_tmpl_id == self.coat)
            .field_name,
            "kobo_description",
        )
        # plain text is shown as it is
        names = self._client_rows(
            [("field_name", "=", "kobo_bullet_points"), ("lang", "=", "fr_FR")], ["source_text"]
        )
        self.assertEqual([row["source_text"] for row in names], ["Warm\nSoft"])

    def test_columns_name_the_product_the_text_the_field_and_the_locale(self):
        rows = self._client_rows(
            [("lang", "=", "fr_FR"), ("field_name", "in", ("kobo_marketing_name", "alt_text"))],
            ["product_tmpl_id", "text_label", "field_name", "lang_id", "display_name"],
        )
        self.assertEqual(
            sorted((row["text_label"], row["field_name"]) for row in rows),
            [
                ("Front image coat-front.png", "alt_text"),
                ("Override for Test web EU", "kobo_marketing_name"),
                ("Product copy", "kobo_marketing_name"),
            ],
        )
        for row in rows:
            self.assertEqual(tuple(row["product_tmpl_id"]), (self.coat.id, self.coat.display_name))
            self.assertEqual(tuple(row["lang_id"]), (self.fr.id, self.fr.name))
        labels = dict(
            self.env["kobo.translation.status"]._fields["field_name"]._description_selection(self.env)
        )
        marketing = next(row for row in rows if row["text_label"] == "Product copy")
        self.assertEqual(
            marketing["display_name"],
            f"{self.coat.display_name} · {labels['kobo_marketing_name']} · {self.fr.name}",
        )
        self.assertNotEqual(labels["kobo_marketing_name"], "kobo_marketing_name")
