"""The local stand-in for Shopify's API (tests, benchmarks and the demo); see
``odoo.addons.kobo_syndication.fake_servers``."""

from odoo.addons.kobo_syndication.fake_servers import serve_until_interrupted
