"""Repo-level fixtures: an Odoo server started by the same command `make run` uses."""

import configparser
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import xmlrpc.client

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tools"))


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def pg_params():
    """libpq parameters of the PostgreSQL server `make setup` wrote into odoo.conf."""
    config = configparser.ConfigParser()
    if not config.read(os.path.join(ROOT, "odoo.conf")):
        pytest.fail("odoo.conf is missing: run these tests through `make test`.")
    options = config["options"]
    password = options.get("db_password", "False")
    return {
        "host": options["db_host"],
        "port": int(options["db_port"]),
        "user": options["db_user"],
        "password": None if password == "False" else password,
    }


@pytest.fixture(scope="session")
def database():
    """The database `make test` installed every addon into, with demo data (KOBO_TEST_DB)."""
    name = os.environ.get("KOBO_TEST_DB")
    if not name:
        pytest.fail("KOBO_TEST_DB is not set: run these tests through `make test`.")
    return name


@pytest.fixture(scope="session")
def server(database):
    port = _free_port()
    log_path = os.path.join(ROOT, ".local", "log", "pytest-server.log")
    os.makedirs(os.path.dirname(log_path), exist_ok=True)
    with open(log_path, "w", encoding="utf-8") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                os.path.join(ROOT, "tools", "kobo.py"),
                "serve",
                "--db",
                database,
                "--port",
                str(port),
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 180
    while True:
        if process.poll() is not None:
            pytest.fail(f"the Odoo server exited with {process.returncode}; see {log_path}")
        try:
            with urllib.request.urlopen(f"{url}/web/login", timeout=5) as response:  # noqa: S310 - loopback
                if response.status == 200:
                    break
        except OSError:
            pass
        if time.time() > deadline:
            os.killpg(process.pid, signal.SIGTERM)
            pytest.fail(f"the Odoo server did not answer on {url} within 180 s; see {log_path}")
        time.sleep(1)
    yield url
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)


class Rpc:
    """XML-RPC as one user, the way an integration or a script talks to Odoo."""

    def __init__(self, url, database, login, password):
        self.database, self.password = database, password
        common = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/common")
        self.uid = common.authenticate(database, login, password, {})
        self.models = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/object", allow_none=True)

    def __call__(self, model, method, *args, **kwargs):
        return self.models.execute_kw(
            self.database, self.uid, self.password, model, method, list(args), kwargs
        )


@pytest.fixture(scope="session")
def rpc(server, database):
    def connect(login, password):
        return Rpc(server, database, login, password)

    return connect
