from odoo import http
from odoo.http import content_disposition, request

from ..report.cost_sheet_xlsx import cost_sheet_xlsx
from ..report.techpack_xlsx import techpack_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class KoboPlmController(http.Controller):
    def _readable(self, model, record_id):
        record = request.env[model].browse(record_id).exists()
        if not record:
            raise request.not_found()
        # Read access is checked as the user asking (record rules included), never bypassed.
        record.check_access("read")
        return record

    def _xlsx_response(self, data, filename):
        return request.make_response(
            data, headers=[("Content-Type", XLSX), ("Content-Disposition", content_disposition(filename))]
        )

    @http.route("/kobo_plm/techpack/<int:techpack_id>/xlsx", type="http", auth="user")
    def techpack_xlsx(self, techpack_id):
        techpack = self._readable("kobo.techpack", techpack_id)
        style = techpack.style_id
        return self._xlsx_response(
            techpack_xlsx(techpack), f"{style.kobo_style_number or style.name} {techpack.name}.xlsx"
        )

    @http.route("/kobo_plm/cost_sheet/<int:sheet_id>/xlsx", type="http", auth="user")
    def cost_sheet_xlsx(self, sheet_id):
        sheet = self._readable("kobo.cost.sheet", sheet_id)
        style = sheet.style_id
        return self._xlsx_response(
            cost_sheet_xlsx(sheet),
            f"{style.kobo_style_number or style.name} {sheet.vendor_id.name} v{sheet.version}.xlsx",
        )
