"""Google Merchant feed files written as a stream: RSS 2.0 with the ``g:`` namespace, and TSV.

No ORM here: the feed model hands over an iterator of items (dicts of Google attribute →
text or list of texts) and a file object; each item is written and forgotten, so memory does
not depend on the number of items (lxml's ``etree.xmlfile`` writes elements as they come,
no tree of the whole feed is ever built).
"""

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


def write_xml(fileobj, channel_info, items):
    """Write an RSS 2.0 feed to ``fileobj`` (binary); ``channel_info`` has title, link and
    description; ``items`` is an iterable of item dicts. Returns the number of items."""
    count = 0
    g = f"{{{GOOGLE_NS}}}"
    with etree.xmlfile(fileobj, encoding="utf-8") as xf:
        xf.write_declaration()
        with xf.element("rss", version="2.0", nsmap={"g": GOOGLE_NS}):
            with xf.element("channel"):
                for tag in ("title", "link", "description"):
                    with xf.element(tag):
                        xf.write(one_line(channel_info.get(tag)))
                for item in items:
                    with xf.element("item"):
                        for attribute in ITEM_ATTRIBUTES:
                            for value in _values(item, attribute):
                                with xf.element(g + attribute):
                                    xf.write(clean_text(value))
                    count += 1
    return count


def write_tsv(fileobj, items):
    """Write the same items as Google's tab-separated form to ``fileobj`` (text): a header row
    of attribute names, one line per item; list values joined by commas as Google reads them.
    Tabs and line breaks inside values become spaces. Returns the number of items."""
    write_tsv_header(fileobj)
    count = 0
    for item in items:
        write_tsv_row(fileobj, item)
        count += 1
    return count


def write_tsv_header(fileobj):
    fileobj.write("\t".join(ITEM_ATTRIBUTES) + "\n")


def write_tsv_row(fileobj, item):
    cells = (",".join(one_line(value) for value in _values(item, a)) for a in ITEM_ATTRIBUTES)
    fileobj.write("\t".join(cells) + "\n")
