"""Published means equal, on Amazon (issue 17): every SKU published to the Amazon stand-in is read
back as Amazon shows it (getListingsItem with its attributes, offers and fulfillment availability)
and compared with the approved snapshot (``kobo.snapshot``) in the marketplace language: item
name, description, bullet points, language, price and list price, sale price, currency, size,
colour, GTIN, SKU, quantity. Any difference fails, naming the field.

The expectation comes from the snapshot (``ReadBackMixin``), never from the connector's payload;
only the channel's own settings (the quantity it offers of untracked products) and Amazon's size
standard (``apparel_size``: how a size label is written on Amazon) are added to it.
"""

from datetime import timedelta
from urllib.parse import quote

import requests

from odoo import Command, fields
from odoo.addons.kobo_pim.text import one_line
from odoo.addons.kobo_syndication.tests.readback import ReadBackMixin, money
from odoo.addons.kobo_syndication_amazon.fake_servers import amazon as fake_amazon
from odoo.addons.kobo_syndication_amazon.models.kobo_amazon_marketplaces import apparel_size
from odoo.tests import tagged

from .amazon_common import KoboAmazonCase, ean13

LANG = "de_DE"


@tagged("post_install", "-at_install")
class TestAmazonReadBack(ReadBackMixin, KoboAmazonCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        english = cls.env.ref("base.lang_en")
        # English comes first by name: the listing language (German) must win all the same
        cls.channel.lang_ids = english | cls.env.ref("base.lang_de")
        cls.shirt.with_context(lang="en_US").write(
            {"kobo_marketing_name": "Linen shirt", "kobo_description": "<p>A <b>linen</b> shirt.</p>"}
        )
        cls.shirt.with_context(lang=LANG).write(
            {"kobo_marketing_name": "Leinenhemd", "kobo_description": "<p>Ein Hemd aus <b>Leinen</b>.</p>"}
        )
        # the colour's German name is what Amazon.de must show
        marine = cls.shirt.attribute_line_ids.value_ids.filtered(lambda value: value.name == "Marine")
        marine.with_context(lang=LANG).name = "Marineblau"
        # the channel's own copy wins over the product's
        cls.env["kobo.channel.copy"].create(
            {
                "product_tmpl_id": cls.scarf.id,
                "channel_id": cls.channel.id,
                "kobo_marketing_name": "Seidenschal für Amazon",
                "kobo_bullet_points": "Reine Seide\nHandgerollte Kanten\nIn Portugal gewebt",
            }
        )
        # the scarf is tracked in stock (its quantity on hand), the shirt is not (the channel's)
        cls.scarf.is_storable = True
        cls.env["stock.quant"]._update_available_quantity(
            cls.scarf.product_variant_id, cls.env.ref("stock.stock_location_stock"), 7
        )
        # and on sale this week at 30 instead of 36 (10 % off 40)
        now = fields.Datetime.now()
        cls.pricelist_eur.item_ids = [
            Command.create(
                {
                    "applied_on": "1_product",
                    "product_tmpl_id": cls.scarf.id,
                    "compute_price": "fixed",
                    "fixed_price": 30.0,
                    "date_start": now - timedelta(days=1),
                    "date_end": now + timedelta(days=6),
                }
            )
        ]
        cls._approve(cls.shirt | cls.scarf)
        cls.channel.action_cancel_queue()

    # Reading Amazon

    def _get_listing(self, sku):
        """getListingsItem of ``sku``, as Amazon shows it."""
        response = requests.get(
            f"{self.server.url}/listings/2021-08-01/items/{fake_amazon.DEMO_SELLER_ID}/{quote(sku, safe='')}",
            params={
                "marketplaceIds": fake_amazon.DEMO_MARKETPLACE_ID,
                "includedData": "attributes,offers,fulfillmentAvailability",
            },
            headers={"x-amz-access-token": self.channel.sudo().amazon_access_token},
            timeout=10,
        )
        self.assertEqual(response.status_code, 200, f"{sku} is not on Amazon")
        return response.json()

    def _shown(self, listing):
        """``{field: value}`` of what Amazon shows of one SKU."""
        attributes = listing.get("attributes") or {}

        def first(name, key="value"):
            return ((attributes.get(name) or [{}])[0]).get(key)

        shown = {
            "code": listing["sku"],
            "title": first("item_name"),
            "lang": first("item_name", "language_tag"),
            "description": first("product_description"),
            "bullets": [entry["value"] for entry in attributes.get("bullet_point") or []],
        }
        # what Amazon does not show is empty
        shown["colour"] = first("color") or ""
        shown["size"] = (
            " ".join(first("apparel_size", key) for key in ("size_system", "size_class", "size"))
            if "apparel_size" in attributes
            else ""
        )
        shown["gtin"] = first("externally_assigned_product_identifier") or ""
        offer = first("purchasable_offer", "currency") and attributes["purchasable_offer"][0]
        if offer:
            currency = self.env["res.currency"].search([("name", "=", offer["currency"])])
            shown["currency"] = offer["currency"]
            shown["price"] = money(offer["our_price"][0]["schedule"][0]["value_with_tax"], currency)
            discounted = offer.get("discounted_price")
            shown["sale_price"] = (
                money(discounted[0]["schedule"][0]["value_with_tax"], currency) if discounted else ""
            )
            shown["list_price"] = money(first("list_price", "value_with_tax"), currency)
        if "fulfillment_availability" in attributes:
            shown["quantity"] = first("fulfillment_availability", "quantity")
            shown["available"] = shown["quantity"] > 0
        return shown

    # What the PIM approved

    def _expected_product(self, snapshot):
        expected = self.kobo_expected_product(snapshot)
        expected["bullets"] = [
            one_line(line)
            for line in (snapshot["copy"]["kobo_bullet_points"] or "").splitlines()
            if line.strip()
        ]
        return expected

    def _expected_variant(self, row):
        expected = self.kobo_expected_variant(row)
        if "price" in expected:
            expected["list_price"] = expected["price"]
        # Amazon writes a size in its size standard (size system, size class, size)
        standard = apparel_size(row["size"], self.channel.size_system, fake_amazon.DEMO_MARKETPLACE_ID)
        expected["size"] = " ".join(standard) if standard else row["size"]
        # a quantity on hand, or the channel's quantity for untracked products
        quantity = row["quantity"]
        expected["quantity"] = (
            max(int(quantity), 0) if quantity is not None else self.channel.amazon_untracked_quantity
        )
        return expected

    def _snapshots(self, listings):
        # the snapshot in the marketplace language, colour and size names included
        return (
            self.env["kobo.snapshot"]
            .with_context(lang=LANG)
            ._kobo_build(listings.product_tmpl_id.with_context(lang=LANG), self.channel, [LANG])
        )

    def assertAmazonShowsSnapshot(self, listings):
        snapshots = self._snapshots(listings)
        compared = 0
        for listing in listings:
            snapshot = snapshots[(listing.product_tmpl_id.id, LANG)]
            product = self._expected_product(snapshot)
            rows = snapshot["variants"]
            if len(rows) > 1:
                parent = self._get_listing(listing.external_id)
                self.assertShowsSnapshot(
                    "Amazon", f"{listing.external_id} (parent)", product, self._shown(parent)
                )
            for row in rows:
                shown = self._shown(self._get_listing(row["code"]))
                self.assertShowsSnapshot(
                    "Amazon", row["code"], {**product, **self._expected_variant(row)}, shown
                )
                compared += 1
        return compared

    # Tests

    def test_amazon_shows_what_the_pim_approved(self):
        listings = self._publish()
        self.assertEqual(set(listings.mapped("state")), {"published"})
        self.assertEqual(self.assertAmazonShowsSnapshot(listings), 5, "four shirts and the scarf")
        # what the snapshot says, so that the comparison above is not between two empty fields
        snapshots = self._snapshots(listings)
        shirt = snapshots[(self.shirt.id, LANG)]
        scarf = snapshots[(self.scarf.id, LANG)]
        self.assertEqual(shirt["title"], "Leinenhemd")
        self.assertEqual(shirt["description"], "Ein Hemd aus Leinen.")
        self.assertIn(["Marineblau"], [row["colours"] for row in shirt["variants"]])
        self.assertEqual(scarf["title"], "Seidenschal für Amazon")
        (scarf_row,) = scarf["variants"]
        self.assertEqual(scarf_row["quantity"], 7)
        self.assertEqual((scarf_row["price"]["price"], scarf_row["price"]["regular_price"]), (30.0, 36.0))

    def test_a_change_in_the_pim_is_shown_after_the_next_push(self):
        listings = self._publish()
        self.shirt.with_context(lang=LANG).kobo_marketing_name = "Leinenhemd Riviera"
        variant = self.shirt.product_variant_ids[0]
        variant.barcode = ean13("400000000099")
        self.env["stock.quant"]._update_available_quantity(
            self.scarf.product_variant_id, self.env.ref("stock.stock_location_stock"), -4
        )
        self._approve(self.shirt)
        self._publish(listings)
        self.assertEqual(set(listings.mapped("state")), {"published"})
        self.assertAmazonShowsSnapshot(listings)
        self.assertEqual(self._shown(self._get_listing("AMZ-SCARF"))["quantity"], 3)

    def test_a_difference_fails_naming_the_field(self):
        listings = self._publish(self._amazon_listings(self.scarf))
        stored = self.server.state.listings[(fake_amazon.DEMO_SELLER_ID, "AMZ-SCARF")]["attributes"]
        stored["item_name"][0]["value"] = "Seidenschal"  # the product's own copy, not the channel's
        stored["fulfillment_availability"][0]["quantity"] = 10
        with self.assertRaises(AssertionError) as failure:
            self.assertAmazonShowsSnapshot(listings)
        message = str(failure.exception)
        self.assertIn(
            "AMZ-SCARF: title: the PIM says 'Seidenschal für Amazon', Amazon shows 'Seidenschal'", message
        )
        self.assertIn("AMZ-SCARF: quantity: the PIM says 7, Amazon shows 10", message)

    def test_building_the_payloads_costs_the_same_for_more_products(self):
        connector = self.env["kobo.connector.amazon"]
        extra = self.env["product.template"].create(
            [
                {
                    "name": f"Silk Scarf {index}",
                    "list_price": 40.0,
                    "default_code": f"AMZ-SCARF-{index}",
                    "barcode": ean13(f"40000000003{index}"),
                    "kobo_marketing_name": f"Seidenschal {index}",
                    "kobo_description": "<p>Ein Schal aus Seide.</p>",
                    "kobo_bullet_points": "Seide\nHandgerollte Kanten\nIn Portugal gewebt",
                    "kobo_brand": "Kōbō",
                    "kobo_gender": "female",
                    "kobo_age_group": "adult",
                }
                for index in range(4)
            ]
        )
        self._approve(extra)

        def queries(listings):
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            payloads = connector.build_payload(listings)
            self.assertEqual(len(payloads), len(listings))
            return self.env.cr.sql_log_count - before

        queries(self._amazon_listings(self.scarf | extra))  # renditions and tokens made once
        few = queries(self._amazon_listings(self.scarf | extra[:1]))
        many = queries(self._amazon_listings(self.scarf | extra))
        self.assertLessEqual(many, few)
