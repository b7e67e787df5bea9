"""Translation status per product × field × locale, computed live by PostgreSQL.

Odoo 18 keeps a translated field as one JSONB value with a key per language that was set. A
translation is:

* **missing** when its key is absent or empty, or holds the en_US text itself without anyone
  having confirmed it (Odoo copies the source into other languages in some cases, e.g. every
  language of a term-translated Html field after a source edit);
* **done** when its source digest (``kobo.translation.digest``) matches the md5 of the current
  en_US text, or when it differs from the source and was written before digests were kept;
* **outdated** when the en_US text changed after it was translated (digests differ).

Rows exist for the products with a non-empty source and the active languages (other than
en_US) of the active channels of the product's company (any company for shared products).
"""

from odoo import api, fields, models
from odoo.tools import SQL

from .kobo_translation_digest import SOURCE_LANG

STATUSES = [("missing", "Missing"), ("outdated", "Outdated"), ("done", "Done")]
# Row ids are built from product, field and language so that a selection survives a reload.
MAX_FIELDS = 64
MAX_LANGS = 4096


class KoboTranslationStatus(models.Model):
    _name = "kobo.translation.status"
    _description = "Translation Status"
    _auto = False
    _order = "product_tmpl_id, sequence, lang"
    _rec_name = "product_tmpl_id"
    _depends = {
        "kobo.translation.digest": ["product_tmpl_id", "field_name", "lang", "digest"],
        "kobo.enrichment": ["product_tmpl_id"],
        "kobo.channel": ["lang_ids", "active", "company_id"],
        "res.lang": ["active", "code"],
        "product.template": ["active", "company_id"],
    }

    product_tmpl_id = fields.Many2one("product.template", string="Product", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    field_name = fields.Selection(selection="_selection_field_name", string="Field", readonly=True)
    sequence = fields.Integer(readonly=True)
    lang_id = fields.Many2one("res.lang", string="Locale", readonly=True)
    lang = fields.Char(string="Locale Code", readonly=True)
    status = fields.Selection(STATUSES, readonly=True)
    source = fields.Text(string="Source (en_US)", readonly=True)
    translation = fields.Text(readonly=True)
    source_digest = fields.Char(readonly=True, help="md5 of the current en_US source.")
    in_enrichment = fields.Boolean(readonly=True, help="The product has an enrichment.")

    @api.model
    def _selection_field_name(self):
        templates = self.env["product.template"]
        return [
            (name, templates._fields[name]._description_string(self.env))
            for name in templates._kobo_translation_fields()
        ]

    @api.model
    def search_fetch(self, domain, field_names, offset=0, limit=None, order=None):
        # Rows are computed from other tables: what an earlier search put in the cache may be
        # stale after a translation or a source changed in the same transaction.
        self.invalidate_model()
        return super().search_fetch(domain, field_names, offset=offset, limit=limit, order=order)

    @property
    def _table_query(self):
        templates = self.env["product.template"]
        lang_ids = self.env["kobo.channel"]._fields["lang_ids"]
        # the field columns, flushed before the query runs (a write in this transaction counts)
        copy_values = SQL(", ").join(
            SQL(
                "(%s, %s, %s%s)",
                sequence,
                name,
                SQL.identifier("t", name),
                SQL(to_flush=templates._fields[name]),
            )
            for sequence, name in enumerate(templates._kobo_translation_fields(), start=1)
        )
        return SQL(
            """
            SELECT (t.id::bigint * %(max_fields)s + f.sequence) * %(max_langs)s + l.id AS id,
                   t.id AS product_tmpl_id,
                   t.company_id AS company_id,
                   f.name AS field_name,
                   f.sequence AS sequence,
                   l.id AS lang_id,
                   l.code AS lang,
                   f.value->>%(source_lang)s AS source,
                   f.value->>l.code AS translation,
                   md5(f.value->>%(source_lang)s) AS source_digest,
                   EXISTS (SELECT 1 FROM kobo_enrichment e WHERE e.product_tmpl_id = t.id) AS in_enrichment,
                   CASE
                       WHEN COALESCE(f.value->>l.code, '') = '' THEN 'missing'
                       WHEN d.digest IS NULL AND f.value->>l.code = f.value->>%(source_lang)s THEN 'missing'
                       WHEN d.digest IS NULL THEN 'done'
                       WHEN d.digest = md5(f.value->>%(source_lang)s) THEN 'done'
                       ELSE 'outdated'
                   END AS status
              FROM product_template t
             CROSS JOIN LATERAL (VALUES %(copy_values)s) AS f(sequence, name, value)
              JOIN res_lang l
                ON l.active AND l.code != %(source_lang)s
               AND EXISTS (
                       SELECT 1
                         FROM %(relation)s r
                         JOIN kobo_channel c ON c.id = r.%(channel_column)s
                        WHERE r.%(lang_column)s = l.id
                          AND c.active
                          AND (t.company_id IS NULL OR c.company_id = t.company_id)
                   )
              LEFT JOIN kobo_translation_digest d
                ON d.product_tmpl_id = t.id AND d.field_name = f.name AND d.lang = l.code
             WHERE t.active AND COALESCE(f.value->>%(source_lang)s, '') != ''
            """,
            max_fields=MAX_FIELDS,
            max_langs=MAX_LANGS,
            source_lang=SOURCE_LANG,
            copy_values=copy_values,
            relation=SQL.identifier(lang_ids.relation),
            channel_column=SQL.identifier(lang_ids.column1),
            lang_column=SQL.identifier(lang_ids.column2),
        )

    @api.model
    def _kobo_target_langs(self):
        """The languages translations are made for: active, not en_US, on an active channel of
        the user's companies."""
        channels = self.env["kobo.channel"].search([("company_id", "in", self.env.companies.ids)])
        return channels.lang_ids.filtered(lambda lang: lang.active and lang.code != SOURCE_LANG)

    def action_kobo_open_export(self):
        """The export wizard, for the selected rows' products and locales when rows are selected."""
        action = self.env["ir.actions.act_window"]._for_xml_id("kobo_pim.action_kobo_translation_export")
        if self:
            action["context"] = {
                "default_product_tmpl_ids": self.product_tmpl_id.ids,
                "default_lang_ids": self.lang_id.ids,
            }
        return action

    def action_kobo_open_import(self):
        return self.env["ir.actions.act_window"]._for_xml_id("kobo_pim.action_kobo_translation_import")
