from lxml import etree

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
