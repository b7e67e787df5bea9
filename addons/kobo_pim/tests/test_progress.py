import contextlib
import json
from unittest.mock import patch

from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from ..models import kobo_channel_progress
from .test_completeness_common import CompletenessCase


@tagged("post_install", "-at_install")
class TestProgress(CompletenessCase):
    def _states(self, progress):
        return dict(progress._fields["state"]._description_selection(progress.env))

    def test_recompute_now_reports_progress_on_the_channel_and_tells_the_user(self):
        # As in production: progress goes through a cursor of its own (test mode shares the
        # test's transaction with it, as the HTTP tests do).
        self.registry.enter_test_mode(self.cr)
        self.addCleanup(self.registry.leave_test_mode)
        Cell = self.env["kobo.completeness"]
        self._product("Blazer")
        self._product("Parka", complete=False)
        self.env.flush_all()
        Cell._kobo_mark_channels_dirty(self.channel)
        dirty = Cell.search_count([("channel_id", "=", self.channel.id), ("dirty", "=", True)])
        self.assertGreater(dirty, 1)
        channel = self.channel.with_user(self.catalogue_user)
        with patch.object(kobo_channel_progress, "RECOMPUTE_CHUNK", 1):  # a report per cell
            channel.action_kobo_recompute_completeness()
        progress = channel.kobo_progress_id
        self.assertEqual(progress.name, f"Recompute completeness of {self.channel.name}")
        self.assertEqual(self._states(progress)[progress.state], "Done")
        self.assertEqual((progress.done, progress.total, progress.progress), (dirty, dirty, 100.0))
        self.assertEqual(progress.result, f"{dirty} products × locales recomputed on {self.channel.name}.")
        self.assertEqual((progress.res_model, progress.res_id), ("kobo.channel", self.channel.id))
        self.assertEqual(channel.kobo_progress_result, progress.result)
        self.assertFalse(Cell.search_count([("channel_id", "=", self.channel.id), ("dirty", "=", True)]))
        # The user is told where they are, by the bus's simple notification.
        notification = self.env["bus.bus"].search([], order="id desc", limit=1)
        self.assertEqual(
            json.loads(notification.message),
            {
                "type": "simple_notification",
                "payload": {
                    "type": "success",
                    "title": progress.name,
                    "message": progress.result,
                    "sticky": False,
                },
            },
        )
        self.assertEqual(
            json.loads(notification.channel),
            [self.env.cr.dbname, "res.partner", self.catalogue_user.partner_id.id],
        )
        # Their operations are theirs: another catalogue user sees none of them.
        other = new_test_user(
            self.env, "kobo_progress_other", groups="base.group_user,kobo_pim.group_kobo_pim_user"
        )
        self.assertFalse(self.env["kobo.progress"].with_user(other).search([]))
        self.assertFalse(self.channel.with_user(other).kobo_progress_id)
        self.assertEqual(self.env["kobo.progress"].with_user(self.catalogue_user).search([]), progress)

    def test_a_failed_operation_says_why_and_keeps_how_far_it_went(self):
        Progress = self.env["kobo.progress"].with_user(self.catalogue_user)
        # Not assertRaises: it rolls back to a savepoint, and the progress with it (an
        # operation's own transaction would be rolled back, never its progress).
        refusal = UserError("Row 5: fr_FR is not a language of this database.")
        with contextlib.suppress(UserError), Progress._kobo_track("Import translations", total=10) as tracker:
            tracker.advance(4)
            raise refusal
        progress = Progress.search([], limit=1)
        self.assertEqual(self._states(progress)[progress.state], "Failed")
        self.assertEqual((progress.done, progress.total), (4, 10))
        self.assertEqual(progress.result, "Row 5: fr_FR is not a language of this database.")
        self.assertTrue(progress.date_end)

    def test_an_unexpected_failure_is_named_not_shown(self):
        Progress = self.env["kobo.progress"].with_user(self.catalogue_user)
        with contextlib.suppress(ZeroDivisionError), Progress._kobo_track("Export"):
            _ = 1 / 0
        progress = Progress.search([], limit=1)
        self.assertEqual(progress.state, "failed")
        self.assertIn("unexpected error (ZeroDivisionError)", progress.result)
        self.assertNotIn("Traceback", progress.result)

    def test_a_refused_translation_import_says_why_in_my_operations(self):
        exchange = self.env["kobo.translation.exchange"].with_user(self.catalogue_user)
        message = None
        try:
            exchange._kobo_import(b"<xliff/>", "xliff")
        except UserError as error:
            message = error.args[0]
        self.assertIn("Nothing was imported", message)
        progress = self.env["kobo.progress"].with_user(self.catalogue_user).search([], limit=1)
        self.assertEqual(
            (progress.name, progress.state, progress.result), ("Import translations", "failed", message)
        )
        # The wizard shows the refusal: no second notification.
        self.assertFalse(self.env["bus.bus"].search([("message", "like", "Import translations")]))
