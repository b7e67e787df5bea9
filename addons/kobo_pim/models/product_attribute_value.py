"""Messages name variants by their attribute values ("variant Navy / M: GTIN missing"):
renaming a value, or translating its name, outdates the completeness of the products that
use it (``kobo_completeness_reach.py``)."""

from odoo import models


class ProductAttributeValue(models.Model):
    _inherit = "product.attribute.value"

    def write(self, vals):
        # Odoo's translation dialog (``_update_field_translations``) ends in a write of the
        # name too, so both paths pass here.
        result = super().write(vals)
        if "name" in vals:
            self.env["kobo.completeness"]._kobo_attribute_values_renamed(self.ids)
        return result
