"""PostgreSQL for the demo and the tests.

Use the server the libpq environment points at (PGHOST/PGPORT/PGUSER, default 127.0.0.1:5432
as the current OS user) when it answers; otherwise start a private cluster under
``.local/postgres`` from the installed PostgreSQL binaries.
"""

import getpass
import glob
import os
import pwd
import shutil
import socket
import time

from .common import LOCAL_DIR, SetupError, info, run, step

PRIVATE_DIR = os.path.join(LOCAL_DIR, "postgres")
PRIVATE_DATA = os.path.join(PRIVATE_DIR, "data")
PRIVATE_SOCKETS = os.path.join(PRIVATE_DIR, "run")
PRIVATE_LOG = os.path.join(PRIVATE_DIR, "server.log")
PRIVATE_PORT = 54329


def _connect_params():
    return {
        "host": os.environ.get("PGHOST", "127.0.0.1"),
        "port": int(os.environ.get("PGPORT", "5432")),
        "user": os.environ.get("PGUSER", getpass.getuser()),
        "password": os.environ.get("PGPASSWORD") or None,
    }


def answers(params):
    import psycopg2

    try:
        conn = psycopg2.connect(dbname="postgres", connect_timeout=3, **params)
    except psycopg2.OperationalError:
        return False
    conn.close()
    return True


def _bin_dir():
    candidates = []
    if shutil.which("pg_config"):
        candidates.append(run(["pg_config", "--bindir"]).stdout.strip())
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    candidates += ["/usr/local/pgsql/bin", "/usr/local/bin", "/usr/bin"]
    for path in candidates:
        if os.path.isfile(os.path.join(path, "initdb")) and os.path.isfile(os.path.join(path, "pg_ctl")):
            return path
    raise SetupError(
        "No PostgreSQL server answers and no PostgreSQL binaries (initdb, pg_ctl) were found. "
        "Install PostgreSQL 13 or newer (Debian/Ubuntu: apt-get install postgresql), or set "
        "PGHOST/PGPORT/PGUSER to a server you can use."
    )


def _as_cluster_owner(cmd):
    """PostgreSQL refuses to run as root: run its tools as the `postgres` OS user then."""
    if os.geteuid() != 0:
        return cmd
    try:
        pwd.getpwnam("postgres")
    except KeyError as exc:
        raise SetupError(
            "Running as root, and there is no `postgres` OS user to own the private cluster. "
            "Create one (useradd -r postgres) or run as a normal user."
        ) from exc
    return ["runuser", "-u", "postgres", "--", *cmd]


def _start_private_cluster():
    bindir = _bin_dir()
    pg_ctl = os.path.join(bindir, "pg_ctl")
    running = (
        os.path.isfile(os.path.join(PRIVATE_DATA, "PG_VERSION"))
        and run(_as_cluster_owner([pg_ctl, "-D", PRIVATE_DATA, "status"]), check=False).returncode == 0
    )
    verb = "Using the running" if running else "Starting a"
    step(f"{verb} private PostgreSQL cluster in {os.path.relpath(PRIVATE_DIR)} (port {PRIVATE_PORT})")
    os.makedirs(PRIVATE_SOCKETS, exist_ok=True)
    if os.geteuid() == 0:
        owner = pwd.getpwnam("postgres")
        for path in (PRIVATE_DIR, PRIVATE_SOCKETS):
            os.chown(path, owner.pw_uid, owner.pw_gid)
    if not os.path.isfile(os.path.join(PRIVATE_DATA, "PG_VERSION")):
        info("initdb (trust authentication, local connections only)")
        run(
            _as_cluster_owner(
                [
                    os.path.join(bindir, "initdb"),
                    "-D",
                    PRIVATE_DATA,
                    "--auth=trust",
                    "--encoding=UTF8",
                    "--locale=C",
                    "-U",
                    "postgres",
                ]
            )
        )
    status = run(
        _as_cluster_owner([os.path.join(bindir, "pg_ctl"), "-D", PRIVATE_DATA, "status"]), check=False
    )
    if status.returncode != 0:
        options = f"-p {PRIVATE_PORT} -k {PRIVATE_SOCKETS} -c listen_addresses=127.0.0.1"
        run(
            _as_cluster_owner(
                [
                    pg_ctl,
                    "-D",
                    PRIVATE_DATA,
                    "-l",
                    PRIVATE_LOG,
                    "-o",
                    options,
                    "-w",
                    "start",
                ]
            )
        )
    params = {"host": "127.0.0.1", "port": PRIVATE_PORT, "user": "postgres", "password": None}
    for _attempt in range(30):
        if answers(params):
            break
        time.sleep(1)
    else:
        raise SetupError(f"The private PostgreSQL cluster did not start; see {PRIVATE_LOG}.")
    user = getpass.getuser()
    if user == "postgres":
        # Odoo refuses to connect as the `postgres` superuser.
        user = "odoo"
    import psycopg2

    conn = psycopg2.connect(dbname="postgres", **params)
    conn.autocommit = True
    with conn.cursor() as cr:
        cr.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (user,))
        if not cr.fetchone():
            info(f"creating the role {user}")
            cr.execute(f'CREATE ROLE "{user}" LOGIN SUPERUSER')
    conn.close()
    return {"host": "127.0.0.1", "port": PRIVATE_PORT, "user": user, "password": None}


def _port_open(host, port):
    with socket.socket() as sock:
        sock.settimeout(1)
        return sock.connect_ex((host, port)) == 0


def ensure_postgres():
    """Return connection parameters of a PostgreSQL server Odoo can use."""
    step("Checking PostgreSQL")
    params = _connect_params()
    if answers(params):
        info(f"using the server at {params['host']}:{params['port']} as {params['user']}")
        return params
    info(f"no server answers at {params['host']}:{params['port']} as {params['user']}")
    if os.path.isdir(PRIVATE_DATA) or not _port_open(params["host"], params["port"]):
        return _start_private_cluster()
    raise SetupError(
        f"A server listens on {params['host']}:{params['port']} but refuses {params['user']}. "
        "Set PGUSER/PGPASSWORD to a role that may create databases."
    )
