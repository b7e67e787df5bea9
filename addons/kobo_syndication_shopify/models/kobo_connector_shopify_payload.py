"""What the Shopify connector sends for each listing, built in batch (a fixed number of queries
whatever the number of products), and Shopify's hard limits checked on it before any call."""

from stdnum import ean
from stdnum.exceptions import ValidationError as StdnumValidationError

from odoo import api, models
from odoo.tools import plaintext2html

from .kobo_channel_shopify import shopify_locale
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
        id and name to map Shopify's errors back), and what could not be put in it as issues.

        What the shopper reads (titles, descriptions, prices, options, barcodes, SKUs,
        quantities) is the approved snapshot (``kobo.snapshot``) mapped onto Shopify's fields;
        only what Shopify alone has (handle, vendor, tags, metafields, SEO, images) is read here."""
        payloads, problems = {}, {}
        if not listings:
            return payloads, problems
        context = self._kobo_shopify_context(listings)
        for listing in listings:
            template = context["templates"].browse(listing.product_tmpl_id.id)
            found = problems.setdefault(listing.id, [])
            found.extend(context["snapshots"][(template.id, context["primary"].code)]["problems"])
            payloads[listing.id] = self._kobo_shopify_product(context, template, found)
        return payloads, {listing_id: found for listing_id, found in problems.items() if found}

    @api.model
    def _kobo_shopify_context(self, listings):
        channel = listings.channel_id.ensure_one()
        primary = channel._kobo_shopify_primary_lang(channel)
        others = channel.lang_ids - primary
        templates = listings.product_tmpl_id.with_context(lang=primary.code)
        templates.fetch(["kobo_shopify_handle", "kobo_brand", "categ_id", "product_tag_ids"])
        snapshots = self.env["kobo.snapshot"]._kobo_build(
            templates, channel, [primary.code, *others.mapped("code")]
        )
        variants = templates.product_variant_ids
        colours = self.env["product.product"]._kobo_colours(variants)
        # the snapshot's colours and sizes are in the primary language (the templates' context);
        # the shop's other locales get them as translations of the option values
        values = variants.product_template_attribute_value_ids.product_attribute_value_id
        value_names = {
            lang.code: dict(zip(values.ids, values.with_context(lang=lang.code).mapped("name"), strict=True))
            for lang in others
        }
        return {
            "channel": channel,
            "primary": primary,
            "others": others,
            "templates": templates,
            "snapshots": snapshots,
            "value_names": value_names,
            "colours": colours,
            "images": self.env["product.product"]._kobo_image_urls(channel, variants, colours),
            "policy": INVENTORY_POLICIES[channel.shopify_inventory_policy or "deny"],
        }

    @api.model
    def _kobo_shopify_html(self, snapshot):
        """The snapshot's description as the HTML Shopify shows: the approved copy's HTML as it
        is; the product's plain sales description (its fallback) with its lines kept."""
        if snapshot["copy"]["kobo_description"]:
            return str(snapshot["description_html"])
        return plaintext2html(snapshot["description_html"]) if snapshot["description_html"] else ""

    @api.model
    def _kobo_shopify_product(self, context, template, problems):
        primary = context["primary"]
        snapshot = context["snapshots"][(template.id, primary.code)]
        texts = snapshot["copy"]
        options, variants, files = self._kobo_shopify_variants(context, template, snapshot)
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
            other = context["snapshots"][(template.id, lang.code)]
            values = {
                "title": other["title"],
                "body_html": self._kobo_shopify_html(other),
                "meta_title": other["copy"]["kobo_seo_title"] or "",
                "meta_description": other["copy"]["kobo_seo_description"] or "",
            }
            locales[lang.code] = {"locale": shopify_locale(lang), **{k: v for k, v in values.items() if v}}
            option_values = self._kobo_shopify_option_translations(context, snapshot, lang.code)
            if option_values:
                locales[lang.code]["option_values"] = option_values
        return {
            "handle": template.kobo_shopify_handle or "",
            "lang": primary.code,
            "title": snapshot["title"],
            "descriptionHtml": self._kobo_shopify_html(snapshot),
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
    def _kobo_shopify_options(self, row, names=None, converted=False):
        """``[(option name, value)]`` of a snapshot variant row: its colour → option *Color*; its
        one other attribute → *Size* (the snapshot's label, in the channel's size system when it
        has one); further attributes keep their name. ``names``: ``{attribute value id: name}``
        in another language (the values' names, not the snapshot's, which are the primary's);
        ``converted``: the channel has a size system (its labels are the same in every language)."""
        values = row["variant"].product_template_attribute_value_ids.product_attribute_value_id
        colours = values.filtered(lambda value: value.attribute_id.display_type == "color")
        others = values - colours
        if names is None:
            chosen = [("Color", colour) for colour in row["colours"]]
        else:
            chosen = [("Color", names[colour.id]) for colour in colours]
        if len(others) == 1:
            label = row["size"] or row["size_values"][0]
            if names is not None and not (converted and row["size"]):
                label = names[others.id]  # not a label of the channel's size system: the value's name
            chosen.append(("Size", label))
        else:
            chosen += [
                (value.attribute_id.name, value.name if names is None else names[value.id])
                for value in others
            ]
        return chosen

    @api.model
    def _kobo_shopify_option_translations(self, context, snapshot, lang):
        """``{option name: {value in the primary language: value in lang}}`` for the values
        whose name differs in ``lang`` (Shopify shows the primary name where none is given)."""
        translations = {}
        for row in snapshot["variants"]:
            primary = self._kobo_shopify_options(row)
            other = self._kobo_shopify_options(
                row, context["value_names"][lang], converted=bool(context["channel"].size_system)
            )
            for (option, name), (__, translated) in zip(primary, other, strict=True):
                if translated and translated != name:
                    translations.setdefault(option, {})[name] = translated
        return translations

    @api.model
    def _kobo_shopify_variants(self, context, template, snapshot):
        """``(options, variants, files)`` from the snapshot's variant rows."""
        option_values = {}  # option name: [value names] in order of appearance
        variants, files = [], []
        for row in snapshot["variants"]:
            variant = row["variant"]
            chosen = self._kobo_shopify_options(row)
            for option, name in chosen:
                names = option_values.setdefault(option, [])
                if name not in names:
                    names.append(name)
            urls = context["images"].get(variant.id) or []
            for url in urls:
                if url not in files:
                    files.append(url)
            price = row["price"]
            currency = price and price["currency"]
            # the regular price struck through (compare-at) only while the channel's sale runs
            on_sale = price and price["on_sale"]
            on_sale = on_sale and currency.compare_amounts(price["regular_price"], price["price"]) > 0
            variants.append(
                {
                    "product_id": variant.id,
                    "label": variant.display_name,
                    "optionValues": [{"optionName": option, "name": name} for option, name in chosen],
                    "sku": row["code"] or None,
                    "barcode": row["gtin"] or None,
                    "price": self._kobo_shopify_money(price["price"], currency) if price else None,
                    "compareAtPrice": self._kobo_shopify_money(price["regular_price"], currency)
                    if on_sale
                    else None,
                    "inventoryPolicy": context["policy"],
                    "image": urls[0] if urls and variant.id in context["colours"] else None,
                    "quantity": max(int(row["quantity"]), 0) if row["quantity"] is not None else None,
                }
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
