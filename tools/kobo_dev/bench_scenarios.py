"""Benchmark scenarios, run inside `odoo shell` by bench.py (which prints the table).

Each scenario measures a Kōbō operation and one or more baselines of the same size, in the same
run. Every scenario runs in its own savepoint: one that raises is reported (``BENCH_ERROR``, with
its traceback) and the others still run; bench.py then exits non-zero. Everything is rolled back
at the end.
"""

import importlib
import json
import os
import pkgutil
import time
import traceback

from odoo import Command
from odoo.addons.kobo_base.models.kobo_workflow_mixin import privileged


def _measure(env, function):
    env.flush_all()
    env.invalidate_all()
    queries, start = env.cr.sql_log_count, time.perf_counter()
    function()
    env.flush_all()
    return (time.perf_counter() - start) * 1000, env.cr.sql_log_count - queries


def _report(name, kobo, baseline, baseline_name, more=(), baseline_memory=None, **extra):
    """One figure: ``kobo`` and ``baseline`` are ``(ms, queries)``; ``more`` adds baselines as
    ``(name, (ms, queries))`` or ``(name, (ms, queries), memory)``; ``extra`` and each baseline's
    ``memory`` (``peak_mib``, ``rss_mib``: benchkit.memory) are printed beside their figures."""
    baselines = [(baseline_name, baseline, baseline_memory or {}), *more]
    figure = {
        "name": name,
        "ms": round(kobo[0], 1),
        "queries": kobo[1],
        "baselines": [
            {"name": entry[0], "ms": round(entry[1][0], 1), "queries": entry[1][1], **(entry[2:] or [{}])[0]}
            for entry in baselines
        ],
        **extra,
    }
    print("BENCH " + json.dumps(figure), flush=True)


def _tags(env, count, label):
    return lambda: env["res.partner.category"].create([{"name": f"bench {label} {i}"} for i in range(count)])


def _techpack_scenarios(env, scale):
    from .benchkit import scaled

    sizes = env["kobo.size.range"].create(
        {"name": "Bench 8", "size_ids": [Command.create({"name": f"B{n}", "sequence": n}) for n in range(8)]}
    )
    sizes.base_size_id = sizes.size_ids[4]
    poms = env["kobo.pom"].create([{"code": f"BENCH-{i:02d}", "name": f"Bench point {i}"} for i in range(60)])
    style = env["product.template"].create(
        {
            "name": "Bench style",
            "kobo_style_number": "BENCH-0",
            "kobo_is_style": True,
            "kobo_size_range_id": sizes.id,
        }
    )
    techpack = env["kobo.techpack"].create({"style_id": style.id})
    lines = [
        {"techpack_id": techpack.id, "pom_id": pom.id, "base_value": 40 + i, "grade_increment": 1}
        for i, pom in enumerate(poms)
    ]
    kobo = _measure(env, lambda: env["kobo.techpack.measurement"].create(lines))
    _report(
        "tech pack: 60 POMs x 8 sizes graded", kobo, _measure(env, _tags(env, 540, "a")), "create 540 tags"
    )

    privileged(techpack).write({"state": "frozen"})  # set-up data, as action_freeze writes it
    kobo = _measure(env, techpack._copy_as_new_revision)
    _report("tech pack: new revision of 60 x 8", kobo, _measure(env, _tags(env, 540, "b")), "create 540 tags")

    count = scaled(25, scale)
    styles = env["product.template"].create(
        [
            {
                "name": f"Bench {n}",
                "kobo_style_number": f"BENCH-G{n}",
                "kobo_is_style": True,
                "kobo_size_range_id": sizes.id,
            }
            for n in range(count)
        ]
    )
    techpacks = env["kobo.techpack"].create([{"style_id": style.id} for style in styles])
    graded = env["kobo.techpack.measurement"].create(
        [
            {"techpack_id": t.id, "pom_id": pom.id, "base_value": 50, "grade_increment": 1}
            for t in techpacks
            for pom in poms[:20]
        ]
    )
    tags = env["res.partner.category"].create([{"name": f"bench c {i}"} for i in range(len(graded) * 9)])
    kobo = _measure(env, lambda: graded.write({"grade_increment": 1.5}))
    baseline = _measure(env, lambda: tags.write({"color": 3}))
    _report(f"regrade {count} styles x 20 POMs x 8 sizes", kobo, baseline, f"write {len(tags)} tags")

    listed = scaled(5000, scale)
    existing = env["product.template"].search_count([("kobo_is_style", "=", True)])
    env["product.template"].create(
        [
            {"name": f"Bench list {n}", "kobo_style_number": f"BENCH-L{n}", "kobo_is_style": True}
            for n in range(max(0, listed - existing))
        ]
    )
    spec = {
        "kobo_style_number": {},
        "name": {},
        "kobo_season_id": {"fields": {"display_name": {}}},
        "kobo_stage": {},
        "kobo_current_techpack_id": {"fields": {"display_name": {}}},
        "kobo_current_techpack_state": {},
        "kobo_main_vendor_id": {"fields": {"display_name": {}}},
    }
    Template = env["product.template"]
    domain = [("kobo_is_style", "=", True)]
    kobo = _measure(env, lambda: Template.web_search_read(domain, spec, limit=80))
    baseline = _measure(
        env, lambda: Template.web_search_read(domain, {"kobo_style_number": {}, "name": {}}, limit=80)
    )
    _report(f"styles list: page 1 of {listed} with revision", kobo, baseline, "same page, name/number only")


def _costing_scenarios(env, scale):
    """1,000 cost sheets costed from a demo BoM; 200 styles through the production gate."""
    style = env.ref("kobo_plm.style_wool_coat", raise_if_not_found=False)
    vendor = env.ref("kobo_plm.vendor_bellini", raise_if_not_found=False)
    if not style or not vendor:
        return  # the gate scenarios need the demo brand's BoMs and vendors
    from .benchkit import scaled

    count = scaled(1000, scale)
    values = [
        {
            "style_id": style.id,
            "vendor_id": vendor.id,
            "planned_quantity": 100 * (1 + n % 20),
            "freight_cost": 1.5,
        }
        for n in range(count)
    ]
    sheets = env["kobo.cost.sheet"]

    def cost():
        nonlocal sheets
        sheets = env["kobo.cost.sheet"].create(values)
        sheets._kobo_rebuild_material_lines()

    kobo = _measure(env, cost)
    _report(
        f"cost sheets: {count} created and costed from the BoM",
        kobo,
        _measure(env, _tags(env, count * 7, "e")),
        f"create {count * 7} tags",
    )

    sizes = env["kobo.size.range"].create(
        {
            "name": "Bench gate",
            "size_ids": [Command.create({"name": f"G{n}", "sequence": n}) for n in range(3)],
        }
    )
    trim = env.ref("kobo_plm.material_main_label")
    approved = scaled(200, scale)
    styles = env["product.template"].create(
        [
            {
                "name": f"Bench gate {n}",
                "kobo_style_number": f"BENCH-P{n}",
                "kobo_is_style": True,
                "kobo_size_range_id": sizes.id,
                "kobo_stage": "costing",
            }
            for n in range(approved)
        ]
    )
    techpacks = env["kobo.techpack"].create([{"style_id": s.id} for s in styles])
    env["kobo.garment.bom.line"].create(
        [
            {"techpack_id": t.id, "material_tmpl_id": trim.id, "quantity": 1, "placement": "label"}
            for t in techpacks
        ]
    )
    # Set-up data, not the actions under test: written as the actions write them.
    privileged(techpacks).write({"state": "frozen"})
    privileged(env["kobo.sample"]).create(
        [
            {
                "techpack_id": t.id,
                "vendor_id": vendor.id,
                "round_type": "pre_production",
                "size_id": sizes.size_ids[0].id,
                "state": "approved",
            }
            for t in techpacks
        ]
    )
    gate_sheets = env["kobo.cost.sheet"].create(
        [
            {
                "style_id": s.id,
                "vendor_id": vendor.id,
                "line_ids": [
                    Command.create({"line_type": "operation", "name": "CMT", "unit_price": 9.0 + n % 7})
                ],
            }
            for n, s in enumerate(styles)
        ]
    )
    gate_sheets.action_submit()
    kobo = _measure(env, gate_sheets.action_approve)
    _report(
        f"cost sheets: approve {approved} (vendor price, cost, sales price)",
        kobo,
        _measure(env, _tags(env, approved * 4, "f")),
        f"create {approved * 4} tags",
    )
    kobo = _measure(env, styles.action_kobo_approve_production)
    baseline = _measure(env, lambda: styles.write({"description": "bench"}))
    _report(f"production gate: approve {approved} styles", kobo, baseline, f"write {approved} templates")


def _channel_scenarios(env):
    kobo = _measure(
        env, lambda: env["kobo.channel"].create([{"name": f"B{i}", "code": f"bench_{i}"} for i in range(200)])
    )
    _report("channels: create 200", kobo, _measure(env, _tags(env, 200, "d")), "create 200 tags")


def _scenario(env, name, function, *args):
    """Run one scenario in its own savepoint; one that raises is reported and rolled back."""
    try:
        with env.cr.savepoint(flush=False):
            function(env, *args)
    except Exception:  # reported: the run goes on, and bench.py exits non-zero
        print("BENCH_ERROR " + json.dumps({"scenario": name, "error": traceback.format_exc()}), flush=True)
    env.invalidate_all()


def run(env, scale):
    """Every scenario at ``scale``; ``KOBO_BENCH_ONLY`` (comma-separated scenario names: techpack,
    costing, channels, bench_<concern>) runs only those, to measure one from a shell."""
    env = env(context=dict(env.context, tracking_disable=True, mail_create_nolog=True))
    only = set(filter(None, (os.environ.get("KOBO_BENCH_ONLY") or "").split(",")))
    scenarios = []
    if "kobo.techpack" in env:
        scenarios += [("techpack", _techpack_scenarios, scale), ("costing", _costing_scenarios, scale)]
    if "kobo.channel" in env:
        scenarios.append(("channels", _channel_scenarios))
    # Each concern adds its scenarios as a module `bench_<concern>.py` beside this one, with
    # `run(env, scale, measure, report)`.
    package = importlib.import_module(__package__)
    for module in sorted(m.name for m in pkgutil.iter_modules(package.__path__)):
        if module.startswith("bench_") and module != "bench_scenarios":
            scenario = importlib.import_module(f"{__package__}.{module}").run
            scenarios.append((module, scenario, scale, _measure, _report))
    try:
        for name, function, *args in scenarios:
            if not only or name in only:
                _scenario(env, name, function, *args)
    finally:
        env.cr.rollback()
    print("BENCH_DONE", flush=True)
