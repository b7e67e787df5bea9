"""Wholesale prices for retailers: the approved cost sheet's, as a fixed price per style.

Retailer channels sell from their Odoo pricelist, so line sheets and quotations carry the
price merchandising agreed. The hand-off owns only the rules it created (`kobo_handoff`): a
rule sales or purchasing set for the style on that pricelist is never rewritten nor shadowed.
"""

from odoo import api, models


class KoboPlmHandoff(models.AbstractModel):
    _inherit = "kobo.plm.handoff"

    @api.model
    def _kobo_write_wholesale_prices(self, changes, sources, labels):
        wanted = {}  # (pricelist id, style) -> price
        for style, (_enrichment, changed, _digests) in changes.items():
            for key in changed:
                if key.startswith("wholesale@") and sources[style.id][key]:
                    wanted[int(key.partition("@")[2]), style] = sources[style.id][key]
        if not wanted:
            return
        Item = self.env["product.pricelist.item"].sudo()
        pricelist_ids = list({pricelist_id for pricelist_id, _style in wanted})
        style_ids = list({style.id for _pricelist_id, style in wanted})
        items = Item.search(
            [
                ("pricelist_id", "in", pricelist_ids),
                ("product_tmpl_id", "in", style_ids),
                ("applied_on", "=", "1_product"),
            ]
        )
        ours = {(item.pricelist_id.id, item.product_tmpl_id.id): item for item in items if item.kobo_handoff}
        theirs = {(item.pricelist_id.id, item.product_tmpl_id.id) for item in items if not item.kobo_handoff}
        pricelists = self.env["product.pricelist"].sudo().browse(pricelist_ids)
        to_create = []
        for (pricelist_id, style), price in wanted.items():
            pricelist = pricelists.browse(pricelist_id)
            amount = f"{price:.{pricelist.currency_id.decimal_places}f} {pricelist.currency_id.name}"
            if (pricelist_id, style.id) in theirs:
                labels[style.id].append(
                    self.env._(
                        "%(pricelist)s kept its own rule for this product (approved wholesale %(amount)s)",
                        pricelist=pricelist.name,
                        amount=amount,
                    )
                )
                continue
            item = ours.get((pricelist_id, style.id))
            if item:
                item.fixed_price = price
            else:
                to_create.append(
                    {
                        "pricelist_id": pricelist_id,
                        "applied_on": "1_product",
                        "product_tmpl_id": style.id,
                        "compute_price": "fixed",
                        "fixed_price": price,
                        "kobo_handoff": True,
                    }
                )
            labels[style.id].append(
                self.env._(
                    "%(pricelist)s wholesale price %(amount)s", pricelist=pricelist.name, amount=amount
                )
            )
        Item.create(to_create)
