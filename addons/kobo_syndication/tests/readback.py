"""Read a channel back and compare it with the approved snapshot (issue 17, "published means
equal").

Each channel addon's read-back test reads what its channel shows, the way a shopper or the
marketplace sees it (the shop page as an anonymous visitor in each language, the feed file, the
product in the Shopify stand-in through GraphQL, the Amazon listing through getListingsItem, the
retailer sheet's row), turns it into ``{field: value}`` per product and per variant, and asks
``assertShowsSnapshot`` to compare it with what ``kobo.snapshot`` says the PIM approved. Every
difference is listed at once, in words: field, what the PIM says, what the channel shows.

The expectation is built from the snapshot here, never from the connector's payload: a connector
that mapped a field wrongly would otherwise be compared with itself.
"""

from odoo.addons.kobo_pim.text import one_line

#: The fields a read-back compares, in the order differences are listed.
FIELDS = (
    "title",
    "description",
    "lang",
    "price",
    "sale_price",
    "currency",
    "available",
    "quantity",
    "size",
    "colour",
    "gtin",
    "code",
    "images",
    "link",
)


def money(amount, currency):
    """``amount`` as the channel's currency writes it (``129.95``): decimals of the currency."""
    return f"{amount:.{currency.decimal_places}f}"


def _normal(value):
    if isinstance(value, float):
        return round(value, 2)
    if isinstance(value, str):
        return one_line(value)
    if isinstance(value, list | tuple):
        return [_normal(item) for item in value]
    return value


class ReadBackMixin:
    """For test cases of channel addons (``TransactionCase`` / ``HttpCase``)."""

    def kobo_snapshots(self, listings, langs):
        """``{(template id, lang): snapshot}`` of the listings' products on their channel."""
        channel = listings.channel_id.ensure_one()
        return self.env["kobo.snapshot"]._kobo_build(listings.product_tmpl_id, channel, langs)

    def kobo_publish_all(self, templates, channel):
        """Publish ``templates`` on ``channel`` through the production path (queue, then the
        channel's job) and return every listing of the channel that ends published (the demo may
        have published others before). Listings the channel refuses must be *blocked* and say
        why; at least one must be published, so that a read-back never passes on nothing."""
        listings = self.env["kobo.listing"]._kobo_ensure(templates, channel)
        listings._kobo_queue("publish")
        channel._kobo_job_sync()
        self.env.invalidate_all()
        published = listings.filtered(lambda listing: listing.state == "published")
        self.assertTrue(published, "\n".join(listings.issue_ids.mapped("message")))
        for listing in listings - published:
            self.assertEqual(listing.state, "blocked", listing.product_tmpl_id.display_name)
            self.assertTrue(listing.issue_ids, f"{listing.product_tmpl_id.display_name}: blocked, says why")
        return published | self.env["kobo.listing"].search(
            [("channel_id", "=", channel.id), ("state", "=", "published")]
        )

    def kobo_expected_product(self, snapshot):
        """What the product-level part of the channel must say."""
        return {"title": snapshot["title"], "description": snapshot["description"], "lang": snapshot["lang"]}

    def kobo_expected_variant(self, row, sale=True):
        """What a variant's part of the channel must say (``row``: a snapshot variant row).
        ``sale=False`` for a channel that shows no sale price (the regular price only)."""
        price = row["price"]
        expected = {
            "size": row["size"],
            "colour": "/".join(row["colours"]),
            "gtin": row["gtin"],
            "code": row["code"],
            "available": row["available"],
        }
        if price:
            currency = price["currency"]
            expected["currency"] = currency.name
            expected["price"] = money(price["regular_price"], currency)
            if sale:
                on_sale = price["on_sale"] and price["price"] < price["regular_price"]
                expected["sale_price"] = money(price["price"], currency) if on_sale else ""
        return expected

    def assertShowsSnapshot(self, channel_name, where, expected, shown):
        """Fail, naming every difference, unless ``shown`` says what ``expected`` says for each
        field ``expected`` has (``shown`` may say more)."""
        differences = [
            f"{where}: {field}: the PIM says {expected[field]!r}, {channel_name} shows {shown.get(field)!r}"
            for field in sorted(expected, key=lambda name: FIELDS.index(name) if name in FIELDS else 99)
            if _normal(expected[field]) != _normal(shown.get(field))
        ]
        if differences:
            self.fail("\n".join(differences))
