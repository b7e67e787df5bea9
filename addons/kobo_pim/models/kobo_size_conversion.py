from odoo import api, fields, models

# The size systems a channel can expect; the same keys name the columns of a conversion line.
SIZE_SYSTEMS = [
    ("eu", "EU"),
    ("uk", "UK"),
    ("us", "US"),
    ("it", "IT"),
    ("fr", "FR"),
    ("jp", "JP"),
    ("intl", "International (XS–XL)"),
]


def _size_key(name):
    """A size's name as rows are matched across attributes: ``xs``, `` XS`` and ``XS`` agree."""
    return (name or "").strip().casefold()


class KoboSizeConversion(models.Model):
    """A size conversion table: the sizes of one attribute, for one gender and garment kind,
    in every size system. Products pick their table by product category (the most specific
    category wins); a table without categories is the default for its attribute."""

    _name = "kobo.size.conversion"
    _description = "Size Conversion Table"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    gender = fields.Selection(
        [("women", "Women"), ("men", "Men"), ("kids", "Kids"), ("unisex", "Unisex")],
        required=True,
        default="unisex",
    )
    garment_kind = fields.Selection(
        [
            ("tops", "Tops"),
            ("bottoms", "Bottoms"),
            ("dresses", "Dresses"),
            ("outerwear", "Outerwear"),
        ],
        required=True,
        default="tops",
    )
    attribute_id = fields.Many2one(
        "product.attribute",
        string="Size attribute",
        required=True,
        ondelete="cascade",
        help="The product attribute whose values are converted, e.g. Size.",
    )
    extra_attribute_ids = fields.Many2many(
        "product.attribute",
        "kobo_size_conversion_extra_attribute_rel",
        "conversion_id",
        "attribute_id",
        string="Also converts",
        help="Other size attributes this table converts, their values matched to the table's rows "
        "by name (XS is XS whatever its attribute): e.g. the Size attribute Kōbō PLM makes from "
        "its size ranges.",
    )
    source_system = fields.Selection(
        SIZE_SYSTEMS,
        required=True,
        default="eu",
        help="The size system the attribute's values are written in: a channel expecting this "
        "system gets the value's own name.",
    )
    categ_ids = fields.Many2many(
        "product.category",
        string="Product categories",
        help="Products of these categories (and their sub-categories) use this table. Leave empty to "
        "make it the default table of its size attribute.",
    )
    company_id = fields.Many2one("res.company", help="Leave empty to share the table between companies.")
    line_ids = fields.One2many("kobo.size.conversion.line", "conversion_id", string="Sizes", copy=True)

    def _category_rank(self, category):
        """How closely this table fits ``category``: the depth of the nearest of its categories
        among ``category`` and its parents (deeper is closer), 0 for a default table, None if
        it does not apply."""
        self.ensure_one()
        if not self.categ_ids:
            return 0
        ancestor_ids = [int(part) for part in (category.parent_path or "").split("/") if part]
        ranks = [ancestor_ids.index(categ.id) + 1 for categ in self.categ_ids if categ.id in ancestor_ids]
        return max(ranks) if ranks else None

    @api.model
    def _size_labels(self, products, size_system):
        """The size label of each variant in ``size_system`` (a key of ``SIZE_SYSTEMS``; empty
        for the values' own names).

        Returns ``(labels, problems)``: ``labels`` maps a variant id to its label, for variants
        that have a value of a size attribute (an attribute some table converts); ``problems``
        lists, in words a copywriter understands, the variants whose size could not be
        converted. Variants without a size attribute (a bag, a scarf) get neither. The number
        of queries does not depend on the number of variants."""
        labels = {}
        problems = []
        if not products:
            return labels, problems
        system_label = dict(SIZE_SYSTEMS).get(size_system)
        # Explicit fetches: variants of several templates are not always in one prefetch set,
        # and the display names below would otherwise read default_code one variant at a time
        products.fetch(["product_tmpl_id", "default_code", "product_template_attribute_value_ids"])
        variant_values = products.product_template_attribute_value_ids
        variant_values.fetch(["product_attribute_value_id", "name"])
        product_values = variant_values.product_attribute_value_id
        product_values.fetch(["attribute_id", "name"])
        products.product_tmpl_id.fetch(["name", "categ_id"])
        # Variants are named only in problems: their display names (the costliest part of a
        # large export) are computed at the end, at once, for the variants that have one.
        pending = []  # (variant id, function of the variant's name -> message)
        company_ids = [False, *self.env.companies.ids]
        attribute_ids = product_values.attribute_id.ids
        tables = self.search(
            [
                "|",
                ("attribute_id", "in", attribute_ids),
                ("extra_attribute_ids", "in", attribute_ids),
                ("company_id", "in", company_ids),
            ]
        )
        tables.line_ids.mapped("value_id.name")
        tables.categ_ids.mapped("parent_path")
        size_attributes = tables.attribute_id | tables.extra_attribute_ids
        lines_by_table_value = {(line.conversion_id.id, line.value_id.id): line for line in tables.line_ids}
        # a value of an attribute the table "also converts" finds its row by name
        lines_by_table_name = {
            (line.conversion_id.id, _size_key(line.value_id.name)): line for line in tables.line_ids
        }
        tables_by_attribute = {}
        for table in tables:
            for attribute in table.attribute_id | table.extra_attribute_ids:
                tables_by_attribute.setdefault(attribute.id, self.browse())
                tables_by_attribute[attribute.id] |= table
        for product in products:
            for size_value in product.product_template_attribute_value_ids.product_attribute_value_id:
                if size_value.attribute_id not in size_attributes:
                    continue
                table = self._best_table(tables_by_attribute[size_value.attribute_id.id], product.categ_id)
                if not table:
                    pending.append(
                        (
                            product.id,
                            lambda name, category=product.categ_id.display_name: self.env._(
                                "variant %(variant)s: no size conversion table for category %(category)s",
                                variant=name,
                                category=category,
                            ),
                        )
                    )
                    continue
                line = lines_by_table_value.get((table.id, size_value.id)) or lines_by_table_name.get(
                    (table.id, _size_key(size_value.name))
                )
                if not size_system or table.source_system == size_system:
                    labels[product.id] = (size_system and line and line[size_system]) or size_value.name
                elif not line:
                    pending.append(
                        (
                            product.id,
                            lambda name, size=size_value.name, table=table.name: self.env._(
                                "variant %(variant)s: size %(size)s is not in table %(table)s",
                                variant=name,
                                size=size,
                                table=table,
                            ),
                        )
                    )
                elif not line[size_system]:
                    pending.append(
                        (
                            product.id,
                            lambda name, table=table.name: self.env._(
                                "variant %(variant)s: no %(system)s size in table %(table)s",
                                variant=name,
                                system=system_label,
                                table=table,
                            ),
                        )
                    )
                else:
                    labels[product.id] = line[size_system]
                break
        if pending:
            named = products.browse(list(dict.fromkeys(product_id for product_id, _message in pending)))
            names = dict(zip(named.ids, named.mapped("display_name"), strict=True))
            problems = [message(names[product_id]) for product_id, message in pending]
        return labels, problems

    def _best_table(self, tables, category):
        """The table among ``tables`` that fits ``category`` most closely (first by sequence on a tie)."""
        best, best_rank = self.browse(), None
        for table in tables:
            rank = table._category_rank(category)
            if rank is not None and (best_rank is None or rank > best_rank):
                best, best_rank = table, rank
        return best
