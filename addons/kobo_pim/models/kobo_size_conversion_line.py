from odoo import api, fields, models
from odoo.exceptions import ValidationError


class KoboSizeConversionLine(models.Model):
    _name = "kobo.size.conversion.line"
    _description = "Size Conversion Row"
    _order = "conversion_id, sequence, id"

    conversion_id = fields.Many2one(
        "kobo.size.conversion", string="Table", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    attribute_id = fields.Many2one(related="conversion_id.attribute_id")
    value_id = fields.Many2one(
        "product.attribute.value",
        string="Size",
        required=True,
        ondelete="cascade",
        domain="[('attribute_id', '=', attribute_id)]",
    )
    eu = fields.Char(string="EU")
    uk = fields.Char(string="UK")
    us = fields.Char(string="US")
    it = fields.Char(string="IT")
    fr = fields.Char(string="FR")
    jp = fields.Char(string="JP")
    intl = fields.Char(string="International")

    # A backstop for concurrent saves; _check_duplicates gives the message naming the row.
    _sql_constraints = [
        ("conversion_value_unique", "unique(conversion_id, value_id)", "A size appears only once per table."),
    ]

    @api.constrains("value_id", "conversion_id")
    def _check_value_attribute(self):
        for line in self:
            if line.value_id.attribute_id != line.conversion_id.attribute_id:
                raise ValidationError(
                    self.env._(
                        "Table %(table)s, row %(size)s: %(size)s is a value of %(attribute)s, "
                        "not of the table's size attribute %(size_attribute)s.",
                        table=line.conversion_id.name,
                        size=line.value_id.name,
                        attribute=line.value_id.attribute_id.name,
                        size_attribute=line.conversion_id.attribute_id.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        self._check_duplicates([(vals.get("conversion_id"), vals.get("value_id")) for vals in vals_list])
        return super().create(vals_list)

    def write(self, vals):
        if "value_id" in vals or "conversion_id" in vals:
            self._check_duplicates(
                [
                    (vals.get("conversion_id", line.conversion_id.id), vals.get("value_id", line.value_id.id))
                    for line in self
                ],
                exclude=self,
            )
        return super().write(vals)

    @api.model
    def _check_duplicates(self, pairs, exclude=None):
        """Refuse a size twice in one table, naming the table and the size, before the
        database's unique constraint does it without names."""
        pairs = [pair for pair in pairs if all(pair)]
        if not pairs:
            return
        seen = set()
        duplicates = {pair for pair in pairs if pair in seen or seen.add(pair)}
        existing = self.search(
            [
                ("conversion_id", "in", list({pair[0] for pair in pairs})),
                ("value_id", "in", list({pair[1] for pair in pairs})),
                ("id", "not in", (exclude or self.browse()).ids),
            ]
        )
        duplicates |= {(line.conversion_id.id, line.value_id.id) for line in existing} & set(pairs)
        if duplicates:
            conversion_id, value_id = sorted(duplicates)[0]
            raise ValidationError(
                self.env._(
                    "Table %(table)s, row %(size)s: the size %(size)s is already in this table.",
                    table=self.env["kobo.size.conversion"].browse(conversion_id).name,
                    size=self.env["product.attribute.value"].browse(value_id).name,
                )
            )
