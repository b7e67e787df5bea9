import re

from odoo import api, fields, models
from odoo.exceptions import ValidationError

HEX_COLOR = re.compile(r"^#[0-9A-F]{6}$")


class KoboColor(models.Model):
    _name = "kobo.color"
    _description = "Library Colour"
    _order = "family, standard, code"
    _rec_names_search = ["name", "code"]

    name = fields.Char(required=True, translate=True)
    standard = fields.Selection(
        [
            ("pantone_tcx", "Pantone TCX"),
            ("pantone_tpx", "Pantone TPX"),
            ("ral", "RAL"),
            ("custom", "Custom"),
        ],
        required=True,
        default="pantone_tcx",
    )
    code = fields.Char(required=True, help="The standard's reference, e.g. 19-4052 TCX.")
    hex_value = fields.Char(
        string="Hex", required=True, help="Screen approximation as #RRGGBB, shown as a swatch."
    )
    family = fields.Selection(
        [
            ("white", "White"),
            ("neutral", "Neutral"),
            ("black", "Black"),
            ("grey", "Grey"),
            ("brown", "Brown"),
            ("red", "Red"),
            ("pink", "Pink"),
            ("orange", "Orange"),
            ("yellow", "Yellow"),
            ("green", "Green"),
            ("blue", "Blue"),
            ("purple", "Purple"),
            ("multi", "Multicolour"),
        ],
        required=True,
    )
    active = fields.Boolean(default=True)
    attribute_value_ids = fields.One2many(
        "product.attribute.value", "kobo_color_id", string="Colorway Values"
    )

    _sql_constraints = [
        (
            "standard_code_unique",
            "unique(standard, code)",
            "This colour standard already has a colour with this code.",
        ),
    ]

    @api.depends("name", "code")
    def _compute_display_name(self):
        for color in self:
            color.display_name = f"{color.name} ({color.code})" if color.code else color.name

    @api.constrains("hex_value")
    def _check_hex_value(self):
        for color in self:
            if not HEX_COLOR.match(color.hex_value or ""):
                raise ValidationError(
                    self.env._(
                        "%(colour)s: the hex value %(hex)s is not a colour like #1F2A44.",
                        colour=color.name,
                        hex=color.hex_value,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [self._normalize_vals(vals) for vals in vals_list]
        self._check_codes_free(
            [(vals.get("standard", "pantone_tcx"), vals.get("code")) for vals in vals_list]
        )
        return super().create(vals_list)

    def write(self, vals):
        vals = self._normalize_vals(vals)
        if "code" in vals or "standard" in vals:
            self._check_codes_free(
                [(vals.get("standard", color.standard), vals.get("code", color.code)) for color in self],
                exclude=self,
            )
        return super().write(vals)

    def _check_codes_free(self, keys, exclude=None):
        """Name the colour that already holds a standard + code, before the unique index refuses it."""
        keys = [key for key in keys if key[1]]
        if not keys:
            return
        if len(set(keys)) < len(keys):
            raise ValidationError(
                self.env._("%(code)s appears twice in what you are saving.", code=keys[0][1])
            )
        domain = [("code", "in", [code for _standard, code in keys])]
        if exclude:
            domain.append(("id", "not in", exclude.ids))
        existing = self.with_context(active_test=False).search(domain)
        taken = {(color.standard, color.code): color for color in existing}
        for key in keys:
            if key in taken:
                raise ValidationError(
                    self.env._(
                        "%(code)s is already in the library as %(colour)s.",
                        code=key[1],
                        colour=taken[key].name,
                    )
                )

    @api.model
    def _normalize_vals(self, vals):
        # Codes and hex values are typed by hand from swatch books: compare them normalized so
        # "19-4052 tcx " and "19-4052 TCX" are the same colour.
        vals = dict(vals)
        if vals.get("code"):
            vals["code"] = " ".join(vals["code"].split()).upper()
        if vals.get("hex_value"):
            hex_value = vals["hex_value"].strip().upper()
            vals["hex_value"] = hex_value if hex_value.startswith("#") else f"#{hex_value}"
        return vals

    def _get_colorway_values(self):
        """The Colour attribute values of these library colours, created when missing."""
        attribute = self.env.ref("kobo_plm.product_attribute_colour")
        Value = self.env["product.attribute.value"]
        values = Value.search([("attribute_id", "=", attribute.id), ("kobo_color_id", "in", self.ids)])
        missing = self - values.kobo_color_id
        values |= Value.create(
            [
                {"attribute_id": attribute.id, "name": color.name, "kobo_color_id": color.id}
                for color in missing
            ]
        )
        by_color = {value.kobo_color_id: value for value in values}
        return Value.browse([by_color[color].id for color in self])
