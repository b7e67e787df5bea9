"""A retailer sheet holds wholesale prices and RRPs: only those who may read them get the file,
whichever way they ask (the download button's URL, /web/content by id or by field, ir.attachment
read and search over RPC, the channel's list of exported files)."""

import importlib.util
import os

from odoo import Command
from odoo.addons.kobo_base.models.kobo_workflow_mixin import privileged
from odoo.addons.kobo_syndication.tests.common import KoboSyndicationCase
from odoo.exceptions import AccessError
from odoo.modules.module import get_module_path
from odoo.tests import HttpCase, new_test_user, tagged

SHEET_MODEL = "kobo.spreadsheet.template"


@tagged("post_install", "-at_install")
class TestLineSheetAccess(HttpCase, KoboSyndicationCase):
    shop_connector = False  # the engine and this addon: no web shop

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        users = {
            # A designer works in the PLM (where kobo_plm is installed) and has no PIM group.
            "designer": "base.group_user"
            + (",kobo_plm.group_kobo_plm_user" if cls.env.ref("kobo_plm.group_kobo_plm_user", False) else ""),
            "internal user": "base.group_user",
            "vendor": "base.group_portal",
            # Reads the wholesale prices on the product, but retailer sheets are syndication's.
            "catalogue user": "base.group_user,kobo_pim.group_kobo_pim_user",
            "syndication user": "base.group_user,kobo_syndication.group_kobo_syndication_user",
            "syndication manager": "base.group_user,kobo_syndication.group_kobo_syndication_manager",
        }
        cls.users = {
            label: new_test_user(
                cls.env, f"kobo_sheet_{index}", groups=groups, password=f"kobo_sheet_{index}"
            )
            for index, (label, groups) in enumerate(users.items())
        }
        cls.refused = ("designer", "internal user", "vendor", "catalogue user")
        cls.served = ("syndication user", "syndication manager")
        cls.retailer = cls.env["kobo.channel"].create(
            {
                "name": "Test Sheet Store",
                "code": "test_sheet_store",
                "channel_type": "retailer",
                "connector": "spreadsheet",
                "pricelist_id": cls.pricelist_eur.id,
            }
        )
        cls.template = cls.env[SHEET_MODEL].create(
            {
                "name": "Wholesale sheet",
                "channel_id": cls.retailer.id,
                "column_ids": [
                    Command.create({"sequence": 1, "header": "Style No", "source": "item_group"}),
                    Command.create(
                        {"sequence": 2, "header": "Wholesale", "source": "suggested_wholesale_price"}
                    ),
                    Command.create({"sequence": 3, "header": "RRP", "source": "suggested_retail_price"}),
                ],
            }
        )
        product = cls.products[0]
        product.write(
            {
                "kobo_item_group": "LS-01",
                "kobo_suggested_wholesale_price": 41,
                "kobo_suggested_retail_price": 99,
            }
        )
        listings = cls.env["kobo.listing"]._kobo_ensure(product, cls.retailer)
        privileged(listings).write({"state": "published"})

    def _export(self, file_format="csv"):
        """The syndication user's download button: returns the URL and the stored attachment."""
        action = getattr(
            self.retailer.with_user(self.users["syndication user"]), f"action_kobo_spreadsheet_{file_format}"
        )()
        url = action["url"]
        attachment = self.env["ir.attachment"].browse(int(url.split("?")[0].rsplit("/", 1)[1]))
        return url, attachment

    def _get(self, label, url):
        if label == "anonymous":
            self.authenticate(None, None)
        else:
            self.authenticate(self.users[label].login, self.users[label].login)
        return self.url_open(url)

    def test_the_sheet_is_served_only_to_those_who_may_read_wholesale_prices(self):
        url, attachment = self._export("csv")
        content = attachment.raw
        self.assertIn(b"Wholesale", content)
        self.assertIn(b"41", content)
        urls = {
            "download button": url,
            "content by id": f"/web/content/{attachment.id}",
            "content by field": f"/web/content/{SHEET_MODEL}/{self.template.id}/csv_file",
        }
        for label in (*self.refused, "anonymous"):
            for name, path in urls.items():
                with self.subTest(user=label, url=name):
                    response = self._get(label, path)
                    self.assertEqual(response.status_code, 404)
                    self.assertNotIn(b"Wholesale", response.content)
        for label in self.served:
            for name, path in urls.items():
                with self.subTest(user=label, url=name):
                    response = self._get(label, path)
                    self.assertEqual(response.status_code, 200)
                    self.assertEqual(response.content, content)
            response = self._get(label, url)
            self.assertIn("Wholesale sheet.csv", response.headers["Content-Disposition"])

    def _search_read(self, attachments, domain):
        """What search_read gives: nothing, or a refusal (a vendor may not search attachments)."""
        try:
            return attachments.search_read(domain, ["name", "raw"])
        except AccessError:
            return []

    def test_rpc_reads_and_searches_of_the_file(self):
        __, xlsx = self._export("xlsx")
        __, csv = self._export("csv")
        files = xlsx | csv
        domains = {
            "by id": [("id", "in", files.ids)],
            "by owner": [("res_model", "=", SHEET_MODEL), ("res_id", "=", self.template.id)],
            "file fields": [("res_model", "=", SHEET_MODEL), ("res_field", "!=", False)],
            "by name": [("name", "ilike", "Wholesale sheet")],
        }
        for label in self.refused:
            attachments = self.env["ir.attachment"].with_user(self.users[label])
            with self.subTest(user=label):
                for name, domain in domains.items():
                    self.assertEqual(self._search_read(attachments, domain), [], name)
                with self.assertRaises(AccessError):
                    attachments.browse(csv.id).read(["raw"])
                with self.assertRaises(AccessError):
                    self.template.with_user(self.users[label]).read(["csv_file"])
        for label in self.served:
            attachments = self.env["ir.attachment"].with_user(self.users[label])
            with self.subTest(user=label):
                found = attachments.search_read(domains["by id"], ["name"])
                self.assertEqual(
                    sorted(row["name"] for row in found), ["Wholesale sheet.csv", "Wholesale sheet.xlsx"]
                )
                self.assertEqual(attachments.browse(csv.id).raw, csv.raw)
                self.assertEqual(self.retailer.with_user(self.users[label]).spreadsheet_attachment_ids, files)

    def test_the_file_follows_the_wholesale_price_groups(self):
        """The sheet's fields carry the groups of the wholesale price they hold: if one changes,
        this says so."""
        wholesale = self.env["product.template"]._fields["kobo_suggested_wholesale_price"]
        for name in ("xlsx_file", "csv_file"):
            self.assertEqual(self.env[SHEET_MODEL]._fields[name].groups, wholesale.groups)
        self.assertEqual(
            self.env["kobo.channel"]._fields["spreadsheet_attachment_ids"].groups, wholesale.groups
        )

    def test_sheets_exported_before_move_to_their_template(self):
        """The 18.0.1.1.0 migration: a sheet stored on the channel (the old way) becomes the
        template's file; an older copy of it goes; a file no template names stays."""
        Attachment = self.env["ir.attachment"]
        old_copy, old = Attachment.create(
            [
                {
                    "name": "Wholesale sheet.csv",
                    "res_model": "kobo.channel",
                    "res_id": self.retailer.id,
                    "raw": raw,
                }
                for raw in (b"Style No,Wholesale\nLS-01,40\n", b"Style No,Wholesale\nLS-01,41\n")
            ]
        )
        other = Attachment.create(
            {"name": "Contract.csv", "res_model": "kobo.channel", "res_id": self.retailer.id, "raw": b"x"}
        )
        self.assertTrue(
            old.with_user(self.users["designer"]).raw, "the old way: every internal user reads it"
        )
        path = os.path.join(get_module_path("kobo_syndication"), "migrations", "18.0.1.1.0", "end-migrate.py")
        spec = importlib.util.spec_from_file_location("kobo_syndication_end_migrate_18_0_1_1_0", path)
        migration = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(migration)
        with self.assertLogs("kobo_syndication_end_migrate_18_0_1_1_0", "WARNING") as logs:
            migration.migrate(self.env.cr, "18.0.1.0.0")
            self.env.invalidate_all()
        self.assertIn(f"Contract.csv (id {other.id})", logs.output[0])
        self.assertFalse(old_copy.exists())
        self.assertEqual(
            (old.res_model, old.res_id, old.res_field), (SHEET_MODEL, self.template.id, "csv_file")
        )
        self.template.invalidate_recordset()
        self.assertEqual(self.template.with_user(self.users["syndication user"]).csv_file, old.datas)
        with self.assertRaises(AccessError):
            old.with_user(self.users["designer"]).read(["raw"])
        self.assertEqual(other.res_model, "kobo.channel")
