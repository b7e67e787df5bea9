"""An asset's image as one channel spec wants it, stored once and shared by the channels with that spec."""

from odoo import fields, models


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
