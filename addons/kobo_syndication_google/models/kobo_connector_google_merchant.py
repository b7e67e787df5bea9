"""The Google Merchant Center connector: one feed item per variant, stored per listing.

``build_payload`` maps each listing's approved snapshot (``kobo.snapshot``: copy, prices,
sizes, colours, identifiers, availability, images) onto Google items (one per variant) in the
channel's first locale; ``validate`` checks them against Google's apparel rules before Google
does; ``push`` stores the items of the listings that changed on the channel's feed
(``kobo.google.feed.row``) and marks the feed to regenerate; the file itself is written by
``kobo.google.feed._kobo_generate`` (cron or on demand) from the stored rows.
"""

from urllib.parse import quote as url_quote

from stdnum import ean
from stdnum.exceptions import ValidationError as StdnumValidationError

from odoo import api, models
from odoo.addons.kobo_pim.text import one_line
from odoo.tools import float_compare
from odoo.tools.misc import hmac
from odoo.tools.translate import LazyTranslate

from .kobo_google_feed_writer import MAX_ADDITIONAL_IMAGES

#: Google's size_system values for our channel size systems (international letter sizes have none).
GOOGLE_SIZE_SYSTEMS = {"eu": "EU", "uk": "UK", "us": "US", "it": "IT", "fr": "FR", "jp": "JP"}
GOOGLE_GENDERS = ("male", "female", "unisex")
GOOGLE_AGE_GROUPS = ("newborn", "infant", "toddler", "kids", "adult")
#: Attributes Google requires on every apparel item.
REQUIRED_APPAREL = (
    "id",
    "title",
    "description",
    "link",
    "image_link",
    "availability",
    "price",
    "brand",
    "google_product_category",
    "color",
    "size",
    "gender",
    "age_group",
)
#: Google's maximum lengths (characters).
MAX_LENGTHS = {
    "id": 50,
    "item_group_id": 50,
    "title": 150,
    "description": 5000,
    "brand": 70,
    "mpn": 70,
    "color": 100,
    "size": 100,
    "product_type": 750,
    "link": 2000,
    "image_link": 2000,
}
IMAGE_SCOPE = "kobo-google-feed-image"

_lt = LazyTranslate(__name__)


def image_signature(env, rendition_id):
    """The part of a rendition's public URL that proves the feed wrote it (HMAC with the
    database secret): image URLs cannot be guessed from a rendition id."""
    return hmac(env(su=True), IMAGE_SCOPE, rendition_id)[:32]


class KoboConnectorGoogleMerchant(models.AbstractModel):
    _name = "kobo.connector.google_merchant"
    _inherit = "kobo.connector"
    _description = "Syndication connector: Google Merchant feed"
    #: The item attributes our issues name, as the catalogue team calls them.
    _kobo_payload_labels = {
        "id": _lt("Item ID"),
        "item_group_id": _lt("Item group ID"),
        "title": _lt("Title"),
        "description": _lt("Description"),
        "link": _lt("Product page link"),
        "image_link": _lt("Main image"),
        "availability": _lt("Availability"),
        "price": _lt("Price"),
        "brand": _lt("Brand"),
        "gtin": _lt("GTIN"),
        "mpn": _lt("Manufacturer part number"),
        "google_product_category": _lt("Google product category"),
        "product_type": _lt("Product category"),
        "color": _lt("Colour"),
        "size": _lt("Size"),
        "gender": _lt("Gender"),
        "age_group": _lt("Age group"),
    }

    # Payload

    @api.model
    def build_payload(self, listings):
        """``{listing id: {"lang": locale, "items": [Google item dict per variant]}}``."""
        return self._kobo_built_once("google", listings, self._kobo_google_build)[0]

    @api.model
    def _kobo_feed_lang(self, channel):
        """One feed per channel, in the channel's first locale (English without locales)."""
        return channel.lang_ids[:1].code or "en_US"

    @api.model
    def _kobo_google_build(self, listings):
        """``(payloads, problems)``: the items, and what could not be put in them (no price,
        an invalid GTIN, a size without conversion) as issues per listing.

        The items map the approved snapshot (``kobo.snapshot``) in the feed's language: copy,
        prices, sizes, colours, identifiers, availability, images. Only what is Google's own is
        decided here: GTIN check digits, the title with colour and size, item groups, links,
        the taxonomy node, size_system."""
        payloads, problems = {}, {}
        if not listings:
            return payloads, problems
        context = self._kobo_build_context(listings)
        lang = context["lang"]
        for listing in listings:
            template = context["templates"].browse(listing.product_tmpl_id.id)
            snapshot = context["snapshots"][(template.id, lang)]
            listing_problems = problems.setdefault(listing.id, [])
            listing_problems.extend(
                {**problem, "lang": lang} if problem.get("product_id") else problem
                for problem in snapshot["problems"]
            )
            product = {
                "template": template,
                "title": snapshot["title"],
                "description": snapshot["description"],
                "images": snapshot["images"],
                "node": context["nodes"].get(template.id),
                "group_id": f"kobo-{template.id}" if len(snapshot["variants"]) > 1 else False,
            }
            payloads[listing.id] = {
                "lang": lang,
                "items": [
                    self._kobo_variant_item(context, product, row, listing_problems)
                    for row in snapshot["variants"]
                ],
            }
        return payloads, {listing_id: found for listing_id, found in problems.items() if found}

    @api.model
    def _kobo_build_context(self, listings):
        """The approved snapshot of the listings' products in the feed's language, and what only
        Google needs besides (taxonomy nodes, image and landing page addresses), read in batch: a
        fixed number of queries whatever the number of products."""
        channel = listings.channel_id.ensure_one()
        lang = self._kobo_feed_lang(channel)
        templates = listings.product_tmpl_id.with_context(lang=lang)
        snapshots = self.env["kobo.snapshot"]._kobo_build(templates, channel, [lang])
        base_url = self.env["ir.config_parameter"].sudo().get_param("web.base.url", "").rstrip("/")
        extension = "png" if channel.image_format == "png" else "jpg"
        renditions = {
            image["rendition"]
            for snapshot in snapshots.values()
            for image in snapshot["images"]
            if image["rendition"]
        }
        return {
            "channel": channel,
            "lang": lang,
            "templates": templates,
            "snapshots": snapshots,
            "nodes": self.env["kobo.taxonomy.mapping"]._nodes_for_products(templates, channel),
            "image_urls": {
                rendition.id: f"{base_url}/kobo/feed/image/{rendition.id}/"
                f"{image_signature(self.env, rendition.id)}.{extension}"
                for rendition in renditions
            },
            "base_url": base_url,
            "shop_url": self._kobo_shop_url(channel, lang),
            "size_system": GOOGLE_SIZE_SYSTEMS.get(channel.size_system) or "",
        }

    @api.model
    def _kobo_variant_item(self, context, product, row, problems):
        """The Google item of one variant (``row``: its row in the snapshot); what cannot be sent
        is appended to ``problems``."""
        lang, template, variant = context["lang"], product["template"], row["variant"]
        values = variant.product_template_attribute_value_ids.product_attribute_value_id
        colours = values.filtered(lambda value: value.attribute_id.display_type == "color")
        code, gtin, size = row["code"], row["gtin"], row["size"]
        if gtin:
            try:
                ean.validate(gtin)
            except StdnumValidationError:
                message = self.env._("GTIN %(gtin)s is not a valid GTIN (digits and check digit).", gtin=gtin)
                problems.append(self._kobo_issue(variant, lang, "gtin", message))
                gtin = ""
        image_urls = context["image_urls"]
        images = [
            image_urls[image["rendition"].id]
            for image in product["images"]
            if image["rendition"] and (not image["colour"] or image["colour"] in colours)
        ]
        node = product["node"]
        item = {
            "id": code if code and len(code) <= MAX_LENGTHS["id"] else f"kobo-{template.id}-{variant.id}",
            "item_group_id": product["group_id"],
            "title": " - ".join([product["title"], *self._kobo_title_values(values, colours, size)])
            if product["title"]
            else "",
            "description": product["description"],
            "link": self._kobo_landing_link(context, variant),
            "image_link": images[0] if images else "",
            "additional_image_link": images[1 : 1 + MAX_ADDITIONAL_IMAGES],
            "availability": "in_stock" if row["available"] else "out_of_stock",
            "brand": one_line(template.kobo_brand),
            "gtin": gtin,
            "mpn": code,
            "identifier_exists": "" if gtin or code else "no",
            "condition": "new",
            "google_product_category": str(node.external_id) if node else "",
            "product_type": (template.categ_id.complete_name or "").replace(" / ", " > "),
            "color": "/".join(row["colours"]),
            "size": size,
            "size_system": context["size_system"],
            "gender": template.kobo_gender or "",
            "age_group": template.kobo_age_group or "",
        }
        item.update(self._kobo_price_attributes(row["price"]))
        return item

    @api.model
    def _kobo_title_values(self, values, colours, size):
        """The variant's value names as its title names them: colours by name, the size as
        ``g:size`` gives it (the label in the channel's size system, not the raw value), so
        the title and the size attribute never name two different sizes."""
        names = []
        for value in values:
            if value in colours or not size:
                names.append(value.name)
            elif size not in names:
                names.append(size)
        return names

    @api.model
    def _kobo_landing_link(self, context, variant):
        """The page a shopper lands on from Google: the channel's own landing page address when
        it has one (a shop that is not Odoo's), else the product's page on the Odoo web shop
        (website_sale, when installed) in the feed's language; none otherwise."""
        pattern = context["channel"].google_landing_url
        if pattern:
            return pattern.format(
                code=url_quote(variant.default_code or str(variant.id), safe=""),
                lang=context["lang"],
                id=variant.id,
            )
        website_url = variant.website_url if "website_url" in variant._fields else False
        return f"{context['shop_url']}{website_url}" if website_url else ""

    @api.model
    def _kobo_shop_url(self, channel, lang):
        """The root of the shop's pages in ``lang``: the website's address, followed by the
        language's URL code (``/de``) unless ``lang`` is the website's default language, as
        Odoo's website routes them (a link without it lands on the default language). A
        language the website does not offer has no page: the link is the default language's."""
        if "website" not in self.env:
            return self.env["ir.config_parameter"].sudo().get_param("web.base.url", "").rstrip("/")
        website = channel["website_id"] if "website_id" in channel._fields else self.env["website"]
        website = website or self.env["website"].sudo().search(
            [("company_id", "=", channel.company_id.id)], order="sequence, id", limit=1
        )
        if not website:
            return self.env["ir.config_parameter"].sudo().get_param("web.base.url", "").rstrip("/")
        base_url = website.get_base_url().rstrip("/")
        language = self.env["res.lang"]._lang_get(lang)
        if not language or language == website.default_lang_id or language not in website.language_ids:
            return base_url
        return f"{base_url}/{language.url_code}"

    @api.model
    def _kobo_price_attributes(self, price):
        """price / sale_price / sale_price_effective_date as Google writes them ("12.90 EUR")."""
        if not price:
            return {"price": ""}
        currency = price["currency"]

        def amount(value):
            return f"{value:.{currency.decimal_places}f} {currency.name}"

        values = {"price": amount(price["regular_price"]) if price["regular_price"] > 0 else ""}
        if price["on_sale"] and float_compare(price["price"], price["regular_price"], 2) < 0:
            values["sale_price"] = amount(price["price"])
            if price["sale_start"] and price["sale_end"]:
                values["sale_price_effective_date"] = "/".join(
                    moment.strftime("%Y-%m-%dT%H:%M+0000")
                    for moment in (price["sale_start"], price["sale_end"])
                )
        return values

    @api.model
    def _kobo_issue(self, variant, lang, attribute, message):
        return {
            "field": attribute,
            "product_id": variant.id,
            "lang": lang,
            "message": self.env._("%(variant)s: %(problem)s", variant=variant.display_name, problem=message),
        }

    # Validation

    @api.model
    def validate(self, listings):
        """The PIM's completeness (``super``) plus Google's published rules for apparel, on the
        items as they would be written: required attributes, lengths, enumerations, GTIN check
        digits, prices, images, one item group per product, unique ids."""
        issues = super().validate(listings)
        payloads, problems = self._kobo_built_once("google", listings, self._kobo_google_build)
        for listing_id, found in problems.items():
            issues.setdefault(listing_id, []).extend(found)
        seen_ids = {}
        for listing in listings:
            payload = payloads.get(listing.id) or {}
            lang = payload.get("lang")
            variants = listing.product_tmpl_id.product_variant_ids
            items = payload.get("items") or []
            found = issues.setdefault(listing.id, [])
            if not items:
                found.append({"lang": lang, "message": self.env._("The product has no active variant.")})
            if len({item["item_group_id"] for item in items}) > 1:
                found.append(
                    {
                        "field": "item_group_id",
                        "message": self.env._("The variants do not share one item group id."),
                    }
                )
            for variant, item in zip(variants, items, strict=False):
                for message_attribute, message in self._kobo_item_problems(item):
                    found.append(self._kobo_issue(variant, lang, message_attribute, message))
                other = seen_ids.setdefault(item["id"], variant)
                if other != variant:
                    found.append(
                        self._kobo_issue(
                            variant,
                            lang,
                            "id",
                            self.env._(
                                "id %(id)s is also the id of %(other)s.",
                                id=item["id"],
                                other=other.display_name,
                            ),
                        )
                    )
        return {listing_id: found for listing_id, found in issues.items() if found}

    @api.model
    def _kobo_item_problems(self, item):
        """``[(attribute, message)]``: what Google would refuse in one item, in words (the
        attribute's label, in the user's language)."""
        problems = []
        label = self._kobo_field_label
        for attribute in REQUIRED_APPAREL:
            if not item.get(attribute):
                problems.append(
                    (attribute, self.env._("%(attribute)s is missing.", attribute=label(attribute)))
                )
        for attribute, limit in MAX_LENGTHS.items():
            value = item.get(attribute) or ""
            if len(value) > limit:
                problems.append(
                    (
                        attribute,
                        self.env._(
                            "%(attribute)s is %(length)s characters; Google takes at most %(limit)s.",
                            attribute=label(attribute),
                            length=len(value),
                            limit=limit,
                        ),
                    )
                )
        if item.get("color") and len(item["color"].split("/")) > 3:
            problems.append(
                (
                    "color",
                    self.env._(
                        "%(attribute)s has more than 3 values separated by '/'.", attribute=label("color")
                    ),
                )
            )
        for attribute, allowed in (("gender", GOOGLE_GENDERS), ("age_group", GOOGLE_AGE_GROUPS)):
            if item.get(attribute) and item[attribute] not in allowed:
                message = self.env._(
                    "%(attribute)s %(value)s is not one of Google's (%(allowed)s).",
                    attribute=label(attribute),
                    value=item[attribute],
                    allowed=", ".join(allowed),
                )
                problems.append((attribute, message))
        return problems

    # Push: store the rows, the feed file is regenerated from them

    @api.model
    def push(self, listings, payloads):
        """Store (upsert) the items of ``listings`` on their channel's feed and mark the feed to
        regenerate. Idempotent: a listing has one row, replaced on every push."""
        if not listings:
            return {}
        feed = self.env["kobo.google.feed"]._kobo_ensure(listings.channel_id)
        feed._kobo_store_rows({listing.id: payloads[listing.id]["items"] for listing in listings})
        results = {}
        for listing in listings:
            # the offer's item group, or its id when the product has one variant
            first = (payloads[listing.id]["items"] or [{}])[0]
            offer = first.get("item_group_id") or first.get("id") or f"kobo-{listing.product_tmpl_id.id}"
            results[listing.id] = {"external_id": offer}
        return results

    @api.model
    def delist(self, listings):
        """Remove the rows of ``listings`` from their feed (the next file leaves them out)."""
        feed = self.env["kobo.google.feed"]._kobo_ensure(listings.channel_id)
        feed._kobo_remove_rows(listings)
        return {listing.id: {} for listing in listings}
