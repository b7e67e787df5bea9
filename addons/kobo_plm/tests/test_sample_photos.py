import base64
import io
import os

from PIL import Image

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .common import KoboStyleCase


def _png(size=(64, 48), colour="navy"):
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "PNG")
    return buffer.getvalue()


@tagged("post_install", "-at_install")
class TestSamplePhotos(KoboStyleCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.vendor = cls.env["res.partner"].create(
            {"name": "KT Factory", "is_company": True, "supplier_rank": 1}
        )
        cls.vendor_contact = cls.env["res.partner"].create(
            {"name": "KT Factory QC", "parent_id": cls.vendor.id}
        )
        cls.techpack = cls.env["kobo.techpack"].create({"style_id": cls.style.id})
        cls.sample = (
            cls.env["kobo.sample"]
            .with_user(cls.designer)
            .create(
                {
                    "techpack_id": cls.techpack.id,
                    "vendor_id": cls.vendor.id,
                    "size_id": cls.size_range.base_size_id.id,
                }
            )
        )

    def _add_photo(self, name, data):
        form = Form(self.sample)
        with form.photo_ids.new() as photo:
            photo.name = name
            photo.image_1920 = base64.b64encode(data)
        return form

    def test_a_png_is_kept_with_who_uploaded_it(self):
        self._add_photo("Front", _png((2400, 1200))).save()
        photo = self.sample.photo_ids
        self.assertEqual(
            (photo.name, photo.partner_id, photo.is_supplier_photo),
            ("Front", self.designer.partner_id, False),
        )
        with Image.open(io.BytesIO(base64.b64decode(photo.image_1920))) as image:
            self.assertEqual(image.size, (1920, 960), "Odoo's image field keeps at most 1920 px")
        self.assertTrue(photo.image_128)
        self.assertEqual(photo.company_id, self.sample.company_id)

    def test_photo_from_a_contact_of_the_vendor_is_a_supplier_photo(self):
        portal_user = (
            self.env["res.users"]
            .with_context(no_reset_password=True)
            .create(
                {
                    "login": "kt_factory_qc",
                    "partner_id": self.vendor_contact.id,
                    "groups_id": [Command.set([self.env.ref("base.group_portal").id])],
                }
            )
        )
        # The supplier portal creates photos with sudo, after its own checks, as the portal user.
        photo = (
            self.env["kobo.sample.photo"]
            .with_user(portal_user)
            .sudo()
            .create(
                {"sample_id": self.sample.id, "name": "Pre-shipment", "image_1920": base64.b64encode(_png())}
            )
        )
        self.assertEqual((photo.partner_id, photo.is_supplier_photo), (self.vendor_contact, True))
        self.assertEqual(self.sample.photo_ids, photo)

    def test_a_file_that_is_not_an_image_is_refused_and_nothing_saved(self):
        # Odoo's image field alone refuses the first ("This file could not be decoded as an image
        # file."), but stores the second as it is (it leaves anything starting with "<", SVG or
        # HTML, unprocessed) and fails on the third with a bare "image file is truncated" OSError.
        not_images = {
            "Garbage": b"\x00\x01garbage" * 500,
            "Web page": b"<html><body><script>alert(1)</script></body></html>",
            "Cut PNG": _png((300, 300), "red")[:200],
        }
        for name, data in not_images.items():
            form = self._add_photo(name, data)
            with self.assertRaisesMessage(
                ValidationError,
                rf"^{name}: the file is not an image; upload a PNG / JPEG / GIF / WebP file\.$",
            ):
                form.save()
            self.assertFalse(self.sample.photo_ids)

        self._add_photo("Front", _png()).save()
        photo = self.sample.photo_ids
        image = photo.image_1920
        with self.assertRaisesMessage(ValidationError, r"^Front: the file is not an image"):
            photo.with_user(self.designer).image_1920 = base64.b64encode(b"plain text, not a photo")
        self.assertEqual(photo.image_1920, image)

    def test_an_image_above_10_mb_is_refused(self):
        # Noise does not compress: a 1,900 × 1,900 PNG of it is about 10.3 MB.
        noise = Image.frombytes("RGB", (1900, 1900), os.urandom(1900 * 1900 * 3))
        buffer = io.BytesIO()
        noise.save(buffer, "PNG", compress_level=0)
        size = len(buffer.getvalue()) / 1024 / 1024
        self.assertGreater(size, 10)
        with self.assertRaisesMessage(
            ValidationError, rf"^Fabric close-up is {size:.1f} MB: a sample photo can be 10 MB at most\.$"
        ):
            self._add_photo("Fabric close-up", buffer.getvalue()).save()
        self.assertFalse(self.sample.photo_ids)

    def test_every_image_size_is_checked_not_only_the_full_one(self):
        # image.mixin's smaller sizes are writable related fields: over RPC a client can send an
        # SVG or any bytes to image_1024 or image_128 directly.
        svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
        Photo = self.env["kobo.sample.photo"].with_user(self.designer)
        photo = Photo.create(
            {"sample_id": self.sample.id, "name": "Front", "image_1920": base64.b64encode(_png())}
        )
        image = photo.image_1920
        for field_name in ("image_1920", "image_1024", "image_512", "image_256", "image_128"):
            for kind, data in (("SVG", svg), ("random bytes", os.urandom(2048))):
                value = base64.b64encode(data)
                with self.subTest(field=field_name, data=kind):
                    with self.assertRaisesMessage(ValidationError, r"^Back: the file is not an image"):
                        Photo.create({"sample_id": self.sample.id, "name": "Back", field_name: value})
                    with self.assertRaisesMessage(ValidationError, r"^Front: the file is not an image"):
                        photo.write({field_name: value})
        self.assertEqual(self.sample.photo_ids, photo)
        photo.invalidate_recordset()
        self.assertEqual(photo.image_1920, image)
