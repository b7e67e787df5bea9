from PIL import Image

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .asset_common import KoboAssetCase, b64, image_file, png_bomb


@tagged("post_install", "-at_install")
class TestAssetUpload(KoboAssetCase):
    def _create_as_catalogue_user(self, raw, name="front.png", **vals):
        return (
            self.env["kobo.asset"]
            .with_user(self.catalogue_user)
            .create({"product_tmpl_id": self.shirt.id, "name": name, "image": b64(raw), **vals})
        )

    def _assert_refused(self, raw, *phrases, name="front.png", **vals):
        """The upload is refused with a message naming the asset and the reason, nothing saved."""
        assets_before = self.env["kobo.asset"].search_count([])
        attachments_before = self._attachments()
        with self.assertRaises(ValidationError) as caught:
            self._create_as_catalogue_user(raw, name=name, **vals)
        message = str(caught.exception)
        for phrase in (f"{name} (Linen shirt, Front), Image: ", *phrases):
            self.assertIn(phrase, message)
        self.assertEqual(self.env["kobo.asset"].search_count([]), assets_before)
        self.assertEqual(self._attachments(), attachments_before)
        return message

    def test_catalogue_user_uploads_an_image_and_its_facts_are_read_from_the_file(self):
        raw = image_file(1200, 1600, "JPEG", noise=True)
        asset = self._create_as_catalogue_user(
            raw, name="front.jpg", role="front", alt_text="Navy linen shirt"
        )
        self.assertEqual((asset.width, asset.height), (1200, 1600))
        self.assertEqual(asset.file_size, len(raw))
        self.assertEqual(asset.image_format, "JPEG")
        self.assertEqual(asset.dimensions, "1200 × 1600 px")
        self.assertEqual(self.shirt.kobo_asset_ids, asset)
        # Every internal user reads the assets; only catalogue users change them.
        self.assertEqual(asset.with_user(self.internal_user).alt_text, "Navy linen shirt")
        with self.assertRaises(AccessError):
            asset.with_user(self.internal_user).write({"alt_text": "Mine"})
        with self.assertRaises(AccessError):
            self.env["kobo.asset"].with_user(self.internal_user).create(
                {"product_tmpl_id": self.shirt.id, "image": b64(self.front_png)}
            )

    def test_upload_in_a_fixed_number_of_queries(self):
        assets = self.env["kobo.asset"].with_user(self.catalogue_user)
        files = [b64(image_file(200 + index, 200, "JPEG")) for index in range(8)]
        assets.create([{"product_tmpl_id": self.shirt.id, "image": files[0]}])  # warm the caches
        counts = {}
        for count in (2, 8):
            self.env.flush_all()
            before = self.cr.sql_log_count
            created = assets.create(
                [{"product_tmpl_id": self.shirt.id, "image": data} for data in files[:count]]
            )
            self.env.flush_all()
            counts[count] = self.cr.sql_log_count - before
            self.assertEqual(created.mapped("width"), [200 + index for index in range(count)])
        # The same for 2 and 8 files (other installed addons may add a fixed query or two).
        self.assertEqual(counts[2], counts[8], counts)
        self.assertLessEqual(counts[8], 8, counts)

    def test_an_import_names_the_row_of_the_bad_file(self):
        result = (
            self.env["kobo.asset"]
            .with_user(self.catalogue_user)
            .load(
                ["product_tmpl_id", "name", "role", "image"],
                [
                    ["Linen shirt", "front.png", "Front", b64(self.front_png).decode()],
                    ["Linen shirt", "back.png", "Back", b64(b"GIF89a but not really").decode()],
                ],
            )
        )
        self.assertFalse(result["ids"])
        reason = (
            "back.png (Linen shirt, Back), Image: the file is not an image Pillow can read "
            "(accepted: JPEG, PNG, WEBP, GIF)."
        )
        # Odoo reports the batch's error (our message names the row) and then retries row by row.
        self.assertEqual(
            [(message["rows"]["from"], message["message"]) for message in result["messages"]],
            [(0, f"Row 2: {reason}"), (1, reason)],
        )
        self.assertFalse(self.env["kobo.asset"].search([("product_tmpl_id", "=", self.shirt.id)]))

    def test_use_as_the_product_image(self):
        asset = self._create_as_catalogue_user(image_file(600, 800, "JPEG", noise=True))
        asset.action_kobo_use_as_product_image()
        self.assertEqual(self.shirt.image_1920, asset.image)
        self.assertTrue(self.shirt.image_128)
        video = self.env["kobo.asset"].create(
            {
                "product_tmpl_id": self.shirt.id,
                "kind": "video",
                "name": "Film",
                "video_url": "https://vimeo.com/1",
            }
        )
        with self.assertRaises(UserError) as caught:
            video.with_user(self.catalogue_user).action_kobo_use_as_product_image()
        self.assertEqual(
            str(caught.exception), "Film (Linen shirt, Front) has no image to use as the product image."
        )
        with self.assertRaises(AccessError):
            asset.with_user(self.internal_user).action_kobo_use_as_product_image()

    def test_a_copy_reads_its_facts_again(self):
        asset = self._create_as_catalogue_user(self.front_png, alt_text="Front")
        twin = asset.copy({"role": "back"})
        self.assertEqual((twin.width, twin.height, twin.role), (600, 800, "back"))
        self.assertEqual(twin.image_checksum, asset.image_checksum)

    def test_upload_through_the_form(self):
        with Form(self.env["kobo.asset"].with_user(self.catalogue_user)) as form:
            form.product_tmpl_id = self.shirt
            form.role = "back"
            form.image = b64(image_file(400, 300))
            form.name = "back.png"
        self.assertEqual(form.record.dimensions, "400 × 300 px")
        self.assertEqual(form.record.image_format, "PNG")

    def test_phone_photo_is_measured_as_it_is_shown(self):
        # Stored 600 wide and 400 high, with EXIF "turn a quarter": shown 400 × 600.
        exif = Image.Exif()
        exif[0x0112] = 6
        photo = image_file(600, 400, "JPEG", noise=True, exif=exif)
        asset = self._create_as_catalogue_user(photo, name="phone.jpg")
        self.assertEqual((asset.width, asset.height), (400, 600))

    def test_client_cannot_write_fake_dimensions(self):
        with self.assertRaises(AccessError) as caught:
            self._create_as_catalogue_user(self.front_png, width=5000, height=5000)
        self.assertEqual(
            str(caught.exception), "Height, Width are read from the image file and cannot be set by hand."
        )
        asset = self._create_as_catalogue_user(self.front_png)
        # No context an RPC client can send switches the guard off.
        for vals in ({"width": 5000}, {"file_size": 1}, {"image_checksum": "0" * 40}):
            for context in ({}, {"kobo_privileged": True}, {"kobo_privileged": "1"}):
                with self.subTest(vals=vals, context=context), self.assertRaises(AccessError):
                    asset.with_context(**context).write(vals)
        self.assertEqual((asset.width, asset.height), (600, 800))
        self.assertEqual(asset.file_size, len(self.front_png))

    def test_the_image_file_cannot_be_changed_behind_the_asset(self):
        asset = self._create_as_catalogue_user(self.front_png)
        attachment = (
            self.env["ir.attachment"]
            .with_user(self.catalogue_user)
            .search(
                [("res_model", "=", "kobo.asset"), ("res_field", "=", "image"), ("res_id", "=", asset.id)]
            )
        )
        self.assertEqual(len(attachment), 1, "a catalogue user can find the file")
        message = "An asset's image file changes only through the asset, where it is checked."
        attempts = {
            "write": lambda: attachment.write({"datas": b64(png_bomb(20000, 20000))}),
            "unlink": attachment.unlink,
            "create": lambda: attachment.create(
                {
                    "name": "image",
                    "res_model": "kobo.asset",
                    "res_field": "image",
                    "res_id": asset.id,
                    "raw": b"x",
                }
            ),
            "move": lambda: self.env["ir.attachment"]
            .with_user(self.catalogue_user)
            .create({"name": "mine.txt", "raw": b"x"})
            .write({"res_model": "kobo.asset", "res_field": "image", "res_id": asset.id}),
        }
        for name, attempt in attempts.items():
            with self.subTest(name), self.assertRaises(AccessError) as caught:
                attempt()
            self.assertEqual(str(caught.exception), message)
        asset.invalidate_recordset()
        self.assertEqual(asset.image, b64(self.front_png))
        # Through the asset, replacing and deleting work as usual.
        asset.image = b64(image_file(300, 300))
        self.assertEqual(asset.width, 300)
        asset.unlink()
        self.assertFalse(attachment.sudo().exists())

    def test_files_that_are_not_good_images_are_refused_with_the_reason(self):
        truncated_jpeg = image_file(400, 400, "JPEG", noise=True)
        cases = [
            (
                b"%PDF-1.4 not a picture",
                "the file is not an image Pillow can read (accepted: JPEG, PNG, WEBP, GIF).",
            ),
            (image_file(300, 300, "BMP"), "BMP images are not accepted: use JPEG, PNG, WEBP, GIF."),
            (image_file(80, 400), "80 × 400 pixels is too small: each side needs at least 100 pixels."),
            (
                png_bomb(7000, 7000),
                "7000 × 7000 pixels is 49.0 megapixels, above the limit of 40 megapixels.",
            ),
            (truncated_jpeg[: len(truncated_jpeg) // 2], "the image is damaged or truncated"),
            (self.front_png[:-40], "the image is damaged or truncated"),
        ]
        for raw, reason in cases:
            with self.subTest(reason=reason):
                self._assert_refused(raw, reason)

    def test_decompression_bombs_are_refused_before_their_pixels_are_decoded(self):
        # 48 KB declaring 400 million pixels (Pillow's bomb error) and 12 KB declaring 100
        # million (Pillow's bomb warning, which the check turns into a refusal).
        for width in (20000, 10000):
            bomb = png_bomb(width, width)
            self.assertLess(len(bomb), 60_000)
            with self.subTest(width=width):
                self._assert_refused(
                    bomb,
                    "the image declares more than 89 megapixels: refused as a possible decompression bomb.",
                    name="bomb.png",
                )

    def test_text_that_is_not_base64_is_refused(self):
        with self.assertRaises(ValidationError) as caught:
            self.env["kobo.asset"].with_user(self.catalogue_user).create(
                {"product_tmpl_id": self.shirt.id, "name": "x.png", "image": "not base64 at all!"}
            )
        self.assertEqual(
            str(caught.exception), "x.png (Linen shirt, Front), Image: the file is not valid base64 data."
        )

    def test_limits_come_from_system_parameters(self):
        params = self.env["ir.config_parameter"].sudo()
        params.set_param("kobo_pim.asset_max_megapixels", "0.25")
        self._assert_refused(
            image_file(600, 800), "600 × 800 pixels is 0.5 megapixels, above the limit of 0.25 megapixels."
        )
        params.set_param("kobo_pim.asset_max_file_size_mb", "0.05")
        params.set_param("kobo_pim.asset_max_megapixels", "40")
        self._assert_refused(
            image_file(200, 200, noise=True), "the file is 0.1 MB, above the limit of 0.05 MB."
        )
        params.set_param("kobo_pim.asset_min_side_px", "1000")
        self._assert_refused(image_file(600, 800), "each side needs at least 1000 pixels")

    def test_a_bad_row_refuses_the_whole_batch_and_says_which_row(self):
        attachments_before = self._attachments()
        with self.assertRaises(ValidationError) as caught:
            self.env["kobo.asset"].with_user(self.catalogue_user).create(
                [
                    {"product_tmpl_id": self.shirt.id, "name": "front.png", "image": b64(self.front_png)},
                    {
                        "product_tmpl_id": self.shirt.id,
                        "name": "back.png",
                        "role": "back",
                        "image": b64(b"junk"),
                    },
                    {"product_tmpl_id": self.trousers.id, "name": "flat.png", "image": b64(self.front_png)},
                ]
            )
        self.assertIn(
            "Row 2: back.png (Linen shirt, Back), Image: the file is not an image", str(caught.exception)
        )
        self.assertFalse(
            self.env["kobo.asset"].search([("product_tmpl_id", "in", (self.shirt | self.trousers).ids)])
        )
        self.assertEqual(self._attachments(), attachments_before)

    def test_replacing_with_a_bad_file_keeps_the_old_image(self):
        asset = self._create_as_catalogue_user(self.front_png)
        checksum = asset.image_checksum
        with self.assertRaises(ValidationError) as caught:
            asset.write({"image": b64(png_bomb(20000, 20000))})
        self.assertIn(
            "front.png (Linen shirt, Front), Image: the image declares more than", str(caught.exception)
        )
        asset.invalidate_recordset()
        self.assertEqual(asset.image_checksum, checksum)
        self.assertEqual(b64(self.front_png), asset.image)
        self.assertEqual((asset.width, asset.height), (600, 800))
        # A good replacement updates the facts.
        asset.write({"image": b64(image_file(500, 500, "WEBP"))})
        self.assertEqual((asset.width, asset.height, asset.image_format), (500, 500, "WEBP"))
        self.assertNotEqual(asset.image_checksum, checksum)

    def test_image_asset_needs_an_image(self):
        with self.assertRaises(ValidationError) as caught:
            self.env["kobo.asset"].with_user(self.catalogue_user).create(
                {"product_tmpl_id": self.shirt.id, "name": "empty", "role": "detail"}
            )
        self.assertEqual(
            str(caught.exception), "empty (Linen shirt, Detail): an image asset needs an image file."
        )
        asset = self._create_as_catalogue_user(self.front_png)
        with self.assertRaises(ValidationError):
            asset.write({"image": False})


@tagged("post_install", "-at_install")
class TestAssetContent(KoboAssetCase):
    def test_video_links_need_a_web_address(self):
        assets = self.env["kobo.asset"].with_user(self.catalogue_user)
        video = assets.create(
            {
                "product_tmpl_id": self.shirt.id,
                "kind": "video",
                "role": "lifestyle",
                "name": "Campaign",
                "video_url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
            }
        )
        self.assertEqual(video.dimensions, "")
        for url in (
            "ftp://example.com/film.mp4",
            "javascript:alert(1)",
            "www.youtube.com/watch?v=x",
            "https://",
        ):
            with self.subTest(url=url), self.assertRaises(ValidationError) as caught:
                assets.create(
                    {"product_tmpl_id": self.shirt.id, "kind": "video", "name": "Campaign", "video_url": url}
                )
            self.assertEqual(
                str(caught.exception),
                f"Campaign (Linen shirt, Front): the video URL {url} is not a web address (http:// or https://).",
            )
        with self.assertRaises(ValidationError) as caught:
            assets.create({"product_tmpl_id": self.shirt.id, "kind": "video", "name": "Campaign"})
        self.assertEqual(str(caught.exception), "Campaign (Linen shirt, Front): a video link needs its URL.")

    def test_colorway_must_be_a_colour_of_the_product(self):
        assets = self.env["kobo.asset"].with_user(self.catalogue_user)
        navy = assets.create(
            {
                "product_tmpl_id": self.shirt.id,
                "name": "navy.png",
                "color_value_id": self.navy.id,
                "image": b64(self.front_png),
            }
        )
        self.assertEqual(navy.color_value_id.name, "Navy")
        for value in (self.red, self.size_s):
            with self.subTest(value=value.name), self.assertRaises(ValidationError) as caught:
                assets.create(
                    {
                        "product_tmpl_id": self.shirt.id,
                        "name": "other.png",
                        "color_value_id": value.id,
                        "image": b64(self.front_png),
                    }
                )
            self.assertIn(
                "is not a colorway of Linen shirt; its colorways are: Navy, Ecru.", str(caught.exception)
            )
            self.assertIn("other.png (Linen shirt, Front): Test ", str(caught.exception))
        # An asset never moves to another product (whose colorways it may not even show).
        with self.assertRaisesRegex(UserError, "navy.png: Product cannot be changed once the record exists"):
            navy.write({"product_tmpl_id": self.trousers.id})
        self.assertEqual(navy.product_tmpl_id, self.shirt)

    def test_alt_text_per_locale(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["res.lang"]._activate_lang("de_DE")
        asset = (
            self.env["kobo.asset"]
            .with_user(self.catalogue_user)
            .create(
                {
                    "product_tmpl_id": self.shirt.id,
                    "image": b64(self.front_png),
                    "alt_text": "Navy linen shirt",
                }
            )
        )
        asset.with_context(lang="fr_FR").alt_text = "Chemise en lin marine"
        asset.with_context(lang="de_DE").alt_text = "Marineblaues Leinenhemd"
        asset.invalidate_recordset()
        self.assertEqual(asset.with_context(lang="en_US").alt_text, "Navy linen shirt")
        self.assertEqual(asset.with_context(lang="fr_FR").alt_text, "Chemise en lin marine")
        self.assertEqual(asset.with_context(lang="de_DE").alt_text, "Marineblaues Leinenhemd")

    def test_assets_for_a_channel_in_order(self):
        assets = self.env["kobo.asset"]
        front = assets.create(
            {"product_tmpl_id": self.shirt.id, "role": "front", "sequence": 10, "image": b64(self.front_png)}
        )
        back_google = assets.create(
            {
                "product_tmpl_id": self.shirt.id,
                "role": "back",
                "sequence": 5,
                "image": b64(self.front_png),
                "channel_ids": [(6, 0, self.google.ids)],
            }
        )
        detail_shop = assets.create(
            {
                "product_tmpl_id": self.shirt.id,
                "role": "detail",
                "sequence": 1,
                "image": b64(self.front_png),
                "channel_ids": [(6, 0, self.shop.ids)],
            }
        )
        products = (self.shirt | self.trousers).with_user(self.catalogue_user)
        self.assertEqual(
            products._kobo_assets_for_channel(self.google),
            {self.shirt.id: back_google | front, self.trousers.id: assets},
        )
        by_product = products._kobo_assets_for_channel(self.shop)
        self.assertEqual(by_product[self.shirt.id].mapped("role"), ["detail", "front"])
        self.assertEqual(by_product[self.shirt.id], detail_shop | front)

    def test_assets_for_a_channel_in_a_fixed_number_of_queries(self):
        def products_with_assets(count):
            products = self.env["product.template"].create(
                [{"name": f"Tee {index}"} for index in range(count)]
            )
            self.env["kobo.asset"].create(
                [
                    {"product_tmpl_id": product.id, "role": role, "image": b64(self.front_png), **channel}
                    for product in products
                    for role, channel in (("front", {}), ("back", {"channel_ids": [(6, 0, self.google.ids)]}))
                ]
            )
            return products

        for count in (2, 8):
            products = products_with_assets(count).with_user(self.catalogue_user)
            self.env.invalidate_all()
            with self.assertQueryCount(5):
                by_product = products._kobo_assets_for_channel(self.google)
                self.assertEqual(len(by_product), count)
                self.assertEqual({len(assets) for assets in by_product.values()}, {2})
