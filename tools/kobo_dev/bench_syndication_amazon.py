"""Bench: publishing changed listings to Amazon at the Listings Items API's 5 requests/s, against
the local fake SP-API started in-process (fake_servers/amazon.py, throttling at 5 requests/s with a
burst of 10, as Amazon's usage plan says), beside the budget itself: requests/s achieved against
5/s (target at least 90 %) and the 429s Amazon answered (target 0).

Then a season through the Feeds API (``SEASON_STYLES`` × scale styles of 6 colours × 8 sizes,
``KOBO_BENCH_AMAZON_STYLES`` to set it): every batch sent as JSON_LISTINGS_FEED documents
(``amazon_feed_threshold`` 1). The connector's waits run on a recorded clock (the fake SP-API
processes a feed in three getFeed polls): the figure is our time plus the waits Amazon's published
limits impose on the connector (createFeed once per 120 s after its burst, getFeed polls every
15 s), beside the per-item path's floor for the same SKUs: one putListingsItem each at 5/s.

Run by bench_scenarios.py inside `make bench`, in its own savepoint (rolled back). Each product
has one variant, so a listing is one putListingsItem. The listings are first published once with
the pacing and the server's throttle opened wide (not measured: images rendered, SKUs stored);
then every product's copy changes and the sync jobs run, until the queue is empty, at 5/s: that is
what is measured. The default is LISTINGS (100: about 20 s at 5/s, under a minute in all); the
issue's 5,000 changed listings is scale 50 (``make bench`` with --scale 50: 17 minutes of calls,
about 31 with the set-up; measured at 4.95 requests/s, 99 % of the budget, 0 throttled).
"""

import base64
import io
import os
import time
from unittest import mock

from PIL import Image
from stdnum import ean

from odoo import Command

from .benchkit import approve_content, colour_and_size, scaled, variant_lines

LISTINGS = 100
SEASON_STYLES = 100
SEASON_COLOURS, SEASON_SIZES = 6, 8
BUDGET = 5.0  # requests per second: Amazon's usage plan for putListingsItem


def _ean13(body):
    return body + ean.calc_check_digit(body)


def _png():
    output = io.BytesIO()
    Image.new("RGB", (500, 500), (30, 60, 90)).save(output, format="PNG")
    return base64.b64encode(output.getvalue())


def _channel(env, server, fake_amazon, code="bench_amazon_de", **extra):
    pricelist = env["product.pricelist"].create(
        {"name": "Bench Amazon EUR", "currency_id": env.ref("base.EUR").id}
    )
    env["res.lang"]._activate_lang("de_DE")
    return env["kobo.channel"].create(
        {
            "name": f"Bench Amazon.de {code}",
            "code": code,
            "connector": "amazon",
            "lang_ids": [Command.set(env.ref("base.lang_de").ids)],
            "pricelist_id": pricelist.id,
            "amazon_endpoint": server.url,
            "amazon_token_url": f"{server.url}{fake_amazon.TOKEN_PATH}",
            "amazon_seller_id": fake_amazon.DEMO_SELLER_ID,
            "amazon_marketplace_id": fake_amazon.DEMO_MARKETPLACE_ID,
            "amazon_product_type": "SHIRT",
            "amazon_lang_id": env.ref("base.lang_de").id,
            "amazon_untracked_quantity": 10,
            "amazon_client_id": fake_amazon.DEMO_CLIENT_ID,
            "amazon_client_secret": fake_amazon.DEMO_CLIENT_SECRET,
            "amazon_refresh_token": fake_amazon.DEMO_REFRESH_TOKEN,
            **extra,
        }
    )


def _setup(env, server, fake_amazon, count):
    # the per-item path at its budget: a push of these listings would go as a feed otherwise
    channel = _channel(env, server, fake_amazon, amazon_feed_threshold=0)
    products = env["product.template"].create(
        [
            {
                "name": f"Bench Amazon shirt {n}",
                "list_price": 40 + n % 60,
                "default_code": f"BENCH-AMZ-{n}",
                "barcode": _ean13(f"2{n:011d}"),
                "kobo_brand": "Bench",
                "kobo_gender": "male",
                "kobo_age_group": "adult",
                "kobo_marketing_name": f"Bench-Hemd {n}",
                "kobo_description": f"<p>Bench-Hemd {n} aus Leinen.</p>",
                "kobo_bullet_points": "Leinen\nPerlmuttknöpfe\nGerader Schnitt",
                "kobo_country_of_origin_id": env.ref("base.pt").id,
            }
            for n in range(count)
        ]
    )
    image = _png()
    env["kobo.asset"].create(
        [{"product_tmpl_id": product.id, "name": "front.png", "image": image} for product in products]
    )
    approve_content(env, products)
    listings = env["kobo.listing"]._kobo_ensure(products, channel)
    return channel, products, listings


def _sync_all(channel, listings):
    while True:
        queued = listings.filtered(lambda listing: listing.state == "queued")
        if not queued:
            return
        channel._kobo_job_sync()
        listings.invalidate_recordset(["state"])


def run(env, scale, measure, report):
    if "kobo.connector.amazon" not in env:
        return
    from odoo.addons.kobo_syndication_amazon.fake_servers import amazon as fake_amazon

    count = scaled(LISTINGS, scale)
    connector_class = type(env["kobo.connector.amazon"])
    server = fake_amazon.start(rate=10000.0, burst=10000)
    # the fake SP-API is on loopback: allowed as an administrator would allow it
    env["ir.config_parameter"].sudo().set_param("kobo_base.outbound_allowed_hosts", server.url.split("//")[1])
    try:
        channel, products, listings = _setup(env, server, fake_amazon, count)
        # Warm-up, not measured: the first publication, unpaced.
        with mock.patch.multiple(connector_class, _kobo_amazon_rate=10000.0, _kobo_amazon_burst=10000):
            listings._kobo_queue("publish")
            _sync_all(channel, listings)
        published = len(listings.filtered(lambda listing: listing.state == "published"))
        if published != count:
            raise RuntimeError(
                f"only {published} of {count} Amazon listings were published: "
                f"{listings[:1].state}, {listings[:1].issue_ids.mapped('message')[:3]}"
            )
        # Measured: every product's copy changed, published again at Amazon's 5 requests/s.
        state = server.state
        state.rate, state.burst, state._bucket = BUDGET, 10, {}
        before, throttled_before = len(state.requests), state.throttled
        products.write({"kobo_description": "<p>Neue Saison.</p>"})
        approve_content(env, products)  # the new copy approved, as the PIM manager does
        listings._kobo_queue("publish")
        kobo = measure(env, lambda: _sync_all(channel, listings))
        requests = len(state.requests) - before
        throttled = state.throttled - throttled_before
        rate = requests / (kobo[0] / 1000) if kobo[0] else 0.0
        ok = len(listings.filtered(lambda listing: listing.state == "published"))
        report(
            f"amazon: {count} changed listings, {requests} requests, {rate:.2f} requests/s = "
            f"{100 * rate / BUDGET:.0f} % of the {BUDGET:g}/s budget, {throttled} throttled (429), "
            f"{ok}/{published} published",
            kobo,
            (requests / BUDGET * 1000, 0),
            f"the budget: {requests} requests at {BUDGET:g}/s",
        )
        styles = int(os.environ.get("KOBO_BENCH_AMAZON_STYLES") or scaled(SEASON_STYLES, scale))
        _season(env, server, fake_amazon, styles, measure, report)
    finally:
        server.stop()


def _feed_floor(feeds):
    """The least seconds Amazon's published limits allow ``feeds`` JSON_LISTINGS_FEED submissions:
    createFeed 0.0083/s after a burst of 15, and 5 JSON listings feeds per 5 minutes."""
    return max(max(0, feeds - 15) / 0.0083, max(0, feeds - 5) * 60.0)


class _RecordedClock:
    """The connector's clock and sleep: real time plus the waits it asked for, not slept."""

    def __init__(self):
        self.waited = 0.0

    def clock(self):
        return time.monotonic() + self.waited

    def sleep(self, seconds):
        self.waited += max(0.0, seconds)


def _season(env, server, fake_amazon, styles, measure, report):
    """A season of ``styles`` × 48 variants published as JSON_LISTINGS_FEED documents."""
    # the connector paces itself on the recorded clock: the fake's own buckets (real time) open wide
    server.state.rate, server.state.burst, server.state._bucket = 10000.0, 10000, {}
    plans = server.state.feed_usage_plans
    server.state.feed_usage_plans = {operation: (10000.0, 10000) for operation in plans}
    channel = _channel(env, server, fake_amazon, "bench_amazon_season", amazon_feed_threshold=1)
    colour, size = colour_and_size(env, "Bench Amazon season", SEASON_COLOURS, SEASON_SIZES)
    products = env["product.template"].create(
        [
            {
                "name": f"Bench Amazon season shirt {n}",
                "list_price": 40 + n % 60,
                "kobo_item_group": f"BAS-{n:05d}",
                "kobo_brand": "Bench",
                "kobo_gender": "male",
                "kobo_age_group": "adult",
                "kobo_marketing_name": f"Saisonhemd {n}",
                "kobo_description": f"<p>Saisonhemd {n} aus Leinen.</p>",
                "kobo_bullet_points": "Leinen\nPerlmuttknöpfe\nGerader Schnitt",
                "kobo_country_of_origin_id": env.ref("base.pt").id,
                "attribute_line_ids": variant_lines(colour, size),
            }
            for n in range(styles)
        ]
    )
    variants = products.product_variant_ids
    rows = [(variant.id, f"BAS-{variant.id}", _ean13(f"3{variant.id:011d}")) for variant in variants]
    env.cr.execute(
        "UPDATE product_product p SET default_code = v.code, barcode = v.barcode"
        " FROM unnest(%s::int[], %s::text[], %s::text[]) AS v(id, code, barcode) WHERE p.id = v.id",
        [[row[0] for row in rows], [row[1] for row in rows], [row[2] for row in rows]],
    )
    env.invalidate_all()
    image = _png()
    env["kobo.asset"].create(
        [{"product_tmpl_id": product.id, "name": "front.png", "image": image} for product in products]
    )
    approve_content(env, products)
    listings = env["kobo.listing"]._kobo_ensure(products, channel)
    listings._kobo_queue("publish")
    state = server.state
    feeds_before, stored_before = len(state.feeds), len(state.listings)
    clock = _RecordedClock()
    connector_class = type(env["kobo.connector.amazon"])
    with mock.patch.multiple(connector_class, _kobo_sleep=clock.sleep, _kobo_amazon_clock=clock.clock):
        kobo = measure(env, lambda: _sync_all(channel, listings))
    published = len(listings.filtered(lambda listing: listing.state == "published"))
    if published != styles:
        left = listings.filtered(lambda listing: listing.state != "published")
        raise RuntimeError(
            f"only {published} of {styles} season listings were published: "
            f"{left[:1].state}, {left[:1].issue_ids.mapped('message')[:3]}"
        )
    skus = len(variants) + styles  # each variant, and each style's parent SKU
    feeds = len(state.feeds) - feeds_before
    stored = len(state.listings) - stored_before
    report(
        f"amazon: a season of {styles} styles x {SEASON_COLOURS * SEASON_SIZES} variants ({skus} SKUs) as "
        f"JSON_LISTINGS_FEED: {feeds} feed(s), {stored} SKUs stored; our time and the connector's own "
        f"waits ({clock.waited:,.0f} s, polls and pacing); Amazon's feed limits add at least "
        f"{_feed_floor(feeds):,.0f} s for {feeds} feeds",
        (kobo[0] + clock.waited * 1000, kobo[1]),
        (skus / BUDGET * 1000, 0),
        f"per-item path's floor: {skus} putListingsItem at {BUDGET:g}/s",
    )
