from unittest.mock import patch

from odoo.tests import tagged

from ..models.kobo_completeness_checks import CompletenessEngine
from .test_completeness_common import CompletenessCase

NOT_COMPUTED = (
    "Could not be computed: unexpected error (RuntimeError); an administrator finds the details in "
    "the server log. The next run tries again."
)


@tagged("post_install", "-at_install")
class TestCompletenessIsolation(CompletenessCase):
    """One cell whose computation fails does not stop the cron: the others are computed."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.products = cls._product("Blazer") | cls._product("Coat") | cls._product("Parka")
        cls.env["kobo.completeness"]._kobo_recompute_dirty()

    def _failing_for(self, bad_cell):
        compute_and_store = CompletenessEngine.compute_and_store

        def compute(engine, cell_ids):
            if bad_cell.id in cell_ids:
                raise RuntimeError("the engine cannot read this cell")
            return compute_and_store(engine, cell_ids)

        return patch.object(CompletenessEngine, "compute_and_store", compute)

    def test_a_failing_cell_leaves_the_others_computed(self):
        cells = self.env["kobo.completeness"].search([("product_tmpl_id", "in", self.products.ids)])
        self.assertEqual(len(cells), 6, "3 products in 2 locales")
        # The channel's profile changed: every cell is outdated, for the cron.
        self.profile.rule_ids.filtered(lambda rule: rule.field_name == "kobo_marketing_name").max_length = 8
        self.env.cr.flush()
        self.assertTrue(all(cells.mapped("dirty")))
        bad = self._cells(self.products[1])["fr_FR"]
        logger = "odoo.addons.kobo_pim.models.kobo_completeness"
        with self._failing_for(bad), self.assertLogs(logger, "ERROR") as logged:
            computed = self.env["kobo.completeness"]._cron_recompute()
        self.assertEqual(computed, 5)
        self.assertEqual(len(logged.output), 1)
        self.assertIn(f"Completeness cell {bad.id} could not be computed", logged.output[0])
        good = cells - bad
        self.assertFalse(any(good.mapped("dirty")))
        self.assertIn("title is 11 characters, at most 8", self._cells(self.products[2])["fr_FR"].issues)
        # What the catalogue team reads on the cell, in Products to Fix, and the dashboard's count.
        cell = bad.with_user(self.catalogue_user)
        self.assertEqual((cell.dirty, cell.complete, cell.issues), (True, False, NOT_COMPUTED))
        self.assertEqual(self.channel.with_user(self.catalogue_user).completeness_dirty_count, 1)
        # The next run tries it again: fixed, it is computed like the others.
        self.assertEqual(self.env["kobo.completeness"]._cron_recompute(), 1)
        self.assertFalse(bad.dirty)
        self.assertIn("title is 10 characters, at most 8", bad.issues)

    def test_the_cron_reports_no_remaining_work_for_the_failed_cells(self):
        """Else Odoo would run the cron again at once, on the same failing cell, ten times."""
        self.profile.rule_ids.filtered(lambda rule: rule.field_name == "kobo_marketing_name").max_length = 8
        self.env.cr.flush()
        bad = self._cells(self.products[0])["en_US"]
        with (
            self._failing_for(bad),
            self.assertLogs("odoo.addons.kobo_pim.models.kobo_completeness", "ERROR"),
        ):
            computed, remaining = self.env["kobo.completeness"].sudo()._kobo_recompute_dirty()
        self.assertEqual((computed, remaining), (5, 0))
