"""One requirement of a channel's profile: a product field, GTINs, colour, size, images…"""

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .product_template_copy import AGE_GROUPS, GENDERS

# The product fields the completeness engine knows how to read (product.template columns).
# Translatable ones are checked per locale; the rest once, and reported in every locale.
RULE_FIELDS = [
    ("name", "Product name"),
    ("kobo_marketing_name", "Title (marketing name)"),
    ("kobo_description", "Description"),
    ("kobo_bullet_points", "Bullet points"),
    ("kobo_seo_title", "SEO title"),
    ("kobo_seo_description", "SEO description"),
    ("kobo_seo_keywords", "SEO keywords"),
    ("kobo_composition_label", "Composition"),
    ("kobo_care_text", "Care instructions"),
    ("kobo_size_chart", "Size chart"),
    ("kobo_brand", "Brand"),
    ("kobo_gender", "Gender"),
    ("kobo_age_group", "Age group"),
    ("kobo_item_group", "Item group"),
    ("kobo_season_name", "Collection"),
    ("kobo_care_symbols", "Care symbols"),
    ("kobo_country_of_origin_id", "Country of origin"),
    ("kobo_suggested_retail_price", "Suggested retail price"),
    ("kobo_suggested_wholesale_price", "Suggested wholesale price"),
    ("list_price", "Sales price"),
]
# Fields whose value is a list, one item a line: lengths apply to each item, counts to the list.
LIST_FIELDS = ("kobo_bullet_points",)
# Fields whose allowed values are fixed by Odoo already (shown as a hint on the rule).
FIXED_VALUES = {"kobo_gender": GENDERS, "kobo_age_group": AGE_GROUPS}

CHECKS = [
    ("field", "Product field"),
    ("gtin", "GTIN on every variant"),
    ("gtin_or_mpn", "GTIN or MPN on every variant"),
    ("color", "Colour on every variant"),
    ("size", "Size on every variant"),
    ("image", "Images"),
    ("category", "Channel category (taxonomy)"),
    ("price", "Price on the channel's pricelist"),
    ("certification", "Claimed certifications not expired"),
]


class KoboRequirementRule(models.Model):
    _name = "kobo.requirement.rule"
    _inherit = ["kobo.completeness.input"]
    _description = "Channel Requirement"
    _order = "profile_id, sequence, id"

    profile_id = fields.Many2one("kobo.requirement.profile", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    check = fields.Selection(CHECKS, required=True, default="field")
    field_name = fields.Selection(RULE_FIELDS, string="Field")
    label = fields.Char(
        translate=True,
        help="How the message names what is checked, e.g. 'title' in 'fr_FR: title missing'. "
        "Empty: the field's name.",
    )
    required = fields.Boolean(default=True, help="Unticked: checked only when filled in.")
    min_length = fields.Integer(
        string="Minimum Length", help="Characters (Html is measured as text); 0: no minimum."
    )
    max_length = fields.Integer(
        string="Maximum Length", help="Characters; 0: no maximum. Bullet points: per line."
    )
    min_count = fields.Integer(
        string="Minimum Count", help="Bullet points: lines; images: images. 0: one when required."
    )
    max_count = fields.Integer(
        string="Maximum Count", help="Bullet points: at most this many lines; 0: no maximum."
    )
    allowed_values = fields.Char(help="Comma-separated values the field may take, e.g. female, male, unisex.")
    image_role = fields.Selection(
        selection=lambda self: self.env["kobo.asset"]._fields["role"].selection,
        help="Only images of this role count; empty: any role.",
    )
    image_min_width = fields.Integer(string="Minimum width (px)")
    image_min_height = fields.Integer(string="Minimum height (px)")
    image_min_longest_side = fields.Integer(string="Minimum longest side (px)")
    per_locale = fields.Boolean(
        compute="_compute_per_locale",
        help="Translatable fields are checked in each of the channel's locales.",
    )

    @api.depends("check", "field_name")
    def _compute_per_locale(self):
        Template = self.env["product.template"]
        for rule in self:
            field = Template._fields.get(rule.field_name) if rule.check == "field" else None
            rule.per_locale = bool(field and field.translate)

    @api.constrains("check", "field_name", "min_length", "max_length", "min_count", "max_count")
    def _check_rule(self):
        for rule in self:
            if rule.check == "field" and not rule.field_name:
                raise ValidationError(
                    self.env._(
                        "Profile %(profile)s: a product field rule needs the field it checks.",
                        profile=rule.profile_id.name,
                    )
                )
            numbers = {
                "min_length": rule.min_length,
                "max_length": rule.max_length,
                "min_count": rule.min_count,
                "max_count": rule.max_count,
                "image_min_width": rule.image_min_width,
                "image_min_height": rule.image_min_height,
                "image_min_longest_side": rule.image_min_longest_side,
            }
            negative = [name for name, value in numbers.items() if value < 0]
            if negative:
                raise ValidationError(
                    self.env._(
                        "Profile %(profile)s, rule %(rule)s: %(field)s cannot be negative.",
                        profile=rule.profile_id.name,
                        rule=rule._kobo_label(),
                        field=self._fields[negative[0]]._description_string(self.env),
                    )
                )
            if rule.max_length and rule.min_length > rule.max_length:
                raise ValidationError(
                    self.env._(
                        "Profile %(profile)s, rule %(rule)s: the minimum length %(min)s is above the "
                        "maximum %(max)s.",
                        profile=rule.profile_id.name,
                        rule=rule._kobo_label(),
                        min=rule.min_length,
                        max=rule.max_length,
                    )
                )

    def _kobo_outdate_completeness(self):
        channels = self.profile_id.with_context(active_test=False).channel_ids
        self.env["kobo.completeness"]._kobo_mark_channels_dirty(channels)

    def _kobo_label(self):
        """What the messages call the checked thing ('title', 'GTIN', 'front image'…)."""
        self.ensure_one()
        if self.label:
            return self.label
        if self.check == "field":
            return dict(self._fields["field_name"]._description_selection(self.env)).get(
                self.field_name, self.field_name or ""
            )
        return dict(self._fields["check"]._description_selection(self.env))[self.check]

    def _kobo_allowed_values(self):
        return [value.strip() for value in (self.allowed_values or "").split(",") if value.strip()]
