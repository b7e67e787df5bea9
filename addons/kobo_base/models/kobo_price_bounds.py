"""Prices nobody can mean: negative where a price is what a customer pays, or absurdly large.

Shared by the constraints of the Kōbō addons (product prices of styles and enriched products,
suggested prices, the rules of a channel's pricelist), so that they all refuse the same values
with the same words.
"""

import math

from odoo.exceptions import ValidationError
from odoo.tools import formatLang

#: The largest price Kōbō accepts, in any currency: a billion (about 6 M EUR in yen, 37 k EUR
#: in dong). Above it a value is a typing or client error, and feeds and marketplaces would
#: carry it in exponent notation or reject it.
MAX_PRICE = 1_000_000_000


def price_problem(env, value):
    """Why `value` cannot be a price (negative, above MAX_PRICE), in words, or None."""
    if not value:
        return None
    if not math.isfinite(value):
        return env._("is not a number (%(value)s)", value=value)
    if value < 0:
        return env._("cannot be negative (%(value)s)", value=formatLang(env, value))
    if value > MAX_PRICE:
        return env._(
            "%(value)s is above %(max)s, the largest price accepted",
            value=formatLang(env, value),
            max=formatLang(env, MAX_PRICE, digits=0),
        )
    return None


def check_prices(records, field_names):
    """Raise a ValidationError naming the record, the field and the value for the first of
    `field_names` of `records` holding a price nobody can mean."""
    for record in records:
        for field_name in field_names:
            problem = price_problem(records.env, record[field_name])
            if problem:
                raise ValidationError(
                    records.env._(
                        "%(record)s: %(field)s %(problem)s.",
                        record=record.display_name,
                        field=record._fields[field_name]._description_string(records.env),
                        problem=problem,
                    )
                )
