from odoo import fields, models


class KoboPimCertification(models.Model):
    """A certification a product may claim on the channels (GOTS, OEKO-TEX…), with its expiry."""

    _name = "kobo.pim.certification"
    _description = "Product Certification"
    _order = "product_tmpl_id, name"

    product_tmpl_id = fields.Many2one(
        "product.template", required=True, ondelete="cascade", index=True, kobo_immutable=True
    )
    name = fields.Char(string="Certification", required=True)
    reference = fields.Char(string="Certificate Number")
    date_expiry = fields.Date(string="Expires On")
    expired = fields.Boolean(compute="_compute_expired")

    def _compute_expired(self):
        today = fields.Date.context_today(self)
        for certification in self:
            certification.expired = bool(certification.date_expiry and certification.date_expiry < today)
