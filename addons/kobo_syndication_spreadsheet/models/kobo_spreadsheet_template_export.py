"""Rows of a retailer spreadsheet, built in batches, and the XLSX / CSV writers.

Memory stays flat with the catalogue: variants are read ``EXPORT_BATCH`` at a time with
everything a batch needs prefetched (the query count depends on the number of batches, not of
variants), the cache is emptied after each batch, and xlsxwriter's constant-memory mode
flushes each row to disk as it is written.

The values that are the product's approved content (names, copy, colour, size, identifiers, the
channel's prices) come from the approved snapshot (``kobo.snapshot``) in the template's language,
as every channel shows them; the retailer's own columns (brand, composition, suggested prices,
images...) are read here.
"""

import csv
import os
import tempfile

import xlsxwriter

from odoo import models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import split_every

from ..safe_expression import SafeExpression
from .kobo_spreadsheet_template import IMAGE_URL_COUNT, SOURCE_KEYS

#: Variants read, and their rows built, at a time.
EXPORT_BATCH = 1000
#: Products whose variant ids are looked up at a time when the whole sheet is written (only
#: the products' ids are held for the whole export, never every variant's).
VARIANT_ID_PAGE = 200

#: A text cell starting with one of these is a formula to Excel / LibreOffice (OWASP CSV
#: injection); in a CSV such a cell gets a leading apostrophe.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
#: Excel's limit for one cell; xlsxwriter cuts a longer text without a word (and Excel cuts a
#: CSV's), so a longer cell is refused, naming the product and the column.
MAX_CELL_CHARACTERS = 32_767

PRICE_KEYS = {"price", "regular_price", "currency"}
IMAGE_KEYS = {f"image_url_{n}" for n in range(1, IMAGE_URL_COUNT + 1)}
TEMPLATE_FIELDS = {
    "item_group": "kobo_item_group",
    "brand": "kobo_brand",
    "gender": "kobo_gender",
    "age_group": "kobo_age_group",
    "season": "kobo_season_name",
    "composition": "kobo_composition_label",
    "care": "kobo_care_text",
    "care_symbols": "kobo_care_symbols",
    "suggested_retail_price": "kobo_suggested_retail_price",
    "suggested_wholesale_price": "kobo_suggested_wholesale_price",
}
SELECTION_KEYS = {"gender", "age_group"}
NUMBER_KEYS = {"price", "regular_price", "suggested_retail_price", "suggested_wholesale_price"}


class KoboSpreadsheetTemplate(models.Model):
    _inherit = "kobo.spreadsheet.template"

    # Columns

    def _kobo_compiled_columns(self):
        """``[(column, source, expression, {our value lower: retailer value})]`` in sheet order,
        read once so that the rows do not touch the column records (the cache is emptied per
        batch). ``expression`` is None for a field key, else the source vetted and compiled by
        ``safe_eval``'s rules once for the whole export (``SafeExpression``), not once per row."""
        self.ensure_one()
        compiled = []
        for column in self.column_ids.sorted(lambda column: (column.sequence, column.id)):
            mapping = {
                line.our_value.strip().lower(): line.retailer_value or "" for line in column.value_map_ids
            }
            source = column.source.strip()
            expression = None if column._kobo_is_key() else SafeExpression(source)
            compiled.append((column, source, expression, mapping))
        return compiled

    def _kobo_needed_keys(self):
        self.ensure_one()
        keys = set()
        for column in self.column_ids:
            keys |= column._kobo_source_keys()
        return keys

    def _kobo_cells(self, compiled, values, label):
        """The cells of one row; an expression that fails, or a text longer than a cell holds,
        raises a ValidationError naming the column and the variant (``label``)."""
        cells = []
        for column, source, expression, mapping in compiled:
            if expression is None:
                value = values[source]
            else:
                try:
                    # safe_eval(source, {}, values): the values copied, checked, then evaluated
                    value = expression({}, values)
                except Exception as error:  # safe_eval wraps most errors in ValueError, not all
                    raise ValidationError(
                        self.env._(
                            "%(column)s cannot be computed for %(variant)s: %(error)s",
                            column=column._kobo_position(),
                            variant=label,
                            error=str(error).splitlines()[0],
                        )
                    ) from error
            if isinstance(value, str) and mapping:
                value = mapping.get(value.strip().lower(), value)
            if isinstance(value, str) and len(value) > MAX_CELL_CHARACTERS:
                raise ValidationError(
                    self.env._(
                        "%(column)s of %(variant)s holds %(length)s characters; a spreadsheet cell holds "
                        "at most %(max)s: shorten the text.",
                        column=column._kobo_position(),
                        variant=label,
                        length=f"{len(value):,}",
                        max=f"{MAX_CELL_CHARACTERS:,}",
                    )
                )
            cells.append(value)
        return cells

    # Rows

    def _kobo_variant_ids(self, templates):
        """Ids of the active variants of ``templates`` in the sheet's stable order (product,
        then variant)."""
        return (
            self.env["product.product"]
            .search([("product_tmpl_id", "in", templates.ids)], order="product_tmpl_id, id")
            .ids
        )

    def _kobo_iter_variant_ids(self, templates):
        """The ids of ``_kobo_variant_ids(templates)``, in the same order, looked up
        ``VARIANT_ID_PAGE`` products at a time (memory: the products' ids, not the variants')."""
        for template_ids in split_every(VARIANT_ID_PAGE, sorted(templates.ids)):
            yield from self._kobo_variant_ids(templates.browse(template_ids))

    def _kobo_listed_templates(self):
        """The products of the channel listed on it: published, or queued to be published."""
        self.ensure_one()
        listings = self.env["kobo.listing"].search_fetch(
            [
                ("channel_id", "=", self.channel_id.id),
                "|",
                ("state", "=", "published"),
                "&",
                ("state", "=", "queued"),
                ("operation", "=", "publish"),
            ],
            ["product_tmpl_id"],
        )
        return listings.product_tmpl_id

    def _kobo_iter_rows(self, variant_ids):
        """Yield ``(variant id, label, values, cells)`` for ``variant_ids`` in their order."""
        compiled = self._kobo_compiled_columns()
        for variant_id, label, values in self._kobo_iter_source_rows(variant_ids):
            yield variant_id, label, values, self._kobo_cells(compiled, values, label)

    def _kobo_iter_source_rows(self, variant_ids, batch_size=EXPORT_BATCH):
        """Yield ``(variant id, label, {key: value})`` for ``variant_ids`` (any iterable) in
        their order, one batch of variants read at a time."""
        self.ensure_one()
        keys = self._kobo_needed_keys()
        channel = self.channel_id
        lang = self._kobo_lang()
        size_system = self._kobo_size_system()
        for batch_ids in split_every(batch_size, variant_ids):
            yield from self._kobo_source_rows(channel, list(batch_ids), keys, lang, size_system)
            # The next batch starts with an empty cache (flushing first: nothing is lost).
            self.env.invalidate_all()

    def _kobo_source_rows(self, channel, variant_ids, keys, lang, size_system):
        """``[(variant id, label, {key: value})]`` for one batch: every key of ``SOURCE_KEYS``
        (those the template does not read are left empty, so expressions see them all)."""
        Product = self.env["product.product"].with_context(lang=lang)
        variants = Product.browse(variant_ids)
        variants.fetch(["default_code", "barcode", "product_tmpl_id", "product_template_attribute_value_ids"])
        templates = variants.product_tmpl_id
        template_fields = ["name", *(TEMPLATE_FIELDS[key] for key in keys & set(TEMPLATE_FIELDS))]
        if keys & {"country_of_origin", "country_of_origin_name"}:
            template_fields.append("kobo_country_of_origin_id")
        templates.fetch(template_fields)
        if keys & {"country_of_origin", "country_of_origin_name"}:
            templates.kobo_country_of_origin_id.fetch(["code", "name"])
        # The approved snapshot in the sheet's language: copy, colours, sizes, identifiers and
        # the channel's prices come from it, as every channel shows them (issue 17).
        snapshots = self.env["kobo.snapshot"]._kobo_build(templates, channel, [lang])
        rows_by_variant = {
            row["variant"].id: (snapshot, row)
            for snapshot in snapshots.values()
            for row in snapshot["variants"]
        }
        if keys & PRICE_KEYS:
            price_problem = next(
                (
                    problem["message"]
                    for snapshot in snapshots.values()
                    for problem in snapshot["problems"]
                    if problem["field"] == "price"
                ),
                None,
            )
            if price_problem:
                raise UserError(price_problem)
        # A template in a size system of its own (not the channel's) converts its sizes itself.
        own_size_system = (size_system or False) != (channel.size_system or False)
        sizes = (
            self.env["kobo.size.conversion"]._size_labels(variants, size_system)[0]
            if "size" in keys and own_size_system
            else {}
        )
        colours = self._kobo_colours(variants) if keys & IMAGE_KEYS else {}
        images = self._kobo_image_urls(channel, variants, colours) if keys & IMAGE_KEYS else {}
        selections = {
            key: dict(
                Product.env["product.template"]
                ._fields[TEMPLATE_FIELDS[key]]
                ._description_selection(Product.env)
            )
            for key in keys & SELECTION_KEYS
        }
        rows = []
        for variant in variants:
            template = variant.product_tmpl_id
            snapshot, row = rows_by_variant[variant.id]
            values = dict.fromkeys(SOURCE_KEYS, "")
            for key in NUMBER_KEYS:
                values[key] = None
            values.update(
                sku=row["code"],
                gtin=row["gtin"],
                product_name=snapshot["name"],
                colour="/".join(row["colours"]),
                size=sizes.get(variant.id, "") if own_size_system else row["size"],
            )
            for key in keys & set(TEMPLATE_FIELDS):
                value = template[TEMPLATE_FIELDS[key]]
                if key in SELECTION_KEYS:
                    value = selections[key].get(value, "")
                values[key] = value if key in NUMBER_KEYS else (value or "")
            if keys & {"country_of_origin", "country_of_origin_name"}:
                values["country_of_origin"] = template.kobo_country_of_origin_id.code or ""
                values["country_of_origin_name"] = template.kobo_country_of_origin_id.name or ""
            values["name"] = snapshot["title"]
            values["description"] = snapshot["description"]
            values["bullet_points"] = " | ".join(
                line.strip()
                for line in (snapshot["copy"].get("kobo_bullet_points") or "").splitlines()
                if line.strip()
            )
            price = row["price"]
            if price:
                values.update(
                    price=price["price"],
                    regular_price=price["regular_price"],
                    currency=price["currency"].name,
                )
            for position, url in enumerate(images.get(variant.id, [])[:IMAGE_URL_COUNT], start=1):
                values[f"image_url_{position}"] = url
            label = variant.default_code or variant.barcode or template.name
            rows.append((variant.id, label, values))
        return rows

    def _kobo_colours(self, variants):
        """Each variant's colour (``product.product._kobo_colours``, in kobo_pim)."""
        return self.env["product.product"]._kobo_colours(variants)

    def _kobo_image_urls(self, channel, variants, colours):
        """The public URLs of each variant's images (``product.product._kobo_image_urls``, in
        kobo_syndication)."""
        return self.env["product.product"]._kobo_image_urls(channel, variants, colours)

    def _kobo_headers(self):
        self.ensure_one()
        return [
            column.header for column in self.column_ids.sorted(lambda column: (column.sequence, column.id))
        ]

    def _kobo_write_file(self, path, file_format, variant_ids=None, progress=None):
        """Write the sheet of the channel's listed products (or of ``variant_ids``, any
        iterable) to ``path``. Returns the number of product rows. ``progress`` (a
        ``kobo.progress`` tracker) is told of each row written."""
        self.ensure_one()
        self._kobo_check_exportable()
        self.env.flush_all()
        if variant_ids is None:
            variant_ids = self._kobo_iter_variant_ids(self._kobo_listed_templates())
        headers = self._kobo_headers()
        rows = (cells for __, __, __, cells in self._kobo_iter_rows(variant_ids))
        if progress:
            rows = _counted(rows, progress)
        if file_format == "xlsx":
            return self._kobo_write_xlsx(path, headers, rows)
        return self._kobo_write_csv(path, headers, rows)

    def _kobo_write_xlsx(self, path, headers, rows):
        # constant_memory: each row goes to disk when the next one starts; text is always written
        # with write_string, so a value starting with "=" stays text, never a formula.
        workbook = xlsxwriter.Workbook(path, {"constant_memory": True, "in_memory": False})
        try:
            sheet = workbook.add_worksheet((self.sheet_name or "Products")[:31])
            bold = workbook.add_format({"bold": True})
            for col, header in enumerate(headers):
                sheet.write_string(0, col, header, bold)
            count = 0
            for count, cells in enumerate(rows, start=1):
                for col, value in enumerate(cells):
                    if isinstance(value, bool) or value is None or value == "":
                        continue
                    if isinstance(value, int | float):
                        sheet.write_number(count, col, value)
                    else:
                        sheet.write_string(count, col, str(value))
        finally:
            workbook.close()
        return count

    def _kobo_write_csv(self, path, headers, rows):
        encoding = self.csv_encoding
        count = 0
        with open(path, "w", encoding=encoding, newline="") as file:
            writer = csv.writer(file, delimiter=self.csv_delimiter)
            writer.writerow(headers)
            for count, cells in enumerate(rows, start=1):
                values = [csv_cell(value) for value in cells]
                try:
                    writer.writerow(values)
                except UnicodeEncodeError as error:
                    raise UserError(self._kobo_encoding_message(count, values, headers, error)) from error
        return count

    def _kobo_encoding_message(self, row, cells, headers, error):
        for header, value in zip(headers, cells, strict=True):
            try:
                str(value).encode(self.csv_encoding)
            except UnicodeEncodeError:
                return self.env._(
                    'Row %(row)s, column "%(header)s": %(value)s cannot be written in %(encoding)s; '
                    "choose UTF-8 on the template.",
                    row=row + 1,
                    header=header,
                    value=value,
                    encoding=dict(self._fields["csv_encoding"]._description_selection(self.env))[
                        self.csv_encoding
                    ],
                )
        return str(error)

    def _kobo_export(self, file_format, progress=None):
        """Write the sheet and store it as the template's file for that format (replaced by each
        export; see ``_kobo_store_export``). The file is written completely to a temporary file
        first: an export that fails leaves the last stored file as it was."""
        self.ensure_one()
        handle, path = tempfile.mkstemp(suffix=f".{file_format}")
        os.close(handle)
        try:
            self._kobo_write_file(path, file_format, progress=progress)
            with open(path, "rb") as file:
                data = file.read()
        finally:
            os.unlink(path)
        return self._kobo_store_export(file_format, data)


def _counted(rows, progress):
    """``rows``, telling ``progress`` of each (it writes at most once a second)."""
    for row in rows:
        yield row
        progress.advance()


def csv_cell(value):
    """A CSV cell: numbers as they are, text starting like a formula behind an apostrophe."""
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value
