"""Bench: completeness of 20,000 products × 4 channels × 4 locales (320,000 cells).

Figures: the full recomputation (cells per second) beside one SQL aggregate over the same rows
(the floor: what reading those rows costs at all), and the incremental recomputation after one
product is edited beside the full one (the target is at least 100 times faster). Run by
bench_scenarios.run inside a savepoint that is rolled back.

The catalogue is cloned in SQL from one prototype made with the ORM (a product with two
variants, a front image, copy in four languages), so that building it takes seconds, not the
hour 20,000 ORM creates of products with variants would take. ``scale`` multiplies the number
of products; a fraction (from a shell) makes a quick run.
"""

import base64
import io

from PIL import Image
from psycopg2.extras import Json
from stdnum import ean

from odoo import Command
from odoo.tools import SQL

PRODUCTS = 20000
LANGS = ("en_US", "fr_FR", "de_DE", "it_IT")
PROFILES = ("profile_website", "profile_google_apparel", "profile_amazon", "profile_wholesale")


def _columns(cr, table):
    cr.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = %s AND column_name != 'id'",
        [table],
    )
    return [row[0] for row in cr.fetchall()]


def _clone(cr, table, source_ids, overrides=None, joins=None):
    """Copy the rows `source_ids` of `table` once per bench product (temp table bench_n), into
    a map table ``bench_map_<table>`` (n, old_id, id). `overrides` are SQL expressions over the
    source row ``src``, the map row ``m`` and `joins`."""
    overrides = overrides or {}
    joins = joins or SQL()
    map_table = SQL.identifier(f"bench_map_{table}")
    cr.execute(
        SQL(
            """CREATE TEMP TABLE %(map)s ON COMMIT DROP AS
               SELECT b.n, src.id AS old_id, nextval(pg_get_serial_sequence(%(table_name)s, 'id')) AS id
                 FROM bench_n b CROSS JOIN %(table)s src WHERE src.id = ANY(%(ids)s)""",
            map=map_table,
            table_name=table,
            table=SQL.identifier(table),
            ids=list(source_ids),
        )
    )
    columns = _columns(cr, table)
    values = [overrides.get(column, SQL("src.%s", SQL.identifier(column))) for column in columns]
    cr.execute(
        SQL(
            "INSERT INTO %(table)s (id, %(columns)s) SELECT m.id, %(values)s FROM %(map)s m "
            "JOIN %(table)s src ON src.id = m.old_id %(joins)s",
            table=SQL.identifier(table),
            columns=SQL(", ").join(SQL.identifier(column) for column in columns),
            values=SQL(", ").join(values),
            map=map_table,
            joins=joins,
        )
    )


def _prototype(env, channel, colour, size):
    template = env["product.template"].create(
        {
            "name": "Bench completeness prototype",
            "kobo_brand": "Kōbō",
            "kobo_gender": "female",
            "kobo_age_group": "adult",
            "kobo_item_group": "BENCH",
            "kobo_country_of_origin_id": env.ref("base.pt").id,
            "kobo_suggested_wholesale_price": 42.0,
            "attribute_line_ids": [
                Command.create(
                    {"attribute_id": colour.id, "value_ids": [Command.set(colour.value_ids[:1].ids)]}
                ),
                Command.create({"attribute_id": size.id, "value_ids": [Command.set(size.value_ids.ids)]}),
            ],
        }
    )
    for code in LANGS:
        template.with_context(lang=code).write(
            {
                "kobo_marketing_name": f"Merino half-zip ({code})",
                "kobo_bullet_points": "Fine merino\nKnitted in Portugal\nHalf zip",
                "kobo_seo_title": f"Merino half-zip {code}",
                "kobo_seo_description": "A fine-gauge merino half-zip.",
                "kobo_composition_label": "100% merino wool",
                "kobo_care_text": "Hand wash cold",
            }
        )
    env.flush_all()
    # Html copy is term-translated by Odoo: each language is set as its own value here
    env.cr.execute(
        SQL(
            "UPDATE product_template SET kobo_description = %s WHERE id = %s",
            Json(
                {
                    code: f"<p>A fine-gauge merino half-zip, knitted in Portugal ({code}).</p>"
                    for code in LANGS
                }
            ),
            template.id,
        )
    )
    env["kobo.asset"].create(
        {"product_tmpl_id": template.id, "role": "front", "image": _png(1200, 1500), "name": "front.png"}
    )
    env["kobo.taxonomy.mapping"].create(
        {
            "channel_id": channel.id,
            "categ_id": template.categ_id.id,
            "node_id": channel.taxonomy_id.node_ids.id,
        }
    )
    env["kobo.enrichment"]._kobo_ensure(template)
    env.flush_all()
    return template


def _png(width, height):
    output = io.BytesIO()
    Image.new("RGB", (width, height), (30, 40, 90)).save(output, format="PNG")
    return base64.b64encode(output.getvalue())


def _catalogue(env, count, prototype):
    """`count` copies of the prototype in SQL (templates, attribute lines and values, variants
    with unique GTINs, enrichment, front image); every 4th without brand, every 5th with a
    wrong check digit on one variant."""
    cr = env.cr
    cr.execute(SQL("CREATE TEMP TABLE bench_n ON COMMIT DROP AS SELECT generate_series(1, %s) AS n", count))
    _clone(
        cr,
        "product_template",
        prototype.ids,
        {
            "name": SQL("jsonb_build_object('en_US', 'Bench completeness ' || m.n)"),
            "kobo_brand": SQL("CASE WHEN mod(m.n, 4) = 0 THEN NULL ELSE src.kobo_brand END"),
        },
    )
    template_join = SQL("JOIN bench_map_product_template mt ON mt.n = m.n")
    _clone(
        cr,
        "product_template_attribute_line",
        prototype.attribute_line_ids.ids,
        {"product_tmpl_id": SQL("mt.id")},
        template_join,
    )
    _clone(
        cr,
        "product_template_attribute_value",
        prototype.attribute_line_ids.product_template_value_ids.ids,
        {"product_tmpl_id": SQL("mt.id"), "attribute_line_id": SQL("ml.id")},
        SQL(
            "%s JOIN bench_map_product_template_attribute_line ml "
            "ON ml.n = m.n AND ml.old_id = src.attribute_line_id",
            template_join,
        ),
    )
    _clone(
        cr,
        "product_product",
        prototype.product_variant_ids.ids,
        {"product_tmpl_id": SQL("mt.id"), "barcode": SQL("NULL"), "combination_indices": SQL("NULL")},
        template_join,
    )
    cr.execute(
        """INSERT INTO product_variant_combination (product_product_id, product_template_attribute_value_id)
           SELECT mp.id, mv.id
             FROM product_variant_combination combination
             JOIN bench_map_product_product mp ON mp.old_id = combination.product_product_id
             JOIN bench_map_product_template_attribute_value mv
                  ON mv.n = mp.n AND mv.old_id = combination.product_template_attribute_value_id"""
    )
    cr.execute(
        """UPDATE product_product pp
              SET combination_indices = (
                      SELECT string_agg(c.product_template_attribute_value_id::text, ','
                                        ORDER BY c.product_template_attribute_value_id)
                        FROM product_variant_combination c WHERE c.product_product_id = pp.id)
            WHERE pp.id IN (SELECT id FROM bench_map_product_product)"""
    )
    cr.execute("SELECT id, n FROM bench_map_product_product ORDER BY id")
    rows = cr.fetchall()
    ids, barcodes, first_of = [], [], set()
    for variant_id, n in rows:
        stem = f"{200000000000 + variant_id:012d}"
        code = stem + ean.calc_check_digit(stem)
        if n % 5 == 0 and n not in first_of:
            first_of.add(n)
            code = code[:-1] + str((int(code[-1]) + 1) % 10)
        ids.append(variant_id)
        barcodes.append(code)
    cr.execute(
        SQL(
            "UPDATE product_product pp SET barcode = v.barcode "
            "FROM unnest(%s::int[], %s::varchar[]) AS v(id, barcode) WHERE pp.id = v.id",
            ids,
            barcodes,
        )
    )
    enrichment = env["kobo.enrichment"].search([("product_tmpl_id", "=", prototype.id)])
    _clone(cr, "kobo_enrichment", enrichment.ids, {"product_tmpl_id": SQL("mt.id")}, template_join)
    assets = env["kobo.asset"].search([("product_tmpl_id", "=", prototype.id)])
    _clone(cr, "kobo_asset", assets.ids, {"product_tmpl_id": SQL("mt.id")}, template_join)
    attachments = env["ir.attachment"].search(
        [("res_model", "=", "kobo.asset"), ("res_id", "in", assets.ids), ("res_field", "=", "image")]
    )
    _clone(
        cr,
        "ir_attachment",
        attachments.ids,
        {"res_id": SQL("ma.id")},
        SQL("JOIN bench_map_kobo_asset ma ON ma.n = m.n AND ma.old_id = src.res_id"),
    )
    cr.execute("SELECT id FROM bench_map_product_template ORDER BY n")
    env.invalidate_all()
    return env["product.template"].browse([row[0] for row in cr.fetchall()])


def run(env, scale, measure, report):
    if "kobo.completeness" not in env:
        return
    count = max(1, int(PRODUCTS * scale))
    langs = env["res.lang"]
    for code in LANGS:
        langs._activate_lang(code)
    colour = env["product.attribute"].create(
        {
            "name": "Bench colour",
            "display_type": "color",
            "value_ids": [Command.create({"name": "Navy"})],
        }
    )
    size = env["product.attribute"].create(
        {"name": "Bench size", "value_ids": [Command.create({"name": name}) for name in ("S", "M")]}
    )
    taxonomy = env["kobo.taxonomy"].create(
        {
            "name": "Bench taxonomy",
            "node_ids": [
                Command.create(
                    {"external_id": 212, "name": "Shirts & Tops", "complete_name": "Apparel > Shirts & Tops"}
                )
            ],
        }
    )
    channels = env["kobo.channel"].create(
        [
            {
                "name": f"Bench completeness {xmlid}",
                "code": f"bench_completeness_{n}",
                "lang_ids": [Command.set([langs._lang_get(code).id for code in LANGS])],
                "profile_id": env.ref(f"kobo_pim.{xmlid}").id,
                "taxonomy_id": taxonomy.id,
            }
            for n, xmlid in enumerate(PROFILES)
        ]
    )
    google = channels[1]
    prototype = _prototype(env, google, colour, size)
    env.cr.flush()  # the prototype's own cells, computed at its commit point
    products = _catalogue(env, count, prototype)
    Cell = env["kobo.completeness"].sudo()
    Cell._kobo_sync_cells(channels=channels)
    # New cells are dirty: the full recomputation below computes all but the prototype's.
    # The cells were made in this very transaction, and PostgreSQL re-checks every foreign key
    # of a row updated by the transaction that inserted it. A real recomputation updates cells
    # made earlier, where unchanged keys are not checked: the measures skip those checks alike.
    env.cr.execute("SET LOCAL session_replication_role = replica")
    computed = 0

    def full_recompute():
        nonlocal computed
        computed = Cell._kobo_recompute_dirty(channels=channels)[0]

    full = measure(env, full_recompute)

    def aggregate():
        env.cr.execute(
            SQL(
                """SELECT cell.channel_id, cell.lang_id, count(*),
                          sum(length(pt.kobo_marketing_name->>lang.code)), count(pt.kobo_brand),
                          sum((SELECT count(*) FROM product_product pp WHERE pp.product_tmpl_id = pt.id))
                     FROM kobo_completeness cell
                     JOIN product_template pt ON pt.id = cell.product_tmpl_id
                     JOIN res_lang lang ON lang.id = cell.lang_id
                    WHERE cell.channel_id = ANY(%s)
                 GROUP BY cell.channel_id, cell.lang_id""",
                channels.ids,
            )
        )
        env.cr.fetchall()

    floor = measure(env, aggregate)
    per_second = round(computed / (full[0] / 1000)) if full[0] else 0
    report(
        f"completeness: full recompute, {count} products x 4 channels x 4 locales: {computed} cells "
        f"({per_second} cells/s)",
        full,
        floor,
        "one SQL aggregate over the same cells, products and variants",
    )

    edited = products[0]

    def edit_one_product():
        edited.kobo_brand = "Kōbō bench"
        env.cr.flush()  # the commit point, where the product's cells are recomputed

    incremental = measure(env, edit_one_product)
    env.cr.execute("SET LOCAL session_replication_role = origin")
    recomputed = Cell.search_count([("product_tmpl_id", "=", edited.id), ("dirty", "=", False)])
    report(
        f"completeness: 1 product edited, its {recomputed} cells recomputed (target >= 100x faster)",
        incremental,
        full,
        f"full recompute of {computed} cells",
    )
