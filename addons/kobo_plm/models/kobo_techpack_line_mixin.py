from odoo import api, models


class KoboTechpackLockedMixin(models.AbstractModel):
    """Lines of a tech pack cannot be created, changed or deleted once it is frozen."""

    _name = "kobo.techpack.locked.mixin"
    _description = "Line of a tech pack revision (locked when frozen)"

    # Lines of the garment BoM set this: the revision's mrp.bom is regenerated after a change.
    _kobo_resyncs_bom = False

    def _kobo_techpacks(self):
        # fetch() reads the whole recordset at once; mapped() alone may go record by record
        # when the caller built the recordset piecemeal.
        self.fetch(["techpack_id"])
        return self.techpack_id

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        techpacks = records._kobo_techpacks()
        techpacks._check_draft()
        if self._kobo_resyncs_bom:
            techpacks._sync_mrp_bom()
        return records

    def write(self, vals):
        techpacks = self._kobo_techpacks()
        techpacks._check_draft()
        result = super().write(vals)
        if self._kobo_resyncs_bom:
            techpacks._sync_mrp_bom()
        return result

    def unlink(self):
        techpacks = self._kobo_techpacks() if self._kobo_resyncs_bom else None
        result = super().unlink()
        if techpacks:
            techpacks.exists()._sync_mrp_bom()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_if_techpack_draft(self):
        if not self.env.context.get("kobo_techpack_unlink"):
            self._kobo_techpacks()._check_draft()
