import base64
import io

import openpyxl
from lxml import etree
from PIL import Image

from odoo import Command
from odoo.addons.kobo_base.models.kobo_workflow_mixin import privileged
from odoo.exceptions import UserError
from odoo.tests import tagged

from .test_translation_common import KoboTranslationCase

NS = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
OVERRIDE_DESCRIPTION_EN = "<p>Our warmest coat, for the web.</p>"


def _png(width=600, height=600):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (20, 30, 90)).save(buffer, format="PNG")
    return base64.b64encode(buffer.getvalue())


def _xml(content):
    return etree.fromstring(content)  # noqa: S320 (the files this module wrote)


@tagged("post_install", "-at_install")
class TestTranslationSources(KoboTranslationCase):
    """A channel's copy override and an image's alt text are tracked, exported and imported per
    product × locale, exactly as the product's own copy."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("it_IT")
        cls.it = cls.env["res.lang"]._lang_get("it_IT")
        cls.channel_it = cls.env["kobo.channel"].create(
            {"name": "Test web IT", "code": "test_web_it", "lang_ids": [Command.set(cls.it.ids)]}
        )
        cls.override = cls.env["kobo.channel.copy"].create(
            {
                "product_tmpl_id": cls.coat.id,
                "channel_id": cls.channel.id,
                "kobo_marketing_name": "Wool coat, web edition",
                "kobo_description": OVERRIDE_DESCRIPTION_EN,
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

    def _override_statuses(self, override=None):
        override = override or self.override
        return self._statuses(override.product_tmpl_id, source_kind="channel", channel_copy_id=override.id)

    def _alt_statuses(self, asset=None):
        asset = asset or self.front
        return self._statuses(asset.product_tmpl_id, source_kind="asset", asset_id=asset.id)

    # --- status ---------------------------------------------------------------------------

    def test_override_is_tracked_in_its_channels_locales_only(self):
        # the product's own copy is translated for every channel (it_IT included)…
        self.assertEqual(self._statuses()["kobo_marketing_name", "it_IT"], "missing")
        # …an override only where its channel publishes it
        self.assertEqual(
            self._override_statuses(),
            {
                (field, lang): "missing"
                for field in ("kobo_marketing_name", "kobo_description")
                for lang in ("fr_FR", "de_DE")
            },
        )
        row = self.env["kobo.translation.status"].search(
            [("channel_copy_id", "=", self.override.id), ("field_name", "=", "kobo_marketing_name")], limit=1
        )
        self.assertEqual((row.channel_id, row.source), (self.channel, "Wool coat, web edition"))

    def test_override_missing_done_outdated(self):
        override_fr = self.override.with_context(lang="fr_FR")
        override_fr.kobo_marketing_name = "Manteau en laine, édition web"
        statuses = self._override_statuses()
        self.assertEqual(statuses["kobo_marketing_name", "fr_FR"], "done")
        self.assertEqual(statuses["kobo_marketing_name", "de_DE"], "missing")
        # the product's own copy is another text: still missing in French
        self.assertEqual(self._statuses()["kobo_marketing_name", "fr_FR"], "missing")

        self.override.with_context(lang="en_US").kobo_marketing_name = "Wool coat, online edition"
        self.assertEqual(self._override_statuses()["kobo_marketing_name", "fr_FR"], "outdated")
        self.assertEqual(override_fr.kobo_marketing_name, "Manteau en laine, édition web")

        # Odoo's translation dialog makes it done again; removing it makes it missing
        self.override.update_field_translations("kobo_marketing_name", {"fr_FR": "Manteau, édition en ligne"})
        self.assertEqual(self._override_statuses()["kobo_marketing_name", "fr_FR"], "done")
        self.override.update_field_translations("kobo_marketing_name", {"fr_FR": False})
        self.assertEqual(self._override_statuses()["kobo_marketing_name", "fr_FR"], "missing")

    def test_a_translated_product_copy_does_not_make_the_override_done(self):
        self.coat.with_context(lang="fr_FR").kobo_marketing_name = "Manteau en laine"
        self.assertEqual(self._statuses()["kobo_marketing_name", "fr_FR"], "done")
        self.assertEqual(self._override_statuses()["kobo_marketing_name", "fr_FR"], "missing")

    def test_alt_text_follows_the_channels_the_asset_goes_to(self):
        # no channel on the asset: every channel's locales
        self.assertEqual(
            self._alt_statuses(),
            {("alt_text", lang): "missing" for lang in ("fr_FR", "de_DE", "it_IT")},
        )
        self.front.channel_ids = self.channel_it
        self.assertEqual(self._alt_statuses(), {("alt_text", "it_IT"): "missing"})

    def test_alt_text_missing_done_outdated(self):
        self.front.with_context(lang="de_DE").alt_text = "Marineblauer Wollmantel, Vorderansicht"
        self.assertEqual(self._alt_statuses()["alt_text", "de_DE"], "done")
        self.assertEqual(self._alt_statuses()["alt_text", "fr_FR"], "missing")
        self.front.with_context(lang="en_US").alt_text = "Navy wool coat, seen from the front"
        self.assertEqual(self._alt_statuses()["alt_text", "de_DE"], "outdated")
        row = self.env["kobo.translation.status"].search(
            [("asset_id", "=", self.front.id), ("lang", "=", "de_DE")]
        )
        self.assertEqual(
            (row.source, row.translation),
            ("Navy wool coat, seen from the front", "Marineblauer Wollmantel, Vorderansicht"),
        )

    def test_texts_without_english_have_no_rows_and_counts_per_kind(self):
        self.env["kobo.asset"].create(
            {"product_tmpl_id": self.coat.id, "name": "coat-back.png", "role": "back", "image": _png()}
        )
        groups = (
            self.env["kobo.translation.status"]
            .with_user(self.catalogue_user)
            ._read_group(
                [("product_tmpl_id", "=", self.coat.id), ("lang", "=", "fr_FR")], ["source_kind"], ["__count"]
            )
        )
        # own copy: product name, marketing name, bullets, description; override: marketing name,
        # description; alt text: front only
        self.assertEqual(sorted(groups), [("asset", 1), ("channel", 2), ("product", 4)])

    def test_rows_of_other_companies_channels_stay_there(self):
        other_company = self.env["res.company"].create({"name": "Other brand"})
        other_channel = self.env["kobo.channel"].create(
            {
                "name": "Other web",
                "code": "test_other_web",
                "company_id": other_company.id,
                "lang_ids": [Command.set(self.fr.ids)],
            }
        )
        foreign_override = self.env["kobo.channel.copy"].create(
            {"product_tmpl_id": self.coat.id, "channel_id": other_channel.id, "kobo_seo_title": "Coat"}
        )
        status = self.env["kobo.translation.status"]
        self.assertEqual(status.search_count([("channel_copy_id", "=", foreign_override.id)]), 1)
        self.assertFalse(
            status.with_user(self.catalogue_user).search([("channel_copy_id", "=", foreign_override.id)])
        )

    # --- export and import ----------------------------------------------------------------

    def _export(self, file_format="xliff", langs=None):
        wizard = (
            self.env["kobo.translation.export"]
            .with_user(self.catalogue_user)
            .create(
                {
                    "lang_ids": [Command.set((langs or self.fr).ids)],
                    "file_format": file_format,
                    "product_tmpl_ids": [Command.set(self.coat.ids)],
                }
            )
        )
        wizard.action_export()
        return base64.b64decode(wizard.file)

    def _import(self, content, filename="agency.xlf"):
        wizard = (
            self.env["kobo.translation.import"]
            .with_user(self.catalogue_user)
            .create({"file": base64.b64encode(content), "filename": filename})
        )
        return wizard.action_import()

    def _units(self):
        return {
            "name": f"product.template/{self.coat.id}/kobo_marketing_name",
            "override_name": f"kobo.channel.copy/{self.override.id}/kobo_marketing_name",
            "override_description": f"kobo.channel.copy/{self.override.id}/kobo_description",
            "alt": f"kobo.asset/{self.front.id}/alt_text",
        }

    def _french(self):
        units = self._units()
        return {
            units["name"]: "Manteau en laine",
            units["override_name"]: "Manteau en laine, édition web",
            # a translator's tool may add what the field's sanitizer removes
            units["override_description"]: "<p>Notre manteau le plus chaud, pour le web.</p>"
            '<script>alert("x")</script>',
            units["alt"]: "Manteau en laine marine, vue de face",
        }

    def _filled_xliff(self, french=None):
        french = self._french() if french is None else french
        root = _xml(self._export())
        for unit in root.iterfind(".//x:trans-unit", NS):
            unit.find("x:target", NS).text = french.get(unit.get("id"), "")
        return etree.tostring(root)

    def test_xliff_round_trip_of_overrides_and_alt_texts(self):
        root = _xml(self._export())
        units = {unit.get("id"): unit for unit in root.iterfind(".//x:trans-unit", NS)}
        ids = self._units()
        self.assertLessEqual(set(ids.values()), set(units))
        self.assertEqual(len(units), 7)  # own copy 4 (with the product name), override 2, alt text 1
        self.assertEqual(units[ids["override_name"]].get("resname"), "Wool coat (override for Test web EU)")
        self.assertEqual(units[ids["alt"]].get("resname"), "Wool coat (Front image coat-front.png)")
        self.assertEqual(units[ids["override_description"]].get("datatype"), "html")
        self.assertEqual(
            units[ids["override_description"]].findtext("x:source", namespaces=NS), OVERRIDE_DESCRIPTION_EN
        )
        self.assertEqual(units[ids["alt"]].findtext("x:source", namespaces=NS), "Navy wool coat, front view")

        result = self._import(self._filled_xliff())
        self.assertIn("4 translation(s) imported", result["params"]["message"])
        override_fr = self.override.with_context(lang="fr_FR")
        self.assertEqual(override_fr.kobo_marketing_name, "Manteau en laine, édition web")
        self.assertEqual(override_fr.kobo_description, "<p>Notre manteau le plus chaud, pour le web.</p>")
        self.assertEqual(
            self.front.with_context(lang="fr_FR").alt_text, "Manteau en laine marine, vue de face"
        )
        self.assertEqual(self._fr(self.coat, "kobo_marketing_name"), "Manteau en laine")
        # English is untouched
        self.assertEqual(self.override.with_context(lang="en_US").kobo_description, OVERRIDE_DESCRIPTION_EN)
        self.assertEqual(self.front.with_context(lang="en_US").alt_text, "Navy wool coat, front view")
        statuses = self._override_statuses()
        self.assertEqual(statuses["kobo_marketing_name", "fr_FR"], "done")
        self.assertEqual(statuses["kobo_description", "fr_FR"], "done")
        self.assertEqual(statuses["kobo_marketing_name", "de_DE"], "missing")
        self.assertEqual(self._alt_statuses()["alt_text", "fr_FR"], "done")

        # the source changes afterwards: outdated, and the next export carries it for review
        self.front.with_context(lang="en_US").alt_text = "Navy wool coat, seen from the front"
        self.assertEqual(self._alt_statuses()["alt_text", "fr_FR"], "outdated")
        unit = _xml(self._export()).find(f".//x:trans-unit[@id='{ids['alt']}']", NS)
        self.assertEqual(unit.findtext("x:target", namespaces=NS), "Manteau en laine marine, vue de face")
        self.assertEqual(unit.find("x:target", NS).get("state"), "needs-review-translation")

    def test_xlsx_round_trip_of_an_alt_text(self):
        workbook = openpyxl.load_workbook(io.BytesIO(self._export("xlsx", langs=self.de)))
        sheet = workbook["Translations"]
        rows = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
        alt_row = rows[self._units()["alt"]]
        self.assertEqual(alt_row[1].value, "Wool coat (Front image coat-front.png)")
        self.assertEqual(alt_row[2].value, "Alt Text")
        self.assertEqual(alt_row[4].value, "Navy wool coat, front view")
        alt_row[5].value = "Marineblauer Wollmantel, Vorderansicht"
        buffer = io.BytesIO()
        workbook.save(buffer)

        result = self._import(buffer.getvalue(), "agency.xlsx")
        self.assertIn("1 translation(s) imported", result["params"]["message"])
        self.assertEqual(
            self.front.with_context(lang="de_DE").alt_text, "Marineblauer Wollmantel, Vorderansicht"
        )
        self.assertEqual(self._alt_statuses()["alt_text", "de_DE"], "done")

    def _assert_nothing_imported(self, content, *fragments):
        with self.assertRaises(UserError) as refused:
            self._import(content)
        message = str(refused.exception)
        self.assertIn("Nothing was imported", message)
        for fragment in fragments:
            self.assertIn(fragment, message)
        # not even the units that were right
        self.assertEqual(self._fr(self.coat, "kobo_marketing_name"), "Wool coat")
        self.assertEqual(
            self.override.with_context(lang="fr_FR").kobo_marketing_name, "Wool coat, web edition"
        )
        # untranslated: French shows the English text
        alt_en = self.front.with_context(lang="en_US").alt_text
        self.assertEqual(self.front.with_context(lang="fr_FR").alt_text, alt_en)
        self.assertEqual(set(self._override_statuses().values()), {"missing"})
        self.assertEqual(set(self._alt_statuses().values()), {"missing"})
        return message

    def test_alt_text_changed_since_export_is_refused_by_name(self):
        content = self._filled_xliff()
        self.front.with_context(lang="en_US").alt_text = "Navy wool coat on a hanger"
        self._assert_nothing_imported(
            content,
            f"unit {self._units()['alt']} (fr-FR) ",
            "(Wool coat (Front image coat-front.png) / Alt Text / fr-FR): the source changed since",
        )

    def test_unknown_override_and_broken_markup_are_named(self):
        units = self._units()
        french = self._french()
        french[units["override_description"]] = "<p>Notre manteau <strong>chaud.</p>"
        root = _xml(self._filled_xliff(french))
        unit = root.find(f".//x:trans-unit[@id='{units['override_name']}']", NS)
        unit.set("id", "kobo.channel.copy/999999999/kobo_marketing_name")
        alt = root.find(f".//x:trans-unit[@id='{units['alt']}']", NS)
        alt.set("id", f"kobo.asset/{self.front.id}/name")
        message = self._assert_nothing_imported(
            etree.tostring(root),
            "there is no channel copy with id 999999999",
            "the markup is broken: <strong> is not closed",
            "name is not a field translated here",
        )
        self.assertIn("override for Test web EU", message)

    def test_other_companies_overrides_are_unknown(self):
        content = self._filled_xliff()
        other_company = self.env["res.company"].create({"name": "Other brand"})
        # An override never moves (kobo_immutable); the test puts one in another company's
        # channel through the internal path, as data a client could not make.
        privileged(self.override).channel_id = self.env["kobo.channel"].create(
            {
                "name": "Other web",
                "code": "test_other_web",
                "company_id": other_company.id,
                "lang_ids": [Command.set(self.fr.ids)],
            }
        )
        self._assert_nothing_imported(content, f"there is no channel copy with id {self.override.id}")

    def test_deleting_the_records_forgets_their_digests(self):
        self.override.with_context(lang="fr_FR").kobo_marketing_name = "Manteau, édition web"
        self.front.with_context(lang="fr_FR").alt_text = "Manteau marine"
        digests = self.env["kobo.translation.digest"]
        self.assertEqual(digests.search_count([("channel_copy_id", "=", self.override.id)]), 1)
        self.assertEqual(digests.search_count([("asset_id", "=", self.front.id)]), 1)
        self.override.unlink()
        self.front.unlink()
        self.assertFalse(digests.search([("product_tmpl_id", "=", self.coat.id)]))

    def test_export_queries_do_not_grow_with_overrides_and_assets(self):
        exchange = self.env["kobo.translation.exchange"].with_user(self.catalogue_user)

        def catalogue(prefix, count):
            products = self.env["product.template"]
            for number in range(count):
                product = self._kobo_product(f"{prefix} {number}")
                self.env["kobo.channel.copy"].create(
                    {"product_tmpl_id": product.id, "channel_id": self.channel.id, "kobo_seo_title": prefix}
                )
                self.env["kobo.asset"].create(
                    {"product_tmpl_id": product.id, "image": _png(200, 200), "alt_text": f"{prefix} front"}
                )
                products |= product
            return products

        def count_queries(products):
            domain = [("product_tmpl_id", "in", products.ids), ("lang", "in", ("fr_FR", "de_DE"))]
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            content, units = exchange._kobo_export(domain, "xliff")
            # own copy 4 (with the product name), override 1, alt text 1; × 2
            self.assertEqual(units, len(products) * 12)
            self.assertEqual(len(_xml(content).findall(".//x:trans-unit", NS)), units)
            return self.env.cr.sql_log_count - before

        few, many = catalogue("Coat", 2), catalogue("Parka", 12)
        count_queries(few)  # warm the registry caches (languages, access rights)
        self.assertEqual(count_queries(few), count_queries(many))
