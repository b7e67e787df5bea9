"""Retailer sheets move from the channel to their template's file fields.

Up to 18.0.1.0.0 an export was stored as a plain attachment of the channel, named after its
template and format, which every internal user could read. Each such file becomes the template's
``xlsx_file`` / ``csv_file`` attachment, readable only by those who may read wholesale prices;
copies of the same file are deleted. A file no template names any more (its template was renamed
or deleted) cannot be told from a document someone attached by hand: it is left where it is and
listed in the log for an administrator to review.
"""

import logging

from odoo import SUPERUSER_ID, api

_logger = logging.getLogger(__name__)

EXPORT_FIELDS = {"xlsx": "xlsx_file", "csv": "csv_file"}


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    # An end script: the templates belong to kobo_syndication_spreadsheet since 18.0.2.0.0, which
    # an upgrade from before it installs in the same run (see 18.0.2.0.0/pre-migrate.py).
    if "kobo.spreadsheet.template" not in env:
        return
    Attachment = env["ir.attachment"]
    templates = env["kobo.spreadsheet.template"].with_context(active_test=False).search([])
    for template in templates:
        for file_format, field_name in EXPORT_FIELDS.items():
            old = Attachment.search(
                [
                    ("res_model", "=", "kobo.channel"),
                    ("res_id", "=", template.channel_id.id),
                    ("res_field", "=", False),
                    ("name", "=", f"{template.name}.{file_format}"),
                ],
                order="id desc",
            )
            if not old:
                continue
            owned = Attachment.search_count(
                [
                    ("res_model", "=", template._name),
                    ("res_field", "=", field_name),
                    ("res_id", "=", template.id),
                ]
            )
            if owned:
                old.unlink()
                continue
            old[0].write({"res_model": template._name, "res_field": field_name, "res_id": template.id})
            old[1:].unlink()
    left = Attachment.search(
        [
            ("res_model", "=", "kobo.channel"),
            ("res_field", "=", False),
            "|",
            ("name", "=like", "%.xlsx"),
            ("name", "=like", "%.csv"),
        ]
    )
    if left:
        _logger.warning(
            "Spreadsheet files still attached to channels, readable by every internal user "
            "(no template of their channel is named after them): %s",
            ", ".join(f"{attachment.name} (id {attachment.id})" for attachment in left),
        )
