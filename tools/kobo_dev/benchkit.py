"""Helpers shared by the bench_<concern> scenario modules (not a scenario itself: bench_scenarios
runs only modules named bench_*)."""

import importlib
import json
import os
import resource
import tempfile
import tracemalloc

from odoo import Command, fields


def _status_mib(key):
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(key + ":"):
                return int(line.split()[1]) / 1024
    return 0.0


def rss_growth(function):
    """``(result, MiB)``: ``function()`` and how far it raised the process's resident memory
    above what it held before (the kernel's peak RSS, reset first through /proc/self/clear_refs):
    unlike tracemalloc, this sees C memory too (libxml2, libpq's result buffers, xlsxwriter's
    temporary files' pages). Python's freed memory it already held may be reused unseen, so this
    is a lower bound for a fresh process; 0 where /proc does not allow the reset."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as clear:
            clear.write("5")
    except OSError:
        return function(), 0.0
    before = _status_mib("VmRSS")
    result = function()
    return result, max(0.0, _status_mib("VmHWM") - before)


def fresh_setup(env, scale, modules):
    """In the fresh-process measures' own database (bench.py ``FRESH_DB``): each scenario module
    of ``modules`` creates its catalogue (``fresh_setup(env, scale)``: the parameters its
    operations need), committed so that the fresh processes see it. Prints one
    ``BENCH_FRESH_SETUP`` line per module."""
    env = env(context=dict(env.context, tracking_disable=True, mail_create_nolog=True))
    for module in modules:
        scenario = importlib.import_module(f"{__package__}.{module}")
        params = scenario.fresh_setup(env, scale)
        env.flush_all()
        env.cr.commit()
        setup = {"module": module, "operations": list(scenario.FRESH_OPERATIONS), "params": params}
        print("BENCH_FRESH_SETUP " + json.dumps(setup), flush=True)


def fresh_measure(env, module, operation, params):
    """In a process that has only loaded Odoo's registry (a new ``odoo shell``): run one
    ``operation`` of ``module`` (``fresh_operation(env, params, operation, path)``: the function
    to measure, prepared) and print (``BENCH_FRESH``) how far its peak resident memory rose
    above what the process held just before: the kernel's peak RSS (VmHWM), reset first through
    /proc/self/clear_refs, else the lifetime ``ru_maxrss``. Nothing freed earlier in the process
    can hide the operation's memory here, unlike ``rss_growth`` in the bench's own process."""
    scenario = importlib.import_module(f"{__package__}.{module}")
    handle, path = tempfile.mkstemp(suffix=".kobo-bench")
    os.close(handle)
    try:
        function = scenario.fresh_operation(env, params, operation, path)
        env.flush_all()
        env.invalidate_all()
        baseline = _status_mib("VmRSS")
        try:
            with open("/proc/self/clear_refs", "w", encoding="ascii") as clear:
                clear.write("5")
            reset = True
        except OSError:
            reset = False
        function()
        if reset:
            peak = _status_mib("VmHWM")
        else:
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    finally:
        os.unlink(path)
        env.cr.rollback()
    found = {"module": module, "operation": operation, "rss_mib": max(0.0, peak - baseline)}
    print("BENCH_FRESH " + json.dumps(found), flush=True)


def timed_then_traced(env, measure, function, figures, key):
    """Time ``function`` untraced (tracemalloc slows Python code several times over, and
    unevenly: it would distort the ratios) with the growth of the process's peak RSS, then run it
    again under tracemalloc for its Python peak. ``figures[key]`` is what the function returns
    (rows, items), ``figures["peak_mib"]`` the tracemalloc peak, ``figures["rss_mib"]`` the RSS
    growth (``rss_growth``)."""

    def timed():
        figures[key], figures["rss_mib"] = rss_growth(function)

    timing = measure(env, timed)
    tracemalloc.start()
    try:
        function()
    finally:
        figures["peak_mib"] = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    return timing


def memory(figures):
    """The memory figures of ``figures`` for ``report(..., **memory(figures))``."""
    return {key: round(figures[key], 1) for key in ("peak_mib", "rss_mib") if key in figures}


def rate_name(label, figures, milliseconds, key):
    """A row label such as "feed: 50000 items, 12,345 items/s" (the memory is printed beside it)."""
    rate = figures[key] / (milliseconds / 1000) if milliseconds else 0
    return f"{label}: {figures[key]} {key}, {rate:,.0f} {key}/s"


def colour_and_size(env, label, colours, sizes):
    """A colour attribute and a size attribute (EU 34, 36, …) for a bench catalogue."""
    colour = env["product.attribute"].create(
        {
            "name": f"{label} colour",
            "display_type": "color",
            "value_ids": [Command.create({"name": f"Colour {n}"}) for n in range(colours)],
        }
    )
    size = env["product.attribute"].create(
        {
            "name": f"{label} size",
            "value_ids": [Command.create({"name": str(34 + 2 * n)}) for n in range(sizes)],
        }
    )
    return colour, size


def google_channel(env, label, code, pricelist):
    """A Google Merchant channel on ``pricelist`` with its taxonomy, and a product category mapped
    to the node *Apparel > Shirts & Tops*: ``(channel, category)``."""
    taxonomy = env["kobo.taxonomy"].create(
        {
            "name": f"{label} taxonomy",
            "node_ids": [
                Command.create(
                    {"external_id": 212, "name": "Shirts & Tops", "complete_name": "Apparel > Shirts & Tops"}
                )
            ],
        }
    )
    category = env["product.category"].create({"name": f"{label} tops"})
    channel = env["kobo.channel"].create(
        {
            "name": label,
            "code": code,
            "channel_type": "feed",
            "connector": "google_merchant",
            "taxonomy_id": taxonomy.id,
            "pricelist_id": pricelist.id,
        }
    )
    env["kobo.taxonomy.mapping"].create(
        {"channel_id": channel.id, "categ_id": category.id, "node_id": taxonomy.node_ids.id}
    )
    return channel, category


def variant_lines(*attributes):
    """Attribute lines (new commands for each product) giving every combination of values."""
    return [
        Command.create({"attribute_id": attribute.id, "value_ids": [Command.set(attribute.value_ids.ids)]})
        for attribute in attributes
    ]


def scaled(count, scale):
    """``count`` × ``scale``, at least 1: the size of a scenario at ``--scale`` (fractions make a
    quick run, e.g. ``--scale 0.02`` for the CI smoke run)."""
    return max(1, round(count * scale))


def approve_content(env, products):
    """Set-up data, not an action under test: ``products``' content approved in the PIM, as the
    enrichment's *Approve* writes it, so that their listings pass the job's approval check."""
    from odoo.addons.kobo_base.models.kobo_workflow_mixin import privileged

    if "kobo.enrichment" not in env:
        return
    enrichments = env["kobo.enrichment"]._kobo_ensure(products)
    privileged(enrichments).write({"state": "approved", "date_approved": fields.Datetime.now()})
    # the commit point's callbacks (the automation queueing approved products on their channels)
    # run now, not inside the next measure
    env.cr.flush()
