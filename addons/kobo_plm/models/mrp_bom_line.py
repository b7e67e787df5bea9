from odoo import api, fields, models
from odoo.addons.kobo_base.models.kobo_workflow_mixin import is_privileged
from odoo.exceptions import UserError

from .kobo_garment_bom import PLACEMENTS

# What a line generated from a garment BoM line takes from it: changed only by the resync.
_GENERATED_FIELDS = {
    "product_id",
    "product_qty",
    "product_uom_id",
    "bom_product_template_attribute_value_ids",
    "bom_id",
    "kobo_garment_line_id",
}


class MrpBomLine(models.Model):
    _inherit = "mrp.bom.line"

    kobo_placement = fields.Selection(PLACEMENTS, string="Placement")
    kobo_garment_line_id = fields.Many2one(
        "kobo.garment.bom.line", index="btree_not_null", ondelete="cascade"
    )

    @api.model_create_multi
    def create(self, vals_list):
        # A rule on the data, checked for everyone (MRP managers may not read tech packs).
        bom_ids = {vals["bom_id"] for vals in vals_list if vals.get("bom_id")}
        self.env["mrp.bom"].sudo().browse(bom_ids).kobo_techpack_id._check_draft()
        return super().create(vals_list)

    def write(self, vals):
        self.bom_id.kobo_techpack_id.sudo()._check_draft()
        if vals.get("bom_id"):
            # A line moved into a frozen revision's BoM changes that revision.
            self.env["mrp.bom"].sudo().browse(vals["bom_id"]).kobo_techpack_id._check_draft()
        if (
            not is_privileged(self)
            and (self.filtered("kobo_garment_line_id") or vals.get("kobo_garment_line_id"))
            and (set(vals) & _GENERATED_FIELDS)
        ):
            raise UserError(
                self.env._(
                    "This line comes from the tech pack's garment BoM: change it there, in %(techpack)s.",
                    techpack=self.bom_id.kobo_techpack_id[:1].sudo().display_name,
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_if_techpack_draft(self):
        if not is_privileged(self):
            self.bom_id.kobo_techpack_id.sudo()._check_draft()
