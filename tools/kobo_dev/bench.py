"""`make bench`: speed and query figures of the paths that must scale, each beside a baseline.

Every figure is measured twice in the same run: the Kōbō operation, and a baseline of the same
size done with plain Odoo records on the same machine and database, so the ratio means
something whatever the machine. Nothing here asserts: tests pin query counts, this prints.
"""

import json
import os
import subprocess
import sys

from . import odoo_env
from .common import KOBO_ADDONS, LOG_DIR, ODOO_CONF, ROOT, SetupError, step

BENCH_DB = "kobo_bench"

# Fed to `odoo shell` on standard input: it runs bench_scenarios.run with the shell's env.
SCRIPT = """
import sys
sys.path.insert(0, {tools!r})
from kobo_dev.bench_scenarios import run
run(env, {scale})
"""


def run_benchmarks(options):
    from .cli import build_demo_database

    step(f"Preparing the benchmark database {BENCH_DB}")
    if not odoo_env.database_exists(BENCH_DB):
        build_demo_database(BENCH_DB, KOBO_ADDONS)
    script = SCRIPT.format(tools=os.path.join(ROOT, "tools"), scale=max(1, options.scale))
    log_path = os.path.join(LOG_DIR, "bench.log")
    step(f"Measuring (scale {options.scale}; full log in {os.path.relpath(log_path, ROOT)})")
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
    figures = [json.loads(line[6:]) for line in proc.stdout.splitlines() if line.startswith("BENCH ")]
    if proc.returncode != 0 or not figures:
        raise SetupError(f"the benchmark script failed; see {log_path}")
    width = max(len(figure["name"]) for figure in figures)
    header = f"{'ms':>9} {'queries':>8}   {'baseline ms':>11} {'queries':>8}  ratio  baseline"
    print(f"\n{'benchmark'.ljust(width)}  {header}")
    for figure in figures:
        ratio = figure["ms"] / figure["baseline_ms"] if figure["baseline_ms"] else float("nan")
        print(
            f"{figure['name'].ljust(width)}  {figure['ms']:>9.1f} {figure['queries']:>8}   "
            f"{figure['baseline_ms']:>11.1f} {figure['baseline_queries']:>8}  {ratio:>5.1f}  "
            f"{figure['baseline']}"
        )
    sys.stdout.flush()
    return 0
