from odoo import api, fields, models

from .kobo_size_conversion import SIZE_SYSTEMS


class KoboChannel(models.Model):
    _name = "kobo.channel"
    _description = "Sales Channel"
    _inherit = ["mail.thread"]
    _order = "sequence, name"

    name = fields.Char(required=True, tracking=True)
    code = fields.Char(
        required=True, tracking=True, help="Short technical name used in feeds and exports, e.g. google_de."
    )
    sequence = fields.Integer(default=10)
    channel_type = fields.Selection(
        [
            ("webshop", "Own web shop"),
            ("marketplace", "Marketplace"),
            ("feed", "Shopping feed"),
            ("retailer", "Wholesale retailer"),
        ],
        required=True,
        default="webshop",
        tracking=True,
    )
    lang_ids = fields.Many2many(
        "res.lang",
        string="Locales",
        domain="[('active', '=', True)]",
        help="Languages this channel publishes in; completeness is measured per locale.",
    )
    pricelist_id = fields.Many2one(
        "product.pricelist",
        tracking=True,
        help="Prices for this channel come from this Odoo pricelist (currency, rounding, dates).",
    )
    currency_id = fields.Many2one(related="pricelist_id.currency_id")
    taxonomy_id = fields.Many2one(
        "kobo.taxonomy",
        tracking=True,
        help="The product taxonomy this channel expects (e.g. Google's); categories are mapped to its nodes.",
    )
    taxonomy_mapping_ids = fields.One2many(
        "kobo.taxonomy.mapping",
        "channel_id",
        string="Taxonomy mappings",
        groups="kobo_pim.group_kobo_pim_user",
    )
    size_system = fields.Selection(
        SIZE_SYSTEMS,
        tracking=True,
        help="The size system this channel expects; sizes are converted with the size conversion tables. "
        "Leave empty to publish the sizes as they are named.",
    )
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    active = fields.Boolean(default=True, tracking=True)
    note = fields.Html(string="Channel rules", help="What this channel requires, for the catalogue team.")

    _sql_constraints = [
        ("code_company_unique", "unique(code, company_id)", "A channel code must be unique per company."),
    ]

    @api.depends("name", "code")
    def _compute_display_name(self):
        for channel in self:
            channel.display_name = channel.name

    def _size_labels(self, products):
        """The size label each variant of ``products`` gets on this channel, and the variants
        whose size cannot be converted: see ``kobo.size.conversion._size_labels``."""
        self.ensure_one()
        return self.env["kobo.size.conversion"]._size_labels(products, self.size_system)
