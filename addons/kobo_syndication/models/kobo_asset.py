from odoo import api, models


class KoboAsset(models.Model):
    """A new, changed or removed image queues its product's listings at the commit point.

    In Python rather than as an automation rule: a rule on kobo.asset would cost every upload
    base_automation's look-up and bookkeeping queries, where noting the product costs none.
    """

    _inherit = "kobo.asset"

    @api.model_create_multi
    def create(self, vals_list):
        assets = super().create(vals_list)
        assets.product_tmpl_id._kobo_listings_at_commit("push")
        return assets

    def write(self, vals):
        result = super().write(vals)
        self.product_tmpl_id._kobo_listings_at_commit("push")
        return result

    def unlink(self):
        self.product_tmpl_id._kobo_listings_at_commit("push")
        return super().unlink()
