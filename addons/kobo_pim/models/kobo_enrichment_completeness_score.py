"""The enrichment board and form show the completeness of the user's channel and locale (see
``product_template_completeness_score.py``)."""

from odoo import models


class KoboEnrichment(models.Model):
    _name = "kobo.enrichment"
    _inherit = ["kobo.enrichment", "kobo.completeness.score.mixin"]
    _kobo_completeness_product_column = "product_tmpl_id"
