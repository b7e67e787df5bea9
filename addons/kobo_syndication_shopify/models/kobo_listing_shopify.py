"""What a listing remembers of the Shopify objects the connector created on the product: the
media per image (keyed by the image's URL, which names the rendition's file, so a new version
of an image is a new key) and the ``kobo`` metafields it set. The connector keeps, adds and
deletes only these: media and metafields the merchant or another app put on the product are
never sent, so never replaced nor deleted (see docs/syndication-shopify.md)."""

from odoo import fields, models


class KoboListing(models.Model):
    _inherit = "kobo.listing"

    shopify_media_ids = fields.Json(
        readonly=True,
        copy=False,
        help="The Shopify media the connector created on the product, by image URL.",
    )
    shopify_metafield_keys = fields.Json(
        string="Shopify Metafields",
        readonly=True,
        copy=False,
        help="The keys of the metafields in namespace kobo the connector set on the product.",
    )

    @property
    def _kobo_workflow_fields(self):
        # Added to whatever the other modules guard (a tuple here would drop their additions).
        return (*super()._kobo_workflow_fields, "shopify_media_ids", "shopify_metafield_keys")
