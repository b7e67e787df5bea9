"""`python3 tools/kobo.py setup|run|serve|test|test-odoo|lint|bench|pot|template` (the Makefile's targets)."""

import argparse
import os
import socket
import sys

from .common import ADDONS_DIR, DEMO_DB, KOBO_ADDONS, LOG_DIR, ODOO_CONF, SetupError, info, step

# Each channel addon keeps its marketplace's stand-in in its own fake_servers/ package, run as
# `python3 -m odoo.addons.<addon>.fake_servers.<name>` once odoo.conf's addons path is
# loaded (plain `-m` does not know where the Kōbō addons are)
FAKE_SERVER_BOOT = (
    "import runpy, sys, odoo; odoo.tools.config.parse_config(['-c', sys.argv[1]]); "
    "runpy.run_module(sys.argv[2], run_name='__main__', alter_sys=True)"
)


def setup():
    """Idempotent: venv, requirements, Odoo 18.0, PostgreSQL, odoo.conf."""
    from . import odoo_env, postgres, python_env

    python_env.ensure_requirements()
    pg_params = postgres.ensure_postgres()
    step("Writing odoo.conf")
    odoo_env.write_config(pg_params, python_env.odoo_addons_paths())


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def build_demo_database(name, modules=KOBO_ADDONS):
    """Create `name` from the cached template and install the Kōbō addons with demo data."""
    from . import odoo_env
    from .common import LOG_DIR

    template = odoo_env.ensure_template(modules)
    step(f"Creating the demo database {name} from {template}")
    odoo_env.clone_database(template, name)
    log_path = os.path.join(LOG_DIR, f"{name}-install.log")
    code = odoo_env.run_odoo(
        ["-d", name, "-i", ",".join(modules), "--stop-after-init", "--no-http"],
        log_path,
        echo=lambda line: " ERROR " in line or " CRITICAL " in line,
    )
    if code != 0 or odoo_env.scan_log(log_path, fail_on_warning=False)["errors"]:
        odoo_env.drop_database(name)
        raise SetupError(f"Installing the Kōbō addons into {name} failed; see {log_path}.")


def demo_credentials():
    from .demo_users import DEMO_LOGINS

    return DEMO_LOGINS


#: The queue_job channel of each connector (``kobo.channel._kobo_job_channel``) and how many of
#: its jobs may run at once across every server of the database. One job at a time per
#: marketplace: each connector paces its calls to the marketplace's budget within its job
#: (Shopify's points bucket, Amazon's requests per second), so two jobs at once would spend it
#: twice. queue_job elects one runner per database (a PostgreSQL advisory lock), so these
#: capacities hold for the whole deployment, however many servers run (docs/deployment.md).
SYNDICATION_CHANNELS = (
    ("root.kobo_syndication.shopify", 1),
    ("root.kobo_syndication.amazon", 1),
    ("root.kobo_syndication.google_merchant", 1),
    ("root.kobo_syndication.website", 1),
    ("root.kobo_syndication.spreadsheet", 1),
    ("root.kobo_syndication.other", 1),
)


def queue_job_channels(root_capacity):
    """The ``[queue_job] channels`` string: `root_capacity` jobs at once in all, and the
    syndication channels' own capacities (SYNDICATION_CHANNELS) within it."""
    return ",".join(
        [f"root:{root_capacity}", *(f"{name}:{capacity}" for name, capacity in SYNDICATION_CHANNELS)]
    )


def server_options(workers=0, max_cron_threads=None, gevent_port=None):
    """Odoo options and environment of a server: threaded (workers=0, today's default) or
    multi-process with `workers` HTTP workers, the long-polling (gevent) process and OCA
    queue_job's runner as a worker of its own (odoo.conf loads queue_job server-wide)."""
    if workers < 0 or (max_cron_threads is not None and max_cron_threads < 0):
        raise SetupError("--workers and --max-cron-threads take a number of processes: 0 or more.")
    args, env = [], {}
    if workers:
        args += ["--workers", str(workers)]
        # A server of the deployment's own sets them in odoo.conf's [queue_job] section; the
        # environment (queue_job reads it first) keeps `make run --workers` working without.
        # At most one job per HTTP worker but one, which stays free for the users.
        env["ODOO_QUEUE_JOB_CHANNELS"] = os.environ.get("ODOO_QUEUE_JOB_CHANNELS") or queue_job_channels(
            max(1, workers - 1)
        )
    if max_cron_threads is not None:
        args += ["--max-cron-threads", str(max_cron_threads)]
    if gevent_port:
        args += ["--gevent-port", str(gevent_port)]
    return args, env


def odoo_launcher():
    """A script that starts Odoo and that Odoo can start again. In worker mode the master spawns
    the long-polling process as ``python <its own argv[0]> gevent``, which fails when Odoo was
    started with ``python -m odoo`` (argv[0] is then the package's ``__main__.py``, which cannot
    be run as a script): the venv's ``odoo`` console script, else the source tree's ``odoo-bin``."""
    import importlib.util

    script = os.path.join(os.path.dirname(sys.executable), "odoo")
    if os.path.isfile(script):
        return script
    spec = importlib.util.find_spec("odoo")
    odoo_bin = os.path.join(os.path.dirname(os.path.dirname(spec.origin)), "odoo-bin") if spec else ""
    if os.path.isfile(odoo_bin):
        return odoo_bin
    raise SetupError("Neither the venv's `odoo` script nor Odoo's `odoo-bin` was found: run `make setup`.")


def serve(dbname, port, extra=(), env=None):
    """Replace this process with an Odoo server on 127.0.0.1:port for one database."""
    from . import odoo_env

    args = odoo_env.odoo_command(
        "-d", dbname, "--db-filter", f"^{dbname}$", "--http-port", str(port), "--no-database-list", *extra
    )
    if "--workers" in extra:
        args = [sys.executable, odoo_launcher(), *args[3:]]  # instead of `-m odoo`
    os.execve(args[0], args, {**os.environ, **(env or {})})


def start_fake_servers():
    """Start every fake marketplace server (a module of an addon's fake_servers/ package defining
    DEMO_PORT) as a child process for the demo channels; one whose port is taken is skipped."""
    import glob
    import re
    import subprocess

    for path in sorted(glob.glob(os.path.join(ADDONS_DIR, "*", "fake_servers", "*.py"))):
        addon, file_name = os.path.basename(os.path.dirname(os.path.dirname(path))), os.path.basename(path)
        with open(path, encoding="utf-8") as source:
            found = re.search(r"^DEMO_PORT\s*=\s*(\d+)", source.read(), re.M)
        if not found:
            continue
        name, port = file_name[:-3], int(found.group(1))
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                info(f"fake {name}: port {port} is taken, not started")
                continue
        os.makedirs(LOG_DIR, exist_ok=True)
        log = open(os.path.join(LOG_DIR, f"fake-{name}.log"), "ab")  # the child writes to it
        module = f"odoo.addons.{addon}.fake_servers.{name}"
        subprocess.Popen([sys.executable, "-c", FAKE_SERVER_BOOT, ODOO_CONF, module], stdout=log, stderr=log)
        print(f"  fake {name}: http://127.0.0.1:{port}", flush=True)


def cmd_run(options):
    from . import odoo_env

    setup()
    if odoo_env.database_exists(options.db):
        info(f"reusing the database {options.db} (drop it, or `make reset-demo`, to rebuild)")
    else:
        build_demo_database(options.db)
    url = f"http://localhost:{options.port}"
    print("", flush=True)
    print(f"Kōbō demo: {url}   (database {options.db})", flush=True)
    credentials = demo_credentials()
    width = max(len(role) for role, _login, _password in credentials)
    for role, login, password in credentials:
        print(f"  {role:<{width}}  login: {login:<14} password: {password}", flush=True)
    start_fake_servers()
    extra, env = server_options(options.workers, options.max_cron_threads, options.gevent_port)
    if options.workers:
        print(
            f"{options.workers} HTTP workers, long-polling on port {options.gevent_port or 8072},"
            f" queue_job channels {env['ODOO_QUEUE_JOB_CHANNELS']}",
            flush=True,
        )
    print("Stop with Ctrl+C.", flush=True)
    serve(options.db, options.port, extra, env)


def cmd_reset_demo(options):
    from . import odoo_env

    setup()
    step(f"Dropping the demo database {options.db}")
    odoo_env.drop_database(options.db)
    info("the next `make run` rebuilds it")


def cmd_serve(options):
    extra, env = server_options(options.workers, options.max_cron_threads, options.gevent_port)
    serve(options.db, options.port, extra, env)


def add_server_arguments(parser):
    """--workers, --max-cron-threads, --gevent-port of `run` and `serve`."""
    parser.add_argument(
        "--workers",
        type=int,
        default=0,
        help="HTTP worker processes (0, the default: one threaded process); with workers, queue_job's "
        "runner and the long-polling server run as processes of their own",
    )
    parser.add_argument(
        "--max-cron-threads", type=int, default=None, help="cron workers (default: odoo.conf's, 1)"
    )
    parser.add_argument(
        "--gevent-port", type=int, default=None, help="long-polling port in worker mode (default: 8072)"
    )


def cmd_test(options):
    from .testrun import run_all

    setup()
    return run_all(options)


def cmd_test_odoo(options):
    from .testrun_odoo import run_odoo_suites

    setup()
    return run_odoo_suites(options)


def cmd_template(options):
    from . import odoo_env

    setup()
    name = odoo_env.ensure_template(tuple(options.modules) or KOBO_ADDONS)
    print(f"template: {name}", flush=True)


def cmd_pot(options):
    from .i18n import export_pot_files

    setup()
    return export_pot_files(tuple(options.addons) or KOBO_ADDONS)


def cmd_lint(_options):
    from .testrun import lint

    setup()
    return 0 if lint().ok else 1


def cmd_bench(options):
    from .bench import run_benchmarks

    setup()
    return run_benchmarks(options)


def main(argv):
    from .python_env import ensure_venv_and_reexec

    parser = argparse.ArgumentParser(prog="tools/kobo.py", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("setup", help="install what is missing and write odoo.conf")
    run_parser = sub.add_parser("run", help="build (once) and serve the demo database")
    run_parser.add_argument("--db", default=DEMO_DB)
    run_parser.add_argument("--port", type=int, default=8069)
    add_server_arguments(run_parser)
    reset_parser = sub.add_parser("reset-demo", help="drop the demo database")
    reset_parser.add_argument("--db", default=DEMO_DB)
    serve_parser = sub.add_parser("serve", help="serve an existing database")
    serve_parser.add_argument("--db", required=True)
    serve_parser.add_argument("--port", type=int, default=8069)
    add_server_arguments(serve_parser)
    test_parser = sub.add_parser("test", help="lint, Odoo tests, repo-level tests")
    test_parser.add_argument("--skip-lint", action="store_true")
    test_parser.add_argument("--only", choices=("lint", "odoo", "pytest"), help="run one phase only")
    test_parser.add_argument("--skip-partial", action="store_true", help="skip the install-alone checks")
    test_parser.add_argument(
        "--test-tags", help="Odoo test tags for the full run (default: every Kōbō addon)"
    )
    test_odoo_parser = sub.add_parser(
        "test-odoo", help="Odoo's own suites with the Kōbō addons and demo; fails on a failure only Kōbō has"
    )
    test_odoo_parser.add_argument(
        "--keep-databases", action="store_true", help="keep the test databases (to re-run tests in them)"
    )
    test_odoo_parser.add_argument(
        "--scope",
        choices=("all", "ci"),
        default="all",
        help="all: every suite (about an hour on 2 cores); ci: the classes guarding what Kōbō touches",
    )
    sub.add_parser("lint", help="ruff and pylint-odoo")
    template_parser = sub.add_parser(
        "template", help="build (or reuse) the template database of these addons' Odoo dependencies"
    )
    template_parser.add_argument("modules", nargs="*", help="addons (default: every Kōbō addon)")
    pot_parser = sub.add_parser("pot", help="export each addon's i18n/<addon>.pot with Odoo's own export")
    pot_parser.add_argument("addons", nargs="*", help="Kōbō addons (default: all)")
    bench_parser = sub.add_parser("bench", help="print performance figures")
    bench_parser.add_argument(
        "--scale", type=float, default=1, help="size of every scenario, x (1: the documented figures)"
    )
    bench_parser.add_argument("--smoke", action="store_true", help="every scenario at 2%% of its size (CI)")
    options = parser.parse_args(argv)

    try:
        ensure_venv_and_reexec(argv)
        if options.command == "serve" and not os.path.exists(ODOO_CONF):
            raise SetupError("odoo.conf is missing: run `make setup` first.")
        handler = {
            "setup": lambda _o: setup(),
            "run": cmd_run,
            "serve": cmd_serve,
            "reset-demo": cmd_reset_demo,
            "test": cmd_test,
            "test-odoo": cmd_test_odoo,
            "lint": cmd_lint,
            "template": cmd_template,
            "pot": cmd_pot,
            "bench": cmd_bench,
        }[options.command]
        return handler(options) or 0
    except SetupError as exc:
        print(f"\nERROR: {exc}", file=sys.stderr, flush=True)
        return 2
