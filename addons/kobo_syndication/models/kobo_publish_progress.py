"""Publishing many products at once (a season, from the products' Action menu) reports its
progress and result in the user's *My Operations*."""

from odoo import models

from . import kobo_listing


class ProductTemplate(models.Model):
    _inherit = "product.template"

    def action_kobo_publish_to_channels(self):
        if len(self) < kobo_listing.TRACKED_FROM:
            return super().action_kobo_publish_to_channels()
        # Refused before anything is tracked: a refusal is no operation of theirs.
        self.env["kobo.listing"]._kobo_check_group(
            kobo_listing.SYNDICATION_USERS, self.env._("publish products to channels")
        )
        name = self.env._("Publish %(count)s products to channels", count=len(self))
        with self.env["kobo.progress"]._kobo_track(name, total=len(self)) as progress:
            result = super().action_kobo_publish_to_channels()
            progress.advance(len(self))
            listings = self.env["kobo.listing"].search([("product_tmpl_id", "in", self.ids)])
            queued = listings.filtered(lambda listing: listing.state == "queued")
            blocked = listings.filtered(lambda listing: listing.state == "blocked")
            progress.result = self.env._(
                "%(queued)s listings queued on %(channels)s channel(s), %(blocked)s blocked (their "
                "issues say why). The sync jobs push them: see Syndication › Jobs.",
                queued=len(queued),
                channels=len(listings.channel_id),
                blocked=len(blocked),
            )
        return result
