import base64
import math
from collections import OrderedDict

from werkzeug.exceptions import NotFound

from odoo import http
from odoo.addons.portal.controllers import portal
from odoo.addons.portal.controllers.portal import pager as portal_pager
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import content_disposition, request

from ..models.kobo_sample import SUPPLIER_STATES

# Success notices after a form was posted: the redirect carries one of these keys, the templates
# hold the (translatable) texts.
NOTICES = ("acknowledged", "shipped", "measured", "photo", "quoted")
# Rows offered in an empty quote form: the operations a factory usually prices.
QUOTE_DEFAULT_OPERATIONS = ("cmt", "wash", "print", "embroidery", "packaging")
QUOTE_FORM_ROWS = 8
# Rows read from a posted quote: more than a factory ever prices, few enough to bound a forged post.
QUOTE_MAX_ROWS = 40


class KoboSupplierPortal(portal.CustomerPortal):
    """The vendor's *Development* section of /my.

    Every page reads as the portal user first (record rules: what is addressed to their
    company), then renders the record in sudo mode once `_document_check_access` passed, as
    Odoo's purchase and sale portals do. Posted forms are parsed here and handed to the models'
    `_kobo_supplier_*` methods, which validate and write only supplier-side fields; any other
    posted key is ignored.
    """

    # ------------------------------------------------------------------ helpers

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "kobo_development_count" in counters:
            Techpack = request.env["kobo.techpack"]
            values["kobo_development_count"] = (
                len(self._kobo_styles_sudo()) if Techpack.has_access("read") else 0
            )
        return values

    def _kobo_styles_sudo(self, offset=0, limit=None):
        """Styles with a revision shared with the user's company, read as superuser."""
        techpacks = request.env["kobo.techpack"].search([])
        return (
            request.env["product.template"]
            .sudo()
            .search(
                [("kobo_techpack_ids", "in", techpacks.ids)], offset=offset, limit=limit, order="name, id"
            )
        )

    def _kobo_check_model_access(self, model_name):
        """Lists are for the users who may read the model (the vendors' portal users): others,
        such as a customer's portal user, find no page there."""
        if not request.env[model_name].has_access("read"):
            raise NotFound()

    def _kobo_check_access(self, model_name, record_id):
        """The record, once the portal user may read it, in sudo mode as that same user.

        `_document_check_access` returns the record as OdooBot: the supplier methods need the
        real user (their company, the author of messages and photos), hence `env(su=True)`.
        """
        try:
            record = self._document_check_access(model_name, record_id)
        except (AccessError, MissingError):
            raise NotFound() from None
        return record.with_env(request.env(su=True))

    def _kobo_call(self, method, *args):
        """Run a supplier method; a refusal becomes the message shown on the page, and whatever
        the method wrote before refusing is rolled back."""
        try:
            with request.env.cr.savepoint():
                method(*args)
        except UserError as error:
            return error.args[0]
        return None

    def _kobo_values(self, page_name, **values):
        result = self._prepare_portal_layout_values()
        result.update(page_name=page_name, **values)
        notice = request.params.get("notice")
        result["notice"] = notice if notice in NOTICES else None
        return result

    def _kobo_list(self, model_name, url, page, domain, order, page_name, key, url_args=None, **values):
        """One page of the records the user may read (record rules), for a portal table."""
        self._kobo_check_model_access(model_name)
        Model = request.env[model_name]
        pager = portal_pager(
            url=url, total=Model.search_count(domain), page=page, step=self._items_per_page, url_args=url_args
        )
        records = Model.search(domain, order=order, limit=self._items_per_page, offset=pager["offset"])
        return self._kobo_values(page_name, pager=pager, default_url=url, **{key: records.sudo()}, **values)

    # ------------------------------------------------------------------ overview and styles

    @http.route("/my/development", type="http", auth="user", website=True)
    def kobo_development(self, **kw):
        self._kobo_check_model_access("kobo.techpack")
        vendor = request.env.user.commercial_partner_id
        techpacks = request.env["kobo.techpack"].search([("state", "=", "frozen")])
        to_acknowledge = techpacks.sudo().filtered(
            lambda techpack: vendor not in techpack.acknowledgement_ids.partner_id
        )
        samples = request.env["kobo.sample"].search([("state", "in", SUPPLIER_STATES)])
        rfqs = request.env["kobo.cost.sheet"].search([("state", "=", "requested")])
        values = self._kobo_values(
            "kobo_development",
            style_count=len(self._kobo_styles_sudo()),
            sample_count=request.env["kobo.sample"].search_count([]),
            rfq_count=request.env["kobo.cost.sheet"].search_count([]),
            to_acknowledge=to_acknowledge,
            open_samples=samples.sudo(),
            open_rfqs=rfqs.sudo(),
        )
        return request.render("kobo_plm.portal_development", values)

    @http.route(
        ["/my/development/styles", "/my/development/styles/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def kobo_styles(self, page=1, **kw):
        self._kobo_check_model_access("kobo.techpack")
        total = len(self._kobo_styles_sudo())
        url = "/my/development/styles"
        pager = portal_pager(url=url, total=total, page=page, step=self._items_per_page)
        styles = self._kobo_styles_sudo(offset=pager["offset"], limit=self._items_per_page)
        techpacks = request.env["kobo.techpack"].search([("style_id", "in", styles.ids)]).sudo()
        values = self._kobo_values(
            "kobo_styles",
            styles=styles,
            latest_revision={
                style.id: techpacks.filtered(lambda techpack, style=style: techpack.style_id == style)[:1]
                for style in styles
            },
            pager=pager,
            default_url=url,
        )
        return request.render("kobo_plm.portal_development_styles", values)

    @http.route("/my/development/style/<int:style_id>", type="http", auth="user", website=True)
    def kobo_style(self, style_id, **kw):
        self._kobo_check_model_access("kobo.techpack")
        techpacks = request.env["kobo.techpack"].search([("style_id", "=", style_id)])
        if not techpacks:
            raise NotFound()
        style = techpacks.sudo().style_id
        values = self._kobo_values(
            "kobo_style",
            kobo_style=style,
            techpacks=techpacks.sudo(),
            samples=request.env["kobo.sample"].search([("style_id", "=", style_id)]).sudo(),
            rfqs=request.env["kobo.cost.sheet"].search([("style_id", "=", style_id)]).sudo(),
        )
        return request.render("kobo_plm.portal_development_style", values)

    # ------------------------------------------------------------------ tech pack revisions

    def _kobo_render_techpack(self, techpack_sudo, error=None):
        vendor = request.env.user.commercial_partner_id
        values = self._kobo_values(
            "kobo_techpack",
            kobo_style=techpack_sudo.style_id,
            techpack=techpack_sudo,
            diff=techpack_sudo.previous_id and techpack_sudo._diff_against(techpack_sudo.previous_id),
            acknowledgement=techpack_sudo.acknowledgement_ids.filtered(lambda ack: ack.partner_id == vendor),
            error=error,
        )
        return request.render("kobo_plm.portal_development_techpack", values)

    @http.route("/my/development/techpack/<int:techpack_id>", type="http", auth="user", website=True)
    def kobo_techpack(self, techpack_id, **kw):
        return self._kobo_render_techpack(self._kobo_check_access("kobo.techpack", techpack_id))

    @http.route(
        "/my/development/techpack/<int:techpack_id>/acknowledge",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def kobo_techpack_acknowledge(self, techpack_id, **post):
        techpack_sudo = self._kobo_check_access("kobo.techpack", techpack_id)
        error = self._kobo_call(techpack_sudo._kobo_supplier_acknowledge)
        if error:
            return self._kobo_render_techpack(techpack_sudo, error)
        return request.redirect(f"/my/development/techpack/{techpack_id}?notice=acknowledged")

    @http.route("/my/development/techpack/<int:techpack_id>/pdf", type="http", auth="user", website=True)
    def kobo_techpack_pdf(self, techpack_id, **kw):
        techpack_sudo = self._kobo_check_access("kobo.techpack", techpack_id)
        content, content_type = (
            request.env["ir.actions.report"]
            .sudo()
            .with_company(techpack_sudo.company_id or request.env.company)
            ._render_qweb_pdf("kobo_plm.action_report_techpack", techpack_sudo.ids)
        )
        style = techpack_sudo.style_id
        filename = f"{style.kobo_style_number or style.name} {techpack_sudo.name}.{content_type}"
        return request.make_response(
            content,
            headers=[
                ("Content-Type", "application/pdf" if content_type == "pdf" else "text/html; charset=utf-8"),
                ("Content-Length", len(content)),
                ("Content-Disposition", content_disposition(filename)),
            ],
        )

    # ------------------------------------------------------------------ samples

    @http.route(
        ["/my/development/samples", "/my/development/samples/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def kobo_samples(self, page=1, filterby="open", **kw):
        filters = OrderedDict(
            [
                ("open", {"label": request.env._("With you"), "domain": [("state", "in", SUPPLIER_STATES)]}),
                ("all", {"label": request.env._("All"), "domain": []}),
            ]
        )
        filterby = filterby if filterby in filters else "open"
        values = self._kobo_list(
            "kobo.sample",
            "/my/development/samples",
            page,
            filters[filterby]["domain"],
            "date_due, id",
            "kobo_samples",
            "samples",
            url_args={"filterby": filterby},
            searchbar_filters=filters,
            filterby=filterby,
        )
        # The previous / next arrows of a sample page walk through this list, as in Odoo's portals.
        request.session["my_kobo_samples_history"] = values["samples"].ids[:100]
        return request.render("kobo_plm.portal_development_samples", values)

    def _kobo_render_sample(self, sample_sudo, error=None, form_values=None):
        values = self._kobo_values(
            "kobo_sample",
            kobo_style=sample_sudo.style_id,
            sample=sample_sudo,
            photos=request.env["kobo.sample.photo"].sudo().search([("sample_id", "=", sample_sudo.id)]),
            with_vendor=sample_sudo.state in SUPPLIER_STATES,
            photo_min_side=request.env["kobo.sample.photo"].sudo()._kobo_vendor_photo_min_side(),
            error=error,
            form_values=form_values or {},
        )
        values = self._get_page_view_values(sample_sudo, None, values, "my_kobo_samples_history", False)
        return request.render("kobo_plm.portal_development_sample", values)

    @http.route("/my/development/sample/<int:sample_id>", type="http", auth="user", website=True)
    def kobo_sample(self, sample_id, **kw):
        return self._kobo_render_sample(self._kobo_check_access("kobo.sample", sample_id))

    @http.route(
        "/my/development/sample/<int:sample_id>/acknowledge",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def kobo_sample_acknowledge(self, sample_id, **post):
        sample_sudo = self._kobo_check_access("kobo.sample", sample_id)
        error = self._kobo_call(sample_sudo._kobo_supplier_acknowledge)
        if error:
            return self._kobo_render_sample(sample_sudo, error)
        return request.redirect(f"{sample_sudo.access_url}?notice=acknowledged")

    @http.route(
        "/my/development/sample/<int:sample_id>/ship",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def kobo_sample_ship(self, sample_id, date_shipped=None, **post):
        sample_sudo = self._kobo_check_access("kobo.sample", sample_id)
        error = self._kobo_call(sample_sudo._kobo_supplier_ship, (date_shipped or "").strip())
        if error:
            return self._kobo_render_sample(sample_sudo, error, {"date_shipped": date_shipped})
        return request.redirect(f"{sample_sudo.access_url}?notice=shipped")

    @http.route(
        "/my/development/sample/<int:sample_id>/measurements",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def kobo_sample_measurements(self, sample_id, **post):
        sample_sudo = self._kobo_check_access("kobo.sample", sample_id)
        values, error = {}, None
        # Only keys named measurement_<id> are read; anything else posted is ignored.
        for key, raw in post.items():
            if not key.startswith("measurement_"):
                continue
            try:
                measurement_id = int(key.removeprefix("measurement_"))
            except ValueError:
                error = request.env._("%(field)s is not a measurement of this sample.", field=key)
                break
            text = (raw or "").strip().replace(",", ".")
            try:
                value = float(text) if text else 0.0
            except ValueError:
                value = None
            # float() also reads "nan", "inf" and "1e400" (infinity): none is a measurement.
            if value is None or not math.isfinite(value):
                line = sample_sudo.measurement_ids.filtered(lambda line, mid=measurement_id: line.id == mid)
                error = request.env._(
                    "%(pom)s: %(value)s is not a number.",
                    pom=line.pom_id.display_name or key,
                    value=raw if value is None else f"{value}",
                )
                break
            values[measurement_id] = value
        if not error:
            error = self._kobo_call(sample_sudo._kobo_supplier_set_measurements, values)
        if error:
            return self._kobo_render_sample(sample_sudo, error, post)
        return request.redirect(f"{sample_sudo.access_url}?notice=measured")

    @http.route(
        "/my/development/sample/<int:sample_id>/photo",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def kobo_sample_photo(self, sample_id, photo=None, caption=None, **post):
        sample_sudo = self._kobo_check_access("kobo.sample", sample_id)
        if not hasattr(photo, "read"):
            error = request.env._("Choose a photo to upload.")
        else:
            data = photo.read()
            error = self._kobo_call(
                sample_sudo._kobo_supplier_add_photo,
                (caption or "").strip() or photo.filename or "",
                base64.b64encode(data) if data else False,
            )
        if error:
            return self._kobo_render_sample(sample_sudo, error, {"caption": caption})
        return request.redirect(f"{sample_sudo.access_url}?notice=photo")

    # ------------------------------------------------------------------ requests for quote

    @http.route(
        ["/my/development/rfqs", "/my/development/rfqs/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def kobo_rfqs(self, page=1, **kw):
        values = self._kobo_list(
            "kobo.cost.sheet",
            "/my/development/rfqs",
            page,
            [],
            "quote_date desc, id desc",
            "kobo_rfqs",
            "sheets",
        )
        return request.render("kobo_plm.portal_development_rfqs", values)

    def _kobo_render_rfq(self, sheet_sudo, error=None, rows=None, note=None):
        operations = dict(
            request.env["kobo.cost.sheet.line"]._fields["operation_type"]._description_selection(request.env)
        )
        vendor_lines = sheet_sudo.line_ids.filtered(lambda line: line.line_type in ("operation", "packaging"))
        if rows is None:
            rows = [
                {
                    "operation_type": line.operation_type or "other",
                    "name": line.name,
                    "quantity": f"{line.quantity:g}",
                    "unit_price": f"{line.unit_price:g}",
                }
                for line in vendor_lines
            ][:QUOTE_MAX_ROWS] or [
                {"operation_type": code, "name": "", "quantity": "1", "unit_price": ""}
                for code in QUOTE_DEFAULT_OPERATIONS
            ]
        rows = rows + [{"operation_type": "other", "name": "", "quantity": "1", "unit_price": ""}] * max(
            QUOTE_FORM_ROWS - len(rows), 0
        )
        values = self._kobo_values(
            "kobo_rfq",
            kobo_style=sheet_sudo.style_id,
            sheet=sheet_sudo,
            vendor_lines=vendor_lines,
            vendor_total=sum(vendor_lines.mapped("amount")),
            operations=operations,
            rows=rows,
            note=sheet_sudo.vendor_note if note is None else note,
            error=error,
        )
        return request.render("kobo_plm.portal_development_rfq", values)

    @http.route("/my/development/rfq/<int:sheet_id>", type="http", auth="user", website=True)
    def kobo_rfq(self, sheet_id, **kw):
        return self._kobo_render_rfq(self._kobo_check_access("kobo.cost.sheet", sheet_id))

    @http.route(
        "/my/development/rfq/<int:sheet_id>/submit", type="http", auth="user", website=True, methods=["POST"]
    )
    def kobo_rfq_submit(self, sheet_id, note=None, **post):
        sheet_sudo = self._kobo_check_access("kobo.cost.sheet", sheet_id)
        rows = []
        # Only the line_<n>_<field> keys of the quote form are read; anything else is ignored.
        for index in range(QUOTE_MAX_ROWS):
            # Fields left empty are left out: the model's defaults apply (a quantity of 1).
            row = {
                field: value
                for field in ("operation_type", "name", "quantity", "unit_price")
                if (value := (post.get(f"line_{index}_{field}") or "").strip())
            }
            if row.get("name") or row.get("unit_price"):
                rows.append(row)
        error = self._kobo_call(sheet_sudo._kobo_supplier_submit_quote, rows, note or "")
        if error:
            return self._kobo_render_rfq(sheet_sudo, error, rows, note)
        return request.redirect(f"/my/development/rfq/{sheet_id}?notice=quoted")
