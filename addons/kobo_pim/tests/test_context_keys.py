"""No context key a client can send changes a business result (issue: Trust II, point 2).

The list of context keys the addons read, and why each is safe, is in docs/architecture.md;
tests/test_context_keys.py (repo level) fails when a new one appears unlisted.
"""

from odoo.tests import tagged

from .test_completeness_common import CompletenessCase


@tagged("post_install", "-at_install")
class TestContextKeysChangeNothing(CompletenessCase):
    def test_a_date_sent_in_the_context_does_not_unexpire_a_certification(self):
        blazer = self._product("Blazer")
        # Saved by a client that sends `kobo_today` in its context, as the recompute runs in the
        # writer's context: the certification expired last year whatever the client says.
        self.env["kobo.pim.certification"].with_context(kobo_today="2000-01-01").create(
            {"product_tmpl_id": blazer.id, "name": "GOTS", "date_expiry": "2020-01-31"}
        )
        self.env.cr.flush()
        self.channel.with_context(kobo_today="2000-01-01").action_kobo_recompute_completeness()
        cell = self._cells(blazer)["en_US"]
        self.assertFalse(cell.complete)
        self.assertIn("certification GOTS expired on 2020-01-31", cell.issues.splitlines())
