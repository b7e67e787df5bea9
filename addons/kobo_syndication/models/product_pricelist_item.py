"""A channel's prices are its pricelist's rules: a rule created, changed or deleted queues the
listings of the products it applies to, on the channels whose price it sets (their pricelist,
or a pricelist based on it). What a rule reaches is the PIM's computation
(``kobo_completeness_reach.py``), the one that outdates the completeness of those products.

A dated rule changes prices without anyone saving: the daily cron queues the listings of the
rules whose start or end was crossed since its last run.

A fixed number of queries whatever the number of products: one to find the listings (before
the change, for what a rule leaves, and after it, for what it reaches), one to queue them."""

from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL

#: ir.config_parameter: when the dated-rules cron last ran (UTC, Odoo's datetime format).
DATED_RULES_LAST_RUN = "kobo_syndication.pricelist_dates_last_run"
#: Listings a price change queues: those on a channel or on their way to it.
REQUEUED_STATES = ("published", "error", "blocked", "queued")


class ProductPricelistItem(models.Model):
    _inherit = "product.pricelist.item"

    @api.model_create_multi
    def create(self, vals_list):
        items = super().create(vals_list)
        items._kobo_listings_reached()._kobo_queue("publish")
        return items

    def write(self, vals):
        # the products and channels a rule leaves, then those it reaches
        before = self._kobo_listings_reached()
        result = super().write(vals)
        (before | self._kobo_listings_reached())._kobo_queue("publish")
        return result

    def unlink(self):
        listings = self._kobo_listings_reached()
        result = super().unlink()
        listings._kobo_queue("publish")
        return result

    def _kobo_listings_reached(self):
        """The listings (on a channel, or on their way) of the products these rules apply to,
        on the channels whose price they set. One query."""
        Listing = self.env["kobo.listing"].sudo()
        if not self:
            return Listing
        Completeness = self.env["kobo.completeness"]
        self.env["kobo.channel"].flush_model(["active", "connector", "pricelist_id"])
        self.env["product.template"].flush_model(["categ_id"])
        Listing.flush_model(["state", "channel_id", "product_tmpl_id"])
        reach = Completeness._kobo_pricelist_reach(
            self.ids, SQL("SELECT id FROM kobo_channel WHERE active AND connector IS NOT NULL")
        )
        self.env.cr.execute(
            SQL(
                """
                %(reach)s
                SELECT listing.id
                  FROM kobo_listing listing
                  JOIN product_template pt ON pt.id = listing.product_tmpl_id
                  JOIN product_category pc ON pc.id = pt.categ_id
                 WHERE listing.state IN %(states)s AND %(reached)s
                """,
                reach=reach,
                states=REQUEUED_STATES,
                reached=Completeness._kobo_pricelist_reached(SQL("listing.channel_id")),
            )
        )
        return Listing.browse([row[0] for row in self.env.cr.fetchall()])

    @api.model
    def _kobo_cron_requeue_dated_rules(self):
        """Cron: queue the listings of the rules whose start or end came since the last run (the
        first run looks back one day), so that a sale starting or ending reaches the channels."""
        Param = self.env["ir.config_parameter"].sudo()
        now = fields.Datetime.now()
        last_run = fields.Datetime.to_datetime(Param.get_param(DATED_RULES_LAST_RUN)) or now - timedelta(
            days=1
        )
        self.flush_model(["date_start", "date_end"])
        self.env.cr.execute(
            SQL(
                """SELECT id FROM product_pricelist_item
                    WHERE (date_start > %(since)s AND date_start <= %(now)s)
                       OR (date_end >= %(since)s AND date_end < %(now)s)""",
                since=last_run,
                now=now,
            )
        )
        items = self.sudo().browse([row[0] for row in self.env.cr.fetchall()])
        items._kobo_listings_reached()._kobo_queue("publish")
        Param.set_param(DATED_RULES_LAST_RUN, fields.Datetime.to_string(now))
        return len(items)
