"""What each Amazon marketplace accepts: the language tags of its listings, the size system of
its apparel, and the department names of its apparel (tables, no model).

Sources: Amazon's SP-API "Marketplace IDs" reference (the ids and stores) and the languages each
store's site offers; the size systems and size values are the enumerations of ``apparel_size`` in
the apparel product type definitions (getDefinitionsProductType for SHIRT, SKIRT, ...), which the
fixtures in shared/fixtures/amazon do not include: check them against the live definition of a
marketplace before adding it here. A marketplace missing from this table cannot be set on a
channel with a language: we would not know whether Amazon accepts it.
"""

#: Marketplace id → (store, language tags its listings may be written in). The first is the
#: store's own language.
MARKETPLACE_LANGUAGES = {
    "A1PA6795UKMFR9": ("Amazon.de", ("de_DE", "en_GB", "cs_CZ", "nl_NL", "pl_PL", "tr_TR")),
    "A13V1IB3VIYZZH": ("Amazon.fr", ("fr_FR", "en_GB")),
    "A1F83G8C2ARO7P": ("Amazon.co.uk", ("en_GB",)),
    "APJ6JRA9NG5V4": ("Amazon.it", ("it_IT", "en_GB")),
    "A1RKKUPIHCS9HS": ("Amazon.es", ("es_ES", "pt_PT", "en_GB")),
    "A1805IZSGTT6HS": ("Amazon.nl", ("nl_NL", "en_GB")),
    "A2NODRKZP88ZB9": ("Amazon.se", ("sv_SE", "en_GB")),
    "A1C3SOZRARQ6R3": ("Amazon.pl", ("pl_PL",)),
    "AMEN7PMS3EDWL": ("Amazon.com.be", ("fr_BE", "nl_BE", "en_GB")),
    "ATVPDKIKX0DER": ("Amazon.com", ("en_US", "es_US")),
    "A2EUQ1WTGCTBG2": ("Amazon.ca", ("en_CA", "fr_CA")),
    "A1AM78C64UM0Y8": ("Amazon.com.mx", ("es_MX",)),
    "A1VC38T7YXB528": ("Amazon.co.jp", ("ja_JP",)),
    "A39IBJ37TRP1C6": ("Amazon.com.au", ("en_AU",)),
}

#: Our size systems (kobo_pim SIZE_SYSTEMS) → Amazon's ``apparel_size.size_system``:
#: as1 US, as2 UK, as3 DE/EU, as4 FR/ES, as5 IT, as6 JP. "International (XS–XL)" and a channel
#: without size system use the marketplace's own system (below).
SIZE_SYSTEMS = {"us": "as1", "uk": "as2", "eu": "as3", "fr": "as4", "it": "as5", "jp": "as6"}
MARKETPLACE_SIZE_SYSTEMS = {
    "A1PA6795UKMFR9": "as3",
    "A1805IZSGTT6HS": "as3",
    "A2NODRKZP88ZB9": "as3",
    "A1C3SOZRARQ6R3": "as3",
    "A13V1IB3VIYZZH": "as4",
    "A1RKKUPIHCS9HS": "as4",
    "AMEN7PMS3EDWL": "as4",
    "A1F83G8C2ARO7P": "as2",
    "APJ6JRA9NG5V4": "as5",
    "ATVPDKIKX0DER": "as1",
    "A2EUQ1WTGCTBG2": "as1",
    "A1AM78C64UM0Y8": "as1",
    "A1VC38T7YXB528": "as6",
    "A39IBJ37TRP1C6": "as2",
}
#: Letter sizes as we write them → Amazon's ``apparel_size.size`` of size class "alpha".
ALPHA_SIZES = {
    "XXS": "xx_s",
    "2XS": "xx_s",
    "XS": "x_s",
    "S": "s",
    "M": "m",
    "L": "l",
    "XL": "x_l",
    "XXL": "xx_l",
    "2XL": "xx_l",
    "XXXL": "3x_l",
    "3XL": "3x_l",
    "4XL": "4x_l",
    "5XL": "5x_l",
}
#: Numeric sizes Amazon's "numeric" size class enumerates (numeric_0 ... numeric_80).
NUMERIC_RANGE = range(0, 81)

#: Amazon's ``department`` for our gender and age group, in the listing's language (Amazon
#: offers these as the department names of its apparel browse tree); English for the others.
DEPARTMENTS = {
    "de": {
        ("female", "adult"): "Damen",
        ("male", "adult"): "Herren",
        ("unisex", "adult"): "Unisex",
        ("female", "kids"): "Mädchen",
        ("male", "kids"): "Jungen",
        ("unisex", "kids"): "Unisex Kinder",
        ("female", "toddler"): "Mädchen",
        ("male", "toddler"): "Jungen",
        ("unisex", "toddler"): "Unisex Kinder",
        ("female", "infant"): "Baby Mädchen",
        ("male", "infant"): "Baby Jungen",
        ("unisex", "infant"): "Baby",
        ("female", "newborn"): "Baby Mädchen",
        ("male", "newborn"): "Baby Jungen",
        ("unisex", "newborn"): "Baby",
    },
    "fr": {
        ("female", "adult"): "Femme",
        ("male", "adult"): "Homme",
        ("unisex", "adult"): "Unisexe",
        ("female", "kids"): "Fille",
        ("male", "kids"): "Garçon",
        ("unisex", "kids"): "Enfant",
    },
    "en": {
        ("female", "adult"): "Women",
        ("male", "adult"): "Men",
        ("unisex", "adult"): "Unisex",
        ("female", "kids"): "Girls",
        ("male", "kids"): "Boys",
        ("unisex", "kids"): "Kids",
        ("female", "toddler"): "Girls",
        ("male", "toddler"): "Boys",
        ("unisex", "toddler"): "Kids",
        ("female", "infant"): "Baby Girls",
        ("male", "infant"): "Baby Boys",
        ("unisex", "infant"): "Baby",
        ("female", "newborn"): "Baby Girls",
        ("male", "newborn"): "Baby Boys",
        ("unisex", "newborn"): "Baby",
    },
}


def marketplace_languages(marketplace_id):
    """The language tags ``marketplace_id`` accepts (empty for a marketplace we do not know)."""
    return MARKETPLACE_LANGUAGES.get(marketplace_id or "", ("", ()))[1]


def department(gender, age_group, lang):
    """Amazon's department for ``gender`` and ``age_group`` in ``lang`` (empty when we have none)."""
    key = (gender, age_group)
    return DEPARTMENTS.get((lang or "")[:2], {}).get(key) or DEPARTMENTS["en"].get(key, "")


def apparel_size(label, size_system, marketplace_id):
    """``(size_system, size_class, size)`` of Amazon's apparel size standard for our size
    ``label`` (in our ``size_system``), or None when it cannot be expressed (a size Amazon does
    not enumerate: "One size", "50/52", "W32/L34", ...)."""
    system = SIZE_SYSTEMS.get(size_system or "") or MARKETPLACE_SIZE_SYSTEMS.get(marketplace_id or "")
    value = (label or "").strip().upper().replace(" ", "")
    if not system or not value:
        return None
    if value in ALPHA_SIZES:
        return system, "alpha", ALPHA_SIZES[value]
    if value.isdigit() and int(value) in NUMERIC_RANGE:
        return system, "numeric", f"numeric_{int(value)}"
    return None
