"""What the fake Shopify does with the lists of a product, as the Admin GraphQL reference states
it, and the operations that change one entry without replacing a list (see ``shopify.py``).

``productSet`` replaces every list field it is given: "all included entries are either created
or updated, and all existing entries not included will be deleted" (metafields, files, variants,
options); a field left out is not updated. ``metafieldsSet`` sets the metafields it names and
leaves the others; ``productUpdate(media:)`` adds media; ``fileDelete`` deletes files;
``productVariantAppendMedia`` attaches a product's media to variants; ``inventoryActivate``
stocks an item at a location; ``inventorySetQuantities`` sets ``available`` or ``on_hand`` with
compare-and-set (``compareQuantity`` must equal the stored quantity unless
``ignoreCompareQuantity``); ``location`` without an id is the shop's primary location.
"""

from .shopify_graphql import ENUMS, HANDLERS, INPUTS, OPERATIONS, REQUIRED, option_value_ids, user_error

PRIMARY_LOCATION = "gid://shopify/Location/1"
INVENTORY_NAMES = ("available", "on_hand")

ENUMS["MediaContentType"] = ("IMAGE", "VIDEO", "EXTERNAL_VIDEO", "MODEL_3D")
INPUTS["ProductSetInput"]["collections"] = ["ID"]
INPUTS["ProductVariantSetInput"].update(id="ID", inventoryItem="InventoryItemInput")
INPUTS["FileSetInput"]["id"] = "ID"
INPUTS["ProductUpdateInput"]["id"] = "ID"
INPUTS.update(
    {
        "InventoryItemInput": {"tracked": "Boolean", "sku": "String"},
        "MetafieldsSetInput": {
            "ownerId": "ID",
            "namespace": "String",
            "key": "String",
            "type": "String",
            "value": "String",
            "compareDigest": "String",
        },
        "MetafieldIdentifierInput": {"ownerId": "ID", "namespace": "String", "key": "String"},
        "CreateMediaInput": {
            "originalSource": "String",
            "alt": "String",
            "mediaContentType": "MediaContentType",
        },
        "ProductVariantAppendMediaInput": {"variantId": "ID", "mediaIds": ["ID"]},
        "InventorySetQuantitiesInput": {
            "name": "String",
            "reason": "String",
            "referenceDocumentUri": "String",
            "ignoreCompareQuantity": "Boolean",
            "quantities": ["InventoryQuantityInput"],
        },
        "InventoryQuantityInput": {
            "inventoryItemId": "ID",
            "locationId": "ID",
            "quantity": "Int",
            "compareQuantity": "Int",
        },
    }
)
REQUIRED.update(
    {
        "MetafieldsSetInput": ("ownerId", "key", "value"),
        "MetafieldIdentifierInput": ("ownerId", "namespace", "key"),
        "CreateMediaInput": ("originalSource", "mediaContentType"),
        "ProductVariantAppendMediaInput": ("variantId", "mediaIds"),
        "InventorySetQuantitiesInput": ("name", "reason", "quantities"),
        "InventoryQuantityInput": ("inventoryItemId", "locationId", "quantity"),
    }
)
OPERATIONS["productUpdate"] = (
    "mutation",
    {
        "product": ("ProductUpdateInput", False),
        "identifier": ("ProductUpdateIdentifiers", False),
        "media": (["CreateMediaInput"], False),
    },
)
OPERATIONS.update(
    {
        "metafieldsSet": ("mutation", {"metafields": (["MetafieldsSetInput"], True)}),
        "metafieldsDelete": ("mutation", {"metafields": (["MetafieldIdentifierInput"], True)}),
        "fileDelete": ("mutation", {"fileIds": (["ID"], True)}),
        "productVariantAppendMedia": (
            "mutation",
            {"productId": ("ID", True), "variantMedia": (["ProductVariantAppendMediaInput"], True)},
        ),
        "inventoryActivate": (
            "mutation",
            {
                "inventoryItemId": ("ID", True),
                "locationId": ("ID", True),
                "available": ("Int", False),
                "onHand": ("Int", False),
            },
        ),
        "inventorySetQuantities": ("mutation", {"input": ("InventorySetQuantitiesInput", True)}),
        "location": ("query", {"id": ("ID", False)}),
        "product": ("query", {"id": ("ID", True)}),
    }
)


# productSet's lists


def set_metafields(product, metafields):
    """productSet ``metafields``: the given ones created or updated, every other one deleted."""
    product["metafields"] = [dict(metafield) for metafield in metafields]


def set_files(state, product, files):
    """productSet ``files``: a file by ``id`` is kept, one by ``originalSource`` is created, every
    media of the product not in the list is deleted."""
    kept = {media["id"]: media for media in product.get("media") or []}
    media_list = []
    for file in files:
        if file.get("id") and file["id"] in kept:
            media_list.append({**kept[file["id"]], **({"alt": file["alt"]} if "alt" in file else {})})
        else:
            media_list.append(new_media(state, file.get("originalSource"), file.get("alt")))
    product["media"] = media_list
    forget_deleted_media(state, product)


def new_media(state, source, alt, app="kobo"):
    media = {"id": state.new_id("MediaImage"), "originalSource": source, "alt": alt or "", "app": app}
    state.files[media["id"]] = media
    return media


def forget_deleted_media(state, product):
    ids = {media["id"] for media in product.get("media") or []}
    for variant in product.get("variants") or []:
        variant["mediaIds"] = [media_id for media_id in variant.get("mediaIds") or [] if media_id in ids]


def set_variants(state, product, variants):
    """productSet ``variants``: matched by id, else SKU, else option values; the others deleted
    (with their inventory)."""
    old = product.get("variants") or []
    by_id = {variant["id"]: variant for variant in old}
    by_sku = {variant["sku"]: variant for variant in old if variant.get("sku")}
    by_options = {option_key(variant): variant for variant in old}
    new = []
    for variant in variants:
        previous = (
            by_id.get(variant.get("id"))
            or by_sku.get(variant.get("sku"))
            or by_options.get(option_key(variant))
        )
        merged = {**(previous or {}), **{key: value for key, value in variant.items() if key != "file"}}
        merged.setdefault("id", state.new_id("ProductVariant"))
        merged.setdefault("inventoryItemId", state.new_id("InventoryItem"))
        merged.setdefault("mediaIds", [])
        merged["tracked"] = bool((variant.get("inventoryItem") or {}).get("tracked", merged.get("tracked")))
        if variant.get("file"):
            media = file_media(product, variant["file"])
            merged["mediaIds"] = [media["id"]] if media else merged["mediaIds"]
        new.append(merged)
    kept_items = {variant["inventoryItemId"] for variant in new}
    for variant in old:
        if variant["inventoryItemId"] not in kept_items:
            for key in [key for key in state.inventory if key[0] == variant["inventoryItemId"]]:
                del state.inventory[key]
    product["variants"] = new


def option_key(variant):
    return tuple(
        sorted((value.get("optionName"), value.get("name")) for value in variant.get("optionValues") or [])
    )


def file_media(product, file):
    for media in product.get("media") or []:
        if (file.get("id") and media["id"] == file["id"]) or (
            file.get("originalSource") and media["originalSource"] == file["originalSource"]
        ):
            return media
    return None


def product_answer(state, product):
    """productSet's product as the connector selects it: variants with media and inventory."""
    location = state.last_variables.get("locationId")
    nodes = []
    for variant in product["variants"]:
        level = state.inventory.get((variant["inventoryItemId"], location))
        nodes.append(
            {
                "id": variant["id"],
                "sku": variant.get("sku"),
                "media": {"nodes": [{"id": media_id} for media_id in variant.get("mediaIds") or []]},
                "inventoryItem": {
                    "id": variant["inventoryItemId"],
                    "tracked": variant.get("tracked", False),
                    "inventoryLevel": {
                        "quantities": [{"name": name, "quantity": level[name]} for name in INVENTORY_NAMES]
                    }
                    if level
                    else None,
                },
            }
        )
    return {
        "id": product["id"],
        "handle": product["handle"],
        "status": product["status"],
        "options": product_options(state, product),
        "variants": {"nodes": nodes},
    }


def product_options(state, product, locale=None):
    """The product's options with their values' ids (and, for ``locale``, their translations)."""
    ids = option_value_ids(state, product)
    return [
        {
            "id": f"gid://shopify/ProductOption/{product['id'].rsplit('/', 1)[-1]}{position}",
            "name": option["name"],
            "optionValues": [
                {
                    "id": ids.get((option["name"], name)),
                    "name": name,
                    **(
                        {
                            "translations": [
                                {"key": "name", "value": value, "locale": locale}
                                for (gid, translated_locale, key), value in state.translations.items()
                                if gid == ids.get((option["name"], name))
                                and translated_locale == locale
                                and key == "name"
                            ]
                        }
                        if locale
                        else {}
                    ),
                }
                for name in option["values"]
            ],
        }
        for position, option in enumerate(product.get("options") or [], start=1)
    ]


# Operations that change one entry


def metafields_set(state, arguments):
    entries = arguments["metafields"]
    errors = []
    if len(entries) > 25:
        errors.append(
            user_error(
                ["metafields"], "Exceeded the maximum metafields input limit of 25.", "LESS_THAN_OR_EQUAL_TO"
            )
        )
    for index, entry in enumerate(entries):
        if entry["ownerId"] not in state.products:
            errors.append(
                user_error(["metafields", str(index), "ownerId"], "Owner does not exist.", "INVALID")
            )
        elif entry.get("type") == "single_line_text_field" and "\n" in entry["value"]:
            errors.append(
                user_error(
                    ["metafields", str(index), "value"],
                    "Value must be a single line text string.",
                    "INVALID_VALUE",
                )
            )
    if errors:  # atomic: nothing is set
        return {"metafields": None, "userErrors": errors}
    for entry in entries:
        product = state.products[entry["ownerId"]]
        fields = product.setdefault("metafields", [])
        namespace = entry.get("namespace") or "app--kobo"
        found = next((f for f in fields if (f["namespace"], f["key"]) == (namespace, entry["key"])), None)
        values = {"namespace": namespace, "key": entry["key"], "value": entry["value"]}
        values["type"] = entry.get("type") or (found or {}).get("type") or "single_line_text_field"
        if found:
            found.update(values)
        else:
            fields.append(values)
    return {
        "metafields": [{"key": entry["key"], "namespace": entry.get("namespace")} for entry in entries],
        "userErrors": [],
    }


def metafields_delete(state, arguments):
    deleted = []
    for entry in arguments["metafields"]:
        product = state.products.get(entry["ownerId"]) or {}
        fields = product.get("metafields") or []
        keep = [f for f in fields if (f["namespace"], f["key"]) != (entry["namespace"], entry["key"])]
        deleted.append(
            {"key": entry["key"], "namespace": entry["namespace"]} if len(keep) < len(fields) else None
        )
        if product:
            product["metafields"] = keep
    return {"deletedMetafields": deleted, "userErrors": []}


def product_update(state, arguments):
    identifier = arguments.get("identifier") or {}
    update = dict(arguments.get("product") or {})
    gid = identifier.get("id") or update.pop("id", None) or state.handles.get(identifier.get("handle"))
    product = state.products.get(gid)
    if not product:
        return {
            "product": None,
            "userErrors": [user_error(["identifier"], "Product does not exist", "PRODUCT_DOES_NOT_EXIST")],
        }
    product.update({key: value for key, value in update.items() if value is not None})
    for media in arguments.get("media") or []:
        product.setdefault("media", []).append(new_media(state, media["originalSource"], media.get("alt")))
    count = state.last_variables.get("mediaCount") or 0
    return {
        "product": {
            "id": product["id"],
            "handle": product["handle"],
            "status": product["status"],
            "media": {
                "nodes": [{"id": media["id"]} for media in (product.get("media") or [])[-count:]]
                if count
                else []
            },
        },
        "userErrors": [],
    }


def file_delete(state, arguments):
    deleted = []
    for file_id in arguments["fileIds"]:
        if state.files.pop(file_id, None):
            deleted.append(file_id)
    for product in state.products.values():
        product["media"] = [media for media in product.get("media") or [] if media["id"] not in deleted]
        forget_deleted_media(state, product)
    missing = [file_id for file_id in arguments["fileIds"] if file_id not in deleted]
    if missing:
        return {
            "deletedFileIds": None,
            "userErrors": [user_error(["fileIds"], "File id does not exist.", "FILE_DOES_NOT_EXIST")],
        }
    return {"deletedFileIds": deleted, "userErrors": []}


def product_variant_append_media(state, arguments):
    product = state.products.get(arguments["productId"])
    if not product:
        return {
            "product": None,
            "productVariants": None,
            "userErrors": [user_error(["productId"], "Product does not exist", "PRODUCT_DOES_NOT_EXIST")],
        }
    media_ids = {media["id"] for media in product.get("media") or []}
    variants = {variant["id"]: variant for variant in product["variants"]}
    errors = []
    for index, entry in enumerate(arguments["variantMedia"]):
        variant = variants.get(entry["variantId"])
        if not variant:
            errors.append(
                user_error(
                    ["variantMedia", str(index), "variantId"],
                    "Variant does not exist",
                    "PRODUCT_VARIANT_DOES_NOT_EXIST_ON_PRODUCT",
                )
            )
        elif not set(entry["mediaIds"]) <= media_ids:
            errors.append(
                user_error(
                    ["variantMedia", str(index), "mediaIds"],
                    "Media does not exist",
                    "MEDIA_DOES_NOT_EXIST_ON_PRODUCT",
                )
            )
        elif variant["mediaIds"]:
            errors.append(
                user_error(
                    ["variantMedia", str(index), "variantId"],
                    "Only one media can be attached to a variant",
                    "PRODUCT_VARIANT_ALREADY_HAS_MEDIA",
                )
            )
    if errors:
        return {"product": None, "productVariants": None, "userErrors": errors}
    for entry in arguments["variantMedia"]:
        variants[entry["variantId"]]["mediaIds"] = list(entry["mediaIds"])
    return {
        "product": {"id": product["id"]},
        "productVariants": [{"id": e["variantId"]} for e in arguments["variantMedia"]],
        "userErrors": [],
    }


def inventory_items(state):
    return {
        variant["inventoryItemId"]: variant
        for product in state.products.values()
        for variant in product["variants"]
    }


def inventory_activate(state, arguments):
    item, location = arguments["inventoryItemId"], arguments["locationId"]
    if item not in inventory_items(state) or location not in state.locations:
        return {
            "inventoryLevel": None,
            "userErrors": [
                user_error(["inventoryItemId"], "Inventory item or location not found", "NOT_FOUND")
            ],
        }
    on_hand = (
        arguments.get("onHand") if arguments.get("onHand") is not None else arguments.get("available") or 0
    )
    state.inventory.setdefault((item, location), {"available": on_hand, "on_hand": on_hand})
    return {
        "inventoryLevel": {"id": f"gid://shopify/InventoryLevel/{item.rsplit('/', 1)[-1]}"},
        "userErrors": [],
    }


def inventory_set_quantities(state, arguments):
    data = arguments["input"]
    items = inventory_items(state)
    errors = []
    if data["name"] not in INVENTORY_NAMES:
        errors.append(
            user_error(
                ["input", "name"],
                "The quantity name must be either 'available' or 'on_hand'.",
                "INVALID_NAME",
            )
        )
    for index, entry in enumerate(data["quantities"]):
        path = ["input", "quantities", str(index)]
        level = state.inventory.get((entry["inventoryItemId"], entry["locationId"]))
        if entry["inventoryItemId"] not in items:
            errors.append(
                user_error(
                    [*path, "inventoryItemId"],
                    "The specified inventory item could not be found.",
                    "INVALID_INVENTORY_ITEM",
                )
            )
        elif entry["locationId"] not in state.locations:
            errors.append(
                user_error(
                    [*path, "locationId"], "The specified location could not be found.", "INVALID_LOCATION"
                )
            )
        elif not level:
            errors.append(
                user_error(
                    [*path, "locationId"],
                    "The specified inventory item is not stocked at the location.",
                    "ITEM_NOT_STOCKED_AT_LOCATION",
                )
            )
        elif not items[entry["inventoryItemId"]].get("tracked"):
            errors.append(
                user_error(
                    [*path, "inventoryItemId"],
                    "The inventory item is not tracked.",
                    "NON_MUTABLE_INVENTORY_ITEM",
                )
            )
        elif not data.get("ignoreCompareQuantity"):
            if entry.get("compareQuantity") is None:
                errors.append(
                    user_error(
                        [*path, "compareQuantity"],
                        "The compareQuantity argument must be given to each quantity or ignored using "
                        "ignoreCompareQuantity.",
                        "COMPARE_QUANTITY_REQUIRED",
                    )
                )
            elif data["name"] in INVENTORY_NAMES and level[data["name"]] != entry["compareQuantity"]:
                errors.append(
                    user_error(
                        [*path, "compareQuantity"],
                        "The compareQuantity value does not match persisted value.",
                        "COMPARE_QUANTITY_STALE",
                    )
                )
    if errors:  # nothing is changed
        return {"inventoryAdjustmentGroup": None, "userErrors": errors}
    changes = []
    for entry in data["quantities"]:
        level = state.inventory[(entry["inventoryItemId"], entry["locationId"])]
        delta = entry["quantity"] - level[data["name"]]
        level["available"] += delta
        level["on_hand"] += delta
        changes.append({"name": data["name"], "delta": delta, "quantityAfterChange": entry["quantity"]})
    state.adjustments.append(
        {
            "reason": data["reason"],
            "referenceDocumentUri": data.get("referenceDocumentUri"),
            "changes": changes,
        }
    )
    return {"inventoryAdjustmentGroup": {"reason": data["reason"], "changes": changes}, "userErrors": []}


def location(state, arguments):
    gid = arguments.get("id") or PRIMARY_LOCATION
    name = state.locations.get(gid)
    return {"id": gid, "name": name} if name else None


def product(state, arguments):
    """The product as a shopper's storefront or an app reads it back: its texts, its
    translations in the request's ``$locale`` (``translations(locale: $locale)``), and each
    variant's identifiers, prices, selected options and inventory quantity (the ``available``
    quantity summed over the locations, 0 when not tracked)."""
    found = state.products.get(arguments["id"])
    if not found:
        return None
    locale = state.last_variables.get("locale")
    translations = [
        {"key": key, "value": value, "locale": locale}
        for (gid, translated_locale, key), value in sorted(state.translations.items())
        if gid == found["id"] and translated_locale == locale
    ]
    nodes = []
    for variant in found["variants"]:
        item_id = variant["inventoryItemId"]
        levels = [level for (item, __), level in state.inventory.items() if item == item_id]
        tracked = variant.get("tracked", False)
        nodes.append(
            {
                "id": variant["id"],
                "sku": variant.get("sku") or "",
                "barcode": variant.get("barcode"),
                "price": variant.get("price"),
                "compareAtPrice": variant.get("compareAtPrice"),
                "selectedOptions": [
                    {"name": value["optionName"], "value": value["name"]}
                    for value in variant.get("optionValues") or []
                ],
                "inventoryQuantity": sum(level["available"] for level in levels) if tracked else 0,
                "inventoryItem": {"id": variant["inventoryItemId"], "tracked": tracked},
            }
        )
    return {
        "id": found["id"],
        "handle": found["handle"],
        "status": found["status"],
        "title": found.get("title"),
        "descriptionHtml": found.get("descriptionHtml") or "",
        "translations": translations,
        "options": product_options(state, found, locale),
        "variants": {"nodes": nodes},
    }


HANDLERS.update(
    {
        "product": product,
        "productUpdate": product_update,
        "metafieldsSet": metafields_set,
        "metafieldsDelete": metafields_delete,
        "fileDelete": file_delete,
        "productVariantAppendMedia": product_variant_append_media,
        "inventoryActivate": inventory_activate,
        "inventorySetQuantities": inventory_set_quantities,
        "location": location,
    }
)
