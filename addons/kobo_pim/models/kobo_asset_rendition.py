"""An asset's image as one channel spec wants it, stored once and shared by the channels with that spec."""

from odoo import api, fields, models
from odoo.tools import format_list


class KoboAssetRendition(models.Model):
    _name = "kobo.asset.rendition"
    _description = "Asset Rendition"
    _order = "asset_id, spec_key"
    _rec_name = "spec_key"

    asset_id = fields.Many2one(
        "kobo.asset", required=True, ondelete="cascade", index=True, kobo_immutable=True
    )
    product_tmpl_id = fields.Many2one(related="asset_id.product_tmpl_id")
    spec_key = fields.Char(
        string="Spec",
        required=True,
        readonly=True,
        help="Format, longest side, shape, background and quality.",
    )
    description = fields.Char(
        string="Rendition",
        compute="_compute_description",
        help="The image as the channels receive it, e.g. 2000 px square JPEG on white for Google Shopping.",
    )
    image = fields.Binary(attachment=True, readonly=True)
    width = fields.Integer(readonly=True)
    height = fields.Integer(readonly=True)
    file_size = fields.Integer(string="File Size (bytes)", readonly=True)
    source_checksum = fields.Char(
        readonly=True, help="Checksum of the asset's image this rendition was made from."
    )

    _sql_constraints = [
        ("asset_spec_unique", "unique(asset_id, spec_key)", "An asset has one rendition per spec."),
    ]

    @api.depends("spec_key")
    @api.depends_context("lang")
    def _compute_description(self):
        channels_by_key = {}
        if any(self.mapped("spec_key")):
            for channel in self.env["kobo.channel"].search([]):
                channels_by_key.setdefault(channel._kobo_rendition_spec().key, []).append(channel.name)
        for rendition in self:
            rendition.description = rendition._kobo_describe_spec(channels_by_key.get(rendition.spec_key, []))

    @api.depends("spec_key")
    @api.depends_context("lang")
    def _compute_display_name(self):
        for rendition in self:
            rendition.display_name = rendition.description

    def _kobo_describe_spec(self, channel_names):
        """The spec in words: ``2000 px square JPEG on white for Google Shopping``.

        Made from the spec key (``jpeg-2000-square-#FFFFFF-q90``, see ``RenditionSpec.key``);
        a key it cannot read is shown as it is.
        """
        self.ensure_one()
        parts = (self.spec_key or "").split("-")
        if len(parts) != 5 or parts[0] not in ("jpeg", "png") or parts[2] not in ("square", "fit"):
            return self.spec_key or ""
        image_format, max_side, shape, background, _quality = parts
        if max_side.isdigit():
            size = self.env._("%(pixels)s px", pixels=max_side)
        else:
            size = self.env._("Full-size")
        # White and black are named; other backgrounds by their code.
        colour = {"#FFFFFF": self.env._("white"), "#000000": self.env._("black")}.get(
            background.upper(), background
        )
        values = {"size": size, "format": image_format.upper(), "background": colour}
        if shape == "square":
            words = self.env._("%(size)s square %(format)s on %(background)s", **values)
        else:
            words = self.env._("%(size)s %(format)s on %(background)s", **values)
        if channel_names:
            words = self.env._(
                "%(rendition)s for %(channels)s",
                rendition=words,
                channels=format_list(self.env, channel_names),
            )
        return words
