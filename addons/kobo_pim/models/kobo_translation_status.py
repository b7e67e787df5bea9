"""Translation status per product × text × locale, computed live by PostgreSQL.

A copywriter tracks three kinds of text of a product, each row naming the product:

* the product's own copy (``product.template._kobo_translation_fields()``), in the locales of
  the active channels of the product's company (any company for shared products);
* its copy overridden for one channel (``kobo.channel.copy``), in that channel's locales: a
  channel publishes its override, so the override must be translated where the channel sells;
* the alt text of its images and videos (``kobo.asset.alt_text``), in the locales of the
  channels the asset goes to (its channels, or every channel of the company when it has none).

Odoo 18 keeps a translated field as one JSONB value with a key per language that was set. A
translation is:

* **missing** when its key is absent or empty, or holds the en_US text itself without anyone
  having confirmed it (Odoo copies the source into other languages in some cases, e.g. every
  language of a term-translated Html field after a source edit);
* **done** when its source digest (``kobo.translation.digest``) matches the md5 of the current
  en_US text, or when it differs from the source and was written before digests were kept;
* **outdated** when the en_US text changed after it was translated (digests differ).

Rows exist for the texts with a non-empty en_US source of active products.

The screen shows the text a reader sees (``source_text``, ``translation_text``: an Html field's
markup is turned into its text by ``odoo.addons.kobo_pim.text``); the stored ``source`` and
``translation`` keep the raw values for searches and for the exchange files.

Row ids (see ``row_id``) are deterministic, so a selection survives a reload, and fit a signed
32-bit integer, so an XML-RPC client can carry them, while a record id is below
``2**31 // (number of tracked texts * MAX_LANGS)`` (about 986,000 with the 17 texts tracked
today: 10 of the product, 6 of a channel override, 1 of an asset) and a language id below
``MAX_LANGS`` (Odoo ships 92 languages). Past that limit a row keeps a unique, stable id above
``2**31``: the web client and JSON-RPC still carry it, XML-RPC cannot.
"""

from odoo import api, fields, models
from odoo.tools import SQL

from ..text import clean_text, html_to_text
from .kobo_translation_digest import SOURCE_LANG

STATUSES = [("missing", "Missing"), ("outdated", "Outdated"), ("done", "Done")]
SOURCE_KINDS = [("product", "Product copy"), ("channel", "Channel override"), ("asset", "Image alt text")]
# model of the record holding each kind of text
SOURCE_MODELS = {"product": "product.template", "channel": "kobo.channel.copy", "asset": "kobo.asset"}
# Row ids are built from the record, the text (kind and field) and the language, so that a
# selection survives a reload: (record id * number of texts + text slot) * MAX_LANGS + language id,
# below 2**31 (XML-RPC's limit) while record and language ids are in range (module docstring).
MAX_LANGS = 128
MAX_ROW_ID = 2**31 - 1
# ids of the rows out of that range: 2**31 + (record id * number of texts + slot) * OUT_OF_RANGE_LANGS
# + language id, unique and stable but above what XML-RPC carries
OUT_OF_RANGE_LANGS = 2**20


def status_sql(source, translation, digest):
    """The status of a translation (module docstring) as an SQL expression, from SQL expressions
    of its en_US source, its translation and the source digest recorded when it was written (NULL:
    none). The one rule: this view and the side-by-side translation (``statuses``) both use it."""
    return SQL(
        """CASE
               WHEN COALESCE(%(translation)s, '') = '' THEN 'missing'
               WHEN %(digest)s IS NULL AND %(translation)s = %(source)s THEN 'missing'
               WHEN %(digest)s IS NULL THEN 'done'
               WHEN %(digest)s = md5(%(source)s) THEN 'done'
               ELSE 'outdated'
           END""",
        source=source,
        translation=translation,
        digest=digest,
    )


def statuses(env, rows):
    """The status of each (en_US source, translation, recorded digest or None) of `rows`, in
    their order, by the rule of ``status_sql`` (one query, whatever the number of rows)."""
    if not rows:
        return []
    sources, translations, digests = zip(*rows, strict=True)
    env.cr.execute(
        SQL(
            """SELECT %(status)s
                 FROM unnest(%(sources)s::text[], %(translations)s::text[], %(digests)s::text[])
                      WITH ORDINALITY AS v(source, translation, digest, position)
                ORDER BY v.position""",
            status=status_sql(SQL("v.source"), SQL("v.translation"), SQL("v.digest")),
            sources=[source or None for source in sources],
            translations=[translation or None for translation in translations],
            digests=list(digests),
        )
    )
    return [status for (status,) in env.cr.fetchall()]


def text_slots(env):
    """{(kind, field name): its slot}: one number per text a record of a kind holds."""
    pairs = (
        (kind, name)
        for kind, model_name in SOURCE_MODELS.items()
        for name in env[model_name]._kobo_translation_fields()
    )
    return {pair: slot for slot, pair in enumerate(pairs)}


def row_id(slots, kind, record_id, field_name, lang_id):
    """The id of the row of `field_name` of record `record_id` (of `kind`) in language `lang_id`;
    the SQL view computes the same (``_kobo_row_id_sql``)."""
    text = record_id * len(slots) + slots[kind, field_name]
    compact = text * MAX_LANGS + lang_id
    if lang_id < MAX_LANGS and compact <= MAX_ROW_ID:
        return compact
    return MAX_ROW_ID + 1 + text * OUT_OF_RANGE_LANGS + lang_id


class KoboTranslationStatus(models.Model):
    _name = "kobo.translation.status"
    _description = "Translation Status"
    _auto = False
    # the product's own copy first, then its channel overrides, then its images
    _order = "product_tmpl_id, source_kind desc, channel_id, asset_id, sequence, lang"
    _rec_name = "product_tmpl_id"
    _depends = {
        "kobo.translation.digest": [
            "product_tmpl_id",
            "channel_copy_id",
            "asset_id",
            "field_name",
            "lang",
            "digest",
        ],
        "kobo.enrichment": ["product_tmpl_id"],
        "kobo.channel": ["lang_ids", "active", "company_id"],
        "kobo.channel.copy": ["product_tmpl_id", "channel_id"],
        "kobo.asset": ["product_tmpl_id", "channel_ids", "alt_text"],
        "res.lang": ["active", "code"],
        "product.template": ["active", "company_id"],
    }

    product_tmpl_id = fields.Many2one("product.template", string="Product", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    source_kind = fields.Selection(
        SOURCE_KINDS,
        string="Text of",
        readonly=True,
        help="The product's own copy, its copy overridden for one channel, or an image's alt text.",
    )
    channel_copy_id = fields.Many2one("kobo.channel.copy", readonly=True)
    channel_id = fields.Many2one(
        "kobo.channel", string="Override for", readonly=True, help="The channel whose override this is."
    )
    asset_id = fields.Many2one("kobo.asset", readonly=True)
    field_name = fields.Selection(selection="_selection_field_name", string="Field", readonly=True)
    sequence = fields.Integer(readonly=True)
    lang_id = fields.Many2one("res.lang", string="Locale", readonly=True)
    lang = fields.Char(string="Locale Code", readonly=True)
    status = fields.Selection(STATUSES, readonly=True)
    source = fields.Text(
        string="Source (en_US, raw)", readonly=True, help="The stored en_US value (an Html field's markup)."
    )
    translation = fields.Text(
        string="Translation (raw)", readonly=True, help="The stored translation (an Html field's markup)."
    )
    source_digest = fields.Char(readonly=True, help="md5 of the current en_US source.")
    in_enrichment = fields.Boolean(readonly=True, help="The product has an enrichment.")
    text_label = fields.Char(
        string="Text",
        compute="_compute_text_label",
        help="The product's copy, which channel override or which image.",
    )
    source_text = fields.Text(
        string="English Text",
        compute="_compute_texts",
        search="_search_source_text",
        help="The en_US source as a reader sees it (an Html field's text, without its markup).",
    )
    translation_text = fields.Text(
        string="Translated Text",
        compute="_compute_texts",
        search="_search_translation_text",
        help="The translation as a reader sees it (an Html field's text, without its markup).",
    )

    @api.depends("source_kind", "field_name", "source", "translation")
    def _compute_texts(self):
        for row in self:
            model_name = SOURCE_MODELS.get(row.source_kind)
            field = self.env[model_name]._fields.get(row.field_name) if model_name else None
            as_text = html_to_text if field and field.type == "html" else clean_text
            row.source_text = as_text(row.source)
            row.translation_text = as_text(row.translation)

    def _search_source_text(self, operator, value):
        return [("source", operator, value)]

    def _search_translation_text(self, operator, value):
        return [("translation", operator, value)]

    @api.depends("source_kind", "channel_id", "asset_id")
    def _compute_text_label(self):
        kinds = dict(self._fields["source_kind"]._description_selection(self.env))
        roles = dict(self.env["kobo.asset"]._fields["role"]._description_selection(self.env))
        for row in self:
            if row.source_kind == "channel":
                row.text_label = self.env._("Override for %(channel)s", channel=row.channel_id.display_name)
            elif row.source_kind == "asset":
                asset = row.asset_id
                what = self.env._("video") if asset.kind == "video" else self.env._("image")
                row.text_label = self.env._(
                    "%(role)s %(what)s %(name)s",
                    role=roles.get(asset.role, asset.role or ""),
                    what=what,
                    name=asset.name or asset.video_url or f"#{asset.id}",
                )
            else:
                row.text_label = kinds.get(row.source_kind, "")

    @api.depends("product_tmpl_id", "field_name", "lang_id")
    def _compute_display_name(self):
        labels = dict(self._fields["field_name"]._description_selection(self.env))
        for row in self:
            row.display_name = " · ".join(
                part
                for part in (
                    row.product_tmpl_id.display_name,
                    labels.get(row.field_name, row.field_name),
                    row.lang_id.name,
                )
                if part
            )

    @api.model
    def _selection_field_name(self):
        selection = {}
        for model_name in SOURCE_MODELS.values():
            model = self.env[model_name]
            for name in model._kobo_translation_fields():
                selection.setdefault(name, model._fields[name]._description_string(self.env))
        return list(selection.items())

    @api.model
    def _kobo_field_sequences(self):
        """{field name: its order in the files}: the product's fields first, then the others."""
        names = [name for name, _label in self._selection_field_name()]
        return {name: sequence for sequence, name in enumerate(names, start=1)}

    @api.model
    def search_fetch(self, domain, field_names, offset=0, limit=None, order=None):
        # Rows are computed from other tables: what an earlier search put in the cache may be
        # stale after a translation or a source changed in the same transaction.
        self.invalidate_model()
        return super().search_fetch(domain, field_names, offset=offset, limit=limit, order=order)

    @property
    def _table_query(self):
        sequences = self._kobo_field_sequences()
        slots = text_slots(self.env)
        lang_ids = self.env["kobo.channel"]._fields["lang_ids"]
        asset_channels = self.env["kobo.asset"]._fields["channel_ids"]
        names = {
            "relation": SQL.identifier(lang_ids.relation),
            "channel_column": SQL.identifier(lang_ids.column1),
            "lang_column": SQL.identifier(lang_ids.column2),
        }
        # A language of an active channel of the product's company (any company: shared product).
        company_channel_lang = SQL(
            """l.active AND l.code != %(source_lang)s
               AND EXISTS (
                       SELECT 1
                         FROM %(relation)s r
                         JOIN kobo_channel c ON c.id = r.%(channel_column)s
                        WHERE r.%(lang_column)s = l.id
                          AND c.active
                          AND (t.company_id IS NULL OR c.company_id = t.company_id)
                   )""",
            source_lang=SOURCE_LANG,
            **names,
        )
        parts = [
            self._kobo_status_part(
                "product",
                sequences,
                slots,
                record=SQL("t"),
                source_from=SQL("product_template t"),
                company=SQL("t.company_id"),
                langs=SQL("JOIN res_lang l ON %s", company_channel_lang),
                digest_scope=SQL(
                    "d.product_tmpl_id = t.id AND d.channel_copy_id IS NULL AND d.asset_id IS NULL"
                ),
            ),
            self._kobo_status_part(
                "channel",
                sequences,
                slots,
                record=SQL("cc"),
                source_from=SQL(
                    """kobo_channel_copy cc
                       JOIN product_template t ON t.id = cc.product_tmpl_id
                       JOIN kobo_channel ch ON ch.id = cc.channel_id AND ch.active"""
                ),
                company=SQL("ch.company_id"),
                channel=SQL("ch.id"),
                channel_copy=SQL("cc.id"),
                # the channel's own locales: that is where its override is published
                langs=SQL(
                    """JOIN %(relation)s r ON r.%(channel_column)s = ch.id
                       JOIN res_lang l
                         ON l.id = r.%(lang_column)s AND l.active AND l.code != %(source_lang)s""",
                    source_lang=SOURCE_LANG,
                    **names,
                ),
                digest_scope=SQL("d.channel_copy_id = cc.id"),
            ),
            self._kobo_status_part(
                "asset",
                sequences,
                slots,
                record=SQL("a"),
                source_from=SQL("kobo_asset a JOIN product_template t ON t.id = a.product_tmpl_id"),
                company=SQL("t.company_id"),
                asset=SQL("a.id"),
                # the locales of the channels the asset goes to (none listed: every channel)
                langs=SQL(
                    "JOIN res_lang l ON %s",
                    SQL(
                        """l.active AND l.code != %(source_lang)s
                           AND EXISTS (
                                   SELECT 1
                                     FROM %(relation)s r
                                     JOIN kobo_channel c ON c.id = r.%(channel_column)s
                                    WHERE r.%(lang_column)s = l.id
                                      AND c.active
                                      AND (t.company_id IS NULL OR c.company_id = t.company_id)
                                      AND (NOT EXISTS (SELECT 1 FROM %(asset_relation)s ar
                                                        WHERE ar.%(asset_column)s = a.id)
                                           OR EXISTS (SELECT 1 FROM %(asset_relation)s ar
                                                       WHERE ar.%(asset_column)s = a.id
                                                         AND ar.%(asset_channel_column)s = c.id))
                               )""",
                        source_lang=SOURCE_LANG,
                        asset_relation=SQL.identifier(asset_channels.relation),
                        asset_column=SQL.identifier(asset_channels.column1),
                        asset_channel_column=SQL.identifier(asset_channels.column2),
                        **names,
                    ),
                ),
                digest_scope=SQL("d.asset_id = a.id"),
            ),
        ]
        return SQL(" UNION ALL ").join(parts)

    @api.model
    def _kobo_status_part(
        self,
        kind,
        sequences,
        slots,
        record,
        source_from,
        company,
        langs,
        digest_scope,
        channel=None,
        channel_copy=None,
        asset=None,
    ):
        """The rows of one kind of text: `record` is the alias of the table holding the texts,
        `langs` joins the languages they are translated into as ``l``."""
        model = self.env[SOURCE_MODELS[kind]]
        null = SQL("NULL::int")
        # the field columns, flushed before the query runs (a write in this transaction counts)
        values = SQL(", ").join(
            SQL(
                "(%s, %s, %s, %s.%s%s)",
                slots[kind, name],
                sequences[name],
                name,
                record,
                SQL.identifier(name),
                SQL(to_flush=model._fields[name]),
            )
            for name in model._kobo_translation_fields()
        )
        return SQL(
            """
            SELECT %(row_id)s AS id,
                   t.id AS product_tmpl_id,
                   %(company)s AS company_id,
                   %(kind)s::varchar AS source_kind,
                   %(channel_copy)s AS channel_copy_id,
                   %(channel)s AS channel_id,
                   %(asset)s AS asset_id,
                   f.name::varchar AS field_name,
                   f.sequence AS sequence,
                   l.id AS lang_id,
                   l.code AS lang,
                   f.value->>%(source_lang)s AS source,
                   f.value->>l.code AS translation,
                   md5(f.value->>%(source_lang)s) AS source_digest,
                   EXISTS (SELECT 1 FROM kobo_enrichment e WHERE e.product_tmpl_id = t.id) AS in_enrichment,
                   %(status)s AS status
              FROM %(source_from)s
             CROSS JOIN LATERAL (VALUES %(values)s) AS f(slot, sequence, name, value)
              %(langs)s
              LEFT JOIN kobo_translation_digest d
                ON %(digest_scope)s AND d.field_name = f.name AND d.lang = l.code
             WHERE t.active AND COALESCE(f.value->>%(source_lang)s, '') != ''
            """,
            row_id=self._kobo_row_id_sql(record, len(slots)),
            company=company,
            kind=kind,
            channel_copy=channel_copy or null,
            channel=channel or null,
            asset=asset or null,
            source_lang=SOURCE_LANG,
            source_from=source_from,
            values=values,
            langs=langs,
            digest_scope=digest_scope,
            status=status_sql(SQL("f.value->>%s", SOURCE_LANG), SQL("f.value->>l.code"), SQL("d.digest")),
        )

    @api.model
    def _kobo_row_id_sql(self, record, slot_count):
        """``row_id`` in SQL, for the record aliased `record`, the text ``f`` and the language ``l``."""
        return SQL(
            """CASE WHEN l.id < %(max_langs)s
                         AND (%(record)s.id::bigint * %(slot_count)s + f.slot) * %(max_langs)s + l.id
                             <= %(max_row_id)s
                    THEN (%(record)s.id::bigint * %(slot_count)s + f.slot) * %(max_langs)s + l.id
                    ELSE %(max_row_id)s::bigint + 1
                         + (%(record)s.id::bigint * %(slot_count)s + f.slot) * %(out_of_range_langs)s + l.id
               END""",
            record=record,
            slot_count=slot_count,
            max_langs=MAX_LANGS,
            max_row_id=MAX_ROW_ID,
            out_of_range_langs=OUT_OF_RANGE_LANGS,
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

    def action_kobo_translate(self):
        """This row's product, all its texts, side by side with English in the row's locale."""
        self.ensure_one()
        return self.env["kobo.translation.side.by.side"]._kobo_open(self.product_tmpl_id, self.lang_id)

    def action_kobo_open_import(self):
        return self.env["ir.actions.act_window"]._for_xml_id("kobo_pim.action_kobo_translation_import")
