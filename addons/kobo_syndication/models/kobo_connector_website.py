from odoo import api, models


class KoboConnectorWebsite(models.AbstractModel):
    """The Odoo web shop (website_sale): publishing is the product's *Is Published* flag; the
    shop reads the product's own fields, so the payload is what a shopper sees of it."""

    _name = "kobo.connector.website"
    _inherit = "kobo.connector"
    _description = "Syndication connector: Odoo website"

    @api.model
    def build_payload(self, listings):
        templates = listings.product_tmpl_id
        assets = templates._kobo_assets_for_channel(listings.channel_id[:1])
        payloads = {}
        for listing in listings:
            template = listing.product_tmpl_id
            payloads[listing.id] = {
                "name": template.name,
                "description": template.kobo_description or "",
                "price": template.list_price,
                "images": [asset.id for asset in assets.get(template.id, [])],
            }
        return payloads

    @api.model
    def push(self, listings, payloads):
        # Publishing needs website rights the catalogue team may not have; the listing's
        # action checked the syndication group already.
        listings.product_tmpl_id.sudo().write({"is_published": True})
        return {listing.id: {"external_id": str(listing.product_tmpl_id.id)} for listing in listings}

    @api.model
    def delist(self, listings):
        listings.product_tmpl_id.sudo().with_context(active_test=False).write({"is_published": False})
        return {listing.id: {} for listing in listings}

    @api.model
    def read_status(self, listings):
        return {
            listing.id: {"state": "published" if listing.product_tmpl_id.sudo().is_published else "delisted"}
            for listing in listings
        }
