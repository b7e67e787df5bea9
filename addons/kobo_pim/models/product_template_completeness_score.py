"""Completeness where catalogue people work: the score of the user's chosen channel and locale.

``kobo.completeness.score.mixin`` gives a model whose records stand for a product (the product
itself, its enrichment) the score, the issue count and whether there is a cell at all, for the
channel and locale the user chose (``res.users._kobo_completeness_target``). The fields are not
stored (they depend on who looks), yet they sort and filter: the order joins the one cell of
that channel and locale, the search is a subquery on the cells.

A product without a cell for that channel and locale (not in enrichment, another company's
channel) is *not measured*: its score reads 0 and the views show nothing; it matches no
comparison (``<``, ``=``, ``in``…) except ``= False``, and it sorts last in both directions.
"""

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

PIM_USERS = "kobo_pim.group_kobo_pim_user"
SCORE_FIELDS = {"kobo_completeness_score": "score", "kobo_completeness_issue_count": "issue_count"}
OPERATORS = ("=", "!=", "<", "<=", ">", ">=", "in", "not in")


class KoboCompletenessScoreMixin(models.AbstractModel):
    _name = "kobo.completeness.score.mixin"
    _description = "Completeness for the User's Channel and Locale"
    #: The column holding the product (``product.template`` id) on the inheriting model.
    _kobo_completeness_product_column = "product_tmpl_id"

    kobo_completeness_score = fields.Integer(
        string="Completeness (My Channel)",
        compute="_compute_kobo_completeness_score",
        search="_search_kobo_completeness_score",
        groups=PIM_USERS,
        help="Share of the requirement profile's rules met on the channel and locale chosen in "
        "the Completeness switcher (top bar), in %.",
    )
    kobo_completeness_issue_count = fields.Integer(
        string="Issues to Fix",
        compute="_compute_kobo_completeness_score",
        search="_search_kobo_completeness_issue_count",
        groups=PIM_USERS,
        help="What is missing or invalid on the chosen channel and locale.",
    )
    kobo_completeness_measured = fields.Boolean(
        string="Completeness Measured",
        compute="_compute_kobo_completeness_score",
        groups=PIM_USERS,
        help="The product has a completeness for the chosen channel and locale.",
    )
    kobo_completeness_target = fields.Char(
        string="Completeness For",
        compute="_compute_kobo_completeness_score",
        groups=PIM_USERS,
        help="The channel and locale whose completeness is shown; change them in the top bar.",
    )

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_kobo_completeness_score(self):
        channel, lang = self.env.user._kobo_completeness_target()
        target = f"{channel.display_name} · {lang.code}" if channel else ""
        cells = {}
        record_product_ids = self._kobo_completeness_product_ids()
        # New records (onchange) have no cell yet
        product_ids = [product_id for product_id in record_product_ids if isinstance(product_id, int)]
        if channel and product_ids:
            # One query for the whole batch; the channel is one of the user's active companies
            # (the target says so), so its cells are the ones the record rule lets them read.
            found = (
                self.env["kobo.completeness"]
                .sudo()
                .search_fetch(
                    [
                        ("product_tmpl_id", "in", product_ids),
                        ("channel_id", "=", channel.id),
                        ("lang_id", "=", lang.id),
                    ],
                    ["product_tmpl_id", "score", "issue_count"],
                )
            )
            cells = {cell.product_tmpl_id.id: cell for cell in found}
        for record, product_id in zip(self, record_product_ids, strict=True):
            cell = cells.get(product_id)
            record.kobo_completeness_score = cell.score if cell else 0
            record.kobo_completeness_issue_count = cell.issue_count if cell else 0
            record.kobo_completeness_measured = bool(cell)
            record.kobo_completeness_target = target

    def _kobo_completeness_product_ids(self):
        """The ``product.template`` id each record stands for, in order."""
        column = self._kobo_completeness_product_column
        if column == "id":
            return [record.id for record in self]
        return [record[column].id for record in self]

    def _search_kobo_completeness_score(self, operator, value):
        return self._kobo_completeness_domain("score", operator, value)

    def _search_kobo_completeness_issue_count(self, operator, value):
        return self._kobo_completeness_domain("issue_count", operator, value)

    def _kobo_completeness_domain(self, column, operator, value):
        if operator not in OPERATORS:
            raise UserError(
                self.env._(
                    "Completeness can be searched with %(operators)s, not %(operator)s.",
                    operators=", ".join(OPERATORS),
                    operator=operator,
                )
            )
        product_column = self._kobo_completeness_product_column
        channel, lang = self.env.user._kobo_completeness_target()
        if value is False or value is None:
            # "= False": not measured; "!= False": measured
            if operator not in ("=", "!="):
                raise UserError(self.env._("Completeness compares with a number."))
            measured = self._kobo_completeness_cells(channel, lang, [])
            return [(product_column, "not in" if operator == "=" else "in", measured)]
        if not channel:
            return [(product_column, "in", [])]
        cells = self._kobo_completeness_cells(channel, lang, [(column, operator, value)])
        return [(product_column, "in", cells)]

    def _kobo_completeness_cells(self, channel, lang, domain):
        """The products of the cells of ``channel`` and ``lang`` matching ``domain``, as a
        subquery (no query now)."""
        if not channel:
            return []
        return (
            self.env["kobo.completeness"]
            .sudo()
            ._search([("channel_id", "=", channel.id), ("lang_id", "=", lang.id), *domain])
            .subselect("product_tmpl_id")
        )

    def _order_field_to_sql(self, alias, field_name, direction, nulls, query):
        column = SCORE_FIELDS.get(field_name)
        if not column:
            return super()._order_field_to_sql(alias, field_name, direction, nulls, query)
        self.check_field_access_rights("read", [field_name])
        channel, lang = self.env.user._kobo_completeness_target()
        if not channel:
            return SQL()
        Cell = self.env["kobo.completeness"]
        cell_alias = query.make_alias(alias, "kobo_completeness_cell")
        query.add_join(
            "LEFT JOIN",
            cell_alias,
            Cell._table,
            SQL(
                "%s = %s AND %s = %s AND %s = %s",
                SQL.identifier(cell_alias, "product_tmpl_id"),
                SQL.identifier(alias, self._kobo_completeness_product_column),
                SQL.identifier(cell_alias, "channel_id"),
                channel.id,
                SQL.identifier(cell_alias, "lang_id"),
                lang.id,
            ),
        )
        # Not measured (no cell) sorts last whichever the direction, unless the caller says.
        return SQL(
            "%s %s %s",
            SQL.identifier(cell_alias, column, to_flush=Cell._fields[column]),
            direction,
            nulls or SQL("NULLS LAST"),
        )


class ProductTemplate(models.Model):
    _name = "product.template"
    _inherit = ["product.template", "kobo.completeness.score.mixin"]
    _kobo_completeness_product_column = "id"
