"""Images and videos of a product (or one colorway), with a role, alt text and channels.

Every upload goes through ``kobo_image_check.inspect_image`` in create and write, so the UI,
RPC and imports are checked alike, and a refused file leaves no record and no attachment. The
dimensions, size and checksum are read from the file: clients cannot write them.
"""

import base64
import logging
from urllib.parse import urlsplit

import psycopg2.errors

from odoo import api, fields, models
from odoo.addons.kobo_base.models.kobo_workflow_mixin import privileged
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL, split_every

from . import kobo_image_check
from .kobo_image_check import ImageRefused, decode_base64, inspect_image

_logger = logging.getLogger(__name__)

ROLES = [
    ("front", "Front"),
    ("back", "Back"),
    ("detail", "Detail"),
    ("lifestyle", "Lifestyle"),
    ("swatch", "Swatch"),
    ("flat", "Technical flat"),
]

# Facts read from the uploaded file; only the upload check (or privileged() code) sets them.
IMAGE_FACT_FIELDS = ("width", "height", "file_size", "image_format", "image_checksum")

# Renditions made per round, so that only this many source images are in memory at once.
RENDITION_CHUNK = 50

# System parameters that override the module's default upload limits.
LIMIT_PARAMETERS = {
    "max_file_size_mb": ("kobo_pim.asset_max_file_size_mb", kobo_image_check.MAX_FILE_SIZE_MB),
    "max_megapixels": ("kobo_pim.asset_max_megapixels", kobo_image_check.MAX_MEGAPIXELS),
    "min_side": ("kobo_pim.asset_min_side_px", kobo_image_check.MIN_SIDE_PX),
}


class KoboAsset(models.Model):
    _name = "kobo.asset"
    _description = "Product Asset"
    _order = "product_tmpl_id, sequence, id"
    # Read from the file by the upload check, never given by a client (kobo_base's guard).
    _kobo_workflow_fields = IMAGE_FACT_FIELDS

    product_tmpl_id = fields.Many2one(
        "product.template",
        string="Product",
        required=True,
        ondelete="cascade",
        index=True,
        kobo_immutable=True,
    )
    color_value_id = fields.Many2one(
        "product.attribute.value",
        string="Colorway",
        ondelete="restrict",
        help="Leave empty when the asset shows every colorway.",
    )
    sequence = fields.Integer(default=10)
    role = fields.Selection(ROLES, required=True, default="front")
    kind = fields.Selection([("image", "Image"), ("video", "Video link")], required=True, default="image")
    name = fields.Char(string="File Name")
    image = fields.Binary(attachment=True)
    video_url = fields.Char(string="Video URL")
    alt_text = fields.Char(translate=True)
    channel_ids = fields.Many2many("kobo.channel", string="Channels", help="Empty: every channel.")
    # Not copied: a copy's create reads them again from its image.
    width = fields.Integer(readonly=True, copy=False)
    height = fields.Integer(readonly=True, copy=False)
    file_size = fields.Integer(string="File Size (bytes)", readonly=True, copy=False)
    image_format = fields.Char(readonly=True, copy=False)
    image_checksum = fields.Char(
        copy=False, readonly=True, help="SHA-1 of the image file: renditions are redone when it changes."
    )
    dimensions = fields.Char(compute="_compute_dimensions")
    rendition_ids = fields.One2many("kobo.asset.rendition", "asset_id", string="Renditions")
    rendition_count = fields.Integer(string="Number of Renditions", compute="_compute_rendition_count")

    @api.depends("rendition_ids")
    def _compute_rendition_count(self):
        counts = dict(
            self.env["kobo.asset.rendition"]._read_group(
                [("asset_id", "in", self.ids)], ["asset_id"], ["__count"]
            )
        )
        for asset in self:
            asset.rendition_count = counts.get(asset._origin, 0)

    @api.depends("width", "height")
    def _compute_dimensions(self):
        for asset in self:
            asset.dimensions = (
                self.env._("%(width)s × %(height)s px", width=asset.width, height=asset.height)
                if asset.width
                else ""
            )

    @api.constrains("kind", "image_checksum", "video_url")
    def _check_content(self):
        for asset in self:
            if asset.kind == "image" and not asset.image_checksum:
                raise ValidationError(
                    self.env._("%(asset)s: an image asset needs an image file.", asset=asset._kobo_label())
                )
            if asset.kind == "video":
                asset._kobo_check_video_url()

    def _kobo_check_video_url(self):
        url = (self.video_url or "").strip()
        if not url:
            raise ValidationError(
                self.env._("%(asset)s: a video link needs its URL.", asset=self._kobo_label())
            )
        try:
            parts = urlsplit(url)
        except ValueError:
            parts = None
        if not parts or parts.scheme not in ("http", "https") or not parts.hostname or " " in url:
            raise ValidationError(
                self.env._(
                    "%(asset)s: the video URL %(url)s is not a web address (http:// or https://).",
                    asset=self._kobo_label(),
                    url=url,
                )
            )

    @api.constrains("color_value_id", "product_tmpl_id")
    def _check_colorway(self):
        for asset in self.filtered("color_value_id"):
            value = asset.color_value_id
            product_values = asset.product_tmpl_id.attribute_line_ids.value_ids
            if value.attribute_id.display_type != "color" or value not in product_values:
                colours = product_values.filtered(lambda v: v.attribute_id.display_type == "color")
                raise ValidationError(
                    self.env._(
                        "%(asset)s: %(value)s is not a colorway of %(product)s; its colorways are: "
                        "%(colours)s.",
                        asset=asset._kobo_label(),
                        value=value.display_name,
                        product=asset.product_tmpl_id.display_name,
                        colours=", ".join(colours.mapped("name")) or self.env._("none"),
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [dict(vals) for vals in vals_list]
        # The guard judges what the client sent (and the defaults it put in the context) before
        # the facts read from the files join the values, which then go in as the upload check's.
        self._kobo_guard_create(vals_list)
        for row, vals in enumerate(vals_list, start=1):
            if vals.get("image"):
                row_number = row if len(vals_list) > 1 else 0
                vals.update(
                    self._kobo_image_facts(
                        vals["image"],
                        lambda vals=vals, row_number=row_number: self._kobo_label_from_vals(vals, row_number),
                    )
                )
        return super(KoboAsset, privileged(self)).create(vals_list).with_env(self.env)

    def write(self, vals):
        self._kobo_guard_write(vals)
        if "image" in vals:
            vals = dict(vals)
            if vals["image"]:
                vals.update(self._kobo_image_facts(vals["image"], self._kobo_label_for_write))
            else:
                vals.update(width=0, height=0, file_size=0, image_format=False, image_checksum=False)
            return super(KoboAsset, privileged(self)).write(vals)
        return super().write(vals)

    def action_kobo_use_as_product_image(self):
        """Make this image the product's own picture (Odoo keeps its resized copies)."""
        self.ensure_one()
        if self.kind != "image" or not self.image_checksum:
            raise UserError(
                self.env._("%(asset)s has no image to use as the product image.", asset=self._kobo_label())
            )
        self.product_tmpl_id.image_1920 = self.image
        return True

    def _kobo_refuse_workflow(self, names):
        raise AccessError(
            self.env._(
                "%(fields)s are read from the image file and cannot be set by hand.",
                fields=", ".join(sorted(self._fields[name]._description_string(self.env) for name in names)),
            )
        )

    def _kobo_upload_limits(self):
        params = self.env["ir.config_parameter"].sudo()
        limits = {}
        for key, (parameter, default) in LIMIT_PARAMETERS.items():
            value = params.get_param(parameter)
            try:
                limits[key] = float(value) if value else default
            except ValueError:
                limits[key] = default
        return limits

    def _kobo_image_facts(self, value, label):
        """The stored facts of an uploaded image, or a ValidationError naming the asset with
        ``label()`` (called only then: naming an asset reads its product)."""
        try:
            facts = inspect_image(decode_base64(value), **self._kobo_upload_limits())
        except ImageRefused as refused:
            raise ValidationError(self._kobo_refusal_message(refused, label())) from None
        return {
            "width": facts.width,
            "height": facts.height,
            "file_size": facts.file_size,
            "image_format": facts.image_format,
            "image_checksum": facts.checksum,
        }

    def _kobo_refusal_message(self, refused, label):
        figures = refused.figures
        field = self._fields["image"]._description_string(self.env)
        reasons = {
            "base64": lambda: self.env._("the file is not valid base64 data."),
            "empty": lambda: self.env._("the file is empty."),
            "not_image": lambda: self.env._(
                "the file is not an image Pillow can read (accepted: %(formats)s).",
                formats=", ".join(kobo_image_check.ACCEPTED_FORMATS),
            ),
            "format": lambda: self.env._(
                "%(format)s images are not accepted: use %(formats)s.",
                format=figures["image_format"],
                formats=figures["accepted"],
            ),
            "file_size": lambda: self.env._(
                "the file is %(size).1f MB, above the limit of %(max)s MB.",
                size=figures["size_mb"],
                max=_number(figures["max_mb"]),
            ),
            "megapixels": lambda: self.env._(
                "%(width)s × %(height)s pixels is %(megapixels).1f megapixels, above the limit of "
                "%(max)s megapixels.",
                width=figures["width"],
                height=figures["height"],
                megapixels=figures["megapixels"],
                max=_number(figures["max_megapixels"]),
            ),
            "bomb": lambda: self.env._(
                "the image declares more than %(max)d megapixels: refused as a possible decompression bomb.",
                max=figures["max_megapixels"],
            ),
            "too_small": lambda: self.env._(
                "%(width)s × %(height)s pixels is too small: each side needs at least %(min)s pixels.",
                width=figures["width"],
                height=figures["height"],
                min=_number(figures["min_side"]),
            ),
            "damaged": lambda: self.env._("the image is damaged or truncated: its pixels cannot be decoded."),
        }
        return self.env._(
            "%(asset)s, %(field)s: %(reason)s", asset=label, field=field, reason=reasons[refused.reason]()
        )

    def _kobo_label(self):
        """How messages name the asset: file name, product and role."""
        self.ensure_one()
        return self._kobo_describe(self.name, self.product_tmpl_id, self.role, 0)

    def _kobo_label_for_write(self):
        if len(self) == 1:
            return self._kobo_label()
        return self.env._("%(count)s assets", count=len(self))

    def _kobo_label_from_vals(self, vals, row):
        product_id = vals.get("product_tmpl_id") or self.env.context.get("default_product_tmpl_id")
        product = self.env["product.template"].browse(product_id).exists() if product_id else None
        return self._kobo_describe(vals.get("name"), product, vals.get("role") or "front", row)

    def _kobo_describe(self, name, product, role, row):
        role_label = dict(self._fields["role"]._description_selection(self.env)).get(role, role)
        what = self.env._(
            "%(name)s (%(product)s, %(role)s)",
            name=name or self.env._("unnamed file"),
            product=product.display_name if product else self.env._("no product"),
            role=role_label,
        )
        return self.env._("Row %(row)s: %(what)s", row=row, what=what) if row else what

    def _kobo_renditions(self, channel):
        """``{asset id: kobo.asset.rendition}`` of the image assets in ``self`` for ``channel``.

        A rendition is stored once per asset and spec (channels with the same spec share it)
        and made again only when the source image's checksum changed. Video links have none.
        """
        self.check_access("read")
        spec = channel._kobo_rendition_spec()
        images = self.filtered(lambda asset: asset.kind == "image" and asset.image_checksum)
        # privileged(): the rendition files are made here from checked images (ir_attachment_asset).
        renditions = privileged(self.env["kobo.asset.rendition"].sudo())
        found = {
            rendition.asset_id.id: rendition
            for rendition in renditions.search([("asset_id", "in", images.ids), ("spec_key", "=", spec.key)])
        }
        stale = images.filtered(
            lambda asset: asset.id not in found or found[asset.id].source_checksum != asset.image_checksum
        )
        missing = stale.filtered(lambda asset: asset.id not in found)
        if missing:
            found.update(
                {
                    asset_id: renditions.browse(rendition.id)
                    for asset_id, rendition in self._kobo_reserve_renditions(missing, spec).items()
                }
            )
        for chunk_ids in split_every(RENDITION_CHUNK, stale.ids):
            # A chunk at a time: the source images of a whole catalogue do not fit in memory.
            chunk = stale.browse(chunk_ids).sudo()
            for asset in chunk:
                data, width, height = kobo_image_check.render(base64.b64decode(asset.image), spec)
                vals = {
                    "image": base64.b64encode(data),
                    "width": width,
                    "height": height,
                    "file_size": len(data),
                    "source_checksum": asset.image_checksum,
                }
                found[asset.id].write(vals)  # made before, or reserved above
            self.env.flush_all()
            chunk.invalidate_recordset(["image"])
            renditions.browse([found[asset_id].id for asset_id in chunk_ids]).invalidate_recordset(["image"])
        return {asset.id: found[asset.id].with_env(self.env) for asset in images}

    def _kobo_reserve_renditions(self, assets, spec):
        """``{asset id: kobo.asset.rendition}``: an empty rendition of ``spec`` reserved for each
        of ``assets``, which have none this transaction sees; the caller fills them.

        Two jobs (the web shop's and Google's, say, whose specs are equal) may make the same
        renditions of a new product at once. The reservation is one ``INSERT … ON CONFLICT DO
        NOTHING``: a rendition another transaction is making makes it wait for that one to end;
        one committed since this transaction's snapshot (which it cannot see, nor use) makes
        PostgreSQL refuse to serialize it. That is a concurrency error: Odoo retries the request,
        and queue_job the job, in a new snapshot, where the other transaction's renditions are
        found and used. A plain create would fail on the unique (asset, spec) instead, and the
        job's listings with it.
        """
        now = self.env.cr.now()
        Rendition = self.env["kobo.asset.rendition"]
        Rendition.flush_model(["asset_id", "spec_key"])
        try:
            self.env.cr.execute(
                SQL(
                    "INSERT INTO kobo_asset_rendition (asset_id, spec_key, create_uid, create_date,"
                    " write_uid, write_date) SELECT asset_id, %(spec)s, %(uid)s, %(now)s, %(uid)s, %(now)s"
                    " FROM unnest(%(ids)s::int[]) AS asset_id ORDER BY asset_id"
                    " ON CONFLICT (asset_id, spec_key) DO NOTHING RETURNING id, asset_id",
                    spec=spec.key,
                    uid=self.env.uid,
                    now=now,
                    ids=sorted(assets.ids),
                ),
                log_exceptions=False,
            )
        except psycopg2.errors.SerializationFailure:
            _logger.info("Renditions of assets %s were made by another transaction: retry", assets.ids)
            raise
        reserved = {asset_id: Rendition.browse(row_id) for row_id, asset_id in self.env.cr.fetchall()}
        # the ORM learns of the new rows as after its own create: the assets' renditions changed
        assets.invalidate_recordset(["rendition_ids"])
        assets.modified(["rendition_ids"])
        return reserved

    def _kobo_rendition(self, channel):
        """The stored rendition of this image for ``channel`` (made when missing or stale)."""
        self.ensure_one()
        return self._kobo_renditions(channel).get(self.id, self.env["kobo.asset.rendition"])

    def _kobo_image_size_issues(self, channel):
        """``{asset id: message}`` for the image assets smaller than ``channel``'s minimum size.

        The minimum is measured on the source file, not on a padded rendition: padding a narrow
        image to a square does not give it more detail.
        """
        minimum = channel.image_min_size
        if not minimum:
            return {}
        roles = dict(self._fields["role"]._description_selection(self.env))
        return {
            asset.id: self.env._(
                "%(role)s image %(width)s×%(height)s is below %(min)s×%(min)s",
                role=roles[asset.role],
                width=asset.width,
                height=asset.height,
                min=minimum,
            )
            for asset in self
            if asset.kind == "image" and asset.image_checksum and min(asset.width, asset.height) < minimum
        }


def _number(value):
    """20.0 → 20, 0.5 → 0.5: limits as a person would write them."""
    return int(value) if float(value).is_integer() else value
