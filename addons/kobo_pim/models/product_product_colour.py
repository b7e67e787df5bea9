from odoo import api, models


class ProductProduct(models.Model):
    _inherit = "product.product"

    @api.model
    def _kobo_colours(self, variants):
        """``{variant id: (product.attribute.value id, name in the context's language)}`` of
        each variant's colour (the value of its attribute shown as colours). Every channel that
        groups images or names variants by colour (the retailer sheet, Shopify) reads it here."""
        values = variants.product_template_attribute_value_ids
        values.fetch(["product_attribute_value_id", "attribute_id"])
        values.attribute_id.fetch(["display_type"])
        values.product_attribute_value_id.fetch(["name"])
        colours = {}
        for variant in variants:
            for value in variant.product_template_attribute_value_ids:
                if value.attribute_id.display_type == "color":
                    colours[variant.id] = (
                        value.product_attribute_value_id.id,
                        value.product_attribute_value_id.name,
                    )
                    break
        return colours
