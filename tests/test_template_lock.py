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
    (tmp_path / "log").mkdir()
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


def _hanging_odoo(monkeypatch, tmp_path, body):
    """Make run_odoo start a fake Odoo: it starts a child (as Odoo starts wkhtmltopdf), runs
    `body`, and never ends by itself. Returns the file where the child's pid is written."""
    pid_file = tmp_path / "child.pid"
    script = (
        "import subprocess, sys, time\n"
        "child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(300)'])\n"
        f"open({str(pid_file)!r}, 'w').write(str(child.pid))\n"
        "print('2026-12-01 10:00:00,000 1 INFO db odoo.addons.kobo_plm.tests.test_techpack_exports:"
        " Starting TestTechpackPdf.test_pdf ...', flush=True)\n" + body
    )
    monkeypatch.setattr(odoo_env, "odoo_command", lambda *args: [sys.executable, "-c", script])
    return pid_file


def _assert_gone(pid_file):
    child = int(pid_file.read_text())
    for _attempt in range(50):
        try:
            os.kill(child, 0)
        except ProcessLookupError:
            return
        time.sleep(0.1)
    pytest.fail("the hung command's child process (wkhtmltopdf) survived")


def test_a_silent_odoo_command_is_killed_and_the_hung_test_named(monkeypatch, tmp_path):
    pid_file = _hanging_odoo(monkeypatch, tmp_path, "time.sleep(300)\n")
    log_path = tmp_path / "odoo.log"
    started = time.time()
    with pytest.raises(odoo_env.OdooTimeout) as raised:
        odoo_env.run_odoo(["-d", "whatever"], str(log_path), timeout=120, idle_timeout=3)
    assert time.time() - started < 30
    assert "printed nothing for 3 s and was killed" in str(raised.value)
    assert "the last test it started: TestTechpackPdf.test_pdf" in str(raised.value)
    assert "Starting TestTechpackPdf.test_pdf" in log_path.read_text(encoding="utf-8")
    _assert_gone(pid_file)


def test_an_odoo_command_past_its_total_limit_is_killed(monkeypatch, tmp_path):
    busy = "while True:\n    print('busy', flush=True)\n    time.sleep(0.2)\n"
    pid_file = _hanging_odoo(monkeypatch, tmp_path, busy)
    started = time.time()
    with pytest.raises(odoo_env.OdooTimeout, match="was still running after 3 s and was killed"):
        odoo_env.run_odoo(["-d", "whatever"], str(tmp_path / "odoo.log"), timeout=3, idle_timeout=60)
    assert time.time() - started < 30
    _assert_gone(pid_file)
