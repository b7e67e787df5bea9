"""Readiness history: per day, channel and collection, how many products are ready.

One row per day × channel × collection (all the channel's locales together: a product is ready
for a channel when it is complete in every locale the channel sells in). Rows are aggregates of
the completeness cells, written by a daily cron (or a manager's *Record today*) with one
``INSERT … SELECT … ON CONFLICT`` per run: recording twice a day updates that day's rows. No
per-product rows; history builds day by day from the first recording, nothing is back-filled.
The latest recording of each channel × collection is the dashboard's card (``is_latest``); the
rows over time are its burn-down graph.
"""

from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL, create_unique_index, format_date

PIM_USERS = "kobo_pim.group_kobo_pim_user"
PIM_MANAGERS = "kobo_pim.group_kobo_pim_manager"
# A cell's issue line starts with its locale ("fr_FR: description missing"): a blocker is the
# same problem in every locale.
LOCALE_PREFIX = r"^[A-Za-z]{2,3}(_[A-Za-z0-9]+)?(@[A-Za-z]+)?: "
TOP_BLOCKERS = 3


class KoboCompletenessHistory(models.Model):
    _name = "kobo.completeness.history"
    _description = "Completeness History"
    _order = "date desc, channel_id, kobo_season_name"
    _rec_name = "channel_id"

    date = fields.Date(required=True, readonly=True, index=True)
    channel_id = fields.Many2one("kobo.channel", required=True, readonly=True, ondelete="cascade", index=True)
    company_id = fields.Many2one("res.company", readonly=True, index=True)
    kobo_season_name = fields.Char(string="Collection", readonly=True)
    product_count = fields.Integer(string="Products", readonly=True, aggregator="sum")
    complete_count = fields.Integer(
        string="Ready",
        readonly=True,
        aggregator="sum",
        help="Products complete in every locale of the channel.",
    )
    remaining_count = fields.Integer(string="Not Ready", readonly=True, aggregator="sum")
    dirty_count = fields.Integer(
        string="Outdated",
        readonly=True,
        aggregator="sum",
        help="Products with a cell not recomputed yet when the day was recorded.",
    )
    score_average = fields.Float(string="Average Score", readonly=True, aggregator="avg", digits=(5, 1))
    is_latest = fields.Boolean(
        string="Latest", readonly=True, index=True, help="The last recording of this channel and collection."
    )
    # Display only: the card's figures
    ready_rate = fields.Float(string="Ready (%)", compute="_compute_ready_rate")
    launch_date = fields.Date(
        compute="_compute_launch", help="Set in Configuration › Collection Launch Dates."
    )
    days_left = fields.Integer(string="Days to Launch", compute="_compute_launch")
    week_delta = fields.Integer(
        string="Trend",
        compute="_compute_week_delta",
        help="Products made ready over the last 7 days of history.",
    )
    week_delta_since = fields.Date(compute="_compute_week_delta")
    week_delta_label = fields.Char(string="Trend Label", compute="_compute_week_delta")
    blockers = fields.Text(
        string="What Blocks the Rest",
        compute="_compute_blockers",
        help="The problems shared by most of the products not ready yet, now.",
    )

    def init(self):
        # One row per day, channel and collection ("no collection" included): what the upsert
        # of ``_kobo_record`` conflicts on.
        create_unique_index(
            self.env.cr,
            "kobo_completeness_history_day_unique",
            self._table,
            ["date", "channel_id", "COALESCE(kobo_season_name, '')"],
        )

    # Computes (display)

    def _compute_ready_rate(self):
        for row in self:
            row.ready_rate = 100.0 * row.complete_count / row.product_count if row.product_count else 0.0

    def _compute_launch(self):
        keys = {(row.company_id.id, row.kobo_season_name) for row in self if row.kobo_season_name}
        dates = self.env["kobo.pim.season"]._kobo_launch_dates(keys)
        today = fields.Date.today()
        for row in self:
            launch = dates.get((row.company_id.id, row.kobo_season_name))
            row.launch_date = launch
            row.days_left = (launch - today).days if launch else 0

    def _compute_week_delta(self):
        """Against the earliest recording of the 7 days before the row (one query for all)."""
        real = self.filtered("id")
        references = {}
        if real:
            self.flush_model()
            self.env.cr.execute(
                SQL(
                    """
                    SELECT DISTINCT ON (row.id) row.id, past.date, past.complete_count
                      FROM kobo_completeness_history row
                      JOIN kobo_completeness_history past
                        ON past.channel_id = row.channel_id
                       AND COALESCE(past.kobo_season_name, '') = COALESCE(row.kobo_season_name, '')
                       AND past.date < row.date AND past.date >= row.date - 7
                     WHERE row.id = ANY(%s)
                     ORDER BY row.id, past.date
                    """,
                    real.ids,
                )
            )
            references = {row_id: (date, count) for row_id, date, count in self.env.cr.fetchall()}
        for row in self:
            reference = references.get(row.id)
            if not reference:
                row.week_delta = 0
                row.week_delta_since = False
                row.week_delta_label = self.env._(
                    "History starts %(date)s", date=self._kobo_date_text(row.date)
                )
                continue
            date, count = reference
            row.week_delta = row.complete_count - count
            row.week_delta_since = date
            delta = f"{row.week_delta:+d}"
            if date <= row.date - timedelta(days=7):
                row.week_delta_label = self.env._("%(delta)s this week", delta=delta)
            else:
                row.week_delta_label = self.env._(
                    "%(delta)s since %(date)s", delta=delta, date=self._kobo_date_text(date)
                )

    def _compute_blockers(self):
        counts = self._kobo_blocker_counts()
        for row in self:
            top = counts.get((row.channel_id.id, row.kobo_season_name or ""), [])[:TOP_BLOCKERS]
            row.blockers = "\n".join(
                self.env._("%(problem)s (%(count)s products)", problem=problem, count=products)
                if products > 1
                else self.env._("%(problem)s (1 product)", problem=problem)
                for problem, products in top
            )

    def _kobo_blocker_counts(self):
        """What keeps the products of these rows' channels from being ready, now: a dict from
        ``(channel id, collection or "")`` to ``[(problem, products)]``, most shared first. A
        problem is a line of a cell's *What to Fix* without its locale. One query."""
        counts = defaultdict(list)
        if not self.channel_id:
            return counts
        self.env["kobo.completeness"].flush_model(["issues", "complete", "channel_id", "kobo_season_name"])
        self.env.cr.execute(
            SQL(
                """
                SELECT cell.channel_id, COALESCE(cell.kobo_season_name, ''), problem,
                       count(DISTINCT cell.product_tmpl_id)
                  FROM kobo_completeness cell,
                       LATERAL regexp_split_to_table(cell.issues, E'\\n') AS line,
                       LATERAL regexp_replace(line, %s, '') AS problem
                 WHERE cell.channel_id = ANY(%s) AND NOT cell.complete AND cell.issues IS NOT NULL
                 GROUP BY 1, 2, 3
                 ORDER BY 4 DESC, 3
                """,
                LOCALE_PREFIX,
                self.channel_id.ids,
            )
        )
        for channel_id, season, problem, products in self.env.cr.fetchall():
            counts[(channel_id, season)].append((problem, products))
        return counts

    def _kobo_date_text(self, date):
        return format_date(self.env, date) if date else ""

    # Actions

    @api.model
    def action_record_today(self):
        """Record today's readiness now (catalogue managers; the cron does it every night)."""
        if not self.env.user.has_group(PIM_MANAGERS):
            raise AccessError(self.env._("Only catalogue managers record the readiness history."))
        self.sudo()._kobo_record()
        return True

    def action_open_burndown(self):
        """The burn-down of this card's channel and collection: products not ready, per day."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("kobo_pim.action_kobo_completeness_burndown")
        action["domain"] = [
            ("channel_id", "=", self.channel_id.id),
            ("kobo_season_name", "=", self.kobo_season_name or False),
        ]
        action["display_name"] = self.env._(
            "Burn-down: %(channel)s, %(collection)s",
            channel=self.channel_id.display_name,
            collection=self.kobo_season_name or self.env._("no collection"),
        )
        return action

    def action_open_cells(self):
        """The cells still to fix of this card's channel and collection."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("kobo_pim.action_kobo_completeness")
        action["domain"] = [
            ("channel_id", "=", self.channel_id.id),
            ("kobo_season_name", "=", self.kobo_season_name or False),
        ]
        return action

    # Recording

    @api.model
    def _cron_record(self):
        self.sudo()._kobo_record()

    @api.model
    def _kobo_record(self):
        """Record today's readiness of every active channel × collection: one statement,
        whatever the number of products. Recording again the same day updates that day's rows;
        the rows of this recording become the latest, the earlier latest ones history."""
        # The products edited in this transaction get their cells computed first (commit point)
        self.env.cr.flush()
        self.env.flush_all()
        now = SQL("now() AT TIME ZONE 'UTC'")
        self.env.cr.execute(
            SQL(
                """
                WITH product AS (
                    SELECT cell.channel_id, cell.company_id, NULLIF(cell.kobo_season_name, '') AS season,
                           cell.product_tmpl_id, bool_and(cell.complete) AS complete,
                           avg(cell.score) AS score, bool_or(cell.dirty) AS dirty
                      FROM kobo_completeness cell
                      JOIN kobo_channel channel ON channel.id = cell.channel_id AND channel.active
                     GROUP BY cell.channel_id, cell.company_id, NULLIF(cell.kobo_season_name, ''),
                              cell.product_tmpl_id
                ), recorded AS (
                    INSERT INTO kobo_completeness_history
                           (date, channel_id, company_id, kobo_season_name, product_count, complete_count,
                            remaining_count, dirty_count, score_average, is_latest,
                            create_uid, create_date, write_uid, write_date)
                    SELECT %(today)s, channel_id, company_id, season, count(*),
                           count(*) FILTER (WHERE complete), count(*) FILTER (WHERE NOT complete),
                           count(*) FILTER (WHERE dirty), round(avg(score), 1), TRUE,
                           %(uid)s, %(now)s, %(uid)s, %(now)s
                      FROM product
                     GROUP BY channel_id, company_id, season
                        ON CONFLICT (date, channel_id, (COALESCE(kobo_season_name, ''))) DO UPDATE
                       SET company_id = EXCLUDED.company_id, product_count = EXCLUDED.product_count,
                           complete_count = EXCLUDED.complete_count,
                           remaining_count = EXCLUDED.remaining_count, dirty_count = EXCLUDED.dirty_count,
                           score_average = EXCLUDED.score_average, is_latest = TRUE,
                           write_uid = EXCLUDED.write_uid, write_date = EXCLUDED.write_date
                    RETURNING id
                )
                UPDATE kobo_completeness_history
                   SET is_latest = FALSE
                 WHERE is_latest AND id NOT IN (SELECT id FROM recorded)
                """,
                today=fields.Date.today(),
                uid=self.env.uid,
                now=now,
            )
        )
        self.invalidate_model()
        return True
