"""Bench: the hand-off from development to enrichment of 500 styles × 48 variants (6 colours × 8 sizes).

Run by bench_scenarios.py inside `make bench`, in its own savepoint (rolled back). A first
hand-off of 50 other styles is measured too: the same query count for 50 and 500 styles is what
"does not grow per style" means.
"""

import base64
import io

from odoo import Command
from odoo.addons.kobo_base.models.kobo_workflow_mixin import privileged

from .benchkit import scaled

COLOURS = 6
SIZES = 8
POINTS = 12
STYLES = 500
FEW_STYLES = 50


def _png():
    from PIL import Image

    output = io.BytesIO()
    Image.new("RGB", (200, 200), (31, 42, 68)).save(output, format="PNG")
    return base64.b64encode(output.getvalue())


def run(env, scale, measure, report):
    if "kobo.plm.handoff" not in env:
        return
    count = scaled(STYLES, scale)
    few = scaled(FEW_STYLES, scale)
    sizes = env["kobo.size.range"].create(
        {
            "name": "Bench hand-off",
            "size_ids": [Command.create({"name": f"H{n}", "sequence": n}) for n in range(SIZES)],
        }
    )
    sizes.base_size_id = sizes.size_ids[3]
    colours = env["kobo.color"].create(
        [
            {
                "name": f"Bench hand-off {n}",
                "code": f"BENCH-HO-{n}",
                "hex_value": f"#1F2A4{n}",
                "family": "blue",
            }
            for n in range(COLOURS)
        ]
    )
    poms = env["kobo.pom"].create(
        [{"code": f"BENCH-HO-{n:02d}", "name": f"Bench point {n}"} for n in range(POINTS)]
    )
    fabric = env["product.template"].create(
        {
            "name": "Bench hand-off twill",
            "kobo_material_type": "fabric",
            "kobo_composition_ids": [
                Command.create({"fibre": "cotton", "percentage": 97}),
                Command.create({"fibre": "elastane", "percentage": 3}),
            ],
        }
    )
    vendor = env["res.partner"].create(
        {
            "name": "Bench hand-off mill",
            "is_company": True,
            "supplier_rank": 1,
            "country_id": env.ref("base.pt").id,
        }
    )
    pricelist = env["product.pricelist"].create(
        {"name": "Bench wholesale", "currency_id": env.company.currency_id.id}
    )
    env["kobo.channel"].create(
        {
            "name": "Bench retailer",
            "code": "bench_ho_retailer",
            "channel_type": "retailer",
            "pricelist_id": pricelist.id,
        }
    )
    image = _png()
    styles = env["product.template"].create(
        [
            {
                "name": f"Bench hand-off {n}",
                "kobo_style_number": f"BENCH-HO{n}",
                "kobo_is_style": True,
                "kobo_size_range_id": sizes.id,
                "kobo_stage": "costing",
                "image_1920": image,
            }
            for n in range(few + count)
        ]
    )
    for style in styles:  # one at a time: kobo_plm's inverse keeps only the first of a batch
        style.kobo_colorway_ids = [Command.set(colours.ids)]
    techpacks = env["kobo.techpack"].create(
        [
            {
                "style_id": style.id,
                "care_text": "Wash inside out.",
                "care_symbol_ids": [Command.set(env.ref("kobo_plm.care_w30").ids)],
            }
            for style in styles
        ]
    )
    env["kobo.techpack.measurement"].create(
        [
            {"techpack_id": techpack.id, "pom_id": pom.id, "base_value": 50 + i, "grade_increment": 2}
            for techpack in techpacks
            for i, pom in enumerate(poms)
        ]
    )
    env["kobo.garment.bom.line"].create(
        [
            {"techpack_id": techpack.id, "material_tmpl_id": fabric.id, "quantity": 1.4, "placement": "body"}
            for techpack in techpacks
        ]
    )
    privileged(techpacks).write({"state": "frozen"})
    sheets = env["kobo.cost.sheet"].create(
        [
            {
                "style_id": style.id,
                "vendor_id": vendor.id,
                "line_ids": [
                    Command.create({"line_type": "operation", "name": "CMT", "unit_price": 9.0 + n % 7})
                ],
            }
            for n, style in enumerate(styles)
        ]
    )
    sheets.action_submit()
    sheets.action_approve()
    variants = env["product.product"].search_count([("product_tmpl_id", "in", styles.ids)])
    # Each batch read as the cron reads it: prefetching its own styles, not the others'.
    first, styles = styles.browse(styles.ids[:few]), styles.browse(styles.ids[few:])
    kobo = measure(env, first._kobo_send_to_enrichment)
    baseline = measure(env, lambda: first.write({"description_sale": "bench"}))
    report(
        f"hand-off to enrichment: {few} styles x {variants // (few + count)} variants",
        kobo,
        baseline,
        f"write {few} templates",
    )
    kobo = measure(env, styles._kobo_send_to_enrichment)
    baseline = measure(env, lambda: styles.write({"description_sale": "bench"}))
    report(
        f"hand-off to enrichment: {count} styles x {variants // (few + count)} variants",
        kobo,
        baseline,
        f"write {count} templates",
    )
    kobo = measure(env, styles._kobo_send_to_enrichment)
    report(f"hand-off again, nothing changed: {count} styles", kobo, baseline, f"write {count} templates")
