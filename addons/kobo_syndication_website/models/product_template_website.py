"""The product's main picture as the Odoo website connector last set it, and who may publish it.

A product of the catalogue (in enrichment, or listed on a web shop channel) of a company that has
a web shop channel reaches the shop through its listing there: content approved in the PIM and
the channel's requirements met, as on every other channel. Odoo's other products (services,
Odoo's own demo shop, anything the PIM does not manage) keep Odoo's Publish button: the PIM does
not own them, and Odoo's own website tests publish such products by hand.
Odoo's own Publish button (any write or create of *Is Published*) would go round that, so it is
refused, for every caller and every way in (the form, RPC, an import, ``default_is_published``,
a copy), unless each of the product's web shop channels says that its Publish button publishes
(``kobo.channel.website_publish_button``). The connector publishes through the private sentinel.
Unpublishing by hand is always allowed: it only takes a product off the shop; so is publishing
by module data loaded at an install or update.
"""

from odoo import api, fields, models
from odoo.addons.kobo_base.models.kobo_workflow_mixin import is_privileged
from odoo.exceptions import UserError


class ProductTemplate(models.Model):
    _inherit = "product.template"

    kobo_website_image_key = fields.Char(
        string="Shop Image Version",
        readonly=True,
        copy=False,
        help="Asset and version the web shop connector last set as the product's main image: a push "
        "of the same image writes nothing, and an image set by hand (no version) is replaced only "
        "by a channel asset.",
    )
    kobo_ecommerce_description_note = fields.Char(
        string="eCommerce Description Source",
        compute="_compute_kobo_ecommerce_description_note",
        help="Set when the product is listed on a web shop channel, whose connector fills the "
        "eCommerce Description from the PIM's approved copy: the form then shows the field "
        "read-only with this note.",
    )

    @api.depends("kobo_listing_ids")
    def _compute_kobo_ecommerce_description_note(self):
        # Every user who opens the product sees where its shop description comes from, whether or
        # not they may read the listings: one query for the batch.
        listings = (
            self.env["kobo.listing"]
            .sudo()
            .search([("product_tmpl_id", "in", self.ids), ("channel_id.connector", "=", "website")])
        )
        names = {}
        for listing in listings:
            names.setdefault(listing.product_tmpl_id.id, []).append(listing.channel_id.name)
        for template in self:
            channels = names.get(template.id)
            template.kobo_ecommerce_description_note = (
                self.env._(
                    "Filled from the PIM's approved copy by the web shop channel %(channels)s; "
                    "edit the copy in the PIM.",
                    channels=", ".join(channels),
                )
                if channels
                else False
            )

    @api.model_create_multi
    def create(self, vals_list):
        templates = super().create(vals_list)
        if not is_privileged(templates):
            # Judged on what was stored: a context default publishes as well as a value.
            templates.filtered("is_published")._kobo_check_publish_by_hand()
        return templates

    def write(self, vals):
        if not is_privileged(self) and (vals.get("is_published") or vals.get("website_published")):
            self.filtered(lambda template: not template.is_published)._kobo_check_publish_by_hand()
        return super().write(vals)

    def _kobo_check_publish_by_hand(self):
        """Refuse, naming the first one, these products of the catalogue being published other than
        through a web shop listing when a web shop channel of their company does not allow it."""
        # Module data being loaded (an install or update, an administrator's act: Odoo's own
        # website_sale_stock demo publishes its sample products) is no publishing by hand. The
        # registry is ready for every request: no client can make it otherwise.
        if not self or not self.env.registry.ready:
            return
        channels = (
            self.env["kobo.channel"]
            .sudo()
            .search([("connector", "=", "website"), ("website_publish_button", "=", False)])
        )
        if not channels:
            return
        # The catalogue's products: in enrichment, or listed on a web shop channel. Odoo's other
        # products (services, Odoo's demo shop, a website of the company the PIM does not manage)
        # keep Odoo's Publish button. Two queries for the batch, whoever publishes.
        in_catalogue = set(
            self.env["kobo.enrichment"]
            .sudo()
            .search([("product_tmpl_id", "in", self.ids)])
            .product_tmpl_id.ids
        ) | set(
            self.env["kobo.listing"]
            .sudo()
            .search([("product_tmpl_id", "in", self.ids), ("channel_id.connector", "=", "website")])
            .product_tmpl_id.ids
        )
        for template in self.filtered(lambda template: template.id in in_catalogue):
            if any(
                not template.company_id or channel.company_id == template.company_id for channel in channels
            ):
                raise UserError(
                    self.env._(
                        "%(product)s is published through its web-shop listing (Syndication ▸ Listings): "
                        "approve its enrichment, then publish the listing.",
                        product=template.display_name,
                    )
                )
