from unittest import mock

from odoo.addons.kobo_base.models.kobo_workflow_mixin import privileged
from odoo.addons.kobo_syndication.tests.common import KoboSyndicationCase
from odoo.tests import tagged
from odoo.tools.translate import code_translations


@tagged("post_install", "-at_install")
class TestListingIssueWords(KoboSyndicationCase):
    """A listing's issues are said once, with the field's label in the user's language, grouped
    by field and variant; a blocked listing says in one line what blocks it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        size = cls.env["product.attribute"].create(
            {"name": "Words Size", "value_ids": [(0, 0, {"name": name}) for name in ("S", "M", "L", "XL")]}
        )
        cls.dress = cls.env["product.template"].create(
            {
                "name": "Words Dress",
                "list_price": 80,
                "attribute_line_ids": [
                    (0, 0, {"attribute_id": size.id, "value_ids": [(6, 0, size.value_ids.ids)]})
                ],
            }
        )
        cls.variants = cls.dress.product_variant_ids

    def _listing(self):
        return self._listings(self.dress)

    def test_issues_carry_the_field_label_not_the_key(self):
        listing = self._listing()
        variant = self.variants[0]
        listing._kobo_set_issues(
            {
                listing.id: [
                    {"field": "default_code", "product_id": variant.id, "message": "no internal reference"},
                    {"field": "pricelist_id", "message": "the channel has no pricelist"},
                    {"field": "price", "message": "no price"},
                    {"field": "image_link", "message": "no image"},
                    {"message": "not approved"},
                ]
            },
            "ours",
        )
        labels = {issue.field: issue.field_label for issue in listing.issue_ids}
        self.assertEqual(labels["default_code"], "Internal Reference")  # the variant field's label
        self.assertEqual(labels["pricelist_id"], self.env["kobo.channel"]._fields["pricelist_id"].string)
        self.assertNotEqual(labels["pricelist_id"], "pricelist_id")
        self.assertEqual(labels["price"], "Price")  # the engine's table
        self.assertEqual(labels["image_link"], "Image link")  # a key no table names, made readable
        self.assertFalse(labels[False])

    def test_field_label_is_in_the_users_language(self):
        self.env["res.lang"]._activate_lang("de_DE")
        self.env.cr.execute(
            "UPDATE ir_model_fields SET field_description = field_description || %s::jsonb"
            " WHERE model = 'product.product' AND name = 'default_code'",
            ['{"de_DE": "Interne Referenz"}'],
        )
        self.env.registry.clear_cache()
        listing = self._listing()
        # A connector table's label is a lazy translation: translated when the issue is recorded.
        german = {("kobo_syndication", "de_DE"): {"Price": "Preis"}}
        with mock.patch.dict(code_translations.python_translations, german):
            listing.with_context(lang="de_DE")._kobo_set_issues(
                {
                    listing.id: [
                        {"field": "default_code", "product_id": self.variants[0].id, "message": "fehlt"},
                        {"field": "price", "message": "kein Preis"},
                    ]
                },
                "ours",
            )
        labels = {issue.field: issue.field_label for issue in listing.issue_ids}
        self.assertEqual(labels, {"default_code": "Interne Referenz", "price": "Preis"})

    def test_an_issue_said_twice_is_recorded_once(self):
        listing = self._listing()
        twice = {"field": "barcode", "product_id": self.variants[0].id, "lang": "de_DE", "message": "no GTIN"}
        listing._kobo_set_issues(
            {
                listing.id: [
                    twice,
                    dict(twice),
                    {**twice, "lang": "fr_FR"},  # another locale: another issue
                    {**twice, "product_id": self.variants[1].id},  # another variant: another issue
                ]
            },
            "ours",
        )
        self.assertEqual(len(listing.issue_ids), 3)
        self.assertEqual(
            sorted((issue.product_id.id, issue.lang) for issue in listing.issue_ids),
            sorted(
                [
                    (self.variants[0].id, "de_DE"),
                    (self.variants[0].id, "fr_FR"),
                    (self.variants[1].id, "de_DE"),
                ]
            ),
        )

    def test_issues_are_ordered_by_field_label_then_variant(self):
        listing = self._listing()
        first, second = self.variants[:2]
        listing._kobo_set_issues(
            {
                listing.id: [
                    {"field": "price", "product_id": second.id, "message": "no price"},
                    {"field": "barcode", "product_id": second.id, "message": "no GTIN"},
                    {"field": "price", "product_id": first.id, "message": "no price"},
                    {"field": "barcode", "product_id": first.id, "message": "no GTIN"},
                ]
            },
            "ours",
        )
        listing.invalidate_recordset(["issue_ids"])
        expected_variants = list(self.env["product.product"].search([("id", "in", (first | second).ids)]))
        self.assertEqual(
            [(issue.field_label, issue.product_id) for issue in listing.issue_ids],
            [("Barcode", variant) for variant in expected_variants]
            + [("Price", variant) for variant in expected_variants],
        )

    def test_a_blocked_listing_says_in_one_line_what_blocks_it(self):
        listing = self._listing()
        self.assertFalse(listing.kobo_block_summary)  # a draft listing has nothing to say
        issues = [
            {"field": "barcode", "product_id": variant.id, "message": f"{variant.display_name}: no GTIN"}
            for variant in self.variants[:3]
        ]
        issues.append({"field": "pricelist_id", "message": "the channel has no pricelist"})
        listing._kobo_set_issues({listing.id: issues}, "ours")
        privileged(listing).write({"state": "blocked"})
        pricelist = self.env["kobo.channel"]._fields["pricelist_id"].string
        self.assertEqual(
            listing.kobo_block_summary,
            f"Blocked: Barcode: 3 of 4 variants; {pricelist}: the channel has no pricelist",
        )
        self.assertNotIn("\n", listing.kobo_block_summary)
        privileged(listing).write({"state": "error"})
        self.assertTrue(listing.kobo_block_summary.startswith("Error: "))
        privileged(listing).write({"state": "published"})
        self.assertFalse(listing.kobo_block_summary)

    def test_the_sync_records_a_refusal_once_with_its_label(self):
        listings = self._listings()
        listings._kobo_queue("publish")
        refused = listings[0]
        issue = {"field": "price", "message": "Price must be positive", "lang": "de_DE"}
        with self._record_calls(refuse={refused: [issue, dict(issue)]}):
            self.shop._kobo_job_sync()
        self.assertEqual(refused.state, "error")
        self.assertEqual(len(refused.issue_ids), 1)
        self.assertEqual(refused.issue_ids.field_label, "Price")
        self.assertEqual(refused.kobo_block_summary, "Error: Price: Price must be positive")
