"""Bench: publishing changed listings to Amazon at the Listings Items API's 5 requests/s, against
the local fake SP-API started in-process (fake_servers/amazon.py, throttling at 5 requests/s with a
burst of 10, as Amazon's usage plan says), beside the budget itself: requests/s achieved against
5/s (target at least 90 %) and the 429s Amazon answered (target 0).

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
from unittest import mock

from PIL import Image
from stdnum import ean

from odoo import Command

from .benchkit import approve_content, scaled

LISTINGS = 100
BUDGET = 5.0  # requests per second: Amazon's usage plan for putListingsItem


def _ean13(body):
    return body + ean.calc_check_digit(body)


def _png():
    output = io.BytesIO()
    Image.new("RGB", (500, 500), (30, 60, 90)).save(output, format="PNG")
    return base64.b64encode(output.getvalue())


def _setup(env, server, fake_amazon, count):
    pricelist = env["product.pricelist"].create(
        {"name": "Bench Amazon EUR", "currency_id": env.ref("base.EUR").id}
    )
    env["res.lang"]._activate_lang("de_DE")
    channel = env["kobo.channel"].create(
        {
            "name": "Bench Amazon.de",
            "code": "bench_amazon_de",
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
        }
    )
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
    finally:
        server.stop()
