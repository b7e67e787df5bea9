"""The multi-server test's work inside the database, run in Odoo's shell (multiworker.odoo_shell)
while no server runs: `setup` before the servers start, `check` after they stopped.

Both take the shell's environment (superuser) and the test's parameters, and return what the
test asserts on as JSON-able data.
"""

import datetime
import itertools

#: The demo's approved products whose copies make the season: every channel publishes them.
SOURCE_PRODUCTS = ("Merino Half-Zip Pullover", "Recycled Fleece Zip Hoodie")
#: Crons both servers' cron workers find due at start: each must run once.
FORCED_CRONS = (
    "kobo_syndication_google.ir_cron_kobo_google_feed_generate",
    "kobo_syndication.ir_cron_kobo_requeue_dated_price_rules",
)


def setup(env, params):
    """Point the demo channels at the stand-ins, copy the demo's approved products into a season
    of `params["products"]`, approve their content (the automation queues their listings on every
    channel), make the crons of FORCED_CRONS due, and commit."""
    from stdnum import ean

    from odoo import fields
    from odoo.addons.kobo_base.models.kobo_workflow_mixin import privileged

    config = env["ir.config_parameter"].sudo()
    allowed = [
        entry for entry in (config.get_param("kobo_base.outbound_allowed_hosts") or "").split(",") if entry
    ]
    config.set_param(
        "kobo_base.outbound_allowed_hosts",
        ",".join([*allowed, params["shopify_host"], params["amazon_host"]]),
    )
    env.ref("kobo_pim.channel_shopify_jp").shopify_shop_url = params["shopify_url"]
    env.ref("kobo_pim.channel_amazon_de").write(
        {
            "amazon_endpoint": params["amazon_url"],
            "amazon_token_url": params["amazon_url"] + "/auth/o2/token",
            "amazon_access_token": False,
        }
    )
    sources = env["product.template"].search([("name", "in", SOURCE_PRODUCTS)], order="name")
    if len(sources) != len(SOURCE_PRODUCTS):
        raise RuntimeError(f"the demo products {SOURCE_PRODUCTS} are missing: found {sources.mapped('name')}")
    products = env["product.template"]
    serial = 0
    for number in range(params["products"]):
        source = sources[number % len(sources)]
        product = source.copy({"kobo_item_group": f"E2E-{number:03d}"})
        for asset in env["kobo.asset"].search([("product_tmpl_id", "=", source.id)]):
            asset.copy(
                {
                    "product_tmpl_id": product.id,
                    "color_value_id": asset.color_value_id.id,
                    "image": asset.image,
                }
            )
        for variant in product.product_variant_ids:
            serial += 1
            body = f"20{serial:010d}"
            variant.write(
                {
                    "barcode": body + ean.calc_check_digit(body),
                    "default_code": f"E2E-{number:03d}-{serial:03d}",
                }
            )
        products |= product
    enrichments = env["kobo.enrichment"]._kobo_ensure(products)
    privileged(enrichments).write({"state": "approved", "date_approved": fields.Datetime.now()})
    env.cr.flush()  # the automation queues the approved products' listings (commit point)
    started = fields.Datetime.now()
    # The copy's other crons are due too (its demo data is days old): put off, they would only
    # load the two cores the servers share. The forced ones are due for both cron workers at once.
    forced = env["ir.cron"].browse([env.ref(xmlid).id for xmlid in FORCED_CRONS])
    (env["ir.cron"].search([]) - forced).write({"nextcall": started + datetime.timedelta(days=1)})
    forced.write({"nextcall": started - datetime.timedelta(minutes=1), "active": True})
    listings = env["kobo.listing"].search([("product_tmpl_id", "in", products.ids)])
    result = {
        "products": products.ids,
        "enrichments": {str(e.product_tmpl_id.id): e.id for e in enrichments},
        "started": fields.Datetime.to_string(started),
        "listings": {
            code: len(found)
            for code, found in listings.grouped(lambda listing: listing.channel_id.code).items()
        },
        "skus": [variant.default_code for product in products for variant in product.product_variant_ids],
        "amazon_skus": {
            **{
                variant.default_code: product.id
                for product in products
                for variant in product.product_variant_ids
            },
            **{product.kobo_item_group: product.id for product in products},
        },
    }
    env.cr.commit()
    return result


def check(env, params):
    """What the database says once the servers stopped (rolled back: changes nothing): each
    listing of the season with its digest and the digest of its payload now, the payloads of the
    marketplace listings, the jobs, the runs of the crons, and the completeness cells against a
    full recomputation."""
    from odoo.addons.kobo_syndication.models.kobo_listing_sync import payload_digest

    products = env["product.template"].browse(params["products"])
    listings = env["kobo.listing"].search([("product_tmpl_id", "in", products.ids)], order="id")
    rows = []
    for listing in listings:
        connector = listing.channel_id._kobo_connector()
        payload = connector.build_payload(listing).get(listing.id)
        row = {
            "id": listing.id,
            "product": listing.product_tmpl_id.id,
            "channel": listing.channel_id.code,
            "connector": listing.channel_id.connector,
            "state": listing.state,
            "external_id": listing.external_id or "",
            "digest": listing.payload_digest or "",
            "digest_now": payload_digest(payload) if payload is not None else "",
            "issues": listing.issue_ids.mapped("message")[:3],
        }
        if listing.channel_id.connector == "shopify":
            row["payload"] = {
                "handle": payload["handle"],
                "title": payload["title"],
                "descriptionHtml": payload["descriptionHtml"],
                "variants": {variant["sku"]: variant["price"] for variant in payload["variants"]},
            }
        elif listing.channel_id.connector == "amazon":
            row["payload"] = {
                "product": payload["product"],
                "offers": payload["offers"],
            }
        rows.append(row)

    # Every job of this copy of the database: the demo's pending ones ran too (merged with the
    # season's by their identity key).
    env.cr.execute("SELECT uuid, state, channel, retry, exc_name, worker_pid FROM queue_job")
    jobs = [
        dict(zip(("uuid", "state", "channel", "retry", "exc_name", "worker_pid"), row, strict=False))
        for row in env.cr.fetchall()
    ]

    crons = {}
    for cron in env["ir.cron"].with_context(active_test=False).search([]):
        env.cr.execute(
            "SELECT create_date, write_date FROM ir_cron_progress WHERE cron_id = %s AND create_date >= %s"
            " ORDER BY create_date",
            [cron.id, params["started"]],
        )
        runs = env.cr.fetchall()
        overlapping = sum(1 for (_s, end), (start, _e) in itertools.pairwise(runs) if start < end)
        crons[cron.get_external_id().get(cron.id) or str(cron.id)] = {
            "runs": len(runs),
            "overlapping": overlapping,
        }

    Cell = env["kobo.completeness"].sudo()
    fields_read = [
        "product_tmpl_id",
        "channel_id",
        "lang_id",
        "score",
        "issue_count",
        "complete",
        "issues",
        "dirty",
    ]

    def cells():
        Cell.invalidate_model()
        return {
            (cell["product_tmpl_id"][0], cell["channel_id"][0], cell["lang_id"][0]): cell
            for cell in Cell.search_read([], fields_read)
        }

    stored = cells()
    Cell._kobo_sync_cells()
    Cell.search([])._kobo_recompute()
    recomputed = cells()
    differences = []
    for key in sorted(set(stored) | set(recomputed)):
        before, after = stored.get(key), recomputed.get(key)
        if before is None or after is None:
            differences.append({"cell": list(key), "stored": bool(before), "recomputed": bool(after)})
            continue
        changed = {
            name: [before[name], after[name]]
            for name in ("score", "issue_count", "complete", "issues", "dirty")
            if before[name] != after[name]
        }
        if changed:
            differences.append({"cell": list(key), **changed})
    env.cr.rollback()
    return {
        "listings": rows,
        "jobs": jobs,
        "crons": crons,
        "forced_crons": list(FORCED_CRONS),
        "cells": len(stored),
        "cell_differences": differences,
    }
