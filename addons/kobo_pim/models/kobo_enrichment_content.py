"""Content whose change takes an approved product back to review, whoever writes it and how."""

from odoo import api, models


def kobo_field_label(records, name, lang):
    """A field's label as the chatter names it: translated fields with the language written."""
    field = records._fields[name]
    label = field._description_string(records.env)
    if field.translate:
        return records.env._("%(field)s (%(lang)s)", field=label, lang=lang.name)
    return label


class KoboEnrichmentContentMixin(models.AbstractModel):
    """Watches `_kobo_enrichment_content_fields()` on records of approved products.

    A write (any language, any caller: form, import, RPC) and Odoo's translation dialog (which
    writes through ``_update_field_translations``, not ``write``) both compare the values before
    and after, so saving a form with nothing really changed reopens nothing.
    """

    _name = "kobo.enrichment.content.mixin"
    _description = "Content watched by the enrichment approval"

    @api.model
    def _kobo_enrichment_content_fields(self):
        """Fields whose change takes an approved product back to review (extend to add more)."""
        return []

    def _kobo_enrichment_product(self):
        """The product (product.template) each record is content of."""
        raise NotImplementedError

    def _kobo_enrichment_change_label(self, label):
        """How the chatter names a change of this record (`label`: the field, with its language)."""
        return label

    def _kobo_enrichment_watched(self):
        """The records among these whose product's enrichment is approved.

        Read through the products' `kobo_enrichment_ids` and the enrichments' state, which the
        ORM caches and keeps true itself (an enrichment created, approved, sent back or deleted
        updates the cache in the same transaction; a commit or rollback clears it). Records
        written one by one in a batch (the hand-off writes each style's own values) therefore
        ask once for all the records they were browsed with, not once per write; Odoo reads the
        same one2many in every write of a product anyway, to find what depends on it.
        """
        products = self._kobo_enrichment_product().sudo()
        approved = products.kobo_enrichment_ids.filtered(
            lambda enrichment: enrichment.state == "approved"
        ).product_tmpl_id
        return self.filtered(lambda record: record._kobo_enrichment_product() in approved)

    def _kobo_enrichment_changed(self, changes):
        """`changes`: {record id: [field labels]}; the approved products go back to review."""
        by_product = {}
        for record in self.filtered(lambda record: record.id in changes):
            labels = by_product.setdefault(record._kobo_enrichment_product().id, [])
            labels += [record._kobo_enrichment_change_label(label) for label in changes[record.id]]
        if by_product:
            self.env["kobo.enrichment"].sudo().search(
                [("product_tmpl_id", "in", list(by_product)), ("state", "=", "approved")]
            )._kobo_content_changed(by_product)

    def write(self, vals):
        names = [name for name in self._kobo_enrichment_content_fields() if name in vals]
        watched = self._kobo_enrichment_watched() if names else self.browse()
        before = {record.id: {name: record[name] for name in names} for record in watched}
        result = super().write(vals)
        if watched:
            lang = self.env["res.lang"]._lang_get(self.env.lang or "en_US")
            changes = {}
            for record in watched:
                labels = [
                    kobo_field_label(self, name, lang)
                    for name in names
                    if record[name] != before[record.id][name]
                ]
                if labels:
                    changes[record.id] = labels
            watched._kobo_enrichment_changed(changes)
        return result

    def _update_field_translations(self, field_name, translations, digest=None, source_lang=None):
        watched = self.browse()
        if field_name in self._kobo_enrichment_content_fields():
            watched = self._kobo_enrichment_watched()
        field = self._fields[field_name]
        before = field._get_stored_translations(watched) if watched else {}
        result = super()._update_field_translations(
            field_name, translations, digest=digest, source_lang=source_lang
        )
        if watched:
            after = field._get_stored_translations(watched) or {}
            labels = [
                kobo_field_label(self, field_name, self.env["res.lang"]._lang_get(lang))
                for lang in translations
                if (before or {}).get(lang) != after.get(lang)
            ]
            if labels:
                watched._kobo_enrichment_changed({watched.id: labels})
        return result
