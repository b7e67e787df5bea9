"""Descriptive attributes (fit, neckline, pattern…): Odoo attributes that never create variants."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ProductAttribute(models.Model):
    _inherit = "product.attribute"

    kobo_descriptive = fields.Boolean(
        string="Descriptive",
        help="Describes the product (fit, neckline, pattern…) for the channels and the shop's filters; "
        "never creates variants.",
    )

    @api.constrains("kobo_descriptive", "create_variant")
    def _check_kobo_descriptive_no_variant(self):
        for attribute in self:
            if attribute.kobo_descriptive and attribute.create_variant != "no_variant":
                raise ValidationError(
                    self.env._(
                        "%(attribute)s is a descriptive attribute: its variants creation mode must stay "
                        "*Never* (descriptive values describe a product, they do not make variants).",
                        attribute=attribute.name,
                    )
                )


class ProductTemplateAttributeLine(models.Model):
    """A product's descriptive values are content: changing them takes an approved product back to review."""

    _name = "product.template.attribute.line"
    _inherit = ["product.template.attribute.line", "kobo.enrichment.content.mixin"]

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines._kobo_enrichment_watched()._kobo_enrichment_changed({line.id: [""] for line in lines})
        return lines

    def unlink(self):
        self._kobo_enrichment_watched()._kobo_enrichment_changed({line.id: [""] for line in self})
        return super().unlink()

    @api.model
    def _kobo_enrichment_content_fields(self):
        return [*super()._kobo_enrichment_content_fields(), "value_ids"]

    def _kobo_enrichment_product(self):
        return self.product_tmpl_id

    def _kobo_enrichment_watched(self):
        return super(
            ProductTemplateAttributeLine, self.filtered("attribute_id.kobo_descriptive")
        )._kobo_enrichment_watched()

    def _kobo_enrichment_change_label(self, label):
        return self.env._("%(attribute)s values", attribute=self.attribute_id.name)


class ProductProduct(models.Model):
    _inherit = "product.product"

    def _unlink_or_archive(self, check_access=True):
        # Odoo asks for the right to delete variants even when a descriptive value goes and
        # leaves no variant to delete; catalogue users change descriptive values, not variants.
        if not self:
            return
        return super()._unlink_or_archive(check_access=check_access)
