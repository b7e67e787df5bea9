"""A newcomer's first command, on a machine whose Python does not import Odoo (issue 8, point 1).

The development machine's python3 imports Odoo, so every other test takes the set-up's
"Odoo is already there" path. This one copies the checkout (its tracked files, as they are in
the work tree) into a temporary directory and runs the set-up there from a Python that sees
nothing of the machine's packages, with ODOO_SRC pointing at the source tree of the Odoo the
machine imports: the path of a fresh machine, through to the first template database (a
template for `base` only, the smallest that proves it).
"""

import configparser
import os
import shutil
import subprocess
import sys

import psycopg2
import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SETUP_TIMEOUT = 900  # measured: 2.5 min alone, 5.5 min on a machine busy with other suites


def _odoo_source_tree():
    imported = subprocess.run(
        [sys.executable, "-c", "import odoo; print(odoo.__file__)"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    source = os.path.dirname(os.path.dirname(os.path.abspath(imported)))
    if not os.path.isfile(os.path.join(source, "setup.py")):
        pytest.skip(f"the Odoo this Python imports is not a source tree ({source}); nothing for ODOO_SRC")
    return source


def _copy_tracked_files(target):
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout.decode()
    for relative in filter(None, listed.split("\0")):
        source = os.path.join(ROOT, relative)
        if os.path.isfile(source):  # a tracked file deleted in the work tree stays deleted
            os.makedirs(os.path.dirname(os.path.join(target, relative)), exist_ok=True)
            shutil.copy2(source, os.path.join(target, relative))


def _pip_cache_dir():
    # The throw-away set-up gets its own XDG cache, but may reuse the wheels pip already has.
    cache_home = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.environ.get("PIP_CACHE_DIR") or os.path.join(cache_home, "pip")


def _drop_prefixed(pg_params, prefix):
    """Drop every database named `<prefix>_…`: the template, or what a failed build left."""
    conn = psycopg2.connect(dbname="postgres", **pg_params)
    conn.autocommit = True
    with conn.cursor() as cr:
        cr.execute("SELECT datname FROM pg_database WHERE datname LIKE %s", (prefix + "\\_%",))
        for (name,) in cr.fetchall():
            cr.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,))
            cr.execute(f'DROP DATABASE IF EXISTS "{name}"')
    conn.close()


def _database_exists(pg_params, name):
    conn = psycopg2.connect(dbname="postgres", **pg_params)
    with conn.cursor() as cr:
        cr.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
        found = bool(cr.fetchone())
    conn.close()
    return found


def _fresh_machine_environment(tmp_path, odoo_src, prefix, pg_params):
    """The environment of the first command: nothing of this run's Python or databases."""
    drop = ("PYTHONPATH", "VIRTUAL_ENV", "KOBO_TEST_DB", "PGPASSWORD")
    env = {key: value for key, value in os.environ.items() if key not in drop}
    env.update(
        ODOO_SRC=odoo_src,
        KOBO_VENV_SYSTEM_SITE_PACKAGES="0",
        KOBO_TEMPLATE_PREFIX=prefix,
        XDG_CACHE_HOME=str(tmp_path / "xdg-cache"),
        PIP_CACHE_DIR=_pip_cache_dir(),
        PGHOST=pg_params["host"],
        PGPORT=str(pg_params["port"]),
        PGUSER=pg_params["user"],
    )
    if pg_params["password"]:
        env["PGPASSWORD"] = pg_params["password"]
    return env


def test_first_command_on_a_machine_without_odoo_builds_the_first_template(tmp_path, pg_params):
    odoo_src = _odoo_source_tree()
    checkout = tmp_path / "checkout"
    _copy_tracked_files(checkout)

    # A Python that does not import Odoo: a venv that does not see the machine's site-packages.
    bootstrap = tmp_path / "python"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(bootstrap)], check=True)
    python = str(bootstrap / "bin" / "python")
    probe = subprocess.run([python, "-c", "import odoo.release"], capture_output=True, check=False)
    assert probe.returncode != 0, "the throw-away Python imports Odoo: the test would prove nothing"

    prefix = f"kobo_fresh_{os.getpid()}"  # this test's own template name, whoever else runs
    env = _fresh_machine_environment(tmp_path, odoo_src, prefix, pg_params)

    log_path = tmp_path / "first-run.log"
    template = None
    try:
        with open(log_path, "w", encoding="utf-8") as log:
            proc = subprocess.run(
                [python, "tools/kobo.py", "template", "base"],
                cwd=checkout,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                timeout=SETUP_TIMEOUT,
                check=False,
            )
        output = log_path.read_text(encoding="utf-8")
        template = next(
            (line.split(": ", 1)[1].strip() for line in output.splitlines() if line.startswith("template: ")),
            None,
        )
        assert proc.returncode == 0, f"the first run failed ({proc.returncode}):\n{output[-4000:]}"
        assert "ModuleNotFoundError" not in output

        # What a newcomer sees: odoo.conf written for this checkout and this Odoo ...
        config = configparser.ConfigParser()
        assert config.read(checkout / "odoo.conf"), output[-2000:]
        addons_path = config["options"]["addons_path"].split(",")
        assert os.path.join(odoo_src, "addons") in addons_path
        assert str(checkout / "addons") in addons_path
        assert config["options"]["data_dir"] == str(checkout / ".local" / "data")
        # ... Odoo installed from ODOO_SRC into the checkout's own isolated venv ...
        venv_python = checkout / ".venv" / "bin" / "python"
        imported = subprocess.run(
            [str(venv_python), "-c", "import odoo; print(odoo.__file__)"],
            capture_output=True,
            text=True,
            check=True,
            env={key: value for key, value in env.items() if key != "ODOO_SRC"},
        ).stdout.strip()
        assert imported == os.path.join(odoo_src, "odoo", "__init__.py")
        venv_config = (checkout / ".venv" / "pyvenv.cfg").read_text(encoding="utf-8")
        assert "include-system-site-packages = false" in venv_config
        # ... and the first template database, with its files beside the server's cache.
        assert template and template.startswith(prefix + "_"), output[-2000:]
        assert _database_exists(pg_params, template)
        assert not _database_exists(pg_params, template + "_building")
        templates_dir = tmp_path / "xdg-cache" / "kobo-odoo"
        assert any((path / "filestore" / template).is_dir() for path in templates_dir.iterdir())
    finally:
        _drop_prefixed(pg_params, prefix)
        # ~300 MB of venv and copy; the run's output stays in first-run.log beside them
        shutil.rmtree(checkout, ignore_errors=True)
        shutil.rmtree(bootstrap, ignore_errors=True)
    assert not _database_exists(pg_params, template)
