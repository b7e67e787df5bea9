"""The shared HTTP client of the marketplace connectors, against a tiny local server that answers
from a script: what is retried (timeouts, resets, 429 with Retry-After, 5xx), what is returned
to the connector (4xx), and what ends the job for queue_job to retry (tries spent)."""

import json
import socket
import threading
import time
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from unittest import mock
from urllib.parse import urlsplit

import requests

from odoo.addons.kobo_base.outbound_http import ALLOWED_HOSTS_PARAM
from odoo.addons.queue_job.exception import RetryableJobError
from odoo.tests import TransactionCase, tagged
from odoo.tests.common import _super_send


class LoopbackTimeoutsMixin:
    """Odoo's test harness raises every timeout under 10 s to 10 s; a test of our timeouts
    against a local fake server keeps the timeout the client asked for (loopback only)."""

    @classmethod
    def _request_handler(cls, session, request, /, **kwargs):
        if urlsplit(request.url).hostname == "127.0.0.1":
            return _super_send(session, request, **kwargs)
        return super()._request_handler(session, request, **kwargs)


class _ScriptedHandler(BaseHTTPRequestHandler):
    """Answers each request with the next step of the server's script:
    ``("answer", status, headers, body)``, ``("slow", seconds)`` or ``("reset",)``."""

    def do_GET(self):
        self.server.requests.append((self.command, self.path, dict(self.headers)))
        step = self.server.script.pop(0) if self.server.script else ("answer", 200, {}, {"ok": True})
        if step[0] == "reset":
            # close the socket without a byte of answer: the client sees a reset connection
            linger = b"\x01\x00\x00\x00\x00\x00\x00\x00"  # on, 0 s: RST instead of FIN
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, linger)
            self.close_connection = True
            self.connection.close()
            return
        if step[0] == "slow":
            time.sleep(step[1])
            step = ("answer", 200, {}, {"late": True})
        __, status, headers, body = step
        data = json.dumps(body).encode()
        try:
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            return  # the client gave up waiting (the timeout test)

    do_POST = do_GET

    def log_message(self, format, *args):
        pass


@tagged("post_install", "-at_install")
class TestConnectorHttp(LoopbackTimeoutsMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server = ThreadingHTTPServer(("127.0.0.1", 0), _ScriptedHandler)
        cls.server.daemon_threads = True
        cls.server.script = []
        cls.server.requests = []
        cls.url = f"http://127.0.0.1:{cls.server.server_address[1]}/api"
        thread = threading.Thread(target=cls.server.serve_forever, daemon=True)
        thread.start()
        cls.addClassCleanup(cls.server.server_close)
        cls.addClassCleanup(cls.server.shutdown)

    def setUp(self):
        super().setUp()
        self.server.script[:] = []
        self.server.requests[:] = []
        self.client = self.env["kobo.connector.http"]
        # the scripted server is on loopback: allowed as an administrator would allow it
        self.env["ir.config_parameter"].sudo().set_param(ALLOWED_HOSTS_PARAM, urlsplit(self.url).netloc)

    @contextmanager
    def _waits(self):
        """Record the client's waits instead of waiting."""
        waits = []

        def sleep(client, seconds):
            waits.append(seconds)

        with mock.patch.object(type(self.client), "_kobo_sleep", sleep):
            yield waits

    def _call(self, method="GET", **kwargs):
        with self.client._kobo_http_session({"X-Test-Token": "secret-token-value"}) as session:
            return self.client._kobo_http_call(session, method, self.url, "Test API call", **kwargs)

    def test_success_sends_the_session_headers_and_a_timeout(self):
        self.server.script[:] = [("answer", 200, {}, {"id": 7})]
        real = requests.Session.request
        with mock.patch.object(requests.Session, "request", autospec=True, side_effect=real) as request:
            response = self._call()
        self.assertEqual(response.json(), {"id": 7})
        self.assertEqual(request.call_args.kwargs["timeout"], self.client._kobo_http_timeout)
        headers = self.server.requests[0][2]
        self.assertEqual(headers["X-Test-Token"], "secret-token-value")
        self.assertEqual(headers["User-Agent"], "Kobo-for-Odoo/18.0")

    def test_429_waits_what_retry_after_asks_then_succeeds(self):
        self.server.script[:] = [
            ("answer", 429, {"Retry-After": "7"}, {"errors": "Too many requests"}),
            ("answer", 200, {}, {"done": True}),
        ]
        with self._waits() as waits:
            response = self._call()
        self.assertEqual(response.json(), {"done": True})
        self.assertEqual(waits, [7.0])
        self.assertEqual(len(self.server.requests), 2)

    def test_retry_after_as_an_http_date(self):
        response = mock.Mock(headers={"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"})
        self.assertEqual(self.client._kobo_retry_after(response), 0.0, "a date in the past: no wait")
        future = time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime(time.time() + 30))
        response = mock.Mock(headers={"Retry-After": future})
        self.assertAlmostEqual(self.client._kobo_retry_after(response), 30, delta=2)
        self.assertIsNone(self.client._kobo_retry_after(mock.Mock(headers={"Retry-After": "soon"})))

    def test_500_and_503_back_off_exponentially_then_succeed(self):
        self.server.script[:] = [
            ("answer", 500, {}, {"errors": "boom"}),
            ("answer", 503, {}, {"errors": "maintenance"}),
            ("answer", 200, {}, {"done": True}),
        ]
        with self._waits() as waits:
            response = self._call(method="POST", json={"q": 1})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(waits, [1.0, 2.0])

    def test_4xx_is_returned_to_the_connector_and_not_retried(self):
        for status in (400, 401, 404, 422):
            self.server.script[:] = [("answer", status, {}, {"errors": "refused"})]
            self.server.requests[:] = []
            with self._waits() as waits:
                response = self._call()
            self.assertEqual(response.status_code, status)
            self.assertEqual(len(self.server.requests), 1, f"HTTP {status} is not retried")
            self.assertEqual(waits, [])

    def test_timeout_is_retried_and_spent_tries_raise_retryable_job_error(self):
        self.server.script[:] = [("slow", 0.6)] * 4
        with self._waits() as waits, mock.patch.object(type(self.client), "_kobo_http_timeout", 0.2):
            with self.assertRaises(RetryableJobError) as caught:
                self._call()
        self.assertEqual(len(self.server.requests), self.client._kobo_http_attempts)
        self.assertEqual(waits, [1.0, 2.0, 4.0])
        self.assertIn("Test API call failed: no answer within 0.2 seconds", str(caught.exception))
        self.assertNotIn("secret-token-value", str(caught.exception))

    def test_connection_reset_is_retried(self):
        self.server.script[:] = [("reset",), ("answer", 200, {}, {"done": True})]
        with self._waits() as waits:
            response = self._call()
        self.assertEqual(response.json(), {"done": True})
        self.assertEqual(len(waits), 1)

    def test_reset_every_time_ends_the_job_for_queue_job_to_retry(self):
        self.server.script[:] = [("reset",)] * 4
        with self._waits(), self.assertRaises(RetryableJobError) as caught:
            self._call()
        self.assertIn("the connection failed or was reset", str(caught.exception))

    def test_a_retry_after_longer_than_the_job_may_wait_hands_over_to_queue_job(self):
        self.server.script[:] = [("answer", 429, {"Retry-After": "600"}, {})]
        with self._waits() as waits, self.assertRaises(RetryableJobError) as caught:
            self._call()
        self.assertEqual(waits, [], "the job does not sleep 10 minutes")
        self.assertEqual(len(self.server.requests), 1)
        self.assertEqual(caught.exception.seconds, 601, "queue_job retries after what the server asked")

    def test_spent_tries_on_429_carry_the_servers_wait(self):
        self.server.script[:] = [("answer", 429, {"Retry-After": "3"}, {})] * 4
        with self._waits() as waits, self.assertRaises(RetryableJobError) as caught:
            self._call()
        self.assertEqual(waits, [3.0, 3.0, 3.0])
        self.assertIn("HTTP 429", str(caught.exception))
        self.assertEqual(caught.exception.seconds, 4)
