"""Kōbō's outbound HTTP client (kobo_base/outbound_http.py) over real local sockets: where it
refuses to go (before connecting), what an administrator may allow, the redirects, the caps on
size and time, and errors that never quote the server. Nothing here leaves loopback: private and
metadata addresses come from mocked DNS and are refused before any connection (the mixin fails
the test on any connection off loopback)."""

import os
import socket
import time
from unittest import mock
from urllib.parse import urlsplit

import requests

from odoo.addons.kobo_base.outbound_http import (
    OutboundDeadline,
    OutboundRefused,
    OutboundTooLarge,
    describe_failure,
    internal_kind,
    outbound_session,
)
from odoo.addons.kobo_base.tests.outbound_common import (
    SECRET,
    OutboundGuardMixin,
    start_line_server,
    start_server,
)
from odoo.tests import TransactionCase, tagged

ADMIN_HINT = "adding %s to the system parameter kobo_base.outbound_allowed_hosts"


@tagged("post_install", "-at_install")
class TestOutboundHttp(OutboundGuardMixin, TransactionCase):
    def setUp(self):
        super().setUp()
        self.allowed = start_server(self)
        self.other = start_server(self)  # on loopback too, but not allowed
        self.allow(self.allowed.netloc)

    def _get(self, url, **kwargs):
        options = {key: kwargs.pop(key) for key in ("timeout", "deadline", "max_redirects") if key in kwargs}
        with outbound_session(self.env, **options) as session:
            return session.get(url, **kwargs)

    def test_the_tests_net_holds(self):
        """The nets these tests rely on: an undeclared name or a connection off loopback fails."""
        with self.assertRaisesRegex(AssertionError, "never leave loopback"):
            socket.create_connection(("10.0.0.5", 80), timeout=1)
        with self.assertRaisesRegex(AssertionError, "did not declare"):
            socket.getaddrinfo("example.com", 80)

    def test_an_allowed_host_is_called(self):
        response = self._get(f"{self.allowed.url}/ok")
        self.assertEqual((response.status_code, response.text), (200, "fine"))
        self.assertEqual(len(self.allowed.requests), 1)

    def test_loopback_is_refused_before_connecting(self):
        with self.assertRaises(OutboundRefused) as caught:
            self._get(f"{self.other.url}/ok")
        self.assertIn("127.0.0.1 is an internal address (loopback)", str(caught.exception))
        self.assertIn(ADMIN_HINT % self.other.netloc, str(caught.exception))
        self.assertEqual(self.other.requests, [])
        self.assertEqual(self.connected, [], "refused before any connection")
        # allowing a host on one port allows no other port of it; allowing the bare host does
        self.allow(self.allowed.netloc, "127.0.0.1")
        self.assertEqual(self._get(f"{self.other.url}/ok").status_code, 200)

    def test_names_resolving_inside_are_refused_before_connecting(self):
        self.dns.update(
            {
                "shop.example.test": ["10.0.0.5"],
                "cgnat.example.test": ["100.64.3.4"],
                "metadata.example.test": ["169.254.169.254"],
                "metadata6.example.test": ["fd00:ec2::254"],
                "mixed.example.test": ["93.184.216.34", "192.168.1.10"],
                "zero.example.test": ["0.0.0.0"],  # noqa: S104 - an address that must be refused
            }
        )
        cases = [
            ("http://shop.example.test/admin/api/graphql.json?token=x", "10.0.0.5", "private network"),
            ("https://cgnat.example.test/status", "100.64.3.4", "shared, carrier-grade NAT"),
            ("http://metadata.example.test/latest/meta-data/", "169.254.169.254", "link-local"),
            ("http://metadata6.example.test/v1/", "fd00:ec2::254", "private network"),
            ("http://mixed.example.test/mixed/", "192.168.1.10", "private network"),
            ("http://zero.example.test:8069/web/health", "0.0.0.0", "unspecified"),  # noqa: S104
        ]
        for url, address, kind in cases:
            words = f"resolves to {address}, an internal address ({kind}"
            with self.subTest(url=url), self.assertRaises(OutboundRefused) as caught:
                self._get(url)
            message = str(caught.exception)
            self.assertIn(words, message)
            self.assertIn("an administrator allows this host", message)
            self.assertNotIn(urlsplit(url).path, message, "the host is named, never the URL")
        self.assertEqual(self.connected, [], "no private or metadata address was ever contacted")

    def test_literal_internal_addresses_are_refused_before_connecting(self):
        cases = {
            "http://[::1]:8069/web/health": "::1 is an internal address (loopback)",
            "http://169.254.169.254/latest/meta-data/iam/": "169.254.169.254 is an internal address "
            "(link-local, where cloud metadata answers)",
            "http://[fd00:ec2::254]/latest/": "fd00:ec2::254 is an internal address (private network)",
            "http://[::ffff:127.0.0.1]:5432/": "::ffff:127.0.0.1 is an internal address (loopback)",
            "http://224.0.0.1/": "224.0.0.1 is an internal address (multicast)",
        }
        for url, words in cases.items():
            with self.subTest(url=url), self.assertRaises(OutboundRefused) as caught:
                self._get(url)
            self.assertIn(words, str(caught.exception))
        self.assertEqual(self.connected, [])

    def test_address_classes(self):
        for address in ("127.0.0.2", "10.1.2.3", "172.16.0.1", "192.168.0.1", "169.254.169.254", "::1"):
            self.assertTrue(internal_kind(self.env, address), address)
        for address in ("fe80::1", "fc00::1", "100.100.100.200", "240.0.0.1", "64:ff9b::a00:1"):
            self.assertTrue(internal_kind(self.env, address), address)
        for address in ("93.184.216.34", "2606:4700:4700::1111", "64:ff9b::5db8:d822"):
            self.assertIsNone(internal_kind(self.env, address), address)

    def test_a_redirect_to_a_host_not_allowed_is_refused(self):
        target = f"{self.other.url}/ok"
        with self.assertRaises(OutboundRefused) as caught:
            self._get(f"{self.allowed.url}/redirect?to={target}")
        self.assertIn("127.0.0.1 is an internal address (loopback)", str(caught.exception))
        self.assertEqual(len(self.allowed.requests), 1)
        self.assertEqual(self.other.requests, [], "the redirect's target was never contacted")
        # the same redirect within the allowed host is followed
        response = self._get(f"{self.allowed.url}/redirect?to={self.allowed.url}/ok")
        self.assertEqual(response.text, "fine")

    def test_redirects_are_limited_and_api_sessions_follow_none(self):
        loop = f"{self.allowed.url}/redirect?to=/redirect%3Fto%3D/ok"
        self.assertEqual(self._get(loop, max_redirects=2).text, "fine")
        with self.assertRaisesRegex(OutboundRefused, "redirected more than 1 times"):
            self._get(loop, max_redirects=1)
        with self.env["kobo.connector.http"]._kobo_http_session() as session:
            with self.assertRaisesRegex(
                OutboundRefused, "answered with a redirect, which this call does not"
            ):
                session.get(f"{self.allowed.url}/redirect?to=/ok")

    def test_a_redirect_to_another_host_carries_no_credentials(self):
        self.allow(self.allowed.netloc, f"localhost:{self.allowed.server_address[1]}")
        target = f"http://localhost:{self.allowed.server_address[1]}/echo-headers"
        with outbound_session(self.env, {"X-Api-Token": "tok-123"}) as session:
            response = session.get(f"{self.allowed.url}/redirect?to={target}")
        self.assertEqual(response.status_code, 200)
        self.assertIn("tok-123", str(self.allowed.requests[0][2]))
        self.assertNotIn("tok-123", response.text)
        with outbound_session(self.env) as session, self.assertRaisesRegex(OutboundRefused, "another host"):
            # a 307 would send the form again, to the other host
            session.post(f"{self.allowed.url}/redirect?code=307&to={target}", data={"secret": "s"})
        # (localhost is this same server: it saw the redirect and the first test's two requests, no more)
        self.assertEqual([request[0] for request in self.allowed.requests], ["GET", "GET", "POST"])

    def test_the_answer_is_capped_in_size(self):
        for url in (f"{self.allowed.url}/big", f"{self.allowed.url}/big?announce=1"):
            with self.subTest(url=url), outbound_session(self.env, max_bytes=1024 * 1024) as session:
                with self.assertRaisesRegex(
                    OutboundTooLarge, "The answer from 127.0.0.1 is larger than 1 MB"
                ):
                    session.get(url)
                # a caller that expects more says so for its call
                self.assertEqual(len(session.get(url, max_bytes=3 * 1024 * 1024).content), 2 * 1024 * 1024)

    def test_a_dripping_answer_is_cut_at_the_deadline(self):
        started = time.monotonic()
        with self.assertRaises(OutboundDeadline) as caught:
            self._get(f"{self.allowed.url}/drip", timeout=(2, 2), deadline=0.5)
        elapsed = time.monotonic() - started
        self.assertLess(elapsed, 2, "each byte came within the read timeout: only the deadline stops it")
        self.assertGreaterEqual(elapsed, 0.5)
        self.assertEqual(str(caught.exception), "127.0.0.1 did not finish answering within 0.5 seconds.")
        self.assertIsInstance(caught.exception, requests.Timeout, "a caller retrying timeouts retries it")

    def test_proxies_from_the_environment_are_ignored(self):
        proxy = {"HTTP_PROXY": self.other.url, "http_proxy": self.other.url, "NO_PROXY": ""}
        with mock.patch.dict(os.environ, proxy):
            self.assertEqual(self._get(f"{self.allowed.url}/ok").text, "fine")
        self.assertEqual(self.other.requests, [])

    def test_only_http_and_https(self):
        for url in ("file:///etc/passwd", "ftp://127.0.0.1/", "gopher://127.0.0.1:5432/"):
            with self.subTest(url=url), self.assertRaisesRegex(OutboundRefused, "Only http:// and https://"):
                self._get(url)

    def test_failures_are_described_without_the_servers_words(self):
        line_server = start_line_server(self)
        self.allow(line_server.netloc)
        with self.assertRaises(requests.RequestException) as caught:
            self._get(f"http://{line_server.netloc}/")
        self.assertIn(SECRET, str(caught.exception), "requests quotes the server's first line...")
        words = describe_failure(self.env, caught.exception)
        self.assertEqual(words, "the connection failed, was refused, or the answer was not HTTP")
        self.assertNotIn(SECRET, words, "...its description does not")
