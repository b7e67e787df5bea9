"""Bench: queueing 5,000 changed listings on one channel (and 1,000, to see how the queries
grow with the listings), and a sync job's batch through the production path
(``kobo.channel._kobo_job_sync``: approval, validation, build, digest, push, record) on products
whose content is approved, so every listing of the batch is really published.

Run by bench_scenarios.py inside `make bench`, in its own savepoint (rolled back).
"""

from odoo.addons.kobo_base.models.kobo_workflow_mixin import privileged

from .benchkit import approve_content, scaled

LISTINGS = 5000


def run(env, scale, measure, report):
    if "kobo.listing" not in env:
        return
    count = scaled(LISTINGS, scale)
    channel = env["kobo.channel"].create(
        {
            "name": "Bench web shop",
            "code": "bench_syndication",
            "connector": "website",
            "website_id": env["website"].search([("company_id", "=", env.company.id)], limit=1).id,
            # The web shop shows the channel's pricelist: without one the batch would be blocked.
            "pricelist_id": env["product.pricelist"].create({"name": "Bench web shop"}).id,
        }
    )
    products = env["product.template"].create(
        [{"name": f"Bench listing {i}", "list_price": 10 + i % 50} for i in range(count)]
    )
    approve_content(env, products)
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
    # One job batch as production takes it (the web shop's connector batch: 20 listings, the job
    # writing the products users edit): validate, build, digest, push to the web shop, record.
    counts = {}
    kobo = measure(env, lambda: counts.update(channel._kobo_job_sync()))
    batch = min(count, channel._kobo_connector()._kobo_sync_batch_size)
    if counts.get("published") != batch:
        raise RuntimeError(f"the sync job did not publish its batch of {batch} listings: {counts}")
    baseline = measure(env, lambda: products[:batch].write({"is_published": True}))
    report(
        f"sync job: one batch of {batch} listings (website), all published",
        kobo,
        baseline,
        f"publish {batch} templates",
    )
