import base64
import logging

from odoo import api, fields, models
from odoo.addons.kobo_base.outbound_http import (
    OutboundDeadline,
    OutboundError,
    RequestFailed,
    describe_failure,
    outbound_session,
    status_words,
)
from odoo.exceptions import UserError

_logger = logging.getLogger(__name__)

GOOGLE_TAXONOMY_URL = "https://www.google.com/basepages/producttype/taxonomy-with-ids.en-US.txt"
FETCH_TIMEOUT = 30
#: Seconds the whole download may take.
FETCH_DEADLINE = 120
# Google's file is about 1 MB; anything much larger is not a taxonomy file
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
        """The file at ``url``, through Kōbō's outbound client: no internal address unless an
        administrator allowed the host, capped in time and size. An error says what went wrong
        in words, never with the server's text (a service that is not HTTP answers with a line
        of its own)."""
        _ = self.env._
        url = (self.url or "").strip()
        if not url.startswith(("http://", "https://")):
            raise UserError(
                _("The URL must start with http:// or https://, e.g. %(url)s", url=GOOGLE_TAXONOMY_URL)
            )
        try:
            with outbound_session(
                self.env, timeout=FETCH_TIMEOUT, deadline=FETCH_DEADLINE, max_bytes=MAX_DOWNLOAD_BYTES
            ) as session:
                response = session.get(url)
        except (OutboundError, OutboundDeadline, RequestFailed) as error:
            _logger.info("Taxonomy download from %s failed: %s", url, type(error).__name__)
            raise UserError(
                _("Could not download %(url)s: %(reason)s", url=url, reason=describe_failure(self.env, error))
            ) from None
        if response.status_code != 200:
            raise UserError(
                _(
                    "Could not download %(url)s: the server answered %(status)s.",
                    url=url,
                    status=status_words(self.env, response.status_code),
                )
            )
        return response.content

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
        try:
            self.env["kobo.taxonomy"]._parse_taxonomy_file(data)
        except UserError:
            if self.source_type != "url":
                raise  # the user's own file: the error quotes the wrong line
            # what a URL answered is never quoted back (it may be an internal service's answer)
            raise UserError(
                _(
                    'What %(url)s answered is not a taxonomy file: every line must read "ID - Path > Sub '
                    '> Leaf". Download the file and upload it here to see which line is wrong.',
                    url=self.url,
                )
            ) from None
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
