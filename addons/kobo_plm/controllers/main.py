from odoo import http
from odoo.http import content_disposition, request

from ..report.techpack_xlsx import techpack_xlsx


class KoboPlmController(http.Controller):
    @http.route("/kobo_plm/techpack/<int:techpack_id>/xlsx", type="http", auth="user")
    def techpack_xlsx(self, techpack_id):
        techpack = request.env["kobo.techpack"].browse(techpack_id).exists()
        if not techpack:
            raise request.not_found()
        # Read access is checked as the user asking (record rules included), never bypassed.
        techpack.check_access("read")
        data = techpack_xlsx(techpack)
        filename = f"{techpack.style_id.kobo_style_number or techpack.style_id.name} {techpack.name}.xlsx"
        return request.make_response(
            data,
            headers=[
                ("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
                ("Content-Disposition", content_disposition(filename)),
            ],
        )
