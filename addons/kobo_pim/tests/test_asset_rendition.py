import base64
import io
import threading
from unittest.mock import patch

import psycopg2.errors
from PIL import Image

from odoo import sql_db
from odoo.addons.kobo_pim.models import kobo_asset
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user, tagged

from .asset_common import KoboAssetCase, b64, image_file


def opened(rendition):
    return Image.open(io.BytesIO(base64.b64decode(rendition.image)))


@tagged("post_install", "-at_install")
class TestAssetRendition(KoboAssetCase):
    def _asset(self, raw, **vals):
        return self.env["kobo.asset"].create({"product_tmpl_id": self.shirt.id, "image": b64(raw), **vals})

    def test_a_second_transaction_making_the_same_renditions_gives_way(self):
        """Two jobs making the same renditions at once (two channels with equal specs): the one
        that meets the other's rendition waits for it to commit, then PostgreSQL refuses to
        serialize it, a concurrency error Odoo and queue_job retry in a new snapshot, where the
        renditions are found. Without the reservation, its INSERT fails on the unique (asset,
        spec) instead, and its listings with it."""
        asset = self.env["kobo.asset"].search(
            [("kind", "=", "image"), ("image_checksum", "!=", False)], limit=1
        )
        self.assertTrue(asset, "the demo's image assets: committed, so another connection sees them")
        self.shop.image_max_size = 321  # a spec no rendition has yet
        spec = self.shop._kobo_rendition_spec().key
        other = sql_db.db_connect(self.env.cr.dbname).cursor()  # another job's transaction
        try:
            other.execute(
                "INSERT INTO kobo_asset_rendition (asset_id, spec_key) VALUES (%s, %s)", [asset.id, spec]
            )
            committed = threading.Event()

            def commit_other():
                other.commit()
                committed.set()

            timer = threading.Timer(0.5, commit_other)
            timer.start()
            with self.assertRaises(psycopg2.errors.SerializationFailure):
                asset._kobo_renditions(self.shop)
            self.assertTrue(committed.is_set(), "it waited for the other transaction to end")
            timer.join()
        finally:
            other.execute(
                "DELETE FROM kobo_asset_rendition WHERE asset_id = %s AND spec_key = %s", [asset.id, spec]
            )
            other.commit()
            other.close()
        # Without the other transaction (the retry, here in the same snapshot), the rendition is made.
        rendition = asset._kobo_rendition(self.shop)
        self.assertEqual(rendition.spec_key, spec)
        self.assertLessEqual(max(rendition.width, rendition.height), 321)
        self.assertTrue(rendition.image)

    def test_square_jpeg_padded_on_white_without_upscaling(self):
        # A 600 × 800 PNG, half transparent: Google gets an 800 × 800 JPEG, padded on white.
        source = Image.new("RGBA", (600, 800), (30, 60, 90, 255))
        source.paste((0, 0, 0, 0), (0, 0, 600, 400))
        output = io.BytesIO()
        source.save(output, format="PNG")
        asset = self._asset(output.getvalue())
        rendition = asset.with_user(self.internal_user)._kobo_rendition(self.google)
        self.assertEqual((rendition.width, rendition.height), (800, 800))
        image = opened(rendition)
        self.assertEqual((image.format, image.size), ("JPEG", (800, 800)))
        self.assertEqual(rendition.spec_key, "jpeg-full-square-#FFFFFF-q90")
        for point, colour in (
            ((50, 700), (255, 255, 255)),
            ((400, 200), (255, 255, 255)),
            ((400, 600), (30, 60, 90)),
        ):
            with self.subTest(point=point):
                for channel, expected in zip(image.getpixel(point), colour, strict=True):
                    self.assertAlmostEqual(channel, expected, delta=6)  # JPEG is lossy

    def test_small_image_is_not_enlarged_and_is_reported(self):
        small = self._asset(image_file(320, 320), role="front")
        large = self._asset(image_file(900, 700), role="back")
        self.assertEqual(
            (small._kobo_rendition(self.google).width, small._kobo_rendition(self.google).height), (320, 320)
        )
        self.assertEqual(
            (small | large)._kobo_image_size_issues(self.google),
            {small.id: "Front image 320×320 is below 500×500"},
        )
        self.assertEqual((small | large)._kobo_image_size_issues(self.shop), {})

    def test_large_image_scaled_down_to_the_channel_maximum(self):
        self.shop.write({"image_max_size": 1000, "image_format": "png", "image_background": "#000000"})
        asset = self._asset(image_file(2000, 1000, "JPEG", noise=True))
        rendition = asset._kobo_rendition(self.shop)
        self.assertEqual((rendition.width, rendition.height), (1000, 500))
        self.assertEqual(opened(rendition).format, "PNG")
        self.assertEqual(rendition.spec_key, "png-1000-fit-#000000-q0")

    def test_rendition_is_stored_once_and_made_again_only_when_the_source_changes(self):
        asset = self._asset(image_file(600, 800))
        first = asset._kobo_rendition(self.google)
        attachments = self._attachments()
        stored = first.image

        # Same channel again, and another channel with the same spec: the same stored file.
        twin = self.google.copy({"name": "Google AT", "code": "test_google_at"})
        again = asset._kobo_rendition(self.google)
        shared = asset._kobo_rendition(twin)
        self.assertEqual(again, first)
        self.assertEqual(shared, first)
        self.assertEqual(self._attachments(), attachments)
        self.assertEqual(len(asset.rendition_ids), 1)

        # A new source: the rendition is made again, in the same record and attachment.
        asset.image = b64(image_file(1000, 400, colour=(200, 0, 0)))
        redone = asset._kobo_rendition(self.google)
        self.assertEqual(redone, first)
        self.assertEqual((redone.width, redone.height), (1000, 1000))
        self.assertEqual(redone.source_checksum, asset.image_checksum)
        self.assertNotEqual(redone.image, stored)
        self.assertEqual(self._attachments(), attachments)

        # Another spec is another rendition.
        self.shop.image_square = False
        self.assertEqual(
            (asset._kobo_rendition(self.shop).width, asset._kobo_rendition(self.shop).height), (1000, 400)
        )
        self.assertEqual(len(asset.rendition_ids), 2)

    def test_many_renditions_are_made_a_chunk_at_a_time(self):
        assets = self.env["kobo.asset"].create(
            [
                {"product_tmpl_id": self.shirt.id, "image": b64(image_file(200 + index, 150))}
                for index in range(5)
            ]
        )
        with patch.object(kobo_asset, "RENDITION_CHUNK", 2):
            renditions = assets._kobo_renditions(self.google)
        self.assertEqual(
            [(renditions[asset.id].width, renditions[asset.id].height) for asset in assets],
            [(200 + index, 200 + index) for index in range(5)],
        )
        self.assertEqual(len(set(renditions.values())), 5)

    def test_video_links_have_no_rendition(self):
        video = self.env["kobo.asset"].create(
            {"product_tmpl_id": self.shirt.id, "kind": "video", "video_url": "https://vimeo.com/1"}
        )
        self.assertFalse(video._kobo_rendition(self.google))
        self.assertEqual(video._kobo_renditions(self.google), {})

    def test_renditions_in_a_fixed_number_of_queries(self):
        def assets(count):
            return self.env["kobo.asset"].create(
                [
                    {"product_tmpl_id": self.shirt.id, "image": b64(image_file(200 + index, 200))}
                    for index in range(count)
                ]
            )

        for count in (2, 6):
            batch = assets(count).with_user(self.catalogue_user)
            batch._kobo_renditions(self.google)  # made once
            self.env.invalidate_all()
            with self.assertQueryCount(4):
                renditions = batch._kobo_renditions(self.google)
                self.assertEqual(len(renditions), count)

    def test_portal_user_cannot_get_renditions(self):
        asset = self._asset(image_file(600, 800))
        portal = new_test_user(self.env, "kobo_asset_portal", groups="base.group_portal")
        with self.assertRaises(AccessError):
            asset.with_user(portal)._kobo_renditions(self.google)
        self.assertFalse(self.env["kobo.asset.rendition"].search([("asset_id", "=", asset.id)]))

    def test_clients_cannot_write_renditions(self):
        rendition = self._asset(image_file(600, 800))._kobo_rendition(self.google)
        with self.assertRaises(AccessError):
            rendition.with_user(self.catalogue_user).write({"width": 5000})
        with self.assertRaises(AccessError):
            self.env["kobo.asset.rendition"].with_user(self.catalogue_manager).create(
                {"asset_id": rendition.asset_id.id, "spec_key": "fake"}
            )


@tagged("post_install", "-at_install")
class TestChannelImageSpec(KoboAssetCase):
    def test_bad_image_settings_are_refused_with_the_channel_named(self):
        cases = [
            (
                {"image_background": "white"},
                "Web shop: the image background white is not a colour like #FFFFFF.",
            ),
            (
                {"image_min_size": 800, "image_max_size": 600},
                "Web shop: the maximum image size (600 px) is below the minimum (800 px).",
            ),
            ({"image_min_size": -1}, "Web shop: image sizes cannot be negative."),
            ({"image_quality": 100}, "Web shop: the JPEG quality must be between 1 and 95, not 100."),
        ]
        shop = self.shop.with_user(self.catalogue_manager)
        for vals, message in cases:
            with self.subTest(vals=vals), self.assertRaises(ValidationError) as caught:
                shop.write(vals)
            self.assertEqual(str(caught.exception), message)
        shop.write({"image_min_size": 500, "image_max_size": 2000, "image_background": "#f5f5f5"})
        self.assertEqual(shop._kobo_rendition_spec().key, "jpeg-2000-fit-#F5F5F5-q90")
