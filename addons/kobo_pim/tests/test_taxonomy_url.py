"""The taxonomy import from a URL goes through Kōbō's outbound client: a PIM manager cannot aim
it at Odoo itself, the database, a private network or the cloud metadata address, and what a URL
answered is never quoted back. Over local sockets only (see kobo_base/tests/outbound_common.py)."""

from unittest import mock

from odoo.addons.kobo_base.tests.outbound_common import (
    SECRET,
    OutboundGuardMixin,
    start_line_server,
    start_server,
)
from odoo.addons.kobo_pim.wizards import kobo_taxonomy_import_wizard as taxonomy_wizard
from odoo.exceptions import UserError
from odoo.tests import tagged

from .test_taxonomy import VERSION_1, TaxonomyCase


@tagged("post_install", "-at_install")
class TestTaxonomyUrlStaysOutside(OutboundGuardMixin, TaxonomyCase):
    def setUp(self):
        super().setUp()
        self.server = start_server(self, answer=(200, "text/plain", VERSION_1.encode()))

    def _fetch(self, url):
        return self._wizard_import(None, taxonomy_id=self.taxonomy, source_type="url", url=url)

    def assertRefused(self, url, words):
        with self.assertRaises(UserError) as caught:
            self._fetch(url)
        message = str(caught.exception)
        self.assertIn(words, message)
        self.assertNotIn(SECRET, message)
        self.assertFalse(self.taxonomy.node_ids, "nothing imported")
        return message

    def test_internal_addresses_are_refused_in_words(self):
        message = self.assertRefused(
            f"{self.server.url}/web/health",
            f"Could not download {self.server.url}/web/health: 127.0.0.1 is an internal address (loopback)",
        )
        self.assertIn(
            f"adding {self.server.netloc} to the system parameter kobo_base.outbound_allowed_hosts", message
        )
        self.assertEqual(self.server.requests, [], "Odoo's own port was never asked")
        self.dns["db.example.test"] = ["10.0.0.5"]
        self.assertRefused(
            "http://db.example.test:5432/", "The address of db.example.test resolves to 10.0.0.5, an internal"
        )
        self.assertRefused(
            "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
            "169.254.169.254 is an internal address (link-local, where cloud metadata answers)",
        )
        self.assertEqual(self.connected, [], "no internal address was ever contacted")

    def test_an_allowed_host_is_fetched(self):
        self.allow(self.server.netloc)
        self._fetch(f"{self.server.url}/taxonomy.txt")
        self.assertEqual(self.taxonomy.node_count, 7)

    def test_the_answer_is_never_quoted(self):
        self.allow(self.server.netloc)
        self.server.answer = (200, "application/json", f'{{"status": "pass", "secret": "{SECRET}"}}'.encode())
        message = self.assertRefused(f"{self.server.url}/web/health", "is not a taxonomy file")
        self.assertEqual(
            message,
            f'What {self.server.url}/web/health answered is not a taxonomy file: every line must read "ID - '
            'Path > Sub > Leaf". Download the file and upload it here to see which line is wrong.',
        )
        self.server.answer = (500, "text/plain", f"{SECRET}\n".encode())
        self.assertRefused(f"{self.server.url}/boom", "the server answered HTTP 500 (Internal Server Error).")
        # a service that does not speak HTTP (the database port): its first line is not echoed
        line_server = start_line_server(self)
        self.allow(line_server.netloc)
        self.assertRefused(
            f"http://{line_server.netloc}/",
            "the connection failed, was refused, or the answer was not HTTP",
        )

    def test_the_file_is_capped_in_size(self):
        self.allow(self.server.netloc)
        with mock.patch.object(taxonomy_wizard, "MAX_DOWNLOAD_BYTES", 1024 * 1024):
            for url in (f"{self.server.url}/big", f"{self.server.url}/big?announce=1"):
                self.assertRefused(url, "The answer from 127.0.0.1 is larger than 1 MB: it was not read.")
