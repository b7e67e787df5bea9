"""The files behind asset images change only through the asset, where they are checked.

Odoo stores a Binary field with ``attachment=True`` as an ``ir.attachment`` that any user who may
write the record may also write directly over RPC, which would skip the asset's Pillow checks and
leave its dimensions and checksum wrong. The field itself always works on these attachments as
superuser (``sudo()``); settings administrators keep Odoo's own maintenance (moving the file
store); everyone else is refused, as Odoo's ``ir.attachment.check`` does for protected fields.
"""

from odoo import api, models
from odoo.exceptions import AccessError

GUARDED_MODELS = ("kobo.asset", "kobo.asset.rendition")


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.is_system() and any(
            vals.get("res_field") and vals.get("res_model") in GUARDED_MODELS for vals in vals_list
        ):
            self._kobo_refuse_asset_file()
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.is_system():
            self._kobo_check_not_asset_file()
            if vals.get("res_field") and vals.get("res_model") in GUARDED_MODELS:
                self._kobo_refuse_asset_file()
        return super().write(vals)

    def unlink(self):
        if not self.env.is_system():
            self._kobo_check_not_asset_file()
        return super().unlink()

    def _kobo_check_not_asset_file(self):
        if self and self.sudo().search_count(
            [("id", "in", self.ids), ("res_model", "in", GUARDED_MODELS), ("res_field", "!=", False)], limit=1
        ):
            self._kobo_refuse_asset_file()

    def _kobo_refuse_asset_file(self):
        raise AccessError(
            self.env._("An asset's image file changes only through the asset, where it is checked.")
        )
