"""The Shopify Admin GraphQL client of one job: the HTTP session, the cost-based pacing, and the
answers turned into results or errors in words.

Pacing: Shopify gives each app and store a bucket of points (``throttleStatus``:
``maximumAvailable``, ``currentlyAvailable``, ``restoreRate`` per second) and charges each call
its ``requestedQueryCost`` up front (refunding down to ``actualQueryCost``). Every answer says
what is left; before the next call the client estimates the bucket now (what was left plus what
was restored since) and, when it cannot pay the next call's expected cost (the requested cost
this operation last had), waits just long enough. The estimate outlives the job (per database
and channel, in this process), so a job's first call does not hit a bucket the previous job
emptied. A ``THROTTLED`` answer (HTTP 200, ``errors[].extensions.code``) is waited out as the
bucket needs and the call retried, a few times, then the job is handed to queue_job.

Errors in words name the status, Shopify's error codes and our own reason, never the text of an
answer nor the shop URL (listing issues are read by syndication users; the URL is a manager's
setting). A product's ``userErrors`` are quoted, shortened, by the connector: they are Shopify's
verdict on a field of our data.
"""

import threading
import time

from odoo.addons.kobo_base.outbound_http import OutboundError, error_code
from odoo.addons.queue_job.exception import RetryableJobError

#: The Admin API version this connector is written against (Shopify supports a version for a
#: year; see docs/syndication-shopify.md before moving it).
SHOPIFY_API_VERSION = "2026-07"
#: Cost of an operation never seen yet: Shopify charges 10 points for a mutation.
DEFAULT_COST = 10.0
#: THROTTLED answers waited out within one call before the job is handed back to queue_job.
THROTTLED_TRIES = 5
#: The largest bulk operation result read (200 products of 250 variants each stay well below).
BULK_RESULT_MAX_BYTES = 64 * 1024 * 1024
#: Statuses that say the channel's settings are wrong: no listing of the batch can go through.
SETTINGS_STATUSES = {401: "token", 402: "shop", 403: "scope", 404: "address", 423: "shop"}

_buckets = {}  # (database, channel id): [available, restore rate, maximum, monotonic time]
_costs = {}  # (database, channel id, operation): last requested cost
_lock = threading.Lock()


class ShopifyError(Exception):
    """A call Shopify answered with an error a retry will not fix; ``message`` is in words.
    ``settings`` when the channel's settings are at fault (every listing of the batch fails)."""

    def __init__(self, message, settings=False):
        super().__init__(message)
        self.message = message
        self.settings = settings


class ShopifyClient:
    """One job's calls to one shop; use as a context manager (closes the session)."""

    def __init__(self, connector, channel):
        self.connector = connector
        self.env = connector.env
        self.channel = channel
        self.key = (self.env.cr.dbname, channel.id)
        base = (channel.shopify_shop_url or "").strip().rstrip("/")
        self.url = f"{base}/admin/api/{SHOPIFY_API_VERSION}/graphql.json"
        self.session = connector._kobo_http_session(
            {"X-Shopify-Access-Token": channel.shopify_access_token or "", "Content-Type": "application/json"}
        )
        self.throttled = 0  # THROTTLED answers met (the bench reports them)
        self.files = None  # the session without the token, for staged uploads and bulk results

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.session.close()
        if self.files is not None:
            self.files.close()

    # Files of bulk operations

    def _files_session(self):
        # The staged upload target and the bulk result are cloud storage URLs Shopify signed: they
        # never get the shop's access token (nor its JSON content type).
        if self.files is None:
            self.files = self.connector._kobo_http_session()
        return self.files

    def upload(self, target, content, filename):
        """POST ``content`` to a staged upload target as the multipart form Shopify describes: the
        target's parameters, then the file. Raises ``ShopifyError`` (in words) when refused."""
        form = [
            (parameter["name"], (None, parameter["value"])) for parameter in target.get("parameters") or []
        ]
        form.append(("file", (filename, content, "text/jsonl")))
        what = self.env._("Shopify staged upload")
        try:
            response = self.connector._kobo_http_call(
                self._files_session(), "POST", target["url"], what, files=form
            )
        except OutboundError as refused:
            raise ShopifyError(
                self.env._(
                    "The bulk file could not be sent to Shopify's storage: %(reason)s", reason=refused.args[0]
                )
            ) from None
        if response.status_code >= 400:
            raise ShopifyError(
                self.env._(
                    "Shopify's storage refused the bulk file (HTTP %(status)s); the job sends it again at "
                    "the next publish.",
                    status=response.status_code,
                )
            )

    def download(self, url):
        """The text of a bulk operation's result file. Raises ``ShopifyError`` when refused."""
        what = self.env._("Shopify bulk result")
        try:
            response = self.connector._kobo_http_call(
                self._files_session(), "GET", url, what, max_bytes=BULK_RESULT_MAX_BYTES
            )
        except OutboundError as refused:
            raise ShopifyError(
                self.env._(
                    "The result of Shopify's bulk operation could not be read: %(reason)s",
                    reason=refused.args[0],
                )
            ) from None
        if response.status_code >= 400:
            raise ShopifyError(
                self.env._(
                    "The result of Shopify's bulk operation could not be read (HTTP %(status)s).",
                    status=response.status_code,
                )
            )
        return response.content.decode("utf-8", "replace")

    # Pacing

    def _estimate(self):
        """Points available now by our last reading, or None before the first answer."""
        with _lock:
            bucket = _buckets.get(self.key)
            if not bucket:
                return None
            available, restore, maximum, at = bucket
            return min(maximum, available + restore * (time.monotonic() - at))

    def _record(self, cost):
        """Remember the bucket and the requested cost an answer reported."""
        status = (cost or {}).get("throttleStatus") or {}
        try:
            available = float(status["currentlyAvailable"])
            restore = float(status["restoreRate"])
            maximum = float(status["maximumAvailable"])
        except (KeyError, TypeError, ValueError):
            return None
        with _lock:
            _buckets[self.key] = [available, restore, maximum, time.monotonic()]
        return available, restore

    def _wait(self, seconds):
        """Sleep (through the connector, so tests can count waits) and credit the estimate."""
        self.connector._kobo_sleep(seconds)
        with _lock:
            bucket = _buckets.get(self.key)
            if bucket:
                available, restore, maximum, __ = bucket
                _buckets[self.key] = [
                    min(maximum, available + restore * seconds),
                    restore,
                    maximum,
                    time.monotonic(),
                ]

    def _pace(self, operation):
        available = self._estimate()
        if available is None:
            return
        with _lock:
            expected = _costs.get((*self.key, operation), DEFAULT_COST)
            restore = _buckets[self.key][1]
        if available < expected and restore > 0:
            self._wait((expected - available) / restore)

    # Calls

    def execute(self, operation, query, variables=None):
        """Run one GraphQL operation; returns ``data[operation]``. Raises ``ShopifyError``
        (refusal or unreadable answer, in words) or ``RetryableJobError`` (transient, spent)."""
        what = self.env._("Shopify %(operation)s", operation=operation)
        for __ in range(THROTTLED_TRIES):
            self._pace(operation)
            try:
                response = self.connector._kobo_http_call(
                    self.session, "POST", self.url, what, json={"query": query, "variables": variables or {}}
                )
            except OutboundError as refused:
                raise ShopifyError(
                    self.env._(
                        "The shop URL of %(channel)s cannot be called: %(reason)s",
                        channel=self.channel.display_name,
                        reason=refused.args[0],
                    ),
                    settings=True,
                ) from None
            if response.status_code >= 400:
                raise self._http_error(response, operation)
            try:
                body = response.json()
            except ValueError:
                body = None
            if not isinstance(body, dict):
                raise ShopifyError(
                    self.env._(
                        "Shopify's answer to %(operation)s could not be read (it is not JSON): the change "
                        "may or may not have reached the shop. Retry sends it again; the product is found "
                        "by its handle, so it is not created twice.",
                        operation=operation,
                    )
                )
            cost = (body.get("extensions") or {}).get("cost") or {}
            reading = self._record(cost)
            if cost.get("requestedQueryCost"):
                with _lock:
                    _costs[(*self.key, operation)] = float(cost["requestedQueryCost"])
            errors = body.get("errors") or []
            if any((error.get("extensions") or {}).get("code") == "THROTTLED" for error in errors):
                self.throttled += 1
                requested = float(cost.get("requestedQueryCost") or DEFAULT_COST)
                available, restore = reading or (0.0, 50.0)
                self._wait(max(requested - available, 1.0) / (restore or 50.0))
                continue
            if errors:
                codes = [
                    error_code(
                        ((error if isinstance(error, dict) else {}).get("extensions") or {}).get("code")
                    )
                    for error in errors
                ]
                raise ShopifyError(
                    self.env._(
                        "Shopify refused the %(operation)s request (error code: %(codes)s).",
                        operation=operation,
                        codes=", ".join(code for code in codes if code) or self.env._("none given"),
                    )
                )
            data = body.get("data")
            if not isinstance(data, dict) or operation not in data:
                raise ShopifyError(
                    self.env._("Shopify's answer to %(operation)s has no data.", operation=operation)
                )
            return data[operation]
        raise RetryableJobError(
            self.env._(
                "Shopify throttled %(operation)s %(tries)s times in a row; the job will try again.",
                operation=operation,
                tries=THROTTLED_TRIES,
            ),
            seconds=30,
        )

    def _http_error(self, response, operation):
        """A 4xx in words: the status and what it means for the channel's settings, never
        Shopify's text (the answer of whatever the shop URL points at) nor the URL."""
        status = response.status_code
        kind = SETTINGS_STATUSES.get(status)
        if kind == "token":
            message = self.env._(
                "Shopify refused the access token (HTTP 401): it was revoked or is wrong. A syndication "
                "manager must set a valid Admin API access token on the channel %(channel)s.",
                channel=self.channel.display_name,
            )
        elif kind == "scope":
            message = self.env._(
                "Shopify refused %(operation)s (HTTP 403): the app lacks an access scope "
                "(write_products, write_translations).",
                operation=operation,
            )
        elif kind == "address":
            message = self.env._(
                "No Shopify Admin API at the shop URL of %(channel)s (HTTP 404): a syndication manager must "
                "check it (https://<shop>.myshopify.com) and that API version %(version)s is still "
                "supported.",
                channel=self.channel.display_name,
                version=SHOPIFY_API_VERSION,
            )
        elif kind == "shop":
            message = self.env._(
                "The shop is not available (HTTP %(status)s: frozen, locked or unpaid).", status=status
            )
        else:
            message = self.env._(
                "Shopify refused %(operation)s (HTTP %(status)s).", operation=operation, status=status
            )
        return ShopifyError(message, settings=bool(kind))
