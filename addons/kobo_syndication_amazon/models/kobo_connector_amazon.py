"""The Amazon connector (Selling Partner API, Listings Items 2021-08-01): what a listing becomes
on Amazon, and what we refuse before Amazon does.

A product with several variants is a variation family: one *parent* SKU (``parentage_level``
parent, ``variation_theme`` SIZE_NAME/COLOR_NAME, no offer) and one *child* SKU per variant
(``child_parent_sku_relationship`` to the parent, colour, size, GTIN, offer). A product with one
variant is a stand-alone SKU. Attributes are in the Listings API's JSON shape: an array of
entries ``{"value": ..., "language_tag": "de_DE", "marketplace_id": ...}`` in the channel's
listing language (``amazon_lang_id``, one the marketplace accepts: ``kobo_amazon_marketplaces.py``).
Each product is listed as its category's product type on the channel
(``kobo.amazon.product.type.map``), else the channel's default. Sizes follow Amazon's apparel
size standards (``apparel_size``: size system, size class, size); every child offer states a
quantity (on hand for storable products, the channel's ``amazon_untracked_quantity`` for others).

What the PIM approved comes from the approved snapshot (``kobo.snapshot``) in the listing
language, as every channel gets it: item name, description and bullet points (the approved copy
through the one HTML-to-text rule), prices from the channel's pricelist, size labels, colours,
GTIN, SKU, quantities on hand and the channel's images. The facts Amazon asks beside it (brand,
composition, care, origin, gender, age group) are read from the product in the same language.

The payload keeps the product facts (``product``: the attributes of each SKU without price and
quantity) apart from the offer (``offers``: purchasable_offer, list_price and
fulfillment_availability of each child): when only the offer changed since the last accepted push,
the push sends a JSON Patch of the offer instead of the whole listing (see
``kobo_connector_amazon_client.py``, which talks to Amazon, and ``kobo_listing_amazon.py``, which
remembers the digest of the product part). What we refuse before Amazon does is in
``kobo_connector_amazon_validate.py``.
"""

from odoo import api, models
from odoo.addons.kobo_pim.text import one_line
from odoo.tools.translate import LazyTranslate

from .kobo_amazon_marketplaces import MARKETPLACE_LANGUAGES, apparel_size, department

MAX_OTHER_IMAGES = 8
#: Amazon's target_gender and age_range_description for our product facts.
TARGET_GENDERS = {"female": "female", "male": "male", "unisex": "unisex"}
AGE_RANGES = {"newborn": "Baby", "infant": "Infant", "toddler": "Toddler", "kids": "Kid", "adult": "Adult"}
#: The product field behind each attribute, to name it in issues as the catalogue team knows it.
ATTRIBUTE_FIELDS = {
    "item_name": ("product.template", "kobo_marketing_name"),
    "brand": ("product.template", "kobo_brand"),
    "bullet_point": ("product.template", "kobo_bullet_points"),
    "product_description": ("product.template", "kobo_description"),
    "fabric_type": ("product.template", "kobo_composition_label"),
    "care_instructions": ("product.template", "kobo_care_text"),
    "country_of_origin": ("product.template", "kobo_country_of_origin_id"),
    "target_gender": ("product.template", "kobo_gender"),
    "age_range_description": ("product.template", "kobo_age_group"),
    "externally_assigned_product_identifier": ("product.product", "barcode"),
    "merchant_sku": ("product.product", "default_code"),
}
OFFER_ATTRIBUTES = ("purchasable_offer", "list_price", "fulfillment_availability")

_lt = LazyTranslate(__name__)


def gtin_type(gtin):
    """Amazon's identifier type for a GTIN of this length."""
    return {12: "upc", 14: "gtin"}.get(len(gtin), "ean")


class KoboConnectorAmazon(models.AbstractModel):
    _name = "kobo.connector.amazon"
    _inherit = "kobo.connector.http"
    _description = "Syndication connector: Amazon Selling Partner API"

    #: Offers state the quantity on hand (``fulfillment_availability``), not only availability:
    #: a quantity-only stock change re-queues the listings.
    _kobo_shows_quantities = True
    #: The attributes our issues name: the product field's label when one holds it, else words.
    _kobo_payload_labels = {
        **ATTRIBUTE_FIELDS,
        "department": _lt("Department (from Gender and Age Group)"),
        "purchasable_offer": _lt("Price"),
        "list_price": _lt("List price"),
        "fulfillment_availability": _lt("Quantity on hand"),
        "apparel_size": _lt("Size"),
        "color": _lt("Colour"),
        "main_product_image_locator": _lt("Main image"),
        "other_product_image_locator": _lt("Other images"),
        "parent_sku": _lt("Parent SKU"),
        "child_parent_sku_relationship": _lt("Parent SKU"),
        "parentage_level": _lt("Variation family"),
        "variation_theme": _lt("Variation theme"),
    }

    # Payload

    @api.model
    def build_payload(self, listings):
        """``{listing id: {"sku", "parent_sku", "product_type", "marketplace_id", "lang",
        "product": {sku: attributes}, "offers": {sku: offer attributes}, "variants": {sku: id}}}``."""
        return self._kobo_built_once("amazon", listings, self._kobo_amazon_build)[0]

    @api.model
    def _kobo_amazon_lang(self, channel):
        """The language the listings are written in: the channel's ``amazon_lang_id``. Without
        it (validate refuses the channel then) the marketplace's own language, never "the first"
        of the channel's languages, which is alphabetical."""
        channel = channel.sudo()
        if channel.amazon_lang_id:
            return channel.amazon_lang_id.code
        tags = MARKETPLACE_LANGUAGES.get((channel.amazon_marketplace_id or "").strip(), ("", ("en_US",)))[1]
        return tags[0]

    @api.model
    def _kobo_amazon_parent_sku(self, template):
        """The parent SKU of a variation family: the product's item group, else one made from its id."""
        return (template.kobo_item_group or "").strip() or f"KOBO-P-{template.id}"

    @api.model
    def _kobo_amazon_build(self, listings):
        """``(payloads, problems)``: the payloads, and what could not be put in them (a price
        missing, a size without conversion) as issues per listing."""
        payloads, problems = {}, {}
        if not listings:
            return payloads, problems
        context = self._kobo_amazon_context(listings)
        for listing in listings:
            template = context["templates"].browse(listing.product_tmpl_id.id)
            snapshot = context["snapshots"][(template.id, context["lang"])]
            found = problems.setdefault(listing.id, [])
            found.extend(self._kobo_amazon_snapshot_problems(context, snapshot))
            rows = snapshot["variants"]
            common = self._kobo_amazon_common(context, template, snapshot)
            product, offers, variant_ids = {}, {}, {}
            parent_sku = self._kobo_amazon_parent_sku(template) if len(rows) > 1 else False
            for row in rows:
                sku = row["code"]
                if not sku:
                    continue  # validate names it; a SKU is the listing's key on Amazon
                product[sku] = self._kobo_amazon_child(context, common, row, parent_sku, found)
                offers[sku] = self._kobo_amazon_offer(context, row)
                variant_ids[sku] = row["variant"].id
            if parent_sku:
                # the parent goes first: its children name it
                product = {
                    parent_sku: self._kobo_amazon_parent(context, common, rows[0], product),
                    **product,
                }
            payloads[listing.id] = {
                "sku": parent_sku or next(iter(product), False),
                "parent_sku": parent_sku,
                "product_type": context["product_types"][template.id],
                "marketplace_id": context["marketplace"],
                "lang": context["lang"],
                "product": product,
                "offers": offers,
                "variants": variant_ids,
            }
        return payloads, {listing_id: found for listing_id, found in problems.items() if found}

    @api.model
    def _kobo_amazon_context(self, listings):
        """What every SKU of ``listings`` needs, read in batch: the approved snapshot
        (``kobo.snapshot``: copy, prices, sizes, colours, identifiers, quantities, images) in the
        listing language, the product facts Amazon asks beside it, and public image URLs."""
        channel = listings.channel_id.ensure_one()
        settings = channel.sudo()
        lang = self._kobo_amazon_lang(channel)
        templates = listings.product_tmpl_id.with_context(lang=lang)
        templates.fetch(
            [
                "name",
                "categ_id",
                "kobo_brand",
                "kobo_item_group",
                "kobo_composition_label",
                "kobo_care_text",
                "kobo_country_of_origin_id",
                "kobo_gender",
                "kobo_age_group",
            ]
        )
        # in the listing language: colour and size names as the marketplace reads them
        snapshots = self.env["kobo.snapshot"].with_context(lang=lang)._kobo_build(templates, channel, [lang])
        return {
            "channel": channel,
            "lang": lang,
            "marketplace": settings.amazon_marketplace_id or "",
            "product_types": self.env["kobo.amazon.product.type.map"]._kobo_product_types(channel, templates),
            "untracked_quantity": max(settings.amazon_untracked_quantity, 0),
            "templates": templates,
            "snapshots": snapshots,
            "images": self._kobo_amazon_image_urls(channel, snapshots),
        }

    @api.model
    def _kobo_amazon_snapshot_problems(self, context, snapshot):
        """What the snapshot says the channel cannot be given, as Amazon's issues: no price (the
        offer's ``purchasable_offer``), a size the channel's size system cannot convert."""
        found = []
        for problem in snapshot["problems"]:
            if problem["field"] == "price":
                found.append({"field": "purchasable_offer", "message": problem["message"]})
            else:
                found.append({**problem, "lang": context["lang"]})
        return found

    @api.model
    def _kobo_amazon_colour_ids(self, row):
        """The colour values (product.attribute.value) of a snapshot variant row."""
        values = row["variant"].product_template_attribute_value_ids.product_attribute_value_id
        return values.filtered(lambda value: value.attribute_id.display_type == "color")

    @api.model
    def _kobo_amazon_image_urls(self, channel, snapshots):
        """``{variant id: [public URL]}``: the channel's renditions of the snapshot's images, the
        variant's colourway first, then the images of every colour. A URL carries the rendition
        file's access token, so Amazon downloads it without an Odoo login."""
        renditions = {
            image["rendition"].id: image["rendition"]
            for snapshot in snapshots.values()
            for image in snapshot["images"]
            if image["rendition"]
        }
        if not renditions:
            return {}
        url_by_rendition = self.env["product.product"]._kobo_rendition_urls(channel, list(renditions))
        urls = {}
        for snapshot in snapshots.values():
            for row in snapshot["variants"]:
                colours = self._kobo_amazon_colour_ids(row)
                own = [image for image in snapshot["images"] if image["colour"].id in colours.ids]
                shared = [image for image in snapshot["images"] if not image["colour"]]
                urls[row["variant"].id] = [
                    url_by_rendition[image["rendition"].id]
                    for image in own + shared
                    if image["rendition"] and image["rendition"].id in url_by_rendition
                ]
        return urls

    @api.model
    def _kobo_amazon_entry(self, context, value, localized=True):
        entry = {"value": value, "marketplace_id": context["marketplace"]}
        if localized:
            entry["language_tag"] = context["lang"]
        return entry

    @api.model
    def _kobo_amazon_common(self, context, template, snapshot):
        """The product facts every SKU of ``template`` shares (empty ones left out): the
        snapshot's approved copy (item name, description, bullet points), the facts beside it."""
        bullets = [
            one_line(line)
            for line in (snapshot["copy"]["kobo_bullet_points"] or "").splitlines()
            if line.strip()
        ]
        values = {
            "item_name": snapshot["title"],
            "brand": one_line(template.kobo_brand),
            "product_description": snapshot["description"],
            "fabric_type": one_line(template.kobo_composition_label),
            "care_instructions": one_line(template.kobo_care_text),
        }
        attributes = {
            name: [self._kobo_amazon_entry(context, value)] for name, value in values.items() if value
        }
        if bullets:
            attributes["bullet_point"] = [self._kobo_amazon_entry(context, bullet) for bullet in bullets]
        if template.kobo_country_of_origin_id:
            attributes["country_of_origin"] = [
                self._kobo_amazon_entry(context, template.kobo_country_of_origin_id.code, localized=False)
            ]
        if template.kobo_gender:
            attributes["target_gender"] = [
                self._kobo_amazon_entry(context, TARGET_GENDERS[template.kobo_gender], localized=False)
            ]
        if template.kobo_age_group:
            attributes["age_range_description"] = [
                self._kobo_amazon_entry(context, AGE_RANGES[template.kobo_age_group])
            ]
        name = department(template.kobo_gender, template.kobo_age_group, context["lang"])
        if name:
            attributes["department"] = [self._kobo_amazon_entry(context, name)]
        return attributes

    @api.model
    def _kobo_amazon_images(self, context, row):
        urls = context["images"].get(row["variant"].id) or []
        marketplace = context["marketplace"]
        images = {}
        if urls:
            images["main_product_image_locator"] = [
                {"media_location": urls[0], "marketplace_id": marketplace}
            ]
        for position, url in enumerate(urls[1 : 1 + MAX_OTHER_IMAGES], start=1):
            images[f"other_product_image_locator_{position}"] = [
                {"media_location": url, "marketplace_id": marketplace}
            ]
        return images

    @api.model
    def _kobo_amazon_parent(self, context, common, first_row, children):
        """The parent of a variation family: the shared facts, the variation theme (what its
        children vary by), the first variant's images."""
        theme = "/".join(
            theme
            for theme, attribute in (("SIZE_NAME", "apparel_size"), ("COLOR_NAME", "color"))
            if any(attribute in child for child in children.values())
        )
        return {
            **common,
            **self._kobo_amazon_images(context, first_row),
            "parentage_level": [self._kobo_amazon_entry(context, "parent", localized=False)],
            "variation_theme": [{"name": theme or "SIZE_NAME/COLOR_NAME"}],
        }

    @api.model
    def _kobo_amazon_child(self, context, common, row, parent_sku, problems):
        """A child SKU (or the stand-alone SKU when ``parent_sku`` is False) from its snapshot
        row: facts, colour, size, GTIN and images; the offer is apart."""
        variant = row["variant"]
        attributes = {
            **common,
            **self._kobo_amazon_images(context, row),
            "condition_type": [self._kobo_amazon_entry(context, "new_new", localized=False)],
        }
        colour = "/".join(row["colours"])
        if colour:
            attributes["color"] = [self._kobo_amazon_entry(context, colour)]
        size = row["size"]
        if size:
            standard = apparel_size(size, context["channel"].size_system, context["marketplace"])
            if standard:
                size_system, size_class, value = standard
                attributes["apparel_size"] = [
                    {
                        "size_system": size_system,
                        "size_class": size_class,
                        "size": value,
                        "body_type": "regular",
                        "height_type": "regular",
                        "marketplace_id": context["marketplace"],
                    }
                ]
            else:
                problems.append(
                    {
                        "field": "apparel_size",
                        "product_id": variant.id,
                        "lang": context["lang"],
                        "message": self.env._(
                            "%(variant)s: the size %(size)s cannot be expressed in Amazon's apparel "
                            "size standards (letter sizes XXS to 5XL, or a whole number); Amazon "
                            "hides listings with invalid sizes.",
                            variant=variant.display_name,
                            size=size,
                        ),
                    }
                )
        # a size the channel's size system cannot convert is among the snapshot's problems
        gtin = row["gtin"]
        if gtin:
            attributes["externally_assigned_product_identifier"] = [
                {"type": gtin_type(gtin), "value": gtin, "marketplace_id": context["marketplace"]}
            ]
        if parent_sku:
            attributes["parentage_level"] = [self._kobo_amazon_entry(context, "child", localized=False)]
            attributes["child_parent_sku_relationship"] = [
                {
                    "child_relationship_type": "variation",
                    "parent_sku": parent_sku,
                    "marketplace_id": context["marketplace"],
                }
            ]
        return attributes

    @api.model
    def _kobo_amazon_offer(self, context, row):
        """purchasable_offer, list_price (the channel pricelist's regular price) and
        fulfillment_availability of one SKU, from its snapshot row: the quantity on hand of a
        variant tracked in stock, the channel's quantity for untracked products of the others
        (none when it is 0: validate refuses the SKU in words)."""
        price = row["price"]
        marketplace = context["marketplace"]
        offer = {}
        if price and price["regular_price"] > 0:
            currency = price["currency"].name
            purchasable = {
                "currency": currency,
                "our_price": [{"schedule": [{"value_with_tax": price["regular_price"]}]}],
                "marketplace_id": marketplace,
            }
            if price["on_sale"] and price["price"] < price["regular_price"]:
                schedule = {"value_with_tax": price["price"]}
                if price["sale_start"]:
                    schedule["start_at"] = price["sale_start"].strftime("%Y-%m-%dT%H:%M:%SZ")
                if price["sale_end"]:
                    schedule["end_at"] = price["sale_end"].strftime("%Y-%m-%dT%H:%M:%SZ")
                purchasable["discounted_price"] = [{"schedule": [schedule]}]
            offer["purchasable_offer"] = [purchasable]
            offer["list_price"] = [
                {
                    "currency": currency,
                    "value_with_tax": price["regular_price"],
                    "marketplace_id": marketplace,
                }
            ]
        quantity = row["quantity"]
        if quantity is not None:
            quantity = max(int(quantity), 0)
        elif context["untracked_quantity"]:
            quantity = context["untracked_quantity"]
        if quantity is not None:
            offer["fulfillment_availability"] = [
                {"fulfillment_channel_code": "DEFAULT", "quantity": quantity}
            ]
        return offer

    @api.model
    def _kobo_amazon_label(self, attribute):
        """The name the catalogue team knows an Amazon attribute by (the product field's label)."""
        if attribute == "department":
            return self.env._("Department (from Gender and Age Group)")
        model, name = ATTRIBUTE_FIELDS.get(attribute, (None, None))
        if not model:
            return attribute
        return self.env[model]._fields[name]._description_string(self.env)
