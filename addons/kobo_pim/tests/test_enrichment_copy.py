from psycopg2.errors import UniqueViolation

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .test_enrichment import KoboEnrichmentCase


@tagged("post_install", "-at_install")
class TestEnrichmentCopy(KoboEnrichmentCase):
    """A product's copy per channel and language: the channel's override, else the product's own."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.web = cls.env["kobo.channel"].create({"name": "Web shop", "code": "t_web"})
        cls.zalando = cls.env["kobo.channel"].create({"name": "Zalando", "code": "t_zalando"})
        cls.product.write(
            {
                "kobo_description": "<p>Washed linen, relaxed fit.</p>",
                "kobo_bullet_points": "Washed linen\nMother-of-pearl buttons",
            }
        )
        cls.product.with_context(lang="fr_FR").kobo_marketing_name = "La chemise en lin"
        cls.zalando_copy = cls.env["kobo.channel.copy"].create(
            {
                "product_tmpl_id": cls.product.id,
                "channel_id": cls.zalando.id,
                "kobo_marketing_name": "Linen Shirt Relaxed Fit",
                "kobo_description": "<p><br></p>",
            }
        )
        cls.zalando_copy.with_context(lang="fr_FR").kobo_marketing_name = "Chemise en lin coupe ample"

    def test_the_channel_override_wins_and_empty_fields_fall_back(self):
        copy = self.product.with_user(self.catalogue_user)._kobo_copy(self.zalando, "en_US")
        self.assertEqual(copy["kobo_marketing_name"], "Linen Shirt Relaxed Fit")
        self.assertEqual(
            copy["kobo_description"], "<p>Washed linen, relaxed fit.</p>", "an empty editor is no override"
        )
        self.assertEqual(copy["kobo_bullet_points"], "Washed linen\nMother-of-pearl buttons")
        self.assertEqual(
            self.product._kobo_copy(self.zalando, "fr_FR")["kobo_marketing_name"],
            "Chemise en lin coupe ample",
        )
        self.assertEqual(
            self.product._kobo_copy(self.web, "fr_FR")["kobo_marketing_name"], "La chemise en lin"
        )
        self.assertEqual(self.product._kobo_copy(self.web, "en_US")["kobo_marketing_name"], "The Linen Shirt")

    def test_an_english_only_override_does_not_hide_the_products_french_copy(self):
        self.env["kobo.channel.copy"].create(
            {
                "product_tmpl_id": self.product.id,
                "channel_id": self.web.id,
                "kobo_marketing_name": "Linen Shirt",
            }
        )
        values = self.env["product.template"]._kobo_copy_values(
            self.product, self.web, ["en_US", "fr_FR", "de_DE"]
        )
        self.assertEqual(
            values[(self.product.id, self.web.id, "en_US")]["kobo_marketing_name"], "Linen Shirt"
        )
        self.assertEqual(
            values[(self.product.id, self.web.id, "fr_FR")]["kobo_marketing_name"],
            "La chemise en lin",
            "the product's own French beats the override's English",
        )
        self.assertEqual(
            values[(self.product.id, self.web.id, "de_DE")]["kobo_marketing_name"],
            "Linen Shirt",
            "with no German anywhere, the override's English beats the product's English",
        )

    def test_copy_values_in_batch_take_the_same_queries_for_2_or_12_products(self):
        counts = {}
        for size in (2, 12):
            products = self.env["product.template"].create(
                [
                    {"name": f"Batch {size} {index}", "kobo_marketing_name": f"Shirt {index}"}
                    for index in range(size)
                ]
            )
            self.env["kobo.channel.copy"].create(
                [
                    {"product_tmpl_id": product.id, "channel_id": self.web.id, "kobo_seo_title": "Web"}
                    for product in products
                ]
            )
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            values = (
                self.env["product.template"]
                .with_user(self.catalogue_user)
                ._kobo_copy_values(products, self.web | self.zalando, ["en_US", "fr_FR"])
            )
            counts[size] = self.cr.sql_log_count - before
            self.assertEqual(len(values), size * 2 * 2)
            first = products[0].id
            self.assertEqual(values[(first, self.web.id, "fr_FR")]["kobo_seo_title"], "Web")
            self.assertFalse(values[(first, self.zalando.id, "fr_FR")]["kobo_seo_title"])
            self.assertEqual(values[(first, self.zalando.id, "fr_FR")]["kobo_marketing_name"], "Shirt 0")
        self.assertEqual(counts[2], counts[12], counts)

    def test_the_content_page_of_the_product_form(self):
        self.enrichment.with_user(self.catalogue_user).action_start()
        with Form(self.product.with_user(self.catalogue_user)) as form:
            self.assertEqual(form.kobo_enrichment_state, "in_progress")
            form.kobo_seo_title = "Linen shirt for summer"
            with form.kobo_channel_copy_ids.new() as line:
                line.channel_id = self.web
                line.kobo_marketing_name = "Linen Shirt - web exclusive"
        self.assertEqual(
            self.product._kobo_copy(self.web, "en_US")["kobo_marketing_name"], "Linen Shirt - web exclusive"
        )
        web_copy = self.product._kobo_copy(self.web, "en_US")
        self.assertEqual(web_copy["kobo_seo_title"], "Linen shirt for summer")
        action = self.product.with_user(self.catalogue_user).action_kobo_open_enrichment()
        self.assertEqual((action["res_model"], action["res_id"]), ("kobo.enrichment", self.enrichment.id))
        # Someone outside the catalogue team sees the product without the catalogue's fields.
        form = Form(self.product.with_user(self.sales_manager))
        self.assertNotIn("kobo_channel_copy_ids", form._view["fields"])
        self.assertNotIn("kobo_enrichment_state", form._view["fields"])

    def test_one_copy_per_product_and_channel(self):
        with self.assertRaises(UniqueViolation), mute_logger("odoo.sql_db"), self.cr.savepoint():
            self.env["kobo.channel.copy"].create(
                {"product_tmpl_id": self.product.id, "channel_id": self.zalando.id}
            )

    def test_another_companys_channel_copy_is_not_visible(self):
        other_company = self.env["res.company"].create({"name": "Other Brand Ltd"})
        channel = self.env["kobo.channel"].create(
            {"name": "Other shop", "code": "t_other", "company_id": other_company.id}
        )
        copy = self.env["kobo.channel.copy"].create(
            {"product_tmpl_id": self.product.id, "channel_id": channel.id}
        )
        visible = (
            self.env["kobo.channel.copy"]
            .with_user(self.catalogue_user)
            .search([("product_tmpl_id", "=", self.product.id)])
        )
        self.assertEqual(visible, self.zalando_copy)
        self.assertNotIn(copy, visible)


@tagged("post_install", "-at_install")
class TestDescriptiveAttributes(KoboEnrichmentCase):
    def test_descriptive_attributes_describe_without_making_variants(self):
        fit = self.env.ref("kobo_pim.product_attribute_kobo_fit")
        occasion = self.env.ref("kobo_pim.product_attribute_kobo_occasion")
        self.assertEqual((fit.create_variant, fit.kobo_descriptive), ("no_variant", True))
        self.assertEqual(fit.value_ids.mapped("name"), ["Slim", "Regular", "Relaxed", "Oversized"])
        self.product.with_user(self.catalogue_user).write(
            {
                "attribute_line_ids": [
                    (
                        0,
                        0,
                        {
                            "attribute_id": fit.id,
                            "value_ids": [
                                self.env.ref("kobo_pim.product_attribute_value_kobo_fit_relaxed").id
                            ],
                        },
                    ),
                    (0, 0, {"attribute_id": occasion.id, "value_ids": occasion.value_ids[:2].ids}),
                ]
            }
        )
        self.assertEqual(self.product.product_variant_count, 1)
        self.assertEqual(
            self.product.attribute_line_ids.mapped(
                lambda line: (line.attribute_id.name, line.value_ids.mapped("name"))
            ),
            [("Fit", ["Relaxed"]), ("Occasion", ["Casual", "Workwear"])],
        )

    def test_a_descriptive_attribute_never_creates_variants(self):
        pattern = self.env.ref("kobo_pim.product_attribute_kobo_pattern")
        with self.assertRaisesRegex(ValidationError, "Pattern is a descriptive attribute"):
            pattern.create_variant = "always"
        attribute = self.env["product.attribute"].create({"name": "Lining", "create_variant": "always"})
        with self.assertRaisesRegex(ValidationError, "Lining is a descriptive attribute"):
            attribute.kobo_descriptive = True

    def test_catalogue_users_cannot_add_variants(self):
        size = self.env["product.attribute"].create(
            {
                "name": "Test Size",
                "create_variant": "always",
                "value_ids": [(0, 0, {"name": "S"}), (0, 0, {"name": "M"})],
            }
        )
        with self.assertRaises(AccessError):
            self.product.with_user(self.catalogue_user).write(
                {"attribute_line_ids": [(0, 0, {"attribute_id": size.id, "value_ids": size.value_ids.ids})]}
            )
