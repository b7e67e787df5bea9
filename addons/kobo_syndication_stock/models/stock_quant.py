"""Stock availability on channels: what "in stock" means, and the trigger that queues a push
when a variant goes from in stock to out of stock or back.

In Python rather than as an automation rule: a rule on ``stock.quant`` would cost every quant
write base_automation's look-up query (one per move line of every picking), and a rule could
not tell whether the product's availability changed without asking for its quantity each time.
Here a quant update only notes its variant, location and quantity change (no query); one
callback at the commit point asks Odoo's ``qty_available`` once for all noted variants, derives
the quantity before the transaction from it and the noted changes, and queues the listings of
the products of which a variant crossed zero: a fixed number of queries for any number of
products. A quantity that changed without crossing zero queues the product's listings only on
the channels that show quantities (``kobo.connector._kobo_shows_quantities``: Shopify's
inventory, not a feed's in stock / out of stock). Moves that leave the quantity as it was (a
transfer between two shelves of one warehouse) queue nothing.
"""

from collections import defaultdict

from odoo import api, models
from odoo.tools import float_compare

STOCK_CHANGES = "kobo_syndication.stock_changes"


class StockQuant(models.Model):
    _inherit = "stock.quant"

    @api.model
    def _update_available_quantity(self, product_id, location_id, quantity=False, *args, **kwargs):
        # every change of an on-hand quantity goes through here (done moves, edits of done move
        # lines, inventory adjustments, scraps, manufacturing)
        result = super()._update_available_quantity(product_id, location_id, quantity, *args, **kwargs)
        if quantity:
            self._kobo_note_stock_change(product_id, location_id, quantity)
        return result

    @api.model
    def _kobo_note_stock_change(self, variant, location, quantity):
        """Note that ``quantity`` of ``variant`` entered (or, negative, left) ``location``; the
        listings of the variants whose availability changed are queued at the commit point."""
        precommit = self.env.cr.precommit
        changes = precommit.data.get(STOCK_CHANGES)
        if changes is None:
            changes = precommit.data[STOCK_CHANGES] = defaultdict(float)
            env = self.env

            @precommit.add
            def queue_availability_changes():
                noted = precommit.data.pop(STOCK_CHANGES, {})
                env["stock.quant"].sudo()._kobo_queue_availability_changes(noted)
                # Pre-commit callbacks run after the ORM's flush: write what they changed.
                env.flush_all()

        changes[variant.id, location.id] += quantity

    @api.model
    def _kobo_queue_availability_changes(self, changes):
        """Queue the listings of the products of which a variant changed availability, given
        ``changes``: ``{(variant id, location id): quantity added}`` since the transaction began.

        Only locations counted by ``qty_available`` matter (under a warehouse; each in its
        company). The quantity before is the quantity now minus what was added; a variant
        whose before and now differ in availability
        (``product.product._kobo_quantity_available``) flips its product.
        """
        if not changes:
            return
        variant_ids = list({variant_id for variant_id, __ in changes})
        Variant = self.env["product.product"].sudo()
        variants = Variant.search([("id", "in", variant_ids), ("is_storable", "=", True)])
        locations = self.env["stock.location"].sudo().browse({location_id for __, location_id in changes})
        locations.fetch(["warehouse_id", "company_id"])
        storable_ids = set(variants.ids)
        added = defaultdict(lambda: defaultdict(float))  # company -> variant id -> quantity added
        for (variant_id, location_id), quantity in changes.items():
            location = locations.browse(location_id)
            if variant_id in storable_ids and location.warehouse_id:
                added[location.company_id][variant_id] += quantity
        flipped = recounted = Variant
        for company, by_variant in added.items():
            changed = variants.browse([variant_id for variant_id, quantity in by_variant.items() if quantity])
            on_hand = self._kobo_quantities_on_hand(changed, company)
            for variant in changed:
                now = on_hand[variant.id]
                before = now - by_variant[variant.id]
                if Variant._kobo_quantity_available(variant, now) != Variant._kobo_quantity_available(
                    variant, before
                ):
                    flipped |= variant
                elif float_compare(now, before, precision_rounding=variant.uom_id.rounding or 0.01):
                    recounted |= variant
        if flipped:
            flipped.product_tmpl_id._kobo_listings_mark_to_push()
        self._kobo_queue_quantity_changes(recounted.product_tmpl_id - flipped.product_tmpl_id)

    @api.model
    def _kobo_queue_quantity_changes(self, templates):
        """Queue the listings of ``templates`` (of which a quantity changed, availability not) on
        the channels that show quantities (their connector's ``_kobo_shows_quantities``: Shopify's
        inventory, Amazon's fulfillment availability). Channels that show only availability (a
        feed's in stock / out of stock) have nothing new to show."""
        if not templates:
            return
        listings = (
            self.env["kobo.listing"]
            .sudo()
            .search(
                [
                    ("product_tmpl_id", "in", templates.ids),
                    ("state", "in", ("published", "error", "blocked", "queued")),
                ]
            )
        )
        channels = listings.channel_id.filtered(
            lambda channel: channel.connector
            and f"kobo.connector.{channel.connector}" in self.env
            and channel._kobo_connector()._kobo_shows_quantities
        )
        listings.filtered(lambda listing: listing.channel_id in channels)._kobo_queue("publish")

    # What "in stock" means on a channel (the Google feed's availability)

    @api.model
    def _kobo_quantities_on_hand(self, variants, company):
        """``{variant id: quantity on hand}`` in the warehouses of ``company``: Odoo's own
        ``qty_available``, computed in batch for all of ``variants``."""
        variants = variants.sudo().with_context(allowed_company_ids=company.ids)
        return {variant.id: variant.qty_available for variant in variants}
