"""Google Merchant feed files: RSS 2.0 with the ``g:`` namespace, and TSV.

No ORM here. Items are dicts of Google attribute → text or list of texts. The push renders
each listing's items once (``render_xml_items``, ``render_tsv_lines``): the ``<item>``
elements exactly as lxml's ``etree.xmlfile`` writes them inside the feed, and the TSV lines.
A feed file is then ``xml_envelope``'s head, the stored texts in the feed's order and its
tail (``tsv_header`` and the lines for the TSV): no tree of the feed, no item dict in memory.
The files are byte for byte those the element-by-element writer of 18.0.2.0.0 wrote
(``tests/test_feed_stored_texts.py`` keeps a copy of it and compares).
"""

import io

from lxml import etree

from odoo.addons.kobo_pim.text import clean_text, one_line

GOOGLE_NS = "http://base.google.com/ns/1.0"

#: Google attributes in the order they are written (XML and TSV columns).
ITEM_ATTRIBUTES = (
    "id",
    "item_group_id",
    "title",
    "description",
    "link",
    "image_link",
    "additional_image_link",
    "availability",
    "price",
    "sale_price",
    "sale_price_effective_date",
    "brand",
    "gtin",
    "mpn",
    "identifier_exists",
    "condition",
    "google_product_category",
    "product_type",
    "color",
    "size",
    "size_system",
    "gender",
    "age_group",
)

#: Google allows up to 10 additional image links.
MAX_ADDITIONAL_IMAGES = 10


def _values(item, attribute):
    value = item.get(attribute)
    if value in (None, False, ""):
        return []
    return value if isinstance(value, list) else [value]


def xml_envelope(channel_info):
    """``(head, tail)``: the text of the feed before its first ``<item>`` and after its last
    (``head + tail`` is the feed without items)."""
    buffer = io.BytesIO()
    with etree.xmlfile(buffer, encoding="utf-8") as xf:
        xf.write_declaration()
        with xf.element("rss", version="2.0", nsmap={"g": GOOGLE_NS}):
            with xf.element("channel"):
                _write_channel_info(xf, channel_info)
                xf.flush()
                items_at = buffer.tell()
    data = buffer.getvalue()
    return data[:items_at].decode(), data[items_at:].decode()


def render_xml_items(items):
    """The ``<item>`` elements of ``items`` as text, exactly as they are in a feed written element
    by element: lxml writes them inside the same ``rss`` / ``channel`` elements (the ``g``
    prefix is declared on ``rss``, not on each item) and they are cut out of that stream."""
    buffer = io.BytesIO()
    with etree.xmlfile(buffer, encoding="utf-8") as xf:
        with xf.element("rss", version="2.0", nsmap={"g": GOOGLE_NS}):
            with xf.element("channel"):
                xf.flush()
                start = buffer.tell()
                for item in items:
                    _write_item(xf, item)
                xf.flush()
                end = buffer.tell()
    return buffer.getvalue()[start:end].decode()


def _write_channel_info(xf, channel_info):
    for tag in ("title", "link", "description"):
        with xf.element(tag):
            xf.write(one_line(channel_info.get(tag)))


def _write_item(xf, item):
    g = f"{{{GOOGLE_NS}}}"
    with xf.element("item"):
        for attribute in ITEM_ATTRIBUTES:
            for value in _values(item, attribute):
                with xf.element(g + attribute):
                    xf.write(clean_text(value))


def tsv_header():
    return "\t".join(ITEM_ATTRIBUTES) + "\n"


def tsv_line(item):
    """One item's line of the TSV file, line break included."""
    cells = (",".join(one_line(value) for value in _values(item, a)) for a in ITEM_ATTRIBUTES)
    return "\t".join(cells) + "\n"


def render_tsv_lines(items):
    """The TSV lines of ``items``, line breaks included."""
    return "".join(tsv_line(item) for item in items)
