"""What the Amazon connector refuses before any call: the channel's settings, and what Amazon
requires of apparel (SKUs, GTIN check digits, a price, the required facts, lengths)."""

from stdnum import ean
from stdnum.exceptions import ValidationError as StdnumValidationError

from odoo import api, models

#: Amazon's hard limits (characters, or entries for bullet points) on what we send.
MAX_SKU = 40
MAX_LENGTHS = {"item_name": 200, "brand": 100, "product_description": 2000, "bullet_point": 500}
MAX_BULLET_POINTS = 5
#: What Amazon's apparel guidance marks required besides the listing's basic facts, whatever the
#: apparel product type.
APPAREL_REQUIRED = ("target_gender", "age_range_description", "department")
#: What a product type requires on top of them, among the attributes we send: the fibre
#: composition (``fabric_type``) and care instructions of dresses, skirts, trousers, coats and
#: knitwear. A type missing here (SHIRT, the channels' default) requires APPAREL_REQUIRED only.
#: Amazon's definitions require more that we do not map (sleeve type, ...): Amazon's issues name
#: those. shared/fixtures/amazon holds no product type definition: check a type against its
#: live definition (getDefinitionsProductType, the ``required`` of its LISTING requirements)
#: before adding it. The stand-in's table (``fake_servers/amazon_rules.py``) says the same.
PRODUCT_TYPE_REQUIRED = {
    "DRESS": ("fabric_type", "care_instructions"),
    "SKIRT": ("fabric_type", "care_instructions"),
    "PANTS": ("fabric_type", "care_instructions"),
    "COAT": ("fabric_type", "care_instructions"),
    "SWEATER": ("fabric_type", "care_instructions"),
}


def required_attributes(product_type):
    """The apparel attributes a listing of ``product_type`` must have besides its basic facts."""
    return (*APPAREL_REQUIRED, *PRODUCT_TYPE_REQUIRED.get(product_type or "", ()))


class KoboConnectorAmazon(models.AbstractModel):
    _inherit = "kobo.connector.amazon"

    @api.model
    def validate(self, listings):
        """The PIM's completeness (``super``), the channel's settings, and what Amazon requires
        of apparel before any call: SKUs (present, unique, at most 40 characters), valid GTINs
        (check digit), a price, the required facts, lengths and at most five bullet points."""
        issues = super().validate(listings)
        if not listings:
            return issues
        channel = listings.channel_id.ensure_one()
        missing = self.env["kobo.channel"]._kobo_amazon_settings_missing(channel)
        payloads, problems = self._kobo_built_once("amazon", listings, self._kobo_amazon_build)
        for listing_id, found in problems.items():
            issues.setdefault(listing_id, []).extend(found)
        seen = {}
        for listing in listings:
            found = issues.setdefault(listing.id, [])
            if missing:
                found.append(
                    {
                        "message": self.env._(
                            "The channel %(channel)s lacks Amazon settings: %(settings)s. A syndication "
                            "manager fills them on the channel's Amazon tab.",
                            channel=channel.display_name,
                            settings=", ".join(missing),
                        )
                    }
                )
            found.extend(self._kobo_amazon_listing_problems(listing, payloads[listing.id], seen))
        return {listing_id: found for listing_id, found in issues.items() if found}

    @api.model
    def _kobo_amazon_listing_problems(self, listing, payload, seen):
        """Issues of one listing's payload; ``seen`` ({sku: variant}) finds SKUs used twice."""
        lang = payload["lang"]
        template = listing.product_tmpl_id
        variants = template.product_variant_ids
        found = []
        if not variants:
            return [{"message": self.env._("The product has no active variant.")}]

        def issue(attribute, message, variant=None):
            return {
                "field": attribute,
                "product_id": variant.id if variant else False,
                "lang": lang,
                "message": self.env._(
                    "%(what)s: %(problem)s",
                    what=variant.display_name if variant else template.display_name,
                    problem=message,
                ),
            }

        parent_sku = payload["parent_sku"]
        if parent_sku:
            seen.setdefault(parent_sku, template)
        for variant in variants:
            sku = (variant.default_code or "").strip()
            if not sku:
                found.append(
                    issue(
                        "merchant_sku",
                        self.env._("no internal reference: Amazon needs it as the SKU."),
                        variant,
                    )
                )
                continue
            if len(sku) > MAX_SKU:
                found.append(
                    issue(
                        "merchant_sku",
                        self.env._(
                            "the SKU %(sku)s has %(length)s characters; Amazon takes at most %(limit)s.",
                            sku=sku,
                            length=len(sku),
                            limit=MAX_SKU,
                        ),
                        variant,
                    )
                )
            other = seen.setdefault(sku, variant)
            if other != variant:
                found.append(
                    issue(
                        "merchant_sku",
                        self.env._(
                            "the SKU %(sku)s is also used by %(other)s.", sku=sku, other=other.display_name
                        ),
                        variant,
                    )
                )
            found.extend(self._kobo_amazon_variant_problems(payload, sku, variant, issue))
        first = next(
            ((sku, attributes) for sku, attributes in payload["product"].items() if sku != parent_sku), None
        )
        if first is not None:
            first_variant = variants.browse(payload["variants"].get(first[0]))
            found.extend(
                self._kobo_amazon_fact_problems(
                    first[1], issue, first_variant or None, product_type=payload["product_type"]
                )
            )
        return found

    @api.model
    def _kobo_amazon_variant_problems(self, payload, sku, variant, issue):
        """What one SKU lacks or gets wrong: GTIN, price, colour and size, main image."""
        attributes = payload["product"].get(sku) or {}
        found = []
        gtin = (variant.barcode or "").strip()
        if not gtin:
            found.append(
                issue(
                    "externally_assigned_product_identifier",
                    self.env._("no barcode: Amazon needs the variant's GTIN (EAN/UPC)."),
                    variant,
                )
            )
        else:
            try:
                ean.validate(gtin)
            except StdnumValidationError:
                found.append(
                    issue(
                        "externally_assigned_product_identifier",
                        self.env._(
                            "the barcode %(gtin)s is not a valid GTIN (digits and check digit).", gtin=gtin
                        ),
                        variant,
                    )
                )
        if "purchasable_offer" not in (payload["offers"].get(sku) or {}):
            found.append(
                issue("purchasable_offer", self.env._("no price on the channel's pricelist."), variant)
            )
        if payload["parent_sku"]:
            if "color" not in attributes:
                found.append(
                    issue("color", self.env._("no colour: Amazon varies this product by colour."), variant)
                )
            if "apparel_size" not in attributes:
                found.append(
                    issue(
                        "apparel_size",
                        self.env._("no size in Amazon's size standards: Amazon varies this product by size."),
                        variant,
                    )
                )
        if "fulfillment_availability" not in (payload["offers"].get(sku) or {}):
            found.append(
                {
                    "field": "fulfillment_availability",
                    "product_id": variant.id,
                    "lang": payload["lang"],
                    "message": self.env._(
                        "%(variant)s is not tracked in stock: set the channel's quantity for untracked "
                        "products (Amazon tab), or track its stock, so that Amazon can sell it.",
                        variant=variant.display_name,
                    ),
                }
            )
        if "main_product_image_locator" not in attributes:
            found.append(
                issue(
                    "main_product_image_locator",
                    self.env._("no image for this channel: Amazon needs a main image."),
                    variant,
                )
            )
        return found

    @api.model
    def _kobo_amazon_fact_problems(self, attributes, issue, variant=None, product_type=None):
        """What the product's shared facts lack or exceed (checked once per product, on its
        first variant, which the apparel issues name): the apparel attributes are those the
        listing's own product type requires (its category's on the channel, else the
        channel's default)."""
        found = []
        for name in ("item_name", "brand", "product_description", "bullet_point", "country_of_origin"):
            if name not in attributes:
                found.append(
                    issue(name, self.env._("%(field)s is missing.", field=self._kobo_amazon_label(name)))
                )
        for name in required_attributes(product_type):
            if name not in attributes:
                found.append(
                    issue(
                        name,
                        self.env._(
                            "%(field)s is missing: Amazon's apparel guidance requires %(attribute)s "
                            "of a %(product_type)s.",
                            field=self._kobo_amazon_label(name),
                            attribute=name,
                            product_type=product_type,
                        ),
                        variant,
                    )
                )
        bullets = attributes.get("bullet_point") or []
        if len(bullets) > MAX_BULLET_POINTS:
            found.append(
                issue(
                    "bullet_point",
                    self.env._(
                        "%(count)s bullet points; Amazon shows at most %(limit)s.",
                        count=len(bullets),
                        limit=MAX_BULLET_POINTS,
                    ),
                )
            )
        for name, limit in MAX_LENGTHS.items():
            for entry in attributes.get(name) or []:
                if len(entry["value"]) > limit:
                    found.append(
                        issue(
                            name,
                            self.env._(
                                "%(field)s is %(length)s characters; Amazon takes at most %(limit)s.",
                                field=self._kobo_amazon_label(name),
                                length=len(entry["value"]),
                                limit=limit,
                            ),
                        )
                    )
        return found
