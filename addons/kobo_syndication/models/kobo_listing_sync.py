"""The sync engine: what a queue_job job does with one batch of queued listings of a channel.

Crash safety comes from the job's transaction: every state change of a batch is written after
the connector calls, in the job's single transaction. If anything raises mid-batch (a
connector, the network, the worker), the whole transaction rolls back and every listing of the
batch is still *queued*, none marked published; the job is retried (``RetryableJobError``,
backoff from the job function's retry pattern) or fails visibly, and the operator's Retry
queues it again. Connectors push idempotently (upsert by product / external id), so the part
of a batch the remote accepted before the crash is pushed again harmlessly.

One listing never stops the others: what is prepared here, before any call (the approval and
validation, the payloads), runs through ``run_isolated``. A listing whose preparation fails
(data the connector cannot map, a bug) is put in *error* with the reason, where the catalogue
team sees it (the listing, the channel's error count), and the rest of the batch is pushed.
What the channel answers is per listing already (its refusals land on their listings); a
transport failure is the channel's, not a listing's, and retries the batch as above.

*Published* means equal: a listing is marked published only with the digest of the payload
the channel accepted, and only if nobody queued it again since the job read it. Every queueing
bumps the listing's ``kobo_version`` (``_kobo_queue``); the job notes the versions it read and,
before writing any outcome, reads them again under a row lock. A listing whose version moved
(a save while its old content was on the wire) keeps the digest and id the channel gave, stays
*queued*, and its channel gets another job, which pushes the new content (or finds the payload
unchanged and costs no call). Between two transactions the database decides as well: the row
the save bumps is one the job holds, so one of them waits, then fails to serialize and retries.
"""

import hashlib
import json
import logging

from odoo import fields, models
from odoo.addons.kobo_base.models.kobo_workflow_mixin import privileged
from odoo.addons.kobo_pim.models.kobo_batch_isolation import failure_reason, run_isolated
from odoo.addons.queue_job.exception import RetryableJobError
from odoo.tools import SQL

from .kobo_connector import BUILD_MEMO_KEY, BuildMemo, build_memo

_logger = logging.getLogger(__name__)


def payload_digest(payload):
    """SHA-256 of the canonical JSON of ``payload`` (sorted keys, no whitespace)."""
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


class KoboListing(models.Model):
    _inherit = "kobo.listing"

    def _kobo_sync_batch(self):
        """Validate, build, push or delist these queued listings of one channel and record the
        outcome. A listing to publish whose product's content is not approved is blocked and
        not pushed: the channel keeps what it had (delisting needs no approval). Unchanged
        payloads (same digest as the last accepted push) cost no call to the channel. Returns
        ``{state: count}`` for the job's result."""
        # What this transaction changed before the job reads is part of what it reads: its
        # commit-point callbacks (queueing those listings) run now, not in the middle of the batch
        # (a savepoint runs them), where they would look like a change made after the read.
        self.env.cr.flush()
        listings = self.sudo().filtered(lambda listing: listing.state == "queued")
        if not listings:
            return {}
        versions_read = {listing.id: listing.kobo_version for listing in listings}
        channel = listings.channel_id.ensure_one()
        connector = channel._kobo_connector()
        to_delist = listings.filtered(lambda listing: listing.operation == "delist")
        to_publish = listings - to_delist

        # Each payload is built once in the job: the validation builds what it checks, and the
        # same payloads are pushed (``BuildMemo``, this job's only, dropped with its preparation).
        preparing = to_publish.with_context(**{BUILD_MEMO_KEY: BuildMemo()})
        # Asked now, whatever queued the listing: only approved content is pushed.
        issues, not_prepared = self._kobo_prepare_isolated(
            preparing, lambda part: part._kobo_publish_issues()
        )
        failed = listings.browse(list(not_prepared))
        blocked = to_publish.filtered(lambda listing: issues.get(listing.id)) - failed
        ready = to_publish - blocked - failed
        payloads, not_built = self._kobo_prepare_isolated(
            preparing & ready, connector.with_env(preparing.env)._kobo_payloads
        )
        not_prepared.update(not_built)
        ready -= listings.browse(list(not_built))
        digests = {listing_id: payload_digest(payload) for listing_id, payload in payloads.items()}
        unchanged = ready.filtered(
            lambda listing: listing.external_id and listing.payload_digest == digests[listing.id]
        )
        changed = ready - unchanged
        # The calls first, every write after them: a raise here leaves the batch queued.
        push_results = connector.push(changed, {lid: payloads[lid] for lid in changed.ids}) if changed else {}
        delist_results = connector.delist(to_delist) if to_delist else {}

        # Queued again while we pushed: what we learnt is kept, the outcome is the next job's.
        requeued = listings._kobo_requeued_since(versions_read)
        now = fields.Datetime.now()
        refused, warnings = dict(not_prepared), {}
        accepted = self.browse()
        for listing in changed:
            result = push_results.get(listing.id) or {}
            if result.get("issues") or not result.get("external_id"):
                refused[listing.id] = result.get("issues") or [
                    {"message": self.env._("The channel did not confirm this listing.")}
                ]
                continue
            accepted |= listing
            privileged(listing).write(
                {
                    **(result.get("vals") or {}),
                    **({} if listing in requeued else {"state": "published"}),
                    "external_id": result["external_id"],
                    "payload_digest": digests[listing.id],
                    "date_last_sync": now,
                }
            )
            if result.get("warnings"):
                warnings[listing.id] = result["warnings"]
        delisted = self.browse()
        for listing in to_delist:
            result = delist_results.get(listing.id) or {}
            if result.get("issues"):
                refused[listing.id] = result["issues"]
                continue
            delisted |= listing
            if result.get("vals"):
                privileged(listing).write(result["vals"])
        errors = listings.browse(list(refused))
        listings._kobo_write_states(
            requeued, now, delisted=delisted, published=unchanged, blocked=blocked, error=errors
        )

        (listings - blocked - errors)._kobo_set_issues({}, "ours")
        # What the channel accepted with remarks keeps them, as the channel's issues.
        listings.browse(list(warnings))._kobo_set_issues(warnings, "channel")
        blocked._kobo_set_issues({lid: issues[lid] for lid in blocked.ids}, "ours")
        not_prepared_listings = listings.browse(list(not_prepared))
        (errors - not_prepared_listings)._kobo_set_issues(refused, "channel")
        not_prepared_listings._kobo_set_issues(not_prepared, "ours")
        return {
            "published": len(accepted - requeued) + len(unchanged - requeued),
            "unchanged": len(unchanged - requeued),
            "requeued": len(requeued),
            "delisted": len(delisted),
            "blocked": len(blocked),
            "error": len(errors),
        }

    def _kobo_write_states(self, requeued, now, **by_state):
        """Write the outcome ``by_state`` (``{state: listings}``) except on ``requeued``: those
        stay queued (what the channel took is recorded all the same), and their channel gets
        another job."""
        delisted = by_state.pop("delisted")
        privileged(delisted - requeued).write(
            {"state": "delisted", "payload_digest": False, "date_last_sync": now}
        )
        privileged(delisted & requeued).write({"payload_digest": False, "date_last_sync": now})
        for state, listings in by_state.items():
            privileged(listings - requeued).write(
                {"state": state, **({"date_last_sync": now} if state == "error" else {})}
            )
        if requeued:
            requeued.channel_id._kobo_enqueue_sync()

    def _kobo_requeued_since(self, versions_read):
        """The listings of ``versions_read`` (``{listing id: version}``) queued again since their
        version was read. Reads the versions under a row lock, in one query: no queueing can
        slip in between this answer and the outcome the job writes."""
        self.flush_model(["kobo_version"])
        self.env.cr.execute(
            SQL(
                "SELECT id, kobo_version FROM kobo_listing WHERE id = ANY(%s) FOR UPDATE",
                sorted(versions_read),
            )
        )
        moved = [
            listing_id
            for listing_id, version in self.env.cr.fetchall()
            if version != versions_read[listing_id]
        ]
        return self.browse(moved)

    def _kobo_prepare_isolated(self, listings, prepare):
        """``prepare(part)`` (``{listing id: value}``) over ``listings`` so that one listing that
        cannot be prepared never stops the others. Returns the values of the others and
        ``{listing id: [issue]}`` of those that failed, saying why."""
        values, retry = {}, []
        memo = build_memo(listings.env)

        def work(part):
            mark = memo.mark() if memo is not None else 0
            try:
                found = prepare(part)
            except RetryableJobError as error:  # the channel's trouble, not a listing's: the job's
                retry.append(error)
                return
            except Exception:
                # The part's savepoint is rolled back: what was built in it goes with it.
                if memo is not None:
                    memo.rollback(mark)
                raise
            values.update(found)

        failures = run_isolated(listings, work) if listings else {}
        if retry:
            raise retry[0]
        not_prepared = {}
        for listing, error in failures.items():
            _logger.info("Listing %s could not be prepared for its channel", listing.id, exc_info=error)
            not_prepared[listing.id] = [
                {
                    "message": self.env._(
                        "This listing could not be prepared for %(channel)s: %(reason)s The others of "
                        "its batch went on; fix the product, then Retry.",
                        channel=listing.channel_id.display_name,
                        reason=failure_reason(self.env, error),
                    )
                }
            ]
        return values, not_prepared

    def _kobo_read_back(self):
        """Ask each channel what it shows for these listings and record it (read back status)."""
        for channel, listings in self.sudo().grouped("channel_id").items():
            statuses = channel._kobo_connector().read_status(listings)
            for listing in listings:
                status = statuses.get(listing.id)
                # A queued listing is the queue's: the job will say what it becomes.
                if not status or listing.state == "queued" or status.get("state") == listing.state:
                    continue
                privileged(listing).write({"state": status["state"], "date_last_sync": fields.Datetime.now()})
                if status.get("issues"):
                    listing._kobo_set_issues({listing.id: status["issues"]}, "channel")
