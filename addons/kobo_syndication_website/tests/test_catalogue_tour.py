import os

from odoo.addons.kobo_base.tests.screenshots import ScreenshotTourMixin, screenshots_dir
from odoo.addons.queue_job.job import Job
from odoo.tests import HttpCase, tagged

SCREENSHOTS = (
    "enrichment-board",
    "products-to-fix",
    "product-completeness",
    "translate-fr",
    "publish-progress",
    "listing-published",
)


@tagged("post_install", "-at_install")
class TestCatalogueTour(ScreenshotTourMixin, HttpCase):
    """The demo catalogue user, in the browser: the enrichment board measured on the French web
    shop, a product's missing French texts translated side by side, its approval, and its web
    shop listing published, with the screenshots the README shows (docs/screenshots)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user = cls.env.ref("kobo_pim.user_catalogue")
        cls.jacket = cls.env.ref("kobo_pim.demo_product_denim_trucker")
        cls.shop = cls.env.ref("kobo_pim.channel_webshop")
        cls.french = cls.env.ref("base.lang_fr")
        # The German copywriter delivered the jacket's description: the web shop measures every
        # locale it sells in, and the tour is about the French gaps.
        # (a term-translated field: its English paragraph, translated)
        field = cls.jacket._fields["kobo_description"]
        [english] = field.get_trans_terms(cls.jacket.with_context(lang="en_US").kobo_description)
        german = "Eine Trucker-Jacke aus 13-oz-Rinse-Denim, die mit der Zeit Patina bekommt."
        cls.jacket.update_field_translations("kobo_description", {"de_DE": {english: german}})
        cls.env.flush_all()
        cls.env.cr.flush()  # the completeness is recomputed before commit

    def _issues(self, lang_code):
        return self.env["kobo.completeness.issue"].search(
            [
                ("product_tmpl_id", "=", self.jacket.id),
                ("channel_id", "=", self.shop.id),
                ("lang_id.code", "=", lang_code),
            ]
        )

    def _run_sync_jobs(self):
        """Run the web shop's pending sync job as queue_job's runner does."""
        jobs = self.env["queue.job"].search(
            [("identity_key", "=", f"kobo_syndication_sync:{self.shop.id}"), ("state", "=", "pending")]
        )
        self.assertEqual(len(jobs), 1, "approval queued one sync job for the web shop")
        job = Job.load(self.env, jobs.uuid)
        job.set_started()
        job.store()
        job.perform()
        job.set_done()
        job.store()
        self.env.invalidate_all()

    def test_catalogue_user_from_board_to_published_listing(self):
        enrichment = self.jacket.kobo_enrichment_ids
        self.assertEqual(enrichment.state, "in_progress")
        self.assertEqual(
            sorted(self._issues("fr_FR").mapped("summary")), ["description missing", "name missing"]
        )
        self.assertFalse(self._issues("de_DE"))
        self.assertFalse(self._issues("en_US"))

        taken = self.start_tour_with_screenshots(
            "/odoo", "kobo_catalogue_to_shop", login=self.user.login, timeout=180
        )
        self.env.invalidate_all()

        # The switcher's choice is the user's own preference.
        self.assertEqual(self.user.kobo_completeness_channel_id, self.shop)
        self.assertEqual(self.user.kobo_completeness_lang_id, self.french)
        # What the side-by-side saved, in French, and the English untouched.
        french = self.jacket.with_context(lang="fr_FR")
        self.assertEqual(french.name, "Veste trucker en denim brut")
        self.assertIn("denim brut de 13 oz", french.kobo_description)
        english = self.jacket.with_context(lang="en_US")
        self.assertEqual(english.name, "Rinse Denim Trucker Jacket")
        self.assertIn("rinsed 13.5 oz organic denim", english.kobo_description)
        # The French issues are gone; the product is approved by the catalogue user.
        self.assertFalse(self._issues("fr_FR"))
        cell = self.env["kobo.completeness"].search(
            [
                ("product_tmpl_id", "=", self.jacket.id),
                ("channel_id", "=", self.shop.id),
                ("lang_id", "=", self.french.id),
            ]
        )
        self.assertEqual((cell.score, cell.issue_count), (100, 0))
        self.assertEqual(enrichment.state, "approved")
        self.assertEqual(enrichment.approved_by_id, self.user)
        listing = self.env["kobo.listing"].search(
            [("product_tmpl_id", "=", self.jacket.id), ("channel_id", "=", self.shop.id)]
        )
        self.assertEqual(listing.state, "queued")

        self._run_sync_jobs()
        self.assertEqual(listing.state, "published")
        self.assertTrue(self.jacket.is_published)

        taken.update(
            self.start_tour_with_screenshots(
                "/odoo", "kobo_catalogue_to_shop_published", login=self.user.login
            )
        )
        self.assertEqual(sorted(taken), sorted(SCREENSHOTS))
        for name in SCREENSHOTS:
            path = os.path.join(screenshots_dir(), f"{name}.png")
            with open(path, "rb") as image:
                self.assertEqual(image.read(8), b"\x89PNG\r\n\x1a\n", path)
