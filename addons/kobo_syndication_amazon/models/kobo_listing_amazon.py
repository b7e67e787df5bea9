"""What a listing remembers of its last push to Amazon: the digest of the product facts (to send
only a price and quantity patch when nothing else changed). The connector's push hands it to the
sync engine in its result's ``vals`` (and Amazon's warnings in ``warnings``)."""

from odoo import fields, models


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
