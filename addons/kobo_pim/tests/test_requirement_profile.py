from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .test_completeness_common import CompletenessCase


@tagged("post_install", "-at_install")
class TestRequirementProfile(CompletenessCase):
    def test_shipped_profiles(self):
        google = self.env.ref("kobo_pim.profile_google_apparel")
        rules = {rule.field_name or rule.check: rule for rule in google.rule_ids}
        self.assertEqual(
            set(rules),
            {
                "kobo_marketing_name",
                "kobo_description",
                "image",
                "kobo_brand",
                "gtin_or_mpn",
                "color",
                "size",
                "kobo_gender",
                "kobo_age_group",
                "kobo_item_group",
                "category",
            },
        )
        self.assertEqual(
            (rules["kobo_marketing_name"].max_length, rules["kobo_description"].max_length), (150, 5000)
        )
        self.assertTrue(rules["kobo_marketing_name"].per_locale)
        self.assertFalse(rules["kobo_brand"].per_locale)
        self.assertEqual(rules["kobo_gender"]._kobo_allowed_values(), ["female", "male", "unisex"])
        amazon = self.env.ref("kobo_pim.profile_amazon").rule_ids
        bullets = amazon.filtered(lambda rule: rule.field_name == "kobo_bullet_points")
        self.assertEqual((bullets.max_count, bullets.max_length), (5, 500))
        for xmlid in ("profile_website", "profile_shopify", "profile_wholesale"):
            self.assertTrue(self.env.ref(f"kobo_pim.{xmlid}").rule_ids)

    def test_google_profile_on_a_channel(self):
        self.channel.profile_id = self.env.ref("kobo_pim.profile_google_apparel")
        bare = self._product("Bare", complete=False, variants=(("Navy", "M"),))
        self.channel.action_kobo_recompute_completeness()
        self.assertEqual(
            self._cells(bare)["en_US"].issues.splitlines(),
            [
                "en_US: title missing",
                "en_US: description missing",
                "image missing",
                "brand missing",
                "variant Navy / M: neither GTIN nor MPN",
                "gender missing",
                "age group missing",
                "item group missing",
            ],
        )
        bare.product_variant_ids.default_code = "BARE-NAVY-M"
        self.env.cr.flush()
        self.assertNotIn("neither GTIN nor MPN", self._cells(bare)["en_US"].issues)

    def test_amazon_bullet_points(self):
        self.channel.profile_id = self.env.ref("kobo_pim.profile_amazon")
        blazer = self._product("Blazer")
        blazer.kobo_bullet_points = "\n".join(["Wool"] * 5 + ["x" * 501])
        self.env.cr.flush()
        self.channel.action_kobo_recompute_completeness()
        issues = self._cells(blazer)["en_US"].issues.splitlines()
        self.assertIn("en_US: 6 bullet points, at most 5", issues)
        self.assertIn("en_US: bullet points 6 is 501 characters, at most 500", issues)
        self.assertIn("fr_FR: bullet points missing", self._cells(blazer)["fr_FR"].issues)

    def test_bad_rules_are_refused_with_the_field_named(self):
        Rule = self.env["kobo.requirement.rule"].with_user(self.catalogue_manager)
        bad = [
            (
                {"field_name": "kobo_marketing_name", "label": "title", "max_length": -1},
                "Profile Test feed profile, rule title: Maximum Length cannot be negative.",
            ),
            (
                {"field_name": "kobo_seo_title", "min_length": 10, "max_length": 5},
                "Profile Test feed profile, rule SEO title: the minimum length 10 is above the maximum 5.",
            ),
            ({}, "Profile Test feed profile: a product field rule needs the field it checks."),
        ]
        for vals, message in bad:
            with self.assertRaises(ValidationError) as caught:
                Rule.create({"profile_id": self.profile.id, "check": "field", **vals})
            self.assertEqual(str(caught.exception), message)
        self.assertEqual(len(self.profile.rule_ids), 10, "nothing was left behind")

    def test_profile_copy_and_archive(self):
        copy = self.profile.with_user(self.catalogue_manager).copy()
        self.assertEqual(copy.name, "Test feed profile (copy)")
        self.assertEqual(len(copy.rule_ids), 10)
        blazer = self._product("Blazer")
        self.profile.active = False
        self.assertTrue(self._cells(blazer)["en_US"].dirty)
        self.channel.action_kobo_recompute_completeness()
        # An archived profile checks nothing
        self.assertEqual(self._cells(blazer)["en_US"].score, 100)
        self.channel.profile_id = copy
        self.channel.lang_ids = [Command.unlink(self.lang_fr.id)]
        self.channel.action_kobo_recompute_completeness()
        self.assertEqual(list(self._cells(blazer)), ["en_US"])
