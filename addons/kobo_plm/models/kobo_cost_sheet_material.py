from odoo import models


class KoboCostSheet(models.Model):
    """Material lines from the revision's garment BoM, priced from the material vendors."""

    _inherit = "kobo.cost.sheet"

    def action_load_materials(self):
        """(Re)build the material lines from the revision's garment BoM and the material prices."""
        self._kobo_rebuild_material_lines()
        return True

    def _kobo_rebuild_material_lines(self):
        """Material lines for every sheet of `self`, in batch.

        Consumption is the base size's (the size the sample and the quote are made in); a material
        chosen per colorway is priced at its first colorway. The price is the material vendor's
        `product.supplierinfo` for the quantity the planned order needs, converted from its purchase
        unit to the consumption unit (see `_kobo_material_price`): the best price break the quantity
        reaches, or when it stays below every minimum order quantity, the smallest MOQ bought and
        spread over the planned garments.
        """
        sheets = self.filtered(lambda sheet: sheet.state in ("draft", "requested", "submitted"))
        if not sheets:
            return
        sheets.line_ids.filtered(lambda line: line.line_type == "material").unlink()
        garment_lines = sheets.techpack_id.garment_line_ids
        garment_lines.fetch(["material_product_id", "quantity", "consumption_mode", "colour_mode", "uom_id"])
        garment_lines.consumption_ids.fetch(["size_id", "quantity"])
        garment_lines.colorway_ids.fetch(["product_id"])
        products = garment_lines.material_product_id | garment_lines.colorway_ids.product_id
        sellers = products.seller_ids | products.product_tmpl_id.seller_ids
        sellers.fetch(
            [
                "partner_id",
                "price",
                "min_qty",
                "currency_id",
                "product_id",
                "product_tmpl_id",
                "date_start",
                "date_end",
                "company_id",
                "sequence",
                "discount",
            ]
        )
        # What Odoo's seller choice and unit conversions read, once for the whole batch.
        sellers.partner_id.fetch(["active"])
        (garment_lines.uom_id | products.uom_id | products.uom_po_id).fetch(
            ["factor", "rounding", "category_id"]
        )
        rate_cache = {}

        def rate(company, date, from_currency, to_currency):
            key = (company.id, date)
            if key not in rate_cache:
                currencies = (
                    sellers.currency_id
                    | sheets.currency_id
                    | sheets.company_id.currency_id
                    | products.currency_id
                )
                rate_cache[key] = currencies._get_rates(company, date)
            rates = rate_cache[key]
            return rates[to_currency.id] / rates[from_currency.id]

        placements = dict(garment_lines._fields["placement"]._description_selection(self.env))
        values = []
        for sheet in sheets:
            base_size = sheet.techpack_id.base_size_id
            for garment_line in sheet.techpack_id.garment_line_ids:
                product = garment_line.material_product_id
                if garment_line.colour_mode == "per_colorway":
                    product = garment_line.colorway_ids[:1].product_id
                if not product:
                    continue
                consumption = garment_line.quantity
                if garment_line.consumption_mode == "per_size":
                    row = garment_line.consumption_ids.filtered(lambda r, size=base_size: r.size_id == size)[
                        :1
                    ]
                    if not row:
                        continue  # not on the base size (e.g. a patch on L and XL only)
                    consumption = row.quantity
                needed = consumption * sheet.planned_quantity
                uom = garment_line.uom_id or product.uom_id
                price, seller, note = sheet._kobo_material_price(product, needed, uom, rate)
                values.append(
                    {
                        "sheet_id": sheet.id,
                        "line_type": "material",
                        "sequence": garment_line.sequence,
                        "product_id": product.id,
                        "name": placements[garment_line.placement],
                        "placement": garment_line.placement,
                        "quantity": consumption,
                        "uom_id": uom.id,
                        "unit_price": price,
                        "supplierinfo_id": seller.id,
                        "price_note": note,
                    }
                )
        self.env["kobo.cost.sheet.line"].create(values)

    def _kobo_material_price(self, product, needed, uom, rate):
        """(price per `uom` in the sheet's currency, supplierinfo, note) for `needed` `uom` of `product`.

        Odoo chooses the vendor price (`_select_seller`: among the prices whose break the
        quantity reaches once converted to their purchase unit, the first vendor listed, its best
        price) and the price is converted from the purchase unit (`uom_po_id`: the dozen, the
        50 m roll) to the consumption unit `uom`. Our one rule on top: below every minimum order
        quantity, the smallest MOQ is bought whole and its cost spreads over what the order needs.
        Quantities are not rounded up to whole purchase units.
        """
        self.ensure_one()
        date = self.quote_date
        product = product.with_company(self.company_id)

        def unit_price(seller):
            price = seller.product_uom._compute_price(seller.price_discounted, uom)
            return price * rate(self.company_id, date, seller.currency_id, self.currency_id)

        seller = product._select_seller(quantity=needed, date=date, uom_id=uom)
        if seller:
            note = (
                self.env._(
                    "Price break from %(qty)s %(uom)s", qty=f"{seller.min_qty:g}", uom=seller.product_uom.name
                )
                if seller.min_qty
                else False
            )
            return unit_price(seller), seller, note
        # No break reached (or no price at all): the prices valid at the quote date, any quantity.
        candidates = product._get_filtered_sellers(quantity=None, date=date, uom_id=uom)
        if not candidates:
            cost = product.uom_id._compute_price(product.standard_price, uom)
            price = cost * rate(self.company_id, date, self.company_id.currency_id, self.currency_id)
            return price, candidates, self.env._("No vendor price: product cost used.")

        def moq(seller):
            return seller.product_uom._compute_quantity(seller.min_qty, uom, round=False)

        first_vendor = candidates[:1].partner_id
        seller = min(
            candidates.filtered(lambda s: s.partner_id == first_vendor),
            key=lambda s: (moq(s), unit_price(s), s.id),
        )
        # Below every MOQ: the MOQ must be bought whole; its cost spreads over the planned garments.
        price = unit_price(seller) * moq(seller) / needed if needed else unit_price(seller)
        note = self.env._(
            "MOQ %(moq)s %(moq_uom)s applies (%(needed)s %(uom)s needed)",
            moq=f"{seller.min_qty:g}",
            moq_uom=seller.product_uom.name,
            needed=f"{needed:g}",
            uom=uom.name,
        )
        return price, seller, note
