"""What the fake SP-API (``amazon.py``) checks in a listing's attributes, as Amazon reports it in a
submission: attributes as arrays of entries, the required attributes of an apparel item by its
parentage, GTIN check digits, the marketplace's currency, sizes in Amazon's apparel size standards
(``apparel_size``: an invalid size is refused, as Amazon hides such listings), the language tags
the marketplace accepts, what some product types require on top, and a warning for thin bullet
points."""

#: The currency of each marketplace's offers (the ones the demo and tests use).
MARKETPLACE_CURRENCIES = {"A1PA6795UKMFR9": "EUR", "A13V1IB3VIYZZH": "EUR", "A1F83G8C2ARO7P": "GBP"}

IDENTIFIER_TYPES = {"ean", "upc", "gtin", "isbn"}

#: The language tags each marketplace's listings may be written in (the ones the tests use).
MARKETPLACE_LANGUAGES = {
    "A1PA6795UKMFR9": {"de_DE", "en_GB", "cs_CZ", "nl_NL", "pl_PL", "tr_TR"},
    "A13V1IB3VIYZZH": {"fr_FR", "en_GB"},
    "A1F83G8C2ARO7P": {"en_GB"},
}
#: Amazon's apparel size standards: the size systems, and the sizes of each size class.
SIZE_SYSTEMS = {"as1", "as2", "as3", "as4", "as5", "as6", "as7"}
SIZE_CLASSES = {
    "alpha": {"xx_s", "x_s", "s", "m", "l", "x_l", "xx_l", "3x_l", "4x_l", "5x_l"},
    "numeric": {f"numeric_{number}" for number in range(81)},
}
BODY_TYPES = {"regular", "plus", "big", "petite"}
HEIGHT_TYPES = {"regular", "tall", "short", "petite"}

#: Attributes every apparel item needs, by its parentage (a stand-alone item is an item without
#: parentage). A small subset of a product type's requirements: enough to refuse what matters here.
REQUIRED = {
    "parent": ("item_name", "brand", "parentage_level", "variation_theme"),
    "child": (
        "item_name",
        "brand",
        "product_description",
        "bullet_point",
        "color",
        "apparel_size",
        "country_of_origin",
        "externally_assigned_product_identifier",
        "condition_type",
        "target_gender",
        "age_range_description",
        "department",
        "parentage_level",
        "child_parent_sku_relationship",
    ),
    "standalone": (
        "item_name",
        "brand",
        "product_description",
        "bullet_point",
        "country_of_origin",
        "externally_assigned_product_identifier",
        "condition_type",
        "target_gender",
        "age_range_description",
        "department",
    ),
}
#: What a product type requires of its child and stand-alone items on top of REQUIRED (a subset
#: of each type's definition: the fibre composition and care instructions of dresses, skirts,
#: trousers, coats and knitwear); a type missing here requires REQUIRED only.
PRODUCT_TYPE_REQUIRED = {
    "DRESS": ("fabric_type", "care_instructions"),
    "SKIRT": ("fabric_type", "care_instructions"),
    "PANTS": ("fabric_type", "care_instructions"),
    "COAT": ("fabric_type", "care_instructions"),
    "SWEATER": ("fabric_type", "care_instructions"),
}
#: Offer attributes required unless the requirements set is LISTING_PRODUCT_ONLY.
OFFER_REQUIRED = ("purchasable_offer",)
#: Attributes whose entries carry a ``value`` (the others have structured entries).
VALUE_ATTRIBUTES = {
    "item_name",
    "brand",
    "bullet_point",
    "product_description",
    "fabric_type",
    "care_instructions",
    "color",
    "size",
    "country_of_origin",
    "condition_type",
    "parentage_level",
    "target_gender",
    "age_range_description",
    "department",
}


def _gtin_valid(value):
    if not isinstance(value, str) or not value.isdigit() or len(value) not in (8, 12, 13, 14):
        return False
    digits = [int(char) for char in value]
    total = sum(digit * (3 if index % 2 == 0 else 1) for index, digit in enumerate(reversed(digits[:-1])))
    return (10 - total % 10) % 10 == digits[-1]


def _issue(code, message, attribute=None, severity="ERROR", category="INVALID_ATTRIBUTE"):
    return {
        "code": code,
        "message": message,
        "severity": severity,
        "attributeNames": [attribute] if attribute else [],
        "categories": [category] if category else [],
    }


def attribute_issues(attributes, requirements, marketplace_id, required_extra=(), product_type=None):
    """Issues of a listing's attributes, as Amazon reports them in a submission of ``product_type``."""
    extra = (*PRODUCT_TYPE_REQUIRED.get(product_type or "", ()), *required_extra)
    return [
        *_shape_issues(attributes, marketplace_id),
        *_required_issues(attributes, requirements, extra),
        *_value_issues(attributes, marketplace_id),
        *_size_issues(attributes),
        *_language_issues(attributes, marketplace_id),
    ]


def buyable(attributes):
    """Whether an offer can be bought: a price and a quantity to sell (Amazon shows an offer
    without fulfillment_availability, but nobody can buy it)."""
    quantities = [
        entry.get("quantity")
        for entry in attributes.get("fulfillment_availability") or []
        if isinstance(entry, dict)
    ]
    return bool(attributes.get("purchasable_offer")) and any(
        isinstance(quantity, int) and quantity > 0 for quantity in quantities
    )


def _size_issues(attributes):
    """Each ``apparel_size`` entry in the size standards: a size system, a size class and a size
    of that class (Amazon hides a listing whose size is invalid: here it is refused)."""
    issues = []
    for entry in attributes.get("apparel_size") or []:
        if not isinstance(entry, dict):
            continue
        size_class = entry.get("size_class")
        problem = ""
        if entry.get("size_system") not in SIZE_SYSTEMS:
            problem = f"size_system '{entry.get('size_system')}' is not one of {sorted(SIZE_SYSTEMS)}"
        elif size_class not in SIZE_CLASSES:
            problem = f"size_class '{size_class}' is not one of {sorted(SIZE_CLASSES)}"
        elif entry.get("size") not in SIZE_CLASSES[size_class]:
            problem = f"size '{entry.get('size')}' is not a size of the class '{size_class}'"
        elif entry.get("body_type", "regular") not in BODY_TYPES:
            problem = f"body_type '{entry.get('body_type')}' is invalid"
        elif entry.get("height_type", "regular") not in HEIGHT_TYPES:
            problem = f"height_type '{entry.get('height_type')}' is invalid"
        if problem:
            issues.append(
                _issue(
                    "90000900",
                    f"The provided value for 'apparel_size' is invalid: {problem}.",
                    "apparel_size",
                )
            )
    if "size" in attributes and "apparel_size" not in attributes:
        issues.append(
            _issue(
                "90000900",
                "'size' is free text: apparel sizes are given as 'apparel_size' (size system, size "
                "class, size).",
                "size",
            )
        )
    return issues


def _language_issues(attributes, marketplace_id):
    """Every language_tag one the marketplace accepts."""
    allowed = MARKETPLACE_LANGUAGES.get(marketplace_id)
    if not allowed:
        return []
    for name, entries in attributes.items():
        for entry in entries if isinstance(entries, list) else []:
            tag = entry.get("language_tag") if isinstance(entry, dict) else None
            if tag and tag not in allowed:
                return [
                    _issue(
                        "90000900",
                        f"'{name}' is in {tag}, which marketplace {marketplace_id} does not accept "
                        f"({', '.join(sorted(allowed))}).",
                        name,
                    )
                ]
    return []


def _shape_issues(attributes, marketplace_id):
    """Each attribute an array of objects, value attributes with a value, the request's marketplace."""
    issues = []
    for name, entries in attributes.items():
        if not isinstance(entries, list) or not entries or not all(isinstance(e, dict) for e in entries):
            issues.append(_issue("90000900", f"The provided value for '{name}' is invalid.", name))
            continue
        for entry in entries:
            if name in VALUE_ATTRIBUTES and entry.get("value") in (None, ""):
                issues.append(_issue("90000900", f"'{name}' has an entry without a value.", name))
                break
            if entry.get("marketplace_id") not in (None, marketplace_id):
                issues.append(
                    _issue("90000900", f"'{name}' names marketplace {entry['marketplace_id']}.", name)
                )
                break
    return issues


def _required_issues(attributes, requirements, required_extra):
    issues = []
    parentage = (attributes.get("parentage_level") or [{}])[0].get("value")
    kind = parentage if parentage in ("parent", "child") else "standalone"
    required = list(REQUIRED[kind]) + list(required_extra if kind != "parent" else ())
    if requirements != "LISTING_PRODUCT_ONLY" and kind != "parent":
        required += OFFER_REQUIRED
    for name in required:
        if name not in attributes:
            issues.append(
                _issue(
                    "90220",
                    f"'{name}' is required but not supplied.",
                    name,
                    category="MISSING_ATTRIBUTE",
                )
            )
    return issues


def _value_issues(attributes, marketplace_id):
    """A GTIN's check digit, the offer's currency, and a warning for fewer than three bullet points."""
    issues = []
    for entry in attributes.get("externally_assigned_product_identifier") or []:
        if isinstance(entry, dict) and (
            entry.get("type") not in IDENTIFIER_TYPES or not _gtin_valid(entry.get("value"))
        ):
            issues.append(
                _issue(
                    "8541",
                    f"The product ID '{entry.get('value')}' is not a valid {entry.get('type')}: "
                    "check its length and check digit.",
                    "externally_assigned_product_identifier",
                )
            )
    for entry in attributes.get("purchasable_offer") or []:
        currency = MARKETPLACE_CURRENCIES.get(marketplace_id)
        if isinstance(entry, dict) and currency and entry.get("currency") != currency:
            issues.append(
                _issue(
                    "4000003",
                    f"The currency '{entry.get('currency')}' is not the marketplace's ({currency}).",
                    "purchasable_offer",
                    category="INVALID_PRICE",
                )
            )
    bullets = attributes.get("bullet_point")
    if isinstance(bullets, list) and 0 < len(bullets) < 3:
        issues.append(
            _issue(
                "18016",
                "Listings with at least three bullet points sell better.",
                "bullet_point",
                severity="WARNING",
                category=None,
            )
        )
    return issues
