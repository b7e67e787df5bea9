"""Bench: queueing 5,000 changed listings on one channel (and 1,000, to see how the queries
grow with the listings), and a sync job's batch.

Run by bench_scenarios.py inside `make bench`, in its own savepoint (rolled back).
"""

from odoo.addons.kobo_base.models.kobo_workflow_mixin import privileged

LISTINGS = 5000


def run(env, scale, measure, report):
    if "kobo.listing" not in env:
        return
    count = LISTINGS * scale
    channel = env["kobo.channel"].create(
        {
            "name": "Bench web shop",
            "code": "bench_syndication",
            "connector": "website",
            # The web shop shows the channel's pricelist: without one the batch would be blocked.
            "pricelist_id": env.ref("product.list0").id,
        }
    )
    products = env["product.template"].create(
        [{"name": f"Bench listing {i}", "list_price": 10 + i % 50} for i in range(count)]
    )
    listings = env["kobo.listing"]._kobo_ensure(products, channel)
    privileged(listings).write({"state": "published", "external_id": "bench"})
    channel._kobo_enqueue_sync()  # the channel's pending job exists at both sizes
    fifth = products[: count // 5]
    small = measure(env, fifth._kobo_listings_mark_to_push)
    privileged(listings).write({"state": "published"})
    kobo = measure(env, products._kobo_listings_mark_to_push)
    report(
        f"queue {count} changed listings (one channel)",
        kobo,
        small,
        f"queue {len(fifth)} changed listings (one channel)",
    )
    baseline = measure(env, lambda: products.write({"description_sale": "bench"}))
    report(f"queue {count} changed listings (one channel)", kobo, baseline, f"write {count} templates")
    # One job batch (200 listings): validate, build, digest, push to the web shop, record.
    kobo = measure(env, channel._kobo_job_sync)
    baseline = measure(env, lambda: products[:200].write({"is_published": True}))
    report("sync job: one batch of 200 listings (website)", kobo, baseline, "publish 200 templates")
