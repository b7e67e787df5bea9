"""The whole test suite: lint, Odoo tests per addon combination, repo-level pytest.

Ends with one line `N passed, N failed` and returns non-zero on any failure, including an
ERROR or unexpected WARNING line in the Odoo log and a browser tour that did not run.
"""

import concurrent.futures
import dataclasses
import os
import re
import shutil
import subprocess
import sys
import time

from . import odoo_env
from .common import KOBO_ADDONS, LOG_DIR, ROOT, SetupError, step

# Combinations that must install on their own (see docs/architecture.md), each with the test
# tags run in that database. kobo_plm alone and kobo_syndication_google alone run their own
# tests the way Odoo's and OCA's CI run an addon's (`odoo -d NEW -i kobo_plm --test-tags
# /kobo_plm --stop-after-init`); kobo_pim alone is an install check. The full set then runs
# every Odoo test.
PARTIAL_COMBINATIONS = (
    (("kobo_plm",), "/kobo_plm"),
    (("kobo_pim",), None),
    # A brand that only needs a Google feed: the engine and that channel, without the web shop
    # (website_sale) or Inventory (checked after the install, see _check_not_installed), its
    # tests run there too.
    (("kobo_syndication_google",), "/kobo_syndication_google"),
)
#: Odoo modules a combination must not pull in.
NOT_INSTALLED = {("kobo_syndication_google",): ("website_sale", "website", "stock")}
FULL_COMBINATION = KOBO_ADDONS
# Databases of one run carry its id, so two runs on one PostgreSQL server never share one; the
# run drops them at its end. KOBO_TEST_DB names the full run's database instead, which is then
# kept (to re-run tests in it, or for `--only pytest`).
RUN_ID = f"{os.getpid()}"
TEST_DB = os.environ.get("KOBO_TEST_DB") or f"kobo_test_all_{RUN_ID}"
# Limits of one Odoo command, so that a hung test fails the run with a message instead of
# blocking CI for ever. Odoo logs at least every minute in a healthy run (the longest silence
# measured, on a loaded 2-core machine: 46 s), so 5 silent minutes mean a hang; the total is a
# backstop. KOBO_ODOO_IDLE_TIMEOUT and KOBO_ODOO_TIMEOUT (seconds) override them.
IDLE_TIMEOUT = 5 * 60
INSTALL_TIMEOUT = 30 * 60
TESTS_TIMEOUT = 60 * 60

# WARNING lines that Odoo itself writes in a healthy run, whatever the addons do. Anything else
# at WARNING level fails the suite. Each entry names why it is harmless.
ALLOWED_WARNINGS = (
    # wkhtmltopdf 0.12.6 without patched Qt (Debian's): reports are designed without
    # header/footer switches, see docs/architecture.md.
    r"odoo\.addons\.base\.models\.ir_actions_report: You need Wkhtmltopdf .* patched",
    r"odoo\.addons\.base\.models\.ir_actions_report: wkhtmltopdf: The switch --header-html, is not support"
    r" using unpatched qt",
    # Odoo logs the test-mode HTTP workers' graceful shutdown of long-polling at WARNING.
    r"odoo\.service\.server: Thread <Thread\(odoo\.service\.http",
)
BROWSER_SKIP = re.compile(r"(?i)websocket|chrome|devtools|browser")
SUMMARY = re.compile(
    r"(?P<failed>\d+) failed, (?P<errors>\d+) error\(s\) of (?P<total>\d+) tests when loading database"
)
SKIPPED = re.compile(r": skipped (?P<test>\S+) : (?P<reason>.*)$")
PYTEST_COUNTS = re.compile(r"(\d+) (passed|failed|error|errors|skipped)")


@dataclasses.dataclass
class PhaseResult:
    name: str
    passed: int = 0
    failed: int = 0
    problems: list = dataclasses.field(default_factory=list)

    @property
    def ok(self):
        return not self.failed and not self.problems


def _tool(*args):
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=ROOT, text=True, capture_output=True, check=False
    )


def _ruff(*args):
    # ruff's `python -m ruff` only looks in the venv's own bin/, not where a
    # --system-site-packages venv found the package.
    candidates = [
        os.path.join(os.path.dirname(sys.executable), "ruff"),
        os.path.join(sys.base_prefix, "bin", "ruff"),
        shutil.which("ruff") or "",
    ]
    binary = next((path for path in candidates if path and os.access(path, os.X_OK)), "ruff")
    return subprocess.run([binary, *args], cwd=ROOT, text=True, capture_output=True, check=False)


def lint():
    step("Lint: ruff, ruff format, pylint-odoo (mandatory checks)")
    result = PhaseResult("lint")
    targets = ["addons", "tests", "tools"]
    checks = [
        ("ruff check", _ruff("check", *targets)),
        ("ruff format", _ruff("format", "--check", *targets)),
        ("pylint-odoo", _tool("pylint", "--rcfile=.pylintrc", "addons")),
    ]
    for name, proc in checks:
        if proc.returncode == 0:
            result.passed += 1
            print(f"    {name}: ok", flush=True)
        else:
            result.failed += 1
            print(f"    {name}: FAILED\n{proc.stdout}{proc.stderr}", flush=True)
    return result


def _echo_test_line(line):
    return (
        " ERROR " in line
        or " CRITICAL " in line
        or " WARNING " in line
        or "when loading database" in line
        or (": Starting " in line and "odoo.addons.kobo_" in line)
        or ": skipped " in line
    )


def _time_limits(run_tests):
    total = os.environ.get("KOBO_ODOO_TIMEOUT")
    idle = os.environ.get("KOBO_ODOO_IDLE_TIMEOUT")
    return {
        "timeout": float(total) if total else TESTS_TIMEOUT if run_tests else INSTALL_TIMEOUT,
        "idle_timeout": float(idle) if idle else IDLE_TIMEOUT,
    }


def _odoo_phase(name, modules, dbname, test_tags=None, log_name=None, echo=True):
    """Clone the template for `modules` into `dbname`, install them, run `test_tags` if any.

    echo=False keeps Odoo's lines off the terminal (a phase running beside another).
    """
    result = PhaseResult(name)
    run_tests = bool(test_tags)
    template = odoo_env.ensure_template(modules)
    odoo_env.clone_database(template, dbname)
    log_path = os.path.join(LOG_DIR, f"{log_name or dbname}.log")
    args = ["-d", dbname, "-i", ",".join(modules), "--stop-after-init"]
    if run_tests:
        from .cli import free_port

        # --test-tags alone enables the tests, as in Odoo's own documented command.
        args += ["--test-tags", test_tags, "--http-port", str(free_port())]
    else:
        args.append("--no-http")
    started = time.time()
    step(f"Odoo: {name} into {dbname}")
    try:
        code = run_odoo_logged(args, log_path, run_tests and echo, **_time_limits(run_tests))
    except odoo_env.OdooTimeout as exc:
        code = None
        result.problems.append(str(exc))
    scan = odoo_env.scan_log(log_path, allowed_warnings=ALLOWED_WARNINGS)
    with open(log_path, encoding="utf-8", errors="replace") as handle:
        log_text = handle.read()
    summaries = list(SUMMARY.finditer(log_text))
    if run_tests:
        if not summaries:
            result.problems.append("the Odoo test run printed no result line")
        for summary in summaries:
            bad = int(summary["failed"]) + int(summary["errors"])
            result.failed += bad
            result.passed += int(summary["total"]) - bad
        for skip in SKIPPED.finditer(log_text):
            if BROWSER_SKIP.search(skip["reason"]):
                result.problems.append(f"browser test did not run: {skip['test']}: {skip['reason']}")
    elif code == 0 and not scan["errors"]:
        result.passed += 1  # the install check itself
    if code == 0:
        result.problems += _check_not_installed(dbname, modules)
    if code not in (0, None):
        result.problems.append(f"odoo exited with {code}")
    result.problems += [f"log: {line}" for line in scan["errors"] + scan["warnings"]]
    if not run_tests and result.problems:
        result.failed += 1
    print(
        f"    {name}: {result.passed} passed, {result.failed} failed in {time.time() - started:.0f}s",
        flush=True,
    )
    return result


def _check_not_installed(dbname, modules):
    """Problems for the Odoo modules that ``modules`` must not pull in (NOT_INSTALLED)."""
    forbidden = NOT_INSTALLED.get(tuple(modules))
    if not forbidden:
        return []
    conn = odoo_env.connect(dbname)
    try:
        with conn.cursor() as cr:
            cr.execute(
                "SELECT name FROM ir_module_module WHERE state = 'installed' AND name IN %s ORDER BY name",
                (tuple(forbidden),),
            )
            found = [name for (name,) in cr.fetchall()]
    finally:
        conn.close()
    return [f"{' + '.join(modules)} installed {name}, which it must not need" for name in found]


def run_odoo_logged(args, log_path, verbose, **limits):
    # The browser tours save their screenshots there (kobo_base/tests/screenshots.py);
    # `make screenshots` copies them into docs/screenshots.
    os.environ.setdefault("KOBO_SCREENSHOTS_DIR", os.path.join(ROOT, ".local", "screenshots"))
    return odoo_env.run_odoo(args, log_path, echo=_echo_test_line if verbose else None, **limits)


def _clone_for_e2e(source, name):
    """A copy of `source` (database and filestore) that the multi-server test may change: the
    session server of the other repo-level tests stays connected to `source`, which PostgreSQL
    then refuses to copy, so the copy is made before pytest starts."""
    odoo_env.drop_database(name)
    conn = odoo_env.connect()
    try:
        with conn.cursor() as cr:
            cr.execute(f'CREATE DATABASE "{name}" WITH TEMPLATE "{source}"')
    finally:
        conn.close()
    if os.path.isdir(odoo_env.filestore(source)):
        shutil.copytree(odoo_env.filestore(source), odoo_env.filestore(name))


def _pytest_phase():
    step("Repo-level tests (pytest tests/)")
    result = PhaseResult("pytest")
    env = dict(os.environ, KOBO_TEST_DB=TEST_DB)
    e2e_db = f"kobo_e2e_{RUN_ID}"
    try:
        _clone_for_e2e(TEST_DB, e2e_db)
        env["KOBO_E2E_DB"] = e2e_db
    except Exception as exc:
        result.problems.append(f"could not copy {TEST_DB} into {e2e_db} for the multi-server test: {exc}")
    try:
        proc = _run_pytest(env)
    finally:
        odoo_env.drop_database(e2e_db)
    print(proc.stdout[-6000:] + proc.stderr[-3000:], flush=True)
    last = proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else ""
    for count, kind in PYTEST_COUNTS.findall(last):
        if kind == "passed":
            result.passed += int(count)
        elif kind in ("failed", "error", "errors"):
            result.failed += int(count)
    if proc.returncode not in (0,):
        result.problems.append(f"pytest exited with {proc.returncode}")
    return result


def _run_pytest(env):
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"],
        cwd=ROOT,
        env=env,
        text=True,
        capture_output=True,
        check=False,
    )


def _partial_dbname(modules):
    return "kobo_test_" + "_".join(module.removeprefix("kobo_") for module in modules)


def _install_alone_phases(combinations, run_databases):
    results = []
    for modules, tags in combinations:
        label = "install alone" + (", its tests" if tags else "")
        log_name = _partial_dbname(modules)
        dbname = f"{log_name}_{RUN_ID}"
        run_databases.append(dbname)
        phase = f"{label}: " + " + ".join(modules)
        results.append(_odoo_phase(phase, modules, dbname, test_tags=tags, log_name=log_name, echo=False))
    return results


def run_all(options):
    started = time.time()
    results = []
    run_databases = []  # this run's own databases, dropped at its end
    own_test_db = not os.environ.get("KOBO_TEST_DB")
    if options.only == "pytest" and own_test_db:
        raise SetupError("`--only pytest` needs KOBO_TEST_DB: a database with every addon installed.")
    try:
        if not options.skip_lint and options.only in (None, "lint"):
            results.append(lint())
        if options.only in (None, "odoo"):
            partial = () if options.skip_partial else PARTIAL_COMBINATIONS
            if own_test_db:
                run_databases.append(TEST_DB)
            # The install-alone phases (kobo_plm's whole test suite among them) run beside the
            # full run, in databases of their own, so the two test runs overlap instead of
            # adding up (each Odoo process is mostly one busy thread, often waiting on the
            # browser or wkhtmltopdf). Their lines stay in their logs; the summary lists problems.
            with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
                alone = pool.submit(_install_alone_phases, partial, run_databases)
                name = "tests: " + " + ".join(FULL_COMBINATION)
                tags = options.test_tags or ",".join(f"/{module}" for module in FULL_COMBINATION)
                log_name = None if not own_test_db else "kobo_test_all"
                full = _odoo_phase(name, FULL_COMBINATION, TEST_DB, test_tags=tags, log_name=log_name)
                results += alone.result()
                results.append(full)
        if options.only in (None, "pytest"):
            results.append(_pytest_phase())
    finally:
        for dbname in run_databases:
            odoo_env.drop_database(dbname)

    print("", flush=True)
    step(f"Summary ({time.time() - started:.0f}s; logs in {os.path.relpath(LOG_DIR, ROOT)}/)")
    for res in results:
        print(
            f"    {'ok  ' if res.ok else 'FAIL'} {res.name}: {res.passed} passed, {res.failed} failed",
            flush=True,
        )
        for problem in res.problems[:40]:
            print(f"         - {problem}", flush=True)
    passed = sum(res.passed for res in results)
    failed = sum(res.failed for res in results)
    problems = sum(len(res.problems) for res in results)
    if problems and not failed:
        failed = 1  # a problem outside a counted test (log line, skipped tour) still fails the run
    print(f"{passed} passed, {failed} failed", flush=True)
    return 0 if all(res.ok for res in results) else 1
