"""Complete-the-look sets: products shown together on the channels (outfit, bundle suggestion)."""

from odoo import fields, models


class KoboLook(models.Model):
    _name = "kobo.look"
    _description = "Complete-the-Look Set"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company)
    image = fields.Image(max_width=1920, max_height=1920, help="The look as a whole (lifestyle picture).")
    product_tmpl_ids = fields.Many2many(
        "product.template",
        "kobo_look_product_template_rel",
        "look_id",
        "product_tmpl_id",
        string="Products",
        check_company=True,
        domain="[('sale_ok', '=', True)]",
    )
    product_count = fields.Integer(string="Products in Look", compute="_compute_product_count")

    def _compute_product_count(self):
        for look in self:
            look.product_count = len(look.product_tmpl_ids)
