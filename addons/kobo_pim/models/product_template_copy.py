"""What a product says on the channels: copy (translatable, Odoo's own translation storage) and
the product facts the channels ask for. Per-channel overrides live in ``kobo.channel.copy``."""

from markupsafe import Markup

from odoo import api, fields, models
from odoo.addons.kobo_base.care import (
    EXAMPLE_CODES,
    care_image_url,
    care_meaning,
    split_care_codes,
    unknown_care_codes,
)
from odoo.exceptions import ValidationError

PIM_USERS = "kobo_pim.group_kobo_pim_user"

# The copy fields, in the order screens, exports and translation files list them.
COPY_FIELDS = (
    "kobo_marketing_name",
    "kobo_description",
    "kobo_bullet_points",
    "kobo_seo_title",
    "kobo_seo_description",
    "kobo_seo_keywords",
)

GENDERS = [("female", "Female"), ("male", "Male"), ("unisex", "Unisex")]
AGE_GROUPS = [
    ("newborn", "Newborn"),
    ("infant", "Infant"),
    ("toddler", "Toddler"),
    ("kids", "Kids"),
    ("adult", "Adult"),
]


class ProductTemplate(models.Model):
    _inherit = "product.template"

    # Copy, translated with Odoo's own storage (one JSONB value per field, a key per language).
    kobo_marketing_name = fields.Char(
        string="Marketing Name", translate=True, help="The product's name on the channels (titles, feeds)."
    )
    kobo_description = fields.Html(
        string="Marketing Description", translate=True, sanitize_attributes=True, sanitize_style=True
    )
    kobo_bullet_points = fields.Text(
        string="Bullet Points", translate=True, help="One selling point per line, as marketplaces list them."
    )
    kobo_seo_title = fields.Char(string="SEO Title", translate=True)
    kobo_seo_description = fields.Text(string="SEO Description", translate=True)
    kobo_seo_keywords = fields.Char(string="SEO Keywords", translate=True, help="Comma-separated.")

    # Facts the channels require (Google apparel: brand, gender, age group, item group).
    kobo_brand = fields.Char(string="Brand")
    kobo_gender = fields.Selection(GENDERS, string="Gender")
    kobo_age_group = fields.Selection(AGE_GROUPS, string="Age Group")
    kobo_item_group = fields.Char(
        string="Item Group",
        help="What groups the variants of one product on the channels (Google's item_group_id); "
        "the style number when the product comes from development.",
    )
    kobo_season_name = fields.Char(string="Collection", help="Season or collection, e.g. AW27.")
    kobo_composition_label = fields.Char(
        string="Composition Label", translate=True, help="Fibre composition as the care label says it."
    )
    kobo_care_text = fields.Text(string="Care Instructions", translate=True)
    kobo_care_symbols = fields.Char(
        string="Care Symbols", help="ISO 3758 symbol codes, comma-separated, e.g. W30, BX, TDX, I2, PX."
    )
    kobo_care_symbols_html = fields.Html(
        string="Care Label",
        compute="_compute_kobo_care_symbols_html",
        sanitize=False,
        help="The care symbols as pictures with their meaning in your language.",
    )
    kobo_country_of_origin_id = fields.Many2one("res.country", string="Made In")
    kobo_size_chart = fields.Html(string="Size Chart", translate=True, sanitize_attributes=True)
    kobo_suggested_retail_price = fields.Monetary(string="Suggested Retail Price", groups=PIM_USERS)
    kobo_suggested_wholesale_price = fields.Monetary(string="Suggested Wholesale Price", groups=PIM_USERS)
    kobo_pim_certification_ids = fields.One2many(
        "kobo.pim.certification", "product_tmpl_id", string="Claimed Certifications", groups=PIM_USERS
    )

    @api.depends("kobo_care_symbols")
    @api.depends_context("lang")
    def _compute_kobo_care_symbols_html(self):
        for product in self:
            items = []
            for code in split_care_codes(product.kobo_care_symbols):
                meaning = care_meaning(self.env, code)
                if not meaning:
                    items.append(Markup('<li class="mb-1"><code>%s</code></li>') % code)
                    continue
                items.append(
                    Markup(
                        '<li class="d-flex align-items-center mb-1">'
                        '<img src="%(src)s" alt="%(meaning)s" title="%(code)s" width="32" height="32" '
                        'class="me-2 flex-shrink-0"/><span>%(meaning)s</span></li>'
                    )
                    % {"src": care_image_url(code), "meaning": meaning, "code": code}
                )
            product.kobo_care_symbols_html = (
                Markup('<ul class="list-unstyled mb-0">%s</ul>') % Markup().join(items) if items else False
            )

    @api.constrains("kobo_care_symbols")
    def _check_kobo_care_symbols(self):
        for product in self:
            unknown = unknown_care_codes(product.kobo_care_symbols)
            if unknown:
                raise ValidationError(
                    self.env._(
                        "%(product)s: unknown care symbol %(codes)s: use ISO 3758 codes such as "
                        "%(examples)s",
                        product=product.display_name,
                        codes=", ".join(f"'{code}'" for code in unknown),
                        examples=", ".join(EXAMPLE_CODES) + ", …",
                    )
                )
