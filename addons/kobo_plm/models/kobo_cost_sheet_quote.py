import math

from odoo import fields, models
from odoo.exceptions import UserError


class KoboCostSheet(models.Model):
    """The vendor's quote from the supplier portal: its operation and packaging lines."""

    _inherit = "kobo.cost.sheet"

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
        vals = {"quote_date": fields.Date.context_today(self)}
        if note is not None:
            vals["vendor_note"] = (note or "").strip()[:2000] or False
        self._kobo_transition(("requested",), "submitted", vals)
        self.message_post(
            body=self.env._("Quote submitted by %(vendor)s.", vendor=self.env.user.partner_id.display_name)
        )
        return True
