from odoo.tests import tagged

from .test_completeness_common import CompletenessCase


@tagged("post_install", "-at_install")
class TestCompletenessQueries(CompletenessCase):
    """The number of queries does not grow with the number of products (two sizes each)."""

    def _queries(self, function):
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        function()
        self.env.flush_all()
        return self.env.cr.sql_log_count - before

    def _full_recompute_queries(self, count):
        products = self.env["product.template"]
        for number in range(count):
            products |= self._product(f"Full {count}-{number}", complete=number % 2 == 0)
        cells = self.env["kobo.completeness"].search([("product_tmpl_id", "in", products.ids)])
        self.assertEqual(len(cells), 2 * count)
        queries = self._queries(cells._kobo_recompute)
        self.assertEqual(len(cells.filtered("complete")), 2 * ((count + 1) // 2))
        return queries

    def test_full_recompute_query_count_does_not_grow(self):
        small = self._full_recompute_queries(2)
        large = self._full_recompute_queries(8)
        self.assertEqual(small, large)
        self.assertLess(small, 30)

    def _incremental_queries(self, count):
        products = [self._product(f"Edit {count}-{number}") for number in range(count)]
        edited = products[0]

        def edit_and_commit():
            edited.kobo_brand = False
            self.env.cr.flush()

        queries = self._queries(edit_and_commit)
        self.assertEqual(self._cells(edited)["en_US"].issues, "brand missing")
        return queries

    def test_incremental_query_count_does_not_grow_with_the_catalogue(self):
        small = self._incremental_queries(2)
        large = self._incremental_queries(8)
        self.assertEqual(small, large)
