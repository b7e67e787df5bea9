"""Copy overridden for one channel: an empty field falls back to the product's own copy."""

from odoo import api, fields, models

from .product_template_copy import COPY_FIELDS


class KoboChannelCopy(models.Model):
    _name = "kobo.channel.copy"
    _description = "Copy per Channel"
    _inherit = ["kobo.enrichment.content.mixin"]
    _order = "product_tmpl_id, channel_id"
    _rec_name = "channel_id"

    product_tmpl_id = fields.Many2one(
        "product.template",
        string="Product",
        required=True,
        ondelete="cascade",
        index=True,
        kobo_immutable=True,
    )
    channel_id = fields.Many2one(
        "kobo.channel", required=True, ondelete="cascade", index=True, kobo_immutable=True
    )
    company_id = fields.Many2one(related="channel_id.company_id", store=True)
    kobo_marketing_name = fields.Char(string="Marketing Name", translate=True)
    kobo_description = fields.Html(string="Marketing Description", translate=True, sanitize_attributes=True)
    kobo_bullet_points = fields.Text(string="Bullet Points", translate=True)
    kobo_seo_title = fields.Char(string="SEO Title", translate=True)
    kobo_seo_description = fields.Text(string="SEO Description", translate=True)
    kobo_seo_keywords = fields.Char(string="SEO Keywords", translate=True)

    _sql_constraints = [
        (
            "product_channel_unique",
            "unique(product_tmpl_id, channel_id)",
            "A product has one copy per channel.",
        ),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        copies = super().create(vals_list)
        copies._kobo_enrichment_watched()._kobo_enrichment_changed(
            {copy.id: [self.env._("copy added")] for copy in copies}
        )
        return copies

    def unlink(self):
        self._kobo_enrichment_watched()._kobo_enrichment_changed(
            {copy.id: [self.env._("copy removed")] for copy in self}
        )
        return super().unlink()

    @api.model
    def _kobo_enrichment_content_fields(self):
        return [*super()._kobo_enrichment_content_fields(), *COPY_FIELDS]

    def _kobo_enrichment_product(self):
        return self.product_tmpl_id

    def _kobo_enrichment_change_label(self, label):
        return self.env._("%(field)s for %(channel)s", field=label, channel=self.channel_id.display_name)
