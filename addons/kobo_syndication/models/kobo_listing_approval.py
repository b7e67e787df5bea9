"""Only what the PIM approved goes to a channel: the one check every push path asks.

The sync job asks it at the moment it pushes (whatever queued the listing: an action, an
automation rule, an asset or price change, a retry), *Validate now* shows it, and the publish
actions block an unapproved listing at once instead of queueing it. Delisting never asks:
withdrawing a product must work whatever its content's state.
"""

from odoo import models
from odoo.addons.kobo_base.models.kobo_workflow_mixin import privileged


class KoboListing(models.Model):
    _inherit = "kobo.listing"

    def _kobo_approval_issues(self):
        """``{listing id: [issue dict]}`` for these listings whose product's content is not
        approved in the PIM (no enrichment, or an enrichment not *Approved*). A product whose
        approved copy was edited is back *In review*: its listings wait, and each channel keeps
        the last approved content it received. One query whatever the number of listings."""
        issues = {}
        if not self:
            return issues
        Enrichment = self.env["kobo.enrichment"].sudo()
        states = {
            product.id: state
            for product, state in Enrichment._read_group(
                [("product_tmpl_id", "in", self.product_tmpl_id.ids)], ["product_tmpl_id", "state"]
            )
        }
        for listing in self:
            product = listing.product_tmpl_id
            state = states.get(product.id)
            if state == "approved":
                continue
            if state:
                message = self.env._(
                    "The enrichment of %(product)s is %(state)s: only approved content goes to channels.",
                    product=product.display_name,
                    state=Enrichment._kobo_state_label(state),
                )
            else:
                message = self.env._(
                    "%(product)s is not in enrichment: only approved content goes to channels "
                    "(send it to enrichment, then approve its content).",
                    product=product.display_name,
                )
            issues[listing.id] = [{"field": "kobo_enrichment_state", "message": message}]
        return issues

    def _kobo_publish_issues(self):
        """``{listing id: [issue dict]}``: what stops these listings of ONE channel from being
        pushed now: their product's approval first, then the connector's validation."""
        if not self:
            return {}
        channel = self.channel_id.ensure_one()
        issues = channel._kobo_connector().validate(self)
        for listing_id, not_approved in self._kobo_approval_issues().items():
            issues[listing_id] = not_approved + issues.get(listing_id, [])
        return issues

    def _kobo_queue_publish(self):
        """Queue these listings to publish, except those whose product's content is not approved:
        they are blocked now and say why (the job asks again when it runs)."""
        listings = self.sudo()
        issues = listings._kobo_approval_issues()
        # A listing on its way off the channel stays on its way: only publishing is refused.
        not_approved = listings.browse(list(issues)).filtered(
            lambda listing: not (listing.state == "queued" and listing.operation == "delist")
        )
        if not_approved:
            not_approved._kobo_set_issues({lid: issues[lid] for lid in not_approved.ids}, "ours")
            privileged(not_approved.filtered(lambda listing: listing.state != "blocked")).write(
                {"state": "blocked", "operation": "publish"}
            )
        (listings - listings.browse(list(issues)))._kobo_queue("publish")
