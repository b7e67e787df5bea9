"""18.0.2.0.1: Amazon channels made before the listing language existed (``amazon_lang_id``)
have none, and their listings are blocked until one is set. Each gets its marketplace's language
when the marketplace and the channel's languages decide it; the others are named in the log
(``kobo.channel._kobo_amazon_fill_lang``)."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["kobo.channel"]._kobo_amazon_fill_lang()
