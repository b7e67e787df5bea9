"""Bench: publishing N listings through queue_job's job runners, as a deployment does: real
Odoo servers in worker mode (`tools/kobo.py serve --workers 2`), the runner dispatching the
channels' sync jobs (``kobo.channel._kobo_job_sync``) to their HTTP workers.

Two layouts, one after the other on the same committed catalogue:

- **one runner slot**: one server, ``root:1`` (what `make run WORKERS=2` configures: one job at
  a time, the other worker for the users);
- **two runner slots**: two servers behind a round-robin load balancer, each runner calling
  ``/queue_job/runjob`` through it, ``root:2`` (jobs of two channels at once, on either server).

The listings are split over two channels of different connector kinds (the web shop and a
Google feed), because each connector kind is one queue_job channel of capacity 1
(cli.SYNDICATION_CHANNELS: two jobs of one marketplace never run at once); a second slot can only
run another channel's job. Each layout starts from the same state (listings never pushed, no feed
rows) and is timed from the commit that queues the listings to the moment none is queued and no
job is left; every listing must end published.

Not a scenario of bench_scenarios (it needs committed data and processes of its own): bench.py
runs it after the scenarios, in a copy of the benchmark database (``<database>_runners``, dropped
at the end), when ``KOBO_BENCH_ONLY`` is empty or names ``bench_syndication_runners``.
"""

import contextlib
import json
import os
import time

from . import odoo_env
from .common import DATA_DIR, ROOT, SetupError, step

NAME = "bench_syndication_runners"
LISTINGS = 5000
COLOURS, SIZES = 2, 4
#: What queue_job's runner logs once it listens for jobs.
RUNNER_READY = "queue job runner ready for db"
#: How long one layout may take to publish before the bench gives up (seconds).
TIMEOUT = 3600

SHELL = """
import sys
sys.path.insert(0, {tools!r})
from kobo_dev import runner_bench
runner_bench.{function}(env, {params!r})
"""


# --- inside the database (Odoo's shell) ------------------------------------------------------------


def shell_setup(env, params):
    """The catalogue: ``params["listings"]`` listings, on a web shop channel and a Google feed
    channel, each approved product (2 colours × 4 sizes, an image, a mapped category) listed on
    both, as the approval's automation lists a product on every channel. The demo's channels are
    archived first, so approving the content queues nothing elsewhere; the jobs the approval
    made are dropped (each layout queues the listings itself). Committed; prints the channels'
    ids."""
    import base64
    import io

    from PIL import Image

    from .benchkit import approve_content, colour_and_size, google_channel, variant_lines

    env = env(context=dict(env.context, tracking_disable=True, mail_create_nolog=True))
    env["kobo.channel"].search([]).write({"active": False})
    env["queue.job"].search([("state", "not in", ("done", "cancelled", "failed"))]).write({"state": "done"})
    colour, size = colour_and_size(env, "Bench runners", COLOURS, SIZES)
    pricelist = env["product.pricelist"].create({"name": "Bench runners"})
    google, category = google_channel(env, "Bench runners Google", "runner_bench_google", pricelist)
    shop = env["kobo.channel"].create(
        {
            "name": "Bench runners web shop",
            "code": "runner_bench_shop",
            "connector": "website",
            "website_id": env["website"].search([("company_id", "=", env.company.id)], limit=1).id,
            "pricelist_id": pricelist.id,
        }
    )
    products = env["product.template"].create(
        [
            {
                "name": f"Bench runners garment {n}",
                "categ_id": category.id,
                "list_price": 40 + n % 60,
                "kobo_brand": "Bench",
                "kobo_gender": "female",
                "kobo_age_group": "adult",
                "kobo_description": f"<p>Bench garment {n}.</p>",
                "attribute_line_ids": variant_lines(colour, size),
            }
            for n in range(max(1, params["listings"] // 2))
        ]
    )
    env.cr.execute(
        "UPDATE product_product SET default_code = 'BR-' || id WHERE product_tmpl_id IN %s",
        [tuple(products.ids)],
    )
    output = io.BytesIO()
    Image.new("RGB", (500, 500), (30, 60, 90)).save(output, format="PNG")
    image = base64.b64encode(output.getvalue())
    env["kobo.asset"].create(
        [{"product_tmpl_id": product.id, "name": "front.png", "image": image} for product in products]
    )
    approve_content(env, products)
    listings = env["kobo.listing"]._kobo_ensure(products, shop | google)
    env.flush_all()
    # nothing queued at the commit: its post-commit check would give the channels jobs
    env.cr.execute("UPDATE kobo_listing SET state = 'draft' WHERE state = 'queued'")
    env.invalidate_all()
    env["queue.job"].search([("state", "not in", ("done", "cancelled", "failed"))]).write({"state": "done"})
    env.flush_all()
    env.cr.commit()
    print(
        "BENCH_RUNNERS_SETUP " + json.dumps({"channels": [shop.id, google.id], "listings": len(listings)}),
        flush=True,
    )


def shell_queue(env, params):
    """Start from listings never pushed (no digest, no id, no feed rows), queue them all (the
    channels' jobs are created by the queueing, as a save or an approval creates them) and
    commit; prints the time of the commit."""
    channels = env["kobo.channel"].browse(params["channels"])
    listings = env["kobo.listing"].search([("channel_id", "in", channels.ids)])
    env.cr.execute(
        "UPDATE kobo_listing SET state = 'draft', payload_digest = NULL, external_id = NULL"
        " WHERE id = ANY(%s)",
        [listings.ids],
    )
    if "kobo.google.feed.row" in env:
        env.cr.execute("DELETE FROM kobo_google_feed_row WHERE listing_id = ANY(%s)", [listings.ids])
    env.invalidate_all()
    listings._kobo_queue("publish")
    env.flush_all()
    env.cr.commit()
    print("BENCH_RUNNERS_QUEUED " + json.dumps({"at": time.time(), "listings": len(listings)}), flush=True)


# --- the driver (bench.py's process) ---------------------------------------------------------------


def _shell(database, function, params, log):
    script = SHELL.format(tools=os.path.join(ROOT, "tools"), function=function, params=params)
    proc = odoo_env.odoo_shell(database, script, timeout=TIMEOUT)
    log.write(proc.stdout + proc.stderr)
    tag = {"shell_setup": "BENCH_RUNNERS_SETUP", "shell_queue": "BENCH_RUNNERS_QUEUED"}[function]
    found = [
        json.loads(line[len(tag) + 1 :]) for line in proc.stdout.splitlines() if line.startswith(tag + " ")
    ]
    if proc.returncode != 0 or not found:
        raise SetupError(f"runner_bench.{function} failed (see the bench log)")
    return found[0]


def _counts(database, channels):
    conn = odoo_env.connect(database)
    try:
        with conn.cursor() as cr:
            cr.execute(
                "SELECT state, count(*) FROM kobo_listing WHERE channel_id = ANY(%s) GROUP BY state",
                [channels],
            )
            states = dict(cr.fetchall())
            cr.execute(
                "SELECT count(*), count(*) FILTER (WHERE state NOT IN ('done', 'cancelled', 'failed'))"
                " FROM queue_job WHERE method_name = '_kobo_job_sync'"
            )
            jobs, active = cr.fetchone()
    finally:
        conn.close()
    return states, jobs, active


def _layout(catalogue, servers_count, channels, log):
    """In a copy of the catalogue's database (each layout starts from the same committed state,
    renditions and all), start the layout's servers, queue every listing, wait until none is
    queued and no job is left. Returns ``(seconds, jobs run)``."""
    database = f"{catalogue}_{servers_count}"
    odoo_env.clone_database(catalogue, database, DATA_DIR)
    try:
        return _run_layout(database, servers_count, channels, log)
    finally:
        odoo_env.drop_database(database)


def _issues(database, channels):
    """The first issues of the listings, to say why they were not published."""
    conn = odoo_env.connect(database)
    try:
        with conn.cursor() as cr:
            cr.execute(
                "SELECT DISTINCT issue.message FROM kobo_listing_issue issue"
                " JOIN kobo_listing listing ON listing.id = issue.listing_id"
                " WHERE listing.channel_id = ANY(%s) LIMIT 3",
                [channels],
            )
            return [row[0] for row in cr.fetchall()]
    finally:
        conn.close()


def _run_layout(database, servers_count, channels, log):
    from .cli import queue_job_channels
    from .odoo_servers import OdooServer, RoundRobinProxy

    with contextlib.ExitStack() as cleanup:
        servers = [
            OdooServer(
                name,
                database,
                workers=2,
                max_cron_threads=0,
                env={},
                log_prefix=f"bench-runners-{servers_count}",
            )
            for name in "ab"[:servers_count]
        ]
        balancer = RoundRobinProxy([server.port for server in servers])
        cleanup.callback(balancer.stop)
        for server in servers:
            server.env.update(
                {
                    "ODOO_QUEUE_JOB_CHANNELS": queue_job_channels(servers_count),
                    "ODOO_QUEUE_JOB_HOST": "127.0.0.1",
                    "ODOO_QUEUE_JOB_PORT": str(balancer.port),
                }
            )
            cleanup.callback(server.stop)
            server.start()
        for server in servers:
            server.wait_ready()
        # queue_job's runner starts a few seconds after the workers: the clock starts once the
        # elected runner listens, or the layout would be timed with its start-up
        deadline = time.monotonic() + 120
        while not any(RUNNER_READY in server.log_text() for server in servers):
            if time.monotonic() > deadline:
                raise SetupError(f"no queue_job runner became ready; see {servers[0].log_path}")
            time.sleep(0.5)
        __, jobs_before, __ = _counts(database, channels)
        queued = _shell(database, "shell_queue", {"channels": channels}, log)
        while True:
            states, jobs, active = _counts(database, channels)
            if not states.get("queued") and not active:
                break
            if time.time() - queued["at"] > TIMEOUT:
                raise SetupError(f"{servers_count} server(s) did not publish in {TIMEOUT} s: {states}")
            time.sleep(0.5)
        elapsed = time.time() - queued["at"]
        if states.get("published", 0) != queued["listings"]:
            raise SetupError(
                f"not every listing was published with {servers_count} server(s): {states};"
                f" {_issues(database, channels)}"
            )
        return elapsed, jobs - jobs_before


def run(scale, log, source):
    """The figures of this bench, as bench_scenarios' ``BENCH`` lines (dicts for print_table)."""
    count = max(1, round(LISTINGS * scale))  # benchkit.scaled, which needs Odoo
    step(f"Publishing {count} listings through the job runners (one server, then two)")
    catalogue = f"{source}_runners"
    odoo_env.clone_database(source, catalogue, DATA_DIR)
    try:
        channels = _shell(catalogue, "shell_setup", {"listings": count}, log)["channels"]
        one, one_jobs = _layout(catalogue, 1, channels, log)
        two, two_jobs = _layout(catalogue, 2, channels, log)
    finally:
        odoo_env.drop_database(catalogue)
    half = max(1, count // 2)
    name = (
        f"publish {2 * half} listings ({half} products on the web shop and a Google feed) through queue_job,"
        " two servers"
        f" (one elected runner, two jobs at once): {two_jobs} jobs, {count / two:,.0f} listings/s"
    )
    return [
        {
            "name": name,
            "ms": round(two * 1000, 1),
            "queries": 0,
            "baselines": [
                {
                    "name": f"one server, one job at a time: {one_jobs} jobs, {count / one:,.0f} listings/s",
                    "ms": round(one * 1000, 1),
                    "queries": 0,
                }
            ],
        }
    ]
