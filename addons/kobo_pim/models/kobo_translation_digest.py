"""What the English source of a product's copy was when each translation was written.

A translation is *outdated* when its source changed since: the digest kept here (md5 of the
en_US text) no longer matches the md5 of the current en_US text, which the status view
computes live in SQL. Rows are written by ``_kobo_record`` only (product writes in another
language, Odoo's translation dialog, the translation import), never by hand.
"""

import hashlib

from odoo import api, fields, models
from odoo.tools import SQL

SOURCE_LANG = "en_US"


def source_digest(text):
    """The digest of one source text; PostgreSQL's ``md5(text)`` gives the same in the view."""
    return hashlib.md5((text or "").encode(), usedforsecurity=False).hexdigest()


class KoboTranslationDigest(models.Model):
    _name = "kobo.translation.digest"
    _description = "Translation Source Digest"
    _log_access = False

    product_tmpl_id = fields.Many2one("product.template", required=True, ondelete="cascade", index=True)
    field_name = fields.Char(required=True)
    lang = fields.Char(required=True, help="Odoo language code of the translation, e.g. fr_FR.")
    digest = fields.Char(required=True, help="md5 of the en_US source when the translation was written.")

    _sql_constraints = [
        (
            "translation_unique",
            "unique(product_tmpl_id, field_name, lang)",
            "A translation has one source digest.",
        ),
    ]

    @api.model
    def _kobo_record(self, templates, field_names, langs):
        """Remember the current en_US source of `field_names` of `templates` as the source of
        their translations in `langs`."""
        self._kobo_record_translations(
            [(template.id, name, lang) for template in templates for name in field_names for lang in langs]
        )

    @api.model
    def _kobo_record_translations(self, translations):
        """Remember the current en_US source of each (product id, field name, lang) as the
        source of that translation (one query, whatever the number of translations)."""
        translations = list(dict.fromkeys(row for row in translations if row[2] and row[2] != SOURCE_LANG))
        if not translations:
            return
        templates = self.env["product.template"]
        names = sorted({name for _id, name, _lang in translations})
        templates.flush_model(names)
        source = SQL(" ").join(
            SQL("WHEN %s THEN t.%s->>%s", name, SQL.identifier(name), SOURCE_LANG) for name in names
        )
        product_ids, field_names, langs = zip(*translations, strict=True)
        self.env.cr.execute(
            SQL(
                """INSERT INTO kobo_translation_digest (product_tmpl_id, field_name, lang, digest)
                   SELECT t.id, v.field_name, v.lang, md5(COALESCE(CASE v.field_name %(source)s END, ''))
                     FROM unnest(%(ids)s::int[], %(names)s::varchar[], %(langs)s::varchar[])
                          AS v(product_tmpl_id, field_name, lang)
                     JOIN product_template t ON t.id = v.product_tmpl_id
                   ON CONFLICT (product_tmpl_id, field_name, lang) DO UPDATE SET digest = EXCLUDED.digest""",
                source=source,
                ids=list(product_ids),
                names=list(field_names),
                langs=list(langs),
            )
        )
        self.invalidate_model()

    @api.model
    def _kobo_forget(self, templates, field_names, langs):
        """Forget the digests of translations that were removed."""
        if templates and field_names and langs:
            self.env.cr.execute(
                SQL(
                    "DELETE FROM kobo_translation_digest "
                    "WHERE product_tmpl_id = ANY(%s) AND field_name = ANY(%s) AND lang = ANY(%s)",
                    list(templates.ids),
                    list(field_names),
                    list(langs),
                )
            )
            self.invalidate_model()
