from unittest.mock import patch

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from ..models.kobo_completeness_checks import CompletenessEngine
from .test_completeness_common import CompletenessCase, gtin, png


class EngineSpy:
    """Counts the cells the engine computes (patches it, calling through)."""

    def __init__(self):
        self.cell_ids = []
        original = CompletenessEngine.compute_and_store

        def compute_and_store(engine, cell_ids):
            self.cell_ids += list(cell_ids)
            return original(engine, cell_ids)

        self.patcher = patch.object(CompletenessEngine, "compute_and_store", compute_and_store)

    def __enter__(self):
        self.patcher.start()
        return self

    def __exit__(self, *args):
        self.patcher.stop()


@tagged("post_install", "-at_install")
class TestCompleteness(CompletenessCase):
    def test_complete_product_scores_100_in_every_locale(self):
        blazer = self._product("Blazer")
        cells = self._cells(blazer)
        self.assertEqual(set(cells), {"en_US", "fr_FR"})
        for cell in cells.values():
            self.assertEqual(
                (cell.score, cell.issue_count, cell.issues, cell.complete, cell.dirty),
                (100, 0, False, True, False),
            )
            self.assertEqual(cell.categ_id, self.category)

    def test_issues_are_worded_for_a_copywriter(self):
        blazer = self._product("Blazer")
        navy_m = self._variant(blazer, "Navy", "M")
        wrong = navy_m.barcode[:-1] + str((int(navy_m.barcode[-1]) + 1) % 10)
        navy_m.barcode = wrong
        # Emptied in French only (writing False in any language would empty every language)
        blazer.update_field_translations("kobo_marketing_name", {"fr_FR": False})
        blazer.kobo_gender = False
        self.env["kobo.asset"].search([("product_tmpl_id", "=", blazer.id)]).image = png(320, 320)
        self.env.cr.flush()
        cells = self._cells(blazer)
        self.assertEqual(
            cells["en_US"].issues.splitlines(),
            [
                f"variant Navy / M: GTIN {wrong} check digit wrong",
                "front image 320×320 is below 500×500",
                "gender missing",
            ],
        )
        self.assertEqual(
            cells["fr_FR"].issues.splitlines(),
            [
                "fr_FR: title missing",
                f"variant Navy / M: GTIN {wrong} check digit wrong",
                "front image 320×320 is below 500×500",
                "gender missing",
            ],
        )
        # 10 rules: 7 met in English, 6 in French
        self.assertEqual((cells["en_US"].score, cells["en_US"].issue_count), (70, 3))
        self.assertEqual((cells["fr_FR"].score, cells["fr_FR"].issue_count), (60, 4))
        self.assertFalse(cells["en_US"].complete)

    def test_gtin_wording(self):
        engine = CompletenessEngine(self.env)
        self.assertIsNone(engine.gtin_problem("4006381333931"))
        self.assertIsNone(engine.gtin_problem("73513537"))
        self.assertEqual(engine.gtin_problem("4006381333932"), "GTIN 4006381333932 check digit wrong")
        self.assertEqual(engine.gtin_problem("40063813"), "GTIN 40063813 check digit wrong")
        self.assertEqual(engine.gtin_problem("12345"), "GTIN 12345 is not 8, 12, 13 or 14 digits")
        self.assertEqual(
            engine.gtin_problem("40063813339X1"), "GTIN 40063813339X1 has characters other than digits"
        )

    def test_missing_everything(self):
        bare = self._product("Bare", complete=False, variants=(("Navy", "M"),))
        issues = self._cells(bare)["fr_FR"].issues.splitlines()
        self.assertEqual(
            issues,
            [
                "fr_FR: title missing",
                "fr_FR: description missing",
                "variant Navy / M: GTIN missing",
                "front image missing",
                "brand missing",
                "gender missing",
            ],
        )
        self.assertEqual(self._cells(bare)["fr_FR"].score, 40)

    def test_lengths_allowed_values_and_channel_copy(self):
        blazer = self._product("Blazer")
        blazer.kobo_marketing_name = "A double-breasted navy wool blazer"  # 34 characters
        self.env.cr.flush()
        self.assertIn("en_US: title is 34 characters, at most 30", self._cells(blazer)["en_US"].issues)
        self.assertTrue(self._cells(blazer)["fr_FR"].complete, "the French title was not changed")
        # The channel's own copy wins over the product's for that channel
        self.env["kobo.channel.copy"].create(
            {
                "product_tmpl_id": blazer.id,
                "channel_id": self.channel.id,
                "kobo_marketing_name": "Navy blazer",
            }
        )
        self.env.cr.flush()
        self.assertTrue(self._cells(blazer)["en_US"].complete)
        # Allowed values narrower than Odoo's selection
        self.profile.rule_ids.filtered(
            lambda rule: rule.field_name == "kobo_gender"
        ).allowed_values = "male, unisex"
        self.channel.action_kobo_recompute_completeness()
        self.assertIn("gender “female” is not one of male, unisex", self._cells(blazer)["en_US"].issues)

    def test_category_and_certification(self):
        blazer = self._product("Blazer")
        blazer.categ_id = self.env["product.category"].create({"name": "Unmapped"})
        self.env["kobo.pim.certification"].create(
            {"product_tmpl_id": blazer.id, "name": "GOTS", "date_expiry": "2020-01-31"}
        )
        self.env.cr.flush()
        issues = self._cells(blazer)["en_US"].issues.splitlines()
        self.assertIn(
            "Google product category missing: map the product or its category to Test Google taxonomy", issues
        )
        self.assertIn("certification GOTS expired on 2020-01-31", issues)
        self.assertEqual(self._cells(blazer)["en_US"].categ_id.name, "Unmapped")

    def test_image_for_another_channel_does_not_count(self):
        other = self.env["kobo.channel"].create({"name": "Other", "code": "test_other"})
        blazer = self._product("Blazer")
        self.env["kobo.asset"].search([("product_tmpl_id", "=", blazer.id)]).channel_ids = [
            Command.set(other.ids)
        ]
        self.env.cr.flush()
        self.assertIn("front image missing", self._cells(blazer)["en_US"].issues)

    def test_channel_minimum_image_size_applies(self):
        blazer = self._product("Blazer")
        self.channel.image_min_size = 800
        self.channel.action_kobo_recompute_completeness()
        self.assertIn("front image 600×600 is below 800×800", self._cells(blazer)["en_US"].issues)


@tagged("post_install", "-at_install")
class TestCompletenessIncremental(CompletenessCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.blazer = cls._product("Blazer")
        cls.coat = cls._product("Coat")
        cls.other_channel = cls.env["kobo.channel"].create(
            {
                "name": "Other feed",
                "code": "test_other_feed",
                "lang_ids": [Command.set([cls.lang_en.id])],
                "profile_id": cls.profile.copy().id,
            }
        )
        cls.env["kobo.completeness"]._kobo_recompute_dirty(channels=cls.other_channel)

    def test_product_edit_recomputes_that_products_cells_only(self):
        blazer_cells = self.env["kobo.completeness"].search([("product_tmpl_id", "=", self.blazer.id)])
        self.assertEqual(blazer_cells.channel_id, self.channel | self.other_channel)
        self.assertEqual(len(blazer_cells), 3, "2 locales on the feed, 1 on the other channel")
        coat_cells = self.env["kobo.completeness"].search([("product_tmpl_id", "=", self.coat.id)])
        coat_dates = coat_cells.mapped("date_computed")
        with EngineSpy() as spy:
            # several writes in one transaction: one recomputation at the commit point
            self.blazer.with_user(self.catalogue_user).kobo_brand = False
            self.blazer.with_user(self.catalogue_user).update_field_translations(
                "kobo_marketing_name", {"fr_FR": False}
            )
            self.assertEqual(spy.cell_ids, [], "nothing is computed before the commit point")
            self.assertTrue(self._cells(self.blazer)["fr_FR"].complete)
            self.env.cr.flush()
        self.assertEqual(sorted(spy.cell_ids), sorted(blazer_cells.ids))
        self.assertEqual(coat_cells.mapped("date_computed"), coat_dates)
        self.assertFalse(any(blazer_cells.mapped("dirty")))
        self.assertEqual(self._cells(self.blazer)["fr_FR"].issues, "fr_FR: title missing\nbrand missing")

    def test_variant_asset_and_translation_edits_outdate_the_product(self):
        navy_l = self._variant(self.blazer, "Navy", "L")
        with EngineSpy() as spy:
            navy_l.barcode = "12345"
            self.env.cr.flush()
        self.assertEqual(len(spy.cell_ids), 3)
        self.assertIn(
            "variant Navy / L: GTIN 12345 is not 8, 12, 13 or 14 digits",
            self._cells(self.blazer)["en_US"].issues,
        )
        with EngineSpy() as spy:
            navy_l.barcode = gtin(999)
            self.blazer.update_field_translations("kobo_marketing_name", {"fr_FR": False})
            self.env.cr.flush()
        self.assertEqual(len(spy.cell_ids), 3)
        self.assertEqual(self._cells(self.blazer)["fr_FR"].issues, "fr_FR: title missing")
        self.assertTrue(self._cells(self.blazer)["en_US"].complete)
        self.blazer.update_field_translations("kobo_marketing_name", {"fr_FR": "Blazer titre"})
        self.env.cr.flush()
        self.assertTrue(self._cells(self.blazer)["fr_FR"].complete)
        with EngineSpy() as spy:
            self.env["kobo.asset"].search([("product_tmpl_id", "=", self.coat.id)]).unlink()
            self.env.cr.flush()
        self.assertEqual(len(spy.cell_ids), 3)
        self.assertIn("front image missing", self._cells(self.coat)["en_US"].issues)

    def test_engine_failure_leaves_the_cells_to_the_cron(self):
        cells = self.env["kobo.completeness"].search([("product_tmpl_id", "=", self.blazer.id)])
        logger = "odoo.addons.kobo_pim.models.kobo_completeness"
        failing = patch.object(
            CompletenessEngine, "compute_and_store", side_effect=RuntimeError("engine down")
        )
        with failing, self.assertLogs(logger, "ERROR") as logged:
            self.blazer.kobo_brand = False
            self.env.cr.flush()
        self.assertIn("left to the cron", logged.output[0])
        self.assertFalse(self.blazer.kobo_brand, "the edit itself went through")
        self.assertTrue(all(cells.mapped("dirty")))
        self.env["kobo.completeness"]._cron_recompute()
        self.assertFalse(any(cells.mapped("dirty")))
        self.assertEqual(self._cells(self.blazer)["en_US"].issues, "brand missing")

    def test_unrelated_product_edit_computes_nothing(self):
        with EngineSpy() as spy:
            self.blazer.description_purchase = "Internal note"
            self.env.cr.flush()
        self.assertEqual(spy.cell_ids, [])

    def test_profile_edit_outdates_its_channels_for_the_cron(self):
        cells = self.env["kobo.completeness"].search([("channel_id", "=", self.channel.id)])
        others = self.env["kobo.completeness"].search([("channel_id", "=", self.other_channel.id)])
        with EngineSpy() as spy:
            self.profile.rule_ids.filtered(
                lambda rule: rule.field_name == "kobo_marketing_name"
            ).max_length = 8
            self.env.cr.flush()
        self.assertEqual(spy.cell_ids, [], "a profile edit never recomputes on save")
        self.assertTrue(all(cells.mapped("dirty")))
        self.assertFalse(any(others.mapped("dirty")))
        with EngineSpy() as spy:
            self.env["kobo.completeness"]._cron_recompute()
        self.assertEqual(sorted(spy.cell_ids), sorted(cells.ids))
        self.assertIn("en_US: title is 12 characters, at most 8", self._cells(self.blazer)["en_US"].issues)

    def test_category_mapping_outdates_that_categorys_products_on_that_channel(self):
        self.blazer.categ_id = self.env["product.category"].create(
            {"name": "Blazers", "parent_id": self.category.id}
        )
        self.env.cr.flush()
        self.env["kobo.taxonomy.mapping"].search([("channel_id", "=", self.channel.id)]).unlink()
        self.assertTrue(
            all(self.env["kobo.completeness"].search([("channel_id", "=", self.channel.id)]).mapped("dirty"))
        )
        self.assertFalse(
            any(
                self.env["kobo.completeness"]
                .search([("channel_id", "=", self.other_channel.id)])
                .mapped("dirty")
            )
        )
        self.channel.with_user(self.catalogue_user).action_kobo_recompute_completeness()
        self.assertIn("Google product category missing", self._cells(self.blazer)["en_US"].issues)

    def test_cells_follow_channels_locales_and_enrichment(self):
        Cell = self.env["kobo.completeness"]
        self.env["res.lang"]._activate_lang("de_DE")
        self.channel.lang_ids = [Command.link(self.env["res.lang"]._lang_get("de_DE").id)]
        self.assertEqual(set(self._cells(self.blazer)), {"en_US", "fr_FR", "de_DE"})
        self.assertTrue(self._cells(self.blazer)["de_DE"].dirty)
        self.channel.action_kobo_recompute_completeness()
        self.assertEqual(
            self._cells(self.blazer)["de_DE"].issues, "de_DE: title missing\nde_DE: description missing"
        )
        self.channel.lang_ids = [Command.unlink(self.lang_fr.id)]
        self.assertEqual(set(self._cells(self.blazer)), {"en_US", "de_DE"})
        self.other_channel.profile_id = False
        self.assertFalse(Cell.search([("channel_id", "=", self.other_channel.id)]))
        self.blazer.active = False
        self.assertFalse(Cell.search([("product_tmpl_id", "=", self.blazer.id)]))
        self.blazer.active = True
        self.assertEqual(len(Cell.search([("product_tmpl_id", "=", self.blazer.id)])), 2)
        self.env["kobo.enrichment"].search([("product_tmpl_id", "=", self.coat.id)]).unlink()
        self.assertFalse(Cell.search([("product_tmpl_id", "=", self.coat.id)]))
        no_enrichment = self.env["product.template"].create({"name": "Not in the catalogue"})
        self.env.cr.flush()
        self.assertFalse(Cell.search([("product_tmpl_id", "=", no_enrichment.id)]))

    def test_dashboard_figures(self):
        self._product("Bare", complete=False)
        self.channel.invalidate_recordset()
        channel = self.channel.with_user(self.catalogue_user)
        self.assertEqual(channel.completeness_cell_count, 6)
        self.assertEqual(channel.completeness_complete_count, 4)
        self.assertAlmostEqual(channel.completeness_rate, 100 * 4 / 6)
        self.assertEqual(channel.completeness_dirty_count, 0)
        action = channel.action_kobo_open_completeness()
        to_fix = (
            self.env["kobo.completeness"]
            .with_user(self.catalogue_user)
            .search(action["domain"] + [("complete", "=", False)])
        )
        self.assertEqual(to_fix.product_tmpl_id.mapped("name"), ["Bare"])
        groups = (
            self.env["kobo.completeness"]
            .with_user(self.catalogue_user)
            ._read_group(
                [("channel_id", "=", self.channel.id)], ["lang_id"], ["score:avg", "issue_count:sum"]
            )
        )
        self.assertEqual(len(groups), 2)


@tagged("post_install", "-at_install")
class TestCompletenessAccess(CompletenessCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.blazer = cls._product("Blazer")

    def test_cells_are_read_only_for_everyone(self):
        cell = self._cells(self.blazer)["en_US"]
        for user in (self.catalogue_user, self.catalogue_manager):
            with self.assertRaises(AccessError):
                cell.with_user(user).write({"score": 100})
            with self.assertRaises(AccessError):
                self.env["kobo.completeness"].with_user(user).create(
                    {
                        "product_tmpl_id": self.blazer.id,
                        "channel_id": self.channel.id,
                        "lang_id": self.lang_en.id,
                    }
                )
        self.assertEqual(cell.with_user(self.catalogue_user).score, 100)

    def test_internal_user_outside_the_catalogue_sees_no_cells(self):
        clerk = new_test_user(self.env, "kobo_clerk", groups="base.group_user")
        with self.assertRaises(AccessError):
            self.env["kobo.completeness"].with_user(clerk).search([])
        with self.assertRaises(AccessError):
            self.channel.with_user(clerk).action_kobo_recompute_completeness()
        with self.assertRaises(AccessError):
            self.channel.with_user(clerk).read(["completeness_rate"])
        # the channel form still shows which profile the channel uses
        self.assertEqual(self.channel.with_user(clerk).profile_id.display_name, "Test feed profile")

    def test_only_managers_edit_profiles(self):
        rule = self.profile.rule_ids[0]
        with self.assertRaises(AccessError):
            rule.with_user(self.catalogue_user).max_length = 10
        with self.assertRaises(AccessError):
            self.profile.with_user(self.catalogue_user).name = "Mine"
        rule.with_user(self.catalogue_manager).max_length = 10
        self.assertEqual(rule.max_length, 10)
