"""How a channel wants its images: the requirement (minimum size) and the rendition it receives."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .kobo_image_check import RenditionSpec, parse_colour


class KoboChannel(models.Model):
    _inherit = "kobo.channel"

    image_min_size = fields.Integer(
        string="Minimum Image Size (px)",
        tracking=True,
        help="Both sides of a source image must reach this size (e.g. 500 for Google apparel). "
        "It is a requirement that completeness reports: renditions never enlarge an image to meet it.",
    )
    image_max_size = fields.Integer(
        string="Maximum Image Size (px)",
        tracking=True,
        help="Longest side of the images sent; larger images are scaled down. 0 sends them at full size.",
    )
    image_square = fields.Boolean(
        string="Square Images", tracking=True, help="Pad every image to a square on the background colour."
    )
    image_background = fields.Char(
        default="#FFFFFF",
        required=True,
        tracking=True,
        help="Colour (#RRGGBB) of the padding and of transparent areas.",
    )
    image_format = fields.Selection(
        [("jpeg", "JPEG"), ("png", "PNG")],
        default="jpeg",
        required=True,
        tracking=True,
    )
    image_quality = fields.Integer(
        string="JPEG Quality", default=90, tracking=True, help="1 to 95; ignored for PNG."
    )

    @api.constrains("image_min_size", "image_max_size", "image_background", "image_quality")
    def _check_image_spec(self):
        for channel in self:
            if channel.image_min_size < 0 or channel.image_max_size < 0:
                raise ValidationError(
                    self.env._("%(channel)s: image sizes cannot be negative.", channel=channel.display_name)
                )
            if channel.image_max_size and channel.image_max_size < channel.image_min_size:
                raise ValidationError(
                    self.env._(
                        "%(channel)s: the maximum image size (%(max)s px) is below the minimum (%(min)s px).",
                        channel=channel.display_name,
                        max=channel.image_max_size,
                        min=channel.image_min_size,
                    )
                )
            if not parse_colour(channel.image_background):
                raise ValidationError(
                    self.env._(
                        "%(channel)s: the image background %(colour)s is not a colour like #FFFFFF.",
                        channel=channel.display_name,
                        colour=channel.image_background,
                    )
                )
            if channel.image_format == "jpeg" and not 1 <= channel.image_quality <= 95:
                raise ValidationError(
                    self.env._(
                        "%(channel)s: the JPEG quality must be between 1 and 95, not %(quality)s.",
                        channel=channel.display_name,
                        quality=channel.image_quality,
                    )
                )

    def _kobo_rendition_spec(self):
        """The rendition this channel receives; channels with equal specs share renditions."""
        self.ensure_one()
        return RenditionSpec(
            image_format=self.image_format,
            max_side=self.image_max_size,
            square=self.image_square,
            background=self.image_background.upper(),
            quality=self.image_quality if self.image_format == "jpeg" else 0,
        )
