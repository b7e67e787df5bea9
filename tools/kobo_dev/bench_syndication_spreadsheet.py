"""Bench: a 50,000-row retailer XLSX (1,000 products × 50 variants; constant memory) with the
retailer's pricelist, size conversion, a value map and an expression column, beside three
baselines measured in the same run on the same rows:

- *competent loop*: recordsets of 1,000 variants (prefetching), one ``_get_products_price`` per
  recordset, conversions and value map read once, xlsxwriter in constant-memory mode;
- *export_data*: Odoo's own export of the same fields (sales price, sizes unconverted);
- *floor*: one SQL query with the real joins, a server-side cursor, xlsxwriter.

Memory: tracemalloc's peak, the growth of the process's peak RSS (benchkit.rss_growth), and the
peak RSS of the export and of each baseline in a fresh process (``FRESH_OPERATIONS``, run by
bench.py on a committed copy of the catalogue: benchkit.fresh_measure). The sheet is then
written again with a quarter of the products listed: its memory is compared with
the whole catalogue's (flat). Run by bench_scenarios.py inside `make bench`, in its own
savepoint (rolled back).
"""

import os
import tempfile

import xlsxwriter

from odoo import Command
from odoo.addons.kobo_base.models.kobo_workflow_mixin import privileged
from odoo.tools import split_every

from .benchkit import (
    approve_content,
    colour_and_size,
    memory,
    rate_name,
    scaled,
    timed_then_traced,
    variant_lines,
)

COLOURS = 5
SIZES = 10
TEMPLATES = 1000  # x 50 variants = 50,000 rows
CHUNK = 1000  # variants per recordset in the competent loop
INTL_SIZES = ("XXS", "XS", "S", "M", "L", "XL", "XXL", "3XL", "4XL", "5XL")

COLUMNS = [
    ("Style No", "item_group"),
    ("Article No", "sku"),
    ("EAN", "gtin"),
    ("Product Name", "name"),
    ("Colour", "colour"),
    ("Size", "size"),
    ("Composition", "composition"),
    ("Wholesale Price", "price"),
    ("Currency", "currency"),
    ("RRP", "suggested_retail_price"),
    ("Label", "brand + ' ' + product_name"),
]


def _setup(env, scale):
    colour, size = colour_and_size(env, "Bench", COLOURS, SIZES)
    pricelist = env["product.pricelist"].create(
        {
            "name": "Bench wholesale",
            "item_ids": [
                Command.create({"applied_on": "3_global", "compute_price": "percentage", "percent_price": 45})
            ],
        }
    )
    channel = env["kobo.channel"].create(
        {
            "name": "Bench retailer",
            "code": "bench_spreadsheet",
            "channel_type": "retailer",
            "connector": "spreadsheet",
            "pricelist_id": pricelist.id,
        }
    )
    # EU sizes 34, 36, ... converted to the retailer's international sizes (the sheet's size
    # system), as a line sheet for a department store does
    env["kobo.size.conversion"].create(
        {
            "name": "Bench tops",
            "attribute_id": size.id,
            "source_system": "eu",
            "line_ids": [
                Command.create(
                    {"value_id": value.id, "eu": value.name, "intl": INTL_SIZES[n % len(INTL_SIZES)]}
                )
                for n, value in enumerate(size.value_ids)
            ],
        }
    )
    template = env["kobo.spreadsheet.template"].create(
        {
            "name": "Bench line sheet",
            "channel_id": channel.id,
            "size_system": "intl",
            "column_ids": [
                Command.create({"sequence": n, "header": header, "source": source})
                for n, (header, source) in enumerate(COLUMNS)
            ],
        }
    )
    template.column_ids[4].value_map_ids = [
        Command.create({"our_value": "Colour 0", "retailer_value": "BLACK"})
    ]
    products = env["product.template"].create(
        [
            {
                "name": f"Bench garment {n}",
                "list_price": 40 + n % 60,
                "kobo_item_group": f"BG-{n:05d}",
                "kobo_brand": "Bench",
                "kobo_composition_label": "100% wool",
                "kobo_suggested_retail_price": 99.0,
                "attribute_line_ids": variant_lines(colour, size),
            }
            for n in range(scaled(TEMPLATES, scale))
        ]
    )
    env.cr.execute(
        "UPDATE product_product SET default_code = 'BG-' || id, barcode = (4000000000000 + id)::text "
        "WHERE product_tmpl_id IN %s",
        [tuple(products.ids)],
    )
    approve_content(env, products)
    listings = env["kobo.listing"]._kobo_ensure(products, channel)
    privileged(listings).write({"state": "published"})  # set-up data: what the sync job writes
    env.flush_all()
    env.invalidate_all()
    return template, products


def _competent(env, template, variant_ids, path):
    """What a competent Odoo developer writes: recordsets of CHUNK variants (prefetching), one
    ``_get_products_price`` call per recordset, the size conversions and the column's value
    map read once, xlsxwriter in constant-memory mode."""
    pricelist = template.channel_id.pricelist_id
    currency = pricelist.currency_id.name
    conversions = {
        line.value_id.id: line.intl
        for line in env["kobo.size.conversion.line"].search([("conversion_id.attribute_id", "!=", False)])
    }
    colour_map = {line.our_value: line.retailer_value for line in template.column_ids.value_map_ids}
    workbook = xlsxwriter.Workbook(path, {"constant_memory": True})
    sheet = workbook.add_worksheet()
    sheet.write_row(0, 0, [header for header, __ in COLUMNS])
    count = 0
    for chunk in split_every(CHUNK, variant_ids):
        variants = env["product.product"].browse(chunk)
        prices = pricelist._get_products_price(variants, 1.0)
        for variant in variants:
            product = variant.product_tmpl_id
            values = variant.product_template_attribute_value_ids
            colour = values.filtered(lambda value: value.attribute_id.display_type == "color")
            size = values - colour
            name = product.kobo_marketing_name or product.name
            count += 1
            sheet.write_row(
                count,
                0,
                [
                    product.kobo_item_group,
                    variant.default_code,
                    variant.barcode,
                    name,
                    colour_map.get(colour.name, colour.name),
                    conversions.get(size.product_attribute_value_id.id) or size.name,
                    product.kobo_composition_label,
                    prices[variant.id],
                    currency,
                    product.kobo_suggested_retail_price,
                    f"{product.kobo_brand} {name}",
                ],
            )
        env.invalidate_all()  # the next recordset starts with an empty cache
    workbook.close()
    return count


EXPORT_FIELDS = [
    "product_tmpl_id/kobo_item_group",
    "default_code",
    "barcode",
    "name",
    "product_template_variant_value_ids/name",
    "product_tmpl_id/kobo_composition_label",
    "lst_price",
    "currency_id/name",
    "product_tmpl_id/kobo_suggested_retail_price",
    "product_tmpl_id/kobo_brand",
]


def _export_data(env, variant_ids, path):
    """Odoo's own export of the same fields (one ``export_data`` call, as the Export dialog
    makes it: the sales price, not the retailer's pricelist; sizes not converted; each variant
    value on a line of its own), written with xlsxwriter in constant-memory mode."""
    rows = env["product.product"].browse(variant_ids).export_data(EXPORT_FIELDS)["datas"]
    workbook = xlsxwriter.Workbook(path, {"constant_memory": True})
    sheet = workbook.add_worksheet()
    sheet.write_row(0, 0, EXPORT_FIELDS)
    for number, row in enumerate(rows, start=1):
        sheet.write_row(number, 0, row)
    workbook.close()
    return sum(1 for row in rows if row[1])


#: The bench's variants have one colour and one size each (joined once each, as the real
#: joins of a two-attribute catalogue).
FLOOR_QUERY = """
    SELECT t.kobo_item_group, p.default_code, p.barcode,
           coalesce(t.kobo_marketing_name->>'en_US', t.name->>'en_US'),
           coalesce(mapped.retailer_value, colour.name->>'en_US'),
           coalesce(conversion.intl, size.name->>'en_US'), t.kobo_composition_label->>'en_US',
           round(((t.list_price + colour_ptav.price_extra + size_ptav.price_extra)
                  * (100 - rule.percent_price) / 100)::numeric, 2),
           currency.name, t.kobo_suggested_retail_price,
           t.kobo_brand || ' ' || coalesce(t.kobo_marketing_name->>'en_US', t.name->>'en_US')
      FROM kobo_listing l
      JOIN kobo_channel channel ON channel.id = l.channel_id
      JOIN product_pricelist pricelist ON pricelist.id = channel.pricelist_id
      JOIN res_currency currency ON currency.id = pricelist.currency_id
      JOIN product_pricelist_item rule ON rule.pricelist_id = pricelist.id AND rule.applied_on = '3_global'
      JOIN product_template t ON t.id = l.product_tmpl_id
      JOIN product_product p ON p.product_tmpl_id = t.id AND p.active
      JOIN product_variant_combination colour_link ON colour_link.product_product_id = p.id
      JOIN product_template_attribute_value colour_ptav
           ON colour_ptav.id = colour_link.product_template_attribute_value_id
      JOIN product_attribute_value colour ON colour.id = colour_ptav.product_attribute_value_id
      JOIN product_attribute colour_attribute
           ON colour_attribute.id = colour.attribute_id AND colour_attribute.display_type = 'color'
      JOIN product_variant_combination size_link ON size_link.product_product_id = p.id
      JOIN product_template_attribute_value size_ptav
           ON size_ptav.id = size_link.product_template_attribute_value_id
      JOIN product_attribute_value size ON size.id = size_ptav.product_attribute_value_id
      JOIN product_attribute size_attribute
           ON size_attribute.id = size.attribute_id AND size_attribute.display_type != 'color'
      LEFT JOIN kobo_size_conversion_line conversion ON conversion.value_id = size.id
      LEFT JOIN (SELECT lower(map.our_value) AS our_value, map.retailer_value
                   FROM kobo_spreadsheet_value_map map
                   JOIN kobo_spreadsheet_column col ON col.id = map.column_id
                  WHERE col.template_id = %s) mapped ON mapped.our_value = lower(colour.name->>'en_US')
     WHERE l.channel_id = %s AND l.state = 'published'
     ORDER BY t.id, p.id
"""


def _floor(env, template, path):
    """The floor: one SQL query with the real joins (variant values, size conversion, value
    map, pricelist rule, price extras) through a server-side cursor, every value written as it
    comes by xlsxwriter in constant-memory mode."""
    env.flush_all()
    workbook = xlsxwriter.Workbook(path, {"constant_memory": True})
    sheet = workbook.add_worksheet()
    sheet.write_row(0, 0, [header for header, __ in COLUMNS])
    count = 0
    # the transaction's own connection (the bench's rows are not committed), a named cursor
    # planned for every row, not for the first tenth (a cursor's default)
    env.cr.execute("SET LOCAL cursor_tuple_fraction = 1.0")
    with env.cr._cnx.cursor("kobo_bench_sheet_floor") as cursor:
        cursor.itersize = 2000
        cursor.execute(FLOOR_QUERY, [template.id, template.channel_id.id])
        for row in cursor:
            count += 1
            sheet.write_row(count, 0, row)
    workbook.close()
    return count


def _name(label, figures, milliseconds):
    return rate_name(label, figures, milliseconds, "rows")


#: What the fresh-process measures run (bench.py ``fresh_measures``), each in its own process.
FRESH_OPERATIONS = ("export", "competent", "export_data", "floor")


def _fresh(operation):
    """The key naming a figure's fresh-process measure (bench.py puts the measure beside it)."""
    return f"{__name__.rpartition('.')[2]}:{operation}"


def fresh_setup(env, scale):
    """The catalogue listed on the retailer, for the fresh-process measures (committed by the
    caller): what their operations need."""
    template, products = _setup(env, scale)
    return {"template": template.id, "products": products.ids}


def fresh_operation(env, params, operation, path):
    """One output of ``FRESH_OPERATIONS``, prepared (its inputs read) and ready to run on the
    catalogue of ``fresh_setup``, writing its XLSX to ``path``."""
    template = env["kobo.spreadsheet.template"].browse(params["template"])
    if operation == "export":
        return lambda: template._kobo_write_file(path, "xlsx")
    if operation == "floor":
        return lambda: _floor(env, template, path)
    variant_ids = template._kobo_variant_ids(env["product.template"].browse(params["products"]))
    if operation == "competent":
        return lambda: _competent(env, template, variant_ids, path)
    return lambda: _export_data(env, variant_ids, path)


def run(env, scale, measure, report):
    if "kobo.spreadsheet.template" not in env:
        return
    template, products = _setup(env, scale)
    variant_ids = template._kobo_variant_ids(products)
    handle, path = tempfile.mkstemp(suffix=".xlsx")
    os.close(handle)
    try:
        kobo_figures, competent_figures, export_figures, floor_figures = {}, {}, {}, {}
        kobo = timed_then_traced(
            env, measure, lambda: template._kobo_write_file(path, "xlsx"), kobo_figures, "rows"
        )
        competent = timed_then_traced(
            env, measure, lambda: _competent(env, template, variant_ids, path), competent_figures, "rows"
        )
        exported = timed_then_traced(
            env, measure, lambda: _export_data(env, variant_ids, path), export_figures, "rows"
        )
        floor = timed_then_traced(env, measure, lambda: _floor(env, template, path), floor_figures, "rows")
        if not kobo_figures["rows"] == competent_figures["rows"] == floor_figures["rows"]:
            raise RuntimeError(
                f"the sheets differ in rows: {kobo_figures['rows']} (Kōbō), {competent_figures['rows']} "
                f"(competent), {floor_figures['rows']} (floor)"
            )
        report(
            _name("retailer XLSX (snapshot, pricelist, size conversion, value map)", kobo_figures, kobo[0]),
            kobo,
            competent,
            _name("competent loop (recordsets, batch prices, xlsxwriter)", competent_figures, competent[0]),
            more=[
                (
                    _name(
                        "Odoo export_data + xlsxwriter (sales price, no conversion)",
                        export_figures,
                        exported[0],
                    ),
                    exported,
                    {**memory(export_figures), "fresh": _fresh("export_data")},
                ),
                (
                    _name("floor: one SQL query, server-side cursor, xlsxwriter", floor_figures, floor[0]),
                    floor,
                    {**memory(floor_figures), "fresh": _fresh("floor")},
                ),
            ],
            baseline_memory={**memory(competent_figures), "fresh": _fresh("competent")},
            **memory(kobo_figures),
            fresh=_fresh("export"),
        )
        # The same sheet with a quarter of the products listed (the others back to draft),
        # through the same path: peak memory does not grow with the catalogue.
        listings = template.channel_id.listing_ids.sorted("product_tmpl_id")
        privileged(listings[len(listings) // 4 :]).write({"state": "draft"})
        quarter_figures = {}
        quarter = timed_then_traced(
            env, measure, lambda: template._kobo_write_file(path, "xlsx"), quarter_figures, "rows"
        )
        report(
            _name("retailer XLSX, a quarter of the catalogue", quarter_figures, quarter[0]),
            quarter,
            kobo,
            _name("the whole catalogue", kobo_figures, kobo[0]),
            baseline_memory=memory(kobo_figures),
            **memory(quarter_figures),
        )
    finally:
        os.unlink(path)
