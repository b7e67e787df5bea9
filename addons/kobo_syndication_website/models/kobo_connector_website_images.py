"""The web shop's pictures: the product's main image and its extra images (``product.image``)
made from the channel's assets and renditions, matched on the asset so a push is idempotent."""

from odoo import api, models
from odoo.addons.web_editor.tools import get_video_source_data
from odoo.tools import split_every

# Products whose new images are rendered and written per round: only their images are in memory.
IMAGE_CHUNK = 20


class KoboConnectorWebsite(models.AbstractModel):
    _inherit = "kobo.connector.website"

    @api.model
    def _kobo_shop_images(self, channel, templates):
        """``{template id: [image entry]}`` in display order: the channel's image assets (``key``:
        the source file's checksum and the channel's rendition spec, so a new file or a new
        spec changes it) and video links, each with its alt text in the website's language."""
        assets_by_template = templates._kobo_assets_for_channel(channel)
        spec_key = channel._kobo_rendition_spec().key
        lang = channel.website_id.default_lang_id.code or "en_US"
        result = {}
        for template_id, assets in assets_by_template.items():
            entries = []
            for asset in assets.with_context(lang=lang):
                if asset.kind == "image" and asset.image_checksum:
                    entries.append(
                        {
                            "asset": asset.id,
                            "key": f"{asset.image_checksum}:{spec_key}",
                            "alt": asset.alt_text or "",
                        }
                    )
                elif asset.kind == "video" and asset.video_url:
                    entries.append(
                        {"asset": asset.id, "key": f"video:{asset.video_url}", "alt": asset.alt_text or ""}
                    )
            result[template_id] = entries
        return result

    @api.model
    def _kobo_write_shop_images(self, channel, templates, payloads):
        """The product's main picture and extra images (``product.image``) from the channel's
        assets, matched on the asset: an unchanged image is left alone, a changed one is
        rewritten, a removed one deleted. Images added by hand in the shop are kept."""
        Image = self.env["product.image"].sudo()
        ours = Image.search([("product_tmpl_id", "in", templates.ids), ("kobo_image_key", "!=", False)])
        ours_by_template = ours.grouped("product_tmpl_id")
        to_unlink = Image
        for chunk_ids in split_every(IMAGE_CHUNK, templates.ids):
            chunk = templates.browse(chunk_ids)
            main_writes, creates, updates = {}, [], []
            for template in chunk:
                entries = payloads[template.id]["images"]
                main = next((entry for entry in entries if not entry["key"].startswith("video:")), None)
                main_key = f"{main['asset']}:{main['key']}" if main else False
                if template.kobo_website_image_key != main_key and (main or template.kobo_website_image_key):
                    main_writes[template] = main
                existing = {}
                for image in ours_by_template.get(template, Image):
                    if image.kobo_asset_id.id in existing or not image.kobo_asset_id:
                        to_unlink |= image
                    else:
                        existing[image.kobo_asset_id.id] = image
                # A video link Odoo cannot embed (it embeds YouTube, Vimeo, Dailymotion, Instagram
                # and Youku) stays out of the shop: product.image refuses it.
                extras = [
                    entry
                    for entry in entries
                    if entry is not main
                    and (not entry["key"].startswith("video:") or get_video_source_data(entry["key"][6:]))
                ]
                for sequence, entry in enumerate(extras, start=1):
                    name = entry["alt"] or template.name
                    image = existing.pop(entry["asset"], None)
                    if not image:
                        creates.append((template, sequence, name, entry))
                        continue
                    vals = {}
                    if image.kobo_image_key != entry["key"]:
                        vals["kobo_image_key"] = entry["key"]
                    if image.name != name:
                        vals["name"] = name
                    if image.sequence != sequence:
                        vals["sequence"] = sequence
                    if vals:
                        updates.append((image, vals, entry))
                to_unlink |= Image.union(*existing.values())
            self._kobo_apply_images(channel, main_writes, creates, updates)
        to_unlink.unlink()

    @api.model
    def _kobo_apply_images(self, channel, main_writes, creates, updates):
        """Write one chunk of planned image changes, rendering only the images that changed."""
        needs_file = [
            entry
            for entry in [
                *main_writes.values(),
                *(entry for *_, entry in creates),
                *(entry for __, vals, entry in updates if "kobo_image_key" in vals),
            ]
            if entry and not entry["key"].startswith("video:")
        ]
        assets = self.env["kobo.asset"].sudo().browse({entry["asset"] for entry in needs_file})
        renditions = assets._kobo_renditions(channel) if assets else {}

        def image_vals(entry):
            if entry["key"].startswith("video:"):
                return {"video_url": entry["key"].removeprefix("video:"), "image_1920": False}
            rendition = renditions.get(entry["asset"])
            return {"video_url": False, "image_1920": rendition.image if rendition else False}

        for template, entry in main_writes.items():
            if entry:
                template.write(
                    {
                        "image_1920": image_vals(entry)["image_1920"],
                        "kobo_website_image_key": f"{entry['asset']}:{entry['key']}",
                    }
                )
            else:
                template.write({"image_1920": False, "kobo_website_image_key": False})
        vals_list = [
            {
                "product_tmpl_id": template.id,
                "sequence": sequence,
                "name": name,
                "kobo_asset_id": entry["asset"],
                "kobo_image_key": entry["key"],
                **image_vals(entry),
            }
            for template, sequence, name, entry in creates
        ]
        # Videos apart, each written on its own: website_sale checks a video by computing the
        # embed code of every image read with it, and an image without a link then logs that
        # it has no translation language (outside a request).
        Image = self.env["product.image"].sudo()
        for batch in (
            [vals for vals in vals_list if not vals["video_url"]],
            [vals for vals in vals_list if vals["video_url"]],
        ):
            if batch:
                Image.create(batch)
        for image, vals, entry in updates:
            image.with_prefetch(image.ids).write(
                {**vals, **(image_vals(entry) if "kobo_image_key" in vals else {})}
            )
        # The files of this chunk leave memory before the next one is read.
        self.env.flush_all()
        images = ["image_1920", "image_1024", "image_512", "image_256", "image_128"]
        self.env["product.template"].invalidate_model(images)
        self.env["product.image"].invalidate_model(images)
        self.env["kobo.asset.rendition"].invalidate_model(["image"])
