from odoo import api, fields, models


class ProductAttributeValue(models.Model):
    _inherit = "product.attribute.value"

    kobo_color_id = fields.Many2one(
        "kobo.color",
        string="Library Colour",
        index="btree_not_null",
        help="The library colour this colorway is dyed to; its hex value becomes the swatch.",
    )

    @api.onchange("kobo_color_id")
    def _onchange_kobo_color_id(self):
        if self.kobo_color_id:
            self.html_color = self.kobo_color_id.hex_value

    @api.model_create_multi
    def create(self, vals_list):
        # Any iterable is accepted (Odoo's own callers pass generators): read it once, and leave
        # the caller's dicts as they were.
        vals_list = list(vals_list)
        colors = self.env["kobo.color"].browse(
            {vals["kobo_color_id"] for vals in vals_list if vals.get("kobo_color_id")}
        )
        hex_by_color = {color.id: color.hex_value for color in colors}
        vals_list = [
            dict(vals, html_color=hex_by_color[vals["kobo_color_id"]])
            if vals.get("kobo_color_id") and not vals.get("html_color")
            else vals
            for vals in vals_list
        ]
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("kobo_color_id") and "html_color" not in vals:
            vals = dict(vals, html_color=self.env["kobo.color"].browse(vals["kobo_color_id"]).hex_value)
        return super().write(vals)
