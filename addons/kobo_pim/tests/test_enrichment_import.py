from odoo.exceptions import AccessError
from odoo.tests import tagged

from .test_enrichment import KoboEnrichmentCase


@tagged("post_install", "-at_install")
class TestSendToEnrichment(KoboEnrichmentCase):
    """Products enter enrichment from the product list (server action), without kobo_plm."""

    def test_send_to_enrichment_creates_each_missing_enrichment_once(self):
        products = self.env["product.template"].create([{"name": "Silk Scarf"}, {"name": "Wool Coat"}])
        products |= self.product
        action = products.with_user(self.catalogue_user).action_kobo_send_to_enrichment()
        enrichments = self.env["kobo.enrichment"].search(action["domain"])
        self.assertEqual(
            sorted(enrichments.mapped("product_tmpl_id.name")), ["Linen Shirt", "Silk Scarf", "Wool Coat"]
        )
        self.assertIn(self.enrichment, enrichments, "the existing enrichment is reused")
        self.assertEqual(set(enrichments.mapped("state")), {"to_enrich"})
        again = products.with_user(self.catalogue_user).action_kobo_send_to_enrichment()
        self.assertEqual(self.env["kobo.enrichment"].search(again["domain"]), enrichments)
        self.assertEqual(
            self.env["kobo.enrichment"].search_count([("product_tmpl_id", "in", products.ids)]), 3
        )

    def test_the_product_list_filters_by_enrichment(self):
        scarf = self.env["product.template"].create({"name": "Silk Scarf"})
        self.approve(self.enrichment)
        products = self.env["product.template"].with_user(self.catalogue_user)
        search = self.env.ref("product.product_template_search_view")
        arch = products.get_views([(search.id, "search")])["views"]["search"]["arch"]
        self.assertIn('name="kobo_not_in_enrichment"', arch)
        names = ["Silk Scarf", "Linen Shirt"]
        self.assertEqual(
            products.search([("name", "in", names), ("kobo_enrichment_ids", "=", False)]).mapped("name"),
            ["Silk Scarf"],
        )
        self.assertEqual(
            products.search([("name", "in", names), ("kobo_enrichment_state", "=", "approved")]).mapped(
                "name"
            ),
            ["Linen Shirt"],
        )
        self.assertEqual(scarf.with_user(self.catalogue_user).kobo_enrichment_state, False)
        sales_arch = (
            self.env["product.template"]
            .with_user(self.sales_manager)
            .get_views([(search.id, "search")])["views"]
        )
        self.assertNotIn("kobo_not_in_enrichment", sales_arch["search"]["arch"])

    def test_the_server_action_on_the_product_list(self):
        products = self.env["product.template"].create([{"name": "Silk Scarf"}, {"name": "Wool Coat"}])
        server_action = self.env.ref("kobo_pim.action_server_kobo_send_to_enrichment")
        self.assertEqual(server_action.binding_model_id.model, "product.template")
        self.assertEqual(server_action.binding_view_types, "list,form")
        action = (
            server_action.with_user(self.catalogue_user)
            .with_context(active_model="product.template", active_ids=products.ids)
            .run()
        )
        self.assertEqual(action["res_model"], "kobo.enrichment")
        self.assertEqual(self.env["kobo.enrichment"].search(action["domain"]).product_tmpl_id, products)

    def test_only_catalogue_users_send_products_to_enrichment(self):
        product = self.env["product.template"].create({"name": "Silk Scarf"})
        with self.assertRaisesRegex(
            AccessError, "Only Product Information / User can send products to enrichment"
        ):
            product.with_user(self.sales_manager).action_kobo_send_to_enrichment()
        self.assertFalse(self.env["kobo.enrichment"].search([("product_tmpl_id", "=", product.id)]))

    def test_sending_takes_the_same_queries_for_3_or_15_products(self):
        counts = {}
        # The first round warms the caches (access rules, the user's companies) as a session would.
        for label, size in (("warm-up", 3), ("3", 3), ("15", 15)):
            products = self.env["product.template"].create(
                [{"name": f"Batch {label} {index}"} for index in range(size)]
            )
            products = products.with_user(self.catalogue_user)
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            products.action_kobo_send_to_enrichment()
            self.env.flush_all()
            counts[label] = self.cr.sql_log_count - before
            self.assertEqual(len(products.kobo_enrichment_ids), size)
        self.assertEqual(counts["3"], counts["15"], counts)

    def test_another_companys_enrichment_is_not_visible(self):
        other_company = self.env["res.company"].create({"name": "Other Brand Ltd"})
        product = self.env["product.template"].create({"name": "Other scarf", "company_id": other_company.id})
        enrichment = self.env["kobo.enrichment"]._kobo_ensure(product)
        visible = self.env["kobo.enrichment"].with_user(self.catalogue_user).search([])
        self.assertIn(self.enrichment, visible)
        self.assertNotIn(enrichment, visible)


@tagged("post_install", "-at_install")
class TestEnrichmentImport(KoboEnrichmentCase):
    """Odoo's standard import: good rows land, a bad row is named and nothing is saved."""

    def error_messages(self, result):
        self.assertFalse(result["ids"], result)
        return [
            (message["rows"]["from"], message.get("field"), message["message"])
            for message in result["messages"]
        ]

    def test_products_with_copy_translations_and_a_descriptive_attribute(self):
        fields = [
            "name",
            "kobo_marketing_name",
            "kobo_bullet_points",
            "kobo_gender",
            "attribute_line_ids/attribute_id",
            "attribute_line_ids/value_ids",
        ]
        result = self.env["product.template"].load(
            fields, [["Import Dress", "The Summer Dress", "Cotton poplin", "Female", "Fit", "Relaxed"]]
        )
        self.assertFalse(result["messages"])
        dress = self.env["product.template"].browse(result["ids"])
        self.assertEqual((dress.kobo_marketing_name, dress.kobo_gender), ("The Summer Dress", "female"))
        self.assertEqual(dress.attribute_line_ids.value_ids.mapped("name"), ["Relaxed"])
        self.assertEqual(dress.product_variant_count, 1)
        # The French file, imported in French, fills the French translation only.
        result = (
            self.env["product.template"]
            .with_context(lang="fr_FR")
            .load(["id", "kobo_marketing_name"], [[self.export_id(dress), "La robe d'été"]])
        )
        self.assertFalse(result["messages"])
        self.assertEqual(dress.with_context(lang="fr_FR").kobo_marketing_name, "La robe d'été")
        self.assertEqual(dress.with_context(lang="en_US").kobo_marketing_name, "The Summer Dress")

    def test_unknown_category_or_attribute_value_is_named_and_nothing_is_saved(self):
        result = self.env["product.template"].load(
            ["name", "categ_id", "attribute_line_ids/attribute_id", "attribute_line_ids/value_ids"],
            [
                ["Good Dress", "All", "Fit", "Slim"],
                ["Bad Dress", "No Such Category", "Fit", "Slim"],
                ["Odd Dress", "All", "Fit", "Skinny Legs"],
            ],
        )
        errors = self.error_messages(result)
        self.assertEqual(
            [(row, field) for row, field, _message in errors], [(1, "categ_id"), (2, "attribute_line_ids")]
        )
        self.assertIn("No Such Category", errors[0][2])
        self.assertIn("Skinny Legs", errors[1][2])
        self.assertFalse(
            self.env["product.template"].search([("name", "in", ["Good Dress", "Bad Dress", "Odd Dress"])])
        )

    def test_enrichments_import_with_assignee_and_deadline(self):
        scarf = self.env["product.template"].create({"name": "Silk Scarf"})
        result = (
            self.env["kobo.enrichment"]
            .with_user(self.catalogue_user)
            .load(
                ["product_tmpl_id", "user_id", "date_deadline"],
                [["Silk Scarf", "kobo_cat_user", "2026-06-30"]],
            )
        )
        self.assertFalse(result["messages"])
        enrichment = self.env["kobo.enrichment"].browse(result["ids"])
        self.assertEqual((enrichment.product_tmpl_id, enrichment.user_id), (scarf, self.catalogue_user))
        self.assertEqual(
            [(a.summary, str(a.date_deadline)) for a in enrichment.activity_ids],
            [("Enrich Silk Scarf", "2026-06-30")],
        )

    def test_an_enrichment_import_with_a_bad_row_saves_nothing(self):
        self.env["product.template"].create([{"name": "Silk Scarf"}, {"name": "Wool Coat"}])
        result = (
            self.env["kobo.enrichment"]
            .with_user(self.catalogue_user)
            .load(
                ["product_tmpl_id", "user_id", "date_deadline", "state"],
                [
                    ["Silk Scarf", "kobo_cat_user", "2026-06-30", "To Enrich"],
                    ["No Such Product", "kobo_cat_user", "2026-06-30", "To Enrich"],
                    ["Wool Coat", "kobo_cat_user", "2026-06-30", "To Enrich"],
                ],
            )
        )
        errors = self.error_messages(result)
        self.assertIn(
            (1, "product_tmpl_id", "No matching record found for name 'No Such Product' in field 'Product'"),
            errors,
        )
        self.assertEqual({row for row, field, _message in errors if field}, {1})
        self.assertFalse(
            self.env["kobo.enrichment"].search([("product_tmpl_id.name", "in", ["Silk Scarf", "Wool Coat"])])
        )

    def test_an_import_cannot_approve_or_duplicate(self):
        self.env["product.template"].create({"name": "Silk Scarf"})
        result = (
            self.env["kobo.enrichment"]
            .with_user(self.catalogue_user)
            .load(["product_tmpl_id", "state"], [["Silk Scarf", "Approved"]])
        )
        self.assertIn(
            "State can only be changed through the workflow's buttons", self.error_messages(result)[0][2]
        )
        result = (
            self.env["kobo.enrichment"]
            .with_user(self.catalogue_user)
            .load(["product_tmpl_id"], [["Linen Shirt"]])
        )
        self.assertEqual(self.error_messages(result), [(0, None, "Linen Shirt already has an enrichment.")])

    def test_a_product_file_puts_products_into_enrichment(self):
        scarf = self.env["product.template"].create({"name": "Silk Scarf"})
        result = self.env["product.template"].load(
            ["id", "kobo_enrichment_user_id", "kobo_enrichment_date_deadline"],
            [[self.export_id(scarf), "kobo_cat_user", "2026-07-15"]],
        )
        self.assertFalse(result["messages"])
        self.assertEqual(scarf.kobo_enrichment_ids.user_id, self.catalogue_user)
        self.assertEqual(str(scarf.kobo_enrichment_ids.date_deadline), "2026-07-15")
        self.assertEqual(scarf.kobo_enrichment_ids.activity_ids.summary, "Enrich Silk Scarf")

    def export_id(self, record):
        return record._export_rows([["id"]])[0][0]
