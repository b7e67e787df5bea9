"""The files behind asset images are made and changed only by the asset, where they are checked.

Odoo stores a Binary field with ``attachment=True`` as an ``ir.attachment`` whose ``res_model``,
``res_field`` and ``res_id`` say whose file it is, and ``/web/image`` serves the newest such
attachment. An attachment made or moved there any other way would be served as the asset's image
although Pillow never checked it, and the asset's dimensions and checksum would describe another
file. So the guard judges what each create, write and copy *stores*, however it got there: the
values sent, ``default_*`` context keys, ``copy(default=…)``, ``res_model`` / ``res_id`` /
``res_field`` written one at a time, server code writing as superuser on a user's behalf.

- Only the asset's own checked path makes or changes an asset file: ``kobo.asset`` create and
  write (after the upload check) and the renditions made by ``kobo.asset._kobo_renditions`` run
  under kobo_base's ``privileged()``, which no RPC payload can forge.
- Nothing else creates or copies an attachment that ends up an asset file, nor moves an
  attachment there.
- Nothing else changes which record's file it is, its content, type, URL or MIME type. Writing
  the same values again changes nothing and passes (Odoo's *force storage* rewrites every file
  with its own content). Server code (``sudo()``) may still share a file (access token, public),
  as the retailer spreadsheet's image URLs do; users change nothing on it.
- Users do not delete one; the asset does, as superuser (Odoo deletes a record's files with the
  record, and a Binary field set to nothing deletes its file). Settings administrators keep
  Odoo's own clean-up.
"""

import base64
import binascii

from odoo import api, models
from odoo.addons.kobo_base.models.kobo_workflow_mixin import is_privileged
from odoo.exceptions import AccessError

GUARDED_MODELS = ("kobo.asset", "kobo.asset.rendition")

#: Whose file it is and what it holds: changed only by the asset's checked path.
FILE_KEYS = frozenset(
    {
        "res_model",
        "res_id",
        "res_field",
        "type",
        "url",
        "datas",
        "raw",
        "db_datas",
        "store_fname",
        "checksum",
        "file_size",
        "mimetype",
    }
)
#: The file's content as Odoo's API takes it (base64 or bytes), compared through its checksum.
CONTENT_KEYS = ("datas", "raw")


def is_asset_file(res_model, res_field):
    """True for the attachment of a binary field of an asset or a rendition."""
    return res_model in GUARDED_MODELS and bool(res_field)


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = list(vals_list)
        if is_privileged(self):
            return super().create(vals_list)
        # Before anything is written (the file store included), on the values create will store:
        # those sent, else default_res_model / default_res_field (context) and ir.default, which
        # Odoo fills in inside create. copy() comes here with copy_data's values.
        keys = ("res_model", "res_field")
        missing = [key for key in keys if any(key not in vals for vals in vals_list)]
        defaults = self.default_get(missing) if missing else {}
        if any(is_asset_file(*({**defaults, **vals}.get(key) for key in keys)) for vals in vals_list):
            self._kobo_refuse_asset_file()
        attachments = super().create(vals_list)
        # And after, on what was stored, whatever another override of create did.
        if any(
            is_asset_file(attachment.res_model, attachment.res_field) for attachment in attachments.sudo()
        ):
            self._kobo_refuse_asset_file()
        return attachments

    def write(self, vals):
        if self and not is_privileged(self):
            self._kobo_check_asset_file_write(vals)
        return super().write(vals)

    def unlink(self):
        if not self.env.is_system() and not is_privileged(self):
            self._kobo_check_not_asset_file()
        return super().unlink()

    def _kobo_check_asset_file_write(self, vals):
        for attachment in self.sudo():
            was = is_asset_file(attachment.res_model, attachment.res_field)
            becomes = is_asset_file(
                vals.get("res_model", attachment.res_model), vals.get("res_field", attachment.res_field)
            )
            if not (was or becomes):
                continue
            if not was:
                self._kobo_refuse_asset_file()
            changed = attachment._kobo_changed_keys(vals)
            if changed & FILE_KEYS or (changed and not self.env.su):
                self._kobo_refuse_asset_file()

    def _kobo_changed_keys(self, vals):
        """The keys of ``vals`` whose value differs from what this attachment stores."""
        self.ensure_one()
        changed = set()
        for key, value in vals.items():
            field = self._fields.get(key)
            if key in CONTENT_KEYS:
                if self._kobo_checksum_of(key, value) != (self.checksum or False):
                    changed.add(key)
            elif field is None or field.convert_to_cache(
                value, self, validate=False
            ) != field.convert_to_cache(self[key], self, validate=False):
                changed.add(key)
        return changed

    def _kobo_checksum_of(self, key, value):
        """The checksum Odoo would store for ``value`` given as ``key`` (``None``: unreadable)."""
        if not value:
            return False
        if key == "datas":
            try:
                value = base64.b64decode(value)
            except (binascii.Error, ValueError):
                return None
        return self._compute_checksum(value.encode() if isinstance(value, str) else value)

    def _kobo_check_not_asset_file(self):
        if any(is_asset_file(attachment.res_model, attachment.res_field) for attachment in self.sudo()):
            self._kobo_refuse_asset_file()

    def _kobo_refuse_asset_file(self):
        raise AccessError(
            self.env._("An asset's image file changes only through the asset, where it is checked.")
        )
