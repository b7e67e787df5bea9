"""A product's assets, and the ones each channel receives."""

from collections import defaultdict

from odoo import fields, models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    kobo_asset_ids = fields.One2many("kobo.asset", "product_tmpl_id", string="Assets")

    def action_kobo_open_asset_list(self):
        """The product's assets as a list (the Assets tab shows them as thumbnails)."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("kobo_pim.action_kobo_asset")
        action.update(
            name=self.env._("Assets of %(product)s", product=self.display_name),
            domain=[("product_tmpl_id", "=", self.id)],
            context={"default_product_tmpl_id": self.id},
            views=[(False, "list"), (False, "kanban"), (False, "form")],
            view_mode="list,kanban,form",
        )
        return action

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
