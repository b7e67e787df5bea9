"""What the multi-server test (test_multiworker.py) runs beside Odoo: the marketplaces' stand-ins,
recording what two servers send them; a round-robin load balancer in front of the servers; the
servers themselves, started by the command `make run --workers` uses; and the scripts run in
the database before and after (Odoo's own shell, as an operator would).

The stand-ins run in this process, in threads: both servers' worker processes call the same
stand-in, so what it counts (calls per second, requests in flight per product) is counted across
every process of the deployment, as the marketplace counts it.
"""

import collections
import io
import json
import os
import re
import threading
import time
from urllib.parse import unquote, urlsplit

from kobo_dev import odoo_env
from kobo_dev.odoo_servers import OdooServer, RoundRobinProxy, free_port  # noqa: F401 (the test's)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ODOO_CONF = os.path.join(ROOT, "odoo.conf")
LOG_DIR = os.path.join(ROOT, ".local", "log")
RESULT_MARK = "KOBO-MULTIWORKER-RESULT:"


# --- what the stand-ins saw ----------------------------------------------------------------------


class Recorder:
    """Calls one stand-in received, from every process: arrival times, requests in flight per
    product (a product pushed by two workers at once shows as two), and a one-shot hold that
    answers one productSet late, after carrying it out (to kill the worker waiting for it)."""

    def __init__(self, latency=0.02):
        self.lock = threading.Lock()
        self.latency = latency  # every request takes at least this long: overlaps become visible
        self.arrivals = []  # (monotonic time, operation)
        self.costs = []  # (monotonic time, points charged) of the accepted calls (Shopify)
        self.in_flight = collections.Counter()
        self.overlaps = []  # (product key, operation) of requests that met another in flight
        self.hold_operation = None
        self.hold_seconds = 0.0
        self.held = threading.Event()
        self.held_key = None

    def begin(self, key, operation):
        with self.lock:
            self.arrivals.append((time.monotonic(), operation))
            if key is None:
                return
            self.in_flight[key] += 1
            if self.in_flight[key] > 1:
                self.overlaps.append((key, operation))

    def end(self, key):
        if key is None:
            return
        with self.lock:
            self.in_flight[key] -= 1

    def hold_next(self, operation, seconds):
        """The next `operation` is carried out, then answered after `seconds`."""
        with self.lock:
            self.hold_operation, self.hold_seconds = operation, seconds
            self.held.clear()

    def take_hold(self, operation, key):
        with self.lock:
            if self.hold_operation != operation:
                return 0.0
            self.hold_operation, self.held_key = None, key
        self.held.set()
        return self.hold_seconds


def max_in_window(times, window, weights=None):
    """The most `weights` (default 1 each) summed over any `window` seconds of `times` (sorted)."""
    weights = weights or [1.0] * len(times)
    best, total, start = 0.0, 0.0, 0
    for end, at in enumerate(times):
        total += weights[end]
        while at - times[start] > window:
            total -= weights[start]
            start += 1
        best = max(best, total)
    return best


def _shopify_product_key(state, value):
    """The handle of the product a Shopify request is about (ids of products and option values
    found anywhere in its variables), or None."""
    handle = None
    if isinstance(value, dict):
        identifier = value.get("identifier")
        if isinstance(identifier, dict) and identifier.get("handle"):
            return identifier["handle"]
        for item in value.values():
            handle = handle or _shopify_product_key(state, item)
    elif isinstance(value, list):
        for item in value:
            handle = handle or _shopify_product_key(state, item)
    elif isinstance(value, str) and value.startswith("gid://shopify/"):
        with state.lock:
            gid = value
            if "/ProductOptionValue/" in gid:
                gid = (state.option_values.get(gid) or {}).get("product") or ""
            product = state.products.get(gid)
            handle = product and product.get("handle")
    return handle


def start_shopify(recorder, **options):
    """The Shopify stand-in (fake_servers/shopify.py), its handler recording into `recorder`."""
    from odoo.addons.kobo_syndication_shopify.fake_servers import shopify

    class RecordingHandler(shopify.ShopifyHandler):
        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            try:
                body = json.loads(raw or b"null")
                variables = body.get("variables") or {}
                operation, _arguments = shopify.parse_operation(body["query"], variables)
            except Exception:
                variables, operation = {}, None
            self._kobo_key = _shopify_product_key(self.server.state, variables)
            self._kobo_ended = False
            recorder.begin(self._kobo_key, operation)
            time.sleep(recorder.latency)
            original, self.rfile = self.rfile, io.BytesIO(raw)
            try:
                super().do_POST()
            finally:
                self.rfile = original
                if not self._kobo_ended:
                    recorder.end(self._kobo_key)

        def _execute(self, state, body):
            status, answer = super()._execute(state, body)
            # Carried out: no longer in flight, whatever the answer's delay.
            self._kobo_ended = True
            recorder.end(self._kobo_key)
            cost = ((answer or {}).get("extensions") or {}).get("cost") or {}
            if cost.get("actualQueryCost"):
                with recorder.lock:
                    recorder.costs.append((time.monotonic(), float(cost["actualQueryCost"])))
            operation = next(iter((answer or {}).get("data") or {}), None)
            hold = recorder.take_hold(operation, self._kobo_key) if operation else 0.0
            if hold:
                time.sleep(hold)
            return status, answer

    server = shopify.start(**options)
    server.RequestHandlerClass = RecordingHandler
    return server


def start_amazon(recorder, sku_keys, **options):
    """The Amazon stand-in (fake_servers/amazon.py), recording into `recorder`; `sku_keys` maps a
    SKU to its product (parent and child SKUs of one product share a key)."""
    from odoo.addons.kobo_syndication_amazon.fake_servers import amazon

    class RecordingHandler(amazon._Handler):
        def _listings(self, operation):
            path = urlsplit(self.path).path
            sku = unquote(path.rsplit("/", 1)[-1]) if path.startswith(amazon.LISTINGS_PATH) else None
            key = sku_keys.get(sku, sku)
            recorder.begin(key, operation)
            try:
                time.sleep(recorder.latency)
                return super()._listings(operation)
            finally:
                recorder.end(key)

    server = amazon.start(**options)
    server.RequestHandlerClass = RecordingHandler
    return server


def load_odoo_addons():
    """Make the Kōbō addons importable here (the stand-ins live in them), as the demo's boot does."""
    import odoo

    if os.path.join(ROOT, "addons") not in odoo.addons.__path__:
        odoo.tools.config.parse_config(["-c", ODOO_CONF, "--log-level=warn"])


def odoo_shell(database, function, params, timeout=300):
    """Run ``multiworker_db.<function>(env, params)`` in Odoo's shell on `database` (no HTTP, the
    addons of odoo.conf) and return its result."""
    log_path = os.path.join(LOG_DIR, f"multiworker-{function}.log")
    source = (
        f"import json, sys\nsys.path.insert(0, {os.path.dirname(os.path.abspath(__file__))!r})\n"
        "import multiworker_db\n"
        f"result = multiworker_db.{function}(env, json.loads({json.dumps(params)!r}))\n"
        f"print({RESULT_MARK!r} + json.dumps(result, default=str))\n"
    )
    proc = odoo_env.odoo_shell(database, source, timeout=timeout)
    os.makedirs(LOG_DIR, exist_ok=True)
    with open(log_path, "w", encoding="utf-8") as log:
        log.write(proc.stdout + "\n--- stderr ---\n" + proc.stderr)
    found = re.search(re.escape(RESULT_MARK) + r"(.*)$", proc.stdout, re.M)
    if proc.returncode != 0 or not found:
        raise RuntimeError(
            f"multiworker_db.{function} failed ({proc.returncode}); see {log_path}:\n{proc.stderr[-2000:]}"
        )
    return json.loads(found.group(1))
