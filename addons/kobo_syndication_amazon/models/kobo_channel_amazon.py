"""An Amazon seller account on a channel: where the Selling Partner API is, who the seller is,
the Login with Amazon credentials, and the access token cached between jobs.

The credentials and the cached token are readable and writable by syndication managers only
(``groups=``); they are never tracked in the chatter. The job reads them with sudo and writes
the token cache with sudo.
"""

import logging

from odoo import api, fields, models
from odoo.addons.kobo_syndication.models.kobo_listing import SYNDICATION_MANAGERS, SYNDICATION_USERS
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from .kobo_amazon_marketplaces import MARKETPLACE_LANGUAGES, marketplace_languages

_logger = logging.getLogger(__name__)

#: Changing one of these makes the cached access token worthless.
AMAZON_CREDENTIAL_FIELDS = (
    "amazon_token_url",
    "amazon_client_id",
    "amazon_client_secret",
    "amazon_refresh_token",
)


#: The feeds Amazon accepted, by channel and document digest, committed outside the job's
#: transaction so that its retry polls them instead of sending them again
#: (kobo_connector_amazon_feed.py); the table is made by ``init`` below.
FEED_SENT_TABLE = "kobo_amazon_feed_sent"


class KoboChannel(models.Model):
    _inherit = "kobo.channel"

    def init(self):
        result = super().init()
        # The JSON_LISTINGS_FEEDs Amazon accepted (kobo_connector_amazon_feed.py FEED_SENT_TABLE):
        # written outside the jobs' transactions, read by their retries; no model, nobody's screen.
        # No foreign key: the row is committed on its own, the channel may not be yet (a channel
        # made in the same transaction); rows are forgotten after two days.
        self.env.cr.execute(
            SQL(
                """CREATE TABLE IF NOT EXISTS %(table)s (
                       channel_id INTEGER NOT NULL,
                       digest VARCHAR NOT NULL,
                       feed_id VARCHAR NOT NULL,
                       sent_at TIMESTAMP NOT NULL);
                   CREATE INDEX IF NOT EXISTS %(index)s ON %(table)s (channel_id, digest)""",
                table=SQL.identifier(FEED_SENT_TABLE),
                index=SQL.identifier(f"{FEED_SENT_TABLE}_channel_digest_idx"),
            )
        )
        return result

    connector = fields.Selection(selection_add=[("amazon", "Amazon SP-API")], ondelete={"amazon": "set null"})
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
    amazon_product_type_map_ids = fields.One2many(
        "kobo.amazon.product.type.map",
        "channel_id",
        string="Product Types by Category",
        help="The Amazon product type of each product category's products (the most specific "
        "category wins); the others are listed as the default product type above.",
        # Readable by syndication users only (its model's access): the channel form of a
        # catalogue manager without syndication rights must not read it.
        groups=SYNDICATION_USERS,
    )
    amazon_lang_id = fields.Many2one(
        "res.lang",
        string="Listing Language",
        tracking=True,
        help="The language the listings are written in on this marketplace (the language_tag of "
        "every text). It must be one the marketplace accepts (Amazon.de: German, English, ...) and "
        "one of the channel's languages, whose completeness is checked.",
        kobo_write_groups=SYNDICATION_MANAGERS,
    )
    amazon_untracked_quantity = fields.Integer(
        string="Quantity of Untracked Products",
        default=0,
        tracking=True,
        help="The offer quantity of products whose stock is not tracked (not storable). 0: such "
        "products are refused with an issue, since Amazon cannot sell an offer without a quantity. "
        "Tracked products always send their quantity on hand.",
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
    amazon_feed_threshold = fields.Integer(
        string="Feed From (Listings)",
        default=20,
        tracking=True,
        help="A sync batch of at least this many listings goes to Amazon as one JSON_LISTINGS_FEED "
        "(Feeds API) instead of one Listings call per SKU: a batch of 200 styles of 48 sizes and "
        "colours is one feed instead of 9,800 calls (33 minutes at Amazon's 5 calls per second). "
        "Smaller batches keep the per-SKU calls, whose answer comes at once. 0: never use feeds. "
        "Not used with Validate First (a feed has no preview).",
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

    _sql_constraints = [
        (
            "amazon_feed_threshold_positive",
            "CHECK(amazon_feed_threshold IS NULL OR amazon_feed_threshold >= 0)",
            "The Amazon feed threshold is a number of listings: 0 or more.",
        ),
    ]

    @api.constrains("connector", "amazon_lang_id", "amazon_marketplace_id", "lang_ids")
    def _check_amazon_lang(self):
        for channel in self.sudo():
            lang = channel.amazon_lang_id
            if channel.connector != "amazon" or not lang:
                continue
            marketplace = (channel.amazon_marketplace_id or "").strip()
            allowed = marketplace_languages(marketplace)
            if not allowed:
                raise ValidationError(
                    self.env._(
                        "%(channel)s: we do not know which languages the Amazon marketplace "
                        "%(marketplace)s accepts. Known marketplaces: %(known)s.",
                        channel=channel.display_name,
                        marketplace=marketplace or self.env._("(none)"),
                        known=", ".join(
                            f"{key} ({store})" for key, (store, _tags) in MARKETPLACE_LANGUAGES.items()
                        ),
                    )
                )
            if lang.code not in allowed:
                raise ValidationError(
                    self.env._(
                        "%(channel)s: %(store)s does not accept listings in %(lang)s; "
                        "it accepts %(allowed)s.",
                        channel=channel.display_name,
                        store=MARKETPLACE_LANGUAGES[marketplace][0],
                        lang=lang.name,
                        allowed=", ".join(allowed),
                    )
                )
            if lang not in channel.lang_ids:
                raise ValidationError(
                    self.env._(
                        "%(channel)s: the listing language %(lang)s is not one of the channel's "
                        "languages: add it to them, so that its completeness is checked.",
                        channel=channel.display_name,
                        lang=lang.name,
                    )
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
            "amazon_lang_id",
            "amazon_client_id",
            "amazon_client_secret",
            "amazon_refresh_token",
        )
        return [channel._fields[name]._description_string(self.env) for name in names if not channel[name]]

    @api.model
    def _kobo_amazon_fill_lang(self):
        """Give the Amazon channels without a listing language (made before ``amazon_lang_id``
        existed) their marketplace's: its own language (``MARKETPLACE_LANGUAGES``, the first) when
        it is one of the channel's languages, else the one language of the channel's that the
        marketplace accepts. A channel neither decides (a marketplace we do not know, none or
        several of the channel's languages accepted) keeps none and is named in the log: its
        listings stay blocked ("lacks Amazon settings: Listing Language") until a syndication
        manager sets it. Archived channels are filled too.

        Returns ``(filled, undecided)``: ``{channel id: language code}`` and the channels left."""
        channels = (
            self.sudo()
            .with_context(active_test=False)
            .search([("connector", "=", "amazon"), ("amazon_lang_id", "=", False)])
        )
        filled, undecided = {}, self.browse()
        for channel in channels:
            tags = marketplace_languages((channel.amazon_marketplace_id or "").strip())
            accepted = channel.lang_ids.filtered(lambda lang, tags=tags: lang.code in tags)
            own = accepted.filtered(lambda lang, tags=tags: lang.code == tags[0])
            lang = own or (accepted if len(accepted) == 1 else accepted.browse())
            if not lang:
                undecided |= channel
                continue
            channel.amazon_lang_id = lang
            filled[channel.id] = lang.code
        if undecided:
            _logger.warning(
                "Amazon channels left without a listing language, which their marketplace and "
                "languages do not decide (a syndication manager sets it on the channel's Amazon "
                "tab; until then their listings are blocked): %s",
                "; ".join(
                    f"{channel.display_name} (id {channel.id}, marketplace "
                    f"{channel.amazon_marketplace_id or 'none'}, languages "
                    f"{', '.join(channel.lang_ids.mapped('code')) or 'none'})"
                    for channel in undecided
                ),
            )
        return filled, undecided
