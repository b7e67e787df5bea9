from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .test_completeness_common import CompletenessCase, gtin

FOUR = (("Navy", "M"), ("Navy", "L"), ("Red", "M"), ("Red", "L"))


@tagged("post_install", "-at_install")
class TestCompletenessIssues(CompletenessCase):
    """Products to Fix: one row per cell × rule × kind of problem, variants grouped."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Issue = cls.env["kobo.completeness.issue"]
        # A second channel, English only, that checks the brand and nothing else
        cls.shop = cls.env["kobo.channel"].create(
            {
                "name": "Test shop",
                "code": "test_shop",
                "lang_ids": [Command.set([cls.lang_en.id])],
                "profile_id": cls.env["kobo.requirement.profile"]
                .create(
                    {
                        "name": "Test shop profile",
                        "rule_ids": [Command.create({"check": "field", "field_name": "kobo_brand"})],
                    }
                )
                .id,
            }
        )

    def _rows(self, template, **criteria):
        domain = [("product_tmpl_id", "=", template.id)]
        domain += [(name, "=", value) for name, value in criteria.items()]
        return self.Issue.search(domain)

    def _kind_label(self, row):
        return dict(row._fields["kind"]._description_selection(self.env))[row.kind]

    def test_variants_without_gtin_are_one_row(self):
        parka = self._product("Parka", variants=FOUR)
        self.assertFalse(self._rows(parka), "a complete product has nothing to fix")
        navy_m, red_l = self._variant(parka, "Navy", "M"), self._variant(parka, "Red", "L")
        (navy_m | red_l).barcode = False
        self.env.cr.flush()
        row = self._rows(parka, channel_id=self.channel.id, lang_id=self.lang_en.id)
        self.assertEqual(len(row), 1)
        self.assertEqual(
            (row.summary, self._kind_label(row), row.field_label, row.variant_count, row.variant_total),
            ("GTIN missing on 2 of 4 variants", "Missing", "GTIN", 2, 4),
        )
        self.assertEqual(row.variant_ids, navy_m | red_l)
        self.assertEqual(row.details, "variant Navy / M: GTIN missing\nvariant Red / L: GTIN missing")
        # The cell keeps its text, one line per variant, from the same problems
        cell = self._cells(parka)["en_US"]
        self.assertEqual(cell.issues, row.details)
        self.assertEqual(cell.issue_ids, row)
        # GTIN is not translated: the same row in French; the row opens its variants
        french = self._rows(parka, channel_id=self.channel.id, lang_id=self.lang_fr.id)
        self.assertEqual(french.summary, "GTIN missing on 2 of 4 variants")
        action = row.action_open_variants()
        self.assertEqual(
            (action["res_model"], action["domain"]), ("product.product", [("id", "in", row.variant_ids.ids)])
        )

        navy_m.barcode = gtin(777)
        self.env.cr.flush()
        self.assertFalse(row.exists(), "a recomputed cell's rows are replaced")
        row = self._rows(parka, channel_id=self.channel.id, lang_id=self.lang_en.id)
        self.assertEqual((row.summary, row.variant_ids), ("GTIN missing on 1 of 4 variants", red_l))
        action = row.action_open_variants()
        self.assertEqual((action["view_mode"], action["res_id"]), ("form", red_l.id))

        red_l.barcode = gtin(778)
        self.env.cr.flush()
        self.assertFalse(self._rows(parka))
        self.assertTrue(all(cell.complete for cell in self._cells(parka).values()))

    def test_invalid_gtins_and_missing_ones_are_two_rows(self):
        parka = self._product("Parka", variants=FOUR)
        navy_m = self._variant(parka, "Navy", "M")
        self._variant(parka, "Navy", "L").barcode = "12345"
        navy_m.barcode = False
        self.env.cr.flush()
        rows = self._rows(parka, lang_id=self.lang_en.id, channel_id=self.channel.id)
        self.assertEqual(
            sorted((row.kind, row.summary) for row in rows),
            [("invalid", "GTIN invalid on 1 of 4 variants"), ("missing", "GTIN missing on 1 of 4 variants")],
        )
        invalid = rows.filtered(lambda row: row.kind == "invalid")
        self.assertEqual(invalid.details, "variant Navy / L: GTIN 12345 is not 8, 12, 13 or 14 digits")

    def test_product_issue_is_one_row_per_locale_with_its_field(self):
        blazer = self._product("Blazer")
        blazer.kobo_marketing_name = "A double-breasted navy wool blazer"  # 34 characters
        blazer.update_field_translations("kobo_marketing_name", {"fr_FR": False})
        blazer.kobo_brand = False
        self.env.cr.flush()
        rows = self._rows(blazer, channel_id=self.channel.id)
        self.assertEqual(
            sorted((row.lang_id.code, self._kind_label(row), row.field_label, row.summary) for row in rows),
            [
                ("en_US", "Missing", "brand", "brand missing"),
                ("en_US", "Too long or too many", "title", "title is 34 characters, at most 30"),
                ("fr_FR", "Missing", "brand", "brand missing"),
                ("fr_FR", "Missing", "title", "title missing"),
            ],
        )
        self.assertFalse(any(rows.mapped("variant_count")))
        self.assertEqual(rows.categ_id, self.category)
        self.assertEqual(self._cells(blazer)["fr_FR"].issues, "fr_FR: title missing\nbrand missing")
        self.assertEqual(
            rows.filtered(lambda row: row.lang_id == self.lang_fr and row.field_label == "title").details,
            "fr_FR: title missing",
        )

    def test_filters_and_counts_by_kind(self):
        blazer = self._product("Blazer")
        coat = self._product("Coat")
        blazer.write({"kobo_brand": False, "kobo_season_name": "AW26"})
        self._variant(coat, "Navy", "M").barcode = False
        self.env.cr.flush()
        products = [("product_tmpl_id", "in", (blazer | coat).ids)]
        # brand: feed (2 locales) and shop; GTIN: feed (2 locales)
        missing_on_shop = self.Issue.search(
            [*products, ("kind", "=", "missing"), ("channel_id", "=", self.shop.id)]
        )
        self.assertEqual(
            [(row.product_tmpl_id, row.field_label, row.summary) for row in missing_on_shop],
            [(blazer, "Brand", "Brand missing")],
        )
        french_gtin = self.Issue.search(
            [*products, ("field_label", "=", "GTIN"), ("lang_id", "=", self.lang_fr.id)]
        )
        self.assertEqual(french_gtin.mapped("summary"), ["GTIN missing on 1 of 2 variants"])
        self.assertEqual(french_gtin.product_tmpl_id, coat)
        self.assertFalse(self.Issue.search([*products, ("kind", "=", "image")]))
        groups = self.Issue.read_group(products, ["variant_count:sum"], ["kind"])
        self.assertEqual(
            [(group["kind"], group["kind_count"], group["variant_count"]) for group in groups],
            [("missing", 5, 2)],
        )
        by_field = self.Issue.read_group(
            products, ["variant_count:sum"], ["field_label", "channel_id"], lazy=False
        )
        self.assertEqual(
            sorted((group["field_label"], group["channel_id"][1], group["__count"]) for group in by_field),
            [("Brand", "Test shop", 1), ("GTIN", "Test feed", 2), ("brand", "Test feed", 2)],
        )
        autumn = self.Issue.search([*products, ("kobo_season_name", "=", "AW26")])
        self.assertEqual((len(autumn), autumn.product_tmpl_id), (3, blazer))

    def test_catalogue_user_reads_and_cannot_write(self):
        blazer = self._product("Blazer")
        blazer.kobo_brand = False
        self.env.cr.flush()
        rows = self._rows(blazer).with_user(self.catalogue_user)
        self.assertEqual(
            sorted(values["summary"] for values in rows.read(["summary"])),
            ["Brand missing", "brand missing", "brand missing"],
        )
        with self.assertRaises(AccessError):
            rows[0].write({"summary": "fixed"})
        with self.assertRaises(AccessError):
            self.Issue.with_user(self.catalogue_user).create({"cell_id": rows[0].cell_id.id, "summary": "x"})
        with self.assertRaises(AccessError):
            rows.unlink()
        outsider = self.env["res.users"].create(
            {
                "name": "Outsider",
                "login": "kobo_outsider",
                "groups_id": [Command.set([self.env.ref("base.group_user").id])],
            }
        )
        with self.assertRaises(AccessError):
            rows.with_user(outsider).read(["summary"])

    def _recompute_queries(self, count):
        templates = self.env["product.template"]
        for number in range(count):
            template = self._product(f"Batch {count}-{number}", variants=FOUR)
            self._variant(template, "Red", "M").barcode = False
            template.kobo_brand = False
            templates |= template
        self.env.cr.flush()
        cells = self.env["kobo.completeness"].search([("product_tmpl_id", "in", templates.ids)])
        self.env.flush_all()
        self.env.invalidate_all()
        self.env.transaction.reset()
        before = self.env.cr.sql_log_count
        cells._kobo_recompute()
        self.env.flush_all()
        queries = self.env.cr.sql_log_count - before
        rows = self.Issue.search(
            [("product_tmpl_id", "in", templates.ids), ("channel_id", "=", self.channel.id)]
        )
        # per product: GTIN and brand, in two locales
        self.assertEqual(len(rows), 4 * count)
        self.assertEqual(
            set(rows.filtered("variant_count").mapped("summary")), {"GTIN missing on 1 of 4 variants"}
        )
        return queries

    def test_query_count_does_not_grow_with_products(self):
        self.assertEqual(self._recompute_queries(1), self._recompute_queries(5))
