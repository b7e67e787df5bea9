"""A product's assets, and the ones each channel receives."""

from collections import defaultdict

from odoo import fields, models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    kobo_asset_ids = fields.One2many("kobo.asset", "product_tmpl_id", string="Assets")

    def _kobo_assets_for_channel(self, channel):
        """``{template id: kobo.asset}`` in display order: the assets of each product in ``self``
        that go to ``channel`` (an asset without channels goes to every channel). One query
        whatever the number of products."""
        assets = self.env["kobo.asset"].search(
            [
                ("product_tmpl_id", "in", self.ids),
                "|",
                ("channel_ids", "=", False),
                ("channel_ids", "in", channel.ids),
            ]
        )
        grouped = defaultdict(list)
        for asset in assets:
            grouped[asset.product_tmpl_id.id].append(asset.id)
        return {template.id: self.env["kobo.asset"].browse(grouped[template.id]) for template in self}
