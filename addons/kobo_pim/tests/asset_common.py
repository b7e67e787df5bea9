"""Products with colorways, channels and image files built with Pillow for the asset tests."""

import base64
import io
import os
import struct
import zlib

from PIL import Image

from odoo.tests import new_test_user

from .common import KoboPimCase


def image_file(width, height, image_format="PNG", colour=(30, 60, 90), mode="RGB", noise=False, **save):
    """The bytes of a ``width`` × ``height`` image; ``noise`` makes it incompressible."""
    if noise:
        image = Image.frombytes("RGB", (width, height), os.urandom(width * height * 3))
    else:
        image = Image.new(mode, (width, height), colour)
    output = io.BytesIO()
    image.save(output, format=image_format, **save)
    return output.getvalue()


def png_bomb(width, height):
    """A real, valid PNG of one colour (1 bit per pixel): a few KB declaring ``width`` × ``height``
    pixels, built with zlib so the test never holds the pixels in memory."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    row = b"\x00" * (1 + (width + 7) // 8)  # filter byte + the row's bits
    compressor = zlib.compressobj()
    block = row * 500
    body = b"".join(compressor.compress(block) for _ in range(height // 500))
    body += compressor.compress(row * (height % 500)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit greyscale
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b"")


def b64(raw):
    return base64.b64encode(raw)


class KoboAssetCase(KoboPimCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.internal_user = new_test_user(cls.env, "kobo_asset_internal", groups="base.group_user")
        colour = cls.env["product.attribute"].create(
            {
                "name": "Test colour",
                "display_type": "color",
                "value_ids": [(0, 0, {"name": "Navy"}), (0, 0, {"name": "Ecru"}), (0, 0, {"name": "Red"})],
            }
        )
        cls.navy, cls.ecru, cls.red = colour.value_ids
        size = cls.env["product.attribute"].create(
            {"name": "Test size", "value_ids": [(0, 0, {"name": "S"}), (0, 0, {"name": "M"})]}
        )
        cls.size_s = size.value_ids[0]
        cls.shirt = cls.env["product.template"].create(
            {
                "name": "Linen shirt",
                "attribute_line_ids": [
                    (0, 0, {"attribute_id": colour.id, "value_ids": [(6, 0, (cls.navy | cls.ecru).ids)]}),
                    (0, 0, {"attribute_id": size.id, "value_ids": [(6, 0, size.value_ids.ids)]}),
                ],
            }
        )
        cls.trousers = cls.env["product.template"].create({"name": "Wool trousers"})
        cls.google = cls.env["kobo.channel"].create(
            {
                "name": "Google DE",
                "code": "test_google_de",
                "channel_type": "feed",
                "image_min_size": 500,
                "image_square": True,
                "image_format": "jpeg",
            }
        )
        cls.shop = cls.env["kobo.channel"].create({"name": "Web shop", "code": "test_shop"})
        cls.front_png = image_file(600, 800)

    def _attachments(self):
        return (
            self.env["ir.attachment"]
            .sudo()
            .search_count(
                [("res_model", "in", ("kobo.asset", "kobo.asset.rendition")), ("res_field", "=", "image")]
            )
        )
