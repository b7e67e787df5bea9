"""Two Odoo servers in worker mode on one database, as two machines of a deployment run them.

Each server is `tools/kobo.py serve --workers 2 --max-cron-threads 1` (the command behind
`make run WORKERS=2`) with OCA queue_job's runner; both runners call /queue_job/runjob through
one round-robin load balancer, so jobs run in the worker processes of both. A season of products
(copies of the demo's approved products) is approved at once, which queues its listings on every
channel (the web shop, the Google feed, the retailer sheet, and the Shopify and Amazon stand-ins),
while two users edit copy and prices over XML-RPC, one on each server. In the middle of a Shopify
push, the worker running it is killed (SIGKILL): queue_job finds the job dead and runs it again.
Once all is published, the server whose runner is elected is killed whole, as a machine lost: the
other server's runner takes over and runs the next save's job; the lost server is started again.

Then: no product was pushed by two workers at once (the stand-ins count requests in flight per
product, across both servers' processes); every listing is published with the digest of its
content as it is now, and the stand-ins hold that content (nothing published with older content,
nothing lost, nothing created twice); the marketplaces' budgets held (calls per second counted by
the stand-ins); each cron ran once; the completeness cells equal a full recomputation; the Google
feed, fetched from each server as Google fetches it, is the same file, naming every variant.

Needs KOBO_E2E_DB: a copy of the database `make test` installed every addon into, with demo data
(`make test` makes it: tools/kobo_dev/testrun.py). The servers' logs are .local/log/multiworker-*.log;
the figures measured, .local/log/multiworker-report.json.
"""

import contextlib
import json
import os
import signal
import threading
import time
import urllib.request
import xmlrpc.client

import multiworker
import multiworker_db
import psycopg2
import pytest
from kobo_dev.cli import queue_job_channels

PRODUCTS = 8  # the season: copies of the demo's two approved products (8 and 10 variants)
EDITS = 3  # products whose copy one user edits (then approved), and whose price another changes
SHOPIFY_BUCKET, SHOPIFY_RESTORE = 1000, 50  # points and points per second (Shopify's standard plan)
AMAZON_RATE, AMAZON_BURST = 5.0, 10  # Listings Items API usage plan: 5 requests/s, burst 10
HOLD_SECONDS = 3  # the Shopify push whose worker is killed is answered this late
EDIT_TIMEOUT = 180  # seconds for the users' saves (each may wait for a sync job holding its listings)
QUIET_TIMEOUT = 180  # seconds for every job to finish after the edits
RUNNER_READY = "queue_job.jobrunner.runner: queue job runner ready for db"


class Rpc:
    """XML-RPC as one user on one server (one connection per thread)."""

    def __init__(self, url, database, login, password):
        self.database, self.password = database, password
        self.uid = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/common").authenticate(
            database, login, password, {}
        )
        if not self.uid:
            raise AssertionError(f"{login} could not log in on {url}")
        self.models = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/object", allow_none=True)

    def __call__(self, model, method, *args, **kwargs):
        # Two users saving the same row: Odoo retries a serialization failure itself, a few times;
        # a user whose save still failed saves again.
        for attempt in range(5):
            try:
                return self.models.execute_kw(
                    self.database, self.uid, self.password, model, method, list(args), kwargs
                )
            except xmlrpc.client.Fault as fault:
                if (
                    "serializ" not in fault.faultString
                    and "concurrent" not in fault.faultString
                    or attempt == 4
                ):
                    raise
                time.sleep(0.5)
        return None


@pytest.fixture(scope="module")
def e2e_database():
    name = os.environ.get("KOBO_E2E_DB")
    if not name:
        pytest.fail("KOBO_E2E_DB is not set: run these tests through `make test` (a copy of KOBO_TEST_DB).")
    return name


def _query(pg_params, database, sql, args=()):
    conn = psycopg2.connect(dbname=database, **pg_params)
    try:
        with conn.cursor() as cr:
            cr.execute(sql, args)
            return cr.fetchall()
    finally:
        conn.close()


def _wait(what, predicate, timeout, interval=1.0):
    deadline = time.monotonic() + timeout
    while True:
        found = predicate()
        if found:
            return found
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(interval)


def _timed(saves, call, *args, **kwargs):
    """`call(*args, **kwargs)`, its wall time noted in `saves` (what the user waited)."""
    begun = time.monotonic()
    result = call(*args, **kwargs)
    saves.append(time.monotonic() - begun)
    return result


def _edit_copy(server_url, database, products, enrichments, edits, errors, saves):
    """The catalogue user rewrites a product's description; the administrator (PIM manager)
    approves the new copy, which queues the product again."""
    try:
        catalogue = Rpc(server_url, database, "catalogue", "catalogue")
        manager = Rpc(server_url, database, "admin", "admin")
        for number, product_id in enumerate(products[:edits]):
            _timed(
                saves,
                catalogue,
                "product.template",
                "write",
                [product_id],
                {"kobo_description": f"<p>Rewritten for the season, take {number}.</p>"},
                context={"lang": "en_US"},
            )
            enrichment = enrichments[str(product_id)]
            [state] = manager("kobo.enrichment", "read", [enrichment], ["state"])
            if state["state"] == "in_review":
                _timed(saves, manager, "kobo.enrichment", "action_approve", [enrichment])
            else:
                errors.append(
                    f"copy editor: product {product_id} was {state['state']} after its copy changed"
                )
            time.sleep(0.5)
    except Exception as exc:
        errors.append(f"copy editor: {exc!r}")


def _edit_prices(server_url, database, products, edits, errors, saves):
    """The administrator changes list prices (no approval: prices are not content)."""
    try:
        admin = Rpc(server_url, database, "admin", "admin")
        for product_id in products[-edits:]:
            [product] = admin("product.template", "read", [product_id], ["list_price"])
            _timed(
                saves,
                admin,
                "product.template",
                "write",
                [product_id],
                {"list_price": product["list_price"] + 1},
            )
            time.sleep(0.3)
    except Exception as exc:
        errors.append(f"price editor: {exc!r}")


def _start_servers(cleanup, database):
    """Two servers of two HTTP workers each (one cron worker, queue_job's runner), whose runners
    call /queue_job/runjob through one load balancer: three jobs at once in all."""
    servers = [multiworker.OdooServer(name, database, workers=2, max_cron_threads=1, env={}) for name in "ab"]
    balancer = multiworker.RoundRobinProxy([server.port for server in servers])
    cleanup.callback(balancer.stop)
    for server in servers:
        server.env.update(
            {
                "ODOO_QUEUE_JOB_CHANNELS": queue_job_channels(3),
                "ODOO_QUEUE_JOB_HOST": "127.0.0.1",
                "ODOO_QUEUE_JOB_PORT": str(balancer.port),
            }
        )
        cleanup.callback(server.stop)
        server.start()
    return servers, balancer


def _kill_worker_of_held_push(pg_params, database, servers, recorder):
    """SIGKILL the worker waiting for the held Shopify answer (the push was carried out; its job's
    transaction dies with the process). Returns the job's uuid and the server it ran on."""
    assert recorder.held.wait(120), "no Shopify productSet arrived within 120 s"
    [(uuid, worker_pid)] = _wait(
        "the started Shopify job",
        lambda: _query(
            pg_params,
            database,
            "SELECT uuid, worker_pid FROM queue_job WHERE state = 'started'"
            " AND channel = 'root.kobo_syndication.shopify' AND worker_pid IS NOT NULL",
        ),
        10,
        0.2,
    )
    owner = next((server for server in servers if worker_pid in server.pids()), None)
    assert owner, f"the job's worker {worker_pid} is not a process of the test's servers"
    os.kill(worker_pid, signal.SIGKILL)
    return uuid, owner.name


def _wait_until_quiet(pg_params, database, products, started):
    """Every job done and no listing of `products` queued; then the forced crons run."""

    def quiet():
        [(active,)] = _query(
            pg_params,
            database,
            "SELECT count(*) FROM queue_job"
            " WHERE state IN ('pending', 'enqueued', 'started', 'wait_dependencies')",
        )
        [(queued,)] = _query(
            pg_params,
            database,
            "SELECT count(*) FROM kobo_listing WHERE state = 'queued' AND product_tmpl_id = ANY(%s)",
            (products,),
        )
        return active == 0 and queued == 0

    try:
        _wait("every job to finish", quiet, QUIET_TIMEOUT)
    except AssertionError:
        states = _query(pg_params, database, "SELECT channel, state, count(*) FROM queue_job GROUP BY 1, 2")
        raise AssertionError(f"jobs still running after {QUIET_TIMEOUT} s: {states}") from None
    forced = list(multiworker_db.FORCED_CRONS)
    _wait(
        "the forced crons to run",
        lambda: _query(
            pg_params,
            database,
            "SELECT count(DISTINCT cron_id) FROM ir_cron_progress WHERE create_date >= %s AND cron_id IN"
            " (SELECT res_id FROM ir_model_data WHERE model = 'ir.cron' AND module || '.' || name = ANY(%s))",
            (started, forced),
        )[0][0]
        == len(forced),
        90,
    )


def _assert_published_as_now(listings, shop, amazon):
    """Every listing published with the digest of its content now, and the stand-ins hold that
    content, each product once."""
    not_published = [
        (row["channel"], row["product"], row["state"], row["issues"])
        for row in listings
        if row["state"] != "published"
    ]
    assert not not_published, f"listings not published: {not_published}"
    stale = [(row["channel"], row["product"]) for row in listings if row["digest"] != row["digest_now"]]
    assert not stale, f"published with a digest that is not their content's now: {stale}"

    shopify_rows = [row for row in listings if row["connector"] == "shopify"]
    handles = {row["payload"]["handle"] for row in shopify_rows}
    ours = [product for product in shop.state.products.values() if product["handle"] in handles]
    assert len(ours) == len(shopify_rows) == PRODUCTS, (len(ours), len(shopify_rows))
    assert len(shop.state.products) == len(ours), "the Shopify stand-in holds products nobody asked for"
    for row in shopify_rows:
        product = shop.state.product_by_handle(row["payload"]["handle"])
        assert row["external_id"] == product["id"], row["payload"]["handle"]
        shown = {
            "title": product["title"],
            "descriptionHtml": product["descriptionHtml"],
            "variants": {variant["sku"]: variant["price"] for variant in product["variants"]},
        }
        wanted = {key: row["payload"][key] for key in ("title", "descriptionHtml", "variants")}
        assert shown == wanted, f"Shopify shows {row['payload']['handle']} with older content"

    from odoo.addons.kobo_syndication_amazon.fake_servers.amazon import DEMO_SELLER_ID

    expected_skus = set()
    for row in (row for row in listings if row["connector"] == "amazon"):
        for part in ("product", "offers"):
            for sku, attributes in row["payload"][part].items():
                expected_skus.add(sku)
                stored = amazon.state.listings.get((DEMO_SELLER_ID, sku))
                assert stored, f"Amazon has no listing {sku}"
                for name, value in attributes.items():
                    shown = json.loads(json.dumps(stored["attributes"].get(name)))
                    assert shown == json.loads(
                        json.dumps(value)
                    ), f"Amazon shows {sku}'s {name} with older content"
    assert set(amazon.state.skus()) == expected_skus


def _measure(report, shop, amazon, shopify_recorder, amazon_recorder):
    """The marketplaces' calls as their stand-ins counted them, from both servers' processes."""
    amazon_times = [at for at, operation in amazon_recorder.arrivals if operation]
    shopify_times = [at for at, _cost in shopify_recorder.costs]
    shopify_points = [cost for _at, cost in shopify_recorder.costs]
    report["shopify"] = {
        "calls": len(shopify_recorder.arrivals),
        "points": sum(shopify_points),
        "throttled": shop.state.throttled,
        "most_points": {
            f"{window}s": multiworker.max_in_window(shopify_times, window, shopify_points)
            for window in (1, 10, 30)
        },
        "overlaps": len(shopify_recorder.overlaps),
    }
    report["amazon"] = {
        "calls": len(amazon_times),
        "throttled": amazon.state.throttled,
        "most_calls": {
            f"{window}s": multiworker.max_in_window(amazon_times, window) for window in (1, 3, 10)
        },
        "overlaps": len(amazon_recorder.overlaps),
    }


def _assert_feed_served_alike(pg_params, database, servers, skus):
    """The Google feed (XML and TSV), fetched from each server as Google would: the same bytes,
    naming every variant of the season. Returns its size and generation."""
    feeds = _query(
        pg_params,
        database,
        "SELECT feed.id, feed.token, feed.generation FROM kobo_google_feed feed"
        " JOIN kobo_channel channel ON channel.id = feed.channel_id"
        " WHERE channel.code = 'google_de' AND feed.token IS NOT NULL ORDER BY feed.id",
    )
    assert feeds, "the demo's Google channel has a feed with an address"
    served = {}
    for feed_id, token, _generation in feeds:
        for fmt in ("xml", "tsv"):
            bodies = []
            for server in servers:
                url = f"{server.url}/kobo/feed/{feed_id}/{token}.{fmt}"
                with urllib.request.urlopen(url, timeout=120) as response:  # noqa: S310
                    assert response.status == 200, (url, response.status)
                    bodies.append(response.read())
            assert bodies[0] == bodies[1], f"the two servers serve different {fmt} files of feed {feed_id}"
            served[(feed_id, fmt)] = bodies[0]
    xml = b"".join(body for (_feed, fmt), body in served.items() if fmt == "xml").decode()
    missing = [sku for sku in skus if f"<g:id>{sku}</g:id>" not in xml]
    assert not missing, f"{len(missing)} variants of the season are not in the feed: {missing[:5]}"
    return {"feeds": len(feeds), "bytes": sum(len(body) for body in served.values())}


def _fail_over(pg_params, database, servers, products, started):
    """SIGKILL the whole server whose runner is elected (its master, workers and runner, as a
    machine lost), save a price on the other server, and wait for the other's runner to take
    over and run the job; then start the lost server again. Returns the lost server's name."""
    elected = [server for server in servers if RUNNER_READY in server.log_text()]
    assert len(elected) == 1, f"runners ready for the database: {[server.name for server in elected]}"
    [lost], [survivor] = elected, [server for server in servers if server not in elected]
    lost.stop(signal.SIGKILL)
    admin = Rpc(survivor.url, database, "admin", "admin")
    [product] = admin("product.template", "read", [products[0]], ["list_price"])
    admin("product.template", "write", [products[0]], {"list_price": product["list_price"] + 5})
    _wait(f"server {survivor.name}'s runner to take over", lambda: RUNNER_READY in survivor.log_text(), 60)
    _wait_until_quiet(pg_params, database, products, started)
    lost.start()
    lost.wait_ready()
    return lost.name


def _assert_budgets_held(report, amazon):
    """The marketplaces' budgets held across both servers' processes."""
    for window, most in report["amazon"]["most_calls"].items():
        assert most <= AMAZON_BURST + AMAZON_RATE * int(window[:-1]), f"{most:g} Amazon calls within {window}"
    assert amazon.state.throttled == 0, f"Amazon throttled {amazon.state.throttled} calls (429)"
    for window, most in report["shopify"]["most_points"].items():
        limit = SHOPIFY_BUCKET + SHOPIFY_RESTORE * int(window[:-1])
        assert most <= limit, f"{most:g} Shopify points within {window}"


def _assert_jobs_and_crons(check, killed_uuid, logs, balancer, servers):
    """The killed worker's job was found dead, ran again and finished; no job failed; jobs ran on
    both servers; each cron ran once, however many cron workers found it due, and no two runs of
    a cron overlapped."""
    jobs = {job["uuid"]: job for job in check["jobs"]}
    assert jobs[killed_uuid]["state"] == "done", jobs[killed_uuid]
    assert jobs[killed_uuid]["retry"] >= 1, jobs[killed_uuid]
    assert any(f"Re-queued dead job with uuid: {killed_uuid}" in text for text in logs.values())
    assert not [job for job in check["jobs"] if job["state"] == "failed"]
    assert all(
        balancer.counts[server.port] for server in servers
    ), f"jobs ran on one server only: {balancer.counts}"
    for xmlid in check["forced_crons"]:
        assert check["crons"][xmlid]["runs"] == 1, (xmlid, check["crons"][xmlid])
    assert not [xmlid for xmlid, runs in check["crons"].items() if runs["overlapping"]]


def test_two_servers_publish_a_season_while_users_edit(e2e_database, pg_params):
    started = time.monotonic()
    multiworker.load_odoo_addons()
    shopify_recorder, amazon_recorder = multiworker.Recorder(), multiworker.Recorder()
    report = {"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "cpus": os.cpu_count()}
    with contextlib.ExitStack() as cleanup:
        shop = multiworker.start_shopify(
            shopify_recorder, bucket_size=SHOPIFY_BUCKET, restore_rate=SHOPIFY_RESTORE
        )
        cleanup.callback(shop.stop)
        sku_keys = {}
        amazon = multiworker.start_amazon(amazon_recorder, sku_keys, rate=AMAZON_RATE, burst=AMAZON_BURST)
        cleanup.callback(amazon.stop)
        setup = multiworker.odoo_shell(
            e2e_database,
            "setup",
            {
                "products": PRODUCTS,
                "shopify_url": shop.url,
                "shopify_host": shop.url.split("//")[1],
                "amazon_url": amazon.url,
                "amazon_host": amazon.url.split("//")[1],
            },
        )
        sku_keys.update(setup["amazon_skus"])
        products = setup["products"]
        assert set(setup["listings"]) == {
            "webshop",
            "google_de",
            "shopify_jp",
            "amazon_de",
            "nordic_dept",
        }, setup

        servers, balancer = _start_servers(cleanup, e2e_database)
        # Armed before any job runs: the season's first productSet is answered late.
        shopify_recorder.hold_next("productSet", HOLD_SECONDS)
        for server in servers:
            server.wait_ready()
        report["servers_ready_s"] = round(time.monotonic() - started, 1)

        errors, saves = [], []
        editors = [
            threading.Thread(
                target=_edit_copy,
                args=(servers[0].url, e2e_database, products, setup["enrichments"], EDITS, errors, saves),
            ),
            threading.Thread(
                target=_edit_prices, args=(servers[1].url, e2e_database, products, EDITS, errors, saves)
            ),
        ]
        for editor in editors:
            editor.start()
        killed_uuid, killed_on = _kill_worker_of_held_push(pg_params, e2e_database, servers, shopify_recorder)
        report["killed"] = {"server": killed_on, "job": killed_uuid, "product": shopify_recorder.held_key}
        for editor in editors:
            editor.join(EDIT_TIMEOUT)
        assert not any(
            editor.is_alive() for editor in editors
        ), f"the users' saves took over {EDIT_TIMEOUT} s"
        assert not errors, errors
        report["saves_s"] = sorted(round(seconds, 1) for seconds in saves)

        _wait_until_quiet(pg_params, e2e_database, products, setup["started"])
        report["published_s"] = round(time.monotonic() - started, 1)
        report["runner_lost_with_server"] = _fail_over(
            pg_params, e2e_database, servers, products, setup["started"]
        )
        report["failed_over_s"] = round(time.monotonic() - started, 1)
        report["google_feed"] = _assert_feed_served_alike(pg_params, e2e_database, servers, setup["skus"])
        logs = {server.name: server.log_text() for server in servers}
        for server in servers:
            server.stop()
        check = multiworker.odoo_shell(
            e2e_database, "check", {"products": products, "started": setup["started"]}
        )

    _measure(report, shop, amazon, shopify_recorder, amazon_recorder)
    report.update(
        {
            "elapsed_s": round(time.monotonic() - started, 1),
            "products": PRODUCTS,
            "listings": setup["listings"],
            "jobs": len(check["jobs"]),
            "runjob_calls_per_server": {server.name: balancer.counts[server.port] for server in servers},
            "cells": check["cells"],
        }
    )
    with open(os.path.join(multiworker.LOG_DIR, "multiworker-report.json"), "w", encoding="utf-8") as out:
        json.dump(report, out, indent=2)

    # Nothing lost, nothing published with older content, nothing created twice.
    _assert_published_as_now(check["listings"], shop, amazon)

    # No product pushed by two workers at once, across both servers.
    assert (
        not shopify_recorder.overlaps
    ), f"Shopify products pushed twice at once: {shopify_recorder.overlaps[:5]}"
    assert (
        not amazon_recorder.overlaps
    ), f"Amazon products pushed twice at once: {amazon_recorder.overlaps[:5]}"

    _assert_budgets_held(report, amazon)
    _assert_jobs_and_crons(check, killed_uuid, logs, balancer, servers)

    # The cells the edits recomputed one by one are what a full recomputation gives.
    assert check["cells"], "no completeness cells"
    assert not check["cell_differences"], check["cell_differences"][:5]
