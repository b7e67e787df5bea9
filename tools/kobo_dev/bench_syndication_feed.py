"""Bench: a Google Merchant feed of 50,000 variants written as a stream, beside a naive per-record
ORM loop (the baseline) and a raw SQL + lxml writer over the same rows (the floor), with items/s
and peak Python memory (tracemalloc) of each; the feed's memory at 1/4 and at the whole catalogue.

Run by bench_scenarios.py inside `make bench`, in its own savepoint (rolled back). The rows are
stored first through the connector's own path (build_payload + push, 1,000 listings at a time;
its rate is reported too). The naive loop runs on the first NAIVE_ROWS variants only; compare
its items/s, and its memory, which grows with the items (it builds the whole tree).
"""

import io

from lxml import etree

from odoo.addons.kobo_syndication_google.models.kobo_google_feed_writer import GOOGLE_NS, write_xml

from .benchkit import colour_and_size, rate_name, timed_then_traced, variant_lines

COLOURS = 5
SIZES = 10
TEMPLATES = 1000  # x 50 variants = 50,000 items
NAIVE_ROWS = 2000
PUSH_CHUNK = 1000


def _setup(env, scale):
    colour, size = colour_and_size(env, "Bench feed", COLOURS, SIZES)
    channel = env["kobo.channel"].create(
        {
            "name": "Bench Google",
            "code": "bench_google_feed",
            "channel_type": "feed",
            "connector": "google_merchant",
            "pricelist_id": env["product.pricelist"].create({"name": "Bench feed EUR"}).id,
        }
    )
    products = env["product.template"].create(
        [
            {
                "name": f"Bench feed garment {n}",
                "list_price": 40 + n % 60,
                "kobo_brand": "Bench",
                "kobo_gender": "female",
                "kobo_age_group": "adult",
                "kobo_description": f"<p>Bench garment {n} &amp; friends.</p>",
                "attribute_line_ids": variant_lines(colour, size),
            }
            for n in range(TEMPLATES * scale)
        ]
    )
    env.cr.execute(
        "UPDATE product_product SET default_code = 'BF-' || id WHERE product_tmpl_id IN %s",
        [tuple(products.ids)],
    )
    env.invalidate_all()
    listings = env["kobo.listing"]._kobo_ensure(products, channel)
    return channel, products, listings


def _push(env, channel, listings):
    connector = env["kobo.connector.google_merchant"]
    for start in range(0, len(listings), PUSH_CHUNK):
        chunk = listings[start : start + PUSH_CHUNK]
        connector.push(chunk, connector.build_payload(chunk))
        env.invalidate_all()
    return sum(len(listing.product_tmpl_id.product_variant_ids) for listing in listings)


def _naive(env, channel, variant_ids):
    """Per record through the ORM, the whole RSS tree built in memory, then serialised."""
    pricelist = channel.pricelist_id
    base_url = env["ir.config_parameter"].sudo().get_param("web.base.url")
    rss = etree.Element("rss", version="2.0", nsmap={"g": GOOGLE_NS})
    feed_channel = etree.SubElement(rss, "channel")
    g = f"{{{GOOGLE_NS}}}"
    for variant_id in variant_ids:
        variant = env["product.product"].browse(variant_id)
        product = variant.product_tmpl_id
        colour = variant.product_template_attribute_value_ids.filtered(
            lambda value: value.attribute_id.display_type == "color"
        )
        size = variant.product_template_attribute_value_ids - colour
        values = {
            "id": variant.default_code,
            "item_group_id": f"kobo-{product.id}",
            "title": product.kobo_marketing_name or product.name,
            "description": product.kobo_description,
            "link": base_url + variant.website_url,
            "price": f"{pricelist._get_product_price(variant, 1.0):.2f} {pricelist.currency_id.name}",
            "brand": product.kobo_brand,
            "color": colour.name,
            "size": size.name,
            "gender": product.kobo_gender,
            "age_group": product.kobo_age_group,
        }
        item = etree.SubElement(feed_channel, "item")
        for key, value in values.items():
            etree.SubElement(item, g + key).text = str(value or "")
        env.invalidate_all()  # as a loop over browse() records without a shared prefetch reads
    etree.tostring(rss, xml_declaration=True, encoding="utf-8")
    return len(variant_ids)


def _sql_floor(env, channel):
    """The floor: one SQL query for the plain columns (no translations, mappings, size
    conversion, images or pricelist), streamed through the same lxml writer."""
    header = {"title": channel.name}  # read before the query: the generator fetches from the cursor
    base_url = env["ir.config_parameter"].sudo().get_param("web.base.url")
    env.cr.execute(
        """
        SELECT p.default_code, t.id, t.name->>'en_US', t.kobo_description->>'en_US', t.list_price,
               t.kobo_brand, t.kobo_gender, t.kobo_age_group
          FROM kobo_listing l
          JOIN product_product p ON p.product_tmpl_id = l.product_tmpl_id AND p.active
          JOIN product_template t ON t.id = l.product_tmpl_id
         WHERE l.channel_id = %s
         ORDER BY t.id, p.id
        """,
        [channel.id],
    )

    def items():
        while rows := env.cr.fetchmany(2000):
            for code, template_id, name, description, price, brand, gender, age_group in rows:
                # every attribute the feed writes, so that both write the same amount
                yield {
                    "id": code,
                    "item_group_id": f"kobo-{template_id}",
                    "title": name,
                    "description": description,
                    "link": f"{base_url}/shop/{template_id}",
                    "image_link": f"{base_url}/web/image/{template_id}",
                    "additional_image_link": [],
                    "availability": "in_stock",
                    "price": f"{price:.2f} EUR",
                    "brand": brand,
                    "mpn": code,
                    "identifier_exists": "no",
                    "condition": "new",
                    "google_product_category": "212",
                    "product_type": "Bench",
                    "color": "Colour",
                    "size": "M",
                    "gender": gender,
                    "age_group": age_group,
                }

    return write_xml(_Discard(), header, items())


class _Discard(io.RawIOBase):
    """A file that forgets what is written (the files' size must not count as memory)."""

    def writable(self):
        return True

    def write(self, data):
        return len(data)


def _feed_xml(feed):
    """The feed's XML from its stored rows, as the generation writes it (not the TSV)."""
    return write_xml(_Discard(), {"title": feed.channel_id.name}, feed._kobo_iter_items())


def _name(label, figures, milliseconds):
    return rate_name(label, figures, milliseconds, "items")


def run(env, scale, measure, report):
    if "kobo.connector.google_merchant" not in env:
        return
    channel, products, listings = _setup(env, scale)
    quarter = listings[: len(listings) // 4]
    push_figures = {}
    pushed = timed_then_traced(env, measure, lambda: _push(env, channel, quarter), push_figures, "items")
    feed = env["kobo.google.feed"]._kobo_ensure(channel)
    quarter_figures = {}
    quarter_run = timed_then_traced(
        env, measure, lambda: feed._kobo_generate() or feed.item_count, quarter_figures, "items"
    )
    _push(env, channel, listings - quarter)
    kobo_figures, xml_figures, naive_figures, floor_figures = {}, {}, {}, {}
    kobo = timed_then_traced(
        env, measure, lambda: feed._kobo_generate() or feed.item_count, kobo_figures, "items"
    )
    xml_only = timed_then_traced(env, measure, lambda: _feed_xml(feed), xml_figures, "items")
    variant_ids = products.product_variant_ids.ids[:NAIVE_ROWS]
    naive = timed_then_traced(env, measure, lambda: _naive(env, channel, variant_ids), naive_figures, "items")
    floor = timed_then_traced(env, measure, lambda: _sql_floor(env, channel), floor_figures, "items")
    whole = _name("Google feed XML + TSV from stored rows", kobo_figures, kobo[0])
    report(whole, kobo, naive, _name("naive per-record ORM + lxml tree", naive_figures, naive[0]))
    report(
        _name("Google feed XML from stored rows", xml_figures, xml_only[0]),
        xml_only,
        floor,
        _name("raw SQL + lxml stream, same attributes (floor)", floor_figures, floor[0]),
    )
    report(
        _name("Google feed at 1/4 of the catalogue", quarter_figures, quarter_run[0]),
        quarter_run,
        kobo,
        whole,
    )
    report(
        _name("Google rows built and stored (build_payload + push)", push_figures, pushed[0]),
        pushed,
        naive,
        _name("naive per-record ORM + lxml tree", naive_figures, naive[0]),
    )
