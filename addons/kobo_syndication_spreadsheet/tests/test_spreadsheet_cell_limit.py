from odoo import Command
from odoo.addons.kobo_base.models.kobo_workflow_mixin import privileged
from odoo.addons.kobo_syndication.tests.common import KoboSyndicationCase
from odoo.exceptions import ValidationError
from odoo.tests import tagged

LONG_TEXT = "Soft. " * 6000  # 36,000 characters: more than an Excel cell holds


@tagged("post_install", "-at_install")
class TestSpreadsheetCellLimit(KoboSyndicationCase):
    """A retailer sheet cell holds at most 32,767 characters (Excel's limit): a longer text is
    never cut silently. Validation blocks the listing naming the column and the variant; an
    export refuses naming them and keeps the last file."""

    shop_connector = False  # the engine and this addon: no web shop

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.retailer = cls.env["kobo.channel"].create(
            {
                "name": "Test Store",
                "code": "test_cell_store",
                "channel_type": "retailer",
                "connector": "spreadsheet",
                "pricelist_id": cls.pricelist_eur.id,
            }
        )
        cls.template = cls.env["kobo.spreadsheet.template"].create(
            {
                "name": "Test cell sheet",
                "channel_id": cls.retailer.id,
                "column_ids": [
                    Command.create({"sequence": 1, "header": "Article No", "source": "sku"}),
                    Command.create({"sequence": 2, "header": "Copy", "source": "bullet_points"}),
                ],
            }
        )
        cls.shirt = cls.products[0]
        cls.shirt.write({"kobo_bullet_points": "Linen\nRelaxed fit"})
        cls.shirt.product_variant_ids.default_code = "LS-0"
        cls.listing = cls.env["kobo.listing"]._kobo_ensure(cls.shirt, cls.retailer)
        privileged(cls.listing).write({"state": "published"})

    def test_validation_names_the_column_and_the_variant(self):
        connector = self.env["kobo.connector.spreadsheet"].with_user(self.syndication_user)
        self.assertFalse(connector.validate(self.listing).get(self.listing.id))
        self.shirt.kobo_bullet_points = LONG_TEXT
        issues = connector.validate(self.listing).get(self.listing.id, [])
        self.assertEqual(
            [(issue["product_id"], issue["message"]) for issue in issues],
            [
                (
                    self.shirt.product_variant_id.id,
                    'Column 2 "Copy" of LS-0 holds 35,999 characters; a spreadsheet cell holds at most '
                    "32,767: shorten the text.",
                )
            ],
        )

    def test_export_refuses_and_keeps_the_last_file(self):
        template = self.template.with_user(self.syndication_user)
        for file_format in ("xlsx", "csv"):
            attachment = template._kobo_export(file_format)
            good = attachment.raw
            self.shirt.kobo_bullet_points = LONG_TEXT
            with self.assertRaises(ValidationError) as caught:
                template.action_download_xlsx() if file_format == "xlsx" else template.action_download_csv()
            self.assertEqual(
                caught.exception.args[0],
                'Column 2 "Copy" of LS-0 holds 35,999 characters; a spreadsheet cell holds at most 32,767: '
                "shorten the text.",
            )
            self.assertEqual(attachment.sudo().raw, good)
            self.shirt.kobo_bullet_points = "Linen"
