from odoo import api, fields, models
from odoo.addons.kobo_base.models.kobo_workflow_mixin import privileged
from odoo.addons.kobo_base.outbound_http import ALLOWED_HOSTS_PARAM
from odoo.exceptions import UserError
from odoo.tools import SQL

from .kobo_listing import LISTING_STATES, SYNDICATION_MANAGERS, SYNDICATION_USERS
from .kobo_sync_job import JOB_LISTING_TABLE

#: Listings one job handles; a channel with more queued gets a follow-up job.
SYNC_BATCH_SIZE = 200
#: ``cr.postcommit.data`` key: the channels this transaction queued listings of.
RECHECK_KEY = "kobo_syndication.sync_recheck"


def recheck_after_commit(registry, uid, channel_ids):
    """After a commit that queued listings of ``channel_ids``: each of these channels that has
    queued listings gets a sync job unless one has not started yet (queue_job's identity key).

    The job this transaction's queueing merged with may have started before the commit: it read
    the listings without the ones this transaction queued (their rows were locked, or not yet
    queued in what it read) and asked for no follow-up. Without this, they would stay queued
    until something else queued a listing of their channel (measured by the two-server test)."""
    with registry.cursor() as cr:
        api.Environment(cr, uid, {})["kobo.channel"].browse(channel_ids)._kobo_recheck_sync()


#: Listings queued between two progress reports of *Publish all approved*.
PUBLISH_CHUNK = 500


class KoboChannel(models.Model):
    _inherit = "kobo.channel"

    # Each channel addon adds its type (``selection_add``) and its ``kobo.connector.<type>``.
    connector = fields.Selection(
        [],
        tracking=True,
        help="How listings reach this channel.",
        kobo_write_groups=SYNDICATION_MANAGERS,
    )
    kobo_can_configure = fields.Boolean(
        compute="_compute_kobo_can_configure",
        help="Whether the current user may set the connector and its settings (syndication managers).",
    )
    listing_ids = fields.One2many("kobo.listing", "channel_id", string="Listings")
    listing_count = fields.Integer(compute="_compute_listing_counts")
    listing_queued_count = fields.Integer(compute="_compute_listing_counts")
    listing_published_count = fields.Integer(compute="_compute_listing_counts")
    listing_blocked_count = fields.Integer(compute="_compute_listing_counts")
    listing_error_count = fields.Integer(compute="_compute_listing_counts")
    sync_job_count = fields.Integer(
        string="Jobs", compute="_compute_sync_job_counts", groups=SYNDICATION_USERS
    )
    sync_job_failed_count = fields.Integer(
        string="Failed jobs", compute="_compute_sync_job_counts", groups=SYNDICATION_USERS
    )

    @api.depends_context("uid")
    def _compute_kobo_can_configure(self):
        can_configure = self.env.user.has_group(SYNDICATION_MANAGERS)
        for channel in self:
            channel.kobo_can_configure = can_configure

    def _compute_listing_counts(self):
        counts = {
            (channel.id, state): count
            for channel, state, count in self.env["kobo.listing"]._read_group(
                [("channel_id", "in", self.ids)], ["channel_id", "state"], ["__count"]
            )
        }
        for channel in self:
            channel.listing_count = sum(
                counts.get((channel.id, state), 0) for state, _label in LISTING_STATES
            )
            channel.listing_queued_count = counts.get((channel.id, "queued"), 0)
            channel.listing_published_count = counts.get((channel.id, "published"), 0)
            channel.listing_blocked_count = counts.get((channel.id, "blocked"), 0)
            channel.listing_error_count = counts.get((channel.id, "error"), 0)

    def _compute_sync_job_counts(self):
        counts = {
            (channel.id, state): count
            for channel, state, count in self.env["kobo.sync.job"]._read_group(
                [("channel_id", "in", self.ids)], ["channel_id", "state"], ["__count"]
            )
        }
        for channel in self:
            channel.sync_job_count = sum(
                count for (channel_id, _state), count in counts.items() if channel_id == channel.id
            )
            channel.sync_job_failed_count = counts.get((channel.id, "failed"), 0)

    @api.model
    def _kobo_demo_allow_outbound_host(self, host):
        """Demo data: let the outbound client reach ``host`` (a local stand-in of a marketplace),
        beside the hosts already allowed (``kobo_base.outbound_allowed_hosts``)."""
        params = self.env["ir.config_parameter"].sudo()
        allowed = [entry.strip() for entry in (params.get_param(ALLOWED_HOSTS_PARAM) or "").split(",")]
        if host not in allowed:
            params.set_param(ALLOWED_HOSTS_PARAM, ",".join(filter(None, [*allowed, host])))

    # Actions

    def action_open_listings(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("kobo_syndication.action_kobo_listing")
        state = self.env.context.get("kobo_listing_state")
        action["domain"] = [("channel_id", "=", self.id)] + ([("state", "=", state)] if state else [])
        action["context"] = {"default_channel_id": self.id}
        return action

    def action_open_sync_jobs(self):
        """The sync jobs of this channel, in words (*Syndication › Jobs*)."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("kobo_syndication.action_kobo_sync_job")
        action["domain"] = [("channel_id", "=", self.id)]
        action["context"] = {}
        return action

    def action_publish_approved(self):
        """Queue on this channel every product whose content is approved and that is not on it
        or on its way yet (a channel added after the approvals, a season approved at once).
        Its progress and result show on the channel and in *My Operations*; the sync jobs
        then push the listings (*Jobs*)."""
        self.ensure_one()
        Listing = self.env["kobo.listing"]
        Listing._kobo_check_group(SYNDICATION_USERS, self.env._("publish listings"))
        name = self.env._("Publish approved products on %(channel)s", channel=self.display_name)
        with self.env["kobo.progress"]._kobo_track(name, self) as progress:
            # Whether content is approved is no secret of the catalogue; the listings are created
            # and queued by the internal path, after the group check above.
            templates = (
                self.env["kobo.enrichment"].sudo().search([("state", "=", "approved")]).product_tmpl_id
            )
            listings = Listing._kobo_ensure(templates, self).filtered(
                lambda listing: listing.state not in ("queued", "published")
            )
            progress.set_total(len(listings))
            for start in range(0, len(listings), PUBLISH_CHUNK):
                listings[start : start + PUBLISH_CHUNK]._kobo_queue_publish()
                progress.advance(len(listings[start : start + PUBLISH_CHUNK]))
            queued = listings.filtered(lambda listing: listing.state == "queued")
            progress.result = self.env._(
                "%(queued)s listings queued on %(channel)s, %(blocked)s blocked (their issues say why). "
                "The sync jobs push them: see Jobs.",
                queued=len(queued),
                blocked=len(listings) - len(queued),
                channel=self.display_name,
            )
        return True

    def action_retry_listings(self):
        """Queue again this channel's listings in error, blocked, or left queued by a failed job."""
        self.ensure_one()
        self.listing_ids.filtered(
            lambda listing: listing.state in ("error", "blocked", "queued")
        ).action_retry()
        return True

    def action_cancel_queue(self):
        self.ensure_one()
        self.listing_ids.filtered(lambda listing: listing.state == "queued").action_cancel()
        return True

    def action_force_full_push(self):
        """Push every listing of the channel again, changed or not (managers): the digests are
        forgotten so that nothing is skipped as unchanged."""
        self.ensure_one()
        self.env["kobo.listing"]._kobo_check_group(SYNDICATION_MANAGERS, self.env._("force a full re-push"))
        listings = self.listing_ids.filtered(
            lambda listing: listing.state in ("published", "error", "queued")
        )
        privileged(listings.sudo()).write({"payload_digest": False})
        listings._kobo_queue("publish")
        return True

    # Connector and jobs

    def _kobo_connector(self):
        """The connector model of this channel's type (``kobo.connector.<connector>``)."""
        self.ensure_one()
        model = f"kobo.connector.{self.connector}"
        if not self.connector or model not in self.env:
            raise UserError(
                self.env._(
                    "%(channel)s: no connector is installed for %(connector)s.",
                    channel=self.display_name,
                    connector=self.connector or self.env._("(none)"),
                )
            )
        return self.env[model]

    def _kobo_job_channel(self):
        """The queue_job channel of this channel's connector: one per connector type, so that
        a slow marketplace does not hold the web shop's jobs."""
        return f"root.kobo_syndication.{self.connector or 'other'}"

    def _kobo_enqueue_sync(self):
        """One sync job per channel; the identity key keeps at most one pending job per channel,
        so queueing a listing twice never makes two jobs that push it. queue_job merges only with
        a job not started yet (pending, enqueued, waiting): while one runs, on data read before
        this call, a new job is made, and it pushes what changed since (``_kobo_sync_batch``).
        Once this transaction commits, the channels are asked again (``recheck_after_commit``)."""
        self._kobo_delay_sync()
        # The job merged with may start before this transaction commits, and miss what it queued:
        # asked again once committed (``recheck_after_commit``).
        channel_ids = self.env.cr.postcommit.data.get(RECHECK_KEY)
        if channel_ids is None:
            channel_ids = self.env.cr.postcommit.data[RECHECK_KEY] = set()
            registry, uid = self.env.registry, self.env.uid
            self.env.cr.postcommit.add(lambda: recheck_after_commit(registry, uid, sorted(channel_ids)))
        channel_ids.update(self.ids)

    def _kobo_recheck_sync(self):
        """A sync job for each of these channels that has queued listings, unless one has not
        started yet (``recheck_after_commit``)."""
        channels = self.sudo().exists()
        if not channels:
            return
        self.env["kobo.listing"].flush_model(["channel_id", "state"])
        self.env.cr.execute(
            SQL(
                "SELECT DISTINCT channel_id FROM kobo_listing"
                " WHERE channel_id = ANY(%s) AND state = 'queued'",
                channels.ids,
            )
        )
        channels.browse([row[0] for row in self.env.cr.fetchall()])._kobo_delay_sync()

    def _kobo_delay_sync(self):
        for channel in self.sudo():
            channel.with_delay(
                channel=channel._kobo_job_channel(),
                identity_key=f"kobo_syndication_sync:{channel.id}",
                description=self.env._("Sync listings of %(channel)s", channel=channel.display_name),
            )._kobo_job_sync()

    def _kobo_job_sync(self, batch_size=None):
        """Job: sync up to ``batch_size`` queued listings of this channel (by default its
        connector's ``_kobo_sync_batch_size``, else SYNC_BATCH_SIZE), and queue a follow-up job
        when more are waiting. Access was checked when the listings were queued."""
        self.ensure_one()
        channel = self.sudo()
        if not batch_size:
            # A connector that writes the products themselves in the job's transaction (the web
            # shop) takes smaller batches: a user's save of one of them makes the job retry.
            batch_size = getattr(channel._kobo_connector(), "_kobo_sync_batch_size", SYNC_BATCH_SIZE)
        Listing = self.env["kobo.listing"].sudo()
        domain = [("channel_id", "=", channel.id), ("state", "=", "queued")]
        # Rows another job is pushing (a channel capacity above 1) are skipped, not pushed twice.
        # What this transaction noted to queue is queued first (``_kobo_sync_batch``).
        self.env.cr.flush()
        Listing.flush_model(["channel_id", "state"])
        self.env.cr.execute(
            SQL(
                "SELECT id FROM kobo_listing WHERE channel_id = %s AND state = 'queued'"
                " ORDER BY id LIMIT %s FOR UPDATE SKIP LOCKED",
                channel.id,
                batch_size,
            )
        )
        listings = Listing.browse([row[0] for row in self.env.cr.fetchall()])
        # Which listings this job handles, for its row in *Jobs* (queue_job's own key: the job
        # run by its runner). In the job's transaction: a job that fails records nothing.
        job_uuid = self.env.context.get("job_uuid")
        if job_uuid and listings:
            self.env.cr.execute(
                SQL(
                    "INSERT INTO %s (job_id, listing_id) SELECT job.id, listing_id"
                    " FROM queue_job job, unnest(%s::int[]) listing_id WHERE job.uuid = %s"
                    " ON CONFLICT DO NOTHING",
                    SQL.identifier(JOB_LISTING_TABLE),
                    listings.ids,
                    job_uuid,
                )
            )
        counts = listings._kobo_sync_batch()
        if Listing.search_count(domain, limit=1):
            channel._kobo_enqueue_sync()
        return counts
