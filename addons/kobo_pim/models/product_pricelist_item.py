"""A channel's price is its pricelist's rules: changing one outdates the completeness of the
products it applies to on the channels that check prices (``kobo_completeness_reach.py``).

A rule of a channel's pricelist cannot give a price nobody can mean: a negative or absurd fixed
price, a discount over 100 %, absurd amounts, or (for a rule on one product) a negative price.
Odoo allows all of these on other pricelists (a negative price for a discount line)."""

from odoo import api, fields, models
from odoo.addons.kobo_base.models.kobo_price_bounds import MAX_PRICE, price_problem
from odoo.exceptions import ValidationError
from odoo.tools import formatLang

# amounts of a rule, in the pricelist's currency, that no rule means past MAX_PRICE
RULE_AMOUNTS = ("price_surcharge", "price_min_margin", "price_max_margin")


class ProductPricelistItem(models.Model):
    _inherit = "product.pricelist.item"

    @api.constrains(
        "pricelist_id",
        "compute_price",
        "fixed_price",
        "percent_price",
        "price_discount",
        "price_markup",
        "base",
        "base_pricelist_id",
        "applied_on",
        "product_tmpl_id",
        "product_id",
        *RULE_AMOUNTS,
    )
    def _check_kobo_channel_price(self):
        channels = (
            self.env["kobo.channel"]
            .sudo()
            .with_context(active_test=False)
            .search([("pricelist_id", "in", self.pricelist_id.ids)])
        )
        channel_of = {channel.pricelist_id: channel for channel in channels}
        for item in self.filtered(lambda item: item.pricelist_id in channel_of):
            problem = item._kobo_price_problem()
            if problem:
                raise ValidationError(
                    self.env._(
                        "%(channel)s, pricelist %(pricelist)s, rule %(rule)s: %(problem)s.",
                        channel=channel_of[item.pricelist_id].display_name,
                        pricelist=item.pricelist_id.display_name,
                        rule=item.name,
                        problem=problem,
                    )
                )

    def _kobo_price_problem(self):
        """Why this rule cannot be one of a channel's prices, in words, or None."""
        self.ensure_one()
        _ = self.env._
        if self.compute_price == "fixed":
            problem = price_problem(self.env, self.fixed_price)
            if problem:
                return _("the fixed price %(problem)s", problem=problem)
        discount = {"percentage": self.percent_price, "formula": self.price_discount}.get(self.compute_price)
        if discount is not None and discount > 100:
            if self.compute_price == "formula" and self.base == "standard_price":
                return _(
                    "a markup of %(markup)s %% on the cost makes every price negative (-100 %% is the least)",
                    markup=formatLang(self.env, -discount),
                )
            return _(
                "a discount of %(discount)s %% makes every price negative (100 %% is the most)",
                discount=formatLang(self.env, discount),
            )
        if self.compute_price == "formula":
            for field_name in RULE_AMOUNTS:
                if abs(self[field_name]) > MAX_PRICE:
                    return _(
                        "%(field)s of %(value)s is beyond %(max)s, the largest price accepted",
                        field=self._fields[field_name]._description_string(self.env),
                        value=formatLang(self.env, self[field_name]),
                        max=formatLang(self.env, MAX_PRICE, digits=0),
                    )
        return self._kobo_product_price_problem()

    def _kobo_product_price_problem(self):
        """For a rule on one product or variant: why the price it gives a variant cannot be
        meant (a negative surcharge larger than the price...), or None."""
        if self.compute_price == "fixed" or self.applied_on not in ("0_product_variant", "1_product"):
            return None
        variants = self.product_id if self.applied_on == "0_product_variant" else self.product_tmpl_id
        if variants._name == "product.template":
            variants = variants.product_variant_ids
        now = fields.Datetime.now()
        for variant in variants:
            price = self._compute_price(variant, 1.0, variant.uom_id, now, self.currency_id)
            problem = price_problem(self.env, price)
            if problem:
                return self.env._(
                    "the price it gives %(product)s %(problem)s",
                    product=variant.display_name,
                    problem=problem,
                )
        return None

    @api.model_create_multi
    def create(self, vals_list):
        items = super().create(vals_list)
        self.env["kobo.completeness"]._kobo_pricelist_items_changed(items.ids)
        return items

    def write(self, vals):
        # the products and pricelist a rule leaves, then those it reaches
        self.env["kobo.completeness"]._kobo_pricelist_items_changed(self.ids)
        result = super().write(vals)
        self.env["kobo.completeness"]._kobo_pricelist_items_changed(self.ids)
        return result

    def unlink(self):
        self.env["kobo.completeness"]._kobo_pricelist_items_changed(self.ids)
        return super().unlink()
