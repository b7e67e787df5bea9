"""Large pushes to Amazon as one JSON_LISTINGS_FEED (Feeds API 2021-06-30) instead of one
Listings Items call per SKU.

When a push holds at least the channel's ``amazon_feed_threshold`` listings (0: never; not with
*Validate first*, which a feed cannot do), the SKUs of the batch travel as the messages of one
feed: the calls the per-item path would make (``_kobo_amazon_calls``: PUT of every SKU, or
PATCH of the offers), as UPDATE / PATCH messages with the same productType, requirements,
attributes and patches, under a header with the channel's seller id, version 2.0 and the issue
locale. The exchange, in the job:

createFeedDocument (contentType ``application/json; charset=UTF-8``) → PUT of the document to
the presigned url it returns (no access token goes there) → createFeed (JSON_LISTINGS_FEED, the
channel's marketplace, the document id) → getFeed every ``_kobo_amazon_feed_poll_interval``
seconds until DONE, FATAL or CANCELLED, at most ``_kobo_amazon_feed_budget`` seconds →
getFeedDocument of the result → the processing report (GZIP when it says so), whose issues are
mapped by messageId back to their SKU and listing: an ERROR means the SKU was not accepted (the
listing's issues, in the words of the per-item path), a WARNING stays on the published listing.

Never published without acceptance: a FATAL or CANCELLED feed, a report that does not account
for every message, a report that cannot be read, or a feed still processing when the budget is
spent raises ``RetryableJobError`` (the batch stays queued). A feed that Amazon refuses (a 4xx)
puts its listings in error, as a refused call does.

A feed Amazon accepted is remembered outside the job's transaction (``FEED_SENT_TABLE``: the
channel, the document's digest, the feed id, committed at once): Amazon may take longer to process
a feed than one job may wait, and the retried job, which builds the same document, then polls
that feed for its report instead of sending it again. A document that changed (a listing saved
meanwhile) is a new feed. What is remembered is kept a day (Amazon keeps a feed's report for
longer) and forgotten once a job has read the feed's report.

Feeds hold at most 25,000 messages (the schema's ``maxItems``) and should stay under 10 MiB
(Amazon's best practices): a larger batch is split into several feeds, a listing never across two.
"""

import hashlib
import json
import zlib

from odoo import api, models
from odoo.addons.kobo_base.outbound_http import error_code
from odoo.addons.queue_job.exception import RetryableJobError
from odoo.tools import SQL

from .kobo_channel_amazon import FEED_SENT_TABLE
from .kobo_connector_amazon_client import AmazonStop, AmazonUnreadable

FEEDS_API = "/feeds/2021-06-30"
FEED_TYPE = "JSON_LISTINGS_FEED"
FEED_VERSION = "2.0"
FEED_CONTENT_TYPE = "application/json; charset=UTF-8"
#: A feed's final processing states; DONE is the only one with a report of the messages.
FEED_FAILED = ("FATAL", "CANCELLED")


class AmazonFeedRefused(Exception):
    """Amazon refused a feed's request (a 4xx) or its upload: the feed's listings get the message."""


class KoboConnectorAmazon(models.AbstractModel):
    _inherit = "kobo.connector.amazon"

    #: (rate per second, our burst) of the Feeds API operations. The rates are Amazon's default
    #: usage plans (*Feeds API Rate Limits*: createFeedDocument 0.5/s burst 15, createFeed
    #: 0.0083/s burst 15, getFeed 2/s burst 15, getFeedDocument 0.0222/s burst 10) and, for
    #: createFeed, the JSON_LISTINGS_FEED's own 5 feeds per 5 minutes. Our bursts stay under
    #: Amazon's by more than one job spends, since each job starts with a full bucket.
    _kobo_amazon_feed_plans = {
        "createFeedDocument": (0.5, 8),
        "createFeed": (0.0083, 2),
        "getFeed": (2.0, 8),
        "getFeedDocument": (0.0222, 5),
    }
    #: Messages in one feed: the listings feed schema v2's ``messages.maxItems``.
    _kobo_amazon_feed_max_messages = 25000
    #: Bytes of one feed document: Amazon's best practices ask for less than 10 MiB.
    _kobo_amazon_feed_max_bytes = 10 * 1024 * 1024
    #: Seconds from the first createFeed to the last report; past them the job is retried. Well
    #: under Odoo's limit_time_real (600 s), leaving time for the build and the writes.
    _kobo_amazon_feed_budget = 300
    #: Seconds between two getFeed of a feed still processing.
    _kobo_amazon_feed_poll_interval = 15
    #: Largest processing report read (after decompression).
    _kobo_amazon_feed_report_max_bytes = 50 * 1024 * 1024

    @api.model
    def _kobo_amazon_use_feed(self, channel, listings):
        """Whether a push of ``listings`` goes as a feed: at least the channel's threshold, and
        not with *Validate first* (a feed has no preview mode)."""
        settings = channel.sudo()
        threshold = settings.amazon_feed_threshold
        return bool(threshold > 0 and len(listings) >= threshold and not settings.amazon_validate_first)

    @api.model
    def _kobo_amazon_feed_pace(self, client, operation):
        """Wait until ``operation``'s bucket holds a call (``_kobo_amazon_feed_plans``)."""
        rate, burst = self._kobo_amazon_feed_plans[operation]
        now = self._kobo_amazon_clock()
        tokens, stamp = client.feed_buckets.get(operation, (float(burst), now))
        tokens = min(float(burst), tokens + (now - stamp) * rate) - 1
        client.feed_buckets[operation] = (tokens, now)
        if tokens < 0:
            self._kobo_sleep(-tokens / rate)

    @api.model
    def _kobo_amazon_feed_call(self, client, operation, method, path, body=None):
        """One Feeds API call: its JSON answer (2xx), or AmazonFeedRefused naming the status and
        Amazon's error code."""
        channel = client.channel
        url = f"{(channel.amazon_endpoint or '').rstrip('/')}{FEEDS_API}{path}"
        what = self.env._(
            "Amazon %(operation)s of %(channel)s", operation=operation, channel=channel.display_name
        )
        status, data = self._kobo_amazon_signed(
            client, method, url, what, lambda: self._kobo_amazon_feed_pace(client, operation), json=body
        )
        if status >= 300:
            error = next((error for error in data.get("errors") or [] if isinstance(error, dict)), {})
            raise AmazonFeedRefused(
                self.env._(
                    "Amazon refused the listings feed (%(operation)s, HTTP %(status)s, %(code)s). Nothing "
                    "was marked published; Retry sends the listing again.",
                    operation=operation,
                    status=status,
                    code=error_code(error.get("code")) or self.env._("no error code"),
                )
            )
        return data

    # The feed document

    @api.model
    def _kobo_amazon_feed_message(self, message_id, method, sku, body):
        """The feed message of one per-item call: PUT as UPDATE (a full replace of the SKU),
        PATCH as PATCH, with the same body."""
        if method == "PUT":
            return {
                "messageId": message_id,
                "sku": sku,
                "operationType": "UPDATE",
                "productType": body["productType"],
                "requirements": body["requirements"],
                "attributes": body["attributes"],
            }
        return {
            "messageId": message_id,
            "sku": sku,
            "operationType": "PATCH",
            "productType": body["productType"],
            "patches": body["patches"],
        }

    @api.model
    def _kobo_amazon_feed_parts(self, entries):
        """``entries`` (one per listing, with its calls) in feeds: at most
        ``_kobo_amazon_feed_max_messages`` messages and about ``_kobo_amazon_feed_max_bytes`` each,
        a listing never split."""
        parts, part, messages, size = [], [], 0, 0
        for entry in entries:
            entry_size = sum(
                len(json.dumps(body, ensure_ascii=False).encode()) + 200
                for _method, _sku, body in entry["calls"]
            )
            too_many = messages + len(entry["calls"]) > self._kobo_amazon_feed_max_messages
            if part and (too_many or size + entry_size > self._kobo_amazon_feed_max_bytes):
                parts.append(part)
                part, messages, size = [], 0, 0
            part.append(entry)
            messages += len(entry["calls"])
            size += entry_size
        if part:
            parts.append(part)
        return parts

    @api.model
    def _kobo_amazon_feed_document(self, channel, part):
        """``(document, {messageId: (entry, sku)})`` of one feed."""
        messages, index = [], {}
        for entry in part:
            for method, sku, body in entry["calls"]:
                message_id = len(messages) + 1
                messages.append(self._kobo_amazon_feed_message(message_id, method, sku, body))
                index[message_id] = (entry, sku)
        header = {
            "sellerId": channel.amazon_seller_id,
            "version": FEED_VERSION,
            "issueLocale": self.env.user.lang or "en_US",
        }
        return {"header": header, "messages": messages}, index

    # The exchange

    @api.model
    def _kobo_amazon_push_feed(self, channel, listings, payloads):
        """``push`` of many listings as JSON_LISTINGS_FEEDs: the engine's results per listing."""
        results = {}
        with self._kobo_amazon_open(channel) as client:
            entries = []
            for listing in listings:
                payload = payloads[listing.id]
                digest, calls = self._kobo_amazon_calls(listing, payload)
                entries.append({"listing": listing, "payload": payload, "digest": digest, "calls": calls})
            submitted = []
            for part in self._kobo_amazon_feed_parts([entry for entry in entries if entry["calls"]]):
                document, index = self._kobo_amazon_feed_document(client.channel, part)
                try:
                    feed_id = self._kobo_amazon_feed_submit(client, document)
                except AmazonStop as stop:
                    client.stopped = str(stop)
                    break
                except (AmazonFeedRefused, AmazonUnreadable) as refused:
                    results.update(
                        {entry["listing"].id: {"issues": [{"message": str(refused)}]} for entry in part}
                    )
                    continue
                submitted.append((feed_id, part, index, len(document["messages"])))
            if submitted and not client.stopped:
                try:
                    reports = self._kobo_amazon_feed_wait(client, [feed_id for feed_id, *_rest in submitted])
                except AmazonStop as stop:
                    client.stopped = str(stop)
                else:
                    for feed_id, _part, index, count in submitted:
                        results.update(
                            self._kobo_amazon_feed_outcome(feed_id, reports[feed_id], index, count)
                        )
                    self._kobo_amazon_feed_forget(reports)
            for entry in entries:
                listing = entry["listing"]
                if listing.id in results:
                    continue
                if client.stopped:
                    results[listing.id] = {"issues": [{"message": client.stopped}]}
                else:  # nothing to send (a listing without SKU): accepted as it is
                    results[listing.id] = self._kobo_amazon_result(
                        {"external_id": entry["payload"]["sku"]},
                        {"product_digest": entry["digest"], "warnings": []},
                    )
        return results

    @api.model
    def _kobo_amazon_feed_digest(self, document):
        return hashlib.sha256(
            json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
        ).hexdigest()

    @api.model
    def _kobo_amazon_feed_sent(self, channel, digest):
        """The id of the feed of this document Amazon accepted in the last day, if any."""
        self.env.cr.execute(
            SQL(
                "SELECT feed_id FROM %s WHERE channel_id = %s AND digest = %s"
                " AND sent_at > now() at time zone 'UTC' - interval '1 day' ORDER BY sent_at DESC LIMIT 1",
                SQL.identifier(FEED_SENT_TABLE),
                channel.id,
                digest,
            )
        )
        row = self.env.cr.fetchone()
        return row[0] if row else None

    @api.model
    def _kobo_amazon_feed_remember(self, channel, digest, feed_id):
        """Commit at once that Amazon has this feed: the job's own transaction may be rolled back
        (a retry), the feed stays at Amazon."""
        with self.env.registry.cursor() as cr:
            cr.execute(
                SQL(
                    # rows another transaction holds are left to a later pass: waiting for the
                    # job's own transaction from this cursor would never end
                    "DELETE FROM %(table)s WHERE ctid IN (SELECT ctid FROM %(table)s"
                    " WHERE sent_at < now() at time zone 'UTC' - interval '2 days' FOR UPDATE SKIP LOCKED);"
                    " INSERT INTO %(table)s (channel_id, digest, feed_id, sent_at)"
                    " VALUES (%(channel)s, %(digest)s, %(feed)s, now() at time zone 'UTC')",
                    table=SQL.identifier(FEED_SENT_TABLE),
                    channel=channel.id,
                    digest=digest,
                    feed=feed_id,
                )
            )

    @api.model
    def _kobo_amazon_feed_forget(self, feed_ids, now=False):
        """Forget these feeds: in the job's transaction once it has read their reports (its
        outcome is recorded with it), or ``now`` (committed at once) when they failed and the
        retry must send the documents again."""
        if not feed_ids:
            return
        query = SQL("DELETE FROM %s WHERE feed_id = ANY(%s)", SQL.identifier(FEED_SENT_TABLE), list(feed_ids))
        if now:
            with self.env.registry.cursor() as cr:
                cr.execute(query)
        else:
            self.env.cr.execute(query)

    @api.model
    def _kobo_amazon_feed_submit(self, client, document):
        """The feed's id: the one Amazon has of this very document (sent by an earlier run of the
        job), else createFeedDocument, the upload and createFeed, remembered at once."""
        channel = client.channel
        digest = self._kobo_amazon_feed_digest(document)
        sent = self._kobo_amazon_feed_sent(channel, digest)
        if sent:
            return sent
        feed_id = self._kobo_amazon_feed_create(client, document)
        self._kobo_amazon_feed_remember(channel, digest, feed_id)
        return feed_id

    @api.model
    def _kobo_amazon_feed_create(self, client, document):
        """createFeedDocument, the upload, createFeed: the feed's id."""
        channel = client.channel
        created = self._kobo_amazon_feed_call(
            client, "createFeedDocument", "POST", "/documents", {"contentType": FEED_CONTENT_TYPE}
        )
        document_id, url = created.get("feedDocumentId"), created.get("url")
        if not isinstance(document_id, str) or not isinstance(url, str):
            raise AmazonUnreadable(self._kobo_amazon_feed_unreadable("createFeedDocument"))
        # The presigned url (S3): the document only, no access token.
        what = self.env._("Upload of the listings feed of %(channel)s", channel=channel.display_name)
        response = self._kobo_amazon_http(
            client,
            "PUT",
            url,
            what,
            "amazon_endpoint",
            data=json.dumps(document, ensure_ascii=False).encode(),
            headers={"Content-Type": FEED_CONTENT_TYPE},
        )
        if response.status_code >= 300:
            raise AmazonFeedRefused(
                self.env._(
                    "Amazon refused the upload of the listings feed (HTTP %(status)s). Nothing was marked "
                    "published; Retry sends the listing again.",
                    status=response.status_code,
                )
            )
        spec = {
            "feedType": FEED_TYPE,
            "marketplaceIds": [channel.amazon_marketplace_id],
            "inputFeedDocumentId": document_id,
        }
        feed_id = self._kobo_amazon_feed_call(client, "createFeed", "POST", "/feeds", spec).get("feedId")
        if not isinstance(feed_id, str) or not feed_id:
            raise AmazonUnreadable(self._kobo_amazon_feed_unreadable("createFeed"))
        return feed_id

    @api.model
    def _kobo_amazon_feed_unreadable(self, operation):
        return self.env._(
            "Amazon's answer to %(operation)s could not be read (not what the Feeds API documents). "
            "Nothing was marked published; Retry sends the listing again.",
            operation=operation,
        )

    @api.model
    def _kobo_amazon_feed_wait(self, client, feed_ids):
        """Poll ``feed_ids`` until each is done, within ``_kobo_amazon_feed_budget`` seconds:
        ``{feed id: processing report}``. A FATAL or CANCELLED feed, an unreadable answer or the
        budget spent retry the job."""
        channel = client.channel
        deadline = self._kobo_amazon_clock() + self._kobo_amazon_feed_budget
        pending, reports = list(feed_ids), {}
        while True:
            for feed_id in list(pending):
                try:
                    feed = self._kobo_amazon_feed_call(client, "getFeed", "GET", f"/feeds/{feed_id}")
                except (AmazonFeedRefused, AmazonUnreadable) as error:
                    raise RetryableJobError(
                        self.env._(
                            "Amazon's status of the listings feed %(feed)s of %(channel)s could not be "
                            "read: %(reason)s The job will ask again.",
                            feed=feed_id,
                            channel=channel.display_name,
                            reason=str(error),
                        )
                    ) from None
                status = feed.get("processingStatus")
                if status == "DONE":
                    reports[feed_id] = self._kobo_amazon_feed_report(client, feed_id, feed)
                    pending.remove(feed_id)
                elif status in FEED_FAILED:
                    message = self._kobo_amazon_feed_failed(client, feed_id, feed)
                    # the retry sends the document again: this feed is not waited for any more
                    self._kobo_amazon_feed_forget(feed_ids, now=True)
                    raise RetryableJobError(message)
            if not pending:
                return reports
            if self._kobo_amazon_clock() + self._kobo_amazon_feed_poll_interval > deadline:
                raise RetryableJobError(
                    self.env._(
                        "Amazon had not finished processing the listings feed %(feeds)s of %(channel)s "
                        "within %(seconds)s seconds. Nothing was marked published; the job will ask for "
                        "its report again.",
                        feeds=", ".join(pending),
                        channel=channel.display_name,
                        seconds=self._kobo_amazon_feed_budget,
                    ),
                    seconds=60,
                )
            self._kobo_sleep(self._kobo_amazon_feed_poll_interval)

    @api.model
    def _kobo_amazon_feed_failed(self, client, feed_id, feed):
        """The retry's sentence for a FATAL or CANCELLED feed, with the code of Amazon's reason
        when its report can be read."""
        code = ""
        if feed.get("processingStatus") == "FATAL" and feed.get("resultFeedDocumentId"):
            try:
                report = self._kobo_amazon_feed_report(client, feed_id, feed)
            except RetryableJobError:
                report = {}
            codes = [
                error_code(issue.get("code"))
                for issue in report.get("issues") or []
                if isinstance(issue, dict) and issue.get("severity") == "ERROR"
            ]
            code = ", ".join(sorted({code for code in codes if code}))
        return self.env._(
            "Amazon did not process the listings feed %(feed)s of %(channel)s (%(status)s%(code)s). "
            "Nothing was marked published; the job will send the listings again.",
            feed=feed_id,
            channel=client.channel.display_name,
            status=error_code(feed.get("processingStatus")),
            code=self.env._(", Amazon code %(code)s", code=code) if code else "",
        )

    @api.model
    def _kobo_amazon_feed_report(self, client, feed_id, feed):
        """The processing report of a processed feed (getFeedDocument, then its url; GZIP when
        the document says so). A report that cannot be fetched or read retries the job."""
        channel = client.channel
        unreadable = self.env._(
            "The processing report of the listings feed %(feed)s of %(channel)s could not be read. "
            "Nothing was marked published; the job will send the listings again.",
            feed=feed_id,
            channel=channel.display_name,
        )
        document_id = feed.get("resultFeedDocumentId")
        if not isinstance(document_id, str) or not document_id:
            raise RetryableJobError(unreadable)
        try:
            document = self._kobo_amazon_feed_call(
                client, "getFeedDocument", "GET", f"/documents/{document_id}"
            )
        except (AmazonFeedRefused, AmazonUnreadable):
            raise RetryableJobError(unreadable) from None
        what = self.env._("Download of a listings feed report of %(channel)s", channel=channel.display_name)
        cap = self._kobo_amazon_feed_report_max_bytes
        response = self._kobo_amazon_http(
            client, "GET", document.get("url") or "", what, "amazon_endpoint", max_bytes=cap
        )
        content = response.content
        if response.status_code >= 300:
            raise RetryableJobError(unreadable)
        if document.get("compressionAlgorithm") == "GZIP":
            # capped: a small compressed answer cannot grow past the cap in memory
            decompressor = zlib.decompressobj(wbits=31)
            try:
                content = decompressor.decompress(content, cap)
            except zlib.error:
                raise RetryableJobError(unreadable) from None
            if decompressor.unconsumed_tail:
                raise RetryableJobError(unreadable)
        try:
            report = json.loads(content)
        except ValueError:
            report = None
        if not isinstance(report, dict) or not isinstance(report.get("summary"), dict):
            raise RetryableJobError(unreadable)
        return report

    @api.model
    def _kobo_amazon_feed_outcome(self, feed_id, report, index, count):
        """The engine's results of one feed's listings from its processing report: ERROR issues
        of a listing's messages put it in error with them, WARNINGs stay on the published
        listing. A report that does not account for each message retries the job."""
        summary = report["summary"]
        by_message = {}
        for issue in report.get("issues") or []:
            if isinstance(issue, dict) and issue.get("messageId") in index:
                by_message.setdefault(issue["messageId"], []).append(issue)
        invalid = {
            message_id
            for message_id, issues in by_message.items()
            if any(issue.get("severity") == "ERROR" for issue in issues)
        }
        if summary.get("messagesProcessed") != count or summary.get("messagesInvalid") != len(invalid):
            raise RetryableJobError(
                self.env._(
                    "The processing report of the listings feed %(feed)s accounts for %(processed)s of "
                    "%(count)s messages (%(invalid)s invalid, %(found)s with errors): which SKUs Amazon "
                    "accepted cannot be told. Nothing was marked published; the job will send the "
                    "listings again.",
                    feed=feed_id,
                    processed=self._kobo_amazon_count(summary.get("messagesProcessed")),
                    count=count,
                    invalid=self._kobo_amazon_count(summary.get("messagesInvalid")),
                    found=len(invalid),
                )
            )
        found = {}  # listing id: (entry, errors, warnings)
        for message_id, (entry, sku) in index.items():
            _entry, errors, warnings = found.setdefault(entry["listing"].id, (entry, [], []))
            for reported in by_message.get(message_id, []):
                issue = self._kobo_amazon_feed_issue(reported)
                if issue.get("severity") == "ERROR":
                    errors.append(self._kobo_amazon_issue(entry["payload"], sku, issue))
                elif issue.get("severity") == "WARNING":
                    warnings.append(self._kobo_amazon_issue(entry["payload"], sku, issue, warning=True))
        results = {}
        for listing_id, (entry, errors, warnings) in found.items():
            if errors:
                results[listing_id] = {"issues": errors}
            else:
                results[listing_id] = self._kobo_amazon_result(
                    {"external_id": entry["payload"]["sku"]},
                    {"product_digest": entry["digest"], "warnings": warnings},
                )
        return results

    @api.model
    def _kobo_amazon_count(self, value):
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else "?"

    @api.model
    def _kobo_amazon_feed_issue(self, issue):
        """A report's issue in the shape of a Listings Items issue: ``attributeNames`` as a list
        (the report schema also knows a single ``attributeName``)."""
        names = issue.get("attributeNames")
        if not isinstance(names, list):
            names = [issue["attributeName"]] if isinstance(issue.get("attributeName"), str) else []
        return {**issue, "attributeNames": names}
