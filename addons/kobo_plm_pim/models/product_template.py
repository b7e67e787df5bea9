import logging

from markupsafe import Markup

from odoo import api, fields, models
from odoo.addons.kobo_base.models.kobo_workflow_mixin import privileged
from odoo.addons.kobo_pim.models.kobo_batch_isolation import failure_reason, run_isolated
from odoo.addons.kobo_pim.models.kobo_enrichment import STATES as ENRICHMENT_STATES

_logger = logging.getLogger(__name__)

HANDOFF_QUEUE = "kobo_plm_pim.handoff_queue"
HANDOFF_BATCH = 500
ACTIVITY_HANDOFF = "kobo_plm_pim.mail_activity_type_kobo_handoff"
# Development sees where its styles are in enrichment; only the catalogue team opens an enrichment.
STATE_READERS = "kobo_plm.group_kobo_plm_user,kobo_pim.group_kobo_pim_user"


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
    kobo_handoff_failed = fields.Boolean(
        string="Hand-off Failed",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The last hand-off of this style to enrichment failed: the style is still pending, and "
        "the cron tries again at its next run. The reason is below and in the chatter.",
    )
    kobo_handoff_error = fields.Text(
        string="Hand-off Problem",
        readonly=True,
        copy=False,
        help="Why the last hand-off of this style to enrichment failed.",
    )

    kobo_handoff_enrichment_state = fields.Selection(
        ENRICHMENT_STATES,
        string="State in Enrichment",
        compute="_compute_kobo_handoff_enrichment_state",
        groups=STATE_READERS,
        help="Where the catalogue team is with this product's enrichment. Shown to development too: "
        "a state, not the content (opening the enrichment takes catalogue rights).",
    )

    @property
    def _kobo_workflow_fields(self):
        # Set by the hand-off cron only (through `privileged()`): no client hides a failure.
        return (*getattr(super(), "_kobo_workflow_fields", ()), "kobo_handoff_failed", "kobo_handoff_error")

    @api.depends("kobo_enrichment_ids.state")
    def _compute_kobo_handoff_enrichment_state(self):
        # As the system: the enrichments are the catalogue team's records, their state is a label
        # development may see (the field's groups say who reads it). One read for all the cards.
        for product, as_system in zip(self, self.sudo(), strict=True):
            product.kobo_handoff_enrichment_state = as_system.kobo_enrichment_ids[:1].state

    def action_kobo_open_handoff_enrichment(self):
        """The style form's *Enrichment* button (catalogue users): the style's enrichment."""
        return self.action_kobo_open_enrichment()

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

    def _kobo_copies_join_catalogue(self):
        # A copied style is a new style in development: it reaches the catalogue at its own
        # production approval, as every style does.
        return super(
            ProductTemplate, self.filtered(lambda product: not product.kobo_is_style)
        )._kobo_copies_join_catalogue()

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
        """Cron: hand off the products marked pending, in batches.

        A style whose hand-off fails does not stop the others (``run_isolated``: one savepoint
        per batch, split only when it fails): it stays pending, is marked *Hand-off Failed* with
        the reason, and its developer is told (`_kobo_handoff_report_failures`). The next run
        tries it again; this run leaves it out.
        """
        failed_ids = []
        while True:
            styles = self.sudo().search(
                [("kobo_handoff_pending", "=", True), ("id", "not in", failed_ids)], limit=HANDOFF_BATCH
            )
            if not styles:
                return True
            failures = run_isolated(styles, self._kobo_hand_off_pending)
            if failures:
                self.browse().sudo()._kobo_handoff_report_failures(failures)
                failed_ids += [style.id for style in failures]
            if len(styles) < HANDOFF_BATCH:
                return True

    @api.model
    def _kobo_hand_off_pending(self, styles):
        styles._kobo_send_to_enrichment()
        styles.write({"kobo_handoff_pending": False})
        recovered = styles.filtered("kobo_handoff_failed")
        if recovered:
            privileged(recovered).write({"kobo_handoff_failed": False, "kobo_handoff_error": False})
            recovered.activity_feedback([ACTIVITY_HANDOFF], feedback=self.env._("Handed off to enrichment."))

    def _kobo_handoff_report_failures(self, failures):
        """`failures` ({style: exception}): mark each style *Hand-off Failed* with the reason, and
        tell the one who can fix it in the style's chatter and with an activity. A style that
        fails again for the same reason is not reported twice."""
        for style, error in failures.items():
            _logger.warning("Hand-off of style %s to enrichment failed", style.id, exc_info=error)
            reason = failure_reason(self.env, error)
            if style.kobo_handoff_failed and style.kobo_handoff_error == reason:
                continue
            first = not style.kobo_handoff_failed
            privileged(style).write({"kobo_handoff_failed": True, "kobo_handoff_error": reason})
            style._kobo_handoff_tell_developer(
                self.env._("The hand-off to enrichment failed: %(reason)s", reason=reason),
                self.env._("Hand-off to enrichment failed") if first else None,
            )

    def _kobo_handoff_tell_developer(self, text, summary=None):
        """Post `text` in the style's chatter and, with a `summary`, give its product developer
        (else who approved it for production) an activity to fix it."""
        self.ensure_one()
        body = Markup("<p>%s</p>") % text
        self.message_post(body=body, subtype_xmlid="mail.mt_note")
        user = self.kobo_developer_id or self.kobo_production_approved_by_id
        if summary and user:
            self.activity_schedule(ACTIVITY_HANDOFF, summary=summary, note=body, user_id=user.id)
