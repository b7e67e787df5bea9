from odoo import api, fields, models

HANDOFF_QUEUE = "kobo_plm_pim.handoff_queue"
HANDOFF_BATCH = 500


class ProductTemplate(models.Model):
    _inherit = "product.template"

    kobo_handoff_date = fields.Datetime(
        string="Handed Off to Enrichment",
        readonly=True,
        copy=False,
        help="When the style first left development for the catalogue team (the first hand-off: "
        "the automation rule runs it at production approval).",
    )

    kobo_handoff_pending = fields.Boolean(
        string="Hand-off Pending",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="Approved for production: the hand-off to enrichment runs right after the approval is saved.",
    )

    def _kobo_send_to_enrichment(self):
        """The products' enrichments; for styles, with what development knows carried over.

        Batched: the query count does not grow with the number of styles. Called by the
        *Send to enrichment* server action (after its catalogue-user check) and by the automation
        rule that hands styles off when they are approved for production.
        """
        parent = getattr(super(), "_kobo_send_to_enrichment", None)
        # Until kobo_pim has the hook, the enrichments are made here the way it makes them.
        enrichments = parent() if parent else self.env["kobo.enrichment"].sudo()._kobo_ensure(self)
        styles = self.sudo().filtered("kobo_is_style")
        self.env["kobo.plm.handoff"].sudo()._kobo_carry(styles, enrichments)
        return enrichments

    def _kobo_send_to_enrichment_at_commit(self):
        """Mark these products for the hand-off, run by a cron right after the transaction commits.

        The automation rule runs its action once per record: queued, approving a season's styles
        costs the approval one write, and the hand-off runs once, in batch, in its own
        transaction (a failing hand-off never blocks an approval; it stays pending and is retried).
        """
        queued = self.env.cr.precommit.data.setdefault(HANDOFF_QUEUE, set())
        if not queued:
            self.env.cr.precommit.add(self._kobo_mark_queued_for_handoff)
        queued.update(self.ids)
        return True

    def _kobo_mark_queued_for_handoff(self):
        ids = self.env.cr.precommit.data.pop(HANDOFF_QUEUE, set())
        self.browse(sorted(ids)).exists().sudo().write({"kobo_handoff_pending": True})
        self.env.ref("kobo_plm_pim.ir_cron_kobo_handoff")._trigger()
        # Pre-commit hooks run after the ORM's flush: write the marks now.
        self.env.flush_all()

    @api.model
    def _kobo_run_pending_handoffs(self):
        """Cron: hand off the products marked pending, in batches."""
        while True:
            styles = self.sudo().search([("kobo_handoff_pending", "=", True)], limit=HANDOFF_BATCH)
            if not styles:
                return True
            styles._kobo_send_to_enrichment()
            styles.write({"kobo_handoff_pending": False})
            if len(styles) < HANDOFF_BATCH:
                return True
