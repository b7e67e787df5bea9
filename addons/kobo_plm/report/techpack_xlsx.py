"""XLSX export of a tech pack revision: the graded measurement chart as values, the BoM, the changes."""

import io

import xlsxwriter


def techpack_xlsx(techpack):
    """Return the workbook of one revision as bytes."""
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"in_memory": True})
    formats = {
        "bold": workbook.add_format({"bold": True}),
        "header": workbook.add_format(
            {"bold": True, "bg_color": "#1F2A44", "font_color": "#FFFFFF", "border": 1}
        ),
        "number": workbook.add_format({"num_format": "0.0#", "border": 1}),
        "text": workbook.add_format({"border": 1}),
        "critical": workbook.add_format({"border": 1, "bold": True, "font_color": "#B00020"}),
    }
    _measurement_sheet(workbook, formats, techpack)
    _bom_sheet(workbook, formats, techpack)
    if techpack.previous_id:
        _changes_sheet(workbook, formats, techpack)
    workbook.close()
    return output.getvalue()


def _header(sheet, row, titles, formats):
    for column, title in enumerate(titles):
        sheet.write(row, column, title, formats["header"])


def _measurement_sheet(workbook, formats, techpack):
    env, style = techpack.env, techpack.style_id
    states = dict(techpack._fields["state"]._description_selection(env))
    sizes, rows = techpack.graded_chart()
    sheet = workbook.add_worksheet(env._("Measurements"))
    sheet.write(0, 0, f"{style.kobo_style_number or ''} {style.name}", formats["bold"])
    facts = [
        (env._("Revision"), f"{techpack.name} ({states[techpack.state]})"),
        (env._("Size range"), techpack.size_range_id.name or ""),
        (env._("Base size"), techpack.base_size_id.name or ""),
    ]
    for row, (label, value) in enumerate(facts, start=1):
        sheet.write(row, 0, label)
        sheet.write(row, 1, value)
    titles = [
        env._("Code"),
        env._("Point of measure"),
        env._("Tolerance ±"),
        env._("Critical"),
        *sizes.mapped("name"),
    ]
    _header(sheet, 5, titles, formats)
    for offset, row in enumerate(rows, start=6):
        label_format = formats["critical"] if row["critical"] else formats["text"]
        sheet.write(offset, 0, row["pom"].code, label_format)
        sheet.write(offset, 1, row["pom"].name, label_format)
        sheet.write_number(offset, 2, row["tolerance"], formats["number"])
        sheet.write(offset, 3, env._("Yes") if row["critical"] else "", formats["text"])
        for column, value in enumerate(row["values"], start=4):
            if value is None:
                sheet.write_blank(offset, column, None, formats["text"])
            else:
                sheet.write_number(offset, column, value, formats["number"])
    sheet.set_column(0, 0, 8)
    sheet.set_column(1, 1, 42)
    sheet.set_column(2, 3 + len(sizes), 10)
    sheet.freeze_panes(6, 2)


def _bom_sheet(workbook, formats, techpack):
    env = techpack.env
    placements = dict(env["kobo.garment.bom.line"]._fields["placement"]._description_selection(env))
    size_names = techpack.size_range_id.size_ids.mapped("name")
    sheet = workbook.add_worksheet(env._("BoM"))
    titles = [env._("Placement"), env._("Material"), env._("Composition"), env._("Unit"), env._("Colour")]
    titles += [env._("Consumption %(size)s", size=name) for name in size_names]
    _header(sheet, 0, [*titles, env._("Certificate")], formats)
    row = 1
    for line in techpack.garment_line_ids:
        for colour, by_size in _bom_line_rows(line, size_names):
            expired = line.material_tmpl_id.kobo_has_expired_certificate
            cells = [
                placements[line.placement],
                line.material_tmpl_id.display_name,
                line.material_tmpl_id.kobo_composition_text or "",
                line.uom_id.name,
                colour,
            ]
            for column, value in enumerate(cells):
                sheet.write(row, column, value, formats["text"])
            for column, name in enumerate(size_names, start=len(cells)):
                if name in by_size:
                    sheet.write_number(row, column, by_size[name], formats["number"])
                else:
                    sheet.write_blank(row, column, None, formats["text"])
            sheet.write(
                row,
                len(cells) + len(size_names),
                env._("EXPIRED") if expired else "",
                formats["critical"] if expired else formats["text"],
            )
            row += 1
    sheet.set_column(0, 0, 12)
    sheet.set_column(1, 2, 36)
    sheet.set_column(4, 4, 36)


def _bom_line_rows(line, size_names):
    """(colour label, {size: consumption}) for each colorway row of a garment BoM line."""
    env = line.env
    if line.consumption_mode == "uniform":
        by_size = dict.fromkeys(size_names, line.quantity)
    else:
        by_size = {row.size_id.name: row.quantity for row in line.consumption_ids}
    if line.colour_mode == "same":
        product = line.material_product_id
        label = env._("All colorways")
        return [(f"{label}: {product.display_name}" if product else label, by_size)]
    return [
        (f"{row.colorway_value_id.name}: {row.product_id.display_name}", by_size) for row in line.colorway_ids
    ]


def _changes_sheet(workbook, formats, techpack):
    env = techpack.env
    sheet = workbook.add_worksheet(env._("Changes"))
    _header(
        sheet,
        0,
        [env._("Area"), env._("What"), env._("Size"), env._("Change"), env._("Was"), env._("Now")],
        formats,
    )
    areas = {
        "measurements": env._("Measurements"),
        "bom": env._("BoM"),
        "sections": env._("Sections"),
        "care": env._("Care"),
    }
    row = 1
    for area, changes in techpack._diff_against(techpack.previous_id).items():
        for change in changes:
            values = [
                areas[area],
                change["what"],
                change.get("size", ""),
                change["change"],
                change["old"],
                change["new"],
            ]
            for column, value in enumerate(values):
                sheet.write(row, column, value, formats["text"])
            row += 1
    sheet.set_column(0, 5, 24)
