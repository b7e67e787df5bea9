from odoo import api, models


class ProductProduct(models.Model):
    _inherit = "product.product"

    @api.model
    def _kobo_tracked_quantities(self, variants, company):
        """Odoo's on-hand quantities (``qty_available``, in batch) of the variants tracked in
        stock, in the warehouses of ``company``."""
        tracked = super()._kobo_tracked_quantities(variants, company)
        storable = variants.filtered("is_storable")
        tracked.update(self.env["stock.quant"]._kobo_quantities_on_hand(storable, company))
        return tracked
