"""odoo.conf, the Odoo command line, and template databases.

A template database holds Odoo's own modules that a set of Kōbō addons depends on, installed
once and keyed by a hash of that dependency list (and of the Odoo version), so that test and
demo databases are cloned from it in seconds instead of reinstalling Odoo every run.
"""

import ast
import configparser
import contextlib
import hashlib
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import threading
import time

from .common import ADDONS_DIR, DATA_DIR, LOG_DIR, ODOO_CONF, ROOT, SetupError, info, step

LOG_LINE = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ "
    r"(?P<level>[A-Z]+) (?P<db>\S+) (?P<logger>[\w.]+): (?P<message>.*)$"
)


# --- configuration ---------------------------------------------------------------------------


def write_config(pg_params, odoo_paths):
    """(Re)write odoo.conf for this machine; keep its generated admin password."""
    previous = configparser.ConfigParser()
    if os.path.exists(ODOO_CONF):
        previous.read(ODOO_CONF)
    admin_passwd = previous.get("options", "admin_passwd", fallback=None) or secrets.token_urlsafe(18)
    options = {
        "addons_path": ",".join([*odoo_paths, ADDONS_DIR]),
        "data_dir": DATA_DIR,
        "db_host": pg_params["host"],
        "db_port": str(pg_params["port"]),
        "db_user": pg_params["user"],
        "db_password": pg_params["password"] or "False",
        "admin_passwd": admin_passwd,
        "http_interface": "127.0.0.1",
        "http_port": "8069",
        "gevent_port": "8072",
        "list_db": "False",
        "log_level": "info",
        "max_cron_threads": "1",
        "limit_time_real": "600",
        "limit_time_cpu": "300",
        "limit_memory_soft": str(4 * 1024**3),
        "limit_memory_hard": str(6 * 1024**3),
        # OCA queue_job's runner starts with the server (not with --stop-after-init, so tests
        # are unaffected) and processes the syndication jobs of `make run`.
        "server_wide_modules": "base,web,queue_job",
    }
    config = configparser.ConfigParser()
    config["options"] = options
    os.makedirs(DATA_DIR, exist_ok=True)
    os.makedirs(LOG_DIR, exist_ok=True)
    with open(ODOO_CONF, "w", encoding="utf-8") as handle:
        handle.write(
            "; Written by `make setup` (tools/kobo_dev/odoo_env.py) for this machine. Not committed.\n"
        )
        config.write(handle)
    os.chmod(ODOO_CONF, 0o600)
    info(f"wrote {os.path.relpath(ODOO_CONF, ROOT)}")


def read_config():
    config = configparser.ConfigParser()
    if not config.read(ODOO_CONF):
        raise SetupError("odoo.conf is missing: run `make setup` first.")
    return dict(config["options"])


def odoo_command(*args):
    return [sys.executable, "-m", "odoo", "-c", ODOO_CONF, *args]


def odoo_shell(database, script, timeout=None):
    """Run ``script`` (Python, with ``env``) in ``odoo shell`` on ``database``, without HTTP and
    with warnings only in the log; the finished process, its output captured."""
    return subprocess.run(
        # Odoo's sub-command comes before its options.
        [
            sys.executable,
            "-m",
            "odoo",
            "shell",
            "-c",
            ODOO_CONF,
            "-d",
            database,
            "--no-http",
            "--log-level=warn",
        ],
        input=script,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=timeout,
        check=False,
    )


def connect(dbname="postgres"):
    import psycopg2

    conf = read_config()
    conn = psycopg2.connect(
        dbname=dbname,
        host=conf["db_host"],
        port=int(conf["db_port"]),
        user=conf["db_user"],
        password=None if conf["db_password"] == "False" else conf["db_password"],  # noqa: S105
    )
    conn.autocommit = True
    return conn


def database_exists(name):
    conn = connect()
    with conn.cursor() as cr:
        cr.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
        found = bool(cr.fetchone())
    conn.close()
    return found


def drop_database(name):
    conn = connect()
    with conn.cursor() as cr:
        cr.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = %s AND pid <> pg_backend_pid()",
            (name,),
        )
        cr.execute(f'DROP DATABASE IF EXISTS "{name}"')
    conn.close()
    shutil.rmtree(filestore(name), ignore_errors=True)


def filestore(name, data_dir=DATA_DIR):
    return os.path.join(data_dir, "filestore", name)


def template_data_dir():
    """Where template databases keep their files: beside the PostgreSQL server, not a checkout.

    Template databases are shared by every checkout using this PostgreSQL server (a CI clone
    reuses the ones a developer built), so their attachments (the website logo, images of
    Odoo's data) must be too: a clone of a template copies them from here.
    """
    cache = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    conf = read_config()
    return os.path.join(cache, "kobo-odoo", f"templates-{conf['db_host']}-{conf['db_port']}")


def clone_database(template, name, source_data_dir=None):
    """``name``, a copy of the database ``template`` and of its files: from the templates' data
    directory (``template_data_dir``), or ``source_data_dir`` for a database of a checkout."""
    drop_database(name)
    conn = connect()
    with conn.cursor() as cr:
        cr.execute(f'CREATE DATABASE "{name}" WITH TEMPLATE "{template}"')
    conn.close()
    source = filestore(template, source_data_dir or template_data_dir())
    if os.path.isdir(source):
        shutil.copytree(source, filestore(name))


def rename_database(old, new, data_dir=DATA_DIR):
    conn = connect()
    with conn.cursor() as cr:
        cr.execute(f'ALTER DATABASE "{old}" RENAME TO "{new}"')
    conn.close()
    if os.path.isdir(filestore(old, data_dir)):
        shutil.rmtree(filestore(new, data_dir), ignore_errors=True)
        os.rename(filestore(old, data_dir), filestore(new, data_dir))


# --- dependencies ----------------------------------------------------------------------------


def _manifest(path):
    with open(os.path.join(path, "__manifest__.py"), encoding="utf-8") as handle:
        return ast.literal_eval(handle.read())


def _module_dirs():
    dirs = {}
    for path in read_config()["addons_path"].split(","):
        if not os.path.isdir(path):
            continue
        for name in os.listdir(path):
            if name not in dirs and os.path.isfile(os.path.join(path, name, "__manifest__.py")):
                dirs[name] = os.path.join(path, name)
    return dirs


def external_dependencies(kobo_modules):
    """Sorted closure of the non-Kōbō modules the given Kōbō addons depend on."""
    dirs = _module_dirs()
    seen, todo, external = set(), list(kobo_modules), set()
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        if name not in dirs:
            raise SetupError(f"module {name!r} is not on the addons path ({ODOO_CONF}).")
        if not name.startswith("kobo_"):
            external.add(name)
        todo.extend(_manifest(dirs[name]).get("depends", []) or ["base"])
    return sorted(external)


def template_name(kobo_modules, demo=True):
    # Never `import odoo` here: on a fresh machine this process has just pip-installed Odoo,
    # and an editable install's .pth is read only when Python starts (issue 8, point 1).
    from .python_env import odoo_version

    version = odoo_version()
    if not version:
        raise SetupError("Odoo does not import in this Python; run `make setup`.")
    deps = external_dependencies(kobo_modules)
    # Templates with demo data keep the key they always had; the rare one without is keyed apart.
    key_text = f"{version}|{','.join(deps)}" + ("" if demo else "|without-demo")
    key = hashlib.sha256(key_text.encode()).hexdigest()[:12]
    prefix = os.environ.get("KOBO_TEMPLATE_PREFIX") or "kobo_tpl"
    return f"{prefix}_{key}", deps


# --- running Odoo ----------------------------------------------------------------------------


class OdooTimeout(SetupError):
    """An Odoo command was killed at its time limit (a hung test, most likely)."""


def run_odoo(args, log_path, echo=None, timeout=None, idle_timeout=None):
    """Run an Odoo command to completion; keep the full log in log_path.

    echo(line) decides which lines also reach the terminal. Returns the exit code. A command
    that prints nothing for `idle_timeout` seconds, or runs longer than `timeout`, is killed
    with everything it started (its own process group: wkhtmltopdf, Chromium) and OdooTimeout
    says so, naming the last test it started: a hung test must fail the run, not block it.
    """
    os.makedirs(os.path.dirname(log_path), exist_ok=True)
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    started = time.monotonic()
    state = {"last_output": started, "last_test": None, "killed": None}
    finished = threading.Event()

    def kill(reason):
        state["killed"] = reason
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)

    def watch():
        while not finished.wait(1):
            now = time.monotonic()
            if timeout and now - started > timeout:
                kill(f"was still running after {timeout:.0f} s")
            elif idle_timeout and now - state["last_output"] > idle_timeout:
                kill(f"printed nothing for {idle_timeout:.0f} s")
            else:
                continue
            return

    with open(log_path, "w", encoding="utf-8") as log:
        process = subprocess.Popen(
            odoo_command(*args),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=env,
            cwd=ROOT,
            start_new_session=True,
        )
        watchdog = threading.Thread(target=watch, daemon=True)
        if timeout or idle_timeout:
            watchdog.start()
        try:
            for line in process.stdout:
                state["last_output"] = time.monotonic()
                if ": Starting " in line:
                    state["last_test"] = line.split(": Starting ", 1)[1].strip(" .\n")
                log.write(line)
                if echo and echo(line):
                    print("    " + line.rstrip(), flush=True)
            code = process.wait()
        except BaseException:
            kill("was interrupted")
            raise
        finally:
            finished.set()
    if state["killed"]:
        last_test = f"; the last test it started: {state['last_test']}" if state["last_test"] else ""
        raise OdooTimeout(
            f"odoo {' '.join(args)} {state['killed']} and was killed (hung?){last_test}; " f"see {log_path}"
        )
    return code


@contextlib.contextmanager
def advisory_lock(name):
    """Hold a PostgreSQL session advisory lock named `name` (waiting for it if taken).

    Serialises work that two runs on one PostgreSQL server must not do at the same time;
    released when the block ends or the process dies (its connection closes).
    """
    key = int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)
    conn = connect()
    try:
        with conn.cursor() as cr:
            cr.execute("SELECT pg_try_advisory_lock(%s)", (key,))
            if not cr.fetchone()[0]:
                info(f"another run holds {name}; waiting for it")
                cr.execute("SELECT pg_advisory_lock(%s)", (key,))
        yield
    finally:
        conn.close()  # ends the session, and with it the lock


def ensure_template(kobo_modules, demo=True):
    """Return the name of a template database holding these addons' Odoo dependencies.

    Another run on the same PostgreSQL server building the same template is waited for (an
    advisory lock), and its template is then reused rather than dropped mid-build.
    """
    name, deps = template_name(kobo_modules, demo)
    data_dir = template_data_dir()
    with advisory_lock(f"kobo template {name}"):
        if database_exists(name) and os.path.isdir(filestore(name, data_dir)):
            info(f"template {name} reused ({len(deps)} Odoo modules)")
            return name
        # A template without its files (built by an older version of this tool) is rebuilt.
        step(f"Building template database {name}: {', '.join(deps)} (once per dependency list)")
        building = name + "_building"
        drop_database(building)
        drop_database(name)
        shutil.rmtree(filestore(building, data_dir), ignore_errors=True)
        log_path = os.path.join(LOG_DIR, f"{name}.log")
        code = build_template_database(building, deps, data_dir, log_path, demo)
        if code != 0 or scan_log(log_path, fail_on_warning=False)["errors"]:
            drop_database(building)
            raise SetupError(f"Installing Odoo's modules into {building} failed; see {log_path}.")
        os.makedirs(filestore(building, data_dir), exist_ok=True)  # a template may have no files yet
        rename_database(building, name, data_dir)
    return name


def build_template_database(dbname, deps, data_dir, log_path, demo=True):
    """Install Odoo's modules `deps` into a new database; return Odoo's exit code.

    Without demo data in the template, no module installed later in a clone loads any either
    (Odoo loads a module's demo only when the modules it depends on have theirs).
    """
    args = ["-d", dbname, "-i", ",".join(deps), "--stop-after-init", "--no-http", f"--data-dir={data_dir}"]
    return run_odoo(
        [*args, *([] if demo else ["--without-demo=all"])],
        log_path,
        echo=lambda line: " ERROR " in line or " CRITICAL " in line,
        idle_timeout=5 * 60,  # an install logs every few seconds; silence means a hang
    )


def scan_log(log_path, fail_on_warning=True, allowed_warnings=()):
    """Collect ERROR/CRITICAL lines, and WARNING lines not known to be harmless."""
    errors, warnings = [], []
    with open(log_path, encoding="utf-8", errors="replace") as handle:
        for line in handle:
            match = LOG_LINE.match(line.rstrip("\n"))
            if not match:
                continue
            level = match["level"]
            if level in ("ERROR", "CRITICAL"):
                errors.append(line.rstrip())
            elif level == "WARNING" and fail_on_warning:
                text = f"{match['logger']}: {match['message']}"
                if not any(re.search(pattern, text) for pattern in allowed_warnings):
                    warnings.append(line.rstrip())
    return {"errors": errors, "warnings": warnings}
