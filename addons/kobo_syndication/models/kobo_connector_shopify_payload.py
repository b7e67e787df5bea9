"""What the Shopify connector sends for each listing, built in batch (a fixed number of queries
whatever the number of products), and Shopify's hard limits checked on it before any call."""

from stdnum import ean
from stdnum.exceptions import ValidationError as StdnumValidationError

from odoo import api, models
from odoo.exceptions import UserError

from .kobo_channel_shopify import shopify_locale
from .kobo_connector_google_merchant import html_to_text
from .kobo_connector_shopify_product import SHOPIFY_HANDLE

MAX_OPTIONS = 3
MAX_VARIANTS = 2048
MAX_TAGS = 250
MAX_TITLE = 255
INVENTORY_POLICIES = {"deny": "DENY", "continue": "CONTINUE"}


class KoboConnectorShopify(models.AbstractModel):
    _inherit = "kobo.connector.shopify"

    @api.model
    def _kobo_shopify_build(self, listings):
        """``(payloads, problems)``: per listing the product as Shopify's productSet takes it
        (plus ``locales``: the texts of the channel's other languages, and per variant its Odoo
        id and name to map Shopify's errors back), and what could not be put in it as issues."""
        payloads, problems = {}, {}
        if not listings:
            return payloads, problems
        context = self._kobo_shopify_context(listings)
        for listing in listings:
            template = context["templates"].browse(listing.product_tmpl_id.id)
            found = problems.setdefault(listing.id, [])
            if context["price_problem"]:
                found.append({"field": "price", "message": context["price_problem"]})
            payloads[listing.id] = self._kobo_shopify_product(context, template, found)
        return payloads, {listing_id: found for listing_id, found in problems.items() if found}

    @api.model
    def _kobo_shopify_context(self, listings):
        channel = listings.channel_id.ensure_one()
        primary = channel._kobo_shopify_primary_lang(channel)
        others = channel.lang_ids - primary
        templates = listings.product_tmpl_id.with_context(lang=primary.code)
        templates.fetch(["name", "kobo_shopify_handle", "kobo_brand", "categ_id", "product_tag_ids"])
        variants = templates.product_variant_ids
        variants.fetch(["default_code", "barcode", "product_template_attribute_value_ids", "product_tmpl_id"])
        try:
            prices, price_problem = channel._kobo_prices(variants), None
            # Odoo's list price (with attribute extras) in the pricelist's currency
            list_prices = variants._price_compute("list_price", currency=channel.currency_id)
        except UserError as error:
            prices, list_prices, price_problem = {}, {}, str(error)
        spreadsheet = self.env["kobo.spreadsheet.template"]
        colours = spreadsheet._kobo_colours(variants)
        size_labels, size_problems = channel._size_labels(variants)
        return {
            "channel": channel,
            "primary": primary,
            "others": others,
            "templates": templates,
            "copy": self.env["product.template"]._kobo_copy_values(
                templates, channel, [primary.code, *others.mapped("code")]
            ),
            "names": {
                lang.code: dict(
                    zip(templates.ids, templates.with_context(lang=lang.code).mapped("name"), strict=True)
                )
                for lang in others
            },
            "prices": prices,
            "list_prices": list_prices,
            "price_problem": price_problem,
            "colours": colours,
            "images": spreadsheet._kobo_image_urls(channel, variants, colours),
            "size_labels": size_labels,
            "size_problems": size_problems,
            "policy": INVENTORY_POLICIES[channel.shopify_inventory_policy or "deny"],
            # Odoo's on-hand quantity of the variants tracked in stock (Shopify's on_hand)
            "stock": self.env["stock.quant"]._kobo_quantities_on_hand(
                variants.filtered("is_storable"), channel.company_id
            ),
        }

    @api.model
    def _kobo_shopify_product(self, context, template, problems):
        primary = context["primary"]
        texts = context["copy"][(template.id, context["channel"].id, primary.code)]
        title = html_to_text(texts["kobo_marketing_name"] or template.name).replace("\n", " ")
        options, variants, files = self._kobo_shopify_variants(context, template, problems)
        tags = sorted(
            {tag.name for tag in template.product_tag_ids} | ({template.kobo_season_name} - {False, ""})
        )
        metafields = [
            {"namespace": "kobo", "key": key, "type": kind, "value": value}
            for key, kind, value in (
                ("composition", "single_line_text_field", template.kobo_composition_label),
                ("care", "multi_line_text_field", template.kobo_care_text),
                ("origin", "single_line_text_field", template.kobo_country_of_origin_id.name),
            )
            if value
        ]
        locales = {}
        for lang in context["others"]:
            other = context["copy"][(template.id, context["channel"].id, lang.code)]
            name = other["kobo_marketing_name"] or context["names"][lang.code][template.id]
            values = {
                "title": html_to_text(name).replace("\n", " "),
                "body_html": other["kobo_description"] or "",
                "meta_title": other["kobo_seo_title"] or "",
                "meta_description": other["kobo_seo_description"] or "",
            }
            locales[lang.code] = {"locale": shopify_locale(lang), **{k: v for k, v in values.items() if v}}
        return {
            "handle": template.kobo_shopify_handle or "",
            "lang": primary.code,
            "title": title,
            "descriptionHtml": texts["kobo_description"] or "",
            "vendor": template.kobo_brand or "",
            "productType": template.categ_id.name or "",
            "status": "ACTIVE",
            "tags": tags,
            "seo": {
                "title": texts["kobo_seo_title"] or "",
                "description": texts["kobo_seo_description"] or "",
            },
            "metafields": metafields,
            "options": options,
            "variants": variants,
            "files": files,
            "locales": locales,
        }

    @api.model
    def _kobo_shopify_variants(self, context, template, problems):
        """``(options, variants, files)``: colour → option *Color*; the one other attribute →
        *Size* (in the channel's size system when it has one); further attributes keep their name."""
        currency = context["channel"].currency_id
        option_values = {}  # option name: [value names] in order of appearance
        variants, files = [], []
        for variant in template.product_variant_ids:
            values = variant.product_template_attribute_value_ids.filtered(
                lambda value: value.attribute_id.create_variant != "no_variant"
            )
            others = values.filtered(lambda value: value.attribute_id.display_type != "color")
            chosen = []
            for value in values:
                if value.attribute_id.display_type == "color":
                    chosen.append(("Color", value.product_attribute_value_id.name))
                elif len(others) == 1:
                    chosen.append(("Size", context["size_labels"].get(variant.id) or value.name))
                else:
                    chosen.append((value.attribute_id.name, value.name))
            for option, name in chosen:
                names = option_values.setdefault(option, [])
                if name not in names:
                    names.append(name)
            urls = context["images"].get(variant.id) or []
            for url in urls:
                if url not in files:
                    files.append(url)
            price = context["prices"].get(variant.id)
            list_price = context["list_prices"].get(variant.id)
            on_sale = price and list_price and currency.compare_amounts(list_price, price["price"]) > 0
            variants.append(
                {
                    "product_id": variant.id,
                    "label": variant.display_name,
                    "optionValues": [{"optionName": option, "name": name} for option, name in chosen],
                    "sku": (variant.default_code or "").strip() or None,
                    "barcode": (variant.barcode or "").strip() or None,
                    "price": self._kobo_shopify_money(price["price"], currency) if price else None,
                    "compareAtPrice": self._kobo_shopify_money(list_price, currency) if on_sale else None,
                    "inventoryPolicy": context["policy"],
                    "image": urls[0] if urls and variant.id in context["colours"] else None,
                    "quantity": max(int(context["stock"][variant.id]), 0)
                    if variant.id in context["stock"]
                    else None,
                }
            )
            if context["channel"].size_system and others and variant.id not in context["size_labels"]:
                problems.extend(
                    {"field": "size", "product_id": variant.id, "message": message}
                    for message in context["size_problems"]
                    if variant.display_name in message
                )
        options = [
            {"name": option, "values": [{"name": name} for name in names]}
            for option, names in option_values.items()
        ]
        return options, variants, files

    @api.model
    def _kobo_shopify_money(self, amount, currency):
        return f"{currency.round(amount):.{currency.decimal_places}f}"

    # Shopify's hard limits

    @api.model
    def _kobo_shopify_limits(self, listing, payload):  # noqa: PLR0912 - Shopify's limits, in order
        """Issues for what Shopify would refuse in ``payload``, in the marketplace team's words."""
        channel = listing.channel_id.sudo()
        issues = []
        if not channel.shopify_shop_url or not channel.shopify_access_token:
            issues.append(
                {
                    "field": "shopify_shop_url",
                    "message": self.env._(
                        "The channel %(channel)s has no shop URL or access token: "
                        "a syndication manager sets them.",
                        channel=channel.display_name,
                    ),
                }
            )
        if not payload:
            return issues
        if not SHOPIFY_HANDLE.match(payload["handle"]):
            issues.append(
                {
                    "field": "kobo_shopify_handle",
                    "message": self.env._(
                        "Shopify handle %(handle)s may hold only lowercase letters, digits "
                        "and single hyphens.",
                        handle=payload["handle"] or "(empty)",
                    ),
                }
            )
        for lang, title in [(payload["lang"], payload["title"])] + [
            (lang, texts.get("title") or "") for lang, texts in payload["locales"].items()
        ]:
            if len(title) > MAX_TITLE:
                issues.append(self._kobo_too_long("title", lang, title, MAX_TITLE))
        if not payload["title"]:
            issues.append(
                {
                    "field": "title",
                    "lang": payload["lang"],
                    "message": self.env._("The product has no title."),
                }
            )
        if len(payload["options"]) > MAX_OPTIONS:
            issues.append(
                {
                    "field": "options",
                    "message": self.env._(
                        "The product varies by %(count)s attributes (%(names)s); "
                        "Shopify takes at most 3 options.",
                        count=len(payload["options"]),
                        names=", ".join(option["name"] for option in payload["options"]),
                    ),
                }
            )
        if len(payload["variants"]) > MAX_VARIANTS:
            issues.append(
                {
                    "field": "variants",
                    "message": self.env._(
                        "The product has %(count)s variants; Shopify takes at most 2,048 per product.",
                        count=len(payload["variants"]),
                    ),
                }
            )
        if len(payload["tags"]) > MAX_TAGS:
            issues.append(
                {
                    "field": "tags",
                    "message": self.env._(
                        "The product has %(count)s tags; Shopify takes at most 250.",
                        count=len(payload["tags"]),
                    ),
                }
            )
        skus = {}
        for variant in payload["variants"]:
            issue = {"product_id": variant["product_id"]}
            if variant["price"] is None:
                issues.append(
                    {
                        **issue,
                        "field": "price",
                        "message": self.env._(
                            "%(variant)s has no price on the channel.", variant=variant["label"]
                        ),
                    }
                )
            if variant["barcode"]:
                try:
                    ean.validate(variant["barcode"])
                except StdnumValidationError:
                    issues.append(
                        {
                            **issue,
                            "field": "barcode",
                            "message": self.env._(
                                "%(variant)s: barcode %(barcode)s is not a valid GTIN "
                                "(digits and check digit).",
                                variant=variant["label"],
                                barcode=variant["barcode"],
                            ),
                        }
                    )
            if variant["sku"] and variant["sku"] in skus:
                issues.append(
                    {
                        **issue,
                        "field": "sku",
                        "message": self.env._(
                            "%(variant)s has the SKU %(sku)s of %(other)s; "
                            "Shopify needs one SKU per variant.",
                            variant=variant["label"],
                            sku=variant["sku"],
                            other=skus[variant["sku"]],
                        ),
                    }
                )
            skus.setdefault(variant["sku"], variant["label"])
        return issues
