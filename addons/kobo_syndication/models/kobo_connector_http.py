"""What the connectors that talk HTTP share: one ``requests`` session per job, a timeout on every
call, and retries only for what a retry can fix.

Retried here, a few times within the job: timeouts, connection errors (reset, refused), HTTP 429
and 5xx, waiting what ``Retry-After`` asks (capped) or an exponential backoff. When the tries are
spent, ``RetryableJobError`` hands the batch back to queue_job, which retries the job later with
its own backoff; nothing in the batch changed. A 4xx other than 429 is the channel refusing our
data or our credentials: it is returned to the connector, which maps it onto the listing's fields.

Every call goes through Kōbō's outbound client (``kobo_base/outbound_http.py``): no internal
address unless an administrator allowed the host, no redirect (an API answers where it is asked),
a deadline per call and a cap on the answer's size. Its refusals (``OutboundError``, a
``UserError`` in words) are not retried: the connector maps them onto every listing of the batch.

Credentials travel only in request headers; nothing here logs a header, a body or a URL query.
"""

import logging
import re
import time
from email.utils import parsedate_to_datetime

import requests

from odoo import api, models
from odoo.addons.kobo_base.outbound_http import OutboundDeadline, outbound_session
from odoo.addons.queue_job.exception import RetryableJobError

_logger = logging.getLogger(__name__)

#: Statuses that mean "try again later", never "your data is wrong" (and every 5xx).
RETRYABLE_STATUSES = frozenset({429, 500, 502, 503, 504})


def is_retryable_status(status):
    """429 (rate limited) and every 5xx (the server's fault): a retry can fix them."""
    return status in RETRYABLE_STATUSES or 500 <= status < 600


class KoboConnectorHttp(models.AbstractModel):
    _name = "kobo.connector.http"
    _inherit = "kobo.connector"
    _description = "Syndication connector over HTTP (shared client)"

    #: Seconds before a call is abandoned (connect and read).
    _kobo_http_timeout = 30
    #: Seconds one call may take in all, however the server drips its answer.
    _kobo_http_deadline = 120
    #: Calls tried within one job before the job is handed back to queue_job's retry.
    _kobo_http_attempts = 4
    #: First backoff in seconds (doubled per try) when the server names no Retry-After.
    _kobo_http_backoff = 1.0
    #: Longest wait inside a job; a longer Retry-After ends the job and queue_job waits instead.
    _kobo_http_max_wait = 60.0

    @api.model
    def _kobo_http_session(self, headers=None):
        """A new session of the outbound client for one job (close it when the job is done:
        ``with`` works). Redirects are not followed: an API that redirects is refused in words."""
        return outbound_session(
            self.env,
            {"User-Agent": "Kobo-for-Odoo/18.0", **(headers or {})},
            timeout=self._kobo_http_timeout,
            deadline=self._kobo_http_deadline,
            max_redirects=0,
        )

    @api.model
    def _kobo_sleep(self, seconds):
        """Wait ``seconds`` (one place, so that tests can count the waits instead of waiting)."""
        if seconds > 0:
            time.sleep(seconds)

    @api.model
    def _kobo_http_call(self, session, method, url, what, **kwargs):
        """``session.request(method, url, **kwargs)`` with a timeout, retrying timeouts, connection
        errors, 429 and 5xx. Returns the response (2xx, or a 4xx for the caller to map); raises
        ``RetryableJobError`` naming ``what`` (e.g. "Shopify productSet") when the tries are spent,
        and ``OutboundError`` (not retried) when the outbound client refuses the call.
        """
        kwargs.setdefault("timeout", self._kobo_http_timeout)
        reason = ""
        wait_hint = None
        for attempt in range(self._kobo_http_attempts):
            if attempt:
                wait = wait_hint if wait_hint is not None else self._kobo_http_backoff * 2 ** (attempt - 1)
                if wait > self._kobo_http_max_wait:
                    break
                self._kobo_sleep(wait)
            wait_hint = None
            try:
                response = session.request(method, url, **kwargs)
            except OutboundDeadline:
                reason = self.env._(
                    "no complete answer within %(seconds)s seconds", seconds=self._kobo_http_deadline
                )
            except requests.Timeout:
                reason = self.env._("no answer within %(seconds)s seconds", seconds=kwargs["timeout"])
            except (requests.ConnectionError, requests.exceptions.ChunkedEncodingError):
                # ChunkedEncodingError: the connection was reset in the middle of the answer
                reason = self.env._("the connection failed or was reset")
            else:
                if not is_retryable_status(response.status_code):
                    return response
                reason = self.env._("HTTP %(status)s", status=response.status_code)
                wait_hint = self._kobo_retry_after(response)
            _logger.info("%s: %s (try %s of %s)", what, reason, attempt + 1, self._kobo_http_attempts)
        raise RetryableJobError(
            self.env._("%(what)s failed: %(reason)s. The job will try again.", what=what, reason=reason),
            seconds=int(wait_hint) + 1 if wait_hint else None,
        )

    @api.model
    def _kobo_retry_after(self, response):
        """Seconds the server asked us to wait (``Retry-After`` in seconds or as an HTTP date),
        or None."""
        value = (response.headers.get("Retry-After") or "").strip()
        if not value:
            return None
        if re.fullmatch(r"\d+(\.\d+)?", value):
            return float(value)
        try:
            moment = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None  # unreadable: the backoff applies
        if moment.tzinfo is None:
            return None
        return max(moment.timestamp() - time.time(), 0.0)
