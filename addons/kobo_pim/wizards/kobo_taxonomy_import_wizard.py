import base64
import logging

import requests

from odoo import api, fields, models
from odoo.exceptions import UserError

_logger = logging.getLogger(__name__)

GOOGLE_TAXONOMY_URL = "https://www.google.com/basepages/producttype/taxonomy-with-ids.en-US.txt"
FETCH_TIMEOUT = 30
# Google's file is about 0.5 MB; anything much larger is not a taxonomy file
MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024


class KoboTaxonomyImportWizard(models.TransientModel):
    _name = "kobo.taxonomy.import.wizard"
    _description = "Import a Product Taxonomy"

    taxonomy_id = fields.Many2one("kobo.taxonomy", help="Leave empty to create a new taxonomy from the file.")
    name = fields.Char(string="New taxonomy name", default="Google product taxonomy")
    locale = fields.Char(default="en-US")
    source_type = fields.Selection(
        [("file", "Upload a file"), ("url", "Fetch from a URL")], required=True, default="file"
    )
    file = fields.Binary()
    filename = fields.Char()
    url = fields.Char(string="URL", default=GOOGLE_TAXONOMY_URL)

    @api.onchange("taxonomy_id")
    def _onchange_taxonomy_id(self):
        if self.taxonomy_id.url:
            self.url = self.taxonomy_id.url

    def _fetch_url(self):
        _ = self.env._
        url = (self.url or "").strip()
        if not url.startswith(("http://", "https://")):
            raise UserError(
                _("The URL must start with http:// or https://, e.g. %(url)s", url=GOOGLE_TAXONOMY_URL)
            )
        try:
            with requests.get(url, timeout=FETCH_TIMEOUT, stream=True) as response:
                response.raise_for_status()
                chunks, size = [], 0
                for chunk in response.iter_content(chunk_size=65536):
                    size += len(chunk)
                    if size > MAX_DOWNLOAD_BYTES:
                        raise UserError(
                            _("%(url)s sent more than 20 MB: this is not a taxonomy file.", url=url)
                        )
                    chunks.append(chunk)
        except requests.exceptions.RequestException as error:
            _logger.info("Taxonomy download from %s failed: %s", url, error)
            raise UserError(_("Could not download %(url)s: %(error)s", url=url, error=error)) from error
        return b"".join(chunks)

    def action_import(self):
        self.ensure_one()
        _ = self.env._
        if self.source_type == "url":
            data = self._fetch_url()
        elif self.file:
            data = base64.b64decode(self.file)
        else:
            raise UserError(_("Choose the taxonomy file to upload."))
        taxonomy = self.taxonomy_id
        # parse before creating a new taxonomy, so a bad file leaves nothing behind
        self.env["kobo.taxonomy"]._parse_taxonomy_file(data)
        if not taxonomy:
            taxonomy = self.env["kobo.taxonomy"].create(
                {"name": self.name or _("Product taxonomy"), "locale": self.locale}
            )
        if self.source_type == "url":
            taxonomy.url = self.url
        taxonomy._import_taxonomy_file(data)
        return {
            "type": "ir.actions.act_window",
            "res_model": "kobo.taxonomy",
            "res_id": taxonomy.id,
            "view_mode": "form",
            "target": "current",
        }
