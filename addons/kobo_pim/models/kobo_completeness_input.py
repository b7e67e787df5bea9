"""What outdates completeness cells: the mixin every model that feeds them inherits."""

from odoo import api, models


class KoboCompletenessInput(models.AbstractModel):
    """Records that feed completeness: creating, changing or deleting one outdates the cells
    that ``_kobo_outdate_completeness`` names (by default, those of the records' products)."""

    _name = "kobo.completeness.input"
    _description = "Changes that outdate completeness"

    # The fields whose change matters; None: all of them.
    _kobo_completeness_fields = None

    def _kobo_outdate_completeness(self):
        self.env["kobo.completeness"]._kobo_products_changed(self.product_tmpl_id)

    def _kobo_completeness_touched(self, names):
        return self._kobo_completeness_fields is None or bool(
            set(names) & set(self._kobo_completeness_fields)
        )

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        records._kobo_outdate_completeness()
        return records

    def write(self, vals):
        if not self._kobo_completeness_touched(vals):
            return super().write(vals)
        self._kobo_outdate_completeness()  # what the records leave (a product, a category)
        result = super().write(vals)
        self._kobo_outdate_completeness()
        return result

    def unlink(self):
        self._kobo_outdate_completeness()
        return super().unlink()

    def _update_field_translations(self, field_name, translations, digest=None, source_lang=None):
        result = super()._update_field_translations(
            field_name, translations, digest=digest, source_lang=source_lang
        )
        if self._kobo_completeness_touched([field_name]):
            self._kobo_outdate_completeness()
        return result
