"""Shared data of the Google feed tests: a German Google channel, a blouse in 2 colours × 2 sizes
on sale and trousers in 1 colour × 2 sizes, both complete for Google. No test methods here."""

from freezegun import freeze_time
from lxml import etree
from stdnum import ean

from odoo import Command
from odoo.addons.kobo_syndication.tests.common import KoboSyndicationCase, png

G = "{http://base.google.com/ns/1.0}"


def gtin(number):
    stem = f"{number:012d}"
    return stem + ean.calc_check_digit(stem)


#: The landing page address of a shop that is not Odoo's, the one the Google channel links to
#: in a database without Odoo's web shop (website_sale).
LANDING_URL = "https://shop.example.com/{lang}/p/{code}"


def split_title(shown_title, product_title):
    """``(title, values)`` of a feed item's title: the product's title when the item's title
    starts with it, and the values Google's title adds after it (" - colour - size"); else the
    whole title and nothing added."""
    if not shown_title.startswith(product_title):
        return shown_title, []
    rest = shown_title[len(product_title) :]
    return product_title, rest.split(" - ")[1:] if rest.startswith(" - ") else [rest] if rest else []


class GoogleFeedCase(KoboSyndicationCase):
    """Runs with the engine and this addon alone: the ``shop`` channel has no connector, and
    without Odoo's web shop the Google channel links to a landing page address of its own."""

    shop_connector = False

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # website_sale gives variants their shop page: the feed links there when it is installed
        cls.web_shop = "website_url" in cls.env["product.product"]._fields
        cls.env["res.lang"]._activate_lang("de_DE")
        cls.lang_de = cls.env["res.lang"]._lang_get("de_DE")
        cls.colour = cls.env["product.attribute"].create(
            {
                "name": "Feed Colour",
                "display_type": "color",
                "sequence": 1,
                "value_ids": [Command.create({"name": "Navy"}), Command.create({"name": "Red"})],
            }
        )
        cls.size = cls.env["product.attribute"].create(
            {
                "name": "Feed Size",
                "sequence": 2,
                "value_ids": [Command.create({"name": "M"}), Command.create({"name": "L"})],
            }
        )
        cls.navy, cls.red = cls.colour.value_ids
        cls.category = cls.env["product.category"].create({"name": "Feed Blouses"})
        cls.taxonomy = cls.env["kobo.taxonomy"].create({"name": "Feed test taxonomy"})
        cls.node = cls.env["kobo.taxonomy.node"].create(
            {
                "taxonomy_id": cls.taxonomy.id,
                "external_id": 212,
                "name": "Shirts & Tops",
                "complete_name": "Apparel & Accessories > Clothing > Shirts & Tops",
            }
        )
        cls.google = cls.env["kobo.channel"].create(
            {
                "name": "Google Test DE",
                "code": "test_google_feed",
                "channel_type": "feed",
                "connector": "google_merchant",
                "lang_ids": [Command.set(cls.lang_de.ids)],
                "pricelist_id": cls.pricelist_eur.id,
                "taxonomy_id": cls.taxonomy.id,
                "image_min_size": 500,
                "image_max_size": 800,
                "google_landing_url": False if cls.web_shop else LANDING_URL,
            }
        )
        cls.env["kobo.taxonomy.mapping"].create(
            {"channel_id": cls.google.id, "categ_id": cls.category.id, "node_id": cls.node.id}
        )
        cls.blouse = cls._garment("Blouse", cls.colour.value_ids, 59.0, 4006381333900)
        cls.trousers = cls._garment("Trousers", cls.navy, 89.5, 4006381333950)
        cls.env["product.pricelist.item"].create(
            {
                "pricelist_id": cls.pricelist_eur.id,
                "applied_on": "1_product",
                "product_tmpl_id": cls.blouse.id,
                "compute_price": "fixed",
                "fixed_price": 39.0,
                "date_start": "2026-06-01 00:00:00",
                "date_end": "2026-06-30 22:00:00",
            }
        )

    @classmethod
    def _garment(cls, name, colours, price, first_gtin):
        template = cls.env["product.template"].create(
            {
                "name": name,
                "list_price": price,
                "categ_id": cls.category.id,
                **({"is_published": False} if cls.web_shop else {}),
                "kobo_brand": "Atelier Nord",
                "kobo_gender": "female",
                "kobo_age_group": "adult",
                "kobo_marketing_name": f"{name} Linen",
                "kobo_description": f"<p>{name} in washed linen.</p><p>Made in Portugal.</p>",
                "attribute_line_ids": [
                    Command.create({"attribute_id": cls.colour.id, "value_ids": [Command.set(colours.ids)]}),
                    Command.create(
                        {"attribute_id": cls.size.id, "value_ids": [Command.set(cls.size.value_ids.ids)]}
                    ),
                ],
            }
        )
        template.with_context(lang="de_DE").write(
            {
                "kobo_marketing_name": f"{name} aus Leinen",
                "kobo_description": f"<p>{name} aus gewaschenem Leinen.</p><p>Hergestellt in Portugal.</p>",
            }
        )
        for offset, variant in enumerate(template.product_variant_ids):
            values = variant.product_template_attribute_value_ids.mapped("name")
            variant.write(
                {
                    "barcode": gtin(first_gtin // 10 + offset),
                    "default_code": f"{name[:3].upper()}-{'-'.join(values)}",
                }
            )
        cls.env["kobo.asset"].create(
            [
                {"product_tmpl_id": template.id, "image": png(), "role": "front", "sequence": 1},
                {"product_tmpl_id": template.id, "image": png(700, 700), "role": "back", "sequence": 2},
            ]
        )
        cls._approve(template)
        return template

    def _landing_link(self, variant, lang="de_DE"):
        """The link of ``variant``'s item as this test's Google channel has it: the variant's page
        on Odoo's web shop in ``lang`` (website_sale installed), else its page at the channel's
        landing page address."""
        if self.web_shop:
            shop_url = self.env["kobo.connector.google_merchant"]._kobo_shop_url(self.google, lang)
            return shop_url + variant.with_context(lang=lang).website_url
        return LANDING_URL.format(lang=lang, code=variant.default_code)

    def _publish(self, products=None):
        """Queue the listings and run the channel's sync job, then write the feed files."""
        listings = self.env["kobo.listing"]._kobo_ensure(
            products or (self.blouse | self.trousers), self.google
        )
        listings._kobo_queue("publish")
        with freeze_time("2026-06-10 12:00:00"):
            self.google._kobo_job_sync()
        feed = self.google.google_feed_ids
        if feed:
            feed._kobo_generate()
        return listings, feed

    def _items(self, feed):
        """{g:id: {attribute: text or [texts]}} of the generated RSS file (parsed with lxml)."""
        root = etree.fromstring(feed._kobo_read_file("xml"))  # noqa: S320 (the file this module wrote)
        items = {}
        for item in root.iter("item"):
            values = {}
            for element in item:
                name = element.tag.removeprefix(G)
                if name == "additional_image_link":
                    values.setdefault(name, []).append(element.text)
                else:
                    values[name] = element.text
            items[values["id"]] = values
        return items

    def _blouses_in_eu_sizes(self, name):
        """A conversion table giving the blouse's sizes M and L their EU sizes 38 and 40, and the
        Google channel in EU sizes."""
        medium, large = self.size.value_ids
        self.env["kobo.size.conversion"].create(
            {
                "name": name,
                "attribute_id": self.size.id,
                "source_system": "intl",
                "line_ids": [
                    Command.create({"value_id": medium.id, "eu": "38", "intl": "M"}),
                    Command.create({"value_id": large.id, "eu": "40", "intl": "L"}),
                ],
            }
        )
        self.google.size_system = "eu"
