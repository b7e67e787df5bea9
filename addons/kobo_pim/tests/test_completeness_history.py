from datetime import date, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged

from .test_completeness_common import CompletenessCase

DAY = date(2026, 11, 2)


@tagged("post_install", "-at_install")
class TestCompletenessHistory(CompletenessCase):
    """The readiness history: one row per day × channel × collection, equal to the cells."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.History = cls.env["kobo.completeness.history"]
        cls.env["kobo.pim.season"].search([]).active = False

    def _product_in(self, name, season, state):
        """A product of collection `season`: "ready", "no_brand" (only its brand missing) or
        "empty" (nothing filled in)."""
        product = self._product(name, complete=state != "empty")
        product.kobo_season_name = season
        if state == "no_brand":
            product.kobo_brand = False
        self.env.cr.flush()
        return product

    def _rows(self, channel=None):
        rows = self.History.search([("channel_id", "=", (channel or self.channel).id)])
        return {(row.date, row.kobo_season_name): row for row in rows}

    def _record(self):
        self.History.with_user(self.catalogue_manager).action_record_today()

    def _make_complete(self, product):
        product.kobo_brand = "Kobo"
        self.env.cr.flush()
        self.assertTrue(all(cell.complete for cell in self._cells(product).values()))

    @freeze_time(DAY)
    def test_recording_twice_a_day_updates_the_day(self):
        product = self._product_in("Twice a", "AW26", "no_brand")
        self._product_in("Twice b", "AW26", "ready")
        self._record()
        row = self._rows()[(DAY, "AW26")]
        self.assertEqual((row.product_count, row.complete_count, row.remaining_count), (2, 1, 1))
        self.assertTrue(row.is_latest)

        self._make_complete(product)
        self._record()
        rows = self._rows()
        self.assertEqual(list(rows), [(DAY, "AW26")], "one row per day, channel and collection")
        self.assertEqual(rows[(DAY, "AW26")], row, "the day's row is updated, not duplicated")
        self.assertEqual((row.product_count, row.complete_count, row.remaining_count), (2, 2, 0))

    def test_totals_equal_the_cells(self):
        self._product_in("Total a", "AW26", "ready")
        self._product_in("Total b", "AW26", "ready")
        self._product_in("Total c", "AW26", "no_brand")
        self._product_in("Total d", "SS27", "no_brand")
        self._product_in("Total e", False, "ready")
        self._record()
        today = date.today()
        rows = self._rows()
        figures = {
            season: (row.product_count, row.complete_count, row.remaining_count)
            for (_d, season), row in rows.items()
        }
        self.assertEqual(figures, {"AW26": (3, 2, 1), "SS27": (1, 0, 1), False: (1, 1, 0)})
        self.assertEqual({day for day, _season in rows}, {today})
        # A product is ready for the channel when its cells in every locale are complete
        cells = self.env["kobo.completeness"].search([("channel_id", "=", self.channel.id)])
        ready = {
            template
            for template in cells.product_tmpl_id
            if all(cell.complete for cell in cells.filtered(lambda c, t=template: c.product_tmpl_id == t))
        }
        self.assertEqual(sum(row.complete_count for row in rows.values()), len(ready))
        self.assertEqual(sum(row.product_count for row in rows.values()), len(cells.product_tmpl_id))
        aw26 = rows[(today, "AW26")]
        self.assertAlmostEqual(
            aw26.score_average,
            round(sum(cells.filtered(lambda c: c.kobo_season_name == "AW26").mapped("score")) / 6, 1),
        )

    def test_latest_rows_are_the_cards(self):
        self._product_in("Latest a", "AW26", "no_brand")
        with freeze_time(DAY):
            self._record()
        with freeze_time(DAY + timedelta(days=1)):
            self._record()
        rows = self._rows()
        self.assertEqual(
            {day: row.is_latest for (day, _season), row in rows.items()},
            {DAY: False, DAY + timedelta(days=1): True},
        )

    def test_card_shows_days_left_trend_and_blockers(self):
        product = self._product_in("Card a", "AW26", "no_brand")
        self._product_in("Card b", "AW26", "no_brand")
        self._product_in("Card c", "AW26", "empty")
        self.env["kobo.pim.season"].with_user(self.catalogue_manager).create(
            {"name": " AW26 ", "launch_date": DAY + timedelta(days=30)}
        )
        with freeze_time(DAY):
            self._record()
        with freeze_time(DAY + timedelta(days=3)):
            self._make_complete(product)
            self._record()
            card = self.History.with_user(self.catalogue_user).search(
                [("is_latest", "=", True), ("channel_id", "=", self.channel.id)]
            )
            self.assertEqual(card.kobo_season_name, "AW26")
            self.assertEqual((card.complete_count, card.product_count), (1, 3))
            self.assertEqual(card.launch_date, DAY + timedelta(days=30))
            self.assertEqual(card.days_left, 27)
            self.assertEqual(card.week_delta, 1)
            self.assertEqual(card.week_delta_label, "+1 since 11/02/2026")
            # What blocks most products first; a problem in both locales counts its product once
            blockers = card.blockers.splitlines()
            self.assertEqual(len(blockers), 3)
            self.assertEqual(blockers[0], "brand missing (2 products)")
            self.assertIn(("title missing", 1), card._kobo_blocker_counts()[(self.channel.id, "AW26")])
            self.assertFalse([line for line in blockers if line.startswith(("en_US", "fr_FR"))])
        with freeze_time(DAY + timedelta(days=10)):
            self._record()
            card = self.History.search([("is_latest", "=", True), ("channel_id", "=", self.channel.id)])
            self.assertEqual(card.days_left, 20)
            self.assertEqual(card.week_delta_label, "+0 this week")

    def test_no_launch_date_and_first_day(self):
        # A name no PLM season has either (kobo_plm_pim falls back on the PLM seasons' dates)
        self._product_in("First a", "Test collection without a date", "ready")
        with freeze_time(DAY):
            self._record()
            card = self.History.with_user(self.catalogue_user).search([("channel_id", "=", self.channel.id)])
            self.assertFalse(card.launch_date)
            self.assertEqual(card.week_delta_label, "History starts 11/02/2026")
            self.assertFalse(card.blockers)
            self.assertEqual(card.ready_rate, 100.0)

    def test_only_managers_record(self):
        with self.assertRaises(AccessError):
            self.History.with_user(self.catalogue_user).action_record_today()
        with self.assertRaises(AccessError):
            self.History.with_user(self.catalogue_manager).create(
                {"date": DAY, "channel_id": self.channel.id, "product_count": 3}
            )
        self._product_in("Access a", "AW26", "ready")
        self._record()
        row = self.History.with_user(self.catalogue_user).search([("channel_id", "=", self.channel.id)])
        self.assertEqual(row.read(["complete_count"])[0]["complete_count"], 1)
        with self.assertRaises(AccessError):
            row.with_user(self.catalogue_manager).write({"complete_count": 5})
        with self.assertRaises(AccessError):
            self.env["kobo.pim.season"].with_user(self.catalogue_user).create(
                {"name": "AW26", "launch_date": DAY}
            )

    def test_other_company_rows_are_hidden(self):
        self._product_in("Company a", "AW26", "ready")
        self._record()
        other = self.env["res.company"].create({"name": "Other brand"})
        self.catalogue_user.write({"company_ids": [(4, other.id)], "company_id": other.id})
        rows = (
            self.History.with_user(self.catalogue_user)
            .with_context(allowed_company_ids=[other.id])
            .search([])
        )
        self.assertFalse(rows)

    def test_views_load_for_a_catalogue_user(self):
        views = (
            self.History.with_user(self.catalogue_user).get_views(
                [(False, "kanban"), (False, "graph"), (False, "list"), (False, "pivot"), (False, "search")]
            )
        )["views"]
        self.assertIn('type="line"', views["graph"]["arch"])
        self.assertIn("remaining_count", views["graph"]["arch"])
        self.assertIn("blockers", views["kanban"]["arch"])
        self.assertNotIn("action_record_today", views["kanban"]["arch"])
        manager_views = self.History.with_user(self.catalogue_manager).get_views([(False, "kanban")])["views"]
        self.assertIn("action_record_today", manager_views["kanban"]["arch"])
        self.env["kobo.pim.season"].with_user(self.catalogue_user).get_views([(False, "list")])

    def test_burndown_action_is_the_cards_channel_and_collection(self):
        self._product_in("Action a", "AW26", "no_brand")
        self._record()
        card = self.History.with_user(self.catalogue_user).search([("channel_id", "=", self.channel.id)])
        action = card.action_open_burndown()
        self.assertEqual(action["res_model"], "kobo.completeness.history")
        self.assertEqual(
            action["domain"], [("channel_id", "=", self.channel.id), ("kobo_season_name", "=", "AW26")]
        )
        self.assertIn("graph", action["view_mode"])
        cells = (
            self.env["kobo.completeness"]
            .with_user(self.catalogue_user)
            .search(card.action_open_cells()["domain"])
        )
        self.assertEqual(len(cells), 2)

    def _recording_queries(self, count):
        for number in range(count):
            self._product_in(f"Queries {count}-{number}", f"Q{count}", "ready" if number % 2 else "no_brand")
        self.env.flush_all()
        self.env.cr.flush()
        self.env.transaction.reset()
        before = self.env.cr.sql_log_count
        self.History.sudo()._kobo_record()
        queries = self.env.cr.sql_log_count - before
        row = self._rows()[(date.today(), f"Q{count}")]
        self.assertEqual((row.product_count, row.complete_count), (count, count // 2))
        return queries

    def test_recording_query_count_does_not_grow(self):
        small = self._recording_queries(2)
        large = self._recording_queries(6)
        self.assertEqual(small, large)
        self.assertLessEqual(small, 3)


@tagged("post_install", "-at_install")
class TestCompletenessHistoryUi(HttpCase):
    def test_manager_reads_the_cards_and_opens_a_burndown(self):
        manager = new_test_user(
            self.env, "kobo_tour_burndown", groups="base.group_user,kobo_pim.group_kobo_pim_manager"
        )
        channel = self.env["kobo.channel"].create({"name": "Tour burn-down shop", "code": "tour_burndown"})
        today = fields.Date.today()
        self.env["kobo.pim.season"].create(
            {"name": "Tour collection", "launch_date": today + timedelta(days=10)}
        )
        # Two recorded days (as superuser: nobody writes the history through the ORM otherwise)
        History = self.env["kobo.completeness.history"].sudo()
        for days_ago, ready, latest in ((7, 0, False), (0, 2, True)):
            History.create(
                {
                    "date": today - timedelta(days=days_ago),
                    "channel_id": channel.id,
                    "company_id": channel.company_id.id,
                    "kobo_season_name": "Tour collection",
                    "product_count": 5,
                    "complete_count": ready,
                    "remaining_count": 5 - ready,
                    "is_latest": latest,
                }
            )
        self.start_tour(
            "/odoo/action-kobo_pim.action_kobo_completeness_readiness",
            "kobo_pim_burndown",
            login=manager.login,
        )
