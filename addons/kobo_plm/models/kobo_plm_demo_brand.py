from odoo import models


class KoboPlmDemo(models.AbstractModel):
    """The demo brand itself: its currency and its web shop."""

    _inherit = "kobo.plm.demo"

    def _demo_currency(self):
        """Atelier Nord keeps its books in euros, as its mills, channels and the demo's figures.

        Odoo refuses a new currency for a company that has journal items. In a demo database
        those are Odoo's own generic demo bookkeeping (the invoices, bills and bank lines of
        "YourCompany", in the dollars it was installed with), nothing of the brand's: the demo
        removes them so the brand's books start in euros.
        """
        company = self.env.ref("base.main_company")
        euro = self.env.ref("base.EUR")
        if company.currency_id == euro:
            return
        if "account.move" in self.env:
            moves = self.env["account.move"].search([("company_id", "child_of", company.id)])
            moves.filtered(lambda move: move.state != "draft").button_draft()
            moves.with_context(force_delete=True).unlink()
        company.currency_id = euro

    def _demo_website(self):
        """The brand's name, logo and currency on its web shop, when there is one, and the order
        its garments will take there.

        Odoo's website keeps its own placeholder logo and name, and the shop's price lists were
        made in the currency the company had before the demo gave it euros. Nothing is published
        here: a product reaches the shop through its web shop listing (kobo_syndication), once
        its content is approved.
        """
        website = self.env.ref("website.default_website", raise_if_not_found=False)
        if not website:
            return
        company = self.env.ref("base.main_company")
        website.write({"name": company.name, "logo": company.logo})
        if "product.pricelist" in self.env:
            self.env["product.pricelist"].search(
                [
                    ("company_id", "in", (False, company.id)),
                    ("currency_id", "=", self.env.ref("base.USD").id),
                ]
            ).currency_id = company.currency_id
        Template = self.env["product.template"]
        if "website_sequence" in Template._fields:
            # What the brand sells this season, first in the shop once it is published there.
            styles = Template.search(
                [
                    ("kobo_is_style", "=", True),
                    ("kobo_stage", "in", ("costing", "production_approved", "released")),
                ],
                order="kobo_style_number",
            )
            for sequence, style in enumerate(styles, 1):
                style.write({"website_sequence": sequence})
