# The handler answers at the first check that fails, as the API does: many returns and branches.
# ruff: noqa: PLR0911, PLR0912
"""A local stand-in for Amazon's Selling Partner API: Login with Amazon (LWA) token exchange and
the Listings Items API 2021-08-01 (putListingsItem, patchListingsItem, deleteListingsItem,
getListingsItem), for tests, benchmarks and the demo.

What it follows (docs/syndication-amazon.md lists the sources):

- ``POST /auth/o2/token`` (form-encoded ``grant_type=refresh_token``, ``refresh_token``,
  ``client_id``, ``client_secret``) answers ``{access_token, token_type, expires_in,
  refresh_token}``; a wrong client id or secret is ``401 invalid_client``, an unknown or revoked
  refresh token ``400 invalid_grant``, another grant type ``400 unsupported_grant_type``.
- Every Listings call needs a live access token in ``x-amz-access-token`` (otherwise ``403``
  ``Unauthorized``, the details saying whether it expired) and the seller the refresh token
  belongs to; ``marketplaceIds`` is required and holds one id (the model's ``maxItems: 1``).
- Bodies are checked as the published model (``ListingsItemPutRequest``,
  ``ListingsItemPatchRequest``) says: a body that is not JSON, lacks ``productType`` /
  ``attributes`` / ``patches`` or has a wrong type is ``400 InvalidInput`` with the SP-API error
  shape ``{"errors": [{"code", "message", "details"}]}``. Attribute problems (an attribute that is
  not an array of objects, a missing required attribute, a GTIN whose check digit is wrong) are a
  ``200`` submission with ``status: INVALID`` and ``issues`` (code, message, severity ERROR,
  attributeNames, categories): nothing is stored. Fewer than three bullet points is a WARNING
  (accepted). The attribute rules are in ``amazon_rules.py``.
- ``mode=VALIDATION_PREVIEW`` validates and stores nothing (``VALID`` / ``INVALID``).
- Listings are stored by seller and SKU: a second PUT of a SKU replaces it (never two).
- Throttling: a token bucket per seller (5 requests/s, burst 10 by default, the published usage
  plan of these operations); over it, ``429 QuotaExceeded`` with ``Retry-After``.

The Feeds API 2021-06-30 for JSON_LISTINGS_FEED (createFeedDocument, the document's upload,
createFeed, getFeed, getFeedDocument, the processing report) is in ``amazon_feeds.py``: a feed's
messages are submitted through ``FakeAmazonState.submit``, the same code as the Listings calls.

Fault switches for tests (``server.state.fail_next(kind, count)``; for feeds also
``fail_next_feed(kind)``: FATAL, CANCELLED, stall, drop): ``"429"``, ``"500"``,
``"delay"`` (answer after ``state.delay_seconds``, the request still processed: a client that
gave up finds its write done), ``"reset"`` (close the socket without answering, before
processing), ``"malformed"`` (process, then answer 200 with a body that is not JSON).

Run ``python3 -m odoo.addons.kobo_syndication_amazon.fake_servers.amazon`` to serve the demo on
127.0.0.1:DEMO_PORT with the demo credentials below.
"""

import collections
import json
import math
import secrets
import socket
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

from . import serve_until_interrupted
from .amazon_feeds import (
    DOCUMENT_PATH,
    FEED_FAULTS,
    FEED_MAX_MESSAGES,
    FEED_USAGE_PLANS,
    FEEDS_PATH,
    FeedsHandlerMixin,
)
from .amazon_rules import _issue, attribute_issues, buyable

DEMO_PORT = 8092
DEMO_CLIENT_ID = "amzn1.application-oa2-client.kobo-demo"
DEMO_CLIENT_SECRET = "kobo-demo-client-secret"  # noqa: S105 - the demo server's own, public
DEMO_REFRESH_TOKEN = "Atzr|kobo-demo-refresh-token"  # noqa: S105 - the demo server's own
DEMO_SELLER_ID = "A2KOBODEMOSELLER"
#: Amazon.de
DEMO_MARKETPLACE_ID = "A1PA6795UKMFR9"

TOKEN_PATH = "/auth/o2/token"  # noqa: S105 - a path
LISTINGS_PATH = "/listings/2021-08-01/items/"
MODES = {"VALIDATION_PREVIEW"}
REQUIREMENTS = {"LISTING", "LISTING_PRODUCT_ONLY", "LISTING_OFFER_ONLY"}
INCLUDED_DATA = {"identifiers", "issues", "summaries", "attributes", "offers", "fulfillmentAvailability"}
PATCH_OPS = {"add", "replace", "merge", "delete"}


def body_problem(operation, document):
    """What makes ``document`` not a ListingsItemPutRequest / ListingsItemPatchRequest, or ''."""
    if not isinstance(document, dict):
        return "The body must be a JSON object."
    if not isinstance(document.get("productType"), str) or not document["productType"]:
        return "productType is required."
    if operation == "putListingsItem":
        if not isinstance(document.get("attributes"), dict):
            return "attributes is required and must be an object."
        if "requirements" in document and document["requirements"] not in REQUIREMENTS:
            return f"Invalid requirements: {document['requirements']}."
        return ""
    patches = document.get("patches")
    if not isinstance(patches, list) or not patches:
        return "patches is required and holds at least one operation."
    for patch in patches:
        if not isinstance(patch, dict) or patch.get("op") not in PATCH_OPS:
            return "Each patch needs an op: add, replace, merge or delete."
        if not isinstance(patch.get("path"), str) or not patch["path"].startswith("/attributes/"):
            return "Each patch path is a JSON Pointer under /attributes/."
        if patch["op"] != "delete" and not isinstance(patch.get("value"), list):
            return "A patch value is an array of objects."
    return ""


class FakeAmazonState:
    """What the server holds and counts; tests read it and flip its fault switches."""

    def __init__(
        self,
        rate=5.0,
        burst=10,
        token_lifetime=3600,
        required_extra=(),
        delay_seconds=2.0,
        feed_usage_plans=None,
        feed_max_messages=FEED_MAX_MESSAGES,
        gzip_reports=False,
    ):
        self.lock = threading.RLock()
        self.clients = {DEMO_CLIENT_ID: DEMO_CLIENT_SECRET}
        self.refresh_tokens = {DEMO_REFRESH_TOKEN: (DEMO_CLIENT_ID, DEMO_SELLER_ID)}
        self.revoked = set()
        self.access_tokens = {}  # token: (seller id, expires at, epoch seconds)
        self.token_lifetime = token_lifetime
        self.marketplaces = {DEMO_MARKETPLACE_ID}
        self.listings = {}  # (seller id, sku): {"productType", "requirements", "attributes"}
        self.calls = collections.Counter()
        self.requests = []  # (operation, sku, query dict, body) of the listings calls
        self.throttled = 0
        self.rate = rate
        self.burst = burst
        self._bucket = {}  # seller id: (tokens, monotonic time)
        self.required_extra = tuple(required_extra)
        self.delay_seconds = delay_seconds
        self.faults = collections.deque()
        #: Issues Amazon found later, while processing an accepted submission (getListingsItem shows them)
        self.later_issues = {}  # sku: [issue]
        # Feeds API 2021-06-30 (amazon_feeds.py)
        self.feed_usage_plans = {**FEED_USAGE_PLANS, **(feed_usage_plans or {})}
        self.feed_max_messages = feed_max_messages
        self.gzip_reports = gzip_reports
        #: feed document id: {"seller", "contentType", "content" (bytes or None), "compression"}
        self.documents = {}
        #: feed id: {"seller", "feedType", "marketplaceIds", "inputFeedDocumentId", "processingStatus",
        #: "polls", "resultFeedDocumentId", "messages" (what the document held), "report"}
        self.feeds = {}
        #: the token buckets of the Feeds API operations: (seller id, operation): (tokens, time)
        self._feed_buckets = {}
        self.feed_faults = collections.deque()

    def fail_next(self, kind, count=1):
        """The next ``count`` SP-API calls (Listings Items or Feeds, not the token exchange nor a
        feed document's upload or download) fail as ``kind``: 429, 500, delay, reset, malformed."""
        assert kind in ("429", "500", "delay", "reset", "malformed"), kind
        with self.lock:
            self.faults.extend([kind] * count)

    def fail_next_feed(self, kind, count=1):
        """The next ``count`` feeds end as ``kind``: ``FATAL`` (not processed, a report saying
        why), ``CANCELLED``, ``stall`` (IN_PROGRESS for ever), ``drop`` (processed, but the report
        leaves the last message out, as if it were never read)."""
        assert kind in FEED_FAULTS, kind
        with self.lock:
            self.feed_faults.extend([kind] * count)

    def submit(self, seller_id, sku, marketplace_id, operation, document, preview=False):
        """``(status, issues)`` of one submission, as putListingsItem / patchListingsItem /
        deleteListingsItem (and a feed's UPDATE / PATCH / DELETE message) store it: ``ACCEPTED``
        (stored), ``VALID`` (a preview: nothing stored), ``INVALID`` (nothing stored), or
        ``NOT_FOUND`` (a delete or patch of a SKU that is not there). ``document`` was checked
        (``body_problem``)."""
        key = (seller_id, sku)
        with self.lock:
            if operation == "deleteListingsItem":
                if key not in self.listings:
                    return "NOT_FOUND", []
                del self.listings[key]
                return "ACCEPTED", []
            if operation == "putListingsItem":
                attributes = document["attributes"]
                requirements = document.get("requirements", "LISTING")
            else:
                existing = self.listings.get(key)
                if not existing:
                    issue = _issue(
                        "4000004", f"SKU '{sku}' does not exist: send the whole listing first.", category=None
                    )
                    return "INVALID", [issue]
                attributes = json.loads(json.dumps(existing["attributes"]))
                requirements = existing["requirements"]
                for patch in document["patches"]:
                    name = patch["path"][len("/attributes/") :]
                    if patch["op"] == "delete":
                        attributes.pop(name, None)
                    else:
                        attributes[name] = patch.get("value")
            issues = attribute_issues(
                attributes, requirements, marketplace_id, self.required_extra, document["productType"]
            )
            if any(issue["severity"] == "ERROR" for issue in issues):
                return "INVALID", issues
            if preview:
                return "VALID", issues
            self.listings[key] = {
                "productType": document["productType"],
                "requirements": requirements,
                "attributes": attributes,
            }
            return "ACCEPTED", issues

    def revoke(self, refresh_token=DEMO_REFRESH_TOKEN):
        with self.lock:
            self.revoked.add(refresh_token)

    def expire_access_tokens(self):
        with self.lock:
            self.access_tokens = {token: (seller, 0) for token, (seller, _at) in self.access_tokens.items()}

    def skus(self, seller_id=DEMO_SELLER_ID):
        with self.lock:
            return sorted(sku for seller, sku in self.listings if seller == seller_id)

    def _take_fault(self):
        with self.lock:
            return self.faults.popleft() if self.faults else None

    def _take_token(self, seller_id):
        """Token bucket: ``None`` when the call may go, else the seconds until it may."""
        return self._take(self._bucket, seller_id, self.rate, self.burst)

    def _take_feed_token(self, seller_id, plan):
        """The bucket of a Feeds API usage plan (``FEED_USAGE_PLANS``), like ``_take_token``."""
        rate, burst = self.feed_usage_plans[plan]
        return self._take(self._feed_buckets, (seller_id, plan), rate, burst)

    def _take(self, buckets, key, rate, burst):
        with self.lock:
            now = time.monotonic()
            tokens, then = buckets.get(key, (float(burst), now))
            tokens = min(float(burst), tokens + (now - then) * rate)
            if tokens >= 1:
                buckets[key] = (tokens - 1, now)
                return None
            buckets[key] = (tokens, now)
            self.throttled += 1
            return (1 - tokens) / rate


class _Handler(FeedsHandlerMixin, BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "FakeSellingPartnerAPI/2021-08-01"

    def log_message(self, format, *args):
        pass  # quiet: tests read the state, not stderr

    @property
    def state(self):
        return self.server.state

    # Answers

    def _send(self, status, body, headers=None, raw=None):
        data = raw if raw is not None else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("x-amzn-RequestId", str(uuid.uuid4()))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def _errors(self, status, code, message, details="", headers=None):
        error = {"code": code, "message": message}
        if details:
            error["details"] = details
        self._send(status, {"errors": [error]}, headers)

    def _read_body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    # Routing

    def do_POST(self):
        path = urlsplit(self.path).path
        if path == TOKEN_PATH:
            return self._token()
        if path.startswith(FEEDS_PATH):
            return self._feeds("POST")
        self._read_body()
        self._errors(404, "NotFound", "Resource not found.")

    def do_PUT(self):
        if urlsplit(self.path).path.startswith(DOCUMENT_PATH):
            return self._feed_document("PUT")
        self._listings("putListingsItem")

    def do_PATCH(self):
        self._listings("patchListingsItem")

    def do_DELETE(self):
        self._listings("deleteListingsItem")

    def do_GET(self):
        path = urlsplit(self.path).path
        if path.startswith(FEEDS_PATH):
            return self._feeds("GET")
        if path.startswith(DOCUMENT_PATH):
            return self._feed_document("GET")
        self._listings("getListingsItem")

    # Login with Amazon

    def _token(self):
        form = {key: values[0] for key, values in parse_qs(self._read_body().decode()).items()}
        state = self.state
        with state.lock:
            state.calls["token"] += 1
            if form.get("grant_type") != "refresh_token":
                return self._send(
                    400,
                    {
                        "error": "unsupported_grant_type",
                        "error_description": "The grant type is not supported",
                    },
                )
            client_id = form.get("client_id")
            if state.clients.get(client_id) is None or state.clients[client_id] != form.get("client_secret"):
                return self._send(
                    401, {"error": "invalid_client", "error_description": "Client authentication failed"}
                )
            refresh = form.get("refresh_token")
            owner = state.refresh_tokens.get(refresh)
            if not owner or owner[0] != client_id or refresh in state.revoked:
                return self._send(
                    400,
                    {
                        "error": "invalid_grant",
                        "error_description": "The request has an invalid grant parameter : refresh_token",
                    },
                )
            access = "Atza|" + secrets.token_urlsafe(24)
            state.access_tokens[access] = (owner[1], time.time() + state.token_lifetime)
        self._send(
            200,
            {
                "access_token": access,
                "refresh_token": refresh,
                "token_type": "bearer",
                "expires_in": state.token_lifetime,
            },
        )

    # Listings Items

    def _listings(self, operation):
        state = self.state
        url = urlsplit(self.path)
        if not url.path.startswith(LISTINGS_PATH):
            return self._errors(404, "NotFound", "Resource not found.")
        parts = [unquote(part) for part in url.path[len(LISTINGS_PATH) :].split("/")]
        body = self._read_body()  # read before any answer, so the connection stays usable
        if len(parts) != 2 or not all(parts):
            return self._errors(404, "NotFound", "Resource not found.")
        seller_id, sku = parts
        query = {key: values[0] for key, values in parse_qs(url.query, keep_blank_values=True).items()}
        admitted = self._admit(operation, seller_id, state._take_token)
        if not admitted:
            return None
        fault = admitted[1]
        problem = self._query_problem(query, operation)
        if problem:
            return self._errors(
                400,
                "InvalidInput",
                "Request has missing or invalid parameters and cannot be parsed.",
                problem,
            )
        if fault == "delay":
            time.sleep(state.delay_seconds)
        status, answer = self._operate(operation, seller_id, sku, query, body)
        if fault == "malformed":
            return self._send(200, None, raw=b'{"sku": "' + sku.encode() + b'", "status": "ACC')
        if status >= 400:
            return self._errors(status, *answer)
        self._send(status, answer, headers={"x-amzn-RateLimit-Limit": f"{state.rate:g}"})

    def _admit(self, operation, seller_id, take_token):
        """What every SP-API call goes through: counted, the fault switches, a live access token
        of ``seller_id`` (``None``: the token's seller, for calls whose path names none), the
        usage plan (``take_token(seller id)``: None, or the seconds to wait). ``(seller id, fault)`` when
        the call may go on; ``None`` when it was answered (an error, or a reset)."""
        state = self.state
        with state.lock:
            state.calls[operation] += 1
        fault = state._take_fault()
        if fault == "reset":
            # the connection dropped without a word: the client sees a reset, not a status
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return None
        if fault == "429":
            self._errors(
                429,
                "QuotaExceeded",
                "You exceeded your quota for the requested resource.",
                headers={"Retry-After": "1"},
            )
            return None
        if fault == "500":
            self._errors(500, "InternalFailure", "We encountered an internal error. Please try again.")
            return None
        token = self.headers.get("x-amz-access-token")
        with state.lock:
            seller_token = state.access_tokens.get(token)
        if not seller_token:
            self._errors(
                403,
                "Unauthorized",
                "Access to requested resource is denied.",
                "The access token you provided is revoked, malformed or invalid.",
            )
            return None
        if seller_token[1] <= time.time():
            self._errors(
                403,
                "Unauthorized",
                "Access to requested resource is denied.",
                "The access token you provided has expired.",
            )
            return None
        if seller_id is not None and seller_token[0] != seller_id:
            self._errors(403, "Unauthorized", "Access to requested resource is denied.")
            return None
        wait = take_token(seller_token[0])
        if wait is not None:
            self._errors(
                429,
                "QuotaExceeded",
                "You exceeded your quota for the requested resource.",
                headers={"Retry-After": str(max(1, math.ceil(wait)))},
            )
            return None
        return seller_token[0], fault

    def _query_problem(self, query, operation):
        marketplaces = [value for value in (query.get("marketplaceIds") or "").split(",") if value]
        if not marketplaces:
            return "Missing required parameter: marketplaceIds."
        if len(marketplaces) > 1:
            return "marketplaceIds accepts one marketplace identifier."
        if marketplaces[0] not in self.state.marketplaces:
            return f"Invalid marketplaceIds: {marketplaces[0]}."
        if "mode" in query and (
            operation not in ("putListingsItem", "patchListingsItem") or query["mode"] not in MODES
        ):
            return f"Invalid mode: {query['mode']}."
        included = [value for value in (query.get("includedData") or "").split(",") if value]
        if set(included) - INCLUDED_DATA:
            return f"Invalid includedData: {','.join(sorted(set(included) - INCLUDED_DATA))}."
        return ""

    def _operate(self, operation, seller_id, sku, query, body):
        """``(status, answer)``: the submission response, or (4xx, (code, message, details))."""
        state = self.state
        marketplace_id = query["marketplaceIds"]
        preview = query.get("mode") == "VALIDATION_PREVIEW"
        key = (seller_id, sku)
        submission = {"sku": sku, "submissionId": uuid.uuid4().hex}
        if operation == "getListingsItem":
            with state.lock:
                listing = state.listings.get(key)
                state.requests.append((operation, sku, query, None))
            if not listing:
                return 404, ("NOT_FOUND", f"SKU '{sku}' not found in marketplace {marketplace_id}", "")
            return 200, {
                "sku": sku,
                "summaries": [
                    {
                        "marketplaceId": marketplace_id,
                        "productType": listing["productType"],
                        "status": ["BUYABLE"] if buyable(listing["attributes"]) else ["DISCOVERABLE"],
                    }
                ],
                "attributes": listing["attributes"],
                "issues": state.later_issues.get(sku, []),
            }
        if operation == "deleteListingsItem":
            if state.submit(seller_id, sku, marketplace_id, operation, None)[0] == "NOT_FOUND":
                return 404, ("NOT_FOUND", f"SKU '{sku}' not found in marketplace {marketplace_id}", "")
            with state.lock:
                state.requests.append((operation, sku, query, None))
            return 200, {**submission, "status": "ACCEPTED", "issues": []}
        try:
            document = json.loads(body or b"null")
        except ValueError:
            return 400, (
                "InvalidInput",
                "Request has missing or invalid parameters and cannot be parsed.",
                "The body is not JSON.",
            )
        problem = body_problem(operation, document)
        if problem:
            return 400, (
                "InvalidInput",
                "Request has missing or invalid parameters and cannot be parsed.",
                problem,
            )
        with state.lock:
            state.requests.append((operation, sku, query, document))
        status, issues = state.submit(seller_id, sku, marketplace_id, operation, document, preview)
        return 200, {**submission, "status": status, "issues": issues}


class FakeAmazonServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address, state):
        super().__init__(address, _Handler)
        self.state = state
        self._thread = None

    def handle_error(self, request, client_address):
        pass  # a client that gave up (timeout) or a reset we caused: nothing to report

    @property
    def url(self):
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"

    def stop(self):
        self.shutdown()
        self.server_close()
        if self._thread:
            self._thread.join(timeout=5)


def start(port=0, **options):
    """Serve in a background thread on 127.0.0.1:``port`` (0: a free one); ``options`` go to
    ``FakeAmazonState`` (rate, burst, token_lifetime, required_extra, delay_seconds)."""
    server = FakeAmazonServer(("127.0.0.1", port), FakeAmazonState(**options))
    server._thread = threading.Thread(target=server.serve_forever, name="fake-amazon", daemon=True)
    server._thread.start()
    return server


def main():
    server = FakeAmazonServer(("127.0.0.1", DEMO_PORT), FakeAmazonState())
    serve_until_interrupted(
        server,
        f"Fake Amazon SP-API on {server.url} (seller {DEMO_SELLER_ID}, marketplace {DEMO_MARKETPLACE_ID})",
    )


if __name__ == "__main__":
    main()
