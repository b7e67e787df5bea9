from odoo import Command
from odoo.addons.kobo_syndication.tests.common import KoboSyndicationCase
from odoo.tests import tagged


@tagged("post_install", "-at_install")
class TestExportProgress(KoboSyndicationCase):
    """A retailer's line sheet download reports its rows on the channel it belongs to."""

    shop_connector = False  # the engine and this addon: no web shop

    def test_download_reports_its_rows_on_the_channel(self):
        retailer = self.env["kobo.channel"].create(
            {
                "name": "Test Retailer",
                "code": "test_progress_retailer",
                "channel_type": "retailer",
                "connector": "spreadsheet",
                "pricelist_id": self.pricelist_eur.id,
                "lang_ids": [Command.set(self.env.ref("base.lang_en").ids)],
            }
        )
        template = self.env["kobo.spreadsheet.template"].create(
            {
                "name": "Progress sheet",
                "channel_id": retailer.id,
                "column_ids": [Command.create({"sequence": 1, "header": "SKU", "source": "sku"})],
            }
        )
        self._listings(channel=retailer)._kobo_queue("publish")
        template.with_user(self.syndication_user).action_download_csv()
        progress = retailer.with_user(self.syndication_user).kobo_progress_id
        rows = len(self.products.product_variant_ids)
        self.assertEqual(progress.name, "Export Progress sheet (CSV)")
        self.assertEqual((progress.state, progress.done, progress.total), ("done", rows, rows))
        self.assertEqual(progress.result, f"{rows} rows exported to Progress sheet.csv.")
