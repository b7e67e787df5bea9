from odoo import api, models
from odoo.tools import float_compare


class ProductProduct(models.Model):
    _inherit = "product.product"

    # What "in stock" means on a channel. The PIM and the syndication engine do not depend on
    # Odoo's Inventory: without it nothing is tracked and every variant is available;
    # kobo_syndication_stock (installed with Inventory) answers with Odoo's on-hand quantities.

    @api.model
    def _kobo_tracked_quantities(self, variants, company):
        """``{variant id: quantity on hand}`` in the warehouses of ``company`` for the variants of
        ``variants`` tracked in stock; a variant missing from it is not tracked."""
        return {}

    @api.model
    def _kobo_in_stock_ids(self, variants, company):
        """The ids of ``variants`` that a channel of ``company`` offers as in stock: untracked
        variants always, tracked ones while some is on hand."""
        tracked = self._kobo_tracked_quantities(variants, company)
        return {
            variant.id
            for variant in variants
            if variant.id not in tracked or self._kobo_quantity_available(variant, tracked[variant.id])
        }

    @api.model
    def _kobo_quantity_available(self, variant, quantity):
        """Whether ``quantity`` of ``variant`` is more than nothing, at its unit's rounding."""
        return float_compare(quantity, 0, precision_rounding=variant.uom_id.rounding or 0.01) > 0
