"""`make test-odoo`: Odoo's own suites stay green with the Kōbō addons and their demo data.

Runs the tests of Odoo's modules the Kōbō addons build on (SUITES: product, sale, website_sale,
stock, purchase, mrp, queue_job and their bridges) on a database holding Odoo's demo data, every
Kōbō addon and the Kōbō demo. Both the post_install and the at_install tests run once the whole
registry is loaded (the server-wide module odoo_test_addons/kobo_dev_whole_registry), as they
would for a customer installing one of those modules on a database that already holds Kōbō.

The suites run in two such databases side by side (SHARDS), to shorten the wait on a two-core
machine.

Every test that fails there is then run again, alone, on a database with the same Odoo modules
and demo but without Kōbō. The run fails on each test that fails only with Kōbō, and on a run
that does not complete (an install error, a crash, a hang, no result line); a test that fails
without Kōbō too is Odoo's (or this machine's) and is listed, not counted. Ends with
`N passed, N failed` as `make test` does.

EXCLUDED lists the test classes left out, each with its reason.
"""

import concurrent.futures
import dataclasses
import os
import re
import time

from . import odoo_env
from .common import KOBO_ADDONS, LOG_DIR, ROOT, SetupError, step
from .testrun import ALLOWED_WARNINGS, BROWSER_SKIP, SKIPPED, SUMMARY, _time_limits

#: Odoo's modules whose tests run, and the bridges between them.
SUITES = (
    "product",
    "sale",
    "website_sale",
    "stock",
    "purchase",
    "mrp",
    "queue_job",
    "sale_stock",
    "purchase_stock",
    "sale_mrp",
    "purchase_mrp",
    "website_sale_stock",
    "stock_account",
    "mrp_account",
)
#: SUITES in two databases tested side by side (each Odoo process is mostly one busy thread, often
#: waiting on PostgreSQL or the browser), balanced on the measured time of each module's tests
#: (one run on the 2-core machine, s): mrp 461, stock 354, sale 293, purchase_stock 224, sale_stock
#: 159, stock_account 124, sale_mrp 115, purchase 102, mrp_account 51, purchase_mrp 51, product 39,
#: queue_job 7; website_sale and website_sale_stock are mostly browser tours (the longest part).
SHARDS = (
    (
        "mrp",
        "mrp_account",
        "purchase_mrp",
        "sale_mrp",
        "stock",
        "stock_account",
        "purchase_stock",
        "sale_stock",
    ),
    ("product", "sale", "purchase", "queue_job", "website_sale", "website_sale_stock"),
)
#: Test classes left out of the run, as (test tag, reason).
EXCLUDED = (
    (
        "/stock:TestStockPickingTour",
        "browser tours of the transfer and inventory screens (2 min): no Kōbō addon changes them",
    ),
    (
        "/stock:TestStockReportTour",
        "a browser tour of the stock report screen (40 s): no Kōbō addon changes it",
    ),
)

#: `--scope ci` (what `.ci/run` runs): the whole suites take about an hour on a 2-core machine,
#: more than CI's budget beside `make test`, so CI runs the classes that guard what Kōbō touches
#: in Odoo and what once failed only with Kōbō, in one database; `make test-odoo` runs them all.
CI_SCOPE = (
    # product variants, attributes and price lists: Kōbō extends all three
    "/product",
    "/queue_job",
    # stock valuation in a foreign currency (the demo once moved the main company to EUR)
    "/stock_account:TestAccountMove",
    # the shop's prices and variants as a visitor sees them (the demo's web shop price list once
    # became the visitor's); the website editor's tours of the same class are left to the full run
    "/website_sale:TestCustomize.test_03_public_tour_shop_dynamic_variants",
    "/website_sale_stock:TestWebsiteSaleStockMultilang",
    # attribute values created from a generator (kobo_plm's create() once read it twice)
    "/mrp:TestMrpStockReports",
    # query counts of sale order creation, which Kōbō's overrides must not raise
    "/sale_stock:TestPERF",
)

RUN_ID = f"{os.getpid()}"
WITH_KOBO_DB = f"kobo_test_odoo_with_{RUN_ID}"
WITHOUT_KOBO_DB = f"kobo_test_odoo_without_{RUN_ID}"
WHOLE_REGISTRY_ADDONS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "odoo_test_addons")
WHOLE_REGISTRY_MODULE = "kobo_dev_whole_registry"

LOG_ENTRY = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ (?P<level>[A-Z]+) \S+ (?P<logger>[\w.]+): (?P<text>.*)$"
)
#: "FAIL: TestClass.test_method" / "ERROR: TestClass.test_method" / "... Subtest TestClass.test_method (x=1)"
TEST_FAILURE = re.compile(r"^(?P<flavour>FAIL|ERROR): (?:Subtest )?(?P<cls>\w+)\.(?P<method>\w+)")
#: A class whose set-up failed: "ERROR: setUpClass (odoo.addons.stock.tests.test_x.TestX)"
CLASS_FAILURE = re.compile(
    r"^(?:FAIL|ERROR): \w+ \(odoo\.addons\.(?P<module>\w+)\.tests\.[\w.]*?(?P<cls>\w+)\)"
)
TEST_MODULE = re.compile(r"^odoo\.addons\.(?P<module>\w+)\.tests\b")
STARTED = re.compile(r"^Starting (?:Subtest )?(?P<cls>\w+)\.(?P<method>\w+)")


@dataclasses.dataclass(frozen=True, order=True)
class TestId:
    """One test (or a whole class, method None, when its set-up failed)."""

    module: str
    cls: str
    method: str | None = None

    @property
    def tag(self):
        return f"/{self.module}:{self.cls}" + (f".{self.method}" if self.method else "")

    def __str__(self):
        return self.tag.lstrip("/")


@dataclasses.dataclass
class SuiteRun:
    total: int = 0
    failures: set = dataclasses.field(default_factory=set)
    started: set = dataclasses.field(default_factory=set)
    problems: list = dataclasses.field(default_factory=list)
    seconds: float = 0.0


def parse_test_log(log_path):
    """The failing and started tests of an Odoo test log, and its result lines' total."""
    run = SuiteRun()
    with open(log_path, encoding="utf-8", errors="replace") as handle:
        text = handle.read()
    for line in text.splitlines():
        entry = LOG_ENTRY.match(line)
        if not entry:
            continue
        logger_module = TEST_MODULE.match(entry["logger"])
        if entry["level"] == "INFO" and logger_module:
            started = STARTED.match(entry["text"])
            if started:
                run.started.add(TestId(logger_module["module"], started["cls"], started["method"]))
        elif entry["level"] in ("ERROR", "CRITICAL"):
            failure = TEST_FAILURE.match(entry["text"])
            class_failure = CLASS_FAILURE.match(entry["text"])
            if class_failure:
                run.failures.add(TestId(class_failure["module"], class_failure["cls"]))
            elif failure and logger_module:
                run.failures.add(TestId(logger_module["module"], failure["cls"], failure["method"]))
    for summary in SUMMARY.finditer(text):
        run.total += int(summary["total"])
    if not list(SUMMARY.finditer(text)):
        run.problems.append(f"the Odoo test run printed no result line; see {log_path}")
    for skip in SKIPPED.finditer(text):
        if BROWSER_SKIP.search(skip["reason"]):
            run.problems.append(f"browser test did not run: {skip['test']}: {skip['reason']}")
    return run


def _installed(dbname, modules):
    conn = odoo_env.connect(dbname)
    try:
        with conn.cursor() as cr:
            cr.execute(
                "SELECT name FROM ir_module_module WHERE state = 'installed' AND name IN %s",
                (tuple(modules),),
            )
            return {name for (name,) in cr.fetchall()}
    finally:
        conn.close()


def build_database(dbname, template, kobo):
    """Clone the template into dbname; install what SUITES miss, and with `kobo` every Kōbō addon."""
    odoo_env.clone_database(template, dbname)
    modules = [module for module in SUITES if module not in _installed(dbname, SUITES)]
    if kobo:
        modules += KOBO_ADDONS
    if not modules:
        return
    step(f"Installing {', '.join(modules)} into {dbname}")
    log_path = os.path.join(LOG_DIR, f"{dbname}-install.log")
    code = odoo_env.run_odoo(
        ["-d", dbname, "-i", ",".join(modules), "--stop-after-init", "--no-http"],
        log_path,
        echo=lambda line: " ERROR " in line or " CRITICAL " in line,
        **_time_limits(False),
    )
    if code != 0 or odoo_env.scan_log(log_path, fail_on_warning=False)["errors"]:
        raise SetupError(f"Installing {', '.join(modules)} into {dbname} failed; see {log_path}.")


def run_suites(dbname, test_tags, log_name):
    """Run `test_tags` in dbname (already installed), at_install tests with the whole registry."""
    from .cli import free_port

    conf = odoo_env.read_config()
    server_wide = [m for m in conf.get("server_wide_modules", "base,web").split(",") if m]
    args = [
        "-d",
        dbname,
        f"--addons-path={conf['addons_path']},{WHOLE_REGISTRY_ADDONS}",
        f"--load={','.join([*server_wide, WHOLE_REGISTRY_MODULE])}",
        "--test-tags",
        test_tags,
        "--http-port",
        str(free_port()),
        "--stop-after-init",
    ]
    log_path = os.path.join(LOG_DIR, f"{log_name}.log")
    started = time.time()
    code = None
    problems = []
    try:
        code = odoo_env.run_odoo(
            args,
            log_path,
            echo=lambda line: any(
                text in line for text in ("tests when loading database", ": FAIL: ", ": ERROR: ")
            ),
            **_time_limits(True),
        )
    except odoo_env.OdooTimeout as exc:
        problems.append(str(exc))
    run = parse_test_log(log_path)
    run.problems = problems + run.problems
    run.seconds = time.time() - started
    if code is not None and code != 0 and not run.failures:
        run.problems.append(f"odoo exited with {code} and no failing test; see {log_path}")
    # Lines at WARNING level are Odoo's own business here (its tests log plenty); an ERROR line
    # outside any failing test would go unnoticed by the result line: list it.
    scan = odoo_env.scan_log(log_path, fail_on_warning=False, allowed_warnings=ALLOWED_WARNINGS)
    if scan["errors"] and not run.failures and code == 0:
        run.problems += [f"log: {line}" for line in scan["errors"][:20]]
    return run


def suite_tags(modules):
    excluded = [tag for tag, _reason in EXCLUDED if tag.split(":")[0].lstrip("/") in modules]
    return ",".join([*(f"/{module}" for module in modules), *(f"-{tag}" for tag in excluded)])


def run_with_kobo(template, databases, scope="all"):
    """Install Kōbō into one database per shard and run the shards side by side; one result."""
    if scope == "ci":
        shards = [(f"{WITH_KOBO_DB}_ci", None)]
    else:
        shards = [(f"{WITH_KOBO_DB}_{index}", modules) for index, modules in enumerate(SHARDS, 1)]
    databases += [dbname for dbname, _modules in shards]

    def run_shard(index, dbname, modules):
        build_database(dbname, template, kobo=True)
        tags = ",".join(CI_SCOPE) if modules is None else suite_tags(modules)
        return run_suites(dbname, tags, f"kobo_test_odoo_with_kobo_{index}")

    with concurrent.futures.ThreadPoolExecutor(max_workers=len(shards)) as pool:
        futures = [
            pool.submit(run_shard, index, dbname, modules)
            for index, (dbname, modules) in enumerate(shards, 1)
        ]
        results = [future.result() for future in futures]
    merged = SuiteRun(seconds=max(result.seconds for result in results))
    for result in results:
        merged.total += result.total
        merged.failures |= result.failures
        merged.started |= result.started
        merged.problems += result.problems
    return merged


def run_odoo_suites(options):
    started = time.time()
    databases = []
    with_kobo, comparison, problems = SuiteRun(), {"only_kobo": [], "also_without": []}, []
    try:
        if sorted(sum(SHARDS, ())) != sorted(SUITES):
            raise SetupError("testrun_odoo.SHARDS must hold every module of SUITES exactly once.")
        template = odoo_env.ensure_template(KOBO_ADDONS)
        scope = getattr(options, "scope", "all")
        if scope == "ci":
            step(f"Odoo's tests with Kōbō and its demo, CI scope: {', '.join(CI_SCOPE)}")
        else:
            step(
                f"Odoo's suites with Kōbō and its demo, {len(SHARDS)} databases side by side: "
                f"{', '.join(SUITES)}"
            )
        with_kobo = run_with_kobo(template, databases, scope)
        print(
            f"    with Kōbō: {with_kobo.total} tests, {len(with_kobo.failures)} failing,"
            f" in {with_kobo.seconds:.0f}s",
            flush=True,
        )
        problems += with_kobo.problems
        if with_kobo.failures:
            databases.append(WITHOUT_KOBO_DB)
            problems += compare_without_kobo(sorted(with_kobo.failures), template, comparison)
    except SetupError as exc:
        problems.append(str(exc))
    finally:
        if not getattr(options, "keep_databases", False):
            for dbname in databases:
                odoo_env.drop_database(dbname)
    return print_summary(started, with_kobo, comparison, problems)


def compare_without_kobo(failing, template, comparison):
    """Run the tests `failing` with Kōbō again without it; sort them into `comparison`."""
    step(f"The {len(failing)} tests failing with Kōbō again, without it")
    build_database(WITHOUT_KOBO_DB, template, kobo=False)
    without = run_suites(
        WITHOUT_KOBO_DB, ",".join(test.tag for test in failing), "kobo_test_odoo_without_kobo"
    )
    problems = list(without.problems)
    for test in failing:
        if not _ran(test, without):
            problems.append(f"{test} did not run without Kōbō (renamed? a tag that selects nothing?)")
        elif _failed(test, without):
            comparison["also_without"].append(test)
        else:
            comparison["only_kobo"].append(test)
    return problems


def print_summary(started, with_kobo, comparison, problems):
    only_kobo, also_without = comparison["only_kobo"], comparison["also_without"]
    print("", flush=True)
    step(f"Summary ({time.time() - started:.0f}s; logs in {os.path.relpath(LOG_DIR, ROOT)}/)")
    if also_without:
        print(f"    {len(also_without)} tests fail without Kōbō too (Odoo's, not counted):", flush=True)
        for test in also_without:
            print(f"         - {test}", flush=True)
    if only_kobo:
        print(f"    {len(only_kobo)} tests fail only with Kōbō: {', '.join(map(str, only_kobo))}", flush=True)
    for problem in problems[:40]:
        print(f"    - {problem}", flush=True)
    failed = len(only_kobo) or (1 if problems else 0)  # a run that did not complete fails too
    passed = max(with_kobo.total - len(with_kobo.failures), 0)
    print(f"{passed} passed, {failed} failed", flush=True)
    return 0 if not only_kobo and not problems else 1


def _ran(test, run):
    if test.method is None:
        return any(started.module == test.module and started.cls == test.cls for started in run.started) or (
            test in run.failures
        )
    return test in run.started or test in run.failures or TestId(test.module, test.cls) in run.failures


def _failed(test, run):
    return test in run.failures or TestId(test.module, test.cls) in run.failures
