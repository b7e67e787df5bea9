import base64
import io

import openpyxl
from lxml import etree

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .test_translation_common import DESCRIPTION_EN, DESCRIPTION_FR, KoboTranslationCase

NS = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
FRENCH = {
    "name": "Manteau",
    "kobo_marketing_name": "Manteau en laine",
    "kobo_bullet_points": "Chaud\nDoux",
    "kobo_description": DESCRIPTION_FR,
}


def _xml(content):
    return etree.fromstring(content)  # noqa: S320 (the files this module wrote)


def _xml_bytes(root):
    return etree.tostring(root)


@tagged("post_install", "-at_install")
class TestTranslationExchange(KoboTranslationCase):
    """XLIFF 1.2 and XLSX out to an agency and back into Odoo's translations, all or nothing."""

    def _export(self, file_format="xliff", products=None, langs=None, user=None):
        wizard = (
            self.env["kobo.translation.export"]
            .with_user(user or self.catalogue_user)
            .create(
                {
                    "lang_ids": [(6, 0, (langs or self.fr).ids)],
                    "file_format": file_format,
                    "product_tmpl_ids": [(6, 0, (products or self.coat).ids)],
                }
            )
        )
        wizard.action_export()
        return base64.b64decode(wizard.file)

    def _import(self, content, filename="agency.xlf", user=None):
        wizard = (
            self.env["kobo.translation.import"]
            .with_user(user or self.catalogue_user)
            .create({"file": base64.b64encode(content), "filename": filename})
        )
        return wizard.action_import()

    def _fill_xliff(self, content, targets=None):
        targets = FRENCH if targets is None else targets
        root = _xml(content)
        for unit in root.iterfind(".//x:trans-unit", NS):
            field_name = unit.get("id").rsplit("/", 1)[1]
            unit.find("x:target", NS).text = targets.get(field_name, "")
        return root

    def _assert_refused(self, content, *fragments, filename="agency.xlf"):
        with self.assertRaises(UserError) as refused:
            self._import(content, filename)
        message = str(refused.exception)
        self.assertIn("Nothing was imported", message)
        for fragment in fragments:
            self.assertIn(fragment, message)
        # nothing partially saved: not even the units that were right
        self.assertEqual(self._fr(self.coat, "kobo_marketing_name"), "Wool coat")
        self.assertEqual(self._fr(self.coat, "kobo_description"), DESCRIPTION_EN)
        self.assertEqual(set(self._statuses(lang="fr_FR").values()), {"missing"})
        return message

    def test_xliff_round_trip(self):
        root = _xml(self._export())
        files = root.findall("x:file", NS)
        self.assertEqual([f.get("target-language") for f in files], ["fr-FR"])
        self.assertEqual(files[0].get("source-language"), "en-US")
        units = {unit.get("id"): unit for unit in root.iterfind(".//x:trans-unit", NS)}
        self.assertEqual(
            set(units),
            {f"product.template/{self.coat.id}/{name}" for name in FRENCH},
        )
        description = units[f"product.template/{self.coat.id}/kobo_description"]
        self.assertEqual(description.get("datatype"), "html")
        self.assertEqual(description.findtext("x:source", namespaces=NS), DESCRIPTION_EN)
        self.assertEqual(description.find("x:target", NS).get("state"), "new")

        result = self._import(etree.tostring(self._fill_xliff(etree.tostring(root))))
        self.assertIn("4 translation(s) imported", result["params"]["message"])
        for name, french in FRENCH.items():
            self.assertEqual(self._fr(self.coat, name), french)
        self.assertEqual(self.coat.with_context(lang="en_US").kobo_description, DESCRIPTION_EN)
        self.assertEqual(
            self._statuses(lang="fr_FR"),
            {(name, "fr_FR"): "done" for name in FRENCH},
        )
        self.assertEqual(set(self._statuses(lang="de_DE").values()), {"missing"})

    def test_xliff_source_copied_into_an_untranslated_target_is_not_a_translation(self):
        root = self._fill_xliff(self._export(), {**FRENCH, "kobo_marketing_name": "Wool coat"})
        result = self._import(_xml_bytes(root))
        self.assertIn("3 translation(s) imported", result["params"]["message"])
        self.assertIn("1 unit(s) had no translation", result["params"]["message"])
        self.assertEqual(self._statuses()["kobo_marketing_name", "fr_FR"], "missing")
        # the same text, marked translated by the translator, is a translation (a brand name)
        root = self._fill_xliff(self._export(), {"kobo_marketing_name": "Wool coat"})
        for target in root.iterfind(".//x:target", NS):
            target.set("state", "translated")
        self._import(_xml_bytes(root))
        self.assertEqual(self._statuses()["kobo_marketing_name", "fr_FR"], "done")

    def test_xliff_outdated_translation_travels_for_review(self):
        self.coat.with_context(lang="fr_FR").kobo_marketing_name = "Manteau en laine"
        self.coat.with_context(lang="en_US").kobo_marketing_name = "Wool overcoat"
        root = _xml(self._export())
        unit = root.find(f".//x:trans-unit[@id='product.template/{self.coat.id}/kobo_marketing_name']", NS)
        self.assertEqual(unit.findtext("x:source", namespaces=NS), "Wool overcoat")
        self.assertEqual(unit.findtext("x:target", namespaces=NS), "Manteau en laine")
        self.assertEqual(unit.find("x:target", NS).get("state"), "needs-review-translation")

    def test_xlsx_round_trip_and_empty_rows_are_left_alone(self):
        workbook = openpyxl.load_workbook(io.BytesIO(self._export("xlsx", langs=self.fr | self.de)))
        sheet = workbook["Translations"]
        rows = list(sheet.iter_rows(min_row=2))
        self.assertEqual(len(rows), 8)
        self.assertTrue(sheet.column_dimensions["H"].hidden)
        for row in rows:
            field_name = row[0].value.rsplit("/", 1)[1]
            self.assertEqual(row[4].value, self.coat.with_context(lang="en_US")[field_name])
            if row[3].value == "fr-FR":
                row[5].value = FRENCH[field_name]
        buffer = io.BytesIO()
        workbook.save(buffer)

        result = self._import(buffer.getvalue(), "agency.xlsx")
        self.assertIn("4 translation(s) imported", result["params"]["message"])
        self.assertIn("4 unit(s) had no translation", result["params"]["message"])
        for name, french in FRENCH.items():
            self.assertEqual(self._fr(self.coat, name), french)
        self.assertEqual(set(self._statuses(lang="de_DE").values()), {"missing"})

    def _xlsx_with(self, edit):
        workbook = openpyxl.load_workbook(io.BytesIO(self._export("xlsx")))
        sheet = workbook["Translations"]
        for row in sheet.iter_rows(min_row=2):
            row[5].value = FRENCH[row[0].value.rsplit("/", 1)[1]]
        edit(sheet)
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()

    def test_xlsx_edited_rows_are_named(self):
        def edit(sheet):
            sheet["E2"] = "Something else"  # the source of row 2
            sheet["A3"] = "product.template/x/kobo_marketing_name"
            sheet["D4"] = "xx-XX"

        message = self._assert_refused(self._xlsx_with(edit), "3 problem(s)", filename="agency.xlsx")
        self.assertIn("row 2 (Wool coat / ", message)
        self.assertIn("the source text was changed in the file", message)
        self.assertIn("row 3", message)
        self.assertIn("was not written by Kōbō", message)
        self.assertIn("row 4", message)
        self.assertIn("xx-XX is not an active language", message)

    def test_xlsx_removed_row_is_refused(self):
        message = self._assert_refused(
            self._xlsx_with(lambda sheet: sheet.delete_rows(3)), filename="agency.xlsx"
        )
        self.assertIn("The workbook has 3 units, the export had 4", message)

    def test_broken_xml_is_refused(self):
        content = self._export().replace(b"</body>", b"")
        self._assert_refused(content, "not well-formed XML")

    def test_unknown_product_field_and_locale_are_named(self):
        root = self._fill_xliff(self._export())
        units = root.findall(".//x:trans-unit", NS)
        units[0].set("id", "product.template/999999999/kobo_marketing_name")
        units[1].set("id", f"product.template/{self.coat.id}/description_sale")
        root.find("x:file", NS).set("target-language", "fr-FR")
        message = self._assert_refused(etree.tostring(root), "2 problem(s)")
        self.assertIn("there is no product with id 999999999", message)
        self.assertIn("description_sale is not a field translated here", message)

        root.find("x:file", NS).set("target-language", "tlh-KL")
        message = self._assert_refused(etree.tostring(root), "tlh-KL is not an active language")

    def test_source_changed_since_export_is_refused(self):
        content = etree.tostring(self._fill_xliff(self._export()))
        self.coat.with_context(lang="en_US").kobo_bullet_points = "Warm\nSoft\nLight"
        message = self._assert_refused(content, "1 problem(s)", "Bullet Points / fr-FR")
        self.assertIn("the source changed since the export", message)

    def test_broken_and_changed_markup_is_refused(self):
        broken = self._fill_xliff(
            self._export(), {**FRENCH, "kobo_description": "<p>Un manteau <strong>chaud.</p><p>Portugal.</p>"}
        )
        self._assert_refused(
            etree.tostring(broken), "Marketing Description / fr-FR", "<strong> is not closed"
        )
        merged = self._fill_xliff(
            self._export(), {**FRENCH, "kobo_description": "<p>Un manteau chaud, fabriqué au Portugal.</p>"}
        )
        self._assert_refused(etree.tostring(merged), "the translation has 1 text blocks, the source 2")

    def test_removed_and_duplicated_units_are_refused(self):
        root = self._fill_xliff(self._export())
        body = root.find(".//x:body", NS)
        body.remove(body.findall("x:trans-unit", NS)[0])
        self._assert_refused(etree.tostring(root), "has 3 units, the export had 4")
        body.append(_xml(etree.tostring(body.findall("x:trans-unit", NS)[0])))
        self._assert_refused(etree.tostring(root), "the unit appears twice")

    def test_products_of_other_companies_are_unknown(self):
        other_company = self.env["res.company"].create({"name": "Other brand"})
        foreign = self._kobo_product("Foreign coat")
        foreign.company_id = other_company
        root = self._fill_xliff(self._export())
        root.find(".//x:trans-unit", NS).set("id", f"product.template/{foreign.id}/kobo_marketing_name")
        self._assert_refused(_xml_bytes(root), f"there is no product with id {foreign.id}")
        self.assertEqual(self._fr(foreign, "kobo_marketing_name"), "Foreign coat")

    def test_lost_digest_is_refused(self):
        root = self._fill_xliff(self._export())
        unit = root.find(".//x:trans-unit", NS)
        unit.remove(unit.find("x:note[@from='kobo-digest']", NS))
        self._assert_refused(etree.tostring(root), "lost its source or its digest")

    def test_export_refuses_control_characters_by_name(self):
        self.coat.with_context(lang="en_US").kobo_bullet_points = "Warm\x0bSoft"
        for file_format in ("xliff", "xlsx"):
            with self.assertRaises(UserError) as refused:
                self._export(file_format)
            self.assertEqual(
                str(refused.exception),
                "Wool coat / Bullet Points / fr_FR: the text holds the control character U+000B, "
                "which translation files cannot carry; remove it from the product.",
            )

    def test_export_with_nothing_to_translate_says_so(self):
        self.coat.update_field_translations("kobo_marketing_name", {"fr_FR": "Manteau", "de_DE": "Mantel"})
        with self.assertRaises(UserError) as refused:
            self.env["kobo.translation.exchange"].with_user(self.catalogue_user)._kobo_export(
                [("product_tmpl_id", "=", self.coat.id), ("status", "=", "outdated")], "xliff"
            )
        self.assertIn("Nothing to translate", str(refused.exception))

    def test_only_catalogue_users_exchange_translations(self):
        with self.assertRaises(AccessError):
            self._export(user=self.internal_user)
        with self.assertRaises(AccessError):
            self.env["kobo.translation.exchange"].with_user(self.internal_user)._kobo_import(self._export())

    def test_export_queries_do_not_grow_with_the_units(self):
        exchange = self.env["kobo.translation.exchange"].with_user(self.catalogue_user)

        def count_queries(products):
            domain = [("product_tmpl_id", "in", products.ids), ("lang", "in", ("fr_FR", "de_DE"))]
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            content, units = exchange._kobo_export(domain, "xliff")
            self.assertEqual(units, len(products) * 8)
            self.assertEqual(len(_xml(content).findall(".//x:trans-unit", NS)), units)
            return self.env.cr.sql_log_count - before

        few = self.env["product.template"].concat(*(self._kobo_product(f"Coat {n}") for n in range(2)))
        many = self.env["product.template"].concat(*(self._kobo_product(f"Parka {n}") for n in range(20)))
        count_queries(few)  # warm the registry caches (languages, access rights)
        self.assertEqual(count_queries(few), count_queries(many))
