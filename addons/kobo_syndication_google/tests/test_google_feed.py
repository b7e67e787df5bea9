import os
from unittest import mock

from freezegun import freeze_time

from odoo.addons.kobo_syndication_google.models.kobo_google_feed import KoboGoogleFeed
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .google_feed_common import GoogleFeedCase

#: Google's taxonomy in <repository root>/../shared/fixtures/google/, as kobo_pim's taxonomy test reads it
REPOSITORY_ROOT = os.path.normpath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
GOOGLE_TAXONOMY = os.path.join(
    REPOSITORY_ROOT, "..", "shared", "fixtures", "google", "taxonomy-with-ids.en-US.txt"
)


@tagged("post_install", "-at_install")
class TestGoogleFeed(GoogleFeedCase):
    def test_feed_has_one_item_per_variant_with_google_attributes(self):
        listings, feed = self._publish()
        self.assertEqual(set(listings.mapped("state")), {"published"})
        items = self._items(feed)
        self.assertEqual(len(items), 6, "4 blouse variants and 2 trouser variants")
        self.assertEqual(feed.item_count, 6)
        item = items["BLO-Navy-M"]
        base_url = self.env["ir.config_parameter"].get_param("web.base.url")
        variant = self.blouse.product_variant_ids.filtered(lambda v: v.default_code == "BLO-Navy-M")
        self.assertEqual(item["item_group_id"], f"kobo-{self.blouse.id}")
        self.assertEqual(item["title"], "Blouse aus Leinen - Navy - M")
        self.assertEqual(item["description"], "Blouse aus gewaschenem Leinen.\nHergestellt in Portugal.")
        # the shop's German page: its rule (/de unless German is the website's default language or
        # not one of its languages) and the landing page address are tested in test_feed_fidelity
        self.assertEqual(item["link"], self._landing_link(variant))
        self.assertEqual(item["price"], "59.00 EUR")
        self.assertEqual(item["sale_price"], "39.00 EUR")
        self.assertEqual(item["sale_price_effective_date"], "2026-06-01T00:00+0000/2026-06-30T22:00+0000")
        self.assertEqual(item["gtin"], variant.barcode)
        self.assertEqual(item["mpn"], "BLO-Navy-M")
        self.assertNotIn("identifier_exists", item)
        self.assertEqual(item["brand"], "Atelier Nord")
        self.assertEqual(item["condition"], "new")
        self.assertEqual(item["availability"], "in_stock")
        self.assertEqual(item["google_product_category"], "212")
        self.assertEqual(item["product_type"], "Feed Blouses")
        self.assertEqual((item["color"], item["size"]), ("Navy", "M"))
        self.assertEqual((item["gender"], item["age_group"]), ("female", "adult"))
        self.assertNotIn("size_system", item, "the channel has no size system")
        self.assertRegex(item["image_link"], rf"^{base_url}/kobo/feed/image/\d+/[0-9a-f]{{32}}\.jpg$")
        self.assertEqual(len(item["additional_image_link"]), 1)
        trousers = items["TRO-Navy-L"]
        self.assertEqual(trousers["price"], "89.50 EUR")
        self.assertNotIn("sale_price", trousers)
        self.assertEqual(
            listings.filtered(lambda x: x.product_tmpl_id == self.blouse).external_id, item["item_group_id"]
        )

    def test_tsv_has_the_same_items(self):
        __, feed = self._publish()
        lines = feed._kobo_read_file("tsv").decode().splitlines()
        header = lines[0].split("\t")
        self.assertEqual(header[:4], ["id", "item_group_id", "title", "description"])
        self.assertEqual(len(lines), 7)
        row = dict(
            zip(
                header,
                next(line for line in lines if line.startswith("BLO-Red-L\t")).split("\t"),
                strict=True,
            )
        )
        self.assertEqual(row["title"], "Blouse aus Leinen - Red - L")
        self.assertEqual(row["description"], "Blouse aus gewaschenem Leinen. Hergestellt in Portugal.")
        self.assertEqual(row["price"], "59.00 EUR")
        self.assertEqual(
            row["gtin"],
            self.blouse.product_variant_ids.filtered(lambda v: v.default_code == "BLO-Red-L").barcode,
        )

    def test_html_control_characters_ampersands_and_non_latin_text_stay_well_formed(self):
        self.blouse.with_context(lang="de_DE").write(
            {
                "kobo_marketing_name": "Bluse <b>Ünïcødé</b> & Co\x01 – 女性用ブラウス",
                "kobo_description": "<p>Tom &amp; Jerry\x0b <script>x</script>Ж</p>",
                "kobo_brand": "Nord & Süd",
            }
        )
        self._approve(self.blouse)  # the edit sent it back to review
        __, feed = self._publish()
        item = self._items(feed)["BLO-Navy-L"]
        self.assertEqual(item["title"], "Bluse Ünïcødé & Co – 女性用ブラウス - Navy - L")
        self.assertEqual(
            item["description"], "Tom & Jerry Ж", "the sanitizer dropped the script, the vertical tab is gone"
        )
        self.assertEqual(item["brand"], "Nord & Süd")
        raw = feed._kobo_read_file("xml")
        self.assertIn("Nord &amp; Süd".encode(), raw)
        self.assertNotIn(b"\x01", raw)

    def test_only_changed_listings_are_rendered_again(self):
        listings, feed = self._publish()
        stored = []
        real_store = KoboGoogleFeed._kobo_store_rows

        def store(feed_record, items_by_listing):
            stored.append(sorted(items_by_listing))
            return real_store(feed_record, items_by_listing)

        self.trousers.with_context(lang="de_DE").kobo_description = "<p>Jetzt mit Bundfalte.</p>"
        self._approve(self.trousers)  # the edit sent it back to review
        listings._kobo_queue("publish")
        with mock.patch.object(KoboGoogleFeed, "_kobo_store_rows", store):
            self._publish()
        trousers_listing = listings.filtered(lambda listing: listing.product_tmpl_id == self.trousers)
        self.assertEqual(stored, [trousers_listing.ids], "the blouse's rows are not rendered again")
        items = self._items(feed)
        self.assertEqual(len(items), 6)
        self.assertEqual(items["TRO-Navy-M"]["description"], "Jetzt mit Bundfalte.")
        self.assertEqual(
            items["BLO-Navy-M"]["description"], "Blouse aus gewaschenem Leinen.\nHergestellt in Portugal."
        )
        self.assertFalse(feed.dirty)

    def test_cron_rewrites_the_feed_once_a_listing_changed(self):
        listings, feed = self._publish()
        self.assertFalse(feed.dirty)
        self.trousers.list_price = 99.0
        listings._kobo_queue("publish")
        with freeze_time("2026-06-10 12:00:00"):
            self.google._kobo_job_sync()
        self.assertTrue(feed.dirty, "the push marked the feed")
        self.assertEqual(self._items(feed)["TRO-Navy-M"]["price"], "89.50 EUR", "the file is not written yet")
        self.env["kobo.google.feed"]._cron_generate()
        self.assertFalse(feed.dirty)
        self.assertEqual(self._items(feed)["TRO-Navy-M"]["price"], "99.00 EUR")

    def test_delist_takes_the_product_out_of_the_feed(self):
        listings, feed = self._publish()
        listings.filtered(lambda listing: listing.product_tmpl_id == self.blouse)._kobo_queue("delist")
        self._publish(self.trousers)
        self.assertEqual(sorted(self._items(feed)), ["TRO-Navy-L", "TRO-Navy-M"])

    def test_google_product_categories_exist_in_googles_taxonomy_file(self):
        if not os.path.exists(GOOGLE_TAXONOMY):
            self.skipTest(f"Google's taxonomy file is not at {GOOGLE_TAXONOMY}")
        with open(GOOGLE_TAXONOMY, encoding="utf-8") as taxonomy:
            known = {line.split(" - ", 1)[0] for line in taxonomy if line[:1].isdigit()}
        __, feed = self._publish()
        categories = {item["google_product_category"] for item in self._items(feed).values()}
        self.assertEqual(categories, {"212"})
        self.assertLessEqual(categories, known)


@tagged("post_install", "-at_install")
class TestGoogleFeedValidation(GoogleFeedCase):
    def _issues(self, listing):
        return sorted(
            (issue.field or "", issue.product_id.default_code or "", issue.lang or "", issue.message)
            for issue in listing.issue_ids
        )

    def test_missing_and_invalid_data_block_the_listing_with_named_issues(self):
        self.blouse.write({"kobo_brand": False, "kobo_gender": False})
        navy_m = self.blouse.product_variant_ids.filtered(lambda v: v.default_code == "BLO-Navy-M")
        navy_m.barcode = "4006381333901"  # wrong check digit
        listings, feed = self._publish()
        blouse_listing = listings.filtered(lambda listing: listing.product_tmpl_id == self.blouse)
        self.assertEqual(blouse_listing.state, "blocked")
        issues = self._issues(blouse_listing)
        self.assertIn(
            (
                "gtin",
                "BLO-Navy-M",
                "de_DE",
                f"{navy_m.display_name}: GTIN 4006381333901 is not a valid GTIN (digits and check digit).",
            ),
            issues,
        )
        brand = [issue for issue in issues if issue[0] == "brand"]
        self.assertEqual(len(brand), 4, "one per variant")
        self.assertIn(("brand", "BLO-Navy-M", "de_DE", f"{navy_m.display_name}: Brand is missing."), issues)
        self.assertEqual(len([issue for issue in issues if issue[0] == "gender"]), 4)
        # The feed stays valid XML with the products that passed.
        self.assertEqual(sorted(self._items(feed)), ["TRO-Navy-L", "TRO-Navy-M"])

    def test_product_without_category_mapping_or_images_is_blocked(self):
        self.trousers.categ_id = self.env["product.category"].create({"name": "Unmapped"})
        self.env["kobo.asset"].search([("product_tmpl_id", "=", self.trousers.id)]).unlink()
        listings, __ = self._publish(self.trousers)
        fields_at_fault = set(listings.issue_ids.mapped("field"))
        self.assertEqual(listings.state, "blocked")
        self.assertEqual(fields_at_fault, {"google_product_category", "image_link"})

    def test_channel_without_pricelist_says_so(self):
        self.google.pricelist_id = False
        listings, __ = self._publish(self.trousers)
        self.assertEqual(listings.state, "blocked")
        self.assertIn(
            "The channel Google Test DE has no pricelist: set one to publish prices.",
            listings.issue_ids.mapped("message"),
        )

    def test_free_product_is_refused(self):
        self.trousers.list_price = 0
        listings, __ = self._publish(self.trousers)
        self.assertEqual(listings.state, "blocked")
        self.assertEqual(set(listings.issue_ids.mapped("field")), {"price"})

    def test_google_limits_on_one_item(self):
        connector = self.env["kobo.connector.google_merchant"]
        item = {
            "id": "X" * 51,
            "title": "T" * 151,
            "description": "D",
            "link": "https://example.com/p",
            "image_link": "https://example.com/i.jpg",
            "availability": "in_stock",
            "price": "1.00 EUR",
            "brand": "B",
            "google_product_category": "212",
            "color": "Red/Blue/Green/White",
            "size": "M",
            "gender": "woman",
            "age_group": "adult",
        }
        problems = dict(connector._kobo_item_problems(item))
        self.assertEqual(
            problems,
            {
                "id": "Item ID is 51 characters; Google takes at most 50.",
                "title": "Title is 151 characters; Google takes at most 150.",
                "color": "Colour has more than 3 values separated by '/'.",
                "gender": "Gender woman is not one of Google's (male, female, unisex).",
            },
        )

    def test_duplicate_ids_are_refused(self):
        self.trousers.product_variant_ids[0].default_code = "BLO-Navy-M"
        listings, __ = self._publish()
        messages = listings.issue_ids.filtered(lambda issue: issue.field == "id").mapped("message")
        self.assertEqual(len(messages), 1)
        self.assertIn("id BLO-Navy-M is also the id of", messages[0])


@tagged("post_install", "-at_install")
class TestGoogleFeedAccess(GoogleFeedCase):
    def test_only_managers_see_and_change_the_address(self):
        __, feed = self._publish()
        with self.assertRaises(AccessError):
            feed.with_user(self.syndication_user).read(["token"])
        with self.assertRaises(AccessError):
            feed.with_user(self.syndication_user).action_regenerate_token()
        with self.assertRaises(AccessError):
            feed.with_user(self.syndication_manager).write({"token": "guessable"})
        old = feed.token
        feed.with_user(self.syndication_manager).action_regenerate_token()
        self.assertNotEqual(feed.token, old)
        self.assertEqual(len(feed.token), 43)
        self.assertEqual(
            self.google.with_user(self.syndication_manager).google_feed_url,
            f"{self.env['ir.config_parameter'].get_param('web.base.url')}/kobo/feed/{feed.id}/{feed.token}.xml",
        )
        feed.with_user(self.syndication_manager).action_revoke_token()
        self.assertFalse(feed.token)
        self.assertFalse(feed._kobo_check_token(old))

    def test_syndication_user_generates_the_feed(self):
        __, feed = self._publish()
        feed.with_user(self.syndication_user).action_generate()
        self.assertEqual(feed.item_count, 6)
        with self.assertRaises(AccessError):
            feed.with_user(self.catalogue_user).action_generate()


@tagged("post_install", "-at_install")
class TestGoogleFeedQueries(GoogleFeedCase):
    def test_generation_costs_the_same_queries_for_more_rows(self):
        listings, feed = self._publish(self.trousers)
        feed._kobo_generate()
        counts = []
        for products in (self.trousers, self.blouse | self.trousers):
            self._publish(products)
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            feed._kobo_generate()
            counts.append(self.env.cr.sql_log_count - before)
        self.assertEqual(len(self._items(feed)), 6)
        self.assertEqual(counts[0], counts[1])

    def test_payload_costs_the_same_queries_for_more_products(self):
        more = self._garment("Skirt", self.colour.value_ids, 49.0, 4006381334000) | self._garment(
            "Dress", self.colour.value_ids, 79.0, 4006381334100
        )
        connector = self.env["kobo.connector.google_merchant"]
        counts = []
        for products in (self.blouse, self.blouse | self.trousers | more):
            listings = self.env["kobo.listing"]._kobo_ensure(products, self.google)
            connector.build_payload(listings)  # renditions made, caches warm
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            payloads = connector.build_payload(listings)
            counts.append(self.env.cr.sql_log_count - before)
        self.assertEqual(sum(len(p["items"]) for p in payloads.values()), 14)
        self.assertEqual(counts[0], counts[1])

    def test_rows_are_read_in_chunks_of_about_the_item_budget(self):
        """Memory: the rows are read a few items at a time, and every row is written once."""
        __, feed = self._publish()
        whole = list(feed._kobo_iter_texts())
        self.assertEqual([count for count, __, __ in whole], [4, 2])
        self.assertEqual(sum(xml.count("<item>") for __, xml, __ in whole), 6)
        self.assertEqual(sum(tsv.count("\n") for __, __, tsv in whole), 6)
        feed_module = "odoo.addons.kobo_syndication_google.models.kobo_google_feed"
        # a budget of 2 items: the blouse's row (4 items) is read alone, then one row at a time
        with (
            mock.patch(f"{feed_module}.FEED_CHUNK_ITEMS", 2),
            mock.patch(f"{feed_module}.FEED_CHUNK_ROWS", (1, 1000)),
        ):
            before = self.env.cr.sql_log_count
            chunked = list(feed._kobo_iter_texts())
            queries = self.env.cr.sql_log_count - before
        self.assertEqual(chunked, whole)
        self.assertEqual(queries, 3, "one query per row of 2, and the empty one that ends")
        before = self.env.cr.sql_log_count
        self.assertEqual(list(feed._kobo_iter_texts()), whole)
        self.assertEqual(self.env.cr.sql_log_count - before, 1, "a chunk not full is the last")
