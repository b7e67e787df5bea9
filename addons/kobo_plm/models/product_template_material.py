from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools.float_utils import float_compare

from .kobo_material import MATERIAL_TYPES


class ProductTemplate(models.Model):
    """Materials and trims: the library adds what a fabric needs on top of the product.

    Supplier prices, currency, MOQ and lead time stay in product.supplierinfo.
    """

    _inherit = "product.template"

    kobo_material_type = fields.Selection(
        MATERIAL_TYPES,
        string="Material Type",
        index=True,
        help="Set on fabrics, trims, labels… that go into garment BoMs.",
    )
    kobo_composition_ids = fields.One2many(
        "kobo.material.composition", "product_tmpl_id", string="Fibre Composition", copy=True
    )
    kobo_composition_text = fields.Char(
        string="Composition", compute="_compute_kobo_composition_text", store=True
    )
    kobo_weight_gsm = fields.Float(string="Weight (g/m²)", digits=(7, 1))
    kobo_width_cm = fields.Float(string="Usable Width (cm)", digits=(7, 1))
    kobo_construction = fields.Selection(
        [("woven", "Woven"), ("knit", "Knit"), ("nonwoven", "Non-woven"), ("other", "Other")],
        string="Construction",
    )
    kobo_shrinkage = fields.Float(string="Shrinkage (%)", digits=(5, 1))
    kobo_care_restrictions = fields.Text(string="Care Restrictions", translate=True)
    kobo_origin_country_id = fields.Many2one("res.country", string="Country of Origin")
    kobo_certification_ids = fields.One2many(
        "kobo.material.certification", "product_tmpl_id", string="Certifications", copy=False
    )
    kobo_has_expired_certificate = fields.Boolean(
        string="Expired Certificate",
        compute="_compute_kobo_has_expired_certificate",
        search="_search_kobo_has_expired_certificate",
    )

    @api.depends("kobo_composition_ids.fibre", "kobo_composition_ids.percentage")
    def _compute_kobo_composition_text(self):
        labels = dict(self.env["kobo.material.composition"]._fields["fibre"]._description_selection(self.env))
        for template in self:
            template.kobo_composition_text = ", ".join(
                f"{line.percentage:g} % {labels[line.fibre]}" for line in template.kobo_composition_ids
            )

    @api.depends("kobo_certification_ids.expiry_date")
    def _compute_kobo_has_expired_certificate(self):
        expired = self.env["kobo.material.certification"].search(
            [("product_tmpl_id", "in", self.ids), ("is_expired", "=", True)]
        )
        with_expired = set(expired.product_tmpl_id.ids)
        for template in self:
            template.kobo_has_expired_certificate = template.id in with_expired

    def _search_kobo_has_expired_certificate(self, operator, value):
        if operator not in ("=", "!="):
            raise ValidationError(self.env._("Search expired certificates with = or != only."))
        wanted = (operator == "=") == bool(value)
        expired = self.env["kobo.material.certification"].search([("is_expired", "=", True)])
        return [("id", "in" if wanted else "not in", expired.product_tmpl_id.ids)]

    @api.constrains("kobo_composition_ids")
    def _check_kobo_composition_total(self):
        for template in self:
            lines = template.kobo_composition_ids
            if not lines:
                continue
            total = sum(lines.mapped("percentage"))
            if float_compare(total, 100.0, precision_digits=2) != 0:
                raise ValidationError(
                    self.env._(
                        "%(material)s: the fibre composition adds up to %(total)s %%, it must be exactly 100 %%.",  # noqa: E501 - one translatable message
                        material=template.display_name,
                        total=f"{total:g}",
                    )
                )
            fibres = lines.mapped("fibre")
            if len(fibres) != len(set(fibres)) and "other" not in fibres:
                raise ValidationError(
                    self.env._(
                        "%(material)s: each fibre appears once in the composition.",
                        material=template.display_name,
                    )
                )
