"""The product's name, its own copy, composition, care text and size chart: their translations are
tracked by ``kobo.translation.source`` (``kobo_translation_source.py``)."""

from odoo import api, models

from .product_template_copy import COPY_FIELDS


class ProductTemplate(models.Model):
    _name = "product.template"
    _inherit = ["product.template", "kobo.translation.source"]

    @api.model
    def _kobo_translation_fields(self):
        """The translatable fields whose translations are tracked, exported and imported, in
        the order files list them. Override to add fields (they must be ``translate=True`` or
        term-translated Html on product.template). The product's name comes first: the web
        shop shows it and its requirement profile asks for it in every locale."""
        return ("name", *COPY_FIELDS, "kobo_composition_label", "kobo_care_text", "kobo_size_chart")
