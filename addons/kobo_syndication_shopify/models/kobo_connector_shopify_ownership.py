"""What the Shopify connector changes on a product besides productSet, one entry at a time, so
that nothing it does not own is replaced or deleted (Shopify's productSet deletes every entry of
a list it is given that the list does not include):

- metafields: ``metafieldsSet`` for the keys of namespace ``kobo`` that have a value (it sets
  those and leaves every other metafield), ``metafieldsDelete`` for a ``kobo`` key we set before
  and that is now empty;
- media: an image's media is created once (``productUpdate(media:)``, which adds) and kept by its
  id, remembered on the listing per image URL (the URL names the rendition's file, so a new
  version of an image is a new URL); an image no longer in the PIM has its media deleted
  (``fileDelete``, our own files only); the variant's colour image is attached with
  ``productVariantAppendMedia`` when the variant has none. Media of the merchant or of other apps
  are never named, so never touched;
- inventory: the on-hand quantity of each variant tracked in stock at the channel's location:
  ``inventoryActivate`` where the item is not stocked there yet, else ``inventorySetQuantities``
  (``on_hand``) with ``compareQuantity`` set to the quantity productSet's answer read, so a sale
  in the shop between that read and our write is refused by Shopify, not overwritten.
"""

from odoo import api, models
from odoo.addons.kobo_base.models.kobo_workflow_mixin import privileged
from odoo.addons.kobo_base.outbound_http import short_text

from .kobo_connector_shopify_client import ShopifyError

#: The keys the connector sets in namespace ``kobo`` (metafieldsSet takes at most 25 at a time).
KOBO_NAMESPACE = "kobo"
LOCATION_QUERY = "query KoboLocation { location { id } }"
METAFIELDS_SET = """
mutation KoboMetafieldsSet($metafields: [MetafieldsSetInput!]!) {
  metafieldsSet(metafields: $metafields) { metafields { key namespace } userErrors { field message code } }
}"""
METAFIELDS_DELETE = """
mutation KoboMetafieldsDelete($metafields: [MetafieldIdentifierInput!]!) {
  metafieldsDelete(metafields: $metafields) {
    deletedMetafields { key namespace }
    userErrors { field message }
  }
}"""
MEDIA_CREATE = """
mutation KoboMediaCreate($product: ProductUpdateInput!, $media: [CreateMediaInput!], $mediaCount: Int) {
  productUpdate(product: $product, media: $media) {
    product { id media(last: $mediaCount) { nodes { id } } }
    userErrors { field message }
  }
}"""
FILE_DELETE = """
mutation KoboFileDelete($fileIds: [ID!]!) {
  fileDelete(fileIds: $fileIds) { deletedFileIds userErrors { field message code } }
}"""
VARIANT_MEDIA = """
mutation KoboVariantMedia($productId: ID!, $variantMedia: [ProductVariantAppendMediaInput!]!) {
  productVariantAppendMedia(productId: $productId, variantMedia: $variantMedia) {
    productVariants { id }
    userErrors { field message code }
  }
}"""
INVENTORY_ACTIVATE = """
mutation KoboInventoryActivate($inventoryItemId: ID!, $locationId: ID!, $onHand: Int) {
  inventoryActivate(inventoryItemId: $inventoryItemId, locationId: $locationId, onHand: $onHand) {
    inventoryLevel { id }
    userErrors { field message }
  }
}"""
INVENTORY_SET = """
mutation KoboInventorySet($input: InventorySetQuantitiesInput!) {
  inventorySetQuantities(input: $input) {
    inventoryAdjustmentGroup { reason changes { name delta } }
    userErrors { field message code }
  }
}"""
STALE = "COMPARE_QUANTITY_STALE"


class KoboConnectorShopify(models.AbstractModel):
    _inherit = "kobo.connector.shopify"

    @api.model
    def _kobo_shopify_tracked(self, payload):
        return any(variant.get("quantity") is not None for variant in payload["variants"])

    @api.model
    def _kobo_shopify_location(self, client, channel):
        """The channel's inventory location, else the shop's primary location (asked once a job)."""
        if channel.shopify_location_id:
            return channel.shopify_location_id
        location = client.execute("location", LOCATION_QUERY)
        if not (location or {}).get("id"):
            raise ShopifyError(self.env._("The shop has no primary location to count inventory at."))
        return location["id"]

    @api.model
    def _kobo_shopify_forget(self, listing):
        """The product was deleted in the shop: the media we created went with it."""
        privileged(listing).write({"shopify_media_ids": {}, "shopify_metafield_keys": []})
        return listing

    @api.model
    def _kobo_shopify_owned(self, client, listing, product, payload, location_id, metafields_set=False):
        """Metafields, media and inventory of the product: ``(issues, listing values)``.
        ``metafields_set``: the ``kobo`` metafields were set already (a bulk push batches them)."""
        issues, keys = self._kobo_shopify_metafields(
            client, listing, product["id"], payload, metafields_set=metafields_set
        )
        media_issues, media_ids = self._kobo_shopify_media(client, listing, product, payload)
        issues += media_issues
        if location_id:
            issues += self._kobo_shopify_inventory(client, listing, product, payload, location_id)
        return issues, {"shopify_media_ids": media_ids, "shopify_metafield_keys": keys}

    # Metafields

    @api.model
    def _kobo_shopify_metafields(self, client, listing, product_id, payload, metafields_set=False):
        wanted = [] if metafields_set else payload["metafields"]
        keys = sorted(field["key"] for field in payload["metafields"])
        known = listing.shopify_metafield_keys
        if isinstance(known, list):
            before = set(known)
        elif listing.external_id:  # pushed before the keys were remembered: any key we may have set
            before = {"composition", "care", "origin"}
        else:
            before = set()
        issues = []
        if wanted:
            answer = client.execute(
                "metafieldsSet",
                METAFIELDS_SET,
                {"metafields": [{"ownerId": product_id, **field} for field in wanted]},
            )
            issues += self._kobo_shopify_errors(answer, self.env._("the product's details (metafields)"))
        stale = sorted(before - set(keys))
        if stale:
            answer = client.execute(
                "metafieldsDelete",
                METAFIELDS_DELETE,
                {
                    "metafields": [
                        {"ownerId": product_id, "namespace": KOBO_NAMESPACE, "key": key} for key in stale
                    ]
                },
            )
            issues += self._kobo_shopify_errors(answer, self.env._("the removal of emptied details"))
        return issues, keys

    # Media

    @api.model
    def _kobo_shopify_media(self, client, listing, product, payload):
        bound = dict(listing.shopify_media_ids or {})
        wanted = payload["files"]
        new = [url for url in wanted if url not in bound]
        issues = []
        if new:
            answer = client.execute(
                "productUpdate",
                MEDIA_CREATE,
                {
                    "product": {"id": product["id"]},
                    "media": [
                        {"originalSource": url, "alt": payload["title"], "mediaContentType": "IMAGE"}
                        for url in new
                    ],
                    "mediaCount": len(new),
                },
            )
            issues += self._kobo_shopify_errors(answer, self.env._("the product's images"))
            nodes = (((answer or {}).get("product") or {}).get("media") or {}).get("nodes") or []
            if not issues and len(nodes) == len(new):
                bound.update(zip(new, [node["id"] for node in nodes], strict=True))
                # remembered at once: a later refusal must not make the next push add them again
                privileged(listing).write({"shopify_media_ids": bound})
        obsolete = {url: media_id for url, media_id in bound.items() if url not in wanted}
        if obsolete:
            answer = client.execute("fileDelete", FILE_DELETE, {"fileIds": list(obsolete.values())})
            errors = [
                error
                for error in (answer or {}).get("userErrors") or []
                if error.get("code") != "FILE_DOES_NOT_EXIST"  # the merchant deleted it already
            ]
            issues += self._kobo_shopify_errors(
                {"userErrors": errors}, self.env._("an image removed in the PIM")
            )
            if not errors:
                bound = {url: media_id for url, media_id in bound.items() if url not in obsolete}
        deleted = set(obsolete.values())
        attach = []
        for variant, node in self._kobo_shopify_variant_nodes(payload, product):
            current = [media["id"] for media in (node.get("media") or {}).get("nodes") or []]
            media_id = bound.get(variant.get("image"))
            if media_id and not set(current) - deleted:
                attach.append({"variantId": node["id"], "mediaIds": [media_id]})
        if attach:
            answer = client.execute(
                "productVariantAppendMedia",
                VARIANT_MEDIA,
                {"productId": product["id"], "variantMedia": attach},
            )
            issues += self._kobo_shopify_errors(answer, self.env._("the variants' images"))
        return issues, bound

    @api.model
    def _kobo_shopify_variant_nodes(self, payload, product):
        """``[(payload variant, Shopify variant)]``: by SKU, else by position (productSet keeps
        the order it was given)."""
        nodes = ((product.get("variants") or {}).get("nodes")) or []
        by_sku = {node.get("sku"): node for node in nodes if node.get("sku")}
        pairs = []
        for index, variant in enumerate(payload["variants"]):
            node = by_sku.get(variant.get("sku")) or (nodes[index] if index < len(nodes) else None)
            if node:
                pairs.append((variant, node))
        return pairs

    # Inventory

    @api.model
    def _kobo_shopify_inventory(self, client, listing, product, payload, location_id):
        issues, quantities = [], []
        for variant, node in self._kobo_shopify_variant_nodes(payload, product):
            quantity = variant.get("quantity")
            item = node.get("inventoryItem") or {}
            if quantity is None or not item.get("id"):
                continue
            level = item.get("inventoryLevel")
            if level is None:
                answer = client.execute(
                    "inventoryActivate",
                    INVENTORY_ACTIVATE,
                    {"inventoryItemId": item["id"], "locationId": location_id, "onHand": quantity},
                )
                issues += self._kobo_shopify_errors(
                    answer, self.env._("the stock of %(variant)s", variant=variant["label"])
                )
                continue
            current = next(
                (entry["quantity"] for entry in level.get("quantities") or [] if entry["name"] == "on_hand"),
                None,
            )
            if current != quantity:
                quantities.append(
                    (
                        variant,
                        {
                            "inventoryItemId": item["id"],
                            "locationId": location_id,
                            "quantity": quantity,
                            "compareQuantity": current,
                        },
                    )
                )
        if not quantities:
            return issues
        answer = client.execute(
            "inventorySetQuantities",
            INVENTORY_SET,
            {
                "input": {
                    "name": "on_hand",
                    "reason": "correction",
                    "referenceDocumentUri": f"kobo://odoo/kobo.listing/{listing.id}",
                    "quantities": [entry for __, entry in quantities],
                }
            },
        )
        for error in (answer or {}).get("userErrors") or []:
            path = [str(step) for step in error.get("field") or []]
            index = (
                int(path[2])
                if len(path) > 2 and path[2].isdigit() and int(path[2]) < len(quantities)
                else None
            )
            variant = quantities[index][0] if index is not None else None
            label = variant["label"] if variant else self.env._("the product")
            if error.get("code") == STALE:
                message = self.env._(
                    "The stock of %(variant)s changed in the shop while Odoo's quantity was being sent "
                    "(a sale?); nothing was overwritten. Publish again to set Odoo's quantity.",
                    variant=label,
                )
            else:
                message = self.env._(
                    "Shopify refused the stock of %(variant)s: %(message)s",
                    variant=label,
                    message=short_text(error.get("message")),
                )
            issue = {"field": "quantity", "message": message}
            if variant:
                issue["product_id"] = variant["product_id"]
            issues.append(issue)
        return issues

    @api.model
    def _kobo_shopify_errors(self, answer, what):
        """The userErrors of one call as listing issues, in words."""
        return [
            {
                "message": self.env._(
                    "Shopify refused %(what)s: %(message)s",
                    what=what,
                    message=short_text(error.get("message")),
                )
            }
            for error in (answer or {}).get("userErrors") or []
        ]
