"""Completeness cells: one per product × channel × locale, with its score and what is missing.

Cells are stored and computed data. They exist for every product that has an enrichment, on
every active channel of its company that has a requirement profile, in each of the channel's
locales. A cell is *dirty* when one of its inputs changed; only dirty cells are recomputed:

- an edit of a product (its fields, translations, variants, assets, channel copy, mappings,
  certifications) has that product's cells recomputed before the transaction commits (one
  batch per transaction, whatever the number of writes; no query at the write itself);
- an edit of a channel, its profile or a category mapping marks that channel's cells (or the
  category's) dirty; the cron, or the channel's *Recompute now*, recomputes them in batches.

The engine is ``kobo_completeness_checks.CompletenessEngine``: it reads everything a batch
needs with a fixed number of queries and writes the results with one UPDATE, then the cells'
issue rows (``kobo.completeness.issue``: *Products to Fix*) with two more statements.
"""

import logging

from odoo import api, fields, models
from odoo.tools import SQL

from .kobo_batch_isolation import failure_reason, run_isolated
from .kobo_completeness_checks import CompletenessEngine

_logger = logging.getLogger(__name__)

PIM_USERS = "kobo_pim.group_kobo_pim_user"
PENDING_KEY = "kobo_pim.completeness_products"
# Cells computed per engine run: bounds memory, and the cron's unit of work.
BATCH_SIZE = 20000


class KoboCompleteness(models.Model):
    _name = "kobo.completeness"
    _description = "Completeness per Channel and Locale"
    _order = "score, product_tmpl_id, channel_id, lang_id"
    _rec_name = "product_tmpl_id"

    product_tmpl_id = fields.Many2one(
        "product.template",
        string="Product",
        required=True,
        readonly=True,
        ondelete="cascade",
        index=True,
        kobo_immutable=True,
    )
    channel_id = fields.Many2one(
        "kobo.channel", required=True, readonly=True, ondelete="cascade", index=True, kobo_immutable=True
    )
    lang_id = fields.Many2one(
        "res.lang", string="Locale", required=True, readonly=True, ondelete="cascade", kobo_immutable=True
    )
    lang_code = fields.Char(related="lang_id.code", string="Locale Code")
    company_id = fields.Many2one("res.company", readonly=True, index=True)
    # Copied from the product by the engine (not related fields: cells are written in SQL).
    categ_id = fields.Many2one("product.category", string="Product Category", readonly=True)
    kobo_season_name = fields.Char(string="Collection", readonly=True)
    score = fields.Integer(readonly=True, aggregator="avg", help="Share of the profile's rules met, in %.")
    issue_count = fields.Integer(readonly=True, aggregator="sum")
    issues = fields.Text(
        string="What to Fix", readonly=True, help="What is missing or invalid, one line each."
    )
    complete = fields.Boolean(readonly=True, help="Every rule of the channel's profile is met.")
    dirty = fields.Boolean(
        string="Outdated",
        default=True,
        readonly=True,
        index=True,
        help="An input changed since the last computation.",
    )
    date_computed = fields.Datetime(string="Computed On", readonly=True)
    issue_ids = fields.One2many(
        "kobo.completeness.issue", "cell_id", string="Issues", readonly=True, help="What to fix, by rule."
    )
    image_128 = fields.Image(related="product_tmpl_id.image_128")

    _sql_constraints = [
        (
            "cell_unique",
            "unique(product_tmpl_id, channel_id, lang_id)",
            "One completeness per product, channel and locale.",
        ),
        ("score_range", "CHECK(score BETWEEN 0 AND 100)", "A score is between 0 and 100."),
    ]

    # Actions

    def action_open_product(self):
        self.ensure_one()
        return self.product_tmpl_id.get_formview_action()

    # Cells: which exist

    @api.model
    def _kobo_sync_cells(self, templates=None, channels=None):
        """Create the missing cells and delete the ones that should not exist, for `templates`
        or `channels` (or both; neither: all). New cells are dirty. Two queries."""
        lang_field = self.env["kobo.channel"]._fields["lang_ids"]
        scope_template = SQL("TRUE")
        scope_cell_template = SQL("TRUE")
        if templates is not None:
            scope_template = SQL("pt.id = ANY(%s)", list(templates.ids))
            scope_cell_template = SQL("cell.product_tmpl_id = ANY(%s)", list(templates.ids))
        scope_channel = SQL("TRUE")
        scope_cell_channel = SQL("TRUE")
        if channels is not None:
            scope_channel = SQL("ch.id = ANY(%s)", list(channels.ids))
            scope_cell_channel = SQL("cell.channel_id = ANY(%s)", list(channels.ids))
        desired = SQL(
            """
            SELECT pt.id AS product_tmpl_id, ch.id AS channel_id, rel.%(lang_col)s AS lang_id,
                   ch.company_id, pt.categ_id, pt.kobo_season_name
              FROM kobo_enrichment enrichment
              JOIN product_template pt ON pt.id = enrichment.product_tmpl_id AND pt.active
              JOIN kobo_channel ch ON ch.active AND ch.profile_id IS NOT NULL
                   AND (pt.company_id IS NULL OR pt.company_id = ch.company_id)
              JOIN %(rel)s rel ON rel.%(channel_col)s = ch.id
             WHERE %(scope_template)s AND %(scope_channel)s
            """,
            lang_col=SQL.identifier(lang_field.column2),
            rel=SQL.identifier(lang_field.relation),
            channel_col=SQL.identifier(lang_field.column1),
            scope_template=scope_template,
            scope_channel=scope_channel,
        )
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                DELETE FROM kobo_completeness cell
                 WHERE %(scope_template)s AND %(scope_channel)s
                   AND NOT EXISTS (SELECT 1 FROM (%(desired)s) d
                                    WHERE d.product_tmpl_id = cell.product_tmpl_id
                                      AND d.channel_id = cell.channel_id AND d.lang_id = cell.lang_id)
                """,
                scope_template=scope_cell_template,
                scope_channel=scope_cell_channel,
                desired=desired,
            )
        )
        deleted = self.env.cr.rowcount
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO kobo_completeness
                       (product_tmpl_id, channel_id, lang_id, company_id, categ_id, kobo_season_name,
                        score, issue_count, complete, dirty, create_uid, create_date, write_uid, write_date)
                SELECT d.product_tmpl_id, d.channel_id, d.lang_id, d.company_id, d.categ_id,
                       d.kobo_season_name, 0, 0, FALSE, TRUE,
                       %(uid)s, now() AT TIME ZONE 'UTC', %(uid)s, now() AT TIME ZONE 'UTC'
                  FROM (%(desired)s) d
                    ON CONFLICT (product_tmpl_id, channel_id, lang_id) DO NOTHING
                """,
                uid=self.env.uid,
                desired=desired,
            )
        )
        created = self.env.cr.rowcount
        if deleted or created:
            self.env.invalidate_all()
        return created, deleted

    # Cells: which are outdated

    @api.model
    def _kobo_products_changed(self, templates):
        """`templates` changed: their cells are recomputed once at the transaction's commit
        point (no query now, however many writes a transaction makes)."""
        template_ids = [template_id for template_id in templates.ids if template_id]
        if template_ids:
            self._kobo_recompute_before_commit(template_ids)

    @api.model
    def _kobo_mark_channels_dirty(self, channels, categories=None):
        """`channels` (or only their products of `categories`, child categories included)
        changed: their cells are outdated, recomputed by the cron (started now) in batches."""
        if not channels:
            return
        scope = SQL("TRUE")
        if categories is not None:
            category_ids = self.env["product.category"].search([("id", "child_of", categories.ids)]).ids
            scope = SQL(
                "product_tmpl_id IN (SELECT id FROM product_template WHERE categ_id = ANY(%s))", category_ids
            )
        self.env.cr.execute(
            SQL(
                "UPDATE kobo_completeness SET dirty = TRUE WHERE channel_id = ANY(%s) AND NOT dirty AND %s",
                list(channels.ids),
                scope,
            )
        )
        if self.env.cr.rowcount:
            self.invalidate_model(["dirty"])
            cron = self.env.ref("kobo_pim.ir_cron_kobo_completeness", raise_if_not_found=False)
            if cron:
                cron.sudo()._trigger()

    def _kobo_recompute_before_commit(self, template_ids):
        """Recompute the cells of `template_ids` when the transaction is flushed (before its
        commit, or at a savepoint), once for all the writes that named them."""
        precommit = self.env.cr.precommit
        pending = precommit.data.get(PENDING_KEY)
        if pending is None:
            pending = precommit.data[PENDING_KEY] = set()
            env = self.env

            @precommit.add
            def recompute():
                template_ids = sorted(precommit.data.pop(PENDING_KEY, ()))
                Cell = env["kobo.completeness"].sudo()
                try:
                    with env.cr.savepoint(flush=False):
                        Cell._kobo_recompute_products(template_ids)
                except Exception:
                    # The edit itself must not fail because of its completeness: the cells are
                    # left outdated for the cron, and the error goes to the log.
                    _logger.exception("Completeness of products %s left to the cron", template_ids)
                    env.cr.execute(
                        SQL(
                            "UPDATE kobo_completeness SET dirty = TRUE WHERE product_tmpl_id = ANY(%s)",
                            template_ids,
                        )
                    )
                    Cell.invalidate_model(["dirty"])

        pending.update(template_ids)

    # Recomputation

    @api.model
    def _kobo_recompute_products(self, template_ids):
        """Recompute the cells of these products; return how many cells were computed."""
        if not template_ids:
            return 0
        cells = self.search([("product_tmpl_id", "in", list(template_ids))], order="id")
        return cells._kobo_recompute()

    @api.model
    def _kobo_recompute_dirty(self, channels=None, limit=None):
        """Recompute dirty cells (of `channels`, or all) in batches; at most `limit` cells.
        Returns ``(computed, remaining)``. Cells are computed data: callers run it as superuser
        (the cron, the channel's button after its group check).

        A cell whose computation fails does not stop the others (``run_isolated``): it stays
        outdated, says so in its *What to Fix*, and is left out of this run's remaining count
        (the next run tries it again), so that the cron does not loop on it.
        """
        scope = SQL("TRUE") if channels is None else SQL("channel_id = ANY(%s)", list(channels.ids))
        self.flush_model(["dirty", "channel_id"])
        computed = 0
        failed_ids = []
        while limit is None or computed < limit:
            size = BATCH_SIZE if limit is None else min(BATCH_SIZE, limit - computed)
            # A product's cells in one batch: the engine reads each product once for them all
            self.env.cr.execute(
                SQL(
                    """SELECT id FROM kobo_completeness WHERE dirty AND %s AND NOT id = ANY(%s)
                        ORDER BY product_tmpl_id, id LIMIT %s""",
                    scope,
                    failed_ids,
                    size,
                )
            )
            cells = self.browse(row[0] for row in self.env.cr.fetchall())
            if not cells:
                break
            failures = run_isolated(cells, lambda part: part._kobo_recompute())
            if failures:
                self._kobo_mark_not_computed(failures)
                failed_ids += [cell.id for cell in failures]
            computed += len(cells) - len(failures)
        self.env.cr.execute(
            SQL(
                "SELECT count(*) FROM kobo_completeness WHERE dirty AND %s AND NOT id = ANY(%s)",
                scope,
                failed_ids,
            )
        )
        return computed, self.env.cr.fetchone()[0]

    @api.model
    def _kobo_mark_not_computed(self, failures):
        """`failures` ({cell: exception}) could not be computed: they stay outdated, and their
        *What to Fix* says so (the details go to the server log)."""
        for cell, error in failures.items():
            _logger.error("Completeness cell %s could not be computed", cell.id, exc_info=error)
            self.env.cr.execute(
                SQL(
                    "UPDATE kobo_completeness SET dirty = TRUE, complete = FALSE, issues = %s WHERE id = %s",
                    self.env._(
                        "Could not be computed: %(reason)s The next run tries again.",
                        reason=failure_reason(self.env, error),
                    ),
                    cell.id,
                )
            )
        self.invalidate_model(["dirty", "complete", "issues"])

    def _kobo_recompute(self):
        """Compute these cells (any state) and store the result; return how many were computed."""
        if not self:
            return 0
        engine = CompletenessEngine(self.env)
        computed = 0
        for start in range(0, len(self.ids), BATCH_SIZE):
            computed += engine.compute_and_store(self.ids[start : start + BATCH_SIZE])
        self.invalidate_model()
        return computed

    @api.model
    def _cron_recompute(self, limit=BATCH_SIZE * 5):
        """Recompute outdated cells; products whose claimed certification expired since the
        last days are marked outdated first (an expiry is a change of date, not an edit)."""
        today = fields.Date.context_today(self)
        expired = (
            self.env["kobo.pim.certification"]
            .sudo()
            .search([("date_expiry", "<", today), ("date_expiry", ">=", fields.Date.subtract(today, days=2))])
        )
        if expired:
            self.env.cr.execute(
                SQL(
                    "UPDATE kobo_completeness SET dirty = TRUE WHERE product_tmpl_id = ANY(%s) AND NOT dirty",
                    list(expired.product_tmpl_id.ids),
                )
            )
            self.invalidate_model(["dirty"])
        computed, remaining = self.sudo()._kobo_recompute_dirty(limit=limit)
        self.env["ir.cron"]._notify_progress(done=computed, remaining=remaining)
        return computed
