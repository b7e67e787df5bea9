import base64

from odoo import api, fields, models

from ..models.kobo_translation_exchange import FORMATS
from ..models.kobo_translation_formats import locale_tag

STATUS_FILTERS = [
    ("todo", "Missing and outdated"),
    ("missing", "Missing"),
    ("outdated", "Outdated"),
    ("all", "All, done included (for review)"),
]


class KoboTranslationExport(models.TransientModel):
    _name = "kobo.translation.export"
    _description = "Export Translations for an Agency"

    lang_ids = fields.Many2many(
        "res.lang",
        string="Locales",
        required=True,
        default=lambda self: self.env["kobo.translation.status"]._kobo_target_langs(),
        domain="[('active', '=', True), ('code', '!=', 'en_US')]",
        help="Defaults to the locales of the active channels.",
    )
    status_filter = fields.Selection(STATUS_FILTERS, string="Which units", required=True, default="todo")
    file_format = fields.Selection(
        [("xliff", "XLIFF 1.2 (CAT tools)"), ("xlsx", "Excel (XLSX)")], required=True, default="xliff"
    )
    only_in_enrichment = fields.Boolean(
        string="Only products in enrichment", default=True, help="Leave products without an enrichment out."
    )
    product_tmpl_ids = fields.Many2many(
        "product.template", string="Products", help="Leave empty for all products."
    )
    file = fields.Binary(readonly=True, attachment=False)
    filename = fields.Char(readonly=True)
    unit_count = fields.Integer(string="Units exported", readonly=True)

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if self.env.context.get("active_model") == "product.template" and "product_tmpl_ids" in fields_list:
            values["product_tmpl_ids"] = [fields.Command.set(self.env.context.get("active_ids") or [])]
        return values

    def _domain(self):
        domain = [("lang_id", "in", self.lang_ids.ids)]
        if self.status_filter == "todo":
            domain.append(("status", "in", ("missing", "outdated")))
        elif self.status_filter != "all":
            domain.append(("status", "=", self.status_filter))
        if self.only_in_enrichment:
            domain.append(("in_enrichment", "=", True))
        if self.product_tmpl_ids:
            domain.append(("product_tmpl_id", "in", self.product_tmpl_ids.ids))
        return domain

    def action_export(self):
        self.ensure_one()
        exchange = self.env["kobo.translation.exchange"]
        content, count = exchange._kobo_export(self._domain(), self.file_format)
        extension = FORMATS[self.file_format][2]
        locales = "-".join(locale_tag(code) for code in sorted(self.lang_ids.mapped("code")))
        self.write(
            {
                "file": base64.b64encode(content),
                "filename": f"translations-{locales}-{fields.Date.context_today(self)}.{extension}",
                "unit_count": count,
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }
