"""Long operations a user starts (recomputing a channel's completeness, publishing many
listings, an export, a translation import): how far they are, and how they ended.

A ``kobo.progress`` record is written through a cursor of its own, committed at once, so that
the user sees it move (the list *My Operations*, the record where they started it) while the
operation's own transaction is still running, and sees *Failed* with the reason when that
transaction is rolled back. The operation's transaction never writes the row (no lock is
shared between the two). Updates are throttled: at most one a second, whatever the number of
items the operation reports.

Under tests that do not put the registry in test mode, a second connection would not see the
test's uncommitted records (its user, its channel): the progress is then written through the
test's own cursor.
"""

import logging
import time

from odoo import SUPERUSER_ID, api, fields, models
from odoo.modules import module as odoo_module

from .kobo_batch_isolation import failure_reason

_logger = logging.getLogger(__name__)

#: Seconds between two progress writes while an operation runs.
PROGRESS_INTERVAL = 1.0

PROGRESS_STATES = [("running", "Running"), ("done", "Done"), ("failed", "Failed")]


class KoboProgress(models.Model):
    _name = "kobo.progress"
    _description = "Long Operation"
    _order = "date_start desc, id desc"

    name = fields.Char(string="Operation", required=True, readonly=True)
    user_id = fields.Many2one("res.users", required=True, readonly=True, index=True, ondelete="cascade")
    company_id = fields.Many2one("res.company", readonly=True, ondelete="cascade")
    res_model = fields.Char(string="Started on (model)", readonly=True)
    res_id = fields.Many2oneReference(string="Started on (id)", model_field="res_model", readonly=True)
    record_name = fields.Char(string="Started on", readonly=True)
    total = fields.Integer(readonly=True)
    done = fields.Integer(readonly=True)
    progress = fields.Float(compute="_compute_progress", help="Share of the items done, in percent.")
    state = fields.Selection(PROGRESS_STATES, default="running", required=True, readonly=True, index=True)
    result = fields.Text(readonly=True, help="How the operation ended, in words.")
    date_start = fields.Datetime(string="Started", readonly=True, default=fields.Datetime.now)
    date_end = fields.Datetime(string="Finished", readonly=True)

    @api.depends("total", "done", "state")
    def _compute_progress(self):
        for progress in self:
            if progress.state == "done":
                progress.progress = 100.0
            else:
                progress.progress = 100.0 * progress.done / progress.total if progress.total else 0.0

    def action_open_record(self):
        """Back to the record where the operation was started."""
        self.ensure_one()
        if not self.res_model or not self.res_id or self.res_model not in self.env:
            return False
        record = self.env[self.res_model].browse(self.res_id).exists()
        if not record:
            return False
        return {
            "type": "ir.actions.act_window",
            "res_model": self.res_model,
            "res_id": self.res_id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    @api.autovacuum
    def _gc_old_operations(self):
        """Finished operations are kept 30 days."""
        limit = fields.Datetime.subtract(fields.Datetime.now(), days=30)
        self.sudo().search([("state", "!=", "running"), ("date_start", "<", limit)]).unlink()

    @api.model
    def _kobo_track(self, name, record=None, total=0, notify=True):
        """A progress tracker (context manager) for an operation called ``name`` started by the
        current user on ``record``, of ``total`` items::

            with self.env["kobo.progress"]._kobo_track(_("Recompute"), channel, total) as progress:
                for batch in batches:
                    ...
                    progress.advance(len(batch))
                progress.result = _("%(count)s cells recomputed.", count=...)

        It ends *Done* with ``progress.result``, or *Failed* with the reason when the block
        raises (the exception goes on), and tells the user either way (a notification in the web
        client), unless ``notify`` is False: an operation whose screen says the result itself."""
        return ProgressTracker(self.env, name, record, total, notify)


class ProgressTracker:
    """See ``kobo.progress._kobo_track``."""

    def __init__(self, env, name, record, total, notify=True):
        self.env = env
        self.notify = notify
        self.name = name
        self.record = record
        self.total = total or 0
        self.done = 0
        self.result = False
        self.progress_id = None
        self._last_write = 0.0
        # A second connection, except under a test that shares one cursor without test mode.
        self._own_cursor = env.registry.in_test_mode() or not odoo_module.current_test

    # The writes, each in a cursor of its own (committed at once).

    def _write(self, method, *args):
        if not self._own_cursor:
            getattr(self, method)(self.env(user=SUPERUSER_ID, su=True), *args)
            return
        # The user's context (their language) for the words; the operation's cursor is not
        # used: it may be the one that failed.
        with self.env.registry.cursor() as cr:
            getattr(self, method)(api.Environment(cr, SUPERUSER_ID, self.env.context), *args)

    def _do_create(self, env, vals):
        self.progress_id = env["kobo.progress"].create(vals).id

    def _do_write(self, env, vals):
        env["kobo.progress"].browse(self.progress_id).write(vals)

    def _do_finish(self, env, exc):
        if exc is None:
            result = self.result or env._("Done.")
            vals = {"state": "done", "done": self.done, "total": max(self.total, self.done)}
            notify = {"type": "success", "title": self.name, "message": result, "sticky": False}
        else:
            result = failure_reason(env, exc)
            vals = {"state": "failed", "done": self.done}
            notify = {"type": "danger", "title": self.name, "message": result, "sticky": True}
        vals.update(result=result, date_end=fields.Datetime.now())
        env["kobo.progress"].browse(self.progress_id).write(vals)
        if self.notify:
            env["res.users"].browse(self.env.uid)._bus_send("simple_notification", notify)

    # The API an operation uses.

    def __enter__(self):
        record = self.record
        vals = {
            "name": self.name,
            "user_id": self.env.uid,
            "company_id": self.env.company.id,
            "total": self.total,
            "state": "running",
        }
        if record:
            vals.update(res_model=record._name, res_id=record.id, record_name=record.sudo().display_name)
        self._write("_do_create", vals)
        self._last_write = time.monotonic()
        return self

    def set_total(self, total):
        self.total = total
        self._flush(force=True)

    def advance(self, count=1):
        """``count`` more items are done; written at most once per ``PROGRESS_INTERVAL``."""
        self.done += count
        self._flush()

    def _flush(self, force=False):
        now = time.monotonic()
        if force or now - self._last_write >= PROGRESS_INTERVAL:
            self._last_write = now
            self._write("_do_write", {"done": self.done, "total": max(self.total, self.done)})

    def __exit__(self, exc_type, exc, traceback):
        if exc is not None:
            _logger.info("Operation %r failed", self.name, exc_info=exc)
        self._write("_do_finish", exc)
        # What this transaction cached of the record is older than what was just written.
        self.env["kobo.progress"].invalidate_model()
        return False
