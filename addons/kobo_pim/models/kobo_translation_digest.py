"""What the English source of a translated text was when each translation was written.

A translation is *outdated* when its source changed since: the digest kept here (md5 of the
en_US text) no longer matches the md5 of the current en_US text, which the status view
computes live in SQL. Three kinds of record carry translated texts a copywriter tracks: the
product's own copy (``product.template``), its copy overridden for one channel
(``kobo.channel.copy``) and the alt text of its images (``kobo.asset``); a digest row names
the product and, for the last two, the record. Rows are written by ``_kobo_record_translations``
only (a write in another language, Odoo's translation dialog, the translation import), never by
hand.
"""

import hashlib

from odoo import api, fields, models
from odoo.tools import SQL

SOURCE_LANG = "en_US"
# model whose texts are translated → its digest column (None: the product itself)
SOURCE_COLUMNS = {
    "product.template": None,
    "kobo.channel.copy": "channel_copy_id",
    "kobo.asset": "asset_id",
}


def source_digest(text):
    """The digest of one source text; PostgreSQL's ``md5(text)`` gives the same in the view."""
    return hashlib.md5((text or "").encode(), usedforsecurity=False).hexdigest()


class KoboTranslationDigest(models.Model):
    _name = "kobo.translation.digest"
    _description = "Translation Source Digest"
    _log_access = False

    product_tmpl_id = fields.Many2one(
        "product.template", required=True, ondelete="cascade", index=True, kobo_immutable=True
    )
    channel_copy_id = fields.Many2one(
        "kobo.channel.copy",
        ondelete="cascade",
        index="btree_not_null",
        help="Set when the text is the product's copy overridden for one channel.",
        kobo_immutable=True,
    )
    asset_id = fields.Many2one(
        "kobo.asset",
        ondelete="cascade",
        index="btree_not_null",
        help="Set when the text is an image's alt text.",
        kobo_immutable=True,
    )
    field_name = fields.Char(required=True)
    lang = fields.Char(required=True, help="Odoo language code of the translation, e.g. fr_FR.")
    digest = fields.Char(required=True, help="md5 of the en_US source when the translation was written.")

    _sql_constraints = [
        (
            "translation_unique",
            "unique nulls not distinct (product_tmpl_id, channel_copy_id, asset_id, field_name, lang)",
            "A translation has one source digest.",
        ),
    ]

    @api.model
    def _kobo_record(self, records, field_names, langs):
        """Remember the current en_US source of `field_names` of `records` (products, channel
        copies or assets) as the source of their translations in `langs`."""
        self._kobo_record_translations(
            [(record.id, name, lang) for record in records for name in field_names for lang in langs],
            model=records._name,
        )

    @api.model
    def _kobo_record_translations(self, translations, model="product.template"):
        """Remember the current en_US source of each (record id, field name, lang) of `model`
        as the source of that translation (one query, whatever the number of translations)."""
        translations = list(dict.fromkeys(row for row in translations if row[2] and row[2] != SOURCE_LANG))
        if not translations:
            return
        records = self.env[model]
        names = sorted({name for _id, name, _lang in translations})
        records.flush_model(names)
        source = SQL(" ").join(
            SQL("WHEN %s THEN r.%s->>%s", name, SQL.identifier(name), SOURCE_LANG) for name in names
        )
        column = SOURCE_COLUMNS[model]
        record_ids, field_names, langs = zip(*translations, strict=True)
        self.env.cr.execute(
            SQL(
                """INSERT INTO kobo_translation_digest
                          (product_tmpl_id, channel_copy_id, asset_id, field_name, lang, digest)
                   SELECT %(product)s, %(channel_copy)s, %(asset)s, v.field_name, v.lang,
                          md5(COALESCE(CASE v.field_name %(source)s END, ''))
                     FROM unnest(%(ids)s::int[], %(names)s::varchar[], %(langs)s::varchar[])
                          AS v(record_id, field_name, lang)
                     JOIN %(table)s r ON r.id = v.record_id
                   ON CONFLICT (product_tmpl_id, channel_copy_id, asset_id, field_name, lang)
                   DO UPDATE SET digest = EXCLUDED.digest""",
                product=SQL("r.id") if column is None else SQL("r.product_tmpl_id"),
                channel_copy=SQL("r.id") if column == "channel_copy_id" else SQL("NULL::int"),
                asset=SQL("r.id") if column == "asset_id" else SQL("NULL::int"),
                source=source,
                ids=list(record_ids),
                names=list(field_names),
                langs=list(langs),
                table=SQL.identifier(records._table),
            )
        )
        self.invalidate_model()

    @api.model
    def _kobo_forget(self, records, field_names, langs):
        """Forget the digests of translations of `records` that were removed."""
        if not (records and field_names and langs):
            return
        column = SOURCE_COLUMNS[records._name]
        if column is None:
            scope = SQL(
                "product_tmpl_id = ANY(%s) AND channel_copy_id IS NULL AND asset_id IS NULL",
                list(records.ids),
            )
        else:
            scope = SQL("%s = ANY(%s)", SQL.identifier(column), list(records.ids))
        self.env.cr.execute(
            SQL(
                "DELETE FROM kobo_translation_digest WHERE %s AND field_name = ANY(%s) AND lang = ANY(%s)",
                scope,
                list(field_names),
                list(langs),
            )
        )
        self.invalidate_model()
