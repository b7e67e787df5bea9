from odoo import api, fields, models
from odoo.addons.kobo_base.models.kobo_workflow_mixin import check_finite
from odoo.exceptions import ValidationError

COST_SHEET_STATES = [
    ("draft", "Draft"),
    ("requested", "RFQ Sent"),
    ("submitted", "Quote Received"),
    ("approved", "Approved"),
    ("rejected", "Rejected"),
    ("superseded", "Superseded"),
]


class KoboCostSheet(models.Model):
    """What one garment of a style costs from one vendor, from FOB to landed and retail.

    A sheet is a vendor's quote for a tech pack revision: materials priced from the BoM and the
    material vendors' prices (`product.supplierinfo`), the factory's operations (CMT, wash, print…),
    then freight, insurance, duty and commission to the landed cost, and the margins that lead to a
    wholesale and a suggested retail price. Approving it writes the ERP: the vendor's price for the
    style, the products' cost and the sales price.
    """

    _name = "kobo.cost.sheet"
    _description = "Cost Sheet"
    _inherit = ["mail.thread", "mail.activity.mixin", "kobo.workflow.mixin"]
    _order = "style_id, vendor_id, version desc, id desc"
    # Changed only by the actions (kobo.workflow.mixin): the production gate counts approved sheets.
    _kobo_workflow_fields = ("state", "approved_date", "approved_by_id", "supplierinfo_id")

    # The material cost and everything from the FOB on are the brand's economics: PLM users only.
    # A vendor's portal user reads the sheets addressed to it (record rule), never their totals:
    # the material cost is priced from other vendors' price lists.
    # Per-garment amounts do not add up across quotes: no sums in grouped lists; the landed
    # cost aggregates as the best (lowest) quote.
    name = fields.Char(compute="_compute_name", store=True)
    style_id = fields.Many2one(
        "product.template",
        required=True,
        index=True,
        tracking=True,
        domain="[('kobo_is_style', '=', True)]",
    )
    techpack_id = fields.Many2one(
        "kobo.techpack",
        string="Tech Pack Revision",
        compute="_compute_techpack_id",
        store=True,
        readonly=False,
        precompute=True,
        domain="[('style_id', '=', style_id)]",
        tracking=True,
    )
    vendor_id = fields.Many2one(
        "res.partner",
        required=True,
        index=True,
        tracking=True,
        domain="[('supplier_rank', '>', 0), ('is_company', '=', True)]",
    )
    version = fields.Integer(aggregator=False, readonly=True, default=1, copy=False)
    state = fields.Selection(
        COST_SHEET_STATES, default="draft", required=True, readonly=True, copy=False, tracking=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    company_currency_id = fields.Many2one(related="company_id.currency_id", string="Company Currency")
    currency_id = fields.Many2one(
        "res.currency",
        string="Quote Currency",
        compute="_compute_currency_id",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
        tracking=True,
    )
    quote_date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    currency_rate = fields.Float(
        aggregator=False,
        compute="_compute_currency_rate",
        store=True,
        digits=0,
        help="Company currency per unit of the quote currency at the quote date (Odoo's rates).",
    )
    planned_quantity = fields.Integer(
        aggregator=False,
        default=500,
        required=True,
        help="Units the order is planned for: sets material price breaks and MOQs.",
    )
    line_ids = fields.One2many("kobo.cost.sheet.line", "sheet_id", string="Cost Lines", copy=True)
    material_cost = fields.Monetary(
        aggregator=False,
        groups="kobo_plm.group_kobo_plm_user",
        compute="_compute_totals",
        store=True,
        currency_field="currency_id",
    )
    operation_cost = fields.Monetary(
        aggregator=False,
        string="CMT & Operations",
        compute="_compute_totals",
        store=True,
        currency_field="currency_id",
    )
    packaging_cost = fields.Monetary(
        aggregator=False, compute="_compute_totals", store=True, currency_field="currency_id"
    )
    overhead_cost = fields.Monetary(
        aggregator=False, compute="_compute_totals", store=True, currency_field="currency_id"
    )
    fob_price = fields.Monetary(
        aggregator=False,
        groups="kobo_plm.group_kobo_plm_user",
        string="FOB",
        compute="_compute_totals",
        store=True,
        currency_field="currency_id",
        tracking=True,
    )
    fob_price_company = fields.Monetary(
        aggregator="min",
        groups="kobo_plm.group_kobo_plm_user",
        string="FOB (Company Currency)",
        compute="_compute_landed",
        store=True,
        currency_field="company_currency_id",
    )
    freight_cost = fields.Monetary(
        aggregator=False,
        groups="kobo_plm.group_kobo_plm_user",
        string="Freight per Unit",
        currency_field="company_currency_id",
        help="In company currency.",
    )
    insurance_percent = fields.Float(
        aggregator=False,
        groups="kobo_plm.group_kobo_plm_user",
        string="Insurance (% of FOB)",
        digits=(5, 2),
        default=0.5,
    )
    insurance_cost = fields.Monetary(
        aggregator=False,
        groups="kobo_plm.group_kobo_plm_user",
        compute="_compute_landed",
        store=True,
        currency_field="company_currency_id",
    )
    duty_rate_id = fields.Many2one(
        "kobo.duty.rate",
        groups="kobo_plm.group_kobo_plm_user",
        string="Tariff Line (HS Code)",
        compute="_compute_duty_rate_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    duty_percent = fields.Float(
        aggregator=False,
        groups="kobo_plm.group_kobo_plm_user",
        string="Duty (%)",
        digits=(5, 2),
        compute="_compute_duty_percent",
        store=True,
        readonly=False,
        precompute=True,
        help="Copied from the HS code when chosen, so an approved sheet keeps the rate it was approved with.",
    )
    duty_cost = fields.Monetary(
        aggregator=False,
        groups="kobo_plm.group_kobo_plm_user",
        compute="_compute_landed",
        store=True,
        currency_field="company_currency_id",
        help="Duty on the customs value: FOB + freight + insurance.",
    )
    commission_percent = fields.Float(
        aggregator=False,
        groups="kobo_plm.group_kobo_plm_user",
        string="Agent Commission (% of FOB)",
        digits=(5, 2),
    )
    commission_cost = fields.Monetary(
        aggregator=False,
        groups="kobo_plm.group_kobo_plm_user",
        compute="_compute_landed",
        store=True,
        currency_field="company_currency_id",
    )
    landed_cost = fields.Monetary(
        aggregator="min",
        groups="kobo_plm.group_kobo_plm_user",
        compute="_compute_landed",
        store=True,
        currency_field="company_currency_id",
        tracking=True,
    )
    target_margin = fields.Float(
        aggregator=False,
        groups="kobo_plm.group_kobo_plm_user",
        string="Target Margin (%)",
        digits=(5, 2),
        compute="_compute_pricing_defaults",
        store=True,
        readonly=False,
        precompute=True,
    )
    wholesale_price = fields.Monetary(
        aggregator=False,
        groups="kobo_plm.group_kobo_plm_user",
        compute="_compute_prices",
        store=True,
        currency_field="company_currency_id",
    )
    retail_multiplier = fields.Float(
        aggregator=False,
        groups="kobo_plm.group_kobo_plm_user",
        digits=(6, 2),
        compute="_compute_pricing_defaults",
        store=True,
        readonly=False,
        precompute=True,
    )
    retail_price = fields.Monetary(
        aggregator=False,
        groups="kobo_plm.group_kobo_plm_user",
        string="Suggested Retail",
        compute="_compute_prices",
        store=True,
        currency_field="company_currency_id",
        help="Wholesale × retail multiplier, rounded up to the company's price ending.",
    )
    target_cost = fields.Monetary(
        groups="kobo_plm.group_kobo_plm_user",
        related="style_id.kobo_target_cost",
        currency_field="company_currency_id",
        string="Target Landed Cost",
    )
    target_retail_price = fields.Monetary(
        groups="kobo_plm.group_kobo_plm_user",
        related="style_id.kobo_target_retail_price",
        currency_field="company_currency_id",
    )
    cost_gap = fields.Monetary(
        aggregator=False,
        groups="kobo_plm.group_kobo_plm_user",
        string="Over Target",
        compute="_compute_prices",
        store=True,
        currency_field="company_currency_id",
        help="Landed cost minus the style's target landed cost (positive: over target).",
    )
    is_over_target = fields.Boolean(
        groups="kobo_plm.group_kobo_plm_user", compute="_compute_prices", store=True
    )
    margin_at_target_retail = fields.Float(
        aggregator=False,
        groups="kobo_plm.group_kobo_plm_user",
        string="Margin at Target Retail (%)",
        digits=(5, 1),
        compute="_compute_prices",
        store=True,
        help="Wholesale margin if the style sells at its target retail price.",
    )
    vendor_note = fields.Text(string="Vendor's Note")
    approved_date = fields.Datetime(readonly=True, copy=False)
    approved_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    supplierinfo_id = fields.Many2one(
        "product.supplierinfo",
        groups="kobo_plm.group_kobo_plm_user",
        string="Vendor Price Written",
        readonly=True,
        copy=False,
    )

    _sql_constraints = [
        ("planned_quantity_positive", "CHECK(planned_quantity > 0)", "The planned quantity is at least 1."),
        (
            "percentages_range",
            "CHECK(insurance_percent >= 0 AND commission_percent >= 0 AND duty_percent >= 0"
            " AND target_margin >= 0 AND target_margin < 100 AND retail_multiplier >= 1)",
            "Insurance, commission and duty are not negative, the margin is below 100 % "
            "and the retail multiplier at least 1.",
        ),
        ("freight_positive", "CHECK(freight_cost >= 0)", "Freight cannot be negative."),
    ]

    # ------------------------------------------------------------------ computes

    @api.depends("style_id.kobo_style_number", "vendor_id.name", "version")
    def _compute_name(self):
        for sheet in self:
            sheet.name = (
                f"{sheet.style_id.kobo_style_number or ''} · {sheet.vendor_id.name or ''} · v{sheet.version}"
            )

    @api.depends("style_id")
    def _compute_techpack_id(self):
        for sheet in self:
            if sheet.techpack_id.style_id != sheet.style_id:
                sheet.techpack_id = sheet.style_id.kobo_current_techpack_id

    @api.depends("vendor_id", "company_id")
    def _compute_currency_id(self):
        for sheet in self:
            vendor = sheet.vendor_id.commercial_partner_id.with_company(sheet.company_id)
            sheet.currency_id = vendor.property_purchase_currency_id or sheet.company_id.currency_id

    @api.depends("currency_id", "quote_date", "company_id")
    def _compute_currency_rate(self):
        for (company, quote_date), sheets in self.grouped(lambda s: (s.company_id, s.quote_date)).items():
            rates = (sheets.currency_id | company.currency_id)._get_rates(
                company, quote_date or fields.Date.today()
            )
            for sheet in sheets:
                sheet.currency_rate = rates[company.currency_id.id] / rates[sheet.currency_id.id]

    @api.depends("line_ids.amount", "line_ids.line_type")
    def _compute_totals(self):
        for sheet in self:
            totals = dict.fromkeys(("material", "operation", "packaging", "overhead"), 0.0)
            for line in sheet.line_ids:
                totals[line.line_type] += line.amount
            sheet.material_cost = totals["material"]
            sheet.operation_cost = totals["operation"]
            sheet.packaging_cost = totals["packaging"]
            sheet.overhead_cost = totals["overhead"]
            sheet.fob_price = sheet.currency_id.round(sum(totals.values()))

    @api.depends("style_id.kobo_duty_rate_id")
    def _compute_duty_rate_id(self):
        for sheet in self:
            if not sheet.duty_rate_id:
                sheet.duty_rate_id = sheet.style_id.kobo_duty_rate_id

    @api.depends("duty_rate_id")
    def _compute_duty_percent(self):
        for sheet in self:
            sheet.duty_percent = sheet.duty_rate_id.rate

    # ------------------------------------------------------------------ constraints

    @api.constrains(
        "planned_quantity", "freight_cost", "insurance_percent", "commission_percent", "duty_percent"
    )
    def _check_quantities(self):
        for sheet in self:
            if sheet.planned_quantity < 1:
                raise ValidationError(
                    self.env._("%(sheet)s: the planned quantity is at least 1.", sheet=sheet.display_name)
                )
            for field_name in ("freight_cost", "insurance_percent", "commission_percent", "duty_percent"):
                if sheet[field_name] < 0:
                    raise ValidationError(
                        self.env._(
                            "%(sheet)s: %(field)s cannot be negative.",
                            sheet=sheet.display_name,
                            field=self._fields[field_name].get_description(self.env)["string"],
                        )
                    )

    @api.constrains("style_id", "techpack_id")
    def _check_techpack_of_style(self):
        for sheet in self:
            if not sheet.style_id.kobo_is_style:
                raise ValidationError(
                    self.env._(
                        "%(product)s is not a style: cost sheets are for styles.",
                        product=sheet.style_id.display_name,
                    )
                )
            if sheet.techpack_id and sheet.techpack_id.style_id != sheet.style_id:
                raise ValidationError(
                    self.env._(
                        "%(techpack)s is not a revision of %(style)s.",
                        techpack=sheet.techpack_id.display_name,
                        style=sheet.style_id.display_name,
                    )
                )

    # ------------------------------------------------------------------ CRUD

    @api.model_create_multi
    def create(self, vals_list):
        check_finite(self, vals_list)
        # Versions count per style and vendor: read the current highest ones in one query.
        keys = {(vals.get("style_id"), vals.get("vendor_id")) for vals in vals_list}
        highest = {}
        if keys:
            groups = self._read_group(
                [("style_id", "in", [k[0] for k in keys]), ("vendor_id", "in", [k[1] for k in keys])],
                ["style_id", "vendor_id"],
                ["version:max"],
            )
            highest = {(style.id, vendor.id): version for style, vendor, version in groups}
        for vals in vals_list:
            key = (vals.get("style_id"), vals.get("vendor_id"))
            highest[key] = highest.get(key, 0) + 1
            vals["version"] = highest[key]
        return super().create(vals_list)
