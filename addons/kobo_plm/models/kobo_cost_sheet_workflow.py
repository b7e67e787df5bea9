from collections import defaultdict

from odoo import SUPERUSER_ID, api, fields, models
from odoo.addons.kobo_base.models.kobo_workflow_mixin import check_finite, is_privileged, privileged
from odoo.exceptions import UserError

from ..locks import lock_for_update

PLM_USER = "kobo_plm.group_kobo_plm_user"
PLM_MANAGER = "kobo_plm.group_kobo_plm_manager"


class KoboCostSheet(models.Model):
    """Request, quote, approval: the sheet's states, its lock once decided, what approval writes.

    States and approval stamps change only through the actions below (`kobo.workflow.mixin`);
    a decided sheet (approved, rejected, superseded) and its lines are read-only for every
    caller, whatever the context it sends: only the actions, through `privileged()`, write them.
    """

    _inherit = "kobo.cost.sheet"

    # ------------------------------------------------------------------ CRUD

    def write(self, vals):
        check_finite(self, [vals])
        # Chatter bookkeeping stays possible on a decided sheet; the workflow fields are the
        # mixin's to refuse.
        if set(vals) - {"message_main_attachment_id", *self._kobo_workflow_fields}:
            self._kobo_check_editable()
        return super().write(vals)

    def _kobo_check_editable(self):
        decided = self.filtered(lambda sheet: sheet.state in ("approved", "rejected", "superseded"))
        if decided and not is_privileged(self):
            raise UserError(
                self.env._(
                    "%(sheet)s is %(state)s: it cannot be changed. Create a new version instead.",
                    sheet=decided[0].display_name,
                    state=self._kobo_state_label(decided[0].state).lower(),
                )
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_if_not_approved(self):
        if self.filtered(lambda sheet: sheet.state == "approved"):
            raise UserError(self.env._("An approved cost sheet cannot be deleted."))

    # ------------------------------------------------------------------ workflow

    def action_send_rfq(self):
        """Send the request for quote to the vendor: it appears in their portal."""
        self._kobo_check_group(PLM_USER, self.env._("send requests for quote"))
        for sheet in self:
            if not sheet.techpack_id:
                raise UserError(
                    self.env._("%(sheet)s has no tech pack revision to quote on.", sheet=sheet.display_name)
                )
        self._kobo_transition(("draft",), "requested")
        for sheet in self:
            sheet.techpack_id._kobo_share_with_vendors(sheet.vendor_id.commercial_partner_id)
            sheet.message_post(
                body=self.env._("Request for quote sent to %(vendor)s.", vendor=sheet.vendor_id.name)
            )
        return True

    def action_submit(self):
        """The quote is in (entered by the brand; a vendor submits in the portal)."""
        self._kobo_check_group(PLM_USER, self.env._("enter a received quote"))
        empty = self.filtered(lambda sheet: not sheet.line_ids)
        if empty:
            raise UserError(self.env._("%(sheet)s has no cost lines to submit.", sheet=empty[0].display_name))
        return self._kobo_transition(("draft", "requested"), "submitted")

    def action_reject(self):
        self._kobo_check_group(PLM_USER, self.env._("reject quotes"))
        return self._kobo_transition(("requested", "submitted"), "rejected")

    def action_reset_to_draft(self):
        self._kobo_check_group(PLM_USER, self.env._("reset quotes to draft"))
        return self._kobo_transition(("requested", "submitted", "rejected"), "draft")

    def action_new_version(self):
        """A new draft version of this quote, e.g. after negotiation; the old one is superseded."""
        self.ensure_one()
        self._kobo_check_group(PLM_USER, self.env._("create quote versions"))
        new_sheet = self.copy({"quote_date": fields.Date.context_today(self)})
        if self.state != "approved":
            self._kobo_transition(("draft", "requested", "submitted", "rejected", "superseded"), "superseded")
        return {
            "type": "ir.actions.act_window",
            "res_model": "kobo.cost.sheet",
            "res_id": new_sheet.id,
            "view_mode": "form",
        }

    def action_approve(self):
        """Approve the quote and write the ERP, all or nothing.

        The vendor's price for the style (the one `product.supplierinfo` line the approvals of
        this style and vendor own, see `_kobo_write_vendor_prices`), the cost of every variant
        (landed cost), and the sales price (suggested retail). Any other approved sheet of the
        style becomes superseded.
        """
        self._kobo_check_group(PLM_MANAGER, self.env._("approve cost sheets"))
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
                        state=self._kobo_state_label(sheet.state).lower(),
                    )
                )
            elif sheet.company_currency_id.is_zero(sheet.landed_cost):
                problems.append(self.env._("%(sheet)s has no cost.", sheet=sheet.display_name))
        if problems:
            raise UserError("\n".join(problems))
        previous = self.search(
            [("style_id", "in", self.style_id.ids), ("state", "=", "approved"), ("id", "not in", self.ids)]
        )
        previous._kobo_transition(("approved",), "superseded")
        supplierinfos = self._kobo_write_vendor_prices()
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
            "approved",
            {"approved_date": fields.Datetime.now(), "approved_by_id": self.env.uid},
        )
        for sheet, supplierinfo in supplierinfos.items():
            privileged(sheet).supplierinfo_id = supplierinfo
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
        """Write each sheet's FOB as its vendor's price for the style; return {sheet: supplierinfo}.

        Approval owns one price line per style and vendor, and touches nothing else: purchasing's
        quantity breaks, dated and variant prices stay as they are. The owned line is the one the
        last approval of that style and vendor wrote (`supplierinfo_id`), or, the first time, the
        vendor's base price for the style (all variants, no minimum quantity beyond 1, no dates),
        or else a new line. It is written as an undated-end price from the quote date, minimum
        quantity 0.
        """
        # The purchasing team owns vendor pricelists; PLM managers write them only through approval.
        Supplierinfo = self.env["product.supplierinfo"].sudo()
        earlier = self.sudo().search(
            [
                ("style_id", "in", self.style_id.ids),
                ("vendor_id", "in", self.vendor_id.ids),
                ("supplierinfo_id", "!=", False),
                ("id", "not in", self.ids),
            ],
            order="approved_date desc, id desc",
        )
        # Purchasing may have deleted the line since: then it is found (or created) anew.
        still_there = earlier.supplierinfo_id.exists()
        base_prices = Supplierinfo.search(
            [
                ("product_tmpl_id", "in", self.style_id.ids),
                ("partner_id", "in", self.vendor_id.ids),
                ("product_id", "=", False),
                ("min_qty", "<=", 1),
                ("date_start", "=", False),
                ("date_end", "=", False),
            ]
        )
        owned, to_create = {}, []
        for sheet in self:
            key = (sheet.style_id, sheet.vendor_id)
            line = (
                earlier.filtered(
                    lambda other, key=key: (other.style_id, other.vendor_id) == key
                    and other.supplierinfo_id in still_there
                )[:1].supplierinfo_id
                or base_prices.filtered(
                    lambda info, sheet=sheet: info.product_tmpl_id == sheet.style_id
                    and info.partner_id == sheet.vendor_id
                    and info.company_id in (sheet.company_id, info.company_id.browse())
                )[:1]
            )
            values = {
                "price": sheet.fob_price,
                "currency_id": sheet.currency_id.id,
                "date_start": sheet.quote_date,
            }
            if line:
                line.write(values)
                owned[sheet] = line
            else:
                to_create.append(
                    (
                        sheet,
                        {
                            **values,
                            "company_id": sheet.company_id.id,
                            "partner_id": sheet.vendor_id.id,
                            "product_tmpl_id": sheet.style_id.id,
                            "min_qty": 0.0,
                        },
                    )
                )
        created = Supplierinfo.create([values for _sheet, values in to_create])
        for (sheet, _values), info in zip(to_create, created, strict=True):
            owned[sheet] = info
        return owned

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
