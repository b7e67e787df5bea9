import os

from lxml import etree

from odoo.addons.kobo_base.models.kobo_workflow_mixin import privileged
from odoo.tests import HttpCase, tagged

from .google_feed_common import G, GoogleFeedCase


@tagged("post_install", "-at_install")
class TestGoogleFeedController(HttpCase, GoogleFeedCase):
    def test_feed_url_serves_the_file_and_a_wrong_or_revoked_token_gets_404(self):
        __, feed = self._publish()
        response = self.url_open(feed._kobo_path("xml"))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "application/rss+xml; charset=utf-8")
        ids = [
            element.text
            for element in etree.fromstring(response.content).iter(G + "id")  # noqa: S320 (our own feed)
        ]
        self.assertEqual(len(ids), 6)
        tsv = self.url_open(feed._kobo_path("tsv"))
        self.assertEqual(tsv.status_code, 200)
        self.assertEqual(len(tsv.content.decode().splitlines()), 7)

        token = feed.token
        for path in (
            f"/kobo/feed/{feed.id}/{token[:-1]}{'B' if token[-1] == 'A' else 'A'}.xml",
            f"/kobo/feed/{feed.id + 1}/{token}.xml",
            f"/kobo/feed/{feed.id}/.xml",
            f"/kobo/feed/{feed.id}/{token}.csv",
        ):
            response = self.url_open(path)
            self.assertEqual(response.status_code, 404, path)
            self.assertNotIn(b"BLO-Navy-M", response.content)
        feed.with_user(self.syndication_manager).action_revoke_token()
        response = self.url_open(f"/kobo/feed/{feed.id}/{token}.xml")
        self.assertEqual(response.status_code, 404)
        self.assertNotIn(b"BLO-Navy-M", response.content)

    def test_a_machine_without_the_current_file_writes_it_before_serving(self):
        """Several machines whose filestores are not shared: the one that generated the feed
        has the file; another, answering the next fetch, has only an older generation (or
        none) and writes the current one from the stored rows, without generating anew."""
        __, feed = self._publish()
        self.assertEqual(self.url_open(feed._kobo_path("xml")).status_code, 200)
        generation = feed.generation
        older = feed._kobo_file_path("xml")
        self.assertTrue(os.path.exists(older))
        # Another machine generated the next one (its commit is what this machine reads).
        privileged(feed).write({"generation": generation + 1})
        self.assertFalse(os.path.exists(feed._kobo_file_path("xml")))
        response = self.url_open(feed._kobo_path("xml"))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(len(list(etree.fromstring(response.content).iter(G + "id"))), 6)  # noqa: S320
        self.assertTrue(os.path.exists(feed._kobo_file_path("xml")))
        self.assertEqual(feed.generation, generation + 1, "served, not generated anew")
        # Generating keeps the generation before the new one (a machine may be sending it),
        # not the ones before that.
        feed._kobo_generate()
        self.assertEqual(feed.generation, generation + 2)
        self.assertFalse(os.path.exists(older))
        self.assertTrue(os.path.exists(feed._kobo_file_path("xml", generation + 1)))
        self.assertTrue(os.path.exists(feed._kobo_file_path("tsv", generation + 2)))

    def test_image_links_open_anonymously_only_with_their_signature(self):
        __, feed = self._publish()
        item = next(iter(self._items(feed).values()))
        base_url = self.env["ir.config_parameter"].get_param("web.base.url")
        path = item["image_link"].removeprefix(base_url)
        response = self.url_open(path)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "image/jpeg")
        self.assertEqual(response.content[:3], b"\xff\xd8\xff")
        forged = path.rsplit("/", 1)[0][:-1] + "0/" + "0" * 32 + ".jpg"
        self.assertEqual(self.url_open(forged).status_code, 404)
        # Once the feed's address is revoked, its images are no longer served either.
        feed.with_user(self.syndication_manager).action_revoke_token()
        self.assertEqual(self.url_open(path).status_code, 404)
