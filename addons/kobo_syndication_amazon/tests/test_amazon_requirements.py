"""What Amazon requires of apparel, checked and sent as Amazon asks (issue #17, item 5): a product
type per product, sizes in the apparel size standards, the required apparel facts, an offer
quantity for every SKU, and the marketplace's language stated on the channel."""

import requests

from odoo.addons.kobo_syndication_amazon.fake_servers import amazon as fake_amazon
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .amazon_common import KoboAmazonCase


@tagged("post_install", "-at_install")
class TestAmazonRequirements(KoboAmazonCase):
    def _stored(self, sku):
        return self.server.state.listings[(fake_amazon.DEMO_SELLER_ID, sku)]

    def _messages(self, listing, field):
        return listing.issue_ids.filtered(lambda issue: issue.field == field).mapped("message")

    def test_product_type_comes_from_the_category_mapping(self):
        skirts = self.env["product.category"].create({"name": "Skirts"})
        midi = self.env["product.category"].create({"name": "Midi", "parent_id": skirts.id})
        mapping = (
            self.env["kobo.amazon.product.type.map"]
            .with_user(self.syndication_manager)
            .create({"channel_id": self.channel.id, "categ_id": skirts.id, "product_type": "SKIRT"})
        )
        self.shirt.categ_id = midi  # a sub-category takes its parent's row
        self._publish()
        self.assertEqual(self._stored("AMZ-SHIRT")["productType"], "SKIRT")
        self.assertEqual(self._stored("AMZ-SHIRT-MS")["productType"], "SKIRT")
        self.assertEqual(self._stored("AMZ-SCARF")["productType"], "SHIRT", "no row: the channel's default")
        # only syndication managers keep the table, and a row stays on its channel
        with self.assertRaises(AccessError):
            self.env["kobo.amazon.product.type.map"].with_user(self.syndication_user).create(
                {"channel_id": self.channel.id, "categ_id": midi.id, "product_type": "DRESS"}
            )
        other = self.channel.copy({"code": "test_amazon_other", "name": "Amazon other"})
        with self.assertRaises(UserError):
            mapping.with_user(self.syndication_manager).channel_id = other
        with self.assertRaisesRegex(ValidationError, "skirt is not an Amazon product type"):
            mapping.with_user(self.syndication_manager).product_type = "skirt"

    def test_required_attributes_are_those_of_the_listings_own_product_type(self):
        # the channel lists as SHIRT by default; skirts are SKIRTs, which need care instructions
        self.assertEqual(self.channel.amazon_product_type, "SHIRT")
        skirts = self.env["product.category"].create({"name": "Skirts"})
        self.env["kobo.amazon.product.type.map"].with_user(self.syndication_manager).create(
            {"channel_id": self.channel.id, "categ_id": skirts.id, "product_type": "SKIRT"}
        )
        self.shirt.write({"categ_id": skirts.id, "kobo_care_text": False})
        self.scarf.kobo_care_text = False
        self._approve(self.shirt | self.scarf)  # the edits sent them back to review
        listings = self._publish()
        shirt = listings.filtered(lambda listing: listing.product_tmpl_id == self.shirt)
        scarf = listings - shirt
        self.assertEqual(shirt.state, "blocked")
        first = shirt.issue_ids.filtered(lambda issue: issue.field == "care_instructions").product_id
        self.assertEqual(first.product_tmpl_id, self.shirt)
        self.assertEqual(
            self._messages(shirt, "care_instructions"),
            [
                f"{first.display_name}: Care Instructions is missing: Amazon's apparel guidance requires "
                "care_instructions of a SKIRT."
            ],
        )
        self.assertEqual(shirt.issue_ids.mapped("field"), ["care_instructions"], "nothing else is missing")
        # the default type does not require them: the scarf is on Amazon without
        self.assertEqual(scarf.state, "published")
        self.assertEqual(self.server.state.skus(), ["AMZ-SCARF"])
        # and Amazon (its stand-in) refuses what validate refused, only for the SKIRT
        connector = self.env["kobo.connector.amazon"]
        payload = connector.build_payload(shirt)[shirt.id]
        sku = "AMZ-SHIRT-MS"
        attributes = {**payload["product"][sku], **payload["offers"][sku]}
        self.assertNotIn("care_instructions", attributes)
        answers = {
            product_type: requests.put(
                f"{self.server.url}/listings/2021-08-01/items/{fake_amazon.DEMO_SELLER_ID}/{sku}",
                params={"marketplaceIds": fake_amazon.DEMO_MARKETPLACE_ID, "mode": "VALIDATION_PREVIEW"},
                json={"productType": product_type, "requirements": "LISTING", "attributes": attributes},
                headers={"x-amz-access-token": self.channel.sudo().amazon_access_token},
                timeout=10,
            ).json()
            for product_type in ("SKIRT", "SHIRT")
        }
        self.assertEqual(answers["SKIRT"]["status"], "INVALID")
        self.assertEqual(
            [issue["attributeNames"] for issue in answers["SKIRT"]["issues"] if issue["severity"] == "ERROR"],
            [["care_instructions"]],
        )
        self.assertEqual(answers["SHIRT"]["status"], "VALID")

    def test_sizes_follow_the_size_standards_and_others_are_refused_in_words(self):
        child = self._stored_after_publish("AMZ-SHIRT-SS")
        self.assertEqual(
            {key: child["apparel_size"][0][key] for key in ("size_system", "size_class", "size")},
            {"size_system": "as3", "size_class": "alpha", "size": "s"},
        )
        self.assertNotIn("size", child)
        value = self.shirt.attribute_line_ids.value_ids.filtered(lambda value: value.name == "M")
        value.name = "Einheitsgröße"
        self.server.state.requests.clear()
        listing = self._publish(self._amazon_listings(self.shirt))
        self.assertEqual(listing.state, "blocked")
        variant = self.shirt.product_variant_ids.filtered(lambda v: v.default_code == "AMZ-SHIRT-MM")
        issue = listing.issue_ids.filtered(
            lambda issue: issue.field == "apparel_size" and issue.product_id == variant
        )
        self.assertEqual(
            issue[:1].message,
            f"{variant.display_name}: the size Einheitsgröße cannot be expressed in Amazon's apparel "
            "size standards (letter sizes XXS to 5XL, or a whole number); Amazon hides listings with "
            "invalid sizes.",
        )
        self.assertEqual(self.server.state.requests, [], "refused before any call")

    def _stored_after_publish(self, sku):
        self._publish(self._amazon_listings(self.shirt))
        return self._stored(sku)["attributes"]

    def test_required_apparel_facts_are_checked_before_any_call(self):
        self.shirt.write({"kobo_gender": False, "kobo_age_group": False})
        self._approve(self.shirt)  # the edit sent it back to review
        listing = self._publish(self._amazon_listings(self.shirt))
        self.assertEqual(listing.state, "blocked")
        first = self.shirt.product_variant_ids.filtered(lambda v: v.default_code == "AMZ-SHIRT-MS")
        first = listing.issue_ids.filtered(lambda issue: issue.field == "target_gender").product_id or first
        self.assertEqual(
            self._messages(listing, "target_gender"),
            [
                f"{first.display_name}: Gender is missing: Amazon's apparel guidance requires "
                "target_gender of a SHIRT."
            ],
        )
        self.assertEqual(
            self._messages(listing, "age_range_description"),
            [
                f"{first.display_name}: Age Group is missing: Amazon's apparel guidance requires "
                "age_range_description of a SHIRT."
            ],
        )
        self.assertEqual(
            self._messages(listing, "department"),
            [
                f"{first.display_name}: Department (from Gender and Age Group) is missing: Amazon's "
                "apparel guidance requires department of a SHIRT."
            ],
        )
        self.assertEqual(self.server.state.requests, [])

    def test_every_offer_has_a_quantity_or_is_refused_in_words(self):
        self.channel.with_user(self.syndication_manager).amazon_untracked_quantity = 0
        listing = self._publish(self._amazon_listings(self.scarf))
        self.assertEqual(listing.state, "blocked")
        self.assertEqual(
            self._messages(listing, "fulfillment_availability"),
            [
                f"{self.scarf.product_variant_id.display_name} is not tracked in stock: set the "
                "channel's quantity for untracked products "
                "(Amazon tab), or track its stock, so that Amazon can sell it."
            ],
        )
        self.assertEqual(self.server.state.requests, [])
        with self.assertRaises(UserError):  # a setting of the managers
            self.channel.with_user(self.syndication_user).amazon_untracked_quantity = 4
        self.channel.with_user(self.syndication_manager).amazon_untracked_quantity = 4
        listing = self._publish(listing)
        self.assertEqual(listing.state, "published")
        self.assertEqual(
            self._stored("AMZ-SCARF")["attributes"]["fulfillment_availability"],
            [{"fulfillment_channel_code": "DEFAULT", "quantity": 4}],
        )

    def test_listing_is_sent_in_the_marketplace_language_stated_on_the_channel(self):
        english, german = self.env.ref("base.lang_en"), self.env.ref("base.lang_de")
        manager_channel = self.channel.with_user(self.syndication_manager)
        manager_channel.lang_ids = english | german  # English comes first by name
        self.assertEqual(self.channel.lang_ids[:1], english)
        self._publish(self._amazon_listings(self.scarf))
        stored = self._stored("AMZ-SCARF")["attributes"]
        self.assertEqual(
            stored["item_name"],
            [
                {
                    "value": "Seidenschal",
                    "language_tag": "de_DE",
                    "marketplace_id": fake_amazon.DEMO_MARKETPLACE_ID,
                }
            ],
        )
        with self.assertRaisesRegex(
            ValidationError, r"Amazon.de does not accept listings in English \(US\); it accepts de_DE, en_GB"
        ):
            manager_channel.amazon_lang_id = english
        with self.assertRaises(UserError):  # a setting of the managers
            self.channel.with_user(self.syndication_user).amazon_lang_id = english
        manager_channel.amazon_lang_id = False
        listing = self._publish(self._amazon_listings(self.scarf))
        self.assertEqual(listing.state, "blocked")
        self.assertIn("lacks Amazon settings: Listing Language", listing.issue_ids.message)
