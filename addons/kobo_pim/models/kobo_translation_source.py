"""Translated texts remember the source each translation was made from.

Every path that writes a translation ends in one of two places: ``write`` in another language
(a user typing in French, ``with_context(lang=...).write``, imports) or
``_update_field_translations`` (Odoo's translation dialog, ``update_field_translations``, the
agency import). Both record the digest of the en_US source at that moment; a later change of
the source makes the translation *outdated* without anything to recompute. The product's own
copy (``kobo_translation_product_template.py``), channel copy overrides and image alt texts
(below) all inherit this mixin.
"""

from odoo import api, models

from .kobo_translation_digest import SOURCE_LANG
from .product_template_copy import COPY_FIELDS

# Set (module-private, so no RPC payload can carry it) while a caller records the digests
# itself: the import records them in one batch, the dialog only for the languages it changed.
_DIGEST_RECORDED = object()
_CONTEXT_KEY = "kobo_translation_digest_recorded"


def digest_recorded(records):
    """`records` whose writes leave the digests to the caller (internal callers only)."""
    return records.with_context(**{_CONTEXT_KEY: _DIGEST_RECORDED})


def _translated(value):
    """Whether a value given to ``_update_field_translations`` for one language translates
    something: a text, or for a term-translated field {source term: translation} with at least
    one translation (empty ones fall back to the source term)."""
    if isinstance(value, dict):
        return any(value.values())
    return bool(value)


class KoboTranslationSource(models.AbstractModel):
    """Records with translated texts tracked per product × locale."""

    _name = "kobo.translation.source"
    _description = "Texts whose translations are tracked"

    @api.model
    def _kobo_translation_fields(self):
        """The translated fields tracked, exported and imported (``translate=True``)."""
        return ()

    def write(self, vals):
        result = super().write(vals)
        lang = self.env.lang or SOURCE_LANG
        if lang != SOURCE_LANG and self.env.context.get(_CONTEXT_KEY) is not _DIGEST_RECORDED:
            # False clears the field in every language: nothing is translated then
            names = [name for name in self._kobo_translation_fields() if vals.get(name)]
            if names:
                self.env["kobo.translation.digest"]._kobo_record(self, names, [lang])
        return result

    def _update_field_translations(self, field_name, translations, digest=None, source_lang=None):
        if field_name not in self._kobo_translation_fields():
            return super()._update_field_translations(
                field_name, translations, digest=digest, source_lang=source_lang
            )
        asked = dict(translations)  # Odoo pops en_US out of the dictionary it is given
        result = super(KoboTranslationSource, digest_recorded(self))._update_field_translations(
            field_name, translations, digest=digest, source_lang=source_lang
        )
        if result and self.env.context.get(_CONTEXT_KEY) is not _DIGEST_RECORDED:
            digests = self.env["kobo.translation.digest"]
            written = [lang for lang, value in asked.items() if _translated(value) and lang != SOURCE_LANG]
            removed = [
                lang for lang, value in asked.items() if not _translated(value) and lang != SOURCE_LANG
            ]
            digests._kobo_record(self, [field_name], written)
            digests._kobo_forget(self, [field_name], removed)
        return result


class KoboChannelCopy(models.Model):
    _name = "kobo.channel.copy"
    _inherit = ["kobo.channel.copy", "kobo.translation.source"]

    @api.model
    def _kobo_translation_fields(self):
        return COPY_FIELDS


class KoboAsset(models.Model):
    _name = "kobo.asset"
    _inherit = ["kobo.asset", "kobo.translation.source"]

    @api.model
    def _kobo_translation_fields(self):
        return ("alt_text",)
