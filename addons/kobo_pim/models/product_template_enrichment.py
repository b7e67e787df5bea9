"""A product in the catalogue team's hands: its enrichment, its copy per channel, what reopens approval."""

from odoo import api, fields, models
from odoo.tools import SQL, is_html_empty

from .kobo_enrichment import PIM_USERS
from .product_template_copy import COPY_FIELDS


def kobo_copy_is_empty(field, value):
    """An override that says nothing: the product's own copy is used instead."""
    if field.type == "html":
        return is_html_empty(value)
    return not (value or "").strip()


class ProductTemplate(models.Model):
    _name = "product.template"
    _inherit = ["product.template", "kobo.enrichment.content.mixin"]

    kobo_enrichment_ids = fields.One2many(
        "kobo.enrichment", "product_tmpl_id", string="Enrichment", groups=PIM_USERS
    )
    kobo_enrichment_state = fields.Selection(
        string="Enrichment State", related="kobo_enrichment_ids.state", groups=PIM_USERS
    )
    # Import-compatible: a product file with these columns puts its products into enrichment.
    kobo_enrichment_user_id = fields.Many2one(
        "res.users",
        string="Enrichment Assignee",
        compute="_compute_kobo_enrichment_plan",
        inverse="_inverse_kobo_enrichment_plan",
        groups=PIM_USERS,
    )
    kobo_enrichment_date_deadline = fields.Date(
        string="Enrichment Deadline",
        compute="_compute_kobo_enrichment_plan",
        inverse="_inverse_kobo_enrichment_plan",
        groups=PIM_USERS,
    )
    kobo_channel_copy_ids = fields.One2many(
        "kobo.channel.copy", "product_tmpl_id", string="Copy per Channel", groups=PIM_USERS
    )
    kobo_look_ids = fields.Many2many(
        "kobo.look",
        "kobo_look_product_template_rel",
        "product_tmpl_id",
        "look_id",
        string="Looks",
        help="Complete-the-look sets this product belongs to.",
    )

    @api.depends("kobo_enrichment_ids.user_id", "kobo_enrichment_ids.date_deadline")
    def _compute_kobo_enrichment_plan(self):
        for product in self:
            enrichment = product.kobo_enrichment_ids[:1]
            product.kobo_enrichment_user_id = enrichment.user_id
            product.kobo_enrichment_date_deadline = enrichment.date_deadline

    def _inverse_kobo_enrichment_plan(self):
        # Read what was given first: creating the enrichments recomputes these fields from them
        # (an automation rule on enrichments, for one, reads them back at once).
        wanted = {
            product.id: (product.kobo_enrichment_user_id, product.kobo_enrichment_date_deadline)
            for product in self
        }
        enrichments = self.env["kobo.enrichment"]._kobo_ensure(self)
        by_product = {enrichment.product_tmpl_id.id: enrichment for enrichment in enrichments}
        for product in self:
            enrichment = by_product[product.id]
            user, deadline = wanted[product.id]
            vals = {}
            if enrichment.user_id != user:
                vals["user_id"] = user.id
            if enrichment.date_deadline != deadline:
                vals["date_deadline"] = deadline
            if vals:
                enrichment.write(vals)

    def copy(self, default=None):
        """A copy of a catalogue product is a catalogue product: it starts its own enrichment (*to
        enrich*), so no channel, Odoo's shop among them, shows it before its content is approved.
        Its copy is copied with it; its approval is not."""
        copies = super().copy(default)
        sources = self.env["kobo.enrichment"].sudo().search([("product_tmpl_id", "in", self.ids)])
        in_catalogue = set(sources.product_tmpl_id.ids)
        joining = copies.browse(
            [new.id for old, new in zip(self, copies, strict=True) if old.id in in_catalogue]
        )
        joining._kobo_copies_join_catalogue()
        return copies

    def _kobo_copies_join_catalogue(self):
        """Hook: these copies of catalogue products enter enrichment (kobo_plm_pim leaves styles to
        their production approval). As the system: whoever duplicates the product (a sales
        manager) need not be of the catalogue team, the enrichment is the copy's consequence."""
        if self:
            self.env["kobo.enrichment"].sudo()._kobo_ensure(self)

    # Actions

    def action_kobo_send_to_enrichment(self):
        """Server action *Send to enrichment*: every selected product gets an enrichment (once)."""
        self.env["kobo.enrichment"]._kobo_check_group(PIM_USERS, self.env._("send products to enrichment"))
        enrichments = self._kobo_send_to_enrichment()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Enrichment"),
            "res_model": "kobo.enrichment",
            "view_mode": "kanban,list,form",
            "views": [(False, "kanban"), (False, "list"), (False, "form")],
            "domain": [("id", "in", enrichments.ids)],
            "context": {"create": False},
        }

    def _kobo_send_to_enrichment(self):
        """The enrichments of these products, created where missing (hook: kobo_plm_pim adds PLM data)."""
        return self.env["kobo.enrichment"]._kobo_ensure(self)

    def action_kobo_open_enrichment(self):
        self.ensure_one()
        enrichment = self.kobo_enrichment_ids[:1]
        if not enrichment:
            return self.action_kobo_send_to_enrichment()
        return {
            "type": "ir.actions.act_window",
            "res_model": "kobo.enrichment",
            "res_id": enrichment.id,
            "view_mode": "form",
        }

    # Business methods

    @api.model
    def _kobo_enrichment_content_fields(self):
        """Fields whose change takes an approved product back to review (extend to add more).

        Descriptive attribute lines and per-channel copy reopen approval from their own models.
        """
        return [
            *super()._kobo_enrichment_content_fields(),
            *COPY_FIELDS,
            "kobo_brand",
            "kobo_gender",
            "kobo_age_group",
            "kobo_composition_label",
            "kobo_care_text",
            "kobo_care_symbols",
            "kobo_country_of_origin_id",
            "kobo_size_chart",
        ]

    def _kobo_enrichment_product(self):
        return self

    def _kobo_copy(self, channel, lang):
        """This product's copy on `channel` in `lang`: the channel's override where set, else its own."""
        self.ensure_one()
        return self._kobo_copy_values(self, channel, [lang])[(self.id, channel.id, lang)]

    @api.model
    def _kobo_copy_values(self, products, channels, langs):
        """{(product id, channel id, lang): {copy field: value}} for every combination, in batch.

        Two queries whatever the number of products, channels and languages: Odoo's stored
        translations ({lang: text} per field) of the products and of their channel overrides.
        The most specific text wins: the channel's override in that language, else the
        product's own text in that language, else the override's English, else the product's
        English (so an English-only override on a French channel does not hide the product's
        French text, and a missing translation falls back to English as everywhere in Odoo;
        completeness reports it). An override left empty counts as no override.
        """
        products.check_access("read")
        overrides = self.env["kobo.channel.copy"].search(
            [("product_tmpl_id", "in", products.ids), ("channel_id", "in", channels.ids)]
        )
        columns = SQL(", ").join(SQL.identifier(name) for name in COPY_FIELDS)
        products.flush_model(list(COPY_FIELDS))
        own = {}
        if products:
            self.env.cr.execute(
                SQL("SELECT id, %s FROM product_template WHERE id IN %s", columns, tuple(products.ids))
            )
            own = {row[0]: dict(zip(COPY_FIELDS, row[1:], strict=True)) for row in self.env.cr.fetchall()}
        channel_rows = {}
        if overrides:
            overrides.flush_model(["product_tmpl_id", "channel_id", *COPY_FIELDS])
            self.env.cr.execute(
                SQL(
                    "SELECT product_tmpl_id, channel_id, %s FROM kobo_channel_copy WHERE id IN %s",
                    columns,
                    tuple(overrides.ids),
                )
            )
            channel_rows = {
                (row[0], row[1]): dict(zip(COPY_FIELDS, row[2:], strict=True))
                for row in self.env.cr.fetchall()
            }

        def pick(field, override, product, lang):
            candidates = ((override, lang), (product, lang), (override, "en_US"), (product, "en_US"))
            for texts, text_lang in candidates:
                text = (texts.get(field.name) or {}).get(text_lang)
                if not kobo_copy_is_empty(field, text):
                    return text
            return False

        copy_fields = [self._fields[name] for name in COPY_FIELDS]
        values = {}
        for lang in langs:
            for product_id in products.ids:
                for channel_id in channels.ids:
                    override = channel_rows.get((product_id, channel_id), {})
                    values[(product_id, channel_id, lang)] = {
                        field.name: pick(field, override, own[product_id], lang) for field in copy_fields
                    }
        return values
