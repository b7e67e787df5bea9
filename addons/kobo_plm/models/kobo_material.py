from odoo import api, fields, models
from odoo.exceptions import ValidationError

# Textile fibre names of Regulation (EU) No 1007/2011, Annex I (the names a label may use).
EU_FIBRES = [
    ("wool", "Wool"),
    ("alpaca", "Alpaca"),
    ("llama", "Llama"),
    ("camel", "Camel"),
    ("cashmere", "Cashmere"),
    ("mohair", "Mohair"),
    ("angora", "Angora"),
    ("vicuna", "Vicuna"),
    ("yak", "Yak"),
    ("guanaco", "Guanaco"),
    ("cashgora", "Cashgora"),
    ("beaver", "Beaver"),
    ("otter", "Otter"),
    ("animal_hair", "Animal hair"),
    ("horsehair", "Horsehair"),
    ("silk", "Silk"),
    ("cotton", "Cotton"),
    ("kapok", "Kapok"),
    ("flax", "Flax (linen)"),
    ("hemp", "True hemp"),
    ("jute", "Jute"),
    ("abaca", "Abaca"),
    ("alfa", "Alfa"),
    ("coir", "Coir"),
    ("broom", "Broom"),
    ("ramie", "Ramie"),
    ("sisal", "Sisal"),
    ("sunn", "Sunn"),
    ("henequen", "Henequen"),
    ("maguey", "Maguey"),
    ("acetate", "Acetate"),
    ("alginate", "Alginate"),
    ("cupro", "Cupro"),
    ("modal", "Modal"),
    ("protein", "Protein"),
    ("triacetate", "Triacetate"),
    ("viscose", "Viscose"),
    ("acrylic", "Acrylic"),
    ("chlorofibre", "Chlorofibre"),
    ("fluorofibre", "Fluorofibre"),
    ("modacrylic", "Modacrylic"),
    ("polyamide", "Polyamide (nylon)"),
    ("aramid", "Aramid"),
    ("polyimide", "Polyimide"),
    ("lyocell", "Lyocell"),
    ("polylactide", "Polylactide"),
    ("polyester", "Polyester"),
    ("polyethylene", "Polyethylene"),
    ("polypropylene", "Polypropylene"),
    ("polycarbamide", "Polycarbamide"),
    ("polyurethane", "Polyurethane"),
    ("vinylal", "Vinylal"),
    ("trivinyl", "Trivinyl"),
    ("elastodiene", "Elastodiene"),
    ("elastane", "Elastane"),
    ("glass", "Glass fibre"),
    ("elastomultiester", "Elastomultiester"),
    ("elastolefin", "Elastolefin"),
    ("melamine", "Melamine"),
    ("pp_pa_bicomponent", "Polypropylene/polyamide bicomponent"),
    ("polyacrylate", "Polyacrylate"),
    ("metal", "Metal fibre"),
    ("other", "Other fibres"),
]

MATERIAL_TYPES = [
    ("fabric", "Fabric"),
    ("lining", "Lining"),
    ("interlining", "Interlining"),
    ("trim", "Trim"),
    ("label", "Label"),
    ("packaging", "Packaging"),
    ("thread", "Thread"),
    ("other", "Other"),
]

CERTIFICATION_STANDARDS = [
    ("gots", "GOTS"),
    ("oeko_tex_100", "OEKO-TEX Standard 100"),
    ("grs", "GRS"),
    ("rcs", "RCS"),
    ("ocs", "OCS"),
    ("rws", "RWS"),
    ("bluesign", "bluesign"),
    ("fsc", "FSC"),
    ("bci", "Better Cotton"),
    ("other", "Other"),
]


class KoboMaterialComposition(models.Model):
    _name = "kobo.material.composition"
    _inherit = ["kobo.finite.mixin"]
    _description = "Fibre Composition Line"
    _order = "percentage desc, id"

    product_tmpl_id = fields.Many2one("product.template", required=True, ondelete="cascade", index=True)
    fibre = fields.Selection(EU_FIBRES, required=True)
    percentage = fields.Float(required=True, digits=(5, 2))

    _sql_constraints = [
        (
            "percentage_range",
            "CHECK(percentage > 0 AND percentage <= 100)",
            "A fibre share is more than 0 % and at most 100 %.",
        ),
    ]


class KoboMaterialCertification(models.Model):
    _name = "kobo.material.certification"
    _description = "Material Certification"
    _order = "expiry_date, id"

    product_tmpl_id = fields.Many2one(
        "product.template", string="Material", required=True, ondelete="cascade", index=True
    )
    standard = fields.Selection(CERTIFICATION_STANDARDS, required=True)
    certificate_number = fields.Char(required=True)
    certifier_id = fields.Many2one("res.partner", string="Certified by")
    expiry_date = fields.Date(required=True)
    is_expired = fields.Boolean(compute="_compute_is_expired", search="_search_is_expired")

    @api.depends("expiry_date")
    def _compute_is_expired(self):
        today = fields.Date.context_today(self)
        for certification in self:
            certification.is_expired = certification.expiry_date < today

    def _search_is_expired(self, operator, value):
        if operator not in ("=", "!="):
            raise ValidationError(self.env._("Search expired certificates with = or != only."))
        expired = (operator == "=") == bool(value)
        today = fields.Date.context_today(self)
        return [("expiry_date", "<" if expired else ">=", today)]

    @api.depends("standard", "certificate_number")
    def _compute_display_name(self):
        labels = dict(self._fields["standard"]._description_selection(self.env))
        for certification in self:
            certification.display_name = (
                f"{labels.get(certification.standard, '')} {certification.certificate_number or ''}"
            )
