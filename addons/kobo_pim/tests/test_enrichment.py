from freezegun import freeze_time

from odoo.addons.kobo_base.models.kobo_workflow_mixin import privileged
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged

from .common import KoboPimCase


class KoboEnrichmentCase(KoboPimCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.ref("base.lang_fr").active = True
        cls.product = cls.env["product.template"].create(
            {"name": "Linen Shirt", "kobo_marketing_name": "The Linen Shirt", "kobo_brand": "Atelier Nord"}
        )
        cls.enrichment = cls.env["kobo.enrichment"]._kobo_ensure(cls.product)
        # Someone who edits products for sales but has no catalogue rights.
        cls.sales_manager = new_test_user(
            cls.env, "kobo_sales_manager", groups="base.group_user,sales_team.group_sale_manager"
        )

    def state_label(self, enrichment):
        return dict(enrichment._fields["state"]._description_selection(self.env))[enrichment.state]

    def approve(self, enrichment):
        """Set-up, not what is tested: the product's enrichment approved as the actions would."""
        privileged(enrichment).write({"state": "approved"})

    def review_summaries(self, enrichment):
        return sorted(
            (activity.summary, activity.user_id.login)
            for activity in enrichment.activity_ids
            if activity.activity_type_id == self.env.ref("kobo_pim.mail_activity_type_kobo_review")
        )


@tagged("post_install", "-at_install")
class TestEnrichmentWorkflow(KoboEnrichmentCase):
    def test_the_catalogue_team_moves_a_product_to_approval(self):
        enrichment = self.enrichment.with_user(self.catalogue_user)
        self.assertEqual(self.state_label(enrichment), "To Enrich")
        enrichment.action_start()
        self.assertEqual(self.state_label(enrichment), "In Progress")
        enrichment.reviewer_id = self.catalogue_manager
        enrichment.action_submit()
        self.assertEqual(self.state_label(enrichment), "In Review")
        self.assertEqual(self.review_summaries(enrichment), [("Review Linen Shirt", "kobo_cat_manager")])
        with self.assertRaisesRegex(
            AccessError, "Only Product Information / Manager can approve a product's content"
        ):
            enrichment.action_approve()
        self.assertEqual(self.state_label(enrichment), "In Review")

        with freeze_time("2026-05-04 10:00:00"):
            enrichment.with_user(self.catalogue_manager).action_approve()
        self.assertEqual(self.state_label(enrichment), "Approved")
        self.assertEqual(enrichment.approved_by_id, self.catalogue_manager)
        self.assertEqual(str(enrichment.date_approved), "2026-05-04 10:00:00")
        self.assertFalse(enrichment.activity_ids, "approving marks the review done")
        done = self.env["mail.message"].search(
            [
                ("model", "=", "kobo.enrichment"),
                ("res_id", "=", enrichment.id),
                ("mail_activity_type_id", "!=", False),
            ]
        )
        self.assertIn("Review Linen Shirt", done.mapped("preview")[0])

    def test_without_a_reviewer_every_catalogue_manager_gets_the_review(self):
        enrichment = self.enrichment.with_user(self.catalogue_user)
        enrichment.action_start()
        enrichment.action_submit()
        self.assertIn(("Review Linen Shirt", "kobo_cat_manager"), self.review_summaries(enrichment))
        self.assertNotIn("kobo_cat_user", [login for _summary, login in self.review_summaries(enrichment)])

    def test_a_manager_sends_back_and_the_assignee_gets_a_rework_activity(self):
        enrichment = self.enrichment.with_user(self.catalogue_user)
        enrichment.user_id = self.catalogue_user
        enrichment.action_start()
        enrichment.action_submit()
        with self.assertRaisesRegex(AccessError, "Only Product Information / Manager can send"):
            enrichment.action_send_back()
        enrichment.with_user(self.catalogue_manager).action_send_back()
        self.assertEqual(self.state_label(enrichment), "In Progress")
        self.assertEqual(enrichment.activity_ids.mapped("summary"), ["Rework Linen Shirt"])
        self.assertEqual(enrichment.activity_ids.user_id, self.catalogue_user)

    def test_a_step_out_of_order_names_the_product_and_its_state(self):
        enrichment = self.enrichment.with_user(self.catalogue_manager)
        with self.assertRaisesRegex(UserError, "Linen Shirt is to enrich: it cannot become approved"):
            enrichment.action_approve()
        with self.assertRaisesRegex(UserError, "Linen Shirt is to enrich: it cannot become in review"):
            enrichment.action_submit()
        self.assertEqual(self.state_label(enrichment), "To Enrich")

    def test_nobody_writes_the_state_directly(self):
        for user in (self.catalogue_user, self.catalogue_manager):
            enrichment = self.enrichment.with_user(user)
            for context in ({}, {"kobo_privileged": True}, {"kobo_privileged": "1"}):
                with self.assertRaisesRegex(
                    AccessError, "State can only be changed through the workflow's buttons"
                ):
                    enrichment.with_context(**context).write({"state": "approved"})
            with self.assertRaisesRegex(AccessError, "Approved By can only be changed"):
                enrichment.write({"approved_by_id": user.id})
            other = self.env["product.template"].create({"name": "Other shirt"})
            with self.assertRaisesRegex(AccessError, "State can only be changed"):
                self.env["kobo.enrichment"].with_user(user).create(
                    {"product_tmpl_id": other.id, "state": "approved"}
                )
        self.assertEqual(self.state_label(self.enrichment), "To Enrich")

    def test_an_approval_never_moves_to_another_product(self):
        self.approve(self.enrichment)
        other = self.env["product.template"].create({"name": "Unreviewed shirt"})
        with self.assertRaisesRegex(UserError, "The product of an enrichment cannot be changed"):
            self.enrichment.with_user(self.catalogue_manager).product_tmpl_id = other
        self.assertEqual(self.enrichment.product_tmpl_id, self.product)

    def test_an_approved_product_reopened_goes_back_to_work(self):
        self.enrichment.user_id = self.catalogue_user
        self.approve(self.enrichment)
        enrichment = self.enrichment.with_user(self.catalogue_user)
        enrichment.action_reopen()
        self.assertEqual(self.state_label(enrichment), "In Progress")
        self.assertFalse(enrichment.approved_by_id)
        self.assertIn("Rework Linen Shirt", enrichment.activity_ids.mapped("summary"))

    @freeze_time("2026-05-04")
    def test_assigning_schedules_the_assignees_activity_with_the_deadline(self):
        enrichment = self.enrichment.with_user(self.catalogue_user)
        with Form(enrichment) as form:
            form.user_id = self.catalogue_user
            form.date_deadline = "2026-05-20"
        self.assertEqual(
            [(a.summary, a.user_id, str(a.date_deadline)) for a in enrichment.activity_ids],
            [("Enrich Linen Shirt", self.catalogue_user, "2026-05-20")],
        )
        enrichment.date_deadline = "2026-05-25"
        self.assertEqual(str(enrichment.activity_ids.date_deadline), "2026-05-25")
        enrichment.user_id = self.catalogue_manager
        self.assertEqual(
            enrichment.activity_ids.user_id, self.catalogue_manager, "the old assignee's to-do is gone"
        )
        self.assertFalse(enrichment.is_late)
        with freeze_time("2026-05-26"):
            enrichment.invalidate_recordset(["is_late"])
            self.assertTrue(enrichment.is_late)
            late = self.env["kobo.enrichment"].with_user(self.catalogue_user).search([("is_late", "=", True)])
            self.assertIn(enrichment, late)
            self.assertNotIn(enrichment, late.search([("is_late", "=", False)]))

    def test_only_managers_see_the_approve_button(self):
        for user, sees_approve in ((self.catalogue_user, False), (self.catalogue_manager, True)):
            enrichments = self.env["kobo.enrichment"].with_user(user)
            views = enrichments.get_views([(False, "kanban"), (False, "form")])
            form = views["views"]["form"]["arch"]
            self.assertIn('name="action_submit"', form)
            self.assertEqual('name="action_approve"' in form, sees_approve, user.login)
            self.assertIn('default_group_by="state"', views["views"]["kanban"]["arch"])

    def test_kanban_shows_every_state_as_a_column(self):
        groups = (
            self.env["kobo.enrichment"]
            .with_user(self.catalogue_user)
            .web_read_group([("id", "=", self.enrichment.id)], ["state"], ["state"])
        )
        self.assertEqual(
            [group["state"] for group in groups["groups"]],
            ["to_enrich", "in_progress", "in_review", "approved"],
        )


@tagged("post_install", "-at_install")
class TestEnrichmentLeavesApproval(KoboEnrichmentCase):
    """An approved product goes back to review when its content changes, whoever changes it."""

    def setUp(self):
        super().setUp()
        self.approve(self.enrichment)

    def last_note(self):
        return self.enrichment.message_ids[:1].preview

    def test_changing_a_fact_reopens_review_and_names_the_field(self):
        self.product.with_user(self.catalogue_user).kobo_brand = "Atelier Sud"
        self.assertEqual(self.state_label(self.enrichment), "In Review")
        self.assertEqual(self.last_note(), "Content changed after approval (Brand): back in review.")
        self.assertIn(("Review Linen Shirt", "kobo_cat_manager"), self.review_summaries(self.enrichment))

    def test_a_translation_reopens_review_and_names_the_language(self):
        self.product.with_user(self.catalogue_user).with_context(
            lang="fr_FR"
        ).kobo_marketing_name = "La chemise en lin"
        self.assertEqual(self.state_label(self.enrichment), "In Review")
        self.assertEqual(
            self.last_note(),
            "Content changed after approval (Marketing Name (French / Français)): back in review.",
        )

    def test_the_translation_dialog_reopens_review(self):
        self.product.with_user(self.catalogue_user).update_field_translations(
            "kobo_seo_title", {"fr_FR": "Chemise en lin"}
        )
        self.assertEqual(self.state_label(self.enrichment), "In Review")
        self.assertEqual(
            self.last_note(),
            "Content changed after approval (SEO Title (French / Français)): back in review.",
        )

    def test_saving_the_same_content_keeps_the_approval(self):
        self.product.with_user(self.catalogue_user).write(
            {"kobo_marketing_name": "The Linen Shirt", "kobo_brand": "Atelier Nord"}
        )
        self.product.with_user(self.catalogue_user).list_price = 120.0
        self.assertEqual(self.state_label(self.enrichment), "Approved")

    def test_a_sales_manager_without_catalogue_rights_also_reopens_it(self):
        self.product.with_user(self.sales_manager).kobo_composition_label = "100% linen"
        self.assertEqual(self.state_label(self.enrichment), "In Review")
        self.assertEqual(
            self.last_note(),
            "Content changed after approval (Composition Label (English (US))): back in review.",
        )

    def test_a_channel_override_reopens_review(self):
        channel = self.env["kobo.channel"].create({"name": "Zalando DE", "code": "t_zalando"})
        copy = (
            self.env["kobo.channel.copy"]
            .with_user(self.catalogue_user)
            .create({"product_tmpl_id": self.product.id, "channel_id": channel.id})
        )
        self.assertEqual(self.state_label(self.enrichment), "In Review")
        self.assertEqual(
            self.last_note(), "Content changed after approval (copy added for Zalando DE): back in review."
        )
        self.approve(self.enrichment)
        copy.kobo_seo_title = "Leinenhemd"
        self.assertEqual(
            self.last_note(),
            "Content changed after approval (SEO Title (English (US)) for Zalando DE): back in review.",
        )

    def test_a_descriptive_attribute_reopens_review(self):
        fit = self.env.ref("kobo_pim.product_attribute_kobo_fit")
        line = (
            self.env["product.template.attribute.line"]
            .with_user(self.catalogue_user)
            .create(
                {
                    "product_tmpl_id": self.product.id,
                    "attribute_id": fit.id,
                    "value_ids": [self.env.ref("kobo_pim.product_attribute_value_kobo_fit_relaxed").id],
                }
            )
        )
        self.assertEqual(self.last_note(), "Content changed after approval (Fit values): back in review.")
        self.approve(self.enrichment)
        line.value_ids = self.env.ref("kobo_pim.product_attribute_value_kobo_fit_slim")
        self.assertEqual(self.state_label(self.enrichment), "In Review")

    def test_other_products_stay_approved(self):
        other = self.env["product.template"].create({"name": "Wool Coat"})
        other_enrichment = self.env["kobo.enrichment"]._kobo_ensure(other)
        self.approve(other_enrichment)
        self.product.kobo_brand = "Atelier Sud"
        self.assertEqual(self.state_label(other_enrichment), "Approved")
