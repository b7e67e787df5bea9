"""An Amazon seller account on a channel: where the Selling Partner API is, who the seller is,
the Login with Amazon credentials, and the access token cached between jobs.

The credentials and the cached token are readable and writable by syndication managers only
(``groups=``); they are never tracked in the chatter. The job reads them with sudo and writes
the token cache with sudo.
"""

from odoo import api, fields, models

from .kobo_listing import SYNDICATION_MANAGERS

#: Changing one of these makes the cached access token worthless.
AMAZON_CREDENTIAL_FIELDS = (
    "amazon_token_url",
    "amazon_client_id",
    "amazon_client_secret",
    "amazon_refresh_token",
)


class KoboChannel(models.Model):
    _inherit = "kobo.channel"

    amazon_endpoint = fields.Char(
        string="SP-API Endpoint",
        default="https://sellingpartnerapi-eu.amazon.com",
        # The access token travels to this address, and the refresh token and client secret to
        # the token URL: only those who may read the credentials may say where they go.
        groups=SYNDICATION_MANAGERS,
        tracking=True,
        help="Base URL of the Selling Partner API for the marketplace's region: "
        "https://sellingpartnerapi-eu.amazon.com (Europe), -na (North America), -fe (Far East).",
    )
    amazon_token_url = fields.Char(
        string="LWA Token URL",
        default="https://api.amazon.com/auth/o2/token",
        groups=SYNDICATION_MANAGERS,
        tracking=True,
        help="Login with Amazon's token endpoint, which exchanges the refresh token for an access token.",
    )
    amazon_seller_id = fields.Char(
        string="Seller ID",
        tracking=True,
        help="Your merchant token (Seller Central ▸ Settings ▸ Account Info).",
        kobo_write_groups=SYNDICATION_MANAGERS,
    )
    amazon_marketplace_id = fields.Char(
        string="Marketplace ID",
        tracking=True,
        help="The Amazon store this channel lists on, e.g. A1PA6795UKMFR9 for Amazon.de. The Listings "
        "API takes one marketplace per call; list each marketplace (and its language) as its own channel.",
        kobo_write_groups=SYNDICATION_MANAGERS,
    )
    amazon_product_type = fields.Char(
        string="Product Type",
        default="SHIRT",
        tracking=True,
        help="The Amazon product type of the listings (SHIRT, DRESS, PANTS, ...), as the Product Type "
        "Definitions API names it.",
        kobo_write_groups=SYNDICATION_MANAGERS,
    )
    amazon_validate_first = fields.Boolean(
        string="Validate First",
        tracking=True,
        help="Send every listing with mode=VALIDATION_PREVIEW before the real submission: Amazon checks it "
        "and stores nothing, and the listing is only submitted when the preview finds no error. "
        "Doubles the calls.",
        kobo_write_groups=SYNDICATION_MANAGERS,
    )
    amazon_client_id = fields.Char(
        string="LWA Client ID",
        groups=SYNDICATION_MANAGERS,
        copy=False,
        help="The app's Login with Amazon client id.",
    )
    amazon_client_secret = fields.Char(
        string="LWA Client Secret",
        groups=SYNDICATION_MANAGERS,
        copy=False,
        help="The app's LWA client secret.",
    )
    amazon_refresh_token = fields.Char(
        string="Refresh Token",
        groups=SYNDICATION_MANAGERS,
        copy=False,
        help="Issued when the seller authorises the app (Seller Central ▸ Apps ▸ Develop apps ▸ Authorize).",
    )
    amazon_access_token = fields.Char(
        string="Cached Access Token",
        groups=SYNDICATION_MANAGERS,
        copy=False,
        readonly=True,
        help="The last access token Login with Amazon issued; reused until shortly before it expires.",
    )
    amazon_token_expiry = fields.Datetime(
        string="Access Token Expiry", groups=SYNDICATION_MANAGERS, copy=False, readonly=True
    )

    def write(self, vals):
        if any(name in vals for name in AMAZON_CREDENTIAL_FIELDS) and "amazon_access_token" not in vals:
            vals = {**vals, "amazon_access_token": False, "amazon_token_expiry": False}
        return super().write(vals)

    def action_amazon_test_connection(self):
        """Exchange the refresh token and make one authorised call (managers): a notification
        when Amazon answers, an error naming what is wrong otherwise."""
        self.ensure_one()
        self.env["kobo.listing"]._kobo_check_group(
            SYNDICATION_MANAGERS, self.env._("test the Amazon connection")
        )
        message = self.env["kobo.connector.amazon"]._kobo_amazon_test_connection(self)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {"title": self.env._("Amazon"), "message": message, "type": "success", "sticky": False},
        }

    @api.model
    def _kobo_amazon_settings_missing(self, channel):
        """Labels of the settings ``channel`` lacks to call Amazon (read with sudo)."""
        channel = channel.sudo()
        names = (
            "amazon_endpoint",
            "amazon_token_url",
            "amazon_seller_id",
            "amazon_marketplace_id",
            "amazon_product_type",
            "amazon_client_id",
            "amazon_client_secret",
            "amazon_refresh_token",
        )
        return [channel._fields[name]._description_string(self.env) for name in names if not channel[name]]
