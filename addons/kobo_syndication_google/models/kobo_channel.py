from odoo import api, fields, models
from odoo.addons.kobo_syndication.models.kobo_listing import SYNDICATION_MANAGERS
from odoo.exceptions import ValidationError


class KoboChannel(models.Model):
    _inherit = "kobo.channel"

    connector = fields.Selection(
        selection_add=[("google_merchant", "Google Merchant feed")], ondelete={"google_merchant": "set null"}
    )
    google_landing_url = fields.Char(
        string="Landing Page Address",
        kobo_write_groups=SYNDICATION_MANAGERS,
        help="The address of a product's page on the shop Google sends shoppers to, when that "
        "shop is not this database's Odoo web shop: {code} stands for the variant's internal "
        "reference, {lang} for the feed's language, {id} for the variant's id, e.g. "
        "https://shop.example.com/{lang}/p/{code}. Empty: the product's page on the Odoo web shop.",
    )

    @api.constrains("google_landing_url")
    def _check_google_landing_url(self):
        for channel in self.filtered("google_landing_url"):
            url = channel.google_landing_url
            try:
                url.format(code="X", lang="en_US", id=1)
            except (KeyError, IndexError, ValueError) as error:
                raise ValidationError(
                    self.env._(
                        "%(channel)s: the landing page address %(url)s has a placeholder other "
                        "than {code}, {lang} and {id} (%(error)s).",
                        channel=channel.display_name,
                        url=url,
                        error=error,
                    )
                ) from error
            if not url.startswith(("https://", "http://")):
                raise ValidationError(
                    self.env._(
                        "%(channel)s: the landing page address must start with https://.",
                        channel=channel.display_name,
                    )
                )
