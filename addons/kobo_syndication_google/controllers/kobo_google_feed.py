"""Public addresses Google Merchant Center fetches: the feed files and the product images.

Google fetches anonymously, so both routes are ``auth="public"``; nothing is read with sudo
before the secret in the address is checked, and an unknown, wrong or revoked secret gets the
same bare 404 as an address that never existed.
"""

import hmac
import os

from werkzeug.exceptions import NotFound

from odoo import http
from odoo.http import Stream, request

from ..models.kobo_connector_google_merchant import image_signature
from ..models.kobo_google_feed import FEED_FORMATS


class KoboGoogleFeedController(http.Controller):
    @http.route(
        ["/kobo/feed/<int:feed_id>/<string:token>.<string(length=3):fmt>"],
        type="http",
        auth="public",
        csrf=False,
        save_session=False,
    )
    def google_feed(self, feed_id, token, fmt):
        """The feed file, ``.xml`` (RSS 2.0) or ``.tsv``."""
        if fmt not in FEED_FORMATS:
            raise NotFound()
        feed = request.env["kobo.google.feed"].sudo().browse(feed_id).exists()
        if not feed or not feed._kobo_check_token(token) or not feed.channel_id.active:
            raise NotFound()
        # A listing changed since the file was written (or it never was), or this machine has
        # no copy of the current one: written now, so Google never fetches what the PIM no
        # longer says, whichever worker of whichever machine answers.
        path = feed._kobo_local_file(fmt)
        stat = os.stat(path)
        stream = Stream(
            type="path",
            path=path,
            mimetype=FEED_FORMATS[fmt],
            download_name=f"{feed.channel_id.code}.{fmt}",
            etag=f"{int(stat.st_mtime)}-{stat.st_size}",
            last_modified=stat.st_mtime,
            size=stat.st_size,
        )
        return stream.get_response(max_age=0)

    @http.route(
        ["/kobo/feed/image/<int:rendition_id>/<string:signature>.<string(length=3):extension>"],
        type="http",
        auth="public",
        csrf=False,
        save_session=False,
    )
    def google_feed_image(self, rendition_id, signature, extension):
        """A channel rendition written in a feed. The signature proves a feed wrote this URL;
        the rendition must still belong to a product on a live Google feed."""
        if not hmac.compare_digest(image_signature(request.env, rendition_id).encode(), signature.encode()):
            raise NotFound()
        rendition = request.env["kobo.asset.rendition"].sudo().browse(rendition_id).exists()
        if not rendition or not request.env["kobo.google.feed.row"].sudo().search_count(
            [
                ("listing_id.product_tmpl_id", "=", rendition.asset_id.product_tmpl_id.id),
                ("feed_id.token", "!=", False),
            ],
            limit=1,
        ):
            raise NotFound()
        stream = request.env["ir.binary"]._get_stream_from(rendition, "image")
        return stream.get_response(max_age=86400)
