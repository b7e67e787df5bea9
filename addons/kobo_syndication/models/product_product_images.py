from collections import defaultdict

from odoo import api, models


class ProductProduct(models.Model):
    _inherit = "product.product"

    @api.model
    def _kobo_image_urls(self, channel, variants, colours):
        """``{variant id: [public URL]}``: the channel's renditions of the product's images, the
        variant's colourway first, then the images of every colour. A URL carries the
        attachment's access token, so the retailer (or Shopify, which downloads the images it is
        given) gets it without an Odoo login."""
        templates = variants.product_tmpl_id
        assets_by_template = templates._kobo_assets_for_channel(channel)
        assets = self.env["kobo.asset"].browse(
            [asset_id for assets in assets_by_template.values() for asset_id in assets.ids]
        )
        if not assets:
            return {}
        assets.fetch(["color_value_id", "kind", "sequence"])
        renditions = assets._kobo_renditions(channel)
        url_by_rendition = self._kobo_rendition_urls(
            channel, [rendition.id for rendition in renditions.values()]
        )
        urls = defaultdict(list)
        for variant in variants:
            colour_id = colours.get(variant.id, (False, ""))[0]
            template_assets = assets_by_template.get(variant.product_tmpl_id.id, assets.browse())
            own = [asset for asset in template_assets if colour_id and asset.color_value_id.id == colour_id]
            shared = [asset for asset in template_assets if not asset.color_value_id]
            for asset in own + shared:
                rendition = renditions.get(asset.id)
                if rendition and rendition.id in url_by_rendition:
                    urls[variant.id].append(url_by_rendition[rendition.id])
        return urls

    # Files

    @api.model
    def _kobo_rendition_urls(self, channel, rendition_ids):
        """``{rendition id: public URL}`` of these renditions' files for ``channel``: a URL
        carries the file's access token (written once per file), so the channel downloads it
        without an Odoo login. The files are guarded, hence sudo."""
        attachments = (
            self.env["ir.attachment"]
            .sudo()
            .search(
                [
                    ("res_model", "=", "kobo.asset.rendition"),
                    ("res_field", "=", "image"),
                    ("res_id", "in", list(rendition_ids)),
                ]
            )
        )
        attachments.filtered(lambda attachment: not attachment.access_token).generate_access_token()
        base_url = channel.get_base_url()
        extension = "png" if channel.image_format == "png" else "jpg"
        return {
            attachment.res_id: f"{base_url}/web/image/{attachment.id}/{attachment.id}.{extension}"
            f"?access_token={attachment.access_token}"
            for attachment in attachments
        }
