from markupsafe import Markup, escape

from odoo import _, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_amount, format_datetime


class ProductPricelist(models.Model):
    _inherit = "product.pricelist"

    def _get_applicable_rules_domain(self, products, date, **kwargs):
        """``kobo_undated=True`` (a keyword argument, never the context) leaves out the dated
        rules, so a channel can tell its regular price from a sale price with its dates."""
        domain = super()._get_applicable_rules_domain(products, date, **kwargs)
        if kwargs.get("kobo_undated"):
            domain = [*domain, ("date_start", "=", False), ("date_end", "=", False)]
        return domain


class KoboChannel(models.Model):
    _inherit = "kobo.channel"

    def _kobo_prices(self, products, quantity=1.0, date=None):
        """The price of each variant of ``products`` on this channel, from its pricelist.

        Computed in batch by Odoo's pricelist engine (``_compute_price_rule``): currency,
        formula, rounding, category rules and dated sale rules all come from the pricelist.
        The regular price is the price the pricelist gives without its dated rules; when the
        applied rule is dated, its start and end are the sale dates a feed sends.

        :param products: product.product or product.template (their variants) recordset
        :param date: the date of the price (datetime), now by default
        :returns: {variant id: {"price", "regular_price", "on_sale", "sale_start",
            "sale_end", "currency", "rule"}}, amounts rounded to the channel's currency
        """
        self.ensure_one()
        if not self.pricelist_id:
            raise UserError(
                _("The channel %(channel)s has no pricelist: set one to publish prices.", channel=self.name)
            )
        if products._name == "product.template":
            products = products.product_variant_ids
        if not products:
            return {}
        # Prefetch over exactly these variants (an x2many's lazy prefetch may be empty after an
        # invalidation, which would make the engine read each variant on its own).
        products = products.browse(products.ids)
        pricelist = self.pricelist_id
        currency = pricelist.currency_id
        date = date or fields.Datetime.now()
        prices = pricelist._compute_price_rule(products, quantity, date=date)
        rules = self.env["product.pricelist.item"].browse(
            {rule_id for __, rule_id in prices.values() if rule_id}
        )
        dated = rules.filtered(lambda rule: rule.date_start or rule.date_end)
        on_sale = products.filtered(lambda product: prices[product.id][1] in dated.ids)
        regular = (
            pricelist._compute_price_rule(on_sale, quantity, date=date, kobo_undated=True) if on_sale else {}
        )
        result = {}
        for product in products:
            price, rule_id = prices[product.id]
            rule = rules.browse(rule_id)
            is_sale = product.id in regular
            result[product.id] = {
                "price": currency.round(price),
                "regular_price": currency.round(regular[product.id][0] if is_sale else price),
                "on_sale": is_sale,
                "sale_start": rule.date_start if is_sale else False,
                "sale_end": rule.date_end if is_sale else False,
                "currency": currency,
                "rule": rule,
            }
        return result


class ProductTemplate(models.Model):
    _inherit = "product.template"

    kobo_channel_price_html = fields.Html(
        string="Channel prices",
        compute="_compute_kobo_channel_price_html",
        sanitize=False,
        groups="kobo_pim.group_kobo_pim_user",
        help="The price of this product on each active channel of the company, from the channel's pricelist.",
    )

    def _compute_kobo_channel_price_html(self):
        channels = self.env["kobo.channel"].search([("company_id", "=", self.env.company.id)])
        variants = self.product_variant_ids
        prices = {channel: channel._kobo_prices(variants) for channel in channels if channel.pricelist_id}
        for template in self:
            rows = []
            for channel in channels:
                rows.append(template._kobo_channel_price_row(channel, prices.get(channel)))
            if not rows:
                template.kobo_channel_price_html = Markup("<p>%s</p>") % _(
                    "No active channel in this company."
                )
                continue
            header = Markup("<tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr>") % (
                _("Channel"),
                _("Price"),
                _("Regular price"),
                _("Sale dates"),
            )
            table = Markup('<table class="table table-sm o_kobo_channel_prices">%s</table>')
            template.kobo_channel_price_html = table % (
                Markup("<thead>%s</thead><tbody>%s</tbody>") % (header, Markup("").join(rows))
            )

    def _kobo_channel_price_row(self, channel, prices):
        self.ensure_one()
        cell = Markup("<td>%s</td>")
        if prices is None:
            cells = [channel.name, _("No pricelist"), "", ""]
            return Markup("<tr>%s</tr>") % Markup("").join(cell % value for value in cells)
        lines = [prices[variant.id] for variant in self.product_variant_ids if variant.id in prices]
        if not lines:
            cells = [channel.name, "", "", ""]
            return Markup("<tr>%s</tr>") % Markup("").join(cell % value for value in cells)
        currency = channel.currency_id

        def amount_range(values):
            low, high = min(values), max(values)
            if currency.compare_amounts(low, high) == 0:
                return format_amount(self.env, low, currency)
            return f"{format_amount(self.env, low, currency)} – {format_amount(self.env, high, currency)}"

        sales = [line for line in lines if line["on_sale"]]
        dates = ""
        if sales:
            start, end = sales[0]["sale_start"], sales[0]["sale_end"]
            start_label = format_datetime(self.env, start, dt_format="short") if start else "…"
            end_label = format_datetime(self.env, end, dt_format="short") if end else "…"
            dates = f"{start_label} → {end_label}"
        cells = [
            channel.name,
            amount_range([line["price"] for line in lines]),
            amount_range([line["regular_price"] for line in lines]) if sales else "",
            dates,
        ]
        return Markup("<tr>%s</tr>") % Markup("").join(cell % escape(value) for value in cells)
