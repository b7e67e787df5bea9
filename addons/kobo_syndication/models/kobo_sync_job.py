"""Sync jobs as the catalogue team sees them: queue_job's jobs of our sync, in words.

queue_job's own list is for its managers (system administrators): every job of every addon,
with tracebacks. ``kobo.sync.job`` is a read-only SQL view over the jobs that sync a channel
(``kobo.channel._kobo_job_sync``), one row per job, readable by syndication users for the
channels of their companies: the channel, the listings, the state and the tries in words, the
error as a sentence. The traceback stays on queue_job's record, for its managers only.

Which listings a job handled is recorded by the job itself (``kobo_listing_queue_job_rel``,
written in the job's transaction: a job that failed wrote nothing, its listings are still
queued); a job not done yet concerns the listings of its channel waiting in the queue.
"""

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from .kobo_listing import SYNDICATION_USERS

#: Which listings each sync job handled, written by the job (``kobo.channel._kobo_job_sync``).
JOB_LISTING_TABLE = "kobo_listing_queue_job_rel"

SYNC_JOB_STATES = [
    ("pending", "Pending"),
    ("retrying", "Waiting to retry"),
    ("running", "Running"),
    ("done", "Done"),
    ("failed", "Failed"),
    ("cancelled", "Cancelled"),
]

#: Exceptions whose message is written for people: shown as it is. Any other is a bug, named
#: by its kind only (its traceback is queue_job's, for its managers).
WORDED_EXCEPTIONS = ("odoo.exceptions.", "odoo.addons.queue_job.exception.")

#: The names of a job's listings shown in the list, the rest counted.
LISTED_NAMES = 5


class KoboSyncJob(models.Model):
    _name = "kobo.sync.job"
    _description = "Sync Job"
    _auto = False
    _order = "date_created desc, id desc"
    _rec_name = "name"

    job_id = fields.Many2one("queue.job", readonly=True, groups="queue_job.group_queue_job_manager")
    name = fields.Char(string="Description", readonly=True)
    channel_id = fields.Many2one("kobo.channel", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    user_id = fields.Many2one("res.users", string="Queued by", readonly=True)
    state = fields.Selection(SYNC_JOB_STATES, readonly=True)
    retry = fields.Integer(string="Try", readonly=True)
    max_retries = fields.Integer(string="Max. tries", readonly=True)
    tries = fields.Char(compute="_compute_tries", help="The job's current try, of the tries it has.")
    date_created = fields.Datetime(string="Queued", readonly=True)
    date_started = fields.Datetime(string="Started", readonly=True)
    date_done = fields.Datetime(string="Finished", readonly=True)
    eta = fields.Datetime(string="Next try", readonly=True)
    exc_name = fields.Char(readonly=True, groups="queue_job.group_queue_job_manager")
    exc_message = fields.Char(readonly=True, groups="queue_job.group_queue_job_manager")
    exc_info = fields.Text(string="Traceback", readonly=True, groups="queue_job.group_queue_job_manager")
    result_text = fields.Text(readonly=True, groups="queue_job.group_queue_job_manager")
    error = fields.Text(
        compute="_compute_error",
        help="Why the job failed or waits to retry, in words. The technical details are on the "
        "job, for the job queue's managers.",
    )
    handled_listing_ids = fields.Many2many(
        "kobo.listing", JOB_LISTING_TABLE, "job_id", "listing_id", string="Handled listings", readonly=True
    )
    listing_ids = fields.Many2many(
        "kobo.listing",
        compute="_compute_listing_ids",
        string="Listings",
        help="The listings this job pushed or withdrew; for a job not done, those of its channel "
        "waiting in the queue.",
    )
    listing_count = fields.Integer(compute="_compute_listing_ids", string="Listings (count)")
    listing_names = fields.Char(compute="_compute_listing_ids", string="Products")

    def init(self):
        self.env.cr.execute(
            SQL(
                """CREATE TABLE IF NOT EXISTS %(table)s (
                       job_id INTEGER NOT NULL REFERENCES queue_job(id) ON DELETE CASCADE,
                       listing_id INTEGER NOT NULL REFERENCES kobo_listing(id) ON DELETE CASCADE,
                       PRIMARY KEY (job_id, listing_id));
                   CREATE INDEX IF NOT EXISTS %(index)s ON %(table)s (listing_id, job_id)""",
                table=SQL.identifier(JOB_LISTING_TABLE),
                index=SQL.identifier(f"{JOB_LISTING_TABLE}_listing_idx"),
            )
        )
        # queue_job stores the job's records as JSON text in a jsonb column (a JSON string).
        self.env.cr.execute(
            SQL(
                """CREATE OR REPLACE VIEW kobo_sync_job AS (
                SELECT job.id, job.id AS job_id, job.name, channel.id AS channel_id,
                       channel.company_id, job.user_id,
                       CASE WHEN job.state = 'done' THEN 'done'
                            WHEN job.state = 'failed' THEN 'failed'
                            WHEN job.state = 'started' THEN 'running'
                            WHEN job.state = 'cancelled' THEN 'cancelled'
                            WHEN job.retry > 0 THEN 'retrying'
                            ELSE 'pending' END AS state,
                       job.retry, job.max_retries, job.date_created, job.date_started, job.date_done,
                       job.eta, job.exc_name, job.exc_message, job.exc_info, job.result AS result_text
                  FROM queue_job job
                  JOIN kobo_channel channel ON channel.id = (
                       CASE jsonb_typeof(job.records) WHEN 'string' THEN (job.records #>> '{}')::jsonb
                            ELSE job.records END -> 'ids' ->> 0)::integer
                 WHERE job.model_name = 'kobo.channel' AND job.method_name = '_kobo_job_sync'
                )"""
            )
        )

    @api.depends("retry", "max_retries")
    def _compute_tries(self):
        for job in self:
            if job.max_retries:
                job.tries = self.env._("%(current)s of %(max)s", current=job.retry, max=job.max_retries)
            else:
                job.tries = str(job.retry)

    @api.depends("state")
    def _compute_error(self):
        # The job's own columns, read as superuser: only the words are shown.
        for job, technical in zip(self, self.sudo(), strict=True):
            if job.state == "retrying":
                # queue_job keeps the retryable error's message as the job's result.
                job.error = technical.result_text or False
            elif job.state == "failed":
                job.error = self._kobo_error_words(technical.exc_name, technical.exc_message)
            else:
                job.error = False

    @api.model
    def _kobo_error_words(self, exc_name, exc_message):
        if exc_message and (exc_name or "").startswith(WORDED_EXCEPTIONS):
            return exc_message
        kind = (exc_name or "").rpartition(".")[2] or self.env._("unknown")
        return self.env._(
            "Unexpected error (%(kind)s): the job queue's managers find the details on the job. "
            "Retry once the cause is fixed.",
            kind=kind,
        )

    @api.depends("state", "channel_id", "handled_listing_ids")
    def _compute_listing_ids(self):
        Listing = self.env["kobo.listing"]
        waiting = [job for job in self if job.state not in ("done", "cancelled")]
        queued = (
            Listing.search(
                [("channel_id", "in", [job.channel_id.id for job in waiting]), ("state", "=", "queued")]
            )
            if waiting
            else Listing
        )
        queued_by_channel = queued.grouped("channel_id")
        for job in self:
            if job.state in ("done", "cancelled"):
                listings = job.handled_listing_ids
            else:
                listings = queued_by_channel.get(job.channel_id, Listing)
            job.listing_ids = listings
            job.listing_count = len(listings)
            names = listings[:LISTED_NAMES].product_tmpl_id.mapped("display_name")
            if len(listings) > LISTED_NAMES:
                names.append(self.env._("%(count)s more", count=len(listings) - LISTED_NAMES))
            job.listing_names = ", ".join(names)

    def action_retry(self):
        """Run these failed jobs again (queue_job's *Requeue*), for a user who may change their
        listings. A job waiting, running or done is not retried: it says why."""
        self.env["kobo.listing"]._kobo_check_group(SYNDICATION_USERS, self.env._("retry sync jobs"))
        states = dict(self._fields["state"]._description_selection(self.env))
        for job in self:
            if job.state not in ("failed", "cancelled"):
                raise UserError(
                    self.env._(
                        "%(job)s is %(state)s: only a failed or cancelled job can be retried.",
                        job=job.name or job.channel_id.display_name,
                        state=states[job.state].lower(),
                    )
                )
        self.listing_ids.check_access("write")
        self.sudo().job_id.requeue()
        return True

    def action_open_listings(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("kobo_syndication.action_kobo_listing")
        action["domain"] = [("id", "in", self.listing_ids.ids)]
        action["context"] = {}
        return action
