"""The Shopify connector (Admin GraphQL API, the version in ``SHOPIFY_API_VERSION``).

One product per listing, upserted with ``productSet`` identified by the product's id once we know
it, else by its handle (so a product Shopify created before our commit was lost is found, not
created twice): options Color and Size, variants with SKU, barcode, price and compare-at price
from the channel's pricelist, status ACTIVE. productSet replaces every list it is given (what is
not included is deleted), so it is given only what the product's listing owns whole: options and
variants. Metafields (``kobo.composition / care / origin``), images and inventory quantities go
through calls that change one entry each (``kobo_connector_shopify_ownership.py``), so the
merchant's and other apps' metafields and media are never sent, never replaced, never deleted.
The channel's other locales follow as translations (``translatableResource`` for Shopify's
digests, then ``translationsRegister``); the colours and sizes too, as translations of the
product's option values (``translatableResourcesByIds``, then one ``translationsRegister`` per
value that reads differently). What the shopper reads is the approved snapshot
(``kobo.snapshot``) mapped onto these fields; ``tests/test_readback_shopify.py`` reads it back.
Delisting archives the product (status ARCHIVED: off
every sales channel, kept with its history and URL for a later re-listing).
The payload is built in ``kobo_connector_shopify_payload.py``; the HTTP and pacing in
``kobo_connector_shopify_client.py``.
"""

from odoo import api, models
from odoo.addons.kobo_base.outbound_http import short_text
from odoo.tools.translate import LazyTranslate

from .kobo_connector_shopify_client import ShopifyClient, ShopifyError

PRODUCT_SET = """
mutation KoboProductSet($input: ProductSetInput!, $identifier: ProductSetIdentifiers) {
  productSet(input: $input, identifier: $identifier, synchronous: true) {
    product {
      id handle status options { id name optionValues { id name } }
      variants(first: 250) { nodes { id sku media(first: 1) { nodes { id } } } }
    }
    userErrors { field message code }
  }
}"""
#: The same, with each variant's on-hand quantity at the channel's location (tracked products).
PRODUCT_SET_STOCK = """
mutation KoboProductSetStock($input: ProductSetInput!, $identifier: ProductSetIdentifiers, $locationId: ID!) {
  productSet(input: $input, identifier: $identifier, synchronous: true) {
    product {
      id handle status options { id name optionValues { id name } }
      variants(first: 250) {
        nodes {
          id sku media(first: 1) { nodes { id } }
          inventoryItem { id tracked inventoryLevel(locationId: $locationId) {
            quantities(names: ["on_hand"]) { name quantity } } }
        }
      }
    }
    userErrors { field message code }
  }
}"""
PRODUCT_ARCHIVE = """
mutation KoboProductArchive($identifier: ProductUpdateIdentifiers!, $product: ProductUpdateInput!) {
  productUpdate(identifier: $identifier, product: $product) {
    product { id status }
    userErrors { field message }
  }
}"""
TRANSLATABLE_RESOURCE = """
query KoboTranslatable($resourceId: ID!) {
  translatableResource(resourceId: $resourceId) { resourceId translatableContent { key digest locale } }
}"""
#: The option values' digests, in one call for all the values of a product that are translated.
TRANSLATABLE_RESOURCES = """
query KoboTranslatableValues($resourceIds: [ID!]!, $first: Int!) {
  translatableResourcesByIds(resourceIds: $resourceIds, first: $first) {
    nodes { resourceId translatableContent { key digest locale } }
  }
}"""
TRANSLATIONS_REGISTER = """
mutation KoboTranslations($resourceId: ID!, $translations: [TranslationInput!]!) {
  translationsRegister(resourceId: $resourceId, translations: $translations) {
    translations { key locale }
    userErrors { field message code }
  }
}"""
#: The payload keys that go into productSet's input as they are.
PRODUCT_KEYS = (
    "title",
    "descriptionHtml",
    "handle",
    "vendor",
    "productType",
    "status",
    "tags",
    "seo",
)
#: The payload keys of a variant that go into productSet's variant input.
VARIANT_KEYS = ("optionValues", "sku", "barcode", "price", "compareAtPrice", "inventoryPolicy")
TRANSLATED_KEYS = ("title", "body_html", "meta_title", "meta_description")

_lt = LazyTranslate(__name__)
NOT_FOUND = "PRODUCT_DOES_NOT_EXIST"


class KoboConnectorShopify(models.AbstractModel):
    _name = "kobo.connector.shopify"
    _inherit = "kobo.connector.http"
    _description = "Syndication connector: Shopify (Admin GraphQL)"
    #: Shopify counts each tracked variant's inventory: every quantity change is pushed.
    _kobo_shows_quantities = True
    #: The productSet inputs and translation keys our issues name, as the catalogue team calls them.
    _kobo_payload_labels = {
        "shopify_shop_url": ("kobo.channel", "shopify_shop_url"),
        "kobo_shopify_handle": ("product.template", "kobo_shopify_handle"),
        "handle": ("product.template", "kobo_shopify_handle"),
        "title": _lt("Title"),
        "descriptionHtml": _lt("Description"),
        "body_html": _lt("Description"),
        "meta_title": _lt("SEO title"),
        "meta_description": _lt("SEO description"),
        "seo": _lt("SEO title and description"),
        "vendor": _lt("Brand"),
        "productType": _lt("Product category"),
        "tags": _lt("Tags"),
        "options": _lt("Options (colour, size)"),
        "productOptions": _lt("Options (colour, size)"),
        "optionValues": _lt("Options (colour, size)"),
        "variants": _lt("Variants"),
        "price": _lt("Price"),
        "compareAtPrice": _lt("Compare-at price"),
        "barcode": _lt("Barcode (GTIN)"),
        "sku": _lt("SKU (internal reference)"),
        "quantity": _lt("Quantity on hand"),
        "inventoryQuantities": _lt("Quantity on hand"),
        "files": _lt("Images"),
        "image": _lt("Image"),
        "metafields": _lt("Product facts (metafields)"),
    }

    @api.model
    def build_payload(self, listings):
        """``{listing id: payload}``: see ``_kobo_shopify_build``."""
        return self._kobo_built_once("shopify", listings, self._kobo_shopify_build)[0]

    @api.model
    def validate(self, listings):
        """The PIM's completeness, then Shopify's hard limits on what would be sent, before any call."""
        issues = super().validate(listings)
        payloads, problems = self._kobo_built_once("shopify", listings, self._kobo_shopify_build)
        for listing_id, found in problems.items():
            issues.setdefault(listing_id, []).extend(found)
        for listing in listings:
            found = self._kobo_shopify_limits(listing, payloads.get(listing.id) or {})
            if found:
                issues.setdefault(listing.id, []).extend(found)
        return {listing_id: found for listing_id, found in issues.items() if found}

    # Push

    @api.model
    def push(self, listings, payloads):
        """Upsert each listing's product, then its translations. A refusal of one product is that
        listing's issues; a refusal of the channel's settings (token, address) is every listing's.
        From the channel's bulk threshold on, the products go through one bulk operation
        (``kobo_connector_shopify_bulk.py``) instead of one productSet call each."""
        if not listings:
            return {}
        channel = listings.channel_id.ensure_one().sudo()
        results = {}
        with ShopifyClient(self, channel) as client:
            threshold = channel.shopify_bulk_threshold
            if threshold and len(listings) >= threshold:
                return self._kobo_shopify_push_bulk(client, channel, listings, payloads)
            location_id = None
            for listing in listings:
                try:
                    if location_id is None and self._kobo_shopify_tracked(payloads[listing.id]):
                        location_id = self._kobo_shopify_location(client, channel)
                    results[listing.id] = self._kobo_shopify_upsert(
                        client, listing, payloads[listing.id], location_id
                    )
                except ShopifyError as error:
                    results[listing.id] = {"issues": [{"message": error.message}]}
                    if error.settings:
                        for other in listings:
                            results.setdefault(other.id, {"issues": [{"message": error.message}]})
                        break
        return results

    @api.model
    def _kobo_shopify_product_input(self, payload):
        """productSet's ``input``: what the listing owns whole (no metafields, no files)."""
        product_input = {key: payload[key] for key in PRODUCT_KEYS if key in payload}
        product_input["productOptions"] = payload["options"]
        product_input["variants"] = [
            {
                **{
                    key: variant[key]
                    for key in VARIANT_KEYS
                    if key in variant and (variant[key] is not None or key == "compareAtPrice")
                },
                **({"inventoryItem": {"tracked": True}} if variant.get("quantity") is not None else {}),
            }
            for variant in payload["variants"]
        ]
        return product_input

    @api.model
    def _kobo_shopify_identifier(self, listing, payload):
        """The product by its id once we know it, else by its handle."""
        return {"id": listing.external_id} if listing.external_id else {"handle": payload["handle"]}

    @api.model
    def _kobo_shopify_upsert(self, client, listing, payload, location_id=None):
        listing, product, issues = self._kobo_shopify_set(client, listing, payload, location_id)
        if issues:
            return {"issues": issues}
        issues, vals = self._kobo_shopify_owned(client, listing, product, payload, location_id)
        issues += self._kobo_shopify_translate(client, product["id"], payload)
        issues += self._kobo_shopify_translate_options(client, product, payload)
        if issues:
            return {"issues": issues}
        return {"external_id": product["id"], "vals": vals}

    @api.model
    def _kobo_shopify_set(self, client, listing, payload, location_id=None, by_handle=False):
        """One synchronous productSet: ``(listing, product answer or None, issues)``. A product
        deleted in the shop since our last push is looked for by handle (or created again)."""
        tracked = self._kobo_shopify_tracked(payload)
        document = PRODUCT_SET_STOCK if tracked else PRODUCT_SET
        variables = {"input": self._kobo_shopify_product_input(payload)}
        if tracked:
            variables["locationId"] = location_id
        identifier = (
            {"handle": payload["handle"]} if by_handle else self._kobo_shopify_identifier(listing, payload)
        )
        answer = client.execute("productSet", document, {**variables, "identifier": identifier})
        errors = (answer or {}).get("userErrors") or []
        if "id" in identifier and any(error.get("code") == NOT_FOUND for error in errors):
            # deleted in the shop since our last push: find it by handle, or create it again
            identifier = {"handle": payload["handle"]}
            listing = self._kobo_shopify_forget(listing)
            answer = client.execute("productSet", document, {**variables, "identifier": identifier})
            errors = (answer or {}).get("userErrors") or []
        if errors:
            return listing, None, [self._kobo_shopify_product_issue(payload, error) for error in errors]
        product = (answer or {}).get("product") or {}
        if not product.get("id"):
            raise ShopifyError(self.env._("Shopify's answer to productSet names no product."))
        return listing, product, []

    @api.model
    def _kobo_shopify_text_translations(self, payload):
        """``[(lang, locale, key, text)]``: the product's texts in the channel's other locales."""
        return [
            (lang, texts["locale"], key, texts[key])
            for lang, texts in sorted((payload.get("locales") or {}).items())
            for key in TRANSLATED_KEYS
            if texts.get(key)
        ]

    @api.model
    def _kobo_shopify_text_variables(self, product_id, wanted, digests):
        """translationsRegister's variables for the product's texts Shopify has a digest of, and
        the entries sent (for the issues), or ``(None, [])`` when there is nothing to send."""
        sent = [item for item in wanted if item[2] in digests]
        if not sent:
            return None, []
        translations = [
            {"key": key, "locale": locale, "value": value, "translatableContentDigest": digests[key]}
            for __, locale, key, value in sent
        ]
        return {"resourceId": product_id, "translations": translations}, sent

    @api.model
    def _kobo_shopify_translate(self, client, product_id, payload):
        """Register the product's texts in the channel's other locales. Returns issues."""
        wanted = self._kobo_shopify_text_translations(payload)
        if not wanted:
            return []
        resource = client.execute("translatableResource", TRANSLATABLE_RESOURCE, {"resourceId": product_id})
        digests = {item["key"]: item["digest"] for item in (resource or {}).get("translatableContent") or []}
        variables, sent = self._kobo_shopify_text_variables(product_id, wanted, digests)
        if not variables:
            return []
        answer = client.execute("translationsRegister", TRANSLATIONS_REGISTER, variables)
        return self._kobo_shopify_text_issues(sent, (answer or {}).get("userErrors") or [])

    @api.model
    def _kobo_shopify_text_issues(self, sent, errors):
        """translationsRegister's userErrors on the product's texts as listing issues."""
        issues = []
        for error in errors:
            path = error.get("field") or []
            index = (
                int(path[1])
                if len(path) > 1 and str(path[1]).isdigit() and int(path[1]) < len(sent)
                else None
            )
            lang, __, key, __ = sent[index] if index is not None else (None, None, None, None)
            issues.append(
                {
                    "field": key,
                    "lang": lang,
                    "message": self.env._(
                        "Shopify refused the %(locale)s translation of %(field)s: %(message)s",
                        locale=sent[index][1] if index is not None else "?",
                        field=key or "?",
                        message=short_text(error.get("message")),
                    ),
                }
            )
        return issues

    @api.model
    def _kobo_shopify_value_translations(self, product, payload):
        """``{option value gid: [(lang, locale, name)]}``: the colours and sizes in the channel's
        other locales, on the product's option values as Shopify answered them."""
        value_ids = {
            (option.get("name"), value.get("name")): value.get("id")
            for option in product.get("options") or []
            for value in option.get("optionValues") or []
        }
        wanted = {}
        for lang, texts in sorted((payload.get("locales") or {}).items()):
            for option, names in sorted((texts.get("option_values") or {}).items()):
                for name, translated in sorted(names.items()):
                    if value_ids.get((option, name)):
                        wanted.setdefault(value_ids[(option, name)], []).append(
                            (lang, texts["locale"], translated)
                        )
        return wanted

    @api.model
    def _kobo_shopify_option_variables(self, value_id, entries, digest):
        return {
            "resourceId": value_id,
            "translations": [
                {"key": "name", "locale": locale, "value": translated, "translatableContentDigest": digest}
                for __, locale, translated in entries
            ],
        }

    @api.model
    def _kobo_shopify_name_digests(self, resources):
        """``{resource gid: digest of its name}`` from a translatableResourcesByIds answer."""
        return {
            node["resourceId"]: item["digest"]
            for node in (resources or {}).get("nodes") or []
            for item in node.get("translatableContent") or []
            if item.get("key") == "name"
        }

    @api.model
    def _kobo_shopify_translate_options(self, client, product, payload):
        """Register the colours and sizes in the channel's other locales: translations of the
        product's option values (``PRODUCT_OPTION_VALUE``, key ``name``). Returns issues."""
        wanted = self._kobo_shopify_value_translations(product, payload)
        if not wanted:
            return []
        resources = client.execute(
            "translatableResourcesByIds",
            TRANSLATABLE_RESOURCES,
            {"resourceIds": list(wanted), "first": len(wanted)},
        )
        digests = self._kobo_shopify_name_digests(resources)
        issues = []
        for value_id, entries in wanted.items():
            if value_id not in digests:
                continue
            answer = client.execute(
                "translationsRegister",
                TRANSLATIONS_REGISTER,
                self._kobo_shopify_option_variables(value_id, entries, digests[value_id]),
            )
            issues += self._kobo_shopify_option_issues(entries, (answer or {}).get("userErrors") or [])
        return issues

    @api.model
    def _kobo_shopify_option_issues(self, entries, errors):
        """translationsRegister's userErrors on an option value as listing issues."""
        issues = []
        for error in errors:
            path = error.get("field") or []
            index = int(path[1]) if len(path) > 1 and str(path[1]).isdigit() else None
            lang, locale, translated = (
                entries[index] if index is not None and index < len(entries) else entries[0]
            )
            issues.append(
                {
                    "field": "options",
                    "lang": lang,
                    "message": self.env._(
                        "Shopify refused the %(locale)s translation %(value)s of an option value: "
                        "%(message)s",
                        locale=locale,
                        value=translated,
                        message=short_text(error.get("message")),
                    ),
                }
            )
        return issues

    @api.model
    def _kobo_shopify_product_issue(self, payload, error):
        """A productSet userError as a listing issue: the variant and field its path names."""
        path = [str(step) for step in error.get("field") or []]
        steps = path[1:] if path[:1] == ["input"] else path
        issue = {"field": steps[0] if steps else None}
        variant = None
        if (
            len(steps) > 1
            and steps[0] == "variants"
            and steps[1].isdigit()
            and int(steps[1]) < len(payload["variants"])
        ):
            variant = payload["variants"][int(steps[1])]
            issue.update(product_id=variant["product_id"], field=steps[2] if len(steps) > 2 else "variants")
        label = issue["field"] or self.env._("the product")
        if variant:
            label = self.env._("%(field)s of %(variant)s", field=label, variant=variant["label"])
        issue["message"] = self.env._(
            "Shopify refused %(what)s: %(message)s", what=label, message=short_text(error.get("message"))
        )
        return issue

    # Delist

    @api.model
    def delist(self, listings):
        """Archive the products (status ARCHIVED). A product the shop does not have is delisted already."""
        if not listings:
            return {}
        channel = listings.channel_id.ensure_one().sudo()
        results = {}
        with ShopifyClient(self, channel) as client:
            for listing in listings:
                identifier = (
                    {"id": listing.external_id}
                    if listing.external_id
                    else {"handle": listing.product_tmpl_id.kobo_shopify_handle}
                )
                try:
                    answer = client.execute(
                        "productUpdate",
                        PRODUCT_ARCHIVE,
                        {"identifier": identifier, "product": {"status": "ARCHIVED"}},
                    )
                except ShopifyError as error:
                    results[listing.id] = {"issues": [{"message": error.message}]}
                    if error.settings:
                        for other in listings:
                            results.setdefault(other.id, {"issues": [{"message": error.message}]})
                        break
                    continue
                errors = [
                    error
                    for error in (answer or {}).get("userErrors") or []
                    if error.get("code") != NOT_FOUND and "does not exist" not in (error.get("message") or "")
                ]
                results[listing.id] = (
                    {
                        "issues": [
                            {
                                "message": self.env._(
                                    "Shopify refused to archive the product: %(message)s",
                                    message=short_text(error.get("message")),
                                )
                            }
                            for error in errors
                        ]
                    }
                    if errors
                    else {}
                )
        return results
