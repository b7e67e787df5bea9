"""What a listing remembers of its last push to Amazon: the digest of the product facts (to send
only a price and quantity patch when nothing else changed), and Amazon's warnings."""

from odoo import fields, models
from odoo.addons.kobo_base.models.kobo_workflow_mixin import privileged

from .kobo_connector_amazon_client import OUTCOMES_KEY


class KoboListing(models.Model):
    _inherit = "kobo.listing"

    amazon_product_digest = fields.Char(
        readonly=True,
        copy=False,
        help="SHA-256 of the product facts (everything but price and quantity) Amazon last accepted: "
        "when only the offer changed, the next push is a JSON Patch of the offer.",
    )

    @property
    def _kobo_workflow_fields(self):
        # Added to whatever the other modules guard (a tuple here would drop their additions).
        return (*super()._kobo_workflow_fields, "amazon_product_digest")

    def _kobo_sync_batch(self):
        """The engine's sync, then what the Amazon connector's push noted for the listings it
        published (written after the calls, in the job's transaction, like every other result)."""
        try:
            counts = super()._kobo_sync_batch()
        finally:
            outcomes = self.env.cr.cache.pop(OUTCOMES_KEY, None) or {}
        published = self.sudo().browse(list(outcomes)).filtered(lambda listing: listing.state == "published")
        for listing in published:
            privileged(listing).write({"amazon_product_digest": outcomes[listing.id]["product_digest"]})
        warned = {
            listing.id: outcomes[listing.id]["warnings"]
            for listing in published
            if outcomes[listing.id]["warnings"]
        }
        if warned:
            published.browse(list(warned))._kobo_set_issues(warned, "channel")
        delisted = self.sudo().filtered(
            lambda listing: listing.state == "delisted" and listing.amazon_product_digest
        )
        privileged(delisted).write({"amazon_product_digest": False})
        return counts
