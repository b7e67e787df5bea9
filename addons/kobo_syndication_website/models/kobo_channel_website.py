"""Which Odoo website a web shop channel publishes to."""

from odoo import api, fields, models
from odoo.addons.kobo_syndication.models.kobo_listing import SYNDICATION_MANAGERS


class KoboChannel(models.Model):
    _inherit = "kobo.channel"

    connector = fields.Selection(
        selection_add=[("website", "Odoo website")], ondelete={"website": "set null"}
    )
    website_id = fields.Many2one(
        "website",
        compute="_compute_website_id",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
        ondelete="restrict",
        domain="[('company_id', '=', company_id)]",
        help="The Odoo website this channel publishes to (Odoo website connector): its shop shows the "
        "products in the channel's locales that the website has, at the channel's pricelist. "
        "Defaults to the company's first website.",
        kobo_write_groups=SYNDICATION_MANAGERS,
    )
    website_publish_button = fields.Boolean(
        string="Odoo's Publish Button Publishes",
        tracking=True,
        kobo_write_groups=SYNDICATION_MANAGERS,
        help="Off (the default): the products of this channel's company reach its website only "
        "through their listing here, with their content approved in the PIM and the channel's "
        "requirements met; Odoo's own Publish button (any write of Is Published) is refused for "
        "them. On: the brand lets whoever may edit the website publish its products by hand, "
        "approved or not.",
    )

    @api.depends("connector", "company_id")
    def _compute_website_id(self):
        # A channel set on a website keeps it; a new web shop channel gets its company's website.
        to_default = self.filtered(
            lambda channel: channel.connector == "website"
            and (not channel.website_id or channel.website_id.company_id != channel.company_id)
        )
        websites = {}
        if to_default:
            for website in (
                self.env["website"]
                .sudo()
                .search([("company_id", "in", to_default.company_id.ids)], order="sequence, id")
            ):
                websites.setdefault(website.company_id.id, website)
        for channel in self:
            if channel in to_default:
                channel.website_id = websites.get(channel.company_id.id, False)
            else:
                channel.website_id = channel.website_id

    @api.model_create_multi
    def create(self, vals_list):
        channels = super().create(vals_list)
        channels._kobo_show_pricelist_on_website()
        return channels

    def write(self, vals):
        result = super().write(vals)
        if {"connector", "website_id", "pricelist_id", "company_id"} & set(vals):
            self._kobo_show_pricelist_on_website()
        return result

    def _kobo_show_pricelist_on_website(self):
        """A web shop channel's pricelist is what its website shows from the moment the channel
        is set up (each push checks it again)."""
        connector = self.env["kobo.connector.website"]
        for channel in self.filtered(
            lambda channel: channel.connector == "website" and channel.website_id and channel.pricelist_id
        ):
            if not connector._kobo_channel_issues(channel):
                connector._kobo_show_channel_pricelist(channel)

    def _kobo_load_website_terms(self):
        """Load Odoo's own translations (website_sale's *Add to cart*, the checkout, the footer)
        of the installed modules for the languages of these channels' websites, as Settings ▸
        Languages ▸ Add does (``base.language.install``), without overwriting a term translated
        already. Odoo loads a module's terms only for the languages active when the module is
        installed: a language activated later (the demo's French and German) shows the shop's own
        words in English until they are loaded."""
        codes = [code for code in self.sudo().website_id.language_ids.mapped("code") if code != "en_US"]
        if codes:
            modules = self.env["ir.module.module"].sudo().search([("state", "=", "installed")])
            modules._update_translations(codes)
        return True

    def _kobo_demo_publish_website(self):
        """Demo: publish the products in enrichment on these web shop channels as *Publish* does,
        and run their sync now (demo loading does not run the job runner), so that ``make run``
        opens a shop with the approved ones; the others (content not approved, or refused by the
        channel's profile) stay blocked and say why."""
        templates = self.env["kobo.enrichment"].sudo().search([]).product_tmpl_id
        for channel in self.sudo().filtered(lambda channel: channel.connector == "website"):
            listings = self.env["kobo.listing"]._kobo_ensure(templates, channel)
            listings._kobo_queue_publish()
            listings._kobo_sync_batch()
        return True
