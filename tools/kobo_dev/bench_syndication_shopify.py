"""Bench: publishing changed listings to the local fake Shopify under Shopify's cost budget
(bucket 1,000 points, restore 50 points/s: the Standard plan's figures the issue names), beside
the budget itself (the least time those points can take: (points − bucket) ÷ restore rate).

Reports the share of the budget used (points spent ÷ (bucket + restore × elapsed); target ≥ 90 %)
and the calls Shopify throttled (target 0). Each product costs productSet 10 +
translatableResource 3 + translationsRegister 10 points (the fake shop's fixed figures: Shopify
charges 10 per mutation), with 2 colours × 4 sizes and an English + German channel.

The budget, not our code, sets the pace, so the default run is 300 listings × scale (about two
minutes). The issue's 5,000 listings (about 40 minutes of budget) run with
``KOBO_BENCH_SHOPIFY_LISTINGS=5000`` in the environment of ``make bench`` or of the one-scenario
command in docs/syndication-shopify.md.

Then a season's bulk publish (``SEASON`` × scale listings, ``KOBO_BENCH_SHOPIFY_SEASON`` to set
it): the same kind of products on a second channel whose every batch goes through Shopify's bulk
mutations (``shopify_bulk_threshold`` 1: a ``productSet`` bulk operation and a
``translationsRegister`` one per batch, the ``kobo`` metafields batched 25 a call), beside the
per-product path's own floor for as many listings: the points the per-product run spent per
listing, at 50 points/s after the bucket. The fake shop starts and finishes a bulk operation at
once (Shopify publishes no throughput for them), so the figure is our side: building, the JSONL,
the polls (the connector's first poll waits 1 s) and reading the results back.

Run by bench_scenarios.py inside `make bench`, in its own savepoint (rolled back).
"""

import os
import time

from odoo import Command
from odoo.addons.kobo_syndication_shopify.fake_servers import shopify as fake_shopify

from .benchkit import approve_content, colour_and_size, scaled, variant_lines

LISTINGS = 300
SEASON = 5000
BUCKET = 1000
RESTORE = 50
TOKEN = "shpat_bench_0000"  # noqa: S105 - the in-process fake shop's token


def run(env, scale, measure, report):
    if "kobo.connector.shopify" not in env:
        return
    count = int(os.environ.get("KOBO_BENCH_SHOPIFY_LISTINGS") or scaled(LISTINGS, scale))
    server = fake_shopify.start(
        token=TOKEN, bucket_size=BUCKET, restore_rate=RESTORE, locales=("en", "de"), primary_locale="en"
    )
    # the fake shop is on loopback: allowed as an administrator would allow it
    env["ir.config_parameter"].sudo().set_param("kobo_base.outbound_allowed_hosts", server.url.split("//")[1])
    # the fake shop runs a bulk operation as soon as it is created
    server.state.bulk_start_seconds = server.state.bulk_seconds_per_line = 0.0
    try:
        points_per_listing = _publish(env, server, count, measure, report)
        season = int(os.environ.get("KOBO_BENCH_SHOPIFY_SEASON") or scaled(SEASON, scale))
        _bulk_publish(env, server, season, points_per_listing, measure, report)
    finally:
        server.stop()


def _catalogue(env, server, label, count, bulk_threshold):
    """A Shopify channel (English and German) and ``count`` approved tees of 2 colours × 4 sizes
    queued on it; ``(channel, listings)``."""
    env["res.lang"]._activate_lang("de_DE")
    langs = env["res.lang"]._lang_get("en_US") | env["res.lang"]._lang_get("de_DE")
    channel = env["kobo.channel"].create(
        {
            "name": f"Bench Shopify {label}",
            "code": f"bench_shopify_{label}",
            "connector": "shopify",
            "lang_ids": [Command.set(langs.ids)],
            "pricelist_id": env["product.pricelist"].create({"name": "Bench Shopify"}).id,
            "shopify_shop_url": server.url,
            "shopify_access_token": TOKEN,
            "shopify_primary_lang_id": langs[0].id,
            "shopify_bulk_threshold": bulk_threshold,
        }
    )
    colour, size = colour_and_size(env, f"Bench Shopify {label}", 2, 4)
    products = env["product.template"].create(
        [
            {
                "name": f"Bench Shopify {label} tee {n}",
                "list_price": 20 + n % 30,
                "kobo_brand": "Bench",
                "kobo_description": f"<p>Bench tee {n}.</p>",
                "attribute_line_ids": variant_lines(colour, size),
            }
            for n in range(count)
        ]
    )
    env.cr.execute(
        "UPDATE product_product SET default_code = 'BS-' || id WHERE product_tmpl_id IN %s",
        [tuple(products.ids)],
    )
    env.invalidate_all()
    approve_content(env, products)
    listings = env["kobo.listing"]._kobo_ensure(products, channel)
    listings._kobo_queue("publish")
    return channel, listings


def _publish_all(channel, listings):
    def publish_all():
        while listings.filtered(lambda listing: listing.state == "queued"):
            channel._kobo_job_sync()
            listings.invalidate_recordset(["state"])

    return publish_all


def _publish(env, server, count, measure, report):
    """The per-product path at the points budget. Returns the points it spent per listing."""
    channel, listings = _catalogue(env, server, "tees", count, 0)
    state = server.state
    publish_all = _publish_all(channel, listings)
    started = time.monotonic()
    kobo = measure(env, publish_all)
    elapsed = time.monotonic() - started
    published = len(listings.filtered(lambda listing: listing.state == "published"))
    if published != count:
        raise RuntimeError(f"only {published} of {count} Shopify listings were published")
    budget = BUCKET + RESTORE * elapsed
    least = max(state.points_spent - BUCKET, 0) / RESTORE
    report(
        f"shopify: publish {count} changed listings "
        f"({published} published, {len(state.products)} in the shop): "
        f"{state.points_spent:,.0f} of a {budget:,.0f}-point budget used ({state.points_spent / budget:.0%}, "
        f"target ≥ 90 %), {state.throttled} throttled calls (target 0), "
        f"{sum(state.calls.values())} calls",
        kobo,
        (least * 1000, 0),
        f"the budget itself: {state.points_spent:,.0f} points at {RESTORE}/s after a {BUCKET}-point bucket",
    )
    return state.points_spent / count


def _bulk_publish(env, server, count, points_per_listing, measure, report):
    """A season through the bulk mutations, beside the per-product path's floor for as many."""
    state = server.state
    points_before, calls_before = state.points_spent, sum(state.calls.values())
    products_before = len(state.products)
    channel, listings = _catalogue(env, server, "season", count, 1)
    kobo = measure(env, _publish_all(channel, listings))
    published = len(listings.filtered(lambda listing: listing.state == "published"))
    if published != count or len(state.products) - products_before != count:
        left = listings.filtered(lambda listing: listing.state != "published")
        raise RuntimeError(
            f"the bulk publish left {count - published} of {count} listings unpublished "
            f"({len(state.products) - products_before} products in the shop): "
            f"{left[:1].issue_ids.mapped('message')[:3]}"
        )
    points = state.points_spent - points_before
    floor = max(points_per_listing * count - BUCKET, 0) / RESTORE
    report(
        f"shopify: a season's bulk publish, {count} listings through bulk operations "
        f"({sum(state.calls.values()) - calls_before} calls, {points:,.0f} points, "
        f"{state.throttled} throttled)",
        kobo,
        (floor * 1000, 0),
        f"per-product path at the budget: {points_per_listing:,.1f} points a listing for {count} listings "
        f"at {RESTORE}/s after the {BUCKET}-point bucket",
    )
