"""ISO 3758 care symbols: the codes PLM and PIM share, their meaning and their picture.

PLM keeps its ``kobo.care.symbol`` records (data ``kobo_plm/data/kobo_care_symbol_data.xml``,
which its tests compare with this table); PIM, which works without PLM, validates the
``kobo_care_symbols`` codes of a product against this table and shows the pictures. Every code
has an SVG pictogram drawn for Kōbō in ``kobo_base/static/img/care/<CODE>.svg``.
"""

import re

from odoo.tools.translate import LazyTranslate

_lt = LazyTranslate(__name__)

# code: (category of kobo.care.symbol, meaning in English, translated with the module's terms)
CARE_SYMBOLS = {
    "W95": ("1_washing", _lt("Machine wash, max. 95 °C, normal process")),
    "W60": ("1_washing", _lt("Machine wash, max. 60 °C, normal process")),
    "W40": ("1_washing", _lt("Machine wash, max. 40 °C, normal process")),
    "W40M": ("1_washing", _lt("Machine wash, max. 40 °C, mild process")),
    "W30": ("1_washing", _lt("Machine wash, max. 30 °C, normal process")),
    "W30M": ("1_washing", _lt("Machine wash, max. 30 °C, mild process")),
    "W30VM": ("1_washing", _lt("Machine wash, max. 30 °C, very mild process")),
    "WH": ("1_washing", _lt("Hand wash, max. 40 °C")),
    "WX": ("1_washing", _lt("Do not wash")),
    "B": ("2_bleaching", _lt("Any bleaching agent allowed")),
    "BO": ("2_bleaching", _lt("Only oxygen / non-chlorine bleach")),
    "BX": ("2_bleaching", _lt("Do not bleach")),
    "TD2": ("3_drying", _lt("Tumble drying possible, normal temperature (max. 80 °C)")),
    "TD1": ("3_drying", _lt("Tumble drying possible, lower temperature (max. 60 °C)")),
    "TDX": ("3_drying", _lt("Do not tumble dry")),
    "DL": ("3_drying", _lt("Line drying")),
    "DLD": ("3_drying", _lt("Drip line drying")),
    "DF": ("3_drying", _lt("Flat drying")),
    "DFD": ("3_drying", _lt("Drip flat drying")),
    "DS": ("3_drying", _lt("Drying in the shade")),
    "I3": ("4_ironing", _lt("Iron at max. sole-plate temperature 200 °C")),
    "I2": ("4_ironing", _lt("Iron at max. sole-plate temperature 150 °C")),
    "I1": ("4_ironing", _lt("Iron at max. sole-plate temperature 110 °C without steam")),
    "IX": ("4_ironing", _lt("Do not iron")),
    "PP": (
        "5_professional",
        _lt("Professional dry cleaning in tetrachloroethene and hydrocarbons, normal process"),
    ),
    "PPM": (
        "5_professional",
        _lt("Professional dry cleaning in tetrachloroethene and hydrocarbons, mild process"),
    ),
    "PF": ("5_professional", _lt("Professional dry cleaning in hydrocarbons, normal process")),
    "PFM": ("5_professional", _lt("Professional dry cleaning in hydrocarbons, mild process")),
    "PX": ("5_professional", _lt("Do not dry clean")),
    "PW": ("5_professional", _lt("Professional wet cleaning, normal process")),
    "PWM": ("5_professional", _lt("Professional wet cleaning, mild process")),
    "PWX": ("5_professional", _lt("Do not professionally wet clean")),
}

# Codes a message suggests when it refuses an unknown one.
EXAMPLE_CODES = ("W30", "BX", "TDX", "DF", "I2", "PX")

SVG_URL = "/kobo_base/static/img/care/%s.svg"


def care_image_url(code):
    """The web path of the pictogram of ``code``, or ``""`` for an unknown code."""
    return SVG_URL % code if code in CARE_SYMBOLS else ""


def care_meaning(env, code):
    """The meaning of ``code`` in ``env``'s language (``""`` for an unknown code)."""
    symbol = CARE_SYMBOLS.get(code)
    return env._(symbol[1]) if symbol else ""


def split_care_codes(text):
    """The codes of a comma-separated text as written (``"W30, BX"`` → ``["W30", "BX"]``)."""
    return [code for code in (part.strip() for part in re.split(r"[,;]", text or "")) if code]


def unknown_care_codes(text):
    """The codes of ``text`` that are not ISO 3758 codes of the table."""
    return [code for code in split_care_codes(text) if code not in CARE_SYMBOLS]
