from odoo import api, fields, models
from odoo.addons.kobo_base.models.kobo_workflow_mixin import check_finite
from odoo.exceptions import ValidationError

from .kobo_garment_bom import PLACEMENTS

OPERATION_TYPES = [
    ("cmt", "CMT"),
    ("wash", "Wash"),
    ("print", "Print"),
    ("embroidery", "Embroidery"),
    ("dye", "Garment dye"),
    ("packaging", "Packaging"),
    ("testing", "Testing"),
    ("other", "Other"),
]


class KoboCostSheetLine(models.Model):
    _name = "kobo.cost.sheet.line"
    _description = "Cost Sheet Line"
    _order = "sheet_id, line_type_sequence, sequence, id"

    sheet_id = fields.Many2one("kobo.cost.sheet", required=True, ondelete="cascade", index=True)
    currency_id = fields.Many2one(related="sheet_id.currency_id")
    sequence = fields.Integer(default=10)
    line_type = fields.Selection(
        [
            ("material", "Material"),
            ("operation", "Operation"),
            ("packaging", "Packaging"),
            ("overhead", "Overhead"),
        ],
        string="Type",
        required=True,
        default="operation",
    )
    # Precomputed: set in the INSERT itself, so building lines for a thousand sheets does not add
    # an UPDATE per 100 lines.
    line_type_sequence = fields.Integer(compute="_compute_line_type_sequence", store=True, precompute=True)
    operation_type = fields.Selection(OPERATION_TYPES, string="Operation")
    name = fields.Char(string="Description", required=True)
    product_id = fields.Many2one("product.product", string="Material")
    placement = fields.Selection(PLACEMENTS)
    quantity = fields.Float(
        string="Consumption", digits="Product Unit of Measure", default=1.0, required=True
    )
    uom_id = fields.Many2one("uom.uom", string="Unit")
    # Four decimals: thread and labels cost fractions of a cent per metre or piece.
    unit_price = fields.Float(digits=(16, 4), required=True, default=0.0)
    amount = fields.Monetary(
        compute="_compute_amount", store=True, precompute=True, currency_field="currency_id"
    )
    supplierinfo_id = fields.Many2one(
        "product.supplierinfo", groups="kobo_plm.group_kobo_plm_user", string="Material Price", readonly=True
    )
    price_note = fields.Char(groups="kobo_plm.group_kobo_plm_user", readonly=True)
    is_vendor_line = fields.Boolean(
        compute="_compute_line_type_sequence",
        store=True,
        precompute=True,
        help="Operations and packaging: the lines the factory quotes in the portal.",
    )

    _sql_constraints = [
        ("quantity_positive", "CHECK(quantity >= 0)", "A cost line's quantity cannot be negative."),
        ("unit_price_positive", "CHECK(unit_price >= 0)", "A cost line's unit price cannot be negative."),
    ]

    @api.constrains("quantity", "unit_price")
    def _check_positive(self):
        for line in self:
            if line.quantity < 0 or line.unit_price < 0:
                raise ValidationError(
                    self.env._(
                        "Cost line %(line)s: quantity and unit price cannot be negative.", line=line.name
                    )
                )

    @api.depends("line_type")
    def _compute_line_type_sequence(self):
        order = {"material": 1, "operation": 2, "packaging": 3, "overhead": 4}
        for line in self:
            line.line_type_sequence = order.get(line.line_type, 9)
            line.is_vendor_line = line.line_type in ("operation", "packaging")

    @api.depends("quantity", "unit_price", "sheet_id.currency_id")
    def _compute_amount(self):
        for line in self:
            line.amount = line.quantity * line.unit_price

    # A decided sheet's lines are as locked as the sheet (`_kobo_check_editable`): only its
    # actions, through `privileged()`, change them.

    @api.model_create_multi
    def create(self, vals_list):
        check_finite(self, vals_list)
        lines = super().create(vals_list)
        lines.sheet_id._kobo_check_editable()
        return lines

    def write(self, vals):
        check_finite(self, [vals])
        self.sheet_id._kobo_check_editable()
        if vals.get("sheet_id"):
            # Moving a line into a decided sheet would change it as surely as editing it there.
            self.env["kobo.cost.sheet"].browse(vals["sheet_id"])._kobo_check_editable()
        return super().write(vals)

    def unlink(self):
        self.sheet_id._kobo_check_editable()
        return super().unlink()
