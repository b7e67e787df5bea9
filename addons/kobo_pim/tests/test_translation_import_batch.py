from unittest import mock

from lxml import etree

from odoo.addons.kobo_base.models.kobo_workflow_mixin import privileged
from odoo.addons.kobo_pim.models import kobo_progress
from odoo.tests import tagged
from odoo.tools import SQL, html2plaintext

from .test_translation_common import DESCRIPTION_EN, DESCRIPTION_FR, KoboTranslationCase

NS = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
DESCRIPTION_DE = "<p>Ein <strong>warmer</strong> Mantel.</p><p>Hergestellt in Portugal.</p>"
# what the agency sends back, by locale of the file and field of the unit
TARGETS = {
    "fr-FR": {
        "name": "Manteau",
        "kobo_marketing_name": "Manteau en laine",
        "kobo_bullet_points": "Chaud\nDoux",
        "kobo_description": DESCRIPTION_FR,
    },
    "de-DE": {
        "name": "Mantel",
        "kobo_marketing_name": "Wollmantel",
        "kobo_bullet_points": "Warm\nWeich",
        "kobo_description": DESCRIPTION_DE,
    },
}
FIELDS = ("name", "kobo_marketing_name", "kobo_bullet_points", "kobo_description")


def _xml(content):
    return etree.fromstring(content)  # noqa: S320 (the files this module wrote)


@tagged("post_install", "-at_install")
class TestTranslationImportBatch(KoboTranslationCase):
    """The agency's file is written in a fixed number of queries, whatever its number of units,
    with the values and the effects of Odoo's own translation API."""

    def setUp(self):
        super().setUp()
        self.exchange = self.env["kobo.translation.exchange"].with_user(self.catalogue_user)

    def _products(self, prefix, count, override=False):
        products = self.env["product.template"].concat(
            *(self._kobo_product(f"{prefix} {number}") for number in range(count))
        )
        if override:
            self.env["kobo.channel.copy"].create(
                [
                    {
                        "product_tmpl_id": product.id,
                        "channel_id": self.channel.id,
                        "kobo_marketing_name": f"{product.name}, web edition",
                    }
                    for product in products
                ]
            )
        return products

    def _filled(self, products):
        """The export of `products` in French and German, every unit translated."""
        content, __ = self.exchange._kobo_export([("product_tmpl_id", "in", products.ids)], "xliff")
        root = _xml(content)
        for file_element in root.iterfind("x:file", NS):
            targets = TARGETS[file_element.get("target-language")]
            for unit in file_element.iterfind(".//x:trans-unit", NS):
                unit.find("x:target", NS).text = targets[unit.get("id").rsplit("/", 1)[1]]
        return etree.tostring(root)

    def _stored(self, products):
        """{product id: (the raw JSONB value of each of FIELDS)}, as PostgreSQL holds them."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "SELECT id, %s FROM product_template WHERE id = ANY(%s)",
                SQL(", ").join(SQL.identifier(name) for name in FIELDS),
                products.ids,
            )
        )
        return {row[0]: row[1:] for row in self.env.cr.fetchall()}

    def test_import_queries_do_not_grow_with_the_units(self):
        def count_queries(products):
            content = self._filled(products)
            self.env.flush_all()
            self.env.cr.flush()
            self.env.transaction.reset()
            before = self.env.cr.sql_log_count
            result = self.exchange._kobo_import(content, "xliff")
            self.env.flush_all()
            self.env.cr.flush()  # the completeness recomputed at the commit point counts too
            # 4 texts of each product and the name of its channel override, in 2 locales
            self.assertEqual(result, {"imported": len(products) * 10, "empty": 0})
            return self.env.cr.sql_log_count - before

        warm_up = self._products("Warm-up coat", 1, override=True)
        few, many = self._products("Coat", 2, override=True), self._products("Parka", 10, override=True)
        # written in an earlier transaction, as products are: the import moves their write_date
        self.env.flush_all()
        for table in ("product_template", "kobo_channel_copy"):
            self.env.cr.execute(SQL("UPDATE %s SET write_date = '2020-01-01'", SQL.identifier(table)))
        # progress is written at most once a second: never while the imports are counted
        with mock.patch.object(kobo_progress, "PROGRESS_INTERVAL", 3600):
            count_queries(warm_up)  # Odoo's registry caches
            self.assertEqual(count_queries(few), count_queries(many))
        for product in few | many:
            for tag, lang in (("fr-FR", "fr_FR"), ("de-DE", "de_DE")):
                translated = product.with_context(lang=lang)
                self.assertEqual(
                    [translated[name] for name in FIELDS], [TARGETS[tag][name] for name in FIELDS]
                )
                self.assertEqual(
                    translated.kobo_channel_copy_ids.kobo_marketing_name, TARGETS[tag]["kobo_marketing_name"]
                )
            self.assertEqual(product.with_context(lang="en_US").kobo_description, DESCRIPTION_EN)
        statuses = self.env["kobo.translation.status"].search([("product_tmpl_id", "in", (few | many).ids)])
        self.assertEqual(len(statuses), 120)
        self.assertEqual(set(statuses.mapped("status")), {"done"})

    def test_stored_values_are_those_of_odoos_translation_api(self):
        """Twin products, one translated by the import, the other unit by unit by Odoo's
        ``update_field_translations``: PostgreSQL holds the same values for both."""
        imported, by_odoo = self._kobo_product("Twin coat"), self._kobo_product("Twin coat")
        # what the twins already hold: an earlier German translation of the name, a French
        # description Odoo left unconfirmed after an English edit, a language holding null
        for twin in (imported, by_odoo):
            twin.with_context(lang="de_DE").name = "Alter Mantel"
            self.env.flush_all()
            self.env.cr.execute(
                SQL(
                    """UPDATE product_template
                          SET kobo_description = kobo_description || %s::jsonb,
                              kobo_bullet_points = kobo_bullet_points || '{"it_IT": null}'::jsonb
                        WHERE id = %s""",
                    '{"_fr_FR": "<p>Un manteau <strong>doux</strong>.</p><p>Fait au Portugal.</p>"}',
                    twin.id,
                )
            )
        self.env.invalidate_all()
        content = self._filled(imported)
        result = self.exchange._kobo_import(content, "xliff")
        self.assertEqual(result, {"imported": 8, "empty": 0})

        field = by_odoo._fields["kobo_description"]
        english = field.get_trans_terms(DESCRIPTION_EN)
        for file_element in _xml(content).iterfind("x:file", NS):
            lang = {"fr-FR": "fr_FR", "de-DE": "de_DE"}[file_element.get("target-language")]
            for unit in file_element.iterfind(".//x:trans-unit", NS):
                name = unit.get("id").rsplit("/", 1)[1]
                target = unit.findtext("x:target", namespaces=NS)
                if name == "kobo_description":
                    target = dict(zip(english, field.get_trans_terms(target), strict=True))
                by_odoo.update_field_translations(name, {lang: target})
        stored = self._stored(imported | by_odoo)
        self.assertEqual(stored[imported.id], stored[by_odoo.id])
        name, __, bullet_points, description = stored[imported.id]
        self.assertEqual(name, {"en_US": "Twin coat", "fr_FR": "Manteau", "de_DE": "Mantel"})
        self.assertEqual(
            bullet_points, {"en_US": "Warm\nSoft", "fr_FR": "Chaud\nDoux", "de_DE": "Warm\nWeich"}
        )
        self.assertEqual(
            description, {"en_US": DESCRIPTION_EN, "fr_FR": DESCRIPTION_FR, "de_DE": DESCRIPTION_DE}
        )

    def test_an_approved_product_goes_back_to_review_naming_each_translation(self):
        coat, other = self._products("Reviewed coat", 2)
        enrichments = self.env["kobo.enrichment"].search([("product_tmpl_id", "in", (coat | other).ids)])
        privileged(enrichments).write({"state": "approved"})
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "UPDATE product_template SET write_date = '2020-01-01' WHERE id = ANY(%s)",
                (coat | other).ids,
            )
        )
        self.env.invalidate_all()
        self.exchange._kobo_import(self._filled(coat), "xliff")
        coat_enrichment = enrichments.filtered(lambda enrichment: enrichment.product_tmpl_id == coat)
        self.assertEqual(coat_enrichment.state, "in_review")
        self.assertEqual(
            html2plaintext(coat_enrichment.message_ids[:1].body),
            "Content changed after approval (Marketing Name (German / Deutsch), Marketing Name "
            "(French / Français), Marketing Description (German / Deutsch), Marketing Description "
            "(French / Français), Bullet Points (German / Deutsch), Bullet Points (French / Français)): "
            "back in review.",
        )
        self.assertEqual((enrichments - coat_enrichment).state, "approved")
        # as after a write: the product was changed now, by the catalogue user
        self.assertEqual(coat.write_uid, self.catalogue_user)
        self.assertGreater(str(coat.write_date), "2020-01-01 00:00:00")
        self.assertEqual(str(other.write_date), "2020-01-01 00:00:00")
