"""What development knows about a style, read in batch for the hand-off to enrichment.

`_kobo_sources(styles)` returns, per style, one value per *carried key*: a product field
("kobo_item_group"), a product field in one language ("kobo_composition_label@fr_FR"), or a set
of records the hand-off keeps in step ("colorways", "certifications", "asset@…",
"wholesale@<pricelist id>"). The hand-off compares a digest of each value with the one of the
last hand-off (see kobo_handoff.py). Everything is read as the system: the figures and tech
packs are the brand's, and the caller has already been checked.
"""

from collections import defaultdict

from markupsafe import Markup

from odoo import api, fields, models

from .eu_fibre_names import fibre_name, part_names

# Product fields carried as they are, and the ones carried once per installed language.
PLAIN_FIELDS = (
    "kobo_item_group",
    "kobo_season_name",
    "kobo_care_symbols",
    "kobo_country_of_origin_id",
    "kobo_suggested_retail_price",
    "kobo_suggested_wholesale_price",
)
TRANSLATED_FIELDS = ("kobo_composition_label", "kobo_care_text", "kobo_size_chart")
APPROVED_SAMPLE_STATES = ("approved", "approved_changes")


class KoboPlmHandoff(models.AbstractModel):
    _name = "kobo.plm.handoff"
    _description = "Hand-off from development to enrichment"

    @api.model
    def _kobo_sources(self, styles):
        """({style id: {key: value}}, {style id: {asset key: asset values}}) for `styles`.

        Asset values carry the record and field the image is read from, only when it changed.
        """
        styles = styles.sudo().with_context(lang="en_US", bin_size=False)
        langs = [code for code, _name in self.env["res.lang"].get_installed()]
        techpack_by_style = {
            style.id: style.kobo_production_techpack_id or style.kobo_current_techpack_id for style in styles
        }
        # The materials of all tech packs at once: per-style filtered() would fetch one by one.
        materials = (
            self.env["kobo.techpack"].concat(*techpack_by_style.values()).garment_line_ids.material_tmpl_id
        )
        materials.kobo_composition_ids.fetch(["fibre", "percentage"])
        materials.kobo_certification_ids.fetch(["standard", "certificate_number", "expiry_date"])
        sheets = (
            self.env["kobo.cost.sheet"]
            .sudo()
            .search(
                [("style_id", "in", styles.ids), ("state", "=", "approved")],
                order="approved_date desc, id desc",
            )
        )
        sheet_by_style = {}
        for sheet in sheets:
            sheet_by_style.setdefault(sheet.style_id.id, sheet)
        sources = {style.id: {} for style in styles}
        standards = dict(self.env["kobo.material.certification"]._fields["standard"].selection)
        for style in styles:
            techpack = techpack_by_style[style.id]
            sheet = sheet_by_style.get(style.id)
            values = sources[style.id]
            values["kobo_item_group"] = style.kobo_style_number or False
            values["kobo_season_name"] = style.kobo_season_id.name or False
            values["kobo_care_symbols"] = ", ".join(techpack.care_symbol_ids.mapped("code")) or False
            country = sheet.vendor_id.country_id if sheet else style.kobo_main_vendor_id.country_id
            values["kobo_country_of_origin_id"] = country.id or False
            values.update(self._kobo_price_sources(style, sheet))
            values["certifications"] = sorted(
                {
                    (
                        standards[certification.standard],
                        certification.certificate_number,
                        str(certification.expiry_date),
                    )
                    for certification in techpack.garment_line_ids.material_tmpl_id.kobo_certification_ids
                }
            )
        self._kobo_translated_sources(styles, techpack_by_style, langs, sources)
        self._kobo_colorway_sources(styles, langs, sources)
        self._kobo_wholesale_sources(styles, sheet_by_style, sources)
        assets = self._kobo_asset_sources(styles, techpack_by_style, sources)
        return sources, assets

    @api.model
    def _kobo_price_sources(self, style, sheet):
        """The approved sheet's wholesale and suggested retail price, in the product's currency."""
        if not sheet:
            return {"kobo_suggested_retail_price": False, "kobo_suggested_wholesale_price": False}
        today = fields.Date.context_today(self)
        company = sheet.company_id

        def convert(amount):
            return sheet.company_currency_id._convert(amount, style.currency_id, company, today)

        return {
            "kobo_suggested_retail_price": convert(sheet.retail_price),
            "kobo_suggested_wholesale_price": convert(sheet.wholesale_price),
        }

    @api.model
    def _kobo_translated_sources(self, styles, techpack_by_style, langs, sources):
        english_fibres = dict(self.env["kobo.material.composition"]._fields["fibre"].selection)
        for lang in langs:
            for style in styles.with_context(lang=lang):
                techpack = techpack_by_style[style.id].with_context(lang=lang)
                values = sources[style.id]
                values[f"kobo_composition_label@{lang}"] = self._kobo_composition_label(
                    techpack, lang, english_fibres
                )
                values[f"kobo_care_text@{lang}"] = techpack.care_text or False
        # The size chart is term-translated (Html): written in English, its point names are
        # translated in Odoo's translation dialog, and keep their translation across updates.
        english = self.with_context(lang="en_US")
        graded = english._kobo_graded_values(techpack_by_style.values())
        for style in styles:
            sources[style.id]["kobo_size_chart@en_US"] = english._kobo_size_chart(
                techpack_by_style[style.id], graded
            )

    @api.model
    def _kobo_composition_label(self, techpack, lang, english_fibres):
        """ "95 % coton, 5 % élasthanne" — with the lining's composition after the shell's."""
        parts = []
        for placement in ("body", "lining"):
            line = techpack.garment_line_ids.filtered(lambda line, p=placement: line.placement == p)[:1]
            compositions = line.material_tmpl_id.kobo_composition_ids
            if compositions:
                text = ", ".join(
                    f"{line.percentage:g} % {fibre_name(line.fibre, lang, english_fibres)}"
                    for line in compositions
                )
                parts.append((placement, text))
        if len(parts) < 2:
            return parts[0][1] if parts else False
        shell, lining = part_names(lang)
        words = {"body": shell, "lining": lining}
        return "; ".join(f"{words[placement]}: {text}" for placement, text in parts)

    @api.model
    def _kobo_graded_values(self, techpacks):
        """{techpack id: {measurement line: {size id: graded value}}} in two queries.

        Read record by record, the ORM would fetch lines and values 1,000 at a time: 500 styles
        of 12 points in 8 sizes are 48,000 values.
        """
        techpack_ids = [techpack.id for techpack in techpacks if techpack]
        lines = self.env["kobo.techpack.measurement"].search_fetch(
            [("techpack_id", "in", techpack_ids)], ["techpack_id", "pom_id"]
        )
        values = self.env["kobo.techpack.measurement.value"].search_fetch(
            [("measurement_id", "in", lines.ids)], ["measurement_id", "size_id", "value"]
        )
        by_line = defaultdict(dict)
        for value in values:
            by_line[value.measurement_id.id][value.size_id.id] = value.value
        graded = defaultdict(dict)
        for line in lines:  # in the order the tech pack lists them
            graded[line.techpack_id.id][line] = by_line[line.id]
        return graded

    @api.model
    def _kobo_size_chart(self, techpack, graded):
        """The graded measurements as a customer reads them: a point per row, a size per column.

        `graded`: what `_kobo_graded_values` returns for the tech packs.
        """
        lines = graded.get(techpack.id)
        if not lines:
            return False
        sizes = techpack.size_range_id.size_ids
        header = Markup("").join(Markup("<th>%s</th>") % size.name for size in sizes)
        rows = []
        for line, by_size in lines.items():
            cells = Markup("").join(
                Markup("<td>%s</td>") % (f"{by_size[size.id]:g}" if size.id in by_size else "")
                for size in sizes
            )
            rows.append(Markup("<tr><td>%s</td>%s</tr>") % (line.pom_id.name, cells))
        return str(
            Markup('<table class="table table-sm o_kobo_size_chart"><thead><tr><th>%s</th>%s</tr></thead>')
            % (self.env._("Measurement (cm)"), header)
            + Markup("<tbody>%s</tbody></table>") % Markup("").join(rows)
        )

    @api.model
    def _kobo_colorway_sources(self, styles, langs, sources):
        """Per style: [[attribute value id, library hex, {lang: library colour name}]]."""
        colour = self.env.ref("kobo_plm.product_attribute_colour")
        # Fetched for all styles at once: the per-style filtered() below would fetch one by one.
        styles.attribute_line_ids.value_ids.kobo_color_id.fetch(["hex_value"])
        values_by_style = {}
        for style in styles:
            lines = style.attribute_line_ids.filtered(lambda line: line.attribute_id == colour)
            values_by_style[style.id] = lines.value_ids.filtered("kobo_color_id")
        names = defaultdict(dict)
        every_value = self.env["product.attribute.value"].sudo().concat(*values_by_style.values())
        for lang in langs:
            for value in every_value.with_context(lang=lang):
                names[value.id][lang] = value.kobo_color_id.name
        for style in styles:
            sources[style.id]["colorways"] = [
                [value.id, value.kobo_color_id.hex_value, names[value.id]]
                for value in values_by_style[style.id]
            ]

    @api.model
    def _kobo_wholesale_sources(self, styles, sheet_by_style, sources):
        """The approved wholesale price per retailer channel's pricelist, in its currency."""
        channels = (
            self.env["kobo.channel"]
            .sudo()
            .search([("channel_type", "=", "retailer"), ("pricelist_id", "!=", False)])
        )
        pricelists = channels.pricelist_id
        today = fields.Date.context_today(self)
        for style in styles:
            sheet = sheet_by_style.get(style.id)
            if not sheet:
                continue
            for pricelist in pricelists:
                if pricelist.company_id and pricelist.company_id != (style.company_id or sheet.company_id):
                    continue
                sources[style.id][f"wholesale@{pricelist.id}"] = sheet.company_currency_id._convert(
                    sheet.wholesale_price, pricelist.currency_id, sheet.company_id, today
                )

    @api.model
    def _kobo_asset_sources(self, styles, techpack_by_style, sources):
        """Flats (the style's picture, the tech pack's section images) and approved sample photos.

        The digest is the image file's checksum: the image itself is read only when it changed.
        """
        samples = (
            self.env["kobo.sample"]
            .sudo()
            .search(
                [("style_id", "in", styles.ids), ("state", "in", APPROVED_SAMPLE_STATES)],
                order="id",
            )
        )
        sections = self.env["kobo.techpack"].concat(*techpack_by_style.values()).section_ids
        checksums = self._kobo_checksums(
            [
                ("product.template", "image_1920", styles.ids),
                ("kobo.techpack.section", "image", sections.ids),
                ("kobo.sample.photo", "image_1920", samples.photo_ids.ids),
            ]
        )
        assets = defaultdict(dict)

        def add(style, key, record, field, checksum, **values):
            if checksum:
                sources[style.id][f"asset@{key}"] = [checksum, values.get("color_value_id") or False]
                assets[style.id][key] = dict(values, source=(record, field))

        for style in styles:
            number = style.kobo_style_number or style.name
            add(
                style,
                "style:image",
                style,
                "image_1920",
                checksums.get(("product.template", style.id)),
                role="flat",
                name=self.env._("%(style)s flat", style=number),
            )
            for section in techpack_by_style[style.id].section_ids:
                add(
                    style,
                    f"section:{section.section_type}:{section.name}",
                    section,
                    "image",
                    checksums.get(("kobo.techpack.section", section.id)),
                    role="flat",
                    name=f"{number} {section.name}",
                )
        with_front = set()
        for sample in samples:
            style = sample.style_id
            for photo in sample.photo_ids:
                role = "detail" if style.id in with_front else "front"
                with_front.add(style.id)
                add(
                    style,
                    f"photo:{photo.id}",
                    photo,
                    "image_1920",
                    checksums.get(("kobo.sample.photo", photo.id)),
                    role=role,
                    name=photo.name or sample.display_name,
                    color_value_id=sample.colorway_value_id.id,
                )
        return assets

    @api.model
    def _kobo_checksums(self, sources):
        """{(model, res id): checksum} of the images stored as attachments, one query per field."""
        checksums = {}
        Attachment = self.env["ir.attachment"].sudo()
        for model, field, ids in sources:
            if not ids:
                continue
            for attachment in Attachment.search_read(
                [("res_model", "=", model), ("res_field", "=", field), ("res_id", "in", ids)],
                ["res_id", "checksum"],
            ):
                checksums[model, attachment["res_id"]] = attachment["checksum"]
        return checksums
