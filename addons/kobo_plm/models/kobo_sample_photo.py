import base64
import binascii
import io

from PIL import Image

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools.image import IMAGE_MAX_RESOLUTION
from odoo.tools.mimetypes import guess_mimetype

PHOTO_MAX_BYTES = 10 * 1024 * 1024
# Raster formats browsers show and Pillow reads. SVG is left out on purpose: Odoo's image field
# stores anything starting with "<" as is, so an SVG or HTML file would otherwise pass.
PHOTO_MIMETYPES = {"image/png": "PNG", "image/jpeg": "JPEG", "image/gif": "GIF", "image/webp": "WebP"}
# The shortest side a vendor's photo may have. The catalogue (Kōbō PIM) makes product images of
# approved samples' photos and needs 100 px on each side (kobo_pim's asset minimum): the vendor
# is told at upload rather than the merchandiser at hand-off. With Kōbō PIM installed, the
# bridge (kobo_plm_pim) makes this the PIM's own setting.
VENDOR_PHOTO_MIN_SIDE_PX = 100


class KoboSamplePhoto(models.Model):
    """A photo of a sample, taken by the brand or uploaded by the vendor through the portal."""

    _name = "kobo.sample.photo"
    _description = "Sample Photo"
    _inherit = ["image.mixin"]
    _order = "sample_id, sequence, id"

    sample_id = fields.Many2one("kobo.sample", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Caption")
    partner_id = fields.Many2one(
        "res.partner",
        string="Uploaded by",
        default=lambda self: self.env.user.partner_id,
        help="Who uploaded the photo: a colleague, or a contact of the vendor through the portal.",
    )
    is_supplier_photo = fields.Boolean(
        string="From the Vendor",
        compute="_compute_is_supplier_photo",
        store=True,
        help="Uploaded by a contact of the sample's vendor.",
    )
    company_id = fields.Many2one(related="sample_id.company_id", store=True)

    @api.depends("partner_id.commercial_partner_id", "sample_id.vendor_id.commercial_partner_id")
    def _compute_is_supplier_photo(self):
        for photo in self:
            vendor = photo.sample_id.vendor_id.commercial_partner_id
            photo.is_supplier_photo = bool(vendor) and photo.partner_id.commercial_partner_id == vendor

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_photo_file(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._check_photo_file(vals)
        return super().write(vals)

    def _check_photo_file(self, vals):
        """Refuse a file that is not a raster image, or one above 10 MB, before anything is saved.

        The check is on the model because the supplier portal creates photos with sudo: no
        screen is the only way in. The image field resizes to 1920 px, so the size is checked
        on the file as uploaded.
        """
        # Every image field, not only image_1920: image.mixin's smaller sizes are writable
        # related fields, and a client could send an SVG or any bytes straight to one of them.
        for name, field in self._fields.items():
            if isinstance(field, fields.Image) and vals.get(name):
                self._check_photo_data(vals, vals[name])

    def _kobo_vendor_photo_min_side(self):
        """The shortest side, in pixels, a vendor's photo may have (a hook for the PIM bridge)."""
        return VENDOR_PHOTO_MIN_SIDE_PX

    def _kobo_check_vendor_photo_size(self, value, caption):
        """Refuse a vendor's photo smaller than the catalogue can use, naming its size.

        After `_check_photo_data` would pass (a raster image): a file Pillow cannot read is left
        to that check's message.
        """
        min_side = self._kobo_vendor_photo_min_side()
        try:
            with Image.open(io.BytesIO(base64.b64decode(value))) as image:
                width, height = image.size
        except (binascii.Error, TypeError, ValueError, OSError, SyntaxError, Image.DecompressionBombError):
            return
        if min(width, height) < min_side:
            raise ValidationError(
                self.env._(
                    "%(photo)s is %(width)s × %(height)s px: a photo needs at least %(min)s px on each "
                    "side, as the catalogue makes product images of them.",
                    photo=caption or self.env._("The photo"),
                    width=width,
                    height=height,
                    min=min_side,
                )
            )

    def _check_photo_data(self, vals, value):
        caption = vals.get("name") or (len(self) == 1 and self.name) or self.env._("The photo")
        try:
            data = base64.b64decode(value)
        except (binascii.Error, TypeError, ValueError):
            data = b""
        if len(data) > PHOTO_MAX_BYTES:
            raise ValidationError(
                self.env._(
                    "%(photo)s is %(size)s MB: a sample photo can be 10 MB at most.",
                    photo=caption,
                    size=f"{len(data) / 1024 / 1024:.1f}",
                )
            )
        not_an_image = ValidationError(
            self.env._(
                "%(photo)s: the file is not an image; upload a %(formats)s file.",
                photo=caption,
                formats=" / ".join(PHOTO_MIMETYPES.values()),
            )
        )
        if guess_mimetype(data, default="") not in PHOTO_MIMETYPES:
            raise not_an_image
        try:
            with Image.open(io.BytesIO(data)) as image:
                pixels = image.size[0] * image.size[1]
                # verify() reads the whole file: a truncated or corrupt upload fails here
                # rather than later, when the image is resized or shown.
                image.verify()
        except Image.DecompressionBombError:
            pixels = None
        except (OSError, SyntaxError, ValueError):
            raise not_an_image from None
        if pixels is None or pixels > IMAGE_MAX_RESOLUTION:
            raise ValidationError(
                self.env._(
                    "%(photo)s has too many pixels: a sample photo can have %(megapixels)s megapixels at most.",  # noqa: E501 - one translatable message
                    photo=caption,
                    megapixels=f"{IMAGE_MAX_RESOLUTION / 1e6:g}",
                )
            )
