"""Retailer spreadsheets: the connector, the channel's download buttons and the scheduled export.

The sheet is made from the channel's listed products when it is exported (downloaded, or by the
nightly cron), with today's copy and prices. The connector's part is the listing: validation
(the template exists and can be read; a required column is filled for every variant) and the
payload (the product's rows, whose digest tells whether the product changed on the sheet).

The exported file holds wholesale prices and RRPs, so it is stored as the template's Binary field
for its format, readable only by those who may read those prices (Odoo checks a file field's
``groups`` and its record's access for ``/web/content``, ``read`` and ``search`` of the
attachment alike), not as a plain attachment of the channel, which every internal user reads.
"""

import logging

from odoo import api, fields, models
from odoo.addons.kobo_pim.models.product_template_copy import PIM_USERS
from odoo.addons.kobo_syndication.models.kobo_listing import SYNDICATION_USERS
from odoo.exceptions import UserError, ValidationError

_logger = logging.getLogger(__name__)

#: Who may read an exported sheet: who may read the wholesale prices and RRPs it holds (the
#: groups of product.template's kobo_suggested_wholesale_price). The template's own access
#: (syndication users, their companies) applies on top, as for every file of a record.
LINE_SHEET_READERS = PIM_USERS
#: The template's field that holds its last export in each format.
EXPORT_FIELDS = {"xlsx": "xlsx_file", "csv": "csv_file"}
EXPORT_MIMETYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv",
}


def _check_download_group(env):
    env["kobo.listing"]._kobo_check_group(SYNDICATION_USERS, env._("download retailer spreadsheets"))


class KoboConnectorSpreadsheet(models.AbstractModel):
    _name = "kobo.connector.spreadsheet"
    _inherit = "kobo.connector"
    _description = "Syndication connector: retailer spreadsheet"

    @api.model
    def validate(self, listings):
        issues = super().validate(listings)
        template = listings.channel_id[:1]._kobo_spreadsheet_template()
        problem = self.env._("The channel has no spreadsheet template.") if not template else template.problem
        if problem:
            for listing in listings:
                issues.setdefault(listing.id, []).append({"field": "spreadsheet", "message": problem})
            return issues
        required = [
            column
            for column in template.column_ids.sorted(lambda column: (column.sequence, column.id))
            if column.required
        ]
        for listing, variant_id, label, cells, error in self._kobo_listing_rows_once(template, listings):
            if error:
                issues.setdefault(listing.id, []).append(
                    {"field": "spreadsheet", "product_id": variant_id, "message": error}
                )
                continue
            for column, value in zip(
                template.column_ids.sorted(lambda c: (c.sequence, c.id)), cells, strict=True
            ):
                if column in required and (value is None or value is False or value == ""):
                    issues.setdefault(listing.id, []).append(
                        {
                            "field": column.header,
                            "product_id": variant_id,
                            "message": self.env._(
                                "%(column)s is required by the retailer and empty for %(variant)s.",
                                column=column._kobo_position(),
                                variant=label,
                            ),
                        }
                    )
        return issues

    @api.model
    def build_payload(self, listings):
        template = listings.channel_id[:1]._kobo_spreadsheet_template()
        payloads = {listing.id: {"template": template.id, "rows": []} for listing in listings}
        if not template or template.problem:
            return payloads
        for listing, __, __, cells, error in self._kobo_listing_rows_once(template, listings):
            if not error:
                payloads[listing.id]["rows"].append(cells)
        return payloads

    @api.model
    def push(self, listings, payloads):
        # The sheet is written at export time from the published listings: accepting the
        # listing is all a push does.
        return {
            listing.id: {
                "external_id": listing.product_tmpl_id.kobo_item_group or str(listing.product_tmpl_id.id)
            }
            for listing in listings
        }

    @api.model
    def delist(self, listings):
        # A delisted product is no longer listed, so the next export leaves it out.
        return {listing.id: {} for listing in listings}

    @api.model
    def _kobo_listing_rows_once(self, template, listings):
        """``_kobo_listing_rows`` grouped by listing, in the order of ``listings``: in a sync job
        each listing's rows are computed once, for its validation and its payload alike."""

        def build(part):
            rows = {listing.id: [] for listing in part}
            for row in self._kobo_listing_rows(template, part):
                rows[row[0].id].append(row)
            return rows, {}

        rows = self._kobo_built_once(f"spreadsheet_rows_{template.id}", listings, build)[0]
        for listing in listings:
            yield from rows[listing.id]

    @api.model
    def _kobo_listing_rows(self, template, listings):
        """Yield ``(listing, variant id, label, cells, error message)`` for the variants of
        ``listings``, built in batches; an expression that fails gives its message, not cells."""
        listing_by_template = {listing.product_tmpl_id.id: listing for listing in listings}
        variants = self.env["product.product"].browse(template._kobo_variant_ids(listings.product_tmpl_id))
        variants.fetch(["product_tmpl_id"])
        template_of = {variant.id: variant.product_tmpl_id.id for variant in variants}
        compiled = template._kobo_compiled_columns()
        for variant_id, label, values in template._kobo_iter_source_rows(variants.ids):
            listing = listing_by_template[template_of[variant_id]]
            try:
                yield listing, variant_id, label, template._kobo_cells(compiled, values, label), False
            except ValidationError as error:
                yield listing, variant_id, label, None, error.args[0]


class KoboChannel(models.Model):
    _inherit = "kobo.channel"

    spreadsheet_template_ids = fields.One2many(
        "kobo.spreadsheet.template", "channel_id", string="Spreadsheet Templates"
    )
    spreadsheet_attachment_ids = fields.Many2many(
        "ir.attachment",
        string="Exported Spreadsheets",
        compute="_compute_spreadsheet_attachment_ids",
        groups=LINE_SHEET_READERS,
        help="The last file exported by each template, in each format.",
    )

    def _compute_spreadsheet_attachment_ids(self):
        templates = (
            self.env["kobo.spreadsheet.template"]
            .sudo()
            .with_context(active_test=False)
            .search([("channel_id", "in", self.ids)])
        )
        # Searched as the user: Odoo leaves out the files they may not read.
        attachments = self.env["ir.attachment"].search(
            [
                ("res_model", "=", "kobo.spreadsheet.template"),
                ("res_field", "in", list(EXPORT_FIELDS.values())),
                ("res_id", "in", templates.ids),
            ]
        )
        channel_of = {template.id: template.channel_id.id for template in templates}
        for channel in self:
            channel.spreadsheet_attachment_ids = attachments.filtered(
                lambda attachment, channel=channel: channel_of[attachment.res_id] == channel.id
            )

    def _kobo_spreadsheet_template(self):
        """The channel's first active spreadsheet template (empty recordset when none)."""
        self.ensure_one()
        return self.spreadsheet_template_ids.filtered("active")[:1]

    def action_kobo_spreadsheet_xlsx(self):
        return self._kobo_spreadsheet_download("xlsx")

    def action_kobo_spreadsheet_csv(self):
        return self._kobo_spreadsheet_download("csv")

    def _kobo_spreadsheet_download(self, file_format):
        self.ensure_one()
        _check_download_group(self.env)
        template = self._kobo_spreadsheet_template()
        if not template:
            raise UserError(
                self.env._(
                    "%(channel)s has no spreadsheet template: add one first.", channel=self.display_name
                )
            )
        return template._kobo_download(file_format)

    def _kobo_list_approved_products(self):
        """Queue for publishing on these channels the products whose content is already
        approved: a retailer added after the approvals (the approval rule lists a product on
        the channels that exist when it is approved). Listings already there are left alone."""
        templates = self.env["kobo.enrichment"].sudo().search([("state", "=", "approved")]).product_tmpl_id
        listings = self.env["kobo.listing"]._kobo_ensure(templates, self)
        listings.filtered(lambda listing: listing.state == "draft")._kobo_queue("publish")
        return listings

    @api.model
    def _kobo_spreadsheet_cron(self):
        """Scheduled export: store each active template's sheet on its channel. A template that
        cannot be exported keeps its last file; the reason is posted on the channel."""
        templates = self.env["kobo.spreadsheet.template"].search(
            [
                ("scheduled_format", "!=", "none"),
                ("channel_id.connector", "=", "spreadsheet"),
                ("channel_id.active", "=", True),
            ]
        )
        for template in templates:
            try:
                with self.env.cr.savepoint():
                    template._kobo_export(template.scheduled_format)
            except (UserError, ValidationError) as error:
                _logger.info("Spreadsheet template %s not exported: %s", template.id, error)
                template.channel_id.message_post(body=error.args[0])
        return True


class KoboSpreadsheetTemplate(models.Model):
    _inherit = "kobo.spreadsheet.template"

    # Written by _kobo_store_export only (the attachment gets the sheet's file name).
    xlsx_file = fields.Binary(
        string="Exported XLSX", attachment=True, readonly=True, copy=False, groups=LINE_SHEET_READERS
    )
    csv_file = fields.Binary(
        string="Exported CSV", attachment=True, readonly=True, copy=False, groups=LINE_SHEET_READERS
    )

    def action_download_xlsx(self):
        return self._kobo_download("xlsx")

    def action_download_csv(self):
        return self._kobo_download("csv")

    def _kobo_download(self, file_format):
        """Export now (syndication users) and download the file."""
        self.ensure_one()
        self.env["kobo.listing"]._kobo_check_group(
            SYNDICATION_USERS, self.env._("download retailer spreadsheets")
        )
        # How far it is, and how it ended, on the channel and in the user's *My Operations*.
        name = self.env._("Export %(sheet)s (%(format)s)", sheet=self.name, format=file_format.upper())
        with self.env["kobo.progress"]._kobo_track(name, self.channel_id) as progress:
            attachment = self._kobo_export(file_format, progress=progress)
            progress.result = self.env._(
                "%(count)s rows exported to %(file)s.", count=progress.done, file=attachment.name
            )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "self",
        }

    def _kobo_store_export(self, file_format, data):
        """Store ``data`` as this template's file in ``file_format`` (replacing the last one) and
        return its attachment (as superuser: syndication users export, only managers write)."""
        self.ensure_one()
        field_name = EXPORT_FIELDS[file_format]
        Attachment = self.env["ir.attachment"].sudo()
        owner = {"res_model": self._name, "res_field": field_name, "res_id": self.id}
        vals = {"name": f"{self.name}.{file_format}", "raw": data, "mimetype": EXPORT_MIMETYPES[file_format]}
        attachment = Attachment.search([(key, "=", value) for key, value in owner.items()], limit=1)
        if attachment:
            attachment.write(vals)
        else:
            attachment = Attachment.create({**owner, **vals})
        self.invalidate_recordset([field_name])
        return attachment
