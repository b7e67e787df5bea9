from odoo import Command
from odoo.tests import tagged

from .common import HandoffCase


@tagged("post_install", "-at_install")
class TestHandoffBatch(HandoffCase):
    def _queries_of_first_and_second_run(self, styles):
        self.env.flush_all()
        self.env.invalidate_all()
        start = self.env.cr.sql_log_count
        styles._kobo_send_to_enrichment()
        self.env.flush_all()
        first = self.env.cr.sql_log_count - start
        self.env.invalidate_all()
        start = self.env.cr.sql_log_count
        styles._kobo_send_to_enrichment()
        self.env.flush_all()
        return first, self.env.cr.sql_log_count - start

    def test_the_query_count_does_not_grow_with_the_number_of_styles(self):
        # The first hand-off ever also fills Odoo's caches (registry lookups, defaults): warm up.
        # Each batch is built right before its hand-off, so both start from the same state.
        self._queries_of_first_and_second_run(self._styles(1, "HOW"))
        few = self._styles(3, "HOQ")
        few_first, few_second = self._queries_of_first_and_second_run(few)
        many = self._styles(9, "HOR")
        many_first, many_second = self._queries_of_first_and_second_run(many)
        # Each style's own values (its number, its size chart) are written one style at a time
        # through write(), with every hook other addons put on product.template; none of them
        # may cost a query per style (enrichment approval watch, what Odoo recomputes, the size
        # chart's stored translations). (Depending on what ran before, the run of 3 may still
        # pay one read of the current user that the run of 9 finds in cache.)
        self.assertLessEqual(many_first, few_first, "first hand-off of 9 styles vs 3")
        self.assertEqual(many_second, few_second, "second run of 9 styles vs 3: reads only, in batch")
        self.assertLess(few_second, few_first)
        enrichments = self.env["kobo.enrichment"].search([("product_tmpl_id", "in", many.ids)])
        self.assertEqual(len(enrichments), 9)
        self.assertEqual(sorted(many.mapped("kobo_item_group")), [f"HOR-{n:03d}" for n in range(9)])
        self.assertIn("Chest width", many[8].kobo_size_chart)
        self.assertEqual(len(self.wholesale_eur.item_ids), 13)

    def test_a_newer_approved_sheet_updates_only_the_rules_the_hand_off_made(self):
        style = self._styles(1, "HOP")
        other_pricelist = self.env["product.pricelist"].create(
            {"name": "Retailer with its own deal", "currency_id": self.env.company.currency_id.id}
        )
        own_rule = self.env["product.pricelist.item"].create(
            {
                "pricelist_id": other_pricelist.id,
                "applied_on": "1_product",
                "product_tmpl_id": style.id,
                "compute_price": "fixed",
                "fixed_price": 39.0,
            }
        )
        self.env["kobo.channel"].create(
            {
                "name": "Retailer with its own deal",
                "code": "handoff_own_deal",
                "channel_type": "retailer",
                "pricelist_id": other_pricelist.id,
            }
        )
        with self.subTest("first hand-off"):
            style.with_user(self.plm_manager).action_kobo_approve_production()
            self.env.cr.flush()  # what the commit does: mark the style for the hand-off
            self.env["product.template"]._kobo_run_pending_handoffs()  # the cron the commit triggers
        ours = self.wholesale_eur.item_ids
        first_price = ours.fixed_price
        self.assertEqual(other_pricelist.item_ids, own_rule, "no rule of ours shadows the retailer's own")
        sheet = self.env["kobo.cost.sheet"].search([("style_id", "=", style.id), ("state", "=", "approved")])
        newer = self.env["kobo.cost.sheet"].browse(sheet.action_new_version()["res_id"])
        newer.line_ids = [Command.create({"line_type": "operation", "name": "Wash", "unit_price": 4.0})]
        newer.action_submit()
        newer.action_approve()
        self.assertEqual(self.wholesale_eur.item_ids, ours)
        self.assertEqual(ours.fixed_price, newer.wholesale_price)
        self.assertGreater(ours.fixed_price, first_price)
        self.assertEqual(style.kobo_suggested_wholesale_price, newer.wholesale_price)
        self.assertEqual((own_rule.fixed_price, own_rule.kobo_handoff), (39.0, False))
        enrichment = self.env["kobo.enrichment"].search([("product_tmpl_id", "=", style.id)])
        self.assertIn(
            "Retailer with its own deal kept its own rule for this product", enrichment.message_ids[0].body
        )

    def test_a_pricelist_in_another_currency_gets_the_converted_price(self):
        company = self.env.company
        other = (
            self.env.ref("base.CHF")
            if company.currency_id != self.env.ref("base.CHF")
            else self.env.ref("base.GBP")
        )
        other.active = True
        self.env["res.currency.rate"].search(
            [("currency_id", "in", (other | company.currency_id).ids)]
        ).unlink()
        self.env["res.currency.rate"].create({"currency_id": other.id, "rate": 2.0, "company_id": company.id})
        pricelist = self.env["product.pricelist"].create({"name": "Handoff CHF", "currency_id": other.id})
        self.retailer.pricelist_id = pricelist
        style = self._styles(1, "HOC")
        style._kobo_send_to_enrichment()
        sheet = self.env["kobo.cost.sheet"].search([("style_id", "=", style.id), ("state", "=", "approved")])
        self.assertAlmostEqual(pricelist.item_ids.fixed_price, other.round(sheet.wholesale_price * 2.0))
        self.assertFalse(self.wholesale_eur.item_ids, "the channel's pricelist now is the other one")

    def test_the_rule_adds_no_query_per_approved_style(self):
        """The rule runs its action once per style: queuing keeps the approval's count flat."""
        warm_up, few, many = self._styles(1, "HOW"), self._styles(3, "HOA"), self._styles(9, "HOB")
        counts = []
        for styles in (warm_up, few, many):
            self.env.flush_all()
            self.env.invalidate_all()
            start = self.env.cr.sql_log_count
            styles.with_user(self.plm_manager).action_kobo_approve_production()
            self.env.flush_all()
            counts.append(self.env.cr.sql_log_count - start)
        self.assertEqual(counts[2], counts[1])
        self.assertFalse(self.env["kobo.enrichment"].search([("product_tmpl_id", "in", (few | many).ids)]))
        self.env.cr.flush()
        self.assertEqual(set((few | many).mapped("kobo_handoff_pending")), {True})
        self.env["product.template"]._kobo_run_pending_handoffs()
        enrichments = self.env["kobo.enrichment"].search([("product_tmpl_id", "in", (few | many).ids)])
        self.assertEqual(len(enrichments), 12, "one hand-off for the approvals, by the cron")
        self.assertEqual(set((few | many).mapped("kobo_season_name")), {"Autumn-Winter 2027"})

    def test_a_new_automation_rule_runs_at_once(self):
        """The rules are looked up once, and again as soon as an administrator changes them."""
        style = self._styles(1, "HOR")
        style.description_sale = "Before"
        automation = self.env["base.automation"].create(
            {
                "name": "Handoff test: mark sale description",
                "model_id": self.env.ref("product.model_product_template").id,
                "trigger": "on_create_or_write",
                "trigger_field_ids": [
                    (6, 0, self.env.ref("product.field_product_template__description").ids)
                ],
            }
        )
        self.env["ir.actions.server"].create(
            {
                "name": "Mark",
                "model_id": self.env.ref("product.model_product_template").id,
                "base_automation_id": automation.id,
                "usage": "base_automation",
                "state": "code",
                "code": "records.write({'description_sale': 'Marked'})",
            }
        )
        style.description = "Changed"
        self.assertEqual(style.description_sale, "Marked")
        automation.active = False
        style.description_sale = "Before"
        style.description = "Changed again"
        self.assertEqual(style.description_sale, "Before")
