"""Bench: a Google Merchant feed of 50,000 variants (1,000 products × 5 colours × 10 sizes), through
the production path, beside three baselines measured in the same run.

Kōbō, as it runs in production:
- *publish*: the listings queued, then ``kobo.channel._kobo_job_sync`` run until the queue is
  empty (each job: approval, validation, build, digest, rows stored), on products that pass
  Google's validation (image, taxonomy node, brand, gender, age group, colour, size, price);
- *generate*: the XML and TSV files written from the stored rows (``_kobo_generate``);
- *end to end*: the two together, what a catalogue change costs until the file is there.

Baselines, each writing the same attributes to the same kind of stream:
- *competent loop*: what a competent Odoo developer writes: the variants read as recordsets of
  1,000 (prefetching), one ``_get_products_price`` call per recordset, lxml's streaming writer;
- *export_data*: Odoo's own export (``export_data``, as the Export dialog) of the same fields,
  written with lxml's streaming writer;
- *floor*: one SQL query with the real joins (variant values, taxonomy node, first image, price
  extras), read through a server-side cursor and written by a plain escaped-string writer.

The feed is generated again at a quarter of the catalogue: its memory does not grow with it.
Memory: tracemalloc's peak (Python objects), the growth of the process's peak RSS
(benchkit.rss_growth: C memory too), and the peak RSS of the generation and of each baseline in
a fresh process (``FRESH_OPERATIONS``, run by bench.py on a committed copy of the catalogue:
benchkit.fresh_measure). Run by bench_scenarios.py inside `make bench`, in its own savepoint
(rolled back).
"""

import base64
import io
from xml.sax.saxutils import escape

from lxml import etree
from PIL import Image

from odoo.addons.kobo_syndication_google.models.kobo_google_feed_writer import GOOGLE_NS, ITEM_ATTRIBUTES
from odoo.tools import split_every

from .benchkit import (
    approve_content,
    colour_and_size,
    google_channel,
    memory,
    rate_name,
    rss_growth,
    scaled,
    timed_then_traced,
    variant_lines,
)

COLOURS = 5
SIZES = 10
TEMPLATES = 1000  # x 50 variants = 50,000 items
CHUNK = 1000  # variants per recordset in the competent loop


def _png():
    output = io.BytesIO()
    Image.new("RGB", (500, 500), (30, 60, 90)).save(output, format="PNG")
    return base64.b64encode(output.getvalue())


def _setup(env, scale):
    colour, size = colour_and_size(env, "Bench feed", COLOURS, SIZES)
    channel, category = google_channel(
        env, "Bench Google", "bench_google_feed", env["product.pricelist"].create({"name": "Bench feed EUR"})
    )
    products = env["product.template"].create(
        [
            {
                "name": f"Bench feed garment {n}",
                "categ_id": category.id,
                "list_price": 40 + n % 60,
                "kobo_brand": "Bench",
                "kobo_gender": "female",
                "kobo_age_group": "adult",
                "kobo_description": f"<p>Bench garment {n} &amp; friends.</p>",
                "attribute_line_ids": variant_lines(colour, size),
            }
            for n in range(scaled(TEMPLATES, scale))
        ]
    )
    env.cr.execute(
        "UPDATE product_product SET default_code = 'BF-' || id WHERE product_tmpl_id IN %s",
        [tuple(products.ids)],
    )
    image = _png()
    env["kobo.asset"].create(
        [{"product_tmpl_id": product.id, "name": "front.png", "image": image} for product in products]
    )
    env.flush_all()
    env.invalidate_all()
    return channel, products


def _approve(env, channel, products):
    """Approve ``products``' content and run the commit point's callbacks (the automation that
    queues approved products on their channels), outside the measures; their listings."""
    approve_content(env, products)
    env.cr.flush()
    return env["kobo.listing"]._kobo_ensure(products, channel)


def _publish(env, channel, listings):
    """Queue ``listings`` and run the channel's sync jobs until none is queued, as the job
    runner does; every listing must end published. Returns the feed items stored."""
    listings._kobo_queue("publish")
    while env["kobo.listing"].search_count([("id", "in", listings.ids), ("state", "=", "queued")], limit=1):
        channel._kobo_job_sync()
    not_published = listings.filtered(lambda listing: listing.state != "published")
    if not_published:
        issues = not_published[:1].issue_ids.mapped("message")[:3]
        raise RuntimeError(
            f"{len(not_published)} listings not published ({not_published[:1].state}): {issues}"
        )
    env.cr.execute(
        "SELECT coalesce(sum(item_count), 0) FROM kobo_google_feed_row WHERE listing_id = ANY(%s)",
        [listings.ids],
    )
    return env.cr.fetchone()[0]


class _Discard(io.RawIOBase):
    """A file that forgets what is written (the files' size must not count as memory)."""

    def writable(self):
        return True

    def write(self, data):
        return len(data)


def _write_items(items):
    """The baselines' writer: lxml's streaming writer, as the competent developer uses it."""
    g = f"{{{GOOGLE_NS}}}"
    count = 0
    with etree.xmlfile(_Discard(), encoding="utf-8") as xf:
        xf.write_declaration()
        with xf.element("rss", version="2.0", nsmap={"g": GOOGLE_NS}), xf.element("channel"):
            for item in items:
                with xf.element("item"):
                    for attribute in ITEM_ATTRIBUTES:
                        value = item.get(attribute)
                        if value not in (None, False, ""):
                            with xf.element(g + attribute):
                                xf.write(str(value))
                count += 1
    return count


def _context(env, channel):
    base_url = env["ir.config_parameter"].sudo().get_param("web.base.url", "").rstrip("/")
    nodes = {
        mapping.categ_id.id: str(mapping.node_id.external_id)
        for mapping in env["kobo.taxonomy.mapping"].search([("channel_id", "=", channel.id)])
    }
    return base_url, nodes


def _competent(env, channel, variant_ids):
    """Recordsets of CHUNK variants, one batch price call each, lxml streaming."""
    pricelist = channel.pricelist_id
    currency = pricelist.currency_id.name
    base_url, nodes = _context(env, channel)

    def items():
        for chunk in split_every(CHUNK, variant_ids):
            variants = env["product.product"].browse(chunk)
            prices = pricelist._get_products_price(variants, 1.0)
            for variant in variants:
                product = variant.product_tmpl_id
                values = variant.product_template_attribute_value_ids
                colour = values.filtered(lambda value: value.attribute_id.display_type == "color")
                image = product.kobo_asset_ids[:1]
                yield {
                    "id": variant.default_code,
                    "item_group_id": f"kobo-{product.id}",
                    "title": " - ".join(
                        [product.kobo_marketing_name or product.name, *values.mapped("name")]
                    ),
                    "description": product.kobo_description,
                    "link": base_url + variant.website_url,
                    "image_link": f"{base_url}/web/image/kobo.asset/{image.id}/image" if image else "",
                    "availability": "in_stock",
                    "price": f"{prices[variant.id]:.2f} {currency}",
                    "brand": product.kobo_brand,
                    "gtin": variant.barcode,
                    "mpn": variant.default_code,
                    "condition": "new",
                    "google_product_category": nodes.get(product.categ_id.id, ""),
                    "product_type": product.categ_id.complete_name,
                    "color": colour.name,
                    "size": (values - colour).name,
                    "gender": product.kobo_gender,
                    "age_group": product.kobo_age_group,
                }
            env.invalidate_all()  # the next recordset starts with an empty cache

    return _write_items(items())


EXPORT_FIELDS = [
    "default_code",
    "product_tmpl_id/id",
    "product_tmpl_id/name",
    "product_tmpl_id/kobo_description",
    "website_url",
    "lst_price",
    "product_tmpl_id/kobo_brand",
    "barcode",
    "product_tmpl_id/categ_id/complete_name",
    "product_tmpl_id/kobo_gender",
    "product_tmpl_id/kobo_age_group",
    "product_template_variant_value_ids/name",
]


def _export_data(env, channel, variant_ids):
    """Odoo's own export of the same fields (one call, as the Export dialog makes it); the
    variant values come as one line each (colour on the variant's line, size on the next)."""
    base_url, __ = _context(env, channel)
    rows = env["product.product"].browse(variant_ids).export_data(EXPORT_FIELDS)["datas"]

    def items():
        item = None
        for row in rows:
            if row[0]:
                if item:
                    yield item
                code, group, name, description, url, price, brand, gtin, categ, gender, age, colour = row
                item = {
                    "id": code,
                    "item_group_id": group,
                    "title": name,
                    "description": description,
                    "link": base_url + (url or ""),
                    "availability": "in_stock",
                    "price": f"{price:.2f} EUR",
                    "brand": brand,
                    "gtin": gtin,
                    "mpn": code,
                    "condition": "new",
                    "product_type": categ,
                    "color": colour,
                    "gender": gender,
                    "age_group": age,
                }
            elif item:
                item["size"] = row[-1]
        if item:
            yield item

    return _write_items(items())


#: The bench's variants have one colour and one size each (joined once each, as the real
#: joins of a two-attribute catalogue).
FLOOR_QUERY = """
    SELECT p.default_code, t.id, t.name->>'en_US', t.kobo_description->>'en_US',
           t.list_price + colour_ptav.price_extra + size_ptav.price_extra, t.kobo_brand, p.barcode,
           node.external_id, categ.complete_name, colour.name->>'en_US', size.name->>'en_US',
           t.kobo_gender, t.kobo_age_group, image.id
      FROM kobo_listing l
      JOIN product_template t ON t.id = l.product_tmpl_id
      JOIN product_product p ON p.product_tmpl_id = t.id AND p.active
      JOIN product_category categ ON categ.id = t.categ_id
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
      LEFT JOIN kobo_taxonomy_mapping mapping
             ON mapping.channel_id = l.channel_id AND mapping.categ_id = t.categ_id
      LEFT JOIN kobo_taxonomy_node node ON node.id = mapping.node_id
      LEFT JOIN (SELECT DISTINCT ON (product_tmpl_id) product_tmpl_id, id FROM kobo_asset
                  ORDER BY product_tmpl_id, sequence, id) image ON image.product_tmpl_id = t.id
     WHERE l.channel_id = %s AND l.state = 'published'
     ORDER BY t.id, p.id
"""


def _floor(env, channel):
    """One query, a server-side cursor, a plain escaped-string writer: no ORM, no lxml."""
    base_url = escape(_context(env, channel)[0])
    env.flush_all()
    output = _Discard()
    output.write(
        b'<?xml version="1.0" encoding="utf-8"?>\n'
        b'<rss xmlns:g="http://base.google.com/ns/1.0" version="2.0"><channel>'
    )
    count = 0
    # the transaction's own connection (the bench's rows are not committed), a named cursor
    # planned for every row, not for the first tenth (a cursor's default)
    env.cr.execute("SET LOCAL cursor_tuple_fraction = 1.0")
    with env.cr._cnx.cursor("kobo_bench_feed_floor") as cursor:
        cursor.itersize = 2000
        cursor.execute(FLOOR_QUERY, [channel.id])
        for (
            code,
            tid,
            name,
            description,
            price,
            brand,
            gtin,
            node,
            categ,
            colour,
            size,
            gender,
            age,
            image,
        ) in cursor:
            mpn = escape(code or "")
            output.write(
                (
                    f"<item><g:id>{mpn}</g:id><g:item_group_id>kobo-{tid}</g:item_group_id>"
                    f"<g:title>{escape(name)} - {escape(colour or '')} - {escape(size or '')}</g:title>"
                    f"<g:description>{escape(description or '')}</g:description>"
                    f"<g:link>{base_url}/shop/{tid}</g:link>"
                    f"<g:image_link>{base_url}/web/image/kobo.asset/{image}/image</g:image_link>"
                    f"<g:availability>in_stock</g:availability><g:price>{price:.2f} EUR</g:price>"
                    f"<g:brand>{escape(brand or '')}</g:brand><g:gtin>{gtin or ''}</g:gtin>"
                    f"<g:mpn>{mpn}</g:mpn>"
                    f"<g:condition>new</g:condition><g:google_product_category>{node or ''}"
                    f"</g:google_product_category><g:product_type>{escape(categ)}</g:product_type>"
                    f"<g:color>{escape(colour or '')}</g:color><g:size>{escape(size or '')}</g:size>"
                    f"<g:gender>{gender}</g:gender><g:age_group>{age}</g:age_group></item>"
                ).encode()
            )
            count += 1
    output.write(b"</channel></rss>")
    return count


def _name(label, figures, milliseconds):
    return rate_name(label, figures, milliseconds, "items")


#: What the fresh-process measures run (bench.py ``fresh_measures``), each in its own process.
FRESH_OPERATIONS = ("generate", "competent", "export_data", "floor")


def _fresh(operation):
    """The key naming a figure's fresh-process measure (bench.py puts the measure beside it)."""
    return f"{__name__.rpartition('.')[2]}:{operation}"


def fresh_setup(env, scale):
    """The catalogue published through the jobs and its feed, for the fresh-process measures
    (committed by the caller): what their operations need."""
    channel, products = _setup(env, scale)
    _publish(env, channel, _approve(env, channel, products))
    env["kobo.google.feed"]._kobo_ensure(channel)
    return {"channel": channel.id, "products": products.ids}


def fresh_operation(env, params, operation, path):
    """One output of ``FRESH_OPERATIONS``, prepared (its inputs read) and ready to run on the
    catalogue of ``fresh_setup``; files go nowhere (``_Discard``), ``path`` is not needed."""
    channel = env["kobo.channel"].browse(params["channel"])
    if operation == "generate":
        feed = env["kobo.google.feed"]._kobo_ensure(channel)
        return feed._kobo_generate
    if operation == "floor":
        return lambda: _floor(env, channel)
    variant_ids = (
        env["product.product"]
        .search([("product_tmpl_id", "in", params["products"])], order="product_tmpl_id, id")
        .ids
    )
    if operation == "competent":
        return lambda: _competent(env, channel, variant_ids)
    return lambda: _export_data(env, channel, variant_ids)


def run(env, scale, measure, report):
    if "kobo.connector.google_merchant" not in env:
        return
    channel, products = _setup(env, scale)
    feed = env["kobo.google.feed"]._kobo_ensure(channel)

    def generate():
        feed._kobo_generate()
        return feed.item_count

    # The whole catalogue published through the jobs, then its feed generated.
    listings = _approve(env, channel, products)
    publish_figures = {}

    def publish():
        publish_figures["items"], publish_figures["rss_mib"] = rss_growth(
            lambda: _publish(env, channel, listings)
        )

    published = measure(env, publish)
    generate_figures = {}
    generated = timed_then_traced(env, measure, generate, generate_figures, "items")

    # The baselines, on the same variants.
    variant_ids = (
        env["product.product"]
        .search([("product_tmpl_id", "in", products.ids)], order="product_tmpl_id, id")
        .ids
    )
    competent_figures, export_figures, floor_figures = {}, {}, {}
    competent = timed_then_traced(
        env, measure, lambda: _competent(env, channel, variant_ids), competent_figures, "items"
    )
    exported = timed_then_traced(
        env, measure, lambda: _export_data(env, channel, variant_ids), export_figures, "items"
    )
    floor = timed_then_traced(env, measure, lambda: _floor(env, channel), floor_figures, "items")
    competent_name = _name(
        "competent loop (recordsets, batch prices, lxml stream)", competent_figures, competent[0]
    )
    against = {
        "more": [
            (
                _name("Odoo export_data + lxml stream", export_figures, exported[0]),
                exported,
                {**memory(export_figures), "fresh": _fresh("export_data")},
            ),
            (
                _name("floor: one SQL query, server-side cursor, plain writer", floor_figures, floor[0]),
                floor,
                {**memory(floor_figures), "fresh": _fresh("floor")},
            ),
        ],
        "baseline_memory": {**memory(competent_figures), "fresh": _fresh("competent")},
    }
    whole = (published[0] + generated[0], published[1] + generated[1])
    report(
        _name("Google feed end to end: publish jobs + generate", generate_figures, whole[0]),
        whole,
        competent,
        competent_name,
        **against,
    )
    report(
        _name(
            f"Google feed: publish {len(listings)} listings through the sync jobs",
            publish_figures,
            published[0],
        ),
        published,
        competent,
        competent_name,
        **against,
        rss_mib=round(publish_figures["rss_mib"], 1),
    )
    report(
        _name("Google feed: XML + TSV generated from the stored rows", generate_figures, generated[0]),
        generated,
        competent,
        competent_name,
        **against,
        **memory(generate_figures),
        fresh=_fresh("generate"),
    )

    # Three quarters withdrawn through the jobs (not measured), the feed generated again.
    rest = listings[len(listings) // 4 or 1 :]
    rest._kobo_queue("delist")
    while env["kobo.listing"].search_count([("id", "in", rest.ids), ("state", "=", "queued")], limit=1):
        channel._kobo_job_sync()
    quarter_figures = {}
    quarter = timed_then_traced(env, measure, generate, quarter_figures, "items")
    report(
        _name("Google feed generated at 1/4 of the catalogue", quarter_figures, quarter[0]),
        quarter,
        generated,
        _name("the whole catalogue", generate_figures, generated[0]),
        baseline_memory=memory(generate_figures),
        **memory(quarter_figures),
    )
