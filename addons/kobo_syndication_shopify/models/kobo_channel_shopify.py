"""A channel's Shopify settings: the shop, the custom app's Admin API token, the pinned API
version, the shop's primary language and the inventory policy its variants get.

The shop URL and the token are for syndication managers only (``groups``): the token travels to
whatever URL is set, so whoever may change the URL could send the token elsewhere.
"""

from odoo import api, fields, models
from odoo.addons.kobo_syndication.models.kobo_listing import SYNDICATION_MANAGERS
from odoo.addons.queue_job.exception import RetryableJobError
from odoo.exceptions import AccessError, UserError

from .kobo_connector_shopify_client import SHOPIFY_API_VERSION, ShopifyClient, ShopifyError

SHOP_QUERY = "query KoboShop { shop { name myshopifyDomain } }"
LOCALES_QUERY = "query KoboShopLocales { shopLocales { locale primary published } }"
#: Without an id: the shop's primary location.
LOCATION_QUERY = "query KoboLocation($id: ID) { location(id: $id) { id name } }"


def shopify_locale(lang):
    """Shopify's locale code of an Odoo language: ``ja_JP`` → ``ja``, ``pt_BR`` → ``pt-BR``."""
    return (lang.iso_code or lang.code or "").replace("_", "-")


class KoboChannel(models.Model):
    _inherit = "kobo.channel"

    connector = fields.Selection(selection_add=[("shopify", "Shopify")], ondelete={"shopify": "set null"})
    shopify_shop_url = fields.Char(
        string="Shop URL",
        groups=SYNDICATION_MANAGERS,
        copy=False,
        help="The shop's address, e.g. https://your-shop.myshopify.com (the Admin API is under "
        "/admin/api/<version>/graphql.json).",
    )
    shopify_access_token = fields.Char(
        string="Admin API Access Token",
        groups=SYNDICATION_MANAGERS,
        copy=False,
        help="The custom app's Admin API access token (shpat_…), with the write_products and "
        "write_translations scopes. Shown to syndication managers only, never logged.",
    )
    shopify_api_version = fields.Char(
        string="API Version",
        compute="_compute_shopify_api_version",
        help="The Admin GraphQL API version this connector is written for (fixed by the code).",
        kobo_write_groups=SYNDICATION_MANAGERS,
    )
    shopify_primary_lang_id = fields.Many2one(
        "res.lang",
        string="Shop's Primary Language",
        help="The language of the shop's own product texts; the channel's other locales are sent as "
        "Shopify translations. Empty: the channel's first locale.",
        kobo_write_groups=SYNDICATION_MANAGERS,
    )
    shopify_inventory_policy = fields.Selection(
        [("deny", "Stop selling when out of stock"), ("continue", "Keep selling when out of stock")],
        string="Out of Stock",
        default="deny",
        required=True,
        help="Shopify's inventory policy of every variant this channel sends.",
        kobo_write_groups=SYNDICATION_MANAGERS,
    )

    shopify_location_id = fields.Char(
        string="Inventory Location",
        copy=False,
        help="The Shopify location (gid://shopify/Location/…) whose quantities the channel sets "
        "from Odoo's on-hand quantities of products tracked in stock. Test connection fills it "
        "with the shop's primary location; empty, every push uses the primary location.",
        kobo_write_groups=SYNDICATION_MANAGERS,
    )

    shopify_bulk_threshold = fields.Integer(
        string="Bulk Publish From",
        default=50,
        help="From this many products in one publish batch, they go to Shopify as one bulk operation "
        "(uploaded as a file, carried out by Shopify in the background) instead of one call each; "
        "fewer go one by one. 0: never in bulk.",
        kobo_write_groups=SYNDICATION_MANAGERS,
    )

    _sql_constraints = [
        (
            "shopify_bulk_threshold_positive",
            "CHECK(shopify_bulk_threshold IS NULL OR shopify_bulk_threshold >= 0)",
            "The Shopify bulk threshold is a number of products: 0 or more.",
        ),
    ]

    def _compute_shopify_api_version(self):
        for channel in self:
            channel.shopify_api_version = SHOPIFY_API_VERSION

    @api.model
    def _kobo_shopify_primary_lang(self, channel):
        return channel.shopify_primary_lang_id or channel.lang_ids[:1] or self.env.ref("base.lang_en")

    def action_kobo_shopify_test_connection(self):
        """Ask the shop who it is and which languages it has; say in words what is wrong."""
        self.ensure_one()
        if not self.env.user.has_group(SYNDICATION_MANAGERS):
            raise AccessError(self.env._("Only syndication managers may test a channel's connection."))
        channel = self.sudo()
        if not channel.shopify_shop_url or not channel.shopify_access_token:
            raise UserError(
                self.env._(
                    "Set the shop URL and the Admin API access token of %(channel)s first.", channel=self.name
                )
            )
        connector = self.env["kobo.connector.shopify"]
        try:
            with ShopifyClient(connector, channel) as client:
                shop = client.execute("shop", SHOP_QUERY)
                locales = client.execute("shopLocales", LOCALES_QUERY)
                location = client.execute(
                    "location", LOCATION_QUERY, {"id": channel.shopify_location_id or None}
                )
        except ShopifyError as error:
            raise UserError(error.message) from None
        except RetryableJobError as error:
            raise UserError(str(error)) from None
        problems = self._kobo_shopify_locale_problems(channel, locales or [])
        if not location:
            problems.append(
                self.env._(
                    "The shop has no location %(location)s: a syndication manager must set the channel's "
                    "inventory location (or empty it to use the shop's primary location).",
                    location=channel.shopify_location_id,
                )
            )
        elif not channel.shopify_location_id:
            channel.shopify_location_id = location["id"]
        message = self.env._(
            "Connected to %(shop)s (API %(version)s).",
            shop=(shop or {}).get("name"),
            version=SHOPIFY_API_VERSION,
        )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Shopify connection"),
                "message": " ".join([message, *problems]),
                "type": "warning" if problems else "success",
                "sticky": bool(problems),
            },
        }

    @api.model
    def _kobo_shopify_locale_problems(self, channel, locales):
        """What the shop's languages say about the channel's settings, in words."""
        primary = self._kobo_shopify_primary_lang(channel)
        shop_primary = next((locale["locale"] for locale in locales if locale.get("primary")), None)
        enabled = {locale["locale"] for locale in locales}
        problems = []
        if shop_primary and shop_primary != shopify_locale(primary):
            problems.append(
                self.env._(
                    "The shop's primary language is %(shop)s but the channel sends %(ours)s as primary: "
                    "set the shop's primary language on the channel.",
                    shop=shop_primary,
                    ours=shopify_locale(primary),
                )
            )
        missing = [
            shopify_locale(lang) for lang in channel.lang_ids - primary if shopify_locale(lang) not in enabled
        ]
        if missing:
            problems.append(
                self.env._(
                    "The shop has no language %(locales)s: add it in Shopify (Settings ▸ Languages) or "
                    "remove it from the channel's locales.",
                    locales=", ".join(missing),
                )
            )
        return problems
