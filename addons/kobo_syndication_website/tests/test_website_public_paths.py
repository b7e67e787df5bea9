from contextlib import contextmanager
from unittest import mock

from odoo.addons.kobo_syndication.tests.common import KoboSyndicationCase, approve_content, catalogue_team
from odoo.addons.product.models.product_template import ProductTemplate
from odoo.tests import tagged

from .test_website_connector import build_shop


@tagged("post_install", "-at_install")
class TestWebsitePublicPaths(KoboSyndicationCase):
    """The shop's texts go through Odoo's public paths: every addon's write() on products runs."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        build_shop(cls)

    @contextmanager
    def _writes_seen_by_another_addon(self):
        """Patch product's own write, the first in the chain that every override's super() ends
        in, as another addon's override would be: what it saw, per language written."""
        seen = []
        real = ProductTemplate.write

        def write(records, vals):
            seen.append((records.env.lang, dict(vals)))
            return real(records, vals)

        with mock.patch.object(ProductTemplate, "write", write):
            yield seen

    def _publish(self):
        self.listing.with_user(self.syndication_user).action_publish()
        self.web_channel._kobo_job_sync()

    def test_another_addons_write_sees_the_shop_texts_of_every_locale(self):
        with self._writes_seen_by_another_addon() as seen:
            self._publish()
        self.assertEqual(self.listing.state, "published")
        english = [vals for lang, vals in seen if lang == "en_US" and "description_ecommerce" in vals]
        self.assertTrue(english, "the English texts went through write()")
        self.assertEqual(english[0]["website_meta_title"], "Harbour Parka | Waxed cotton")
        self.assertIn("Waxed cotton", english[0]["description_ecommerce"])
        written = {name for _lang, vals in seen for name in vals}
        self.assertLessEqual(
            {
                "description_ecommerce",
                "website_meta_title",
                "website_meta_description",
                "website_meta_keywords",
            },
            written,
        )
        french = self.parka.with_context(lang="fr_FR")
        self.assertEqual(french.website_meta_title, "Parka du port | Coton ciré")
        self.assertIn("<li>Rabat tempête</li>", str(french.description_ecommerce))
        self.assertIn("Waxed cotton", str(self.parka.with_context(lang="en_US").description_ecommerce))

    def test_a_french_description_with_its_own_bullet_points_keeps_the_english_one(self):
        """Three French bullet points for two English ones: no term-for-term translation, stored
        whole (the documented shortcut), and another addon's write() still runs for it."""
        self.parka.with_context(
            lang="fr_FR"
        ).kobo_bullet_points = "- Rabat tempête\n- Zip double sens\n- Capuche amovible"
        approve_content(self.parka, *catalogue_team(self.env))
        with self._writes_seen_by_another_addon() as seen:
            self._publish()
        self.assertEqual(self.listing.state, "published")
        self.assertEqual(
            str(self.parka.with_context(lang="fr_FR").description_ecommerce),
            "<p>Un coton ciré qui ne craint pas la pluie du port.</p>"
            '<ul class="o_kobo_bullet_points"><li>Rabat tempête</li><li>Zip double sens</li>'
            "<li>Capuche amovible</li></ul>",
        )
        self.assertEqual(
            str(self.parka.with_context(lang="en_US").description_ecommerce),
            "<p>Waxed cotton that shrugs off harbour rain.</p>"
            '<ul class="o_kobo_bullet_points"><li>Storm flap</li><li>Two-way zip</li></ul>',
        )
        self.assertGreaterEqual(
            sum("description_ecommerce" in vals for _lang, vals in seen),
            2,
            "English through write(), the whole French text followed by a write() as Odoo's own does",
        )

    def test_an_emptied_french_seo_title_falls_back_on_the_english_one(self):
        self._publish()
        self.assertEqual(
            self.parka.with_context(lang="fr_FR").website_meta_title, "Parka du port | Coton ciré"
        )
        self.parka.update_field_translations("kobo_seo_title", {"fr_FR": False})
        approve_content(self.parka, *catalogue_team(self.env))
        self._publish()
        self.assertEqual(self.listing.state, "published")
        self.assertEqual(
            self.parka.with_context(lang="fr_FR").website_meta_title, "Harbour Parka | Waxed cotton"
        )
