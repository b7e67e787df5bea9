"""The feed file is written from the texts the push rendered, and it is byte for byte the file
the element-by-element writer of 18.0.2.0.0 wrote from the same rows (kept below, unchanged,
as the reference): with characters XML escapes or forbids, empty and list attributes, two feeds
in two languages, rows stored before the texts were, and a machine writing its own copy."""

import io
import os
from unittest import mock

from freezegun import freeze_time
from lxml import etree

from odoo import Command
from odoo.addons.kobo_pim.text import clean_text, one_line
from odoo.addons.kobo_syndication_google.models.kobo_google_feed_writer import GOOGLE_NS, ITEM_ATTRIBUTES
from odoo.tests import tagged

from .google_feed_common import GoogleFeedCase

FEED_MODULE = "odoo.addons.kobo_syndication_google.models.kobo_google_feed"


# The writer of 18.0.2.0.0, as it was: what every feed file was before the texts were stored.


def _values(item, attribute):
    value = item.get(attribute)
    if value in (None, False, ""):
        return []
    return value if isinstance(value, list) else [value]


def reference_write_xml(fileobj, channel_info, items):
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


def reference_write_tsv(fileobj, items):
    fileobj.write("\t".join(ITEM_ATTRIBUTES) + "\n")
    for item in items:
        cells = (",".join(one_line(value) for value in _values(item, a)) for a in ITEM_ATTRIBUTES)
        fileobj.write("\t".join(cells) + "\n")


#: An item with what a writer must get right: XML's special characters, a carriage return
#: (lxml writes &#13;), characters XML 1.0 forbids (which JSON stores), tabs and line breaks (one space in the
#: TSV), non-Latin text, empty, missing and False attributes, a list, a number.
AWKWARD_ITEM = {
    "id": "AWK-1 <&>",
    "item_group_id": False,
    "title": "Robe \"Été\" & 'Nuit' <b>– 女性用\x01 ドレス",
    "description": "Line one\r\nLine\ttwo\x0b\n\n  spaced  end\ufffe",
    "link": "https://shop.example.com/p?a=1&b=<2>",
    "image_link": "",
    "additional_image_link": ["https://i.example.com/1.jpg?x=1&y=2", "", "https://i.example.com/2.jpg"],
    "availability": None,
    "price": "12.90 EUR",
    "google_product_category": 212,
    "color": "Navy/Ecru",
    "size": "M",
}


@tagged("post_install", "-at_install")
class TestFeedStoredTexts(GoogleFeedCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.google_fr = cls.google.copy(
            {
                "name": "Google Test FR & <Kōbō>",
                "code": "test_google_feed_fr",
                "lang_ids": [Command.set(cls.env["res.lang"]._lang_get("fr_FR").ids)],
            }
        )
        cls.env["kobo.taxonomy.mapping"].create(
            {"channel_id": cls.google_fr.id, "categ_id": cls.category.id, "node_id": cls.node.id}
        )
        # copy a shopper reads, with what the XML writer must escape or drop
        cls.blouse.with_context(lang="de_DE").write(
            {
                "kobo_marketing_name": 'Bluse <b>Ünïcødé</b> & "Co"\x01 – 女性用ブラウス',
                "kobo_description": "<p>Tom &amp; Jerry\x0b &lt;3 'x' > y</p><p>Ж\r\nzweite Zeile</p>",
                "kobo_brand": "Nord & Süd",
            }
        )
        cls._approve(cls.blouse)

    def _publish_on(self, channel, products):
        listings = self.env["kobo.listing"]._kobo_ensure(products, channel)
        listings._kobo_queue("publish")
        with freeze_time("2026-06-10 12:00:00"):
            channel._kobo_job_sync()
        self.assertEqual(set(listings.mapped("state")), {"published"})
        return listings, channel.google_feed_ids

    def _reference_files(self, feed):
        """The feed's XML and TSV as the 18.0.2.0.0 writer writes them from its rows' items."""
        feed.env["kobo.google.feed.row"].flush_model()
        self.env.cr.execute(
            "SELECT items FROM kobo_google_feed_row WHERE feed_id = %s ORDER BY id", [feed.id]
        )
        items = [item for (row_items,) in self.env.cr.fetchall() for item in row_items or []]
        base_url = self.env["ir.config_parameter"].sudo().get_param("web.base.url", "")
        header = {
            "title": feed.channel_id.name,
            "link": base_url,
            "description": f"{feed.channel_id.name}: products from Odoo",
        }
        xml, tsv = io.BytesIO(), io.StringIO(newline="")
        count = reference_write_xml(xml, header, items)
        reference_write_tsv(tsv, items)
        return xml.getvalue(), tsv.getvalue().encode(), count

    def _assert_files_are_the_reference(self, feed):
        xml, tsv, count = self._reference_files(feed)
        self.assertEqual(feed._kobo_read_file("xml"), xml)
        self.assertEqual(feed._kobo_read_file("tsv"), tsv)
        self.assertEqual(feed.item_count, count)
        return xml

    def _awkward_row(self, feed, listing):
        """Store ``listing``'s row as a push would, with two awkward items and one empty."""
        feed._kobo_store_rows({listing.id: [AWKWARD_ITEM, {"id": "EMPTY-ATTRIBUTES", "title": ""}]})

    def test_files_are_byte_for_byte_the_reference_writers(self):
        __, feed_de = self._publish_on(self.google, self.blouse | self.trousers)
        trousers_fr, feed_fr = self._publish_on(self.google_fr, self.trousers)
        self._publish_on(self.google_fr, self.blouse)
        self._awkward_row(feed_fr, trousers_fr)
        (feed_de | feed_fr)._kobo_generate()
        xml_de = self._assert_files_are_the_reference(feed_de)
        xml_fr = self._assert_files_are_the_reference(feed_fr)
        self.assertIn("Nord &amp; Süd".encode(), xml_de)
        self.assertIn("<title>Google Test FR &amp; &lt;Kōbō&gt;</title>".encode(), xml_fr)
        self.assertIn(b"<g:id>AWK-1 &lt;&amp;&gt;</g:id>", xml_fr)
        self.assertIn(b"Line one&#13;\nLine\ttwo\n\n  spaced  end</g:description>", xml_fr)
        self.assertIn(b"<item><g:id>EMPTY-ATTRIBUTES</g:id></item>", xml_fr)
        self.assertEqual(feed_fr.item_count, 6, "the blouse's 4, the trousers' row's 2 awkward ones")
        etree.fromstring(xml_fr)  # noqa: S320 (the file this module wrote): well-formed
        tsv_fr = feed_fr._kobo_read_file("tsv").decode()
        self.assertIn("\nAWK-1 <&>\t\tRobe", tsv_fr)
        self.assertIn("\tLine one Line two spaced end\t", tsv_fr)

    def test_the_generation_writes_the_stored_texts_without_rendering(self):
        __, feed = self._publish_on(self.google, self.blouse | self.trousers)
        with (
            mock.patch(f"{FEED_MODULE}.render_xml_items", side_effect=AssertionError("rendered")),
            mock.patch(f"{FEED_MODULE}.render_tsv_lines", side_effect=AssertionError("rendered")),
        ):
            feed._kobo_generate()
        self._assert_files_are_the_reference(feed)

    def test_rows_stored_before_the_texts_are_rendered_at_generation(self):
        """Rows of a database upgraded from 18.0.2.0.0 (no texts), and a row whose items code of
        that version wrote since its texts were rendered (its write date moved past the stamp):
        both are rendered from their items, and the migration's rendering stores their texts."""
        listings, feed = self._publish_on(self.google, self.blouse | self.trousers)
        trousers_fr, feed_fr = self._publish_on(self.google_fr, self.trousers)
        self._awkward_row(feed_fr, trousers_fr)
        blouse_row = self.env["kobo.google.feed.row"].search(
            [("feed_id", "=", feed.id), ("listing_id.product_tmpl_id", "=", self.blouse.id)]
        )
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE kobo_google_feed_row SET xml_fragment = NULL, tsv_lines = NULL, rendered_date = NULL"
            " WHERE id = %s",
            [blouse_row.id],
        )
        self.env.cr.execute(
            "UPDATE kobo_google_feed_row SET items = %s::jsonb, item_count = 1,"
            " write_date = write_date + interval '1 second' WHERE listing_id = %s",
            ['[{"id": "OLD-CODE & CO", "title": "Written by 18.0.2.0.0"}]', trousers_fr.id],
        )
        self.env.invalidate_all()
        (feed | feed_fr)._kobo_generate()
        self._assert_files_are_the_reference(feed)
        xml_fr = self._assert_files_are_the_reference(feed_fr)
        self.assertIn(b"<g:id>OLD-CODE &amp; CO</g:id>", xml_fr)
        self.assertNotIn(b"AWK-1", xml_fr, "the texts rendered before the items changed are not sent")
        self.assertEqual(self.env["kobo.google.feed.row"]._kobo_render_stale(), 2)
        self.assertEqual(self.env["kobo.google.feed.row"]._kobo_render_stale(), 0)
        with mock.patch(f"{FEED_MODULE}.render_xml_items", side_effect=AssertionError("rendered")):
            (feed | feed_fr)._kobo_generate()
        self._assert_files_are_the_reference(feed)
        self._assert_files_are_the_reference(feed_fr)

    def test_a_machine_without_the_current_file_writes_it_from_the_stored_texts(self):
        __, feed = self._publish_on(self.google, self.blouse | self.trousers)
        feed._kobo_generate()
        expected = self._assert_files_are_the_reference(feed)
        for fmt in ("xml", "tsv"):
            os.remove(feed._kobo_file_path(fmt))
        with mock.patch(f"{FEED_MODULE}.render_xml_items", side_effect=AssertionError("rendered")):
            path = feed._kobo_local_file("xml")
        with open(path, "rb") as file:
            self.assertEqual(file.read(), expected)
        self._assert_files_are_the_reference(feed)

    def test_generation_queries_do_not_grow_with_the_items(self):
        """4 items in one row, then 8 in three rows: the same queries, pinned."""
        skirt = self._garment("Skirt", self.navy, 49.0, 4006381334000)
        listings = self.env["kobo.listing"]._kobo_ensure(self.blouse | self.trousers | skirt, self.google)
        feed = self.env["kobo.google.feed"]._kobo_ensure(self.google)

        def items(count, prefix):
            return [{**AWKWARD_ITEM, "id": f"{prefix}-{number}"} for number in range(count)]

        feed._kobo_store_rows({listings.ids[0]: items(4, "warm")})
        feed._kobo_generate()  # the feed's directory made, the parameters read
        blouse_id, trousers_id, skirt_id = listings.ids
        for rows, count in (
            ({blouse_id: items(4, "A")}, 4),
            ({blouse_id: items(4, "B"), trousers_id: items(2, "C"), skirt_id: items(2, "D")}, 8),
        ):
            feed._kobo_store_rows(rows)
            self.env.invalidate_all()
            with self.assertQueryCount(4):  # the feed, its channel, the rows, the feed's update
                feed._kobo_generate()
            self.assertEqual(feed.item_count, count)
            self._assert_files_are_the_reference(feed)
