from odoo import models


class KoboPlmDemo(models.AbstractModel):
    """The demo brand itself: its web shop.

    Atelier Nord buys from its mills and sells on its channels in euros (its vendors, cost sheets
    and channel price lists say so), but its books stay in the currency the database was created
    with: Odoo refuses a new currency for a company that has journal items, and switching the
    main company to the euro regardless (by deleting Odoo's demo entries) breaks Odoo's own
    multi-currency tests (stock_account's ``TestAccountMove`` invoices the main company's
    products in euros as the foreign currency). The euro only needs to be active, which the
    demo's data files see to.
    """

    _inherit = "kobo.plm.demo"

    def _demo_website(self):
        """The order the brand's garments take in its web shop (the Atelier Nord website of the
        web shop channel's demo, kobo_syndication_website): what it sells this season first.

        Odoo's own demo website keeps its name, logo and price lists: Odoo's tests of its shop
        run there. Nothing is published here: a product reaches the shop through its web shop
        listing (kobo_syndication), once its content is approved.
        """
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
