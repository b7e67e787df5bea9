from odoo import models
from odoo.tools import float_compare


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
        `product.supplierinfo` for the quantity the planned order needs: the best price break the
        quantity reaches, or when it stays below every minimum order quantity, the smallest MOQ
        bought and spread over the planned garments.
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
                price, seller, note = sheet._kobo_material_price(product, needed, rate)
                values.append(
                    {
                        "sheet_id": sheet.id,
                        "line_type": "material",
                        "sequence": garment_line.sequence,
                        "product_id": product.id,
                        "name": placements[garment_line.placement],
                        "placement": garment_line.placement,
                        "quantity": consumption,
                        "uom_id": garment_line.uom_id.id,
                        "unit_price": price,
                        "supplierinfo_id": seller.id,
                        "price_note": note,
                    }
                )
        self.env["kobo.cost.sheet.line"].create(values)

    def _kobo_material_price(self, product, needed, rate):
        """(unit price in the sheet's currency, supplierinfo, note) for `needed` units of `product`."""
        self.ensure_one()
        date = self.quote_date
        candidates = (product.seller_ids | product.product_tmpl_id.seller_ids).filtered(
            lambda seller: (not seller.company_id or seller.company_id == self.company_id)
            and (not seller.product_id or seller.product_id == product)
            and (not seller.date_start or seller.date_start <= date)
            and (not seller.date_end or seller.date_end >= date)
        )
        if not candidates:
            cost = product.with_company(self.company_id).standard_price
            price = cost * rate(self.company_id, date, self.company_id.currency_id, self.currency_id)
            return price, candidates, self.env._("No vendor price: product cost used.")

        def converted(seller):
            net = seller.price * (1 - (seller.discount or 0.0) / 100)
            return net * rate(self.company_id, date, seller.currency_id, self.currency_id)

        reached = candidates.filtered(
            lambda seller: float_compare(needed, seller.min_qty, precision_digits=4) >= 0
        )
        if reached:
            # Odoo's choice among the breaks the quantity reaches: the vendor listed first, its best price.
            first_vendor = reached.sorted(lambda s: (s.sequence, s.id))[:1].partner_id
            seller = min(
                reached.filtered(lambda s: s.partner_id == first_vendor), key=lambda s: (converted(s), s.id)
            )
            note = (
                self.env._("Price break from %(qty)s", qty=f"{seller.min_qty:g}") if seller.min_qty else False
            )
            return converted(seller), seller, note
        seller = min(candidates, key=lambda s: (s.min_qty, converted(s), s.id))
        # Below every MOQ: the MOQ must be bought whole; its cost spreads over the planned garments.
        price = converted(seller) * seller.min_qty / needed if needed else converted(seller)
        note = self.env._(
            "MOQ %(moq)s %(uom)s applies (%(needed)s needed)",
            moq=f"{seller.min_qty:g}",
            uom=seller.product_uom.name,
            needed=f"{needed:g}",
        )
        return price, seller, note
