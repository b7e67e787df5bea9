import math

from odoo import models


class KoboSamplePhoto(models.Model):
    _inherit = "kobo.sample.photo"

    def _kobo_vendor_photo_min_side(self):
        """The PIM's own minimum for an asset (its system parameter, else 100 px): a vendor's
        photo the portal accepts can become a product image at the hand-off."""
        return math.ceil(self.env["kobo.asset"]._kobo_upload_limits()["min_side"])
