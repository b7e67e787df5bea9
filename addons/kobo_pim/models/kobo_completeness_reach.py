"""Inputs read from records that are not the product's own: which cells they reach.

A channel's pricelist rule (``product.pricelist.item``) sets the price a *Price* rule checks;
an attribute value's name (translated: colour and size names per locale) is how a message
names a variant. Neither belongs to one product, so their change is traced to the cells it
reaches in one SQL statement (whatever the number of products): those cells are marked dirty,
and their products are recomputed before the transaction commits, as for any product edit
(``kobo_completeness._kobo_recompute_before_commit``). A change that reaches more than
``PRECOMMIT_PRODUCT_LIMIT`` products (a rule for the whole pricelist of a large catalogue)
leaves its dirty cells to the cron instead, like a channel-wide edit: a save never pays for
the whole catalogue.
"""

from odoo import api, models
from odoo.tools import SQL

from .kobo_completeness_reader import VARIANT_CHECKS

# Beyond this many products, a change's cells are recomputed by the cron, not at the commit.
PRECOMMIT_PRODUCT_LIMIT = 1000


class KoboCompleteness(models.Model):
    _inherit = "kobo.completeness"

    @api.model
    def _kobo_channels_checking(self, checks):
        """SQL: ids of the active channels whose active profile has a rule of `checks`."""
        return SQL(
            """SELECT ch.id
                 FROM kobo_channel ch
                WHERE ch.active
                  AND EXISTS (SELECT 1
                                FROM kobo_requirement_rule rule
                                JOIN kobo_requirement_profile profile ON profile.id = rule.profile_id
                               WHERE rule.profile_id = ch.profile_id AND profile.active
                                 AND rule."check" = ANY(%s))""",
            sorted(checks),
        )

    @api.model
    def _kobo_pricelist_items_changed(self, item_ids):
        """The pricelist rules `item_ids` (as they are now in the database) changed: the cells
        of the products they apply to, on the channels whose price they set (their pricelist,
        or a pricelist based on it) and that check prices, are outdated. One query."""
        if not item_ids:
            return
        self._kobo_flush_reach_inputs()
        reach = self._kobo_pricelist_reach(item_ids, self._kobo_channels_checking({"price"}))
        self._kobo_outdate_reached(
            SQL(
                """
                %(reach)s
                UPDATE kobo_completeness cell SET dirty = TRUE
                  FROM product_template pt, product_category pc
                 WHERE pt.id = cell.product_tmpl_id AND pc.id = pt.categ_id
                   AND %(reached)s
                RETURNING cell.product_tmpl_id
                """,
                reach=reach,
                reached=self._kobo_pricelist_reached(SQL("cell.channel_id")),
            )
        )

    @api.model
    def _kobo_pricelist_reach(self, item_ids, channels):
        """SQL: the WITH clause naming ``targets`` (channel_id, categ_id, parent_path,
        product_tmpl_id, variant_template_id): what the pricelist rules `item_ids` (as they are
        now in the database) apply to, on the channels of `channels` (SQL of channel ids) whose
        price they set: their pricelist, or a pricelist based on it. Read it with
        ``_kobo_pricelist_reached``. Also used by the listings (kobo_syndication) to queue what a
        rule changes."""
        self.env["product.pricelist.item"].flush_model(
            ["pricelist_id", "categ_id", "product_tmpl_id", "product_id", "base", "base_pricelist_id"]
        )
        self.env["kobo.channel"].flush_model(["pricelist_id"])
        return SQL(
            """
            WITH RECURSIVE changed AS (
                SELECT item.pricelist_id, item.categ_id, item.product_tmpl_id,
                       variant.product_tmpl_id AS variant_template_id
                  FROM product_pricelist_item item
             LEFT JOIN product_product variant ON variant.id = item.product_id
                 WHERE item.id = ANY(%(item_ids)s)
            ),
            -- a pricelist whose rules are based on a changed one changes too
            reach(root_id, pricelist_id) AS (
                SELECT DISTINCT pricelist_id, pricelist_id FROM changed
                 UNION
                SELECT reach.root_id, item.pricelist_id
                  FROM product_pricelist_item item
                  JOIN reach ON item.base = 'pricelist' AND item.base_pricelist_id = reach.pricelist_id
            ),
            targets AS (
                SELECT DISTINCT ch.id AS channel_id, changed.categ_id, category.parent_path,
                       changed.product_tmpl_id, changed.variant_template_id
                  FROM changed
                  JOIN reach ON reach.root_id = changed.pricelist_id
                  JOIN kobo_channel ch ON ch.pricelist_id = reach.pricelist_id
             LEFT JOIN product_category category ON category.id = changed.categ_id
                 WHERE ch.id IN (%(channels)s)
            )
            """,
            item_ids=list(item_ids),
            channels=channels,
        )

    @api.model
    def _kobo_pricelist_reached(self, channel_column):
        """SQL condition: a target of ``_kobo_pricelist_reach`` applies to the product ``pt``
        (product_template) of category ``pc`` (product_category) on the channel
        `channel_column`: Odoo's own matching (_get_applicable_rules_domain), category and its
        children, product, variant."""
        return SQL(
            """EXISTS (
                   SELECT 1 FROM targets t
                    WHERE t.channel_id = %(channel)s
                      AND (t.categ_id IS NULL OR pc.parent_path LIKE t.parent_path || %(any)s)
                      AND (t.product_tmpl_id IS NULL OR t.product_tmpl_id = pt.id)
                      AND (t.variant_template_id IS NULL OR t.variant_template_id = pt.id))""",
            channel=channel_column,
            any="%",
        )

    @api.model
    def _kobo_attribute_values_renamed(self, value_ids):
        """The names of the attribute values `value_ids` changed (in some language): the cells
        of the products with variants of those values, on the channels whose rules name
        variants, are outdated. One query."""
        if not value_ids:
            return
        self.env["product.template.attribute.value"].flush_model(
            ["product_attribute_value_id", "product_tmpl_id", "ptav_active"]
        )
        self._kobo_flush_reach_inputs()
        self._kobo_outdate_reached(
            SQL(
                """
                UPDATE kobo_completeness cell SET dirty = TRUE
                 WHERE cell.product_tmpl_id IN (
                           SELECT ptav.product_tmpl_id FROM product_template_attribute_value ptav
                            WHERE ptav.product_attribute_value_id = ANY(%(value_ids)s) AND ptav.ptav_active)
                   AND cell.channel_id IN (%(channels)s)
                RETURNING cell.product_tmpl_id
                """,
                value_ids=list(value_ids),
                channels=self._kobo_channels_checking(VARIANT_CHECKS),
            )
        )

    @api.model
    def _kobo_flush_reach_inputs(self):
        """What the reach queries read of channels, profiles, products and cells."""
        self.env["kobo.channel"].flush_model(["active", "profile_id", "pricelist_id"])
        self.env["kobo.requirement.profile"].flush_model(["active"])
        self.env["kobo.requirement.rule"].flush_model(["profile_id", "check"])
        self.env["product.template"].flush_model(["categ_id"])
        self.flush_model(["dirty"])

    @api.model
    def _kobo_outdate_reached(self, update):
        """Run `update` (an UPDATE of cells RETURNING their product ids); recompute those
        products before the commit, or leave them to the cron when they are too many."""
        self.env.cr.execute(update)
        template_ids = {row[0] for row in self.env.cr.fetchall()}
        if not template_ids:
            return
        self.invalidate_model(["dirty"])
        if len(template_ids) <= PRECOMMIT_PRODUCT_LIMIT:
            self._kobo_recompute_before_commit(sorted(template_ids))
            return
        cron = self.env.ref("kobo_pim.ir_cron_kobo_completeness", raise_if_not_found=False)
        if cron:
            cron.sudo()._trigger()
