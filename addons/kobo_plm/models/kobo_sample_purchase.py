from odoo import fields, models
from odoo.addons.kobo_base.models.kobo_workflow_mixin import privileged
from odoo.exceptions import UserError
from odoo.tools.misc import get_lang

from .kobo_sample import DECIDED_STATES, SAMPLE_GROUP, SAMPLE_WORKFLOW_FIELDS


class KoboSample(models.Model):
    """Ordering a sample from its vendor on a request for quotation, for purchasing to confirm."""

    _inherit = "kobo.sample"
    # Set by *Order Sample* only: a client that links a sample to any order line would read that
    # order's name and state through the related fields below, which are read as superuser.
    _kobo_workflow_fields = (*SAMPLE_WORKFLOW_FIELDS, "purchase_line_id", "purchase_rfq_created_id")

    purchase_line_id = fields.Many2one(
        "purchase.order.line",
        string="Purchase Order Line",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The line of the request for quotation the sample was ordered on.",
    )
    purchase_rfq_created_id = fields.Many2one(
        "purchase.order",
        string="RFQ Created for the Sample",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The request for quotation *Order Sample* created for this sample. Later samples of "
        "the same vendor join it while it is a draft; an RFQ made by purchasing is never changed.",
    )
    # Related fields read as superuser: a PLM user who is not a purchase user still sees
    # whether and where the sample is ordered.
    purchase_order_id = fields.Many2one(related="purchase_line_id.order_id", string="Purchase Order")
    purchase_order_state = fields.Selection(
        related="purchase_line_id.order_id.state", string="Purchase Status"
    )

    # ------------------------------------------------------------------ purchase

    def action_order_sample(self):
        """Order the sample from its vendor: one line for the style's variant in the sample's
        colorway and size on the draft request for quotation an earlier *Order Sample* made for
        that vendor, or on a new one. An RFQ purchasing made is never changed.

        The line carries the vendor's own price (its price list, through Odoo's seller choice) or
        0 for the vendor to quote: never the brand's cost, which Odoo would otherwise put there
        and the vendor's portal users read.

        PLM users need not be purchase users: the purchase records are written by the system
        (sudo), in the name of the user asking, for purchasing to confirm. Returns the purchase
        order if the user may read it, else a notification that keeps the sample open.
        """
        self.ensure_one()
        self._kobo_check_group(SAMPLE_GROUP, self.env._("order a sample"))
        self._check_orderable()
        variant = self._get_sample_variant()
        company = self.company_id or self.env.company
        order = self._kobo_sample_rfq(company)
        if order:
            order.origin = ", ".join(filter(None, [order.origin, self.name]))
        else:
            order = (
                self.env["purchase.order"]
                .sudo()
                .with_company(company)
                .create(self._prepare_sample_purchase_order(company))
            )
            privileged(self).purchase_rfq_created_id = order
        line = (
            self.env["purchase.order.line"]
            .sudo()
            .with_company(company)
            .create({"order_id": order.id, "product_id": variant.id, "product_qty": self.quantity})
        )
        seller = variant._select_seller(
            partner_id=line.partner_id,
            quantity=line.product_qty,
            date=(order.date_order or fields.Datetime.now()).date(),
            uom_id=line.product_uom,
            params=line._get_select_sellers_params(),
        )
        if not seller:
            # Without a price of this vendor Odoo puts the product's cost on the line.
            line.price_unit = 0.0
        # The description is set once the line exists: given at creation, it would keep Odoo
        # from computing the vendor price, which is computed together with it.
        line.name = f"{line.name}\n{self._sample_purchase_description()}"
        privileged(self).purchase_line_id = line
        order.message_post_with_source(
            "mail.message_origin_link",
            render_values={"self": order, "origin": self, "edit": len(order.order_line) > 1},
            subtype_xmlid="mail.mt_note",
        )
        self.message_post(
            body=self.env._(
                "Ordered from %(vendor)s on %(order)s, for purchasing to confirm.",
                vendor=self.vendor_id.display_name,
                order=order._get_html_link(),
            ),
            subtype_xmlid="mail.mt_note",
        )
        order = self.env["purchase.order"].browse(order.id)
        if order.has_access("read"):
            return order._get_records_action(name=self.env._("Request for Quotation"))
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "%(sample)s is on %(order)s for purchasing to confirm.",
                    sample=self.name,
                    order=order.sudo().name,
                ),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def _kobo_sample_rfq(self, company):
        """The vendor's latest draft RFQ that *Order Sample* created, if any (as superuser)."""
        created = (
            self.env["kobo.sample"]
            .sudo()
            .search(
                [
                    ("purchase_rfq_created_id.partner_id", "=", self.vendor_id.id),
                    ("purchase_rfq_created_id.company_id", "=", company.id),
                    ("purchase_rfq_created_id.state", "=", "draft"),
                ]
            )
            .purchase_rfq_created_id
        )
        return created.sorted("id")[-1:].with_company(company)

    def action_view_purchase_order(self):
        self.ensure_one()
        return self.purchase_order_id._get_records_action()

    def _check_orderable(self):
        labels = dict(self._fields["state"]._description_selection(self.env))
        for sample in self:
            if sample.state in DECIDED_STATES:
                raise UserError(
                    self.env._(
                        "%(sample)s is %(state)s: a decided sample is not ordered any more.",
                        sample=sample.display_name,
                        state=labels[sample.state],
                    )
                )
            if not sample.colorway_value_id:
                raise UserError(
                    self.env._(
                        "%(sample)s has no colorway: choose the colorway to order.",
                        sample=sample.display_name,
                    )
                )
            order = sample.sudo().purchase_line_id.order_id
            if order and order.state != "cancel":
                raise UserError(
                    self.env._(
                        "%(sample)s is already ordered on %(order)s: cancel that order to order it again.",
                        sample=sample.display_name,
                        order=order.name,
                    )
                )

    def _get_sample_variant(self):
        """The style's variant in the sample's colorway (Colour value) and size (its Size value)."""
        self.ensure_one()
        values = self.colorway_value_id | self.size_id.attribute_value_id
        combination = self.style_id.attribute_line_ids.product_template_value_ids.filtered(
            lambda ptav: ptav.ptav_active and ptav.product_attribute_value_id in values
        )
        variant = self.env["product.product"]
        if len(combination) == len(values) == 2:
            variant = self.style_id._get_variant_for_combination(combination)
        if not variant.active:
            raise UserError(
                self.env._(
                    "%(style)s has no variant in %(colorway)s / %(size)s to order.",
                    style=self.style_id.display_name,
                    colorway=self.colorway_value_id.name,
                    size=self.size_id.name,
                )
            )
        return variant

    def _prepare_sample_purchase_order(self, company):
        vendor = self.vendor_id.with_company(company)
        return {
            "partner_id": vendor.id,
            "company_id": company.id,
            "user_id": self.env.user.id,
            "currency_id": (vendor.property_purchase_currency_id or company.currency_id).id,
            "payment_term_id": vendor.property_supplier_payment_term_id.id,
            "fiscal_position_id": self.env["account.fiscal.position"]
            .with_company(company)
            ._get_fiscal_position(vendor)
            .id,
            "origin": self.name,
        }

    def _sample_purchase_description(self):
        # In the vendor's language, as Odoo writes the product name above it.
        sample = self.with_context(lang=get_lang(self.env, self.vendor_id.lang).code)
        return sample.env._(
            "Sample %(sample)s: %(round)s round %(number)s, %(colorway)s / %(size)s",
            sample=sample.name,
            round=dict(sample._fields["round_type"]._description_selection(sample.env))[sample.round_type],
            number=sample.round_number,
            colorway=sample.colorway_value_id.name,
            size=sample.size_id.name,
        )


class PurchaseOrderLine(models.Model):
    _inherit = "purchase.order.line"

    def _compute_price_unit_and_date_planned_and_name(self):
        # Without a price of the vendor, Odoo puts the product's cost (for a style, the brand's
        # landed cost) on the line whenever its quantity or unit changes; the vendor's portal
        # users read it. A sample's line keeps what it had (0 to quote, or the price purchasing
        # typed) unless the vendor has a price.
        before = {line: line.price_unit for line in self}
        super()._compute_price_unit_and_date_planned_and_name()
        origin_ids = [line._origin.id for line in self if line._origin.id]
        if not origin_ids:
            return
        samples = self.env["kobo.sample"].sudo().search([("purchase_line_id", "in", origin_ids)])
        sample_line_ids = set(samples.purchase_line_id.ids)
        for line in self:
            if line._origin.id not in sample_line_ids or line.price_unit == before[line]:
                continue
            seller = line.product_id._select_seller(
                partner_id=line.partner_id,
                quantity=line.product_qty,
                date=line.order_id.date_order and line.order_id.date_order.date(),
                uom_id=line.product_uom,
                params=line._get_select_sellers_params(),
            )
            if not seller:
                line.price_unit = before[line]
