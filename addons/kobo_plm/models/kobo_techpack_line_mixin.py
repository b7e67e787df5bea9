from odoo import api, models
from odoo.addons.kobo_base.models.kobo_workflow_mixin import check_finite, is_privileged


class KoboTechpackLockedMixin(models.AbstractModel):
    """Lines of a tech pack cannot be created, changed or deleted once it is frozen.

    That holds for the revision a line leaves and for the one it is moved into: writing a
    line's parent link (`_kobo_parent_fields`) to a frozen revision is refused like any change.
    """

    _name = "kobo.techpack.locked.mixin"
    _description = "Line of a tech pack revision (locked when frozen)"

    # Lines of the garment BoM set this: the revision's mrp.bom is regenerated after a change.
    _kobo_resyncs_bom = False
    # The fields that attach a line to its revision, directly or through its parent line.
    _kobo_parent_fields = ("techpack_id",)

    def _kobo_techpacks(self):
        # fetch() reads the whole recordset at once; mapped() alone may go record by record
        # when the caller built the recordset piecemeal.
        self.fetch(["techpack_id"])
        return self.techpack_id

    @api.model_create_multi
    def create(self, vals_list):
        check_finite(self, vals_list)
        records = super().create(vals_list)
        techpacks = records._kobo_techpacks()
        techpacks._check_draft()
        if self._kobo_resyncs_bom:
            techpacks._sync_mrp_bom()
        return records

    def write(self, vals):
        check_finite(self, [vals])
        # A line moved to another parent changes the revision it moves into too: checked
        # before the write, which could otherwise trip over that revision's unique keys first.
        techpacks = self._kobo_techpacks() | self._kobo_target_techpacks(vals)
        techpacks._check_draft()
        result = super().write(vals)
        if self._kobo_resyncs_bom:
            techpacks._sync_mrp_bom()
        return result

    def _kobo_target_techpacks(self, vals):
        """The revisions that `vals` would attach these lines to (through their parent links)."""
        techpacks = self.env["kobo.techpack"]
        for name in self._kobo_parent_fields:
            if vals.get(name):
                parent = self.env[self._fields[name].comodel_name].browse(vals[name])
                techpacks |= parent if parent._name == "kobo.techpack" else parent.techpack_id
        return techpacks

    def unlink(self):
        techpacks = self._kobo_techpacks() if self._kobo_resyncs_bom else None
        result = super().unlink()
        if techpacks:
            techpacks.exists()._sync_mrp_bom()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_if_techpack_draft(self):
        if not is_privileged(self):
            self._kobo_techpacks()._check_draft()
