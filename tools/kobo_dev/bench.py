"""`make bench`: speed and query figures of the paths that must scale, each beside baselines.

Every figure is measured with its baselines in the same run: the Kōbō operation, and the same
work done as a competent Odoo developer would write it with plain Odoo (one recordset, batch
prices, a streaming writer), by Odoo's own ``export_data`` where it applies, and a floor (one
SQL query with the real joins and a plain writer), on the same machine and database, so the
ratios mean something whatever the machine. Nothing here asserts figures: tests pin query
counts. It fails (exit code 2) when a scenario raises, so CI runs it as a smoke test.

The outputs a buyer compares with hand-written code (the Google feed, the retailer sheet) and
their baselines also get their peak RSS measured in fresh processes (``fresh_measures``): their
catalogue is committed in a copy of the benchmark database, and each output runs alone in a new
``odoo shell``, which reports how far its peak resident memory rose above what it held once
Odoo's registry was loaded. The bench's own process cannot say that: it reuses memory freed by
earlier work.

``--scale S`` multiplies the size of every scenario (the number of styles, products, listings,
cost sheets, …; each at least 1): ``--scale 1`` gives the sizes the issue and docs/ name (50,000
feed items, 20,000 products for completeness, 5,000 listings queued, …; an hour or more on two
cores), fractions give quick runs, and ``--smoke`` is ``--scale 0.02``, what CI runs.
"""

import json
import os
import sys

from . import odoo_env, runner_bench
from .common import DATA_DIR, KOBO_ADDONS, LOG_DIR, ROOT, SetupError, step

#: ``KOBO_BENCH_DB`` names another, e.g. for a full-size run beside CI's smoke run on one server.
BENCH_DB = os.environ.get("KOBO_BENCH_DB") or "kobo_bench"
#: A copy of the benchmark database for the fresh-process measures: their catalogue is committed
#: there (a fresh process sees only committed data), and the copy is dropped afterwards.
FRESH_DB = f"{BENCH_DB}_fresh"
#: The scenarios whose outputs are also measured in fresh processes (``fresh_setup``,
#: ``FRESH_OPERATIONS``, ``fresh_operation`` in the module; benchkit.fresh_measure).
FRESH_SCENARIOS = ("bench_syndication_feed", "bench_syndication_spreadsheet")
#: ``--smoke``: every scenario at 2 % of its size (CI: proves each scenario still runs).
SMOKE_SCALE = 0.02

# Fed to `odoo shell` on standard input: it runs bench_scenarios.run with the shell's env.
SCRIPT = """
import sys
sys.path.insert(0, {tools!r})
from kobo_dev.bench_scenarios import run
run(env, {scale})
"""
FRESH_SETUP_SCRIPT = """
import sys
sys.path.insert(0, {tools!r})
from kobo_dev.benchkit import fresh_setup
fresh_setup(env, {scale}, {modules!r})
"""
FRESH_MEASURE_SCRIPT = """
import sys
sys.path.insert(0, {tools!r})
from kobo_dev.benchkit import fresh_measure
fresh_measure(env, {module!r}, {operation!r}, {params!r})
"""


def _tagged(lines, tag):
    return [json.loads(line[len(tag) + 1 :]) for line in lines if line.startswith(tag + " {")]


def fresh_measures(scale, modules, log):
    """``{"<scenario>:<operation>": MiB}``: the peak RSS of each output of ``FRESH_SCENARIOS``
    (and of its baselines) in a fresh process, above what that process held once Odoo's
    registry was loaded (benchkit.fresh_measure), for the scenario modules named in ``modules``.
    The catalogues are created and committed in a copy of the benchmark database (``FRESH_DB``),
    dropped at the end."""
    modules = [module for module in FRESH_SCENARIOS if module in modules]
    if not modules:
        return {}
    tools = os.path.join(ROOT, "tools")
    step(f"Measuring peak RSS in fresh processes ({', '.join(modules)})")
    odoo_env.clone_database(BENCH_DB, FRESH_DB, DATA_DIR)
    try:
        proc = odoo_env.odoo_shell(
            FRESH_DB, FRESH_SETUP_SCRIPT.format(tools=tools, scale=scale, modules=modules)
        )
        log.write(proc.stdout + proc.stderr)
        setups = _tagged(proc.stdout.splitlines(), "BENCH_FRESH_SETUP")
        if proc.returncode != 0 or not setups:
            raise SetupError("the fresh-process measures could not set up their catalogues (see the log)")
        results = {}
        for setup in setups:
            for operation in setup["operations"]:
                script = FRESH_MEASURE_SCRIPT.format(
                    tools=tools, module=setup["module"], operation=operation, params=setup["params"]
                )
                proc = odoo_env.odoo_shell(FRESH_DB, script)
                log.write(proc.stdout + proc.stderr)
                for found in _tagged(proc.stdout.splitlines(), "BENCH_FRESH"):
                    results[f"{found['module']}:{found['operation']}"] = found["rss_mib"]
                if proc.returncode != 0:
                    raise SetupError(
                        f"the fresh-process measure {setup['module']}:{operation} failed (see the log)"
                    )
        return results
    finally:
        odoo_env.drop_database(FRESH_DB)


def _with_fresh(figures, fresh):
    """Put each fresh-process figure (``fresh_rss_mib``) on the figure or baseline that names it
    (its ``fresh`` key)."""
    for figure in figures:
        for entry in (figure, *figure.get("baselines", ())):
            if entry.get("fresh") in fresh:
                entry["fresh_rss_mib"] = round(fresh[entry["fresh"]], 1)
    return figures


def run_benchmarks(options):
    from .cli import build_demo_database

    scale = SMOKE_SCALE if getattr(options, "smoke", False) else options.scale
    if scale <= 0:
        raise SetupError("--scale must be above 0 (e.g. 0.02 for a quick run, 1 for the figures in docs/).")
    step(f"Preparing the benchmark database {BENCH_DB}")
    if not odoo_env.database_exists(BENCH_DB):
        build_demo_database(BENCH_DB, KOBO_ADDONS)
    script = SCRIPT.format(tools=os.path.join(ROOT, "tools"), scale=scale)
    log_path = os.path.join(LOG_DIR, "bench.log")
    step(f"Measuring (scale {scale:g}; full log in {os.path.relpath(log_path, ROOT)})")
    proc = odoo_env.odoo_shell(BENCH_DB, script)
    with open(log_path, "w", encoding="utf-8") as log:
        log.write(proc.stdout + proc.stderr)
    lines = proc.stdout.splitlines()
    figures = _tagged(lines, "BENCH")
    errors = _tagged(lines, "BENCH_ERROR")
    fresh = {}
    # The scenarios that ran and name fresh-process measures get them.
    modules = {figure["fresh"].partition(":")[0] for figure in figures if figure.get("fresh")}
    if proc.returncode == 0 and "BENCH_DONE" in lines and modules:
        with open(log_path, "a", encoding="utf-8") as log:
            fresh = fresh_measures(scale, modules, log)
    only = [name.strip() for name in os.environ.get("KOBO_BENCH_ONLY", "").split(",") if name.strip()]
    if proc.returncode == 0 and "BENCH_DONE" in lines and (not only or runner_bench.NAME in only):
        with open(log_path, "a", encoding="utf-8") as log:
            try:
                figures += runner_bench.run(scale, log, BENCH_DB)
            except SetupError as error:  # the table of the others is still printed
                errors.append({"scenario": runner_bench.NAME, "error": str(error)})
    if figures:
        print_table(_with_fresh(figures, fresh))
    for error in errors:
        print(f"\nERROR in scenario {error['scenario']}:\n{error['error']}", file=sys.stderr, flush=True)
    if proc.returncode != 0 or "BENCH_DONE" not in lines:
        raise SetupError(f"the benchmark script did not run to the end; see {log_path}")
    if errors:
        raise SetupError(f"{len(errors)} scenario(s) failed (above); full log in {log_path}")
    return 0


def _memory(figure):
    return "".join(
        f"  {label} {figure[key]:.1f} MiB"
        for key, label in (
            ("peak_mib", "tracemalloc peak"),
            ("rss_mib", "RSS +"),
            ("fresh_rss_mib", "fresh-process peak RSS"),
        )
        if key in figure
    )


def _ratio(numerator, denominator):
    return numerator / denominator if denominator else float("nan")


def _cell(label, width):
    """``label`` padded to ``width``; a longer one on its own line, the figures below it."""
    return f"{label.ljust(width)}  " if len(label) <= width else f"{label}\n{'':{width}}  "


def print_table(figures):
    """Each figure on its line, then each of its baselines with the ratio Kōbō ÷ baseline (of
    the times: below 1 is faster than the baseline), memory where measured, and the ratio of the
    fresh-process peaks where both were measured in fresh processes."""
    width = min(100, max(len(figure["name"]) for figure in figures))
    print(f"\n{'benchmark'.ljust(width)}  {'ms':>10} {'queries':>8}  {'ratio':>6}")
    for figure in figures:
        print(
            _cell(figure["name"], width)
            + f"{figure['ms']:>10.1f} {figure['queries']:>8}  {'':>6}{_memory(figure)}"
        )
        for baseline in figure.get("baselines", ()):
            ratio = _ratio(figure["ms"], baseline["ms"])
            # The ratio of the fresh-process peaks, where both were measured (a peak too small
            # to see, 0.0 MiB, gives none).
            memory_ratio = (
                f" (Kōbō ÷ this {figure['fresh_rss_mib'] / baseline['fresh_rss_mib']:.2f})"
                if "fresh_rss_mib" in figure and baseline.get("fresh_rss_mib")
                else ""
            )
            print(
                _cell(f"  vs {baseline['name']}", width)
                + f"{baseline['ms']:>10.1f} {baseline['queries']:>8}  {ratio:>6.2f}{_memory(baseline)}"
                + memory_ratio
            )
    print_ratios(figures)
    sys.stdout.flush()


def _short(name):
    """A baseline's name without its details: "competent loop", "floor", ..."""
    return name.split(":")[0].split(" (")[0].strip()


def _without_rate(name):
    """A figure's name without its count and rate (benchkit.rate_name's ": 2500 items, 951 items/s")."""
    return name.rsplit(": ", 1)[0] if name.endswith("/s") else name


def print_ratios(figures):
    """The ratios again, one line per figure measured against several baselines (the competent
    loop, ``export_data``, the floor): Kōbō's time ÷ each baseline's, then the fresh-process
    peak RSS ratios where measured."""
    compared = [figure for figure in figures if len(figure.get("baselines", ())) > 1]
    if not compared:
        return
    print("\nKōbō ÷ baseline (time; fresh-process peak RSS where measured):")
    for figure in compared:
        parts = []
        for baseline in figure["baselines"]:
            part = f"{_short(baseline['name'])} {_ratio(figure['ms'], baseline['ms']):.2f}"
            if "fresh_rss_mib" in figure and baseline.get("fresh_rss_mib"):
                part += f" (RSS {figure['fresh_rss_mib'] / baseline['fresh_rss_mib']:.2f})"
            parts.append(part)
        print(f"  {_without_rate(figure['name'])}: " + ", ".join(parts))
