"""Retailer spreadsheet templates: the columns a retailer's line sheet has, in its order.

A column's *source* is one key of ``SOURCE_KEYS`` (the values of one variant row) or a short
Python expression over those keys, evaluated by Odoo's ``safe_eval`` rules with only the row's
values in scope (vetted and compiled once per export: ``safe_expression.SafeExpression``).
Value mappings translate our value into the retailer's (Navy → DARK BLUE).
"""

import ast

from odoo import api, fields, models
from odoo.addons.kobo_pim.models.kobo_size_conversion import SIZE_SYSTEMS
from odoo.exceptions import ValidationError

#: How many image URL keys (image_url_1 .. image_url_N) a template can use.
IMAGE_URL_COUNT = 8

#: The values of one row (one variant), by key; the label is what the template form shows.
SOURCE_KEYS = {
    "sku": "SKU (variant internal reference)",
    "gtin": "GTIN / EAN (variant barcode)",
    "item_group": "Item group / style number",
    "product_name": "Product name",
    "name": "Marketing name (copy, in the template's locale)",
    "description": "Description (copy, plain text)",
    "bullet_points": "Bullet points (copy, joined with ' | ')",
    "brand": "Brand",
    "gender": "Gender",
    "age_group": "Age group",
    "season": "Season / collection",
    "colour": "Colour (the variant's colour value)",
    "size": "Size (in the template's or channel's size system)",
    "composition": "Composition",
    "care": "Care instructions",
    "care_symbols": "Care symbols (ISO 3758 codes)",
    "country_of_origin": "Country of origin (ISO code)",
    "country_of_origin_name": "Country of origin (name)",
    "price": "Price on the channel's pricelist",
    "regular_price": "Regular price on the channel's pricelist (without dated sale rules)",
    "currency": "Currency of the channel's pricelist",
    "suggested_retail_price": "Suggested retail price",
    "suggested_wholesale_price": "Suggested wholesale price",
    **{f"image_url_{n}": f"Image URL {n}" for n in range(1, IMAGE_URL_COUNT + 1)},
}

#: Functions and constants an expression may use besides the row's keys.
EXPRESSION_NAMES = {
    "str",
    "int",
    "float",
    "round",
    "len",
    "min",
    "max",
    "abs",
    "bool",
    "True",
    "False",
    "None",
}

CSV_DELIMITERS = [(",", "Comma (,)"), (";", "Semicolon (;)"), ("\t", "Tab")]
CSV_ENCODINGS = [
    ("utf-8-sig", "UTF-8 with BOM (Excel)"),
    ("utf-8", "UTF-8"),
    ("cp1252", "Windows-1252 (Western European)"),
]


def source_names(source):
    """The names an expression reads (its own comprehension variables excepted); raises
    SyntaxError when ``source`` is not a Python expression."""
    tree = ast.parse(source.strip(), mode="eval")
    loaded, bound = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            (loaded if isinstance(node.ctx, ast.Load) else bound).add(node.id)
        elif isinstance(node, ast.Attribute) and node.attr.startswith("_"):
            loaded.add(node.attr)
    return loaded - bound


class KoboSpreadsheetTemplate(models.Model):
    _name = "kobo.spreadsheet.template"
    _description = "Retailer spreadsheet template"
    _order = "channel_id, sequence, id"

    name = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    channel_id = fields.Many2one(
        "kobo.channel",
        required=True,
        ondelete="cascade",
        index=True,
        domain=[("connector", "=", "spreadsheet")],
        help="The retailer channel whose listed products the spreadsheet holds.",
        kobo_immutable=True,
    )
    company_id = fields.Many2one(related="channel_id.company_id", store=True, index=True)
    column_ids = fields.One2many("kobo.spreadsheet.column", "template_id", string="Columns", copy=True)
    lang_id = fields.Many2one(
        "res.lang",
        string="Locale",
        help="Language of the copy, colours, composition and care; empty: the channel's first locale.",
    )
    size_system = fields.Selection(SIZE_SYSTEMS, help="Size system of the Size column; empty: the channel's.")
    sheet_name = fields.Char(default="Products", required=True)
    csv_delimiter = fields.Selection(CSV_DELIMITERS, string="CSV Delimiter", default=",", required=True)
    csv_encoding = fields.Selection(CSV_ENCODINGS, string="CSV Encoding", default="utf-8-sig", required=True)
    scheduled_format = fields.Selection(
        [("xlsx", "XLSX"), ("csv", "CSV"), ("none", "No scheduled export")],
        default="xlsx",
        required=True,
        help="What the nightly export stores on the channel.",
    )
    problem = fields.Char(
        compute="_compute_problem", help="Why the template cannot be exported as it is (none when it can)."
    )

    # Computes

    @api.depends("column_ids.source", "column_ids.header", "column_ids.sequence")
    def _compute_problem(self):
        for template in self:
            problems = [column._kobo_source_problem() for column in template.column_ids]
            problems = [problem for problem in problems if problem]
            if not template.column_ids:
                problems.append(self.env._("The template has no columns."))
            template.problem = " ".join(problems) or False

    # Business methods

    def _kobo_lang(self):
        """The locale code of the copy: the template's, else the channel's first, else English."""
        self.ensure_one()
        return self.lang_id.code or self.channel_id.lang_ids[:1].code or "en_US"

    def _kobo_size_system(self):
        self.ensure_one()
        return self.size_system or self.channel_id.size_system or False

    def _kobo_check_exportable(self):
        """Raise a ValidationError naming the columns at fault when the template cannot be
        exported (nothing is written then: the last exported file stays as it was)."""
        for template in self:
            if template.problem:
                raise ValidationError(
                    self.env._(
                        "The spreadsheet template %(template)s cannot be exported: %(problem)s",
                        template=template.display_name,
                        problem=template.problem,
                    )
                )


class KoboSpreadsheetColumn(models.Model):
    _name = "kobo.spreadsheet.column"
    _description = "Retailer spreadsheet column"
    _order = "template_id, sequence, id"

    template_id = fields.Many2one(
        "kobo.spreadsheet.template", required=True, ondelete="cascade", index=True, kobo_immutable=True
    )
    sequence = fields.Integer(default=10)
    header = fields.Char(required=True, help="The column's heading in the retailer's sheet.")
    source = fields.Char(
        required=True,
        help="A field key (sku, gtin, name, colour, size, price, image_url_1, ...) or an expression over "
        "them, e.g. brand + ' ' + name, or round(price * 2.2, 2).",
    )
    required = fields.Boolean(
        help="A variant with this column empty is not listed (an issue names the column)."
    )
    value_map_ids = fields.One2many(
        "kobo.spreadsheet.value.map", "column_id", string="Value Mappings", copy=True
    )

    # Constraints

    @api.constrains("source", "header")
    def _check_source(self):
        for column in self:
            problem = column._kobo_source_problem()
            if problem:
                raise ValidationError(problem)

    # Business methods

    def _kobo_position(self):
        """``Column 3 "Colour"``: how messages name a column (its place among the template's)."""
        self.ensure_one()
        columns = self.template_id.column_ids.sorted(lambda column: (column.sequence, column.id))
        position = columns.ids.index(self.id) + 1 if self.id in columns.ids else len(columns) + 1
        return self.env._('Column %(position)s "%(header)s"', position=position, header=self.header or "")

    def _kobo_is_key(self):
        self.ensure_one()
        return (self.source or "").strip() in SOURCE_KEYS

    def _kobo_source_problem(self):
        """Why the column's source cannot be read, in words naming the column; False if it can."""
        self.ensure_one()
        source = (self.source or "").strip()
        if not source or source in SOURCE_KEYS:
            return False
        try:
            names = source_names(source)
        except SyntaxError as error:
            return self.env._(
                "%(column)s: %(expression)s is neither a known field nor a valid expression (%(error)s).",
                column=self._kobo_position(),
                expression=source,
                error=error.msg,
            )
        unknown = sorted(names - set(SOURCE_KEYS) - EXPRESSION_NAMES)
        if unknown:
            return self.env._(
                "%(column)s: unknown field %(unknown)s. Known fields: %(known)s.",
                column=self._kobo_position(),
                unknown=", ".join(unknown),
                known=", ".join(SOURCE_KEYS),
            )
        return False

    def _kobo_source_keys(self):
        """The row keys this column reads."""
        self.ensure_one()
        source = (self.source or "").strip()
        if source in SOURCE_KEYS:
            return {source}
        try:
            return source_names(source) & set(SOURCE_KEYS)
        except SyntaxError:
            return set()


class KoboSpreadsheetValueMap(models.Model):
    _name = "kobo.spreadsheet.value.map"
    _description = "Retailer spreadsheet value mapping"
    _order = "column_id, id"

    column_id = fields.Many2one(
        "kobo.spreadsheet.column", required=True, ondelete="cascade", index=True, kobo_immutable=True
    )
    our_value = fields.Char(required=True, help="Our value as the row has it (compared ignoring case).")
    retailer_value = fields.Char(help="What the retailer's sheet gets instead (may be empty).")

    _sql_constraints = [
        ("our_value_unique", "unique(column_id, our_value)", "A value is mapped once per column."),
    ]
