"""XLSX export of a cost sheet for offline negotiation: lines with live formulas, totals, landed, prices."""

import io

import xlsxwriter


def cost_sheet_xlsx(sheet):
    """Return the workbook of one cost sheet as bytes.

    Amounts are formulas over quantity × unit price, and the landed cost follows from the cells
    above it, so a buyer can change a price in the spreadsheet and see FOB and landed move.
    """
    env = sheet.env
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"in_memory": True})
    bold = workbook.add_format({"bold": True})
    header = workbook.add_format({"bold": True, "bg_color": "#1F2A44", "font_color": "#FFFFFF", "border": 1})
    text = workbook.add_format({"border": 1})
    quantity = workbook.add_format({"border": 1, "num_format": "0.000"})
    money = workbook.add_format({"border": 1, "num_format": "#,##0.00"})
    price = workbook.add_format({"border": 1, "num_format": "#,##0.0000"})
    money_bold = workbook.add_format({"border": 1, "num_format": "#,##0.00", "bold": True})
    percent = workbook.add_format({"border": 1, "num_format": "0.00"})
    rate_format = workbook.add_format({"border": 1, "num_format": "0.000000"})
    formats = {
        "bold": bold,
        "header": header,
        "text": text,
        "quantity": quantity,
        "money": money,
        "price": price,
        "money_bold": money_bold,
        "percent": percent,
        "rate": rate_format,
    }
    ws = workbook.add_worksheet(env._("Cost Sheet"))
    row, first, last = _facts_and_lines(ws, formats, sheet)
    _totals(ws, formats, sheet, row + 2, first, last)
    workbook.close()
    return output.getvalue()


def _facts_and_lines(ws, formats, sheet):
    env = sheet.env
    bold, header, text = formats["bold"], formats["header"], formats["text"]
    quantity, money = formats["quantity"], formats["money"]
    ws.set_column(0, 0, 34)
    ws.set_column(1, 1, 22)
    ws.set_column(2, 6, 14)
    states = dict(sheet._fields["state"]._description_selection(env))
    ws.write(0, 0, sheet.display_name, bold)
    facts = [
        (env._("Style"), sheet.style_id.display_name),
        (env._("Tech pack"), sheet.techpack_id.display_name or ""),
        (env._("Vendor"), sheet.vendor_id.name),
        (env._("Status"), states.get(sheet.state, sheet.state)),
        (env._("Quote date"), str(sheet.quote_date or "")),
        (env._("Quote currency"), sheet.currency_id.name),
        (env._("Planned quantity"), sheet.planned_quantity),
    ]
    for row, (label, value) in enumerate(facts, start=1):
        ws.write(row, 0, label, bold)
        ws.write(row, 1, value)
    row = len(facts) + 2
    titles = [
        env._("Description"),
        env._("Type"),
        env._("Consumption"),
        env._("Unit"),
        env._("Unit price"),
        env._("Amount"),
        env._("Note"),
    ]
    for column, title in enumerate(titles):
        ws.write(row, column, title, header)
    types = dict(sheet.line_ids._fields["line_type"]._description_selection(env))
    first = row + 1
    for line in sheet.line_ids:
        row += 1
        ws.write(row, 0, line.product_id.display_name if line.product_id else line.name, text)
        ws.write(row, 1, types.get(line.line_type, line.line_type), text)
        ws.write_number(row, 2, line.quantity, quantity)
        ws.write(row, 3, line.uom_id.name or "", text)
        ws.write_number(row, 4, line.unit_price, formats["price"])
        ws.write_formula(row, 5, f"=C{row + 1}*E{row + 1}", money, line.amount)
        ws.write(row, 6, line.price_note or "", text)
    return row, first, row


def _totals(ws, formats, sheet, row, first, last):
    env = sheet.env
    bold, money, money_bold = formats["bold"], formats["money"], formats["money_bold"]
    percent, rate_format = formats["percent"], formats["rate"]
    company_currency = sheet.company_currency_id.name

    def put(label, formula, value, fmt=money):
        nonlocal row
        ws.write(row, 0, label, bold)
        if formula is None:
            ws.write_number(row, 5, value, fmt)
        else:
            ws.write_formula(row, 5, formula, fmt, value)
        cell = f"F{row + 1}"
        row += 1
        return cell

    fob = put(
        env._("FOB (%(currency)s)", currency=sheet.currency_id.name),
        f"=SUM(F{first + 1}:F{last + 1})" if sheet.line_ids else None,
        sheet.fob_price,
        money_bold,
    )
    rate = put(
        env._("Rate to %(currency)s", currency=company_currency), None, sheet.currency_rate, rate_format
    )
    fob_company = put(
        env._("FOB (%(currency)s)", currency=company_currency),
        f"=ROUND({fob}*{rate},2)",
        sheet.fob_price_company,
    )
    freight = put(env._("Freight per unit"), None, sheet.freight_cost)
    insurance_pct = put(env._("Insurance (% of FOB)"), None, sheet.insurance_percent, percent)
    insurance = put(env._("Insurance"), f"=ROUND({fob_company}*{insurance_pct}/100,2)", sheet.insurance_cost)
    duty_label = env._("Duty (%%) %(code)s", code=sheet.duty_rate_id.hs_code or "")
    duty_pct = put(duty_label, None, sheet.duty_percent, percent)
    duty = put(
        env._("Duty"), f"=ROUND(({fob_company}+{freight}+{insurance})*{duty_pct}/100,2)", sheet.duty_cost
    )
    commission_pct = put(env._("Agent commission (% of FOB)"), None, sheet.commission_percent, percent)
    commission = put(
        env._("Commission"), f"=ROUND({fob_company}*{commission_pct}/100,2)", sheet.commission_cost
    )
    landed = put(
        env._("Landed cost (%(currency)s)", currency=company_currency),
        f"={fob_company}+{freight}+{insurance}+{duty}+{commission}",
        sheet.landed_cost,
        money_bold,
    )
    margin = put(env._("Target margin (%)"), None, sheet.target_margin, percent)
    put(env._("Wholesale price"), f"=ROUND({landed}/(1-{margin}/100),2)", sheet.wholesale_price, money_bold)
    put(env._("Retail multiplier"), None, sheet.retail_multiplier, percent)
    put(env._("Suggested retail (rounded)"), None, sheet.retail_price, money_bold)
    if sheet.target_cost:
        put(env._("Target landed cost"), None, sheet.target_cost)
