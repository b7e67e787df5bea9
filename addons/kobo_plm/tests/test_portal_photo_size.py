import io

from PIL import Image

from odoo.tests import HttpCase, tagged

from .common import KoboStyleCase


def png(width, height):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (120, 40, 40)).save(buffer, format="PNG")
    return buffer.getvalue()


@tagged("post_install", "-at_install")
class TestPortalPhotoSize(KoboStyleCase, HttpCase):
    """A vendor learns the minimum size of a photo when uploading it, not the merchandiser later."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The supplier portal's own helpers (imported here: test_portal imports this module's png).
        from .test_portal import TestSupplierPortal as portal

        cls.portal = portal
        cls.vendor = cls.env["res.partner"].create(
            {"name": "KT Photo Mill", "is_company": True, "supplier_rank": 1}
        )
        cls.supplier = portal._portal_user.__func__(cls, "kt_photo_supplier", cls.vendor)
        techpack = cls.env["kobo.techpack"].create({"style_id": cls.style.id})
        cls._add_measurements(techpack)
        techpack.with_user(cls.manager).action_freeze()
        cls.sample = portal._requested_sample.__func__(cls, techpack, cls.vendor, "L")
        cls.url = f"/my/development/sample/{cls.sample.id}"

    def _post(self, url, data=None, files=None):
        return self.portal._post(self, url, data, files)

    def _error(self, response):
        return self.portal._error(self, response)

    def test_the_upload_form_says_the_minimum_size(self):
        self.authenticate(self.supplier.login, self.supplier.login)
        page = self.url_open(self.url)
        self.assertIn("Photo (PNG, JPEG, GIF or WebP, 10 MB at most, at least 100 × 100 px)", page.text)

    def test_a_photo_too_small_for_the_catalogue_is_refused_at_upload(self):
        self.authenticate(self.supplier.login, self.supplier.login)
        response = self._post(f"{self.url}/photo", files={"photo": ("front.jpg", png(64, 48), "image/png")})
        self.assertEqual(
            self._error(response),
            "Not saved: front.jpg is 64 × 48 px: a photo needs at least 100 px on each side, as the "
            "catalogue makes product images of them.",
        )
        self.assertFalse(self.sample.photo_ids, "nothing saved")
        # A narrow one too: each side counts.
        response = self._post(f"{self.url}/photo", files={"photo": ("side.png", png(400, 99), "image/png")})
        self.assertIn("side.png is 400 × 99 px", self._error(response))
        response = self._post(f"{self.url}/photo", files={"photo": ("front.png", png(100, 100), "image/png")})
        self.assertIn("The photo is uploaded", response.text)
        self.assertEqual(self.sample.photo_ids.name, "front.png")
        self.assertTrue(self.sample.photo_ids.is_supplier_photo)
