import base64

from odoo import fields, models
from odoo.exceptions import UserError


class KoboTranslationImport(models.TransientModel):
    _name = "kobo.translation.import"
    _description = "Import Translations from an Agency"

    file = fields.Binary(required=True, attachment=False)
    filename = fields.Char()

    def action_import(self):
        self.ensure_one()
        _ = self.env._
        if not self.file:
            raise UserError(_("Choose the XLIFF or XLSX file to import."))
        name = (self.filename or "").lower()
        file_format = (
            "xlsx" if name.endswith(".xlsx") else "xliff" if name.endswith((".xlf", ".xliff")) else None
        )
        result = self.env["kobo.translation.exchange"]._kobo_import(base64.b64decode(self.file), file_format)
        message = _("%(imported)s translation(s) imported.", imported=result["imported"])
        if result["empty"]:
            message += " " + _(
                "%(empty)s unit(s) had no translation and were left alone.", empty=result["empty"]
            )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": _("Translations imported"),
                "message": message,
                "type": "success",
                "sticky": False,
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
