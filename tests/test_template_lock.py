"""Two runs on one PostgreSQL server (issue 8): template builds wait for each other, and a hung
Odoo command is killed at its phase's time limit instead of blocking the run for ever."""

import os
import sys
import threading
import time

import psycopg2
import pytest
from kobo_dev import odoo_env


@pytest.fixture
def template_prefix(monkeypatch, tmp_path, pg_params):
    """A template name of this test alone, with its files in a temporary cache."""
    prefix = f"kobo_locktest_{os.getpid()}"
    monkeypatch.setenv("KOBO_TEMPLATE_PREFIX", prefix)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(odoo_env, "LOG_DIR", str(tmp_path / "log"))
    yield prefix
    conn = psycopg2.connect(dbname="postgres", **pg_params)
    conn.autocommit = True
    with conn.cursor() as cr:
        cr.execute("SELECT datname FROM pg_database WHERE datname LIKE %s", (prefix + "\\_%",))
        for (name,) in cr.fetchall():
            odoo_env.drop_database(name)
    conn.close()


def test_second_run_waits_for_the_template_build_then_reuses_it(monkeypatch, template_prefix):
    builds = []

    def build_like_odoo(dbname, deps, data_dir, log_path, demo=True):
        # Stands for `odoo -i base`: creates the database, stays connected to it for a while
        # (as Odoo's registry does), and fails if its connection is cut under it.
        builds.append(dbname)
        with open(log_path, "w", encoding="utf-8") as log:
            log.write("")
        admin = odoo_env.connect()
        with admin.cursor() as cr:
            cr.execute(f'CREATE DATABASE "{dbname}"')
        admin.close()
        conn = odoo_env.connect(dbname)
        try:
            time.sleep(3)
            with conn.cursor() as cr:
                cr.execute("SELECT 1")
        except psycopg2.Error:
            return 1  # terminated by the other run: Odoo would exit non-zero too
        finally:
            conn.close()
        return 0

    monkeypatch.setattr(odoo_env, "build_template_database", build_like_odoo)
    results, errors = {}, {}

    def one_run(run):
        try:
            results[run] = odoo_env.ensure_template(("base",))
        except Exception as exc:  # reported by the assertion below
            errors[run] = exc

    first = threading.Thread(target=one_run, args=("first",))
    second = threading.Thread(target=one_run, args=("second",))
    first.start()
    time.sleep(1)  # the second run starts while the first is building
    second.start()
    first.join(60)
    second.join(60)

    assert errors == {}
    name = odoo_env.template_name(("base",))[0]
    assert name.startswith(template_prefix + "_")
    assert results == {"first": name, "second": name}
    assert builds == [name + "_building"], "the second run must reuse the first run's template"
    assert odoo_env.database_exists(name)


def test_a_hung_odoo_command_is_killed_at_the_time_limit(monkeypatch, tmp_path):
    pid_file = tmp_path / "child.pid"
    # An "Odoo" that starts a child (as Odoo starts wkhtmltopdf) and never ends.
    hang = (
        "import subprocess, sys, time\n"
        "child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(300)'])\n"
        f"open({str(pid_file)!r}, 'w').write(str(child.pid))\n"
        "print('waiting for wkhtmltopdf', flush=True)\n"
        "time.sleep(300)\n"
    )
    monkeypatch.setattr(odoo_env, "odoo_command", lambda *args: [sys.executable, "-c", hang])
    log_path = tmp_path / "odoo.log"
    started = time.time()
    with pytest.raises(odoo_env.OdooTimeout, match=r"still running after 3 s and was killed"):
        odoo_env.run_odoo(["-d", "whatever"], str(log_path), timeout=3)
    assert time.time() - started < 30
    assert "waiting for wkhtmltopdf" in log_path.read_text(encoding="utf-8")
    child = int(pid_file.read_text())
    for _attempt in range(50):
        try:
            os.kill(child, 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    else:
        pytest.fail("the hung command's child process survived")
