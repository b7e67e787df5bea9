"""`make bench`: speed and query figures of the paths that must scale, each beside baselines.

Every figure is measured with its baselines in the same run: the Kōbō operation, and the same
work done as a competent Odoo developer would write it with plain Odoo (one recordset, batch
prices, a streaming writer), by Odoo's own ``export_data`` where it applies, and a floor (one
SQL query with the real joins and a plain writer), on the same machine and database, so the
ratios mean something whatever the machine. Nothing here asserts figures: tests pin query
counts. It fails (exit code 2) when a scenario raises, so CI runs it as a smoke test.

``--scale S`` multiplies the size of every scenario (the number of styles, products, listings,
cost sheets, …; each at least 1): ``--scale 1`` gives the sizes the issue and docs/ name (50,000
feed items, 20,000 products for completeness, 5,000 listings queued, …; an hour or more on two
cores), fractions give quick runs, and ``--smoke`` is ``--scale 0.02``, what CI runs.
"""

import json
import os
import subprocess
import sys

from . import odoo_env
from .common import KOBO_ADDONS, LOG_DIR, ODOO_CONF, ROOT, SetupError, step

BENCH_DB = "kobo_bench"
#: ``--smoke``: every scenario at 2 % of its size (CI: proves each scenario still runs).
SMOKE_SCALE = 0.02

# Fed to `odoo shell` on standard input: it runs bench_scenarios.run with the shell's env.
SCRIPT = """
import sys
sys.path.insert(0, {tools!r})
from kobo_dev.bench_scenarios import run
run(env, {scale})
"""


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
    proc = subprocess.run(
        # Odoo's sub-command comes before its options.
        [
            sys.executable,
            "-m",
            "odoo",
            "shell",
            "-c",
            ODOO_CONF,
            "-d",
            BENCH_DB,
            "--no-http",
            "--log-level=warn",
        ],
        input=script,
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    with open(log_path, "w", encoding="utf-8") as log:
        log.write(proc.stdout + proc.stderr)
    lines = proc.stdout.splitlines()
    figures = [json.loads(line[6:]) for line in lines if line.startswith("BENCH {")]
    errors = [json.loads(line[12:]) for line in lines if line.startswith("BENCH_ERROR ")]
    if figures:
        print_table(figures)
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
        for key, label in (("peak_mib", "tracemalloc peak"), ("rss_mib", "RSS +"))
        if key in figure
    )


def _cell(label, width):
    """``label`` padded to ``width``; a longer one on its own line, the figures below it."""
    return f"{label.ljust(width)}  " if len(label) <= width else f"{label}\n{'':{width}}  "


def print_table(figures):
    """Each figure on its line, then each of its baselines with the ratio Kōbō ÷ baseline (of
    the times: below 1 is faster than the baseline), memory where measured."""
    width = min(100, max(len(figure["name"]) for figure in figures))
    print(f"\n{'benchmark'.ljust(width)}  {'ms':>10} {'queries':>8}  {'ratio':>6}")
    for figure in figures:
        print(
            _cell(figure["name"], width)
            + f"{figure['ms']:>10.1f} {figure['queries']:>8}  {'':>6}{_memory(figure)}"
        )
        for baseline in figure.get("baselines", ()):
            ratio = figure["ms"] / baseline["ms"] if baseline["ms"] else float("nan")
            print(
                _cell(f"  vs {baseline['name']}", width)
                + f"{baseline['ms']:>10.1f} {baseline['queries']:>8}  {ratio:>6.2f}{_memory(baseline)}"
            )
    sys.stdout.flush()
