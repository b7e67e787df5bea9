"""Odoo servers as a deployment runs them, for the tests and benchmarks that need real processes:
`tools/kobo.py serve --workers N` in a process group of its own (``OdooServer``), and a
round-robin TCP load balancer in front of several (``RoundRobinProxy``), through which queue_job's
runners call ``/queue_job/runjob`` so that jobs run in the workers of every server.

Used by the two-server test (tests/test_multiworker.py) and by the bench's job-runner figures
(bench_runners.py).
"""

import collections
import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request

from .common import LOG_DIR, ROOT


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- the load balancer ---------------------------------------------------------------------------


class RoundRobinProxy:
    """A TCP load balancer on a free loopback port: each connection goes to the next backend that
    accepts it. Both job runners call /queue_job/runjob through it, as through the load balancer
    of a deployment, so jobs run in the worker processes of both servers."""

    def __init__(self, backends):
        self.backends = list(backends)
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.next = 0
        self.counts = collections.Counter()
        self.stopped = False
        self.thread = threading.Thread(target=self._accept, name="kobo-lb", daemon=True)
        self.thread.start()

    def _accept(self):
        while not self.stopped:
            try:
                client, _address = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client):
        for _attempt in range(len(self.backends)):
            port = self.backends[self.next % len(self.backends)]
            self.next += 1
            try:
                backend = socket.create_connection(("127.0.0.1", port), timeout=5)
            except OSError:
                continue
            self.counts[port] += 1
            backend.settimeout(None)
            threading.Thread(target=self._pipe, args=(backend, client), daemon=True).start()
            self._pipe(client, backend)
            return
        client.close()

    @staticmethod
    def _pipe(source, target):
        with contextlib.suppress(OSError):
            while data := source.recv(65536):
                target.sendall(data)
        for sock in (source, target):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def stop(self):
        self.stopped = True
        self.sock.close()


# --- Odoo servers --------------------------------------------------------------------------------


class OdooServer:
    """One server of the deployment: `tools/kobo.py serve --workers N` in its own process group
    (master, HTTP workers, cron worker, queue_job's runner, long-polling), logging to LOG_DIR."""

    def __init__(self, name, database, workers, max_cron_threads, env, log_prefix="multiworker"):
        self.name, self.database = name, database
        self.port, self.gevent_port = free_port(), free_port()
        self.log_path = os.path.join(LOG_DIR, f"{log_prefix}-{name}.log")
        self.args = [
            sys.executable,
            os.path.join(ROOT, "tools", "kobo.py"),
            "serve",
            "--db",
            database,
            "--port",
            str(self.port),
            "--workers",
            str(workers),
            "--max-cron-threads",
            str(max_cron_threads),
            "--gevent-port",
            str(self.gevent_port),
        ]
        self.env = dict(os.environ, **env)
        self.process = None
        self.url = f"http://127.0.0.1:{self.port}"

    def start(self):
        os.makedirs(LOG_DIR, exist_ok=True)
        # A new log for the test's server, the same one when the test starts it again.
        with open(self.log_path, "a" if self.process else "w", encoding="utf-8") as log:
            self.process = subprocess.Popen(
                self.args, stdout=log, stderr=subprocess.STDOUT, env=self.env, start_new_session=True
            )

    def wait_ready(self, timeout=180):
        """Until the server answers on its HTTP port, and its long-polling process on its own."""
        deadline = time.monotonic() + timeout
        while not (self._answers() and self._long_polling_listens()):
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"server {self.name} exited with {self.process.returncode}; see {self.log_path}"
                )
            if time.monotonic() > deadline:
                raise RuntimeError(
                    f"server {self.name} did not answer on {self.url} and its long-polling port"
                    f" {self.gevent_port} in {timeout} s; see {self.log_path}"
                )
            time.sleep(1)

    def _answers(self):
        try:
            with urllib.request.urlopen(f"{self.url}/web/login", timeout=10) as response:  # noqa: S310
                return response.status == 200
        except OSError:
            return False

    def _long_polling_listens(self):
        with socket.socket() as sock:
            return sock.connect_ex(("127.0.0.1", self.gevent_port)) == 0

    def pids(self):
        """The processes of this server (its process group)."""
        found = []
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            with contextlib.suppress(OSError, IndexError, ValueError):
                with open(f"/proc/{entry}/stat", encoding="utf-8") as stat:
                    fields = stat.read().rsplit(")", 1)[1].split()
                if self.process and int(fields[2]) == self.process.pid:  # process group id
                    found.append(int(entry))
        return found

    def stop(self, sig=signal.SIGTERM, timeout=30):
        if not self.process or self.process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, sig)
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
        # the workers of a killed master are orphans of its group: make sure none is left
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        deadline = time.monotonic() + 10
        while self.pids() and time.monotonic() < deadline:
            time.sleep(0.2)

    def log_text(self):
        with open(self.log_path, encoding="utf-8", errors="replace") as log:
            return log.read()
