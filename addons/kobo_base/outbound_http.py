"""The one HTTP client of every server-side call Kōbō makes (marketplace APIs, token exchanges,
files fetched from a URL): a ``requests`` session that cannot be aimed inside and cannot be made
to wait or read without end.

- Where it may go: every connection is opened here (``_GuardedConnection._new_conn``, for the
  first request and for every redirect): the host is resolved once, every address it resolves to
  must be public (not loopback, private, link-local or cloud metadata, shared CGNAT, unspecified,
  multicast or reserved), the socket is opened to that checked address (a second DNS answer
  cannot swap it) and the peer it reached is checked again. A host an administrator listed in the
  system parameter ``kobo_base.outbound_allowed_hosts`` (comma-separated ``host`` or
  ``host:port``) skips the address check: that is how the demo reaches its local Shopify and
  Amazon stand-ins. No proxy from the environment (``trust_env`` off), http and https only, a few
  redirects at most (none for API calls), and a redirect to another host carries none of the
  caller's headers (credentials) and no request body.
- How long and how much: connect and read timeouts on every socket operation, an overall deadline
  per call (a watchdog shuts the sockets down when it passes, so a server that drips one byte at a
  time is cut off too), and a cap on the answer's size (read in chunks, stopped past the cap).
- What it says: refusals are ``OutboundError`` (a ``UserError``) in words naming the host, never
  a full URL, never a byte of the answer; ``describe_failure`` turns a ``requests`` error into
  words without the server's text (a non-HTTP service's first line ends up in those errors).
"""

import ipaddress
import logging
import re
import socket
import threading
import time
import weakref
from http import HTTPStatus
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ConnectTimeoutError, NameResolutionError, NewConnectionError
from urllib3.util.connection import create_connection

from odoo.exceptions import UserError

_logger = logging.getLogger(__name__)

#: The system parameter listing the hosts an administrator allows to be internal.
ALLOWED_HOSTS_PARAM = "kobo_base.outbound_allowed_hosts"
#: What a caller catches from this client, so that no addon imports an HTTP library itself:
#: any transport failure, and a URL that cannot be called at all (a setting that is no URL).
RequestFailed = requests.exceptions.RequestException
UNCALLABLE_URL = (
    requests.exceptions.InvalidURL,
    requests.exceptions.MissingSchema,
    requests.exceptions.InvalidSchema,
)
#: Largest answer read by default; a caller that expects more passes ``max_bytes``.
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
#: Seconds to connect, and to wait for each read.
DEFAULT_TIMEOUT = (10, 30)
#: Seconds a whole call (redirects and the answer's body included) may take.
DEFAULT_DEADLINE = 120
#: Redirects followed by default; API calls pass 0.
DEFAULT_MAX_REDIRECTS = 5
#: Headers a redirect to another host keeps; every other header the caller set is dropped.
HEADERS_KEPT_ACROSS_HOSTS = frozenset(
    {"user-agent", "accept", "accept-encoding", "accept-language", "connection"}
)
#: Bytes read at a time: small enough that a compressed answer cannot blow far past the cap.
CHUNK_SIZE = 16 * 1024
#: NAT64 maps IPv4 addresses into this prefix: the embedded address is the one judged.
NAT64 = ipaddress.ip_network("64:ff9b::/96")
CGNAT = ipaddress.ip_network("100.64.0.0/10")


class OutboundError(UserError):
    """A call the outbound client refused or cut off, in words fit for any user."""


class OutboundRefused(OutboundError):
    """The address is not one the server may call (internal, not http(s), redirected away)."""


class OutboundTooLarge(OutboundError):
    """The answer is larger than the call's cap."""


class OutboundDeadline(requests.exceptions.Timeout):
    """The call took longer than its overall deadline (a timeout: a caller that retries timeouts
    retries this too). ``str()`` is in words."""


def internal_kind(env, address):
    """Why ``address`` (an IP string) is not a public address, in words, or None when it is."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    elif ip.version == 6 and ip in NAT64:
        ip = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    _ = env._
    kinds = (
        (ip.is_unspecified, _("unspecified")),
        (ip.is_loopback, _("loopback")),
        (ip.is_link_local, _("link-local, where cloud metadata answers")),
        (ip.is_multicast, _("multicast")),
        (ip.version == 4 and ip in CGNAT, _("shared, carrier-grade NAT")),
        (ip.is_private, _("private network")),
        (ip.is_reserved or not ip.is_global, _("reserved")),
    )
    return next((kind for hit, kind in kinds if hit), None)


def allowed_hosts(env):
    """``(hosts allowed on any port, (host, port) pairs allowed)`` from the system parameter."""
    value = env["ir.config_parameter"].sudo().get_param(ALLOWED_HOSTS_PARAM) or ""
    hosts, host_ports = set(), set()
    for item in value.replace(";", ",").split(","):
        entry = item.strip().lower()
        if not entry:
            continue
        if entry.startswith("["):  # [IPv6] or [IPv6]:port
            host, __, rest = entry[1:].partition("]")
            port = rest[1:] if rest.startswith(":") else ""
        elif entry.count(":") == 1:
            host, port = entry.split(":")
        else:
            host, port = entry, ""
        host = host.rstrip(".")
        if port.isdigit():
            host_ports.add((host, int(port)))
        elif not port:
            hosts.add(host)
        else:
            _logger.warning("%s: %r is neither host nor host:port; ignored", ALLOWED_HOSTS_PARAM, entry)
    return hosts, host_ports


def _open_socket(address, timeout, source_address=None, socket_options=None):
    """Connect to ``address`` (an IP and a port): every connection of the client is made here."""
    return create_connection(address, timeout, source_address=source_address, socket_options=socket_options)


class _Guard:
    """One session's rules: the allowed hosts, the current call's deadline and size cap, and the
    sockets the watchdog shuts when the deadline passes."""

    def __init__(self, env, max_bytes, deadline):
        self.env = env
        self.hosts, self.host_ports = allowed_hosts(env)
        self.default_max_bytes = self.max_bytes = max_bytes
        self.deadline = deadline
        self.sockets = weakref.WeakSet()
        self.expired = False
        self.timer = None

    def allows(self, host, port):
        return host in self.hosts or (host, port) in self.host_ports

    def refused(self, host, port, address, kind):
        _ = self.env._
        if address == host:
            where = _("%(host)s is an internal address (%(kind)s)", host=host, kind=kind)
        else:
            where = _(
                "The address of %(host)s resolves to %(address)s, an internal address (%(kind)s)",
                host=host,
                address=address,
                kind=kind,
            )
        entry = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
        return OutboundRefused(
            _(
                "%(where)s: the server does not call it unless an administrator allows this host by "
                "adding %(entry)s to the system parameter %(param)s (Settings > Technical > System "
                "Parameters).",
                where=where,
                entry=entry,
                param=ALLOWED_HOSTS_PARAM,
            )
        )

    def connect(self, host, port, timeout, source_address, socket_options):
        """A socket to ``host``:``port`` at an address the rules allow (see the module's doc)."""
        if self.expired:
            raise TimeoutError("the call's deadline has passed")
        host = host.strip("[]").rstrip(".").lower()
        allowed = self.allows(host, port)
        addresses = list(
            dict.fromkeys(info[4][0] for info in socket.getaddrinfo(host, port, 0, socket.SOCK_STREAM))
        )
        if not allowed:
            for address in addresses:
                kind = internal_kind(self.env, address)
                if kind:
                    raise self.refused(host, port, address, kind)
        error = OSError(f"{host} has no address")
        for address in addresses:
            try:
                sock = _open_socket((address, port), timeout, source_address, socket_options)
            except OSError as failure:
                error = failure
                continue
            peer = sock.getpeername()[0]
            kind = not allowed and internal_kind(self.env, peer)
            if kind:
                sock.close()
                raise self.refused(host, port, peer, kind)
            self.sockets.add(sock)
            return sock
        raise error

    def start(self, deadline):
        self.expired = False
        self.timer = threading.Timer(deadline, self.expire)
        self.timer.daemon = True
        self.timer.start()

    def stop(self):
        if self.timer:
            self.timer.cancel()
            self.timer = None

    def expire(self):
        """The deadline passed: shut every socket, so a read blocked on one returns at once."""
        self.expired = True
        for sock in list(self.sockets):
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError as error:  # closed already: nothing left to cut off
                _logger.debug("outbound socket already closed at its deadline: %s", error)


class _GuardedConnection(HTTPConnection):
    guard = None  # set on the per-session subclass

    def _new_conn(self):
        # the parent's _new_conn, through the guard (and with its exceptions mapped alike)
        try:
            return self.guard.connect(
                self._dns_host,
                self.port,
                self.timeout,
                self.source_address,
                getattr(self, "socket_options", None),
            )
        except socket.gaierror as error:
            raise NameResolutionError(self.host, self, error) from error
        except TimeoutError as error:
            raise ConnectTimeoutError(self, f"Connection to {self.host} timed out.") from error
        except OSError as error:
            raise NewConnectionError(self, f"Failed to establish a new connection: {error}") from error


class _GuardedHTTPSConnection(_GuardedConnection, HTTPSConnection):
    pass


class _GuardedAdapter(HTTPAdapter):
    """Connections through the guard, no proxy, and every answer read here within the cap."""

    def __init__(self, guard):
        self.guard = guard
        super().__init__(max_retries=0)

    def init_poolmanager(self, *args, **kwargs):
        result = super().init_poolmanager(*args, **kwargs)
        attributes = {"guard": self.guard}
        http = type("GuardedConnection", (_GuardedConnection,), attributes)
        https = type("GuardedHTTPSConnection", (_GuardedHTTPSConnection,), attributes)
        self.poolmanager.pool_classes_by_scheme = {
            "http": type("GuardedPool", (HTTPConnectionPool,), {"ConnectionCls": http}),
            "https": type("GuardedHTTPSPool", (HTTPSConnectionPool,), {"ConnectionCls": https}),
        }
        return result

    def send(self, request, stream=False, timeout=None, verify=True, cert=None, proxies=None):
        response = super().send(request, stream=True, timeout=timeout, verify=verify, cert=cert, proxies=None)
        if response.is_redirect:
            # the body of a redirect is never read: the session decides where to go next
            response.close()
            response._content, response._content_consumed = b"", True
            return response
        self._read(response)
        return response

    def _read(self, response):
        cap = self.guard.max_bytes
        host = urlsplit(response.url).hostname
        too_large = OutboundTooLarge(
            self.guard.env._(
                "The answer from %(host)s is larger than %(size)s MB: it was not read.",
                host=host,
                size=f"{cap / 1024 / 1024:g}",
            )
        )
        length = response.headers.get("Content-Length") or ""
        if length.isdigit() and int(length) > cap:
            response.close()
            raise too_large
        chunks, size = [], 0
        try:
            for chunk in response.iter_content(CHUNK_SIZE):
                size += len(chunk)
                if size > cap:
                    raise too_large
                chunks.append(chunk)
        except BaseException:
            response.close()
            raise
        response._content, response._content_consumed = b"".join(chunks), True


class OutboundSession(requests.Session):
    """A ``requests.Session`` whose every call goes through the guard; build it with
    ``outbound_session``. ``request()`` also takes ``max_bytes`` and ``deadline`` for one call."""

    def __init__(self, guard, max_redirects, timeout):
        super().__init__()
        self.trust_env = False  # no proxy, CA bundle or .netrc from the environment
        self.max_redirects = max_redirects
        self.guard = guard
        self.default_timeout = timeout
        adapter = _GuardedAdapter(guard)
        self.adapters.clear()
        self.mount("https://", adapter)
        self.mount("http://", adapter)

    def request(self, method, url, *args, max_bytes=None, deadline=None, **kwargs):
        _ = self.guard.env._
        parts = urlsplit(url or "")
        if parts.scheme and parts.scheme.lower() not in ("http", "https"):
            raise OutboundRefused(
                _("Only http:// and https:// addresses can be called, not %(scheme)s.", scheme=parts.scheme)
            )
        kwargs.setdefault("timeout", self.default_timeout)
        deadline = deadline or self.guard.deadline
        self.guard.max_bytes = max_bytes or self.guard.default_max_bytes
        started = time.monotonic()
        self.guard.start(deadline)
        try:
            response = super().request(method, url, *args, **kwargs)
        except requests.TooManyRedirects:
            raise OutboundRefused(self._redirect_message(parts.hostname)) from None
        except requests.RequestException as error:
            if self.guard.expired:
                raise self._deadline_error(parts.hostname, deadline) from error
            raise
        finally:
            self.guard.stop()
        if self.guard.expired or time.monotonic() - started > deadline:
            raise self._deadline_error(parts.hostname, deadline)
        return response

    def _redirect_message(self, host):
        _ = self.guard.env._
        if not self.max_redirects:
            return _("%(host)s answered with a redirect, which this call does not follow.", host=host)
        return _("%(host)s redirected more than %(count)s times.", host=host, count=self.max_redirects)

    def _deadline_error(self, host, deadline):
        return OutboundDeadline(
            self.guard.env._(
                "%(host)s did not finish answering within %(seconds)s seconds.", host=host, seconds=deadline
            )
        )

    def rebuild_auth(self, prepared_request, response):
        result = super().rebuild_auth(prepared_request, response)
        if self.should_strip_auth(response.request.url, prepared_request.url):
            if prepared_request.body is not None:
                raise OutboundRefused(
                    self.guard.env._(
                        "%(host)s redirected the request and its content to another host; "
                        "it is not sent there.",
                        host=urlsplit(response.request.url).hostname,
                    )
                )
            for name in list(prepared_request.headers):
                if name.lower() not in HEADERS_KEPT_ACROSS_HOSTS:
                    del prepared_request.headers[name]
        return result


def outbound_session(
    env,
    headers=None,
    *,
    timeout=DEFAULT_TIMEOUT,
    deadline=DEFAULT_DEADLINE,
    max_bytes=DEFAULT_MAX_BYTES,
    max_redirects=DEFAULT_MAX_REDIRECTS,
):
    """A new session of the outbound client (close it, or use it in a ``with``).

    :param env: reads the allowed hosts (sudo) and translates the refusals
    :param headers: sent with every request of the session
    :param timeout: seconds to connect and per read, a number or ``(connect, read)``
    :param deadline: seconds one call may take in all
    :param max_bytes: the largest answer read by default
    :param max_redirects: redirects followed (0: a redirect is refused)
    """
    guard = _Guard(env, max_bytes, deadline)
    session = OutboundSession(guard, max_redirects, timeout)
    session.headers.update(headers or {})
    return session


def describe_failure(env, error):
    """``error`` (raised by a call of the client) in words: never the server's text (a service
    that does not speak HTTP has its first line quoted in ``requests``' own messages)."""
    _ = env._
    if isinstance(error, OutboundError | OutboundDeadline):
        return str(error.args[0]) if error.args else str(error)
    if isinstance(error, requests.HTTPError) and error.response is not None:
        return status_words(env, error.response.status_code)
    cause = error.args[0] if error.args else None
    if isinstance(getattr(cause, "reason", cause), NameResolutionError):
        return _("the host name could not be resolved")
    # the most specific first: SSLError and ConnectTimeout are ConnectionErrors
    words = (
        (requests.Timeout, _("no answer in time")),
        (
            requests.exceptions.SSLError,
            _("the secure connection could not be established or its certificate is not valid"),
        ),
        (requests.exceptions.ChunkedEncodingError, _("the connection was cut in the middle of the answer")),
        (requests.ConnectionError, _("the connection failed, was refused, or the answer was not HTTP")),
        (requests.exceptions.InvalidSchema, _("only http:// and https:// addresses can be called")),
        (
            requests.exceptions.InvalidURL | requests.exceptions.MissingSchema,
            _("it is not a valid http:// or https:// address"),
        ),
    )
    return next((text for kind, text in words if isinstance(error, kind)), _("the request failed"))


def status_words(env, status):
    """``HTTP 404 (Not Found)``: the status and its standard name, never the server's reason text."""
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        return env._("HTTP %(status)s", status=status)
    return env._("HTTP %(status)s (%(phrase)s)", status=status, phrase=phrase)


def error_code(value):
    """An API's own error code (``invalid_grant``, ``InvalidInput``, ``ACCESS_DENIED``) when
    ``value`` looks like one, else "": free text from an answer is never shown as a code."""
    value = value.strip() if isinstance(value, str) else ""
    return value if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}", value) else ""


def short_text(value, limit=300):
    """A message an API gives about one field of our data (a validation issue), as one line of at
    most ``limit`` characters: what a listing issue may quote from a structured answer."""
    text = " ".join(str(value or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
