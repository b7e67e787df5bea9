"""The engine's issue rows: a cell's problems grouped by rule and kind (``kobo.completeness.issue``).

The checks return ``Problem`` tuples; the cell keeps their lines as its *What to Fix* text,
and here they become one row per rule and kind of problem, summarised in one line: a
product's problems as they are ("description missing"), a variant's grouped with the other
variants' ("GTIN missing on 12 of 48 variants"). The rows of the computed cells are replaced
in two statements, whatever the number of cells.
"""

from odoo.tools import SQL


class CompletenessRows:
    """Groups problems into issue rows and writes them; mixed into ``CompletenessEngine``."""

    def _field_label(self, rule, role_label):
        """What a rule checks, in words, for the *Field* column: its label, or its field's."""
        if rule.label or rule.check == "field":
            return rule._kobo_label()
        _ = self._
        if rule.check == "image":
            return _("%(role)s image", role=role_label) if role_label else _("Images")
        return {
            "gtin": _("GTIN"),
            "gtin_or_mpn": _("GTIN or MPN"),
            "color": _("Colour"),
            "size": _("Size"),
            "category": _("Channel category"),
            "price": _("Price"),
            "certification": _("Certifications"),
        }.get(rule.check) or rule._kobo_label()

    def _rows(self, cell_id, rules, outcomes, variant_total):
        """The issue rows of one cell: `outcomes` are its rules' problems, in rule order."""
        rows = []
        for rule, outcome in zip(rules, outcomes, strict=True):
            by_kind = {}
            for problem in outcome:
                by_kind.setdefault(problem.kind, []).append(problem)
            for kind, problems in by_kind.items():
                variant_ids = list(dict.fromkeys(p.variant for p in problems if p.variant is not None))
                parts = list(dict.fromkeys(p.phrase for p in problems if p.variant is None))
                if variant_ids:
                    parts.append(self._variants_summary(problems, len(variant_ids), variant_total))
                rows.append(
                    {
                        "cell_id": cell_id,
                        "rule_id": rule["id"],
                        "sequence": rule["sequence"],
                        "kind": kind,
                        "field_label": rule["field_label"],
                        "summary": "; ".join(parts),
                        "details": "\n".join(problem.text for problem in problems),
                        "variant_ids": variant_ids,
                        "variant_total": variant_total if variant_ids else 0,
                    }
                )
        return rows

    def _variants_summary(self, problems, count, total):
        """What several variants' problems come to, e.g. "GTIN missing on 12 of 48 variants"; for
        a product's only variant, its problem as it is."""
        words = list(dict.fromkeys(p.group or p.phrase for p in problems if p.variant is not None))
        if total == 1:
            return "; ".join(dict.fromkeys(p.phrase for p in problems if p.variant is not None))
        return self._(
            "%(problem)s on %(count)s of %(total)s variants",
            problem="; ".join(words),
            count=count,
            total=total,
        )

    def _store_rows(self, cell_ids, rows):
        """Replace the issue rows of `cell_ids` by `rows` (from ``_rows``). Two queries."""
        cr = self.env.cr
        cr.execute(SQL("DELETE FROM kobo_completeness_issue WHERE cell_id = ANY(%s)", cell_ids))
        links = [
            (row["cell_id"], row["rule_id"], row["kind"], variant_id)
            for row in rows
            for variant_id in row["variant_ids"]
        ]
        cr.execute(
            SQL(
                """
                WITH v AS (
                    SELECT * FROM unnest(%(cells)s::int[], %(rules)s::int[], %(sequences)s::int[],
                                         %(kinds)s::varchar[], %(labels)s::varchar[],
                                         %(summaries)s::varchar[], %(details)s::text[], %(counts)s::int[],
                                         %(totals)s::int[]) WITH ORDINALITY
                           AS v(cell_id, rule_id, sequence, kind, field_label, summary, details,
                                variant_count, variant_total, position)
                ),
                inserted AS (
                    INSERT INTO kobo_completeness_issue
                           (cell_id, rule_id, sequence, kind, field_label, summary, details, variant_count,
                            variant_total, product_tmpl_id, channel_id, lang_id, company_id, categ_id,
                            kobo_season_name, create_uid, create_date, write_uid, write_date)
                    SELECT v.cell_id, v.rule_id, v.sequence, v.kind, v.field_label, v.summary, v.details,
                           v.variant_count, v.variant_total, cell.product_tmpl_id, cell.channel_id,
                           cell.lang_id, cell.company_id, cell.categ_id, cell.kobo_season_name,
                           %(uid)s, now() AT TIME ZONE 'UTC', %(uid)s, now() AT TIME ZONE 'UTC'
                      FROM v JOIN kobo_completeness cell ON cell.id = v.cell_id
                  ORDER BY v.position
                 RETURNING id, cell_id, rule_id, kind
                )
                INSERT INTO kobo_completeness_issue_product_rel (issue_id, product_id)
                SELECT inserted.id, link.product_id
                  FROM inserted
                  JOIN unnest(%(link_cells)s::int[], %(link_rules)s::int[], %(link_kinds)s::varchar[],
                              %(link_variants)s::int[]) AS link(cell_id, rule_id, kind, product_id)
                       ON link.cell_id = inserted.cell_id AND link.rule_id = inserted.rule_id
                      AND link.kind = inserted.kind
                """,
                uid=self.env.uid,
                cells=[row["cell_id"] for row in rows],
                rules=[row["rule_id"] for row in rows],
                sequences=[row["sequence"] for row in rows],
                kinds=[row["kind"] for row in rows],
                labels=[row["field_label"] for row in rows],
                summaries=[row["summary"] for row in rows],
                details=[row["details"] for row in rows],
                counts=[len(row["variant_ids"]) for row in rows],
                totals=[row["variant_total"] for row in rows],
                link_cells=[link[0] for link in links],
                link_rules=[link[1] for link in links],
                link_kinds=[link[2] for link in links],
                link_variants=[link[3] for link in links],
            )
        )
        self.env["kobo.completeness.issue"].invalidate_model()
