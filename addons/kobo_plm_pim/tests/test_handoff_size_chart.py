from odoo.addons.kobo_base.models.kobo_workflow_mixin import privileged
from odoo.tests import tagged

from .common import HandoffCase


@tagged("post_install", "-at_install")
class TestHandoffSizeChart(HandoffCase):
    """The size chart is each style's own, written without a query per style: what a write of it
    does (approval reopened, translations kept) still happens."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.style = cls._styles(1, "HOS")
        cls.style._kobo_send_to_enrichment()
        cls.enrichment = cls.env["kobo.enrichment"].search([("product_tmpl_id", "=", cls.style.id)])

    def _approve(self):
        """Set-up, not what is tested: the catalogue manager approved the product."""
        privileged(self.enrichment).write({"state": "approved"})

    def _development_changes_the_chest(self):
        """Set-up: a new revision measures the chest at 56 at the base size (52 before), frozen."""
        action = self.style.kobo_current_techpack_id.with_user(self.plm_manager).action_new_revision()
        revision = self.env["kobo.techpack"].browse(action["res_id"])
        revision.measurement_ids.base_value = 56.0
        revision.with_user(self.plm_manager).action_freeze()
        self.assertEqual(self.style.kobo_current_techpack_id, revision)

    def test_a_new_chart_sends_an_approved_product_back_to_review(self):
        self._approve()
        self._development_changes_the_chest()
        self.style._kobo_send_to_enrichment()
        english = self.style.with_context(lang="en_US")
        self.assertIn("<td>Chest width</td><td>56</td><td>58</td>", english.kobo_size_chart)
        self.assertEqual(self.enrichment.state, "in_review")
        self.assertIn(
            "Content changed after approval (Size Chart (English (US))): back in review.",
            self.enrichment.message_ids.mapped("preview"),
        )

    def test_an_unchanged_chart_keeps_the_approval(self):
        self._approve()
        self.style._kobo_send_to_enrichment()
        self.assertEqual(self.enrichment.state, "approved")

    def test_a_translated_chart_keeps_its_translated_points(self):
        self.style.update_field_translations(
            "kobo_size_chart", {"fr_FR": {"Chest width": "Largeur poitrine"}}
        )
        self._approve()
        self._development_changes_the_chest()
        self.style._kobo_send_to_enrichment()
        english, french = self.style.with_context(lang="en_US"), self.style.with_context(lang="fr_FR")
        self.assertIn("<td>Chest width</td><td>56</td><td>58</td>", english.kobo_size_chart)
        self.assertIn("<td>Largeur poitrine</td><td>56</td><td>58</td>", french.kobo_size_chart)
        self.assertEqual(self.enrichment.state, "in_review")
        self.assertIn(
            "Content changed after approval (Size Chart (English (US))): back in review.",
            self.enrichment.message_ids.mapped("preview"),
        )

    def test_a_chart_written_in_the_same_transaction_as_the_approval_reopens_it(self):
        """The approval watch answers from the ORM's cache, which sees an approval at once."""
        self.style.kobo_brand = "Before approval"  # the watch reads the enrichment: not approved
        self._approve()
        self.style.kobo_brand = "After approval"
        self.assertEqual(self.enrichment.state, "in_review")
        self._approve()
        self._development_changes_the_chest()
        self.style._kobo_send_to_enrichment()
        self.assertEqual(self.enrichment.state, "in_review")
