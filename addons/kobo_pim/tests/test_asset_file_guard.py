"""No sequence of attachment creates, writes, copies or imports puts an unchecked file behind an
asset's image: tried as a catalogue user and as a catalogue manager, and as server code writing
as superuser on their behalf."""

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .asset_common import KoboAssetCase, b64, image_file

MESSAGE = "An asset's image file changes only through the asset, where it is checked."


@tagged("post_install", "-at_install")
class TestAssetFileGuard(KoboAssetCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        assets = cls.env["kobo.asset"].with_user(cls.catalogue_user)
        cls.asset = assets.create(
            {"product_tmpl_id": cls.shirt.id, "name": "front.png", "image": b64(cls.front_png)}
        )
        cls.other_asset = assets.create(
            {"product_tmpl_id": cls.trousers.id, "name": "back.png", "image": b64(image_file(300, 300))}
        )
        # A file Pillow would refuse (40 × 40 pixels, below the 100-pixel minimum): the test is
        # whether it can end up served as an asset's image without going through the check.
        cls.unchecked = image_file(40, 40, colour=(255, 0, 0))
        cls.users = {"catalogue user": cls.catalogue_user, "catalogue manager": cls.catalogue_manager}

    def _file(self, asset=None):
        asset = asset or self.asset
        return (
            self.env["ir.attachment"]
            .sudo()
            .search(
                [("res_model", "=", "kobo.asset"), ("res_field", "=", "image"), ("res_id", "=", asset.id)]
            )
        )

    def _served(self, asset=None):
        """The bytes /web/image/kobo.asset/<id>/image sends: ir.binary streams the first file
        attachment it finds (the newest, ir.attachment's order)."""
        asset = asset or self.asset
        return (
            self.env["ir.attachment"]
            .sudo()
            .search(
                [("res_model", "=", asset._name), ("res_id", "=", asset.id), ("res_field", "=", "image")],
                limit=1,
            )
            .raw
        )

    def _unchecked_files(self):
        return (
            self.env["ir.attachment"]
            .sudo()
            .search_count(
                [
                    ("id", "!=", False),
                    ("checksum", "=", self.env["ir.attachment"]._compute_checksum(self.unchecked)),
                ]
            )
        )

    def _assert_refused(self, attempt):
        """``attempt`` is refused with the guard's message; the assets keep their checked files."""
        files_before = self._file() | self._file(self.other_asset)
        unchecked_before = self._unchecked_files()
        with self.assertRaises(AccessError) as caught:
            attempt()
        self.assertEqual(str(caught.exception), MESSAGE)
        self.assertEqual(self._file() | self._file(self.other_asset), files_before)
        self.assertEqual(self._unchecked_files(), unchecked_before)
        self.assertEqual(self._served(), self.front_png)
        self.assertEqual(self._served(self.other_asset), image_file(300, 300))
        self.asset.invalidate_recordset()
        self.assertEqual(self.asset.image, b64(self.front_png))

    def _plain(self, user, **vals):
        """An attachment a user may make (not an asset file), to move afterwards."""
        return (
            self.env["ir.attachment"]
            .with_user(user)
            .create({"name": "unchecked.png", "raw": self.unchecked, **vals})
        )

    def test_creating_an_asset_file_is_refused_however_the_values_arrive(self):
        asset_file = {"res_model": "kobo.asset", "res_field": "image", "res_id": self.asset.id}
        new = {"name": "image", "raw": self.unchecked}
        for label, user in self.users.items():
            attachments = self.env["ir.attachment"].with_user(user)
            attempts = {
                "values": lambda a=attachments: a.create({**new, **asset_file}),
                "datas, type binary": lambda a=attachments: a.create(
                    {"name": "image", "datas": b64(self.unchecked), "type": "binary", **asset_file}
                ),
                "url attachment": lambda a=attachments: a.create(
                    {"name": "image", "type": "url", "url": "https://example.com/x.png", **asset_file}
                ),
                "default_res_field": lambda a=attachments: a.with_context(default_res_field="image").create(
                    {**new, "res_model": "kobo.asset", "res_id": self.asset.id}
                ),
                "default_res_model and default_res_field": lambda a=attachments: a.with_context(
                    default_res_model="kobo.asset", default_res_field="image", default_res_id=self.asset.id
                ).create(new),
                "on a rendition": lambda a=attachments: a.create(
                    {**new, "res_model": "kobo.asset.rendition", "res_field": "image", "res_id": 1}
                ),
                "in a batch after a plain file": lambda a=attachments: a.create(
                    [{"name": "plain.txt", "raw": b"plain"}, {**new, **asset_file}]
                ),
                "a forged privilege key": lambda a=attachments: a.with_context(kobo_privileged=True).create(
                    {**new, **asset_file}
                ),
            }
            for name, attempt in attempts.items():
                with self.subTest(user=label, attempt=name):
                    self._assert_refused(attempt)

    def test_an_import_cannot_make_an_asset_file(self):
        for label, user in self.users.items():
            with self.subTest(user=label):
                files_before = self._file()
                result = (
                    self.env["ir.attachment"]
                    .with_user(user)
                    .load(
                        ["name", "res_model", "res_field", "res_id", "datas"],
                        [["image", "kobo.asset", "image", str(self.asset.id), b64(self.unchecked).decode()]],
                    )
                )
                self.assertFalse(result["ids"])
                self.assertEqual([message["message"] for message in result["messages"]], [MESSAGE])
                self.assertEqual(self._file(), files_before)
                self.assertEqual(self._served(), self.front_png)

    def test_moving_an_attachment_onto_an_asset_is_refused_in_every_order(self):
        for label, user in self.users.items():
            asset_id = self.asset.id
            asset_file = {"res_model": "kobo.asset", "res_field": "image", "res_id": asset_id}
            sequences = {
                # The two steps: a plain attachment on the asset, then its res_field...
                "res_field last": ({"res_model": "kobo.asset", "res_id": asset_id}, [{"res_field": "image"}]),
                # ... or a file made elsewhere, then res_model / res_id.
                "res_model and res_id last": (
                    {"res_field": "image"},
                    [{"res_model": "kobo.asset", "res_id": asset_id}],
                ),
                "res_model alone last": (
                    {"res_field": "image", "res_id": asset_id},
                    [{"res_model": "kobo.asset"}],
                ),
                "one at a time": (
                    {},
                    [{"res_model": "kobo.asset"}, {"res_id": asset_id}, {"res_field": "image"}],
                ),
                "from another asset's attachment": (
                    {"res_model": "kobo.asset", "res_id": self.other_asset.id},
                    [{"res_id": asset_id, "res_field": "image"}],
                ),
                "all at once": ({}, [asset_file]),
                "onto a rendition": (
                    {"res_field": "image"},
                    [{"res_model": "kobo.asset.rendition", "res_id": 1}],
                ),
            }
            for name, (start, writes) in sequences.items():
                with self.subTest(user=label, sequence=name):
                    plain = self._plain(user, **start)
                    for vals in writes[:-1]:
                        plain.write(vals)  # not an asset file yet: allowed
                    self._assert_refused(lambda plain=plain, vals=writes[-1]: plain.write(vals))

    def test_copies_do_not_make_asset_files(self):
        for label, user in self.users.items():
            asset_file = self._file().with_user(user)
            plain = self._plain(user, res_model="kobo.asset", res_id=self.asset.id)
            attempts = {
                "copy of the asset's file": asset_file.copy,
                "copy onto another asset": lambda f=asset_file: f.copy({"res_id": self.other_asset.id}),
                "copy of a plain file with default res_field": lambda p=plain: p.copy({"res_field": "image"}),
                "copy with the whole identity": lambda p=plain: p.copy(
                    {"res_model": "kobo.asset", "res_field": "image", "res_id": self.other_asset.id}
                ),
            }
            for name, attempt in attempts.items():
                with self.subTest(user=label, attempt=name):
                    self._assert_refused(attempt)

    def test_the_asset_file_itself_cannot_be_changed(self):
        for label, user in self.users.items():
            asset_file = self._file().with_user(user)
            self.assertEqual(len(asset_file), 1)
            changes = {
                "datas": {"datas": b64(self.unchecked)},
                "raw": {"raw": self.unchecked},
                "db_datas": {"db_datas": self.unchecked},
                "emptied": {"datas": False},
                "made a URL": {"type": "url", "url": "https://example.com/x.png"},
                "mimetype": {"mimetype": "text/html"},
                "store_fname": {"store_fname": "ab/" + "0" * 40},
                "moved to another asset": {"res_id": self.other_asset.id},
                "moved to another field": {"res_field": "video_url"},
                "made public": {"public": True},
                "shared by token": {"access_token": "guessable"},
                "renamed": {"name": "renamed.png"},
            }
            for name, vals in changes.items():
                with self.subTest(user=label, change=name):
                    self._assert_refused(lambda f=asset_file, vals=vals: f.write(vals))
                    self.assertFalse(self._file().public)
            with self.subTest(user=label, change="deleted"):
                self._assert_refused(asset_file.unlink)

    def test_server_code_acting_for_a_user_cannot_make_or_change_asset_files(self):
        # What code running as superuser on a user's behalf does (e.g. mail moving the files of a
        # new message onto its record): the superuser has no bypass, only privileged() does.
        plain = self._plain(self.catalogue_user, res_field="image")
        self._assert_refused(lambda: plain.sudo().write({"res_model": "kobo.asset", "res_id": self.asset.id}))
        self._assert_refused(
            lambda: self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": "image",
                    "raw": self.unchecked,
                    "res_model": "kobo.asset",
                    "res_field": "image",
                    "res_id": self.asset.id,
                }
            )
        )
        self._assert_refused(lambda: self._file().sudo().write({"raw": self.unchecked}))
        self._assert_refused(lambda: self._file().sudo().copy())
        # Sharing a file stays server code's business (the retailer sheet's image URLs).
        token = self._file().sudo().generate_access_token()[0]
        self.assertEqual(self._file().access_token, token)

    def test_the_checked_paths_still_work(self):
        asset = self.asset.with_user(self.catalogue_user)
        asset.image = b64(image_file(500, 500))
        self.assertEqual((asset.width, asset.height), (500, 500))
        self.assertEqual(self._served(), image_file(500, 500))
        self.assertEqual(len(self._file()), 1)
        # Renditions are made from the checked file.
        rendition = asset._kobo_rendition(self.google)
        self.assertEqual((rendition.width, rendition.height), (500, 500))
        # Odoo's "force storage" rewrites each file with its own content: nothing changes.
        admin = self.env.ref("base.user_admin")
        self._file().with_user(admin)._migrate()
        self.assertEqual(self._served(), image_file(500, 500))
        # Deleting an asset deletes its file.
        other = self.other_asset.with_user(self.catalogue_manager)
        other_file = self._file(self.other_asset)
        other.unlink()
        self.assertFalse(other_file.exists())
