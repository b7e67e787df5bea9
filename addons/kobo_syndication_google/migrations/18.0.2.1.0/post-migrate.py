"""Google feed rows keep their rendered texts.

From 18.0.2.1.0 the push stores each row's ``<item>`` elements and TSV lines, and the feed file
is written from them. The rows pushed before have none: rendered here once, so the first
generations after the upgrade are as fast as the later ones (without this they would still be
right, rendered from their items at every generation until each listing is pushed again).
"""

import logging

from odoo import SUPERUSER_ID, api

_logger = logging.getLogger(__name__)


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    rendered = env["kobo.google.feed.row"]._kobo_render_stale()
    _logger.info("Google feed rows: rendered the texts of %s rows pushed before 18.0.2.1.0", rendered)
