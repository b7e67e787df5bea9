"""Local servers for the outbound client's tests, and the guard every such test runs under: no
connection leaves loopback, whatever the code under test does. No test methods here."""

import ipaddress
import socket
import socketserver
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from unittest import mock
from urllib.parse import parse_qs, urlsplit

from odoo.addons.kobo_base import outbound_http
from odoo.tests.common import _super_send

#: What an internal service would answer: it must reach no one.
SECRET = "SECRET internal answer 7f3a9c"


class _Handler(BaseHTTPRequestHandler):
    """Routes: ``/ok``; ``/redirect?to=URL`` (``&code=307``: another status than 302); ``/big``
    (``?announce=1`` sends Content-Length); ``/drip`` (one byte every 50 ms); ``/echo-headers``;
    anything else answers the server's ``answer``, ``(status, content type, body bytes)``."""

    def do_GET(self):
        self.server.requests.append((self.command, self.path, dict(self.headers)))
        parts = urlsplit(self.path)
        route = {
            "/ok": lambda query: self._send(200, "text/plain", b"fine"),
            "/redirect": self._redirect,
            "/echo-headers": lambda query: self._send(200, "text/plain", repr(dict(self.headers)).encode()),
            "/big": self._big,
            "/drip": self._drip,
        }.get(parts.path, lambda query: self._send(*self.server.answer))
        route(parse_qs(parts.query))

    def _redirect(self, query):
        self.send_response(int(query.get("code", ["302"])[0]))
        self.send_header("Location", query["to"][0])
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _big(self, query):
        body = b"x" * (2 * 1024 * 1024)
        self.send_response(200)
        if query.get("announce"):
            self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        self._write(body)

    def _drip(self, query):
        self.send_response(200)
        self.send_header("Connection", "close")
        self.end_headers()
        for __ in range(400):
            if not self._write(b"x"):
                return
            time.sleep(0.05)

    do_POST = do_PUT = do_DELETE = do_PATCH = do_GET

    def _send(self, status, content_type, body):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self._write(body)

    def _write(self, data):
        try:
            self.wfile.write(data)
            self.wfile.flush()
        except OSError:
            return False  # the client hung up (the cap or the deadline did)
        return True

    def log_message(self, format, *args):
        pass


def start_server(test, answer=(200, "text/plain", b"fine")):
    """A local HTTP server for the test (stopped at its end): ``.url``, ``.netloc``, ``.requests``."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    server.requests = []
    server.answer = answer
    server.netloc = f"127.0.0.1:{server.server_address[1]}"
    server.url = f"http://{server.netloc}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    test.addCleanup(server.server_close)
    test.addCleanup(server.shutdown)
    return server


class _LineHandler(socketserver.BaseRequestHandler):
    """A service that does not speak HTTP (a database port): one line, then it hangs up."""

    def handle(self):
        self.request.recv(1024)
        self.request.sendall(f"{SECRET} protocol 3.0\r\n".encode())


def start_line_server(test):
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _LineHandler)
    server.daemon_threads = True
    server.netloc = f"127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    test.addCleanup(server.server_close)
    test.addCleanup(server.shutdown)
    return server


class OutboundGuardMixin:
    """Lets every request reach the outbound client (Odoo's harness would block a non-local name
    before our check could be seen refusing it), with two nets instead: names resolve only as the
    test says (``self.dns``), and a socket connection to anything but loopback fails the test at
    once, whatever code makes it (``socket.socket.connect`` itself is guarded). ``self.connected``
    lists the addresses connected to."""

    @classmethod
    def _request_handler(cls, session, request, /, **kwargs):
        return _super_send(session, request, **kwargs)

    def setUp(self):
        super().setUp()
        self.dns = {}  # name -> [IP, ...]
        self.connected = []
        real_getaddrinfo = socket.getaddrinfo
        real_connect, real_connect_ex = socket.socket.connect, socket.socket.connect_ex

        def getaddrinfo(host, port, *args, **kwargs):
            if host in self.dns:
                return [
                    (
                        socket.AF_INET6 if ":" in address else socket.AF_INET,
                        socket.SOCK_STREAM,
                        6,
                        "",
                        (address, port, 0, 0) if ":" in address else (address, port),
                    )
                    for address in self.dns[host]
                ]
            if host not in ("127.0.0.1", "::1", "localhost") and not _is_literal(host):
                raise AssertionError(f"the test resolved {host!r}, which it did not declare")
            return real_getaddrinfo(host, port, *args, **kwargs)

        def loopback_only(address):
            # below every HTTP library: whatever code makes the connection, it cannot leave loopback
            if isinstance(address, tuple):
                if not ipaddress.ip_address(address[0].split("%")[0]).is_loopback:
                    raise AssertionError(f"a connection to {address[0]} was attempted: never leave loopback")
                self.connected.append(address[:2])

        def connect(sock, address):
            loopback_only(address)
            return real_connect(sock, address)

        def connect_ex(sock, address):
            loopback_only(address)
            return real_connect_ex(sock, address)

        self.startPatcher(mock.patch.object(socket, "getaddrinfo", getaddrinfo))
        self.startPatcher(mock.patch.object(socket.socket, "connect", connect))
        self.startPatcher(mock.patch.object(socket.socket, "connect_ex", connect_ex))

    def allow(self, *netlocs):
        """Allow hosts as an administrator does (the system parameter)."""
        self.env["ir.config_parameter"].sudo().set_param(outbound_http.ALLOWED_HOSTS_PARAM, ",".join(netlocs))


def _is_literal(host):
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True
