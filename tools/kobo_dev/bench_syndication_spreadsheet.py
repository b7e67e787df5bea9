"""Bench: a 50,000-row retailer XLSX (constant memory), beside a naive per-record ORM loop and a
raw SQL floor, with rows/s and peak Python memory (tracemalloc) of each.

Run by bench_scenarios.py inside `make bench`, in its own savepoint (rolled back). The naive loop
runs on the first NAIVE_ROWS variants only (at 50,000 it would take over an hour); its rows/s and memory
per row are what to compare, and its memory grows with the rows (openpyxl keeps the workbook).
The sheet is then written again with a quarter of the products listed: its peak memory is
compared with the whole catalogue's (flat).
"""

import os
import tempfile

import openpyxl
import xlsxwriter

from odoo import Command
from odoo.addons.kobo_base.models.kobo_workflow_mixin import privileged

from .benchkit import colour_and_size, rate_name, timed_then_traced, variant_lines

COLOURS = 5
SIZES = 10
TEMPLATES = 1000  # x 50 variants = 50,000 rows
NAIVE_ROWS = 1000
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
            for n in range(TEMPLATES * scale)
        ]
    )
    env.cr.execute(
        "UPDATE product_product SET default_code = 'BG-' || id, barcode = (4000000000000 + id)::text "
        "WHERE product_tmpl_id IN %s",
        [tuple(products.ids)],
    )
    listings = env["kobo.listing"]._kobo_ensure(products, channel)
    privileged(listings).write({"state": "published"})
    env.flush_all()
    env.invalidate_all()
    return template, products


def _naive(env, template, variant_ids, path):
    """A per-record ORM loop: one variant at a time, its size conversion searched and its price
    asked of the pricelist, openpyxl keeping the whole workbook in memory."""
    pricelist = template.channel_id.pricelist_id
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append([header for header, __ in COLUMNS])
    for variant_id in variant_ids:
        variant = env["product.product"].browse(variant_id)
        product = variant.product_tmpl_id
        colour = variant.product_template_attribute_value_ids.filtered(
            lambda value: value.attribute_id.display_type == "color"
        )
        size = variant.product_template_attribute_value_ids - colour
        conversion = env["kobo.size.conversion.line"].search(
            [("value_id", "=", size.product_attribute_value_id.id)], limit=1
        )
        sheet.append(
            [
                product.kobo_item_group,
                variant.default_code,
                variant.barcode,
                product.kobo_marketing_name or product.name,
                colour.name,
                conversion.intl or size.name,
                product.kobo_composition_label,
                pricelist._get_product_price(variant, 1.0),
                pricelist.currency_id.name,
                product.kobo_suggested_retail_price,
                f"{product.kobo_brand} {product.name}",
            ]
        )
        env.invalidate_all()  # as a loop over browse() records without a shared prefetch reads
    workbook.save(path)
    return len(variant_ids)


def _sql_floor(env, template, path):
    """The floor: one SQL query for the plain columns (no translations, mappings, size
    conversion or pricelist), streamed to xlsxwriter in constant memory."""
    env.cr.execute(
        """
        SELECT t.kobo_item_group, p.default_code, p.barcode, t.name->>'en_US', t.list_price
          FROM kobo_listing l
          JOIN product_product p ON p.product_tmpl_id = l.product_tmpl_id AND p.active
          JOIN product_template t ON t.id = l.product_tmpl_id
         WHERE l.channel_id = %s AND l.state = 'published'
         ORDER BY t.id, p.id
        """,
        [template.channel_id.id],
    )
    workbook = xlsxwriter.Workbook(path, {"constant_memory": True})
    sheet = workbook.add_worksheet()
    count = 0
    while rows := env.cr.fetchmany(2000):
        for row in rows:
            count += 1
            for col, value in enumerate(row):
                sheet.write(count, col, value)
    workbook.close()
    return count


def _name(label, figures, milliseconds):
    return rate_name(label, figures, milliseconds, "rows")


def run(env, scale, measure, report):
    if "kobo.spreadsheet.template" not in env:
        return
    template, products = _setup(env, scale)
    variant_ids = template._kobo_variant_ids(products)
    handle, path = tempfile.mkstemp(suffix=".xlsx")
    os.close(handle)
    try:
        kobo_figures, naive_figures, floor_figures = {}, {}, {}
        kobo = timed_then_traced(
            env, measure, lambda: template._kobo_write_file(path, "xlsx"), kobo_figures, "rows"
        )
        naive = timed_then_traced(
            env, measure, lambda: _naive(env, template, variant_ids[:NAIVE_ROWS], path), naive_figures, "rows"
        )
        report(
            _name("retailer XLSX (constant memory)", kobo_figures, kobo[0]),
            kobo,
            naive,
            _name("naive per-record ORM + openpyxl", naive_figures, naive[0]),
        )
        floor = timed_then_traced(
            env, measure, lambda: _sql_floor(env, template, path), floor_figures, "rows"
        )
        report(
            _name("retailer XLSX (constant memory)", kobo_figures, kobo[0]),
            kobo,
            floor,
            _name("raw SQL floor, 5 plain columns", floor_figures, floor[0]),
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
        )
    finally:
        os.unlink(path)
