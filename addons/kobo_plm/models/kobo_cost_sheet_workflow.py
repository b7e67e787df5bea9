from collections import defaultdict

from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import UserError

from ..locks import lock_for_update
from .kobo_cost_sheet import COST_SHEET_STATES


class KoboCostSheet(models.Model):
    """Request, quote, approval: the sheet's states, its lock once decided, what approval writes."""

    _inherit = "kobo.cost.sheet"

    # ------------------------------------------------------------------ CRUD

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
