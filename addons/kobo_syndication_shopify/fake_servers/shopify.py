"""A local stand-in for Shopify's Admin GraphQL API (the version pinned by the connector).

It serves ``POST /admin/api/<version>/graphql.json`` as the published reference describes it
(shopify.dev/docs/api/admin-graphql and .../usage/rate-limits; see docs/syndication-shopify.md):

- authentication: the ``X-Shopify-Access-Token`` header, else HTTP 401;
- GraphQL: the operation is recognised by its top-level field (``productSet``, ``productUpdate``,
  ``translatableResource``, ``translationsRegister``, ``shopLocales``, ``shop``); an unknown field
  or a variable of the wrong shape is answered as Shopify answers it (HTTP 200, ``errors`` with a
  message); arguments are read from the variables only;
- cost-based throttling: a leaky bucket (``bucket_size``, ``restore_rate`` points/second, a cost
  per operation), ``extensions.cost`` with ``throttleStatus`` in every answer and a ``THROTTLED``
  error (HTTP 200) when the bucket cannot pay for the request;
- the list semantics of ``productSet`` (a list field given replaces the product's list:
  metafields, files, variants not included are deleted) and the operations that change one
  entry instead (``shopify_ownership.py``), inventory per location with compare-and-set;
- ``userErrors`` for what Shopify refuses: more than 3 options, more than 2,048 variants, a title
  over 255 characters, a duplicate SKU within the product, an invalid barcode, option values
  that do not match the options, translations with a stale digest or for a locale the shop
  does not have;
- products stored by id and handle (``productSet`` with an ``identifier`` is an upsert);
- the bulk import (``shopify_bulk.py``): staged upload target on this server, bulk mutation
  operations run on the shop's clock, their result JSONL served here.

Faults for the tests, on the ``state`` object: the next N answers with an HTTP status (429 with
``Retry-After``, 500), slower than the client's timeout (the request is still carried out, as
on a real server), a connection closed without an answer, a body that is not JSON (after
carrying out the request). ``state.advance(seconds)`` moves the bucket's clock, so a test that
does not really sleep still sees the bucket refill.

    python3 -m odoo.addons.kobo_syndication_shopify.fake_servers.shopify

serves the demo shop on 127.0.0.1:DEMO_PORT (token ``DEMO_TOKEN``) until stopped.
"""

import itertools
import json
import re
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from . import serve_until_interrupted, shopify_bulk
from .shopify_graphql import HANDLERS, GraphqlError, parse_operation
from .shopify_ownership import PRIMARY_LOCATION

DEMO_PORT = 8091
DEMO_TOKEN = "shpat_kobo_demo_0000000000000000"  # noqa: S105 - the fake shop's public demo token
API_VERSION = "2026-07"
#: Requested cost of each operation (points). Shopify charges 10 for a mutation; a query costs
#: 1 per object it returns. ``start(costs=...)`` overrides them; a ``(requested, actual)`` pair
#: refunds the difference after the call, as Shopify does.
DEFAULT_COSTS = {
    "productSet": 10,
    "productUpdate": 10,
    "translationsRegister": 10,
    "translatableResource": 3,
    "shopLocales": 2,
    "shop": 1,
    "metafieldsSet": 10,
    "metafieldsDelete": 10,
    "fileDelete": 10,
    "productVariantAppendMedia": 10,
    "inventoryActivate": 10,
    "inventorySetQuantities": 10,
    "location": 1,
    "product": 3,
    "translatableResourcesByIds": 3,
    "stagedUploadsCreate": 10,
    "bulkOperationRunMutation": 10,
    "node": 1,
    "currentBulkOperation": 1,
}


class ShopifyState:
    """What the fake shop holds and how it behaves; tests read and switch it."""

    def __init__(self, token, bucket_size, restore_rate, costs, locales, primary_locale):
        self.lock = threading.RLock()
        self.token = token
        self.bucket_size = float(bucket_size)
        self.restore_rate = float(restore_rate)
        self.costs = {**DEFAULT_COSTS, **(costs or {})}
        self.locales = list(locales)
        self.primary_locale = primary_locale
        self.products = {}  # gid: product dict
        self.handles = {}  # handle: gid
        self.translations = {}  # (gid, locale, key): value
        self.option_values = {}  # option value gid: {"product": gid, "option": name, "name": value}
        self.files = {}  # media gid: media dict (every product's media)
        self.locations = {PRIMARY_LOCATION: "Main warehouse"}  # gid: name; the first is primary
        self.inventory = {}  # (inventory item gid, location gid): {"available": n, "on_hand": n}
        self.adjustments = []  # inventorySetQuantities' adjustment groups, in order
        self.last_variables = {}  # the variables of the request being carried out
        self.calls = {}  # operation: count (answered calls, throttled ones included)
        self.throttled = 0
        self.points_spent = 0.0
        self.faults = []  # [(kind, argument)] consumed one per request
        self.url = None  # the server's own address (staged upload targets and bulk results)
        self.shop_number = 48211  # in staged upload keys, as Shopify puts the shop's id there
        self.staged = {}  # staged upload key: {"parameters": {...}, "content": bytes or None}
        self.uploads = []  # the headers of each staged upload request, in order
        self.bulk_operations = {}  # gid: bulk operation (shopify_bulk.py)
        self.bulk_results = {}  # operation number: result JSONL (bytes)
        self.bulk_lines = 0  # lines run inside bulk operations (they cost no points)
        self.bulk_faults = []  # [("fail", error code) | ("drop", line number)], one per operation
        self.bulk_mutation_limit = shopify_bulk.BULK_MUTATION_LIMIT
        self.bulk_start_seconds = 1.0
        self.bulk_seconds_per_line = 0.05
        self._ids = itertools.count(1001)
        self._offset = 0.0
        self._available = self.bucket_size
        self._last = self.now()

    # Clock and bucket

    def now(self):
        return time.monotonic() + self._offset

    def advance(self, seconds):
        """Move the bucket's clock forward (a test's stand-in for sleeping)."""
        with self.lock:
            self._offset += max(seconds, 0)

    def available(self):
        with self.lock:
            now = self.now()
            self._available = min(self.bucket_size, self._available + (now - self._last) * self.restore_rate)
            self._last = now
            return self._available

    def throttle_status(self):
        return {
            "maximumAvailable": self.bucket_size,
            "currentlyAvailable": round(self.available(), 3),
            "restoreRate": self.restore_rate,
        }

    # Faults

    def fail_next(self, status, count=1, retry_after=None):
        """The next ``count`` requests get HTTP ``status`` (nothing is carried out)."""
        self.faults.extend([("status", (status, retry_after))] * count)

    def delay_next(self, seconds, count=1):
        """The next ``count`` requests are carried out, then answered after ``seconds``."""
        self.faults.extend([("delay", seconds)] * count)

    def reset_next(self, count=1):
        """The next ``count`` connections are closed without an answer (nothing carried out)."""
        self.faults.extend([("reset", None)] * count)

    def malformed_next(self, count=1):
        """The next ``count`` requests are carried out and answered with a body that is not JSON."""
        self.faults.extend([("malformed", None)] * count)

    def fail_next_bulk(self, error_code="INTERNAL_SERVER_ERROR"):
        """The next bulk operation ends FAILED with ``error_code`` (nothing of it is carried out)."""
        self.bulk_faults.append(("fail", error_code))

    def drop_next_bulk_line(self, number):
        """The next bulk operation's result lacks line ``number`` (0-based; the line is not run)."""
        self.bulk_faults.append(("drop", number))

    def start_foreign_bulk(self, seconds=None):
        """Another job of the app runs bulk mutations on the shop, as many as the limit allows,
        for ``seconds`` on the shop's clock (None: until the test ends)."""
        with self.lock:
            finish_at = None if seconds is None else self.now() + seconds
            for __ in range(self.bulk_mutation_limit):
                shopify_bulk.new_operation(self, "mutation { productSet }", None, finish_at)

    def pop_fault(self):
        with self.lock:
            return self.faults.pop(0) if self.faults else (None, None)

    # Look-ups for tests

    def product_by_handle(self, handle):
        gid = self.handles.get(handle)
        return self.products.get(gid) if gid else None

    def new_id(self, kind):
        return f"gid://shopify/{kind}/{next(self._ids)}"


class ShopifyHandler(BaseHTTPRequestHandler):
    server_version = "FakeShopify/1.0"
    protocol_version = "HTTP/1.1"

    def do_POST(self):  # noqa: PLR0911 - faults, routing and auth answer early, as Shopify does
        state = self.server.state
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        kind, argument, answered = self._injected_fault(state)
        if answered:
            return
        if self.path == shopify_bulk.STAGED_PATH:
            state.uploads.append(dict(self.headers))
            with state.lock:
                status, answer = shopify_bulk.receive_upload(state, self.headers.get("Content-Type"), raw)
            if kind == "delay":
                time.sleep(argument)
            return self._send(status, answer, raw_body=True, content_type="application/xml")
        match = re.fullmatch(r"/admin/api/(\d{4}-\d{2})/graphql\.json", self.path)
        if not match or match.group(1) != API_VERSION:
            return self._send(404, {"errors": "Not Found"})
        if self.headers.get("X-Shopify-Access-Token") != state.token:
            return self._send(
                401,
                {"errors": "[API] Invalid API key or access token (unrecognized login or wrong password)"},
            )
        try:
            body = json.loads(raw or b"null")
        except ValueError:
            body = None
        if not isinstance(body, dict) or not isinstance(body.get("query"), str):
            return self._send(400, {"errors": {"query": "Required parameter missing or invalid"}})
        status, answer = self._execute(state, body)
        if kind == "delay":
            time.sleep(argument)
        if kind == "malformed":
            return self._send(status, b'{"data": {"productSet": {"product": ', raw_body=True)
        return self._send(status, answer)

    def _injected_fault(self, state):
        """The next injected fault: ``(kind, argument, answered)``; a reset or an HTTP status is
        answered here (``answered``), the others (delay, malformed) are the caller's to apply."""
        kind, argument = state.pop_fault()
        if kind == "reset":
            self.connection.setsockopt(
                socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00"
            )
            self.close_connection = True
            return kind, argument, True
        if kind == "status":
            status, retry_after = argument
            headers = {"Retry-After": str(retry_after)} if retry_after is not None else {}
            self._send(status, {"errors": f"HTTP {status} (injected)"}, headers)
            return kind, argument, True
        return kind, argument, False

    def do_GET(self):
        """The result files of bulk operations (at Shopify: signed cloud storage URLs, no token)."""
        state = self.server.state
        kind, argument, answered = self._injected_fault(state)
        if answered:
            return
        match = re.fullmatch(re.escape(shopify_bulk.RESULT_PATH) + r"(\d+)\.jsonl", self.path)
        with state.lock:
            shopify_bulk.advance(state)
            content = state.bulk_results.get(int(match.group(1))) if match else None
        if content is None:
            return self._send(404, b"<Error><Code>NoSuchKey</Code></Error>", raw_body=True)
        if kind == "delay":
            time.sleep(argument)
        if kind == "malformed":
            content = content[: len(content) // 2]
        return self._send(200, content, raw_body=True, content_type="application/jsonl")

    def _execute(self, state, body):
        with state.lock:
            shopify_bulk.advance(state)
        try:
            operation, arguments = parse_operation(body["query"], body.get("variables") or {})
        except GraphqlError as error:
            return 200, {
                "errors": [{"message": error.message, "extensions": {"code": error.code}}],
                "extensions": {
                    "cost": {
                        "requestedQueryCost": 0,
                        "actualQueryCost": 0,
                        "throttleStatus": state.throttle_status(),
                    }
                },
            }
        cost = state.costs[operation]
        requested, actual = cost if isinstance(cost, tuple) else (cost, cost)
        with state.lock:
            state.calls[operation] = state.calls.get(operation, 0) + 1
            if state.available() < requested:
                state.throttled += 1
                return 200, {
                    "errors": [
                        {
                            "message": "Throttled",
                            "extensions": {
                                "code": "THROTTLED",
                                "documentation": "https://shopify.dev/api/usage/rate-limits",
                            },
                        }
                    ],
                    "extensions": {
                        "cost": {
                            "requestedQueryCost": requested,
                            "actualQueryCost": None,
                            "throttleStatus": state.throttle_status(),
                        }
                    },
                }
            state._available -= actual
            state.points_spent += actual
            state.last_variables = body.get("variables") or {}
            data = {operation: HANDLERS[operation](state, arguments)}
            cost_extension = {
                "requestedQueryCost": requested,
                "actualQueryCost": actual,
                "throttleStatus": state.throttle_status(),
            }
        return 200, {"data": data, "extensions": {"cost": cost_extension}}

    def _send(
        self, status, body, headers=None, raw_body=False, content_type="application/json; charset=utf-8"
    ):
        data = body if raw_body else json.dumps(body).encode()
        try:
            self.send_response(status)
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            return  # the client stopped waiting (a timeout test)

    def log_message(self, format, *args):
        if self.server.verbose:
            return super().log_message(format, *args)
        return None


class ShopifyServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address, state, verbose=False):
        super().__init__(address, ShopifyHandler)
        self.state = state
        self.verbose = verbose
        host, port = self.server_address[:2]
        self.url = f"http://{host}:{port}"
        self._thread = None

    def stop(self):
        self.shutdown()
        self.server_close()


def start(
    port=0,
    token=DEMO_TOKEN,
    bucket_size=1000,
    restore_rate=50,
    costs=None,
    locales=("ja", "en"),
    primary_locale="ja",
    host="127.0.0.1",
    verbose=False,
):
    """Start a fake shop in a background thread; ``server.url``, ``server.state``, ``server.stop()``."""
    state = ShopifyState(token, bucket_size, restore_rate, costs, locales, primary_locale)
    server = ShopifyServer((host, port), state, verbose=verbose)
    state.url = server.url
    server._thread = threading.Thread(target=server.serve_forever, name="fake-shopify", daemon=True)
    server._thread.start()
    return server


def main():
    state = ShopifyState(DEMO_TOKEN, 1000, 50, None, ("ja", "en"), "ja")
    server = ShopifyServer(("127.0.0.1", DEMO_PORT), state, verbose=True)
    state.url = server.url
    serve_until_interrupted(
        server,
        f"Fake Shopify (Admin GraphQL {API_VERSION}) on {server.url}/admin/api/{API_VERSION}/graphql.json",
    )


if __name__ == "__main__":
    main()
