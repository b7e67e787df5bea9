import math
from collections import defaultdict

from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare, float_round

from ..locks import lock_for_update
from .res_company import check_pricing, round_retail

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
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "style_id, vendor_id, version desc, id desc"

    # Fields from freight on are the brand's economics: PLM users only. A vendor's portal user
    # reads the sheets addressed to it (record rule) but never landed costs, duty or margins.
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
        aggregator=False, compute="_compute_totals", store=True, currency_field="currency_id"
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
    # Not restricted: list decorations and the ribbon read it for every row.
    is_over_target = fields.Boolean(compute="_compute_prices", store=True)
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

    @api.depends(
        "fob_price",
        "currency_rate",
        "freight_cost",
        "insurance_percent",
        "duty_percent",
        "commission_percent",
    )
    def _compute_landed(self):
        for sheet in self:
            currency = sheet.company_currency_id
            fob = currency.round(sheet.fob_price * sheet.currency_rate)
            insurance = currency.round(fob * sheet.insurance_percent / 100)
            customs_value = fob + sheet.freight_cost + insurance
            duty = currency.round(customs_value * sheet.duty_percent / 100)
            commission = currency.round(fob * sheet.commission_percent / 100)
            sheet.fob_price_company = fob
            sheet.insurance_cost = insurance
            sheet.duty_cost = duty
            sheet.commission_cost = commission
            sheet.landed_cost = customs_value + duty + commission

    @api.depends("company_id")
    def _compute_pricing_defaults(self):
        for sheet in self:
            if not sheet.target_margin:
                sheet.target_margin = sheet.company_id.kobo_target_margin
            if not sheet.retail_multiplier:
                sheet.retail_multiplier = sheet.company_id.kobo_retail_multiplier or 1.0

    @api.depends(
        "landed_cost",
        "target_margin",
        "retail_multiplier",
        "company_id.kobo_retail_rounding",
        "style_id.kobo_target_cost",
        "style_id.kobo_target_retail_price",
    )
    def _compute_prices(self):
        for sheet in self:
            currency = sheet.company_currency_id
            margin = min(sheet.target_margin, 99.99) / 100
            wholesale = currency.round(sheet.landed_cost / (1 - margin))
            sheet.wholesale_price = wholesale
            sheet.retail_price = round_retail(
                wholesale * (sheet.retail_multiplier or 1.0), sheet.company_id.kobo_retail_rounding
            )
            target = sheet.style_id.kobo_target_cost
            sheet.cost_gap = currency.round(sheet.landed_cost - target) if target else 0.0
            sheet.is_over_target = bool(target) and currency.compare_amounts(sheet.landed_cost, target) > 0
            target_wholesale = (sheet.style_id.kobo_target_retail_price or 0.0) / (
                sheet.retail_multiplier or 1.0
            )
            sheet.margin_at_target_retail = (
                float_round(
                    (target_wholesale - sheet.landed_cost) / target_wholesale * 100, precision_digits=1
                )
                if target_wholesale
                else 0.0
            )

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

    @api.constrains("target_margin", "retail_multiplier")
    def _check_pricing(self):
        for sheet in self:
            check_pricing(self.env, sheet.display_name, sheet.target_margin, sheet.retail_multiplier)

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

    def write(self, vals):
        locked_fields = set(vals) - {
            "state",
            "approved_date",
            "approved_by_id",
            "supplierinfo_id",
            "message_main_attachment_id",
        }
        if locked_fields:
            self._kobo_check_editable()
        return super().write(vals)

    def _kobo_check_editable(self):
        decided = self.filtered(lambda sheet: sheet.state in ("approved", "rejected", "superseded"))
        if decided and not self.env.context.get("kobo_cost_sheet_transition"):
            raise UserError(
                self.env._(
                    "%(sheet)s is %(state)s: it cannot be changed. Create a new version instead.",
                    sheet=decided[0].display_name,
                    state=dict(COST_SHEET_STATES)[decided[0].state].lower(),
                )
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_if_not_approved(self):
        if self.filtered(lambda sheet: sheet.state == "approved"):
            raise UserError(self.env._("An approved cost sheet cannot be deleted."))

    # ------------------------------------------------------------------ materials from the BoM

    def action_load_materials(self):
        """(Re)build the material lines from the revision's garment BoM and the material prices."""
        self._kobo_rebuild_material_lines()
        return True

    def _kobo_rebuild_material_lines(self):
        """Material lines for every sheet of `self`, in batch.

        Consumption is the base size's (the size the sample and the quote are made in); a material
        chosen per colorway is priced at its first colorway. The price is the material vendor's
        `product.supplierinfo` for the quantity the planned order needs: the best price break the
        quantity reaches, or when it stays below every minimum order quantity, the smallest MOQ
        bought and spread over the planned garments.
        """
        sheets = self.filtered(lambda sheet: sheet.state in ("draft", "requested", "submitted"))
        if not sheets:
            return
        sheets.line_ids.filtered(lambda line: line.line_type == "material").unlink()
        garment_lines = sheets.techpack_id.garment_line_ids
        garment_lines.fetch(["material_product_id", "quantity", "consumption_mode", "colour_mode", "uom_id"])
        garment_lines.consumption_ids.fetch(["size_id", "quantity"])
        garment_lines.colorway_ids.fetch(["product_id"])
        products = garment_lines.material_product_id | garment_lines.colorway_ids.product_id
        sellers = products.seller_ids | products.product_tmpl_id.seller_ids
        sellers.fetch(
            [
                "partner_id",
                "price",
                "min_qty",
                "currency_id",
                "product_id",
                "product_tmpl_id",
                "date_start",
                "date_end",
                "company_id",
                "sequence",
                "discount",
            ]
        )
        rate_cache = {}

        def rate(company, date, from_currency, to_currency):
            key = (company.id, date)
            if key not in rate_cache:
                currencies = (
                    sellers.currency_id
                    | sheets.currency_id
                    | sheets.company_id.currency_id
                    | products.currency_id
                )
                rate_cache[key] = currencies._get_rates(company, date)
            rates = rate_cache[key]
            return rates[to_currency.id] / rates[from_currency.id]

        placements = dict(garment_lines._fields["placement"]._description_selection(self.env))
        values = []
        for sheet in sheets:
            base_size = sheet.techpack_id.base_size_id
            for garment_line in sheet.techpack_id.garment_line_ids:
                product = garment_line.material_product_id
                if garment_line.colour_mode == "per_colorway":
                    product = garment_line.colorway_ids[:1].product_id
                if not product:
                    continue
                consumption = garment_line.quantity
                if garment_line.consumption_mode == "per_size":
                    row = garment_line.consumption_ids.filtered(lambda r, size=base_size: r.size_id == size)[
                        :1
                    ]
                    if not row:
                        continue  # not on the base size (e.g. a patch on L and XL only)
                    consumption = row.quantity
                needed = consumption * sheet.planned_quantity
                price, seller, note = sheet._kobo_material_price(product, needed, rate)
                values.append(
                    {
                        "sheet_id": sheet.id,
                        "line_type": "material",
                        "sequence": garment_line.sequence,
                        "product_id": product.id,
                        "name": placements[garment_line.placement],
                        "placement": garment_line.placement,
                        "quantity": consumption,
                        "uom_id": garment_line.uom_id.id,
                        "unit_price": price,
                        "supplierinfo_id": seller.id,
                        "price_note": note,
                    }
                )
        self.env["kobo.cost.sheet.line"].create(values)

    def _kobo_material_price(self, product, needed, rate):
        """(unit price in the sheet's currency, supplierinfo, note) for `needed` units of `product`."""
        self.ensure_one()
        date = self.quote_date
        candidates = (product.seller_ids | product.product_tmpl_id.seller_ids).filtered(
            lambda seller: (not seller.company_id or seller.company_id == self.company_id)
            and (not seller.product_id or seller.product_id == product)
            and (not seller.date_start or seller.date_start <= date)
            and (not seller.date_end or seller.date_end >= date)
        )
        if not candidates:
            cost = product.with_company(self.company_id).standard_price
            price = cost * rate(self.company_id, date, self.company_id.currency_id, self.currency_id)
            return price, candidates, self.env._("No vendor price: product cost used.")

        def converted(seller):
            net = seller.price * (1 - (seller.discount or 0.0) / 100)
            return net * rate(self.company_id, date, seller.currency_id, self.currency_id)

        reached = candidates.filtered(
            lambda seller: float_compare(needed, seller.min_qty, precision_digits=4) >= 0
        )
        if reached:
            # Odoo's choice among the breaks the quantity reaches: the vendor listed first, its best price.
            first_vendor = reached.sorted(lambda s: (s.sequence, s.id))[:1].partner_id
            seller = min(
                reached.filtered(lambda s: s.partner_id == first_vendor), key=lambda s: (converted(s), s.id)
            )
            note = (
                self.env._("Price break from %(qty)s", qty=f"{seller.min_qty:g}") if seller.min_qty else False
            )
            return converted(seller), seller, note
        seller = min(candidates, key=lambda s: (s.min_qty, converted(s), s.id))
        # Below every MOQ: the MOQ must be bought whole; its cost spreads over the planned garments.
        price = converted(seller) * seller.min_qty / needed if needed else converted(seller)
        note = self.env._(
            "MOQ %(moq)s %(uom)s applies (%(needed)s needed)",
            moq=f"{seller.min_qty:g}",
            uom=seller.product_uom.name,
            needed=f"{needed:g}",
        )
        return price, seller, note

    # ------------------------------------------------------------------ workflow

    def _kobo_transition(self, allowed_from, vals):
        for sheet in self:
            if sheet.state not in allowed_from:
                raise UserError(
                    self.env._(
                        "%(sheet)s is %(state)s: this step is not possible now.",
                        sheet=sheet.display_name,
                        state=dict(COST_SHEET_STATES)[sheet.state].lower(),
                    )
                )
        return self.with_context(kobo_cost_sheet_transition=True).write(vals)

    def action_send_rfq(self):
        """Send the request for quote to the vendor: it appears in their portal."""
        for sheet in self:
            if not sheet.techpack_id:
                raise UserError(
                    self.env._("%(sheet)s has no tech pack revision to quote on.", sheet=sheet.display_name)
                )
        self._kobo_transition(("draft",), {"state": "requested"})
        for sheet in self:
            sheet.techpack_id._kobo_share_with_vendors(sheet.vendor_id.commercial_partner_id)
            sheet.message_post(
                body=self.env._("Request for quote sent to %(vendor)s.", vendor=sheet.vendor_id.name)
            )
        return True

    def action_submit(self):
        """The quote is in (entered by the brand, or submitted by the vendor in the portal)."""
        empty = self.filtered(lambda sheet: not sheet.line_ids)
        if empty:
            raise UserError(self.env._("%(sheet)s has no cost lines to submit.", sheet=empty[0].display_name))
        return self._kobo_transition(("draft", "requested"), {"state": "submitted"})

    def action_reject(self):
        return self._kobo_transition(("requested", "submitted"), {"state": "rejected"})

    def action_reset_to_draft(self):
        return self._kobo_transition(("requested", "submitted", "rejected"), {"state": "draft"})

    def action_new_version(self):
        """A new draft version of this quote, e.g. after negotiation; the old one is superseded."""
        self.ensure_one()
        new_sheet = self.copy({"quote_date": fields.Date.context_today(self)})
        if self.state != "approved":
            self._kobo_transition(tuple(dict(COST_SHEET_STATES)), {"state": "superseded"})
        return {
            "type": "ir.actions.act_window",
            "res_model": "kobo.cost.sheet",
            "res_id": new_sheet.id,
            "view_mode": "form",
        }

    def action_approve(self):
        """Approve the quote and write the ERP, all or nothing.

        The vendor's price for the style (its `product.supplierinfo`, updated rather than
        duplicated), the cost of every variant (landed cost), and the sales price (suggested
        retail). Any other approved sheet of the style becomes superseded.
        """
        if not self.env.user.has_group("kobo_plm.group_kobo_plm_manager"):
            raise UserError(self.env._("Only PLM managers approve cost sheets."))
        lock_for_update(self)
        lock_for_update(self.style_id)
        if len(self.style_id) != len(self):
            raise UserError(self.env._("Approve one cost sheet per style at a time."))
        problems = []
        for sheet in self:
            if sheet.state != "submitted":
                problems.append(
                    self.env._(
                        "%(sheet)s is %(state)s, not a received quote.",
                        sheet=sheet.display_name,
                        state=dict(COST_SHEET_STATES)[sheet.state].lower(),
                    )
                )
            elif sheet.company_currency_id.is_zero(sheet.landed_cost):
                problems.append(self.env._("%(sheet)s has no cost.", sheet=sheet.display_name))
        if problems:
            raise UserError("\n".join(problems))
        previous = self.search(
            [("style_id", "in", self.style_id.ids), ("state", "=", "approved"), ("id", "not in", self.ids)]
        )
        previous._kobo_transition(("approved",), {"state": "superseded"})
        self._kobo_write_vendor_prices()
        # Costs and sales prices are the ERP's: written as the system user after the manager
        # check above (stock valuation re-reads stock as the user, even under sudo()). Sheets
        # with the same figures are written together.
        costs, prices = defaultdict(list), defaultdict(list)
        for sheet in self:
            costs[(sheet.company_id, sheet.landed_cost)].append(sheet.style_id.id)
            prices[(sheet.company_id, sheet.retail_price)].append(sheet.style_id.id)
        Template = self.env["product.template"].with_user(SUPERUSER_ID)
        for (company, landed), style_ids in costs.items():
            Template.with_company(company).browse(style_ids).product_variant_ids.write(
                {"standard_price": landed}
            )
        for (company, retail), style_ids in prices.items():
            Template.with_company(company).browse(style_ids).write({"list_price": retail})
        self._kobo_transition(
            ("submitted",),
            {"state": "approved", "approved_date": fields.Datetime.now(), "approved_by_id": self.env.uid},
        )
        self._message_log_batch(
            {
                sheet.id: self.env._(
                    "Approved: FOB %(fob)s %(currency)s, landed %(landed)s, sales price %(retail)s.",
                    fob=f"{sheet.fob_price:.2f}",
                    currency=sheet.currency_id.name,
                    landed=f"{sheet.landed_cost:.2f}",
                    retail=f"{sheet.retail_price:.2f}",
                )
                for sheet in self
            }
        )
        return True

    def _kobo_write_vendor_prices(self):
        # The purchasing team owns vendor pricelists; PLM managers write them only through approval.
        Supplierinfo = self.env["product.supplierinfo"].sudo()
        existing = Supplierinfo.search(
            [
                ("product_tmpl_id", "in", self.style_id.ids),
                ("partner_id", "in", self.vendor_id.ids),
                ("product_id", "=", False),
            ]
        )
        to_create = []
        for sheet in self:
            values = {
                "price": sheet.fob_price,
                "currency_id": sheet.currency_id.id,
                "company_id": sheet.company_id.id,
                "date_start": sheet.quote_date,
            }
            current = existing.filtered(
                lambda info, s=sheet: info.product_tmpl_id == s.style_id and info.partner_id == s.vendor_id
            )
            if current:
                current[1:].unlink()
                current[:1].write(values)
                sheet.with_context(kobo_cost_sheet_transition=True).supplierinfo_id = current[:1]
            else:
                to_create.append(
                    (
                        sheet,
                        {
                            **values,
                            "partner_id": sheet.vendor_id.id,
                            "product_tmpl_id": sheet.style_id.id,
                            "min_qty": 0.0,
                        },
                    )
                )
        created = Supplierinfo.create([values for _sheet, values in to_create])
        for (sheet, _values), info in zip(to_create, created, strict=True):
            sheet.with_context(kobo_cost_sheet_transition=True).supplierinfo_id = info

    # ------------------------------------------------------------------ supplier portal

    def _kobo_supplier_submit_quote(self, lines, note=None):
        """A vendor's quote from the portal: their operation and packaging lines, then submitted.

        `lines` is a list of dicts with the keys operation_type, name, quantity, unit_price (as
        posted: strings are accepted and validated). Only those lines are written; material lines
        stay the brand's, priced from the BoM. Call on a sheet the portal user may read.
        """
        self.ensure_one()
        if self.state != "requested":
            raise UserError(self.env._("%(sheet)s is not waiting for your quote.", sheet=self.display_name))
        if not lines:
            raise UserError(self.env._("Add at least one cost line to your quote."))
        operation_types = dict(self.env["kobo.cost.sheet.line"]._fields["operation_type"].selection)
        values = []
        for position, line in enumerate(lines, start=1):
            name = (line.get("name") or "").strip()
            operation_type = line.get("operation_type") or "other"
            if operation_type not in operation_types:
                raise UserError(
                    self.env._(
                        "Line %(line)s: unknown operation %(value)s.", line=position, value=operation_type
                    )
                )
            if not name or len(name) > 120:
                raise UserError(
                    self.env._("Line %(line)s: give a description of at most 120 characters.", line=position)
                )
            numbers = {}
            for key, label in (
                ("quantity", self.env._("quantity")),
                ("unit_price", self.env._("unit price")),
            ):
                raw = line.get(key, "1" if key == "quantity" else "")
                try:
                    number = float(str(raw).strip().replace(",", "."))
                except ValueError:
                    raise UserError(
                        self.env._(
                            "Line %(line)s: %(field)s %(value)s is not a number.",
                            line=position,
                            field=label,
                            value=raw,
                        )
                    ) from None
                if not math.isfinite(number) or number < 0 or number > 1e7:
                    raise UserError(
                        self.env._(
                            "Line %(line)s: %(field)s must be between 0 and 10,000,000.",
                            line=position,
                            field=label,
                        )
                    )
                numbers[key] = number
            values.append(
                {
                    "sheet_id": self.id,
                    "line_type": "packaging" if operation_type == "packaging" else "operation",
                    "operation_type": operation_type,
                    "name": name,
                    "quantity": numbers["quantity"],
                    "unit_price": numbers["unit_price"],
                }
            )
        self.line_ids.filtered(lambda line: line.line_type in ("operation", "packaging")).unlink()
        self.env["kobo.cost.sheet.line"].create(values)
        vals = {"state": "submitted", "quote_date": fields.Date.context_today(self)}
        if note is not None:
            vals["vendor_note"] = (note or "").strip()[:2000] or False
        self._kobo_transition(("requested",), vals)
        self.message_post(
            body=self.env._("Quote submitted by %(vendor)s.", vendor=self.env.user.partner_id.display_name)
        )
        return True

    # ------------------------------------------------------------------ exports

    def action_export_xlsx(self):
        self.ensure_one()
        return {"type": "ir.actions.act_url", "url": f"/kobo_plm/cost_sheet/{self.id}/xlsx", "target": "self"}

    def action_compare_quotes(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Quotes for %(style)s", style=self.style_id.display_name),
            "res_model": "kobo.cost.sheet",
            "view_mode": "list,form",
            "views": [
                (self.env.ref("kobo_plm.kobo_cost_sheet_view_list_compare").id, "list"),
                (False, "form"),
            ],
            "domain": [("style_id", "=", self.style_id.id), ("state", "!=", "superseded")],
        }
