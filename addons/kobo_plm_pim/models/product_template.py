from odoo import fields, models

HANDOFF_QUEUE = "kobo_plm_pim.handoff_queue"


class ProductTemplate(models.Model):
    _inherit = "product.template"

    kobo_handoff_date = fields.Datetime(
        string="Handed Off to Enrichment",
        readonly=True,
        copy=False,
        help="When the style first left development for the catalogue team (the first hand-off: "
        "the automation rule runs it at production approval).",
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
        """Queue these products for one hand-off, run before the transaction commits.

        The automation rule runs its action once per record: queued, approving a season's
        styles is one batched hand-off, still in the approval's transaction (a failure rolls
        the approval back too).
        """
        queued = self.env.cr.precommit.data.setdefault(HANDOFF_QUEUE, set())
        if not queued:
            self.env.cr.precommit.add(self._kobo_send_queued_to_enrichment)
        queued.update(self.ids)
        return True

    def _kobo_send_queued_to_enrichment(self):
        ids = self.env.cr.precommit.data.pop(HANDOFF_QUEUE, set())
        self.browse(sorted(ids)).exists()._kobo_send_to_enrichment()
        # Pre-commit hooks run after the ORM's flush: write what the hand-off changed.
        self.env.flush_all()
