from odoo import api, fields, models
from odoo.exceptions import UserError

from .kobo_garment_bom import PLACEMENTS


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
        if (
            not self.env.context.get("kobo_bom_sync")
            and self.filtered("kobo_garment_line_id")
            and (set(vals) & {"product_id", "product_qty", "bom_product_template_attribute_value_ids"})
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
        if not self.env.context.get("kobo_techpack_unlink"):
            self.bom_id.kobo_techpack_id.sudo()._check_draft()
