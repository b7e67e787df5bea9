"""The GraphQL side of the fake Shopify (see ``shopify.py``): the input types and operations it
understands, how it checks variables (as GraphQL input coercion does), and what each operation
does to the shop's state. Shapes and messages follow the Admin GraphQL reference of the version
the connector pins; docs/syndication-shopify.md says where this differs from the real API.
"""

import hashlib
import json
import re

MAX_OPTIONS = 3
MAX_VARIANTS = 2048
MAX_TITLE = 255
MAX_TAGS = 250
TRANSLATABLE_KEYS = ("title", "body_html", "handle", "product_type", "meta_title", "meta_description")
HANDLE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
OPERATION = re.compile(r"^\s*(?:(query|mutation)\b[^{(]*(\([^)]*\))?\s*)?\{\s*(\w+)\s*(\(([^)]*)\))?", re.S)
ARGUMENT = re.compile(r"(\w+)\s*:\s*\$(\w+)")

# Input types: {field: type}; a type is a scalar name, an enum name, an input type name or
# [type] for a list. Required fields in REQUIRED.
INPUTS = {
    "ProductSetInput": {
        "title": "String",
        "descriptionHtml": "String",
        "handle": "String",
        "vendor": "String",
        "productType": "String",
        "status": "ProductStatus",
        "tags": ["String"],
        "productOptions": ["OptionSetInput"],
        "variants": ["ProductVariantSetInput"],
        "files": ["FileSetInput"],
        "metafields": ["MetafieldInput"],
        "seo": "SEOInput",
    },
    "ProductSetIdentifiers": {"id": "ID", "handle": "String"},
    "ProductUpdateIdentifiers": {"id": "ID", "handle": "String"},
    "ProductUpdateInput": {"status": "ProductStatus", "title": "String", "handle": "String"},
    "OptionSetInput": {"name": "String", "position": "Int", "values": ["OptionValueSetInput"]},
    "OptionValueSetInput": {"name": "String"},
    "ProductVariantSetInput": {
        "optionValues": ["VariantOptionValueInput"],
        "sku": "String",
        "barcode": "String",
        "price": "Money",
        "compareAtPrice": "Money",
        "inventoryPolicy": "ProductVariantInventoryPolicy",
        "file": "FileSetInput",
        "position": "Int",
        "taxable": "Boolean",
    },
    "VariantOptionValueInput": {"optionName": "String", "name": "String"},
    "FileSetInput": {"originalSource": "String", "alt": "String", "contentType": "FileContentType"},
    "MetafieldInput": {"namespace": "String", "key": "String", "type": "String", "value": "String"},
    "SEOInput": {"title": "String", "description": "String"},
    "TranslationInput": {
        "key": "String",
        "locale": "String",
        "value": "String",
        "translatableContentDigest": "String",
    },
}
REQUIRED = {
    "ProductVariantSetInput": ("optionValues",),
    "TranslationInput": ("key", "locale", "value", "translatableContentDigest"),
}
ENUMS = {
    "ProductStatus": ("ACTIVE", "ARCHIVED", "DRAFT"),
    "ProductVariantInventoryPolicy": ("DENY", "CONTINUE"),
    "FileContentType": ("IMAGE", "FILE", "VIDEO", "EXTERNAL_VIDEO", "MODEL_3D"),
}
#: operation: (root type, {argument: (input type or list, required)})
OPERATIONS = {
    "productSet": (
        "mutation",
        {
            "input": ("ProductSetInput", True),
            "identifier": ("ProductSetIdentifiers", False),
            "synchronous": ("Boolean", False),
        },
    ),
    "productUpdate": (
        "mutation",
        {"product": ("ProductUpdateInput", True), "identifier": ("ProductUpdateIdentifiers", True)},
    ),
    "translationsRegister": (
        "mutation",
        {"resourceId": ("ID", True), "translations": (["TranslationInput"], True)},
    ),
    "translatableResource": ("query", {"resourceId": ("ID", True)}),
    "translatableResourcesByIds": ("query", {"resourceIds": (["ID"], True), "first": ("Int", False)}),
    "shopLocales": ("query", {"published": ("Boolean", False)}),
    "shop": ("query", {}),
}


def digest(value):
    """Shopify's ``translatableContentDigest``: the SHA-256 of the original text."""
    return hashlib.sha256((value or "").encode()).hexdigest()


def gtin_valid(code):
    """A GTIN-8/12/13/14 with its check digit."""
    if not code.isdigit() or len(code) not in (8, 12, 13, 14):
        return False
    digits = [int(char) for char in code]
    total = sum(digit * (3 if index % 2 == 0 else 1) for index, digit in enumerate(reversed(digits[:-1])))
    return (10 - total % 10) % 10 == digits[-1]


class GraphqlError(Exception):
    """A top-level GraphQL error (HTTP 200, ``errors``, no ``data``)."""

    def __init__(self, message, code):
        super().__init__(message)
        self.message = message
        self.code = code


def check_value(value, type_, path):  # noqa: PLR0912 - one branch per GraphQL type
    """Raise ``GraphqlError`` when ``value`` does not fit ``type_`` (GraphQL input coercion)."""
    where = ".".join(str(step) for step in path)
    if value is None:
        return
    if isinstance(type_, list):
        if not isinstance(value, list):
            raise GraphqlError(
                f"Variable {where}: expected a list, got {json.dumps(value)[:40]}", "INVALID_VARIABLE"
            )
        for index, item in enumerate(value):
            check_value(item, type_[0], [*path, index])
        return
    if type_ in ("String", "ID"):
        ok = isinstance(value, str)
    elif type_ == "Int":
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif type_ == "Boolean":
        ok = isinstance(value, bool)
    elif type_ == "Money":
        ok = isinstance(value, str | int | float) and re.fullmatch(r"-?\d+(\.\d+)?", str(value)) is not None
    elif type_ in ENUMS:
        ok = value in ENUMS[type_]
        if not ok:
            raise GraphqlError(
                f"Variable {where}: expected one of {', '.join(ENUMS[type_])}, got {json.dumps(value)}",
                "INVALID_VARIABLE",
            )
    else:
        fields = INPUTS[type_]
        if not isinstance(value, dict):
            raise GraphqlError(f"Variable {where}: expected an object of type {type_}", "INVALID_VARIABLE")
        for key, item in value.items():
            if key not in fields:
                raise GraphqlError(
                    f"Variable {where}.{key}: field is not defined on {type_}", "INVALID_VARIABLE"
                )
            check_value(item, fields[key], [*path, key])
        for key in REQUIRED.get(type_, ()):
            if value.get(key) is None:
                raise GraphqlError(
                    f"Variable {where}.{key}: expected a value (it is required)", "INVALID_VARIABLE"
                )
        return
    if not ok:
        raise GraphqlError(
            f"Variable {where}: {json.dumps(value)[:40]} is not a valid {type_}", "INVALID_VARIABLE"
        )


def parse_operation(query, variables):
    """``(operation name, arguments)`` of a request, or ``GraphqlError``."""
    match = OPERATION.match(query or "")
    if not match:
        raise GraphqlError("syntax error, unexpected end of file or invalid token", "syntaxError")
    kind, field, arguments_text = match.group(1) or "query", match.group(3), match.group(5) or ""
    root = "Mutation" if kind == "mutation" else "QueryRoot"
    if field not in OPERATIONS or OPERATIONS[field][0] != kind:
        raise GraphqlError(f"Field '{field}' doesn't exist on type '{root}'", "undefinedField")
    if not isinstance(variables, dict):
        raise GraphqlError("Variables must be an object", "INVALID_VARIABLE")
    declared = OPERATIONS[field][1]
    arguments = {}
    for name, variable in ARGUMENT.findall(arguments_text):
        if name not in declared:
            raise GraphqlError(f"Field '{field}' doesn't accept argument '{name}'", "argumentNotAccepted")
        arguments[name] = variables.get(variable)
    for name, (type_, required) in declared.items():
        if required and arguments.get(name) is None:
            raise GraphqlError(
                f"Field '{field}' is missing required argument '{name}' (or its variable has no value)",
                "missingRequiredArguments",
            )
        check_value(arguments.get(name), type_, ["$" + name])
    return field, arguments


# Operations: each returns the ``data`` field's value.


def user_error(field, message, code):
    return {"field": field, "message": message, "code": code}


def product_set(state, arguments):
    data = arguments["input"]
    identifier = arguments.get("identifier") or {}
    existing = None
    if identifier.get("id"):
        existing = state.products.get(identifier["id"])
        if not existing:
            return {
                "product": None,
                "userErrors": [
                    user_error(["identifier", "id"], "Product does not exist", "PRODUCT_DOES_NOT_EXIST")
                ],
            }
    elif identifier.get("handle"):
        existing = state.product_by_handle(identifier["handle"])
    errors = product_set_errors(state, data, existing)
    if errors:
        return {"product": None, "userErrors": errors}
    product = existing or {
        "id": state.new_id("Product"),
        "handle": None,
        "status": "ACTIVE",
        "variants": [],
        "metafields": [],
        "media": [],
    }
    from . import shopify_ownership as lists  # it extends this module: imported when used

    for key in ("title", "descriptionHtml", "vendor", "productType", "status", "tags", "seo"):
        if key in data:
            product[key] = data[key]
    # list fields given are replaced: what is not included is deleted (see shopify_ownership.py)
    if "metafields" in data:
        lists.set_metafields(product, data["metafields"] or [])
    if "files" in data:
        lists.set_files(state, product, data["files"] or [])
    if "productOptions" in data:
        product["options"] = [
            {"name": option["name"], "values": [value["name"] for value in option.get("values") or []]}
            for option in data["productOptions"]
        ]
        lists.set_variants(state, product, data["variants"] or [])
        set_option_values(state, product)
    handle = data.get("handle") or identifier.get("handle") or product["handle"]
    if not handle:
        handle = re.sub(r"[^a-z0-9]+", "-", product["title"].lower()).strip("-") or "product"
    if state.handles.get(handle, product["id"]) != product["id"]:
        handle = f"{handle}-{len(state.handles) + 1}"  # Shopify makes a taken handle unique
    state.handles.pop(product["handle"], None)
    product["handle"] = handle
    state.handles[handle] = product["id"]
    state.products[product["id"]] = product
    return {"product": lists.product_answer(state, product), "userErrors": []}


def set_option_values(state, product):
    """Give each of the product's option values an id (kept while the value is kept)."""
    known = {
        (entry["option"], entry["name"]): gid
        for gid, entry in state.option_values.items()
        if entry["product"] == product["id"]
    }
    wanted = {(option["name"], name) for option in product.get("options") or [] for name in option["values"]}
    for key, gid in known.items():
        if key not in wanted:
            del state.option_values[gid]
    for option, name in sorted(wanted - set(known)):
        gid = state.new_id("ProductOptionValue")
        state.option_values[gid] = {"product": product["id"], "option": option, "name": name}


def option_value_ids(state, product):
    return {
        (entry["option"], entry["name"]): gid
        for gid, entry in state.option_values.items()
        if entry["product"] == product["id"]
    }


def product_set_errors(state, data, existing):  # noqa: PLR0912 - Shopify's checks, in order
    errors = []
    title = data.get("title", (existing or {}).get("title"))
    if not title or not title.strip():
        errors.append(user_error(["input", "title"], "Title can't be blank", "BLANK"))
    elif len(title) > MAX_TITLE:
        errors.append(
            user_error(["input", "title"], "Title is too long (maximum is 255 characters)", "INVALID")
        )
    if data.get("handle") and not HANDLE.match(data["handle"]):
        errors.append(user_error(["input", "handle"], "Handle is invalid", "INVALID"))
    if len(data.get("tags") or []) > MAX_TAGS:
        errors.append(user_error(["input", "tags"], "Exceeded the maximum number of tags (250)", "INVALID"))
    if ("productOptions" in data) != ("variants" in data):
        errors.append(
            user_error(["input"], "productOptions and variants must be provided together", "INVALID_INPUT")
        )
        return errors
    options = data.get("productOptions")
    if options is None:
        return errors
    if len(options) > MAX_OPTIONS:
        errors.append(
            user_error(
                ["input", "productOptions"], "Can only specify a maximum of 3 options", "OPTIONS_OVER_LIMIT"
            )
        )
    variants = data.get("variants") or []
    if len(variants) > MAX_VARIANTS:
        errors.append(
            user_error(
                ["input", "variants"], "Exceeded the maximum number of variants (2048)", "VARIANTS_OVER_LIMIT"
            )
        )
    if errors:
        return errors
    allowed = {
        option.get("name"): {value.get("name") for value in option.get("values") or []} for option in options
    }
    seen_skus, seen_combinations = {}, set()
    for index, variant in enumerate(variants):
        path = ["input", "variants", str(index)]
        values = {value.get("optionName"): value.get("name") for value in variant["optionValues"]}
        if set(values) != set(allowed) or any(values[name] not in allowed[name] for name in values):
            errors.append(
                user_error(
                    [*path, "optionValues"],
                    "Option values do not match the product's options",
                    "OPTION_VALUE_DOES_NOT_EXIST",
                )
            )
        combination = tuple(sorted(values.items()))
        if combination in seen_combinations:
            label = " / ".join(value for __, value in combination)
            errors.append(
                user_error(path, f"The variant '{label}' already exists.", "VARIANT_ALREADY_EXISTS")
            )
        seen_combinations.add(combination)
        sku = variant.get("sku")
        if sku:
            if sku in seen_skus:
                errors.append(
                    user_error(
                        [*path, "sku"],
                        f"SKU {sku} is already used by another variant of this product",
                        "DUPLICATE_SKU",
                    )
                )
            seen_skus[sku] = index
        barcode = variant.get("barcode")
        if barcode and (
            len(barcode) > 255 or (barcode.isdigit() and not gtin_valid(barcode)) or not barcode.isalnum()
        ):
            errors.append(user_error([*path, "barcode"], f"Barcode {barcode} is invalid", "INVALID_BARCODE"))
        if variant.get("price") is not None and float(variant["price"]) < 0:
            errors.append(
                user_error([*path, "price"], "Price must be greater than or equal to 0", "INVALID_VARIANT")
            )
    for index, file in enumerate(data.get("files") or []):
        if not file.get("id") and not re.match(r"^https?://", file.get("originalSource") or ""):
            errors.append(
                user_error(
                    ["input", "files", str(index), "originalSource"], "Image URL is invalid", "INVALID_INPUT"
                )
            )
    for index, metafield in enumerate(data.get("metafields") or []):
        if not all(metafield.get(key) for key in ("namespace", "key", "type", "value")):
            errors.append(
                user_error(
                    ["input", "metafields", str(index)],
                    "Metafield namespace, key, type and value are required",
                    "INVALID_METAFIELD",
                )
            )
        elif metafield["type"] == "single_line_text_field" and "\n" in metafield["value"]:
            errors.append(
                user_error(
                    ["input", "metafields", str(index), "value"],
                    "Value must be a single line text string.",
                    "INVALID_METAFIELD",
                )
            )
    return errors


def product_content(product):
    seo = product.get("seo") or {}
    return {
        "title": product.get("title"),
        "body_html": product.get("descriptionHtml"),
        "handle": product.get("handle"),
        "product_type": product.get("productType"),
        "meta_title": seo.get("title"),
        "meta_description": seo.get("description"),
    }


def resource_content(state, resource_id):
    """``{key: text}`` of a translatable resource (a product or a product option value), or None."""
    product = state.products.get(resource_id)
    if product:
        return product_content(product)
    value = state.option_values.get(resource_id)
    return {"name": value["name"]} if value else None


def translatable_resource(state, arguments):
    content = resource_content(state, arguments["resourceId"])
    if content is None:
        return None
    return {
        "resourceId": arguments["resourceId"],
        "translatableContent": [
            {"key": key, "value": value, "digest": digest(value), "locale": state.primary_locale}
            for key, value in content.items()
            if value
        ],
    }


def translatable_resources_by_ids(state, arguments):
    nodes = [translatable_resource(state, {"resourceId": gid}) for gid in arguments["resourceIds"]]
    nodes = [node for node in nodes if node][: arguments.get("first") or 250]
    return {"nodes": nodes}


def translations_register(state, arguments):
    content = resource_content(state, arguments["resourceId"])
    if content is None:
        return {
            "translations": None,
            "userErrors": [user_error(["resourceId"], "Resource does not exist", "RESOURCE_NOT_FOUND")],
        }
    translatable = TRANSLATABLE_KEYS if arguments["resourceId"] in state.products else ("name",)
    errors = []
    for index, translation in enumerate(arguments["translations"]):
        path = ["translations", str(index)]
        if translation["locale"] not in state.locales or translation["locale"] == state.primary_locale:
            errors.append(
                user_error(
                    [*path, "locale"],
                    f"Locale {translation['locale']} is not enabled on the shop",
                    "INVALID_LOCALE_FOR_SHOP",
                )
            )
        elif translation["key"] not in translatable or not content.get(translation["key"]):
            errors.append(
                user_error(
                    [*path, "key"],
                    f"Key {translation['key']} is not a translatable field",
                    "INVALID_KEY_FOR_MODEL",
                )
            )
        elif translation["translatableContentDigest"] != digest(content[translation["key"]]):
            errors.append(
                user_error(
                    [*path, "translatableContentDigest"],
                    "Translatable content hash is invalid",
                    "INVALID_TRANSLATABLE_CONTENT",
                )
            )
        elif not translation["value"].strip():
            errors.append(user_error([*path, "value"], "Value can't be blank", "BLANK"))
    if errors:
        return {"translations": None, "userErrors": errors}
    for translation in arguments["translations"]:
        key = (arguments["resourceId"], translation["locale"], translation["key"])
        state.translations[key] = translation["value"]
    return {
        "translations": [
            {"key": translation["key"], "locale": translation["locale"], "value": translation["value"]}
            for translation in arguments["translations"]
        ],
        "userErrors": [],
    }


def shop_locales(state, arguments):
    return [
        {"locale": locale, "primary": locale == state.primary_locale, "published": True}
        for locale in state.locales
    ]


def shop(state, arguments):
    return {"name": "Kōbō demo shop", "myshopifyDomain": "kobo-demo.myshopify.com"}


HANDLERS = {
    "productSet": product_set,
    "translatableResource": translatable_resource,
    "translatableResourcesByIds": translatable_resources_by_ids,
    "translationsRegister": translations_register,
    "shopLocales": shop_locales,
    "shop": shop,
}
