"""Helpers shared by the bench_<concern> scenario modules (not a scenario itself: bench_scenarios
runs only modules named bench_*)."""

import tracemalloc

from odoo import Command


def timed_then_traced(env, measure, function, figures, key):
    """Time ``function`` untraced (tracemalloc slows Python code several times over, and
    unevenly: it would distort the ratios), then run it again under tracemalloc for its peak.
    ``figures[key]`` is what the function returns (rows, items), ``figures["peak_mib"]`` its peak."""
    timing = measure(env, lambda: figures.__setitem__(key, function()))
    tracemalloc.start()
    try:
        function()
    finally:
        figures["peak_mib"] = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    return timing


def rate_name(label, figures, milliseconds, key):
    """A row label such as "feed: 50000 items, 12,345 items/s, peak 0.8 MiB"."""
    rate = figures[key] / (milliseconds / 1000) if milliseconds else 0
    return f"{label}: {figures[key]} {key}, {rate:,.0f} {key}/s, peak {figures['peak_mib']:.1f} MiB"


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


def variant_lines(*attributes):
    """Attribute lines (new commands for each product) giving every combination of values."""
    return [
        Command.create({"attribute_id": attribute.id, "value_ids": [Command.set(attribute.value_ids.ids)]})
        for attribute in attributes
    ]
