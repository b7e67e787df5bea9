"""What outdates completeness cells, and which ones.

Every model whose records feed a product's completeness names that product on create, write,
unlink and translation updates; its cells are recomputed before the transaction commits.
Changes with a channel-wide reach (a category mapping, a size conversion table) mark
the channel's cells dirty for the cron. See ``kobo_completeness.py``.
"""

from odoo import api, fields, models

from .kobo_requirement_rule import RULE_FIELDS

PIM_USERS = "kobo_pim.group_kobo_pim_user"

# product.template fields the engine reads (besides the rules' fields).
TEMPLATE_INPUTS = {name for name, __ in RULE_FIELDS} | {
    "categ_id",
    "kobo_season_name",
    "attribute_line_ids",
    "kobo_pim_certification_ids",
    "product_variant_ids",
}
# product.template fields that decide whether a product has cells at all.
TEMPLATE_CELL_FIELDS = {"active", "company_id"}


class ProductTemplate(models.Model):
    _inherit = "product.template"

    kobo_completeness_ids = fields.One2many(
        "kobo.completeness", "product_tmpl_id", string="Completeness", readonly=True, groups=PIM_USERS
    )

    def write(self, vals):
        result = super().write(vals)
        Cell = self.env["kobo.completeness"]
        if TEMPLATE_CELL_FIELDS & set(vals):
            Cell._kobo_sync_cells(templates=self)
        if (TEMPLATE_INPUTS | TEMPLATE_CELL_FIELDS) & set(vals):
            Cell._kobo_products_changed(self)
        return result

    def _update_field_translations(self, field_name, translations, digest=None, source_lang=None):
        result = super()._update_field_translations(
            field_name, translations, digest=digest, source_lang=source_lang
        )
        if field_name in TEMPLATE_INPUTS:
            self.env["kobo.completeness"]._kobo_products_changed(self)
        return result


class ProductProduct(models.Model):
    _name = "product.product"
    _inherit = ["product.product", "kobo.completeness.input"]
    _kobo_completeness_fields = ("barcode", "default_code", "active", "product_template_attribute_value_ids")


class ProductTemplateAttributeLine(models.Model):
    _name = "product.template.attribute.line"
    _inherit = ["product.template.attribute.line", "kobo.completeness.input"]


class KoboAsset(models.Model):
    _name = "kobo.asset"
    _inherit = ["kobo.asset", "kobo.completeness.input"]


class KoboChannelCopy(models.Model):
    _name = "kobo.channel.copy"
    _inherit = ["kobo.channel.copy", "kobo.completeness.input"]


class KoboPimCertification(models.Model):
    _name = "kobo.pim.certification"
    _inherit = ["kobo.pim.certification", "kobo.completeness.input"]


class KoboEnrichment(models.Model):
    """A product has cells once it has an enrichment (it is in the catalogue's scope)."""

    _inherit = "kobo.enrichment"

    @api.model_create_multi
    def create(self, vals_list):
        enrichments = super().create(vals_list)
        Cell = self.env["kobo.completeness"]
        Cell._kobo_sync_cells(templates=enrichments.product_tmpl_id)
        Cell._kobo_products_changed(enrichments.product_tmpl_id)
        return enrichments

    def unlink(self):
        templates = self.product_tmpl_id
        result = super().unlink()
        self.env["kobo.completeness"]._kobo_sync_cells(templates=templates)
        return result


class KoboTaxonomyMapping(models.Model):
    """A product's own mapping outdates the product; a category's, the category's products on
    the channel (channel-wide reach: left to the cron)."""

    _name = "kobo.taxonomy.mapping"
    _inherit = ["kobo.taxonomy.mapping", "kobo.completeness.input"]

    def _kobo_outdate_completeness(self):
        Cell = self.env["kobo.completeness"]
        Cell._kobo_products_changed(self.product_tmpl_id)
        for mapping in self.filtered("categ_id"):
            Cell._kobo_mark_channels_dirty(mapping.channel_id, categories=mapping.categ_id)


class KoboSizeConversion(models.Model):
    """A size table converts sizes for every channel that expects a size system."""

    _name = "kobo.size.conversion"
    _inherit = ["kobo.size.conversion", "kobo.completeness.input"]

    def _kobo_outdate_completeness(self):
        if not self:
            return
        channels = self.env["kobo.channel"].sudo().search([("size_system", "!=", False)])
        self.env["kobo.completeness"]._kobo_mark_channels_dirty(channels)


class KoboSizeConversionLine(models.Model):
    _name = "kobo.size.conversion.line"
    _inherit = ["kobo.size.conversion.line", "kobo.completeness.input"]

    def _kobo_outdate_completeness(self):
        self.conversion_id._kobo_outdate_completeness()
