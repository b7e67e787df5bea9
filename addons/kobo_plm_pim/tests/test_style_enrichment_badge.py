from lxml import etree

from odoo.exceptions import AccessError
from odoo.tests import Form, new_test_user, tagged

from .common import HandoffCase

STYLE_FORM = "kobo_plm.product_template_form_view_kobo_plm"
STYLE_KANBAN = "kobo_plm.kobo_style_view_kanban"


@tagged("post_install", "-at_install")
class TestStyleEnrichmentBadge(HandoffCase):
    """A style handed off to enrichment shows where the catalogue team is with it: a smart button
    on its form that opens the enrichment (catalogue users), its state on the form and a badge on
    its card for development (who may not open enrichments)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.style, cls.kept_in_development = cls._styles(2, prefix="BADGE")
        cls.style.with_user(cls.plm_manager).action_kobo_approve_production()
        cls.env.cr.flush()  # what the commit does: mark the style for the hand-off
        cls.env["product.template"]._kobo_run_pending_handoffs()  # the cron the commit triggers
        cls.enrichment = cls.env["kobo.enrichment"].search([("product_tmpl_id", "=", cls.style.id)])
        # Both teams' rights: a developer who also enriches.
        cls.plm_pim_user = new_test_user(
            cls.env,
            "badge_plm_pim",
            groups="base.group_user,kobo_plm.group_kobo_plm_user,kobo_pim.group_kobo_pim_user",
        )

    def _arch(self, user, view_xmlid, view_type):
        view = self.env.ref(view_xmlid)
        views = self.env["product.template"].with_user(user).get_views([(view.id, view_type)])
        return views, etree.fromstring(views["views"][view_type]["arch"])  # noqa: S320 (our own views)

    def test_a_handed_off_style_shows_its_enrichment_state(self):
        self.assertTrue(self.style.kobo_handoff_date)
        self.assertEqual(len(self.enrichment), 1)
        self.assertEqual(self.style.kobo_handoff_enrichment_state, "to_enrich")
        self.assertFalse(self.kept_in_development.kobo_handoff_enrichment_state, "not handed off")
        catalogue = self.enrichment.with_user(self.catalogue_user)
        catalogue.action_start()
        catalogue.action_submit()
        self.assertEqual(self.style.kobo_handoff_enrichment_state, "in_review", "follows the enrichment")
        # Development reads the state, not the enrichment.
        as_developer = self.style.with_user(self.plm_user)
        self.assertEqual(as_developer.kobo_handoff_enrichment_state, "in_review")
        with self.assertRaises(AccessError):
            as_developer.read(["kobo_enrichment_ids"])
        with self.assertRaises(AccessError):
            self.env["kobo.enrichment"].with_user(self.plm_user).browse(self.enrichment.id).read(["state"])

    def test_the_style_form_button_opens_its_enrichment(self):
        _views, arch = self._arch(self.plm_pim_user, STYLE_FORM, "form")
        box = arch.xpath("//div[@name='button_box']")[0]
        (button,) = box.xpath("button[@name='action_kobo_open_handoff_enrichment']")
        self.assertEqual(button.get("invisible"), "not kobo_is_style or not kobo_handoff_enrichment_state")
        self.assertEqual(button.xpath(".//field/@name"), ["kobo_handoff_enrichment_state"])
        self.assertEqual(button.getprevious().get("name"), "action_kobo_view_milestones", "not under More")
        (generic,) = box.xpath("button[@name='action_kobo_open_enrichment']")
        # kobo_pim's button, for any product, steps aside on a style.
        self.assertEqual(generic.get("invisible"), "not kobo_enrichment_state or kobo_is_style")
        self.assertFalse(
            arch.xpath("//div[@name='kobo_handoff_enrichment_state']"), "the label is for others"
        )

        action = self.style.with_user(self.plm_pim_user).action_kobo_open_handoff_enrichment()
        self.assertEqual(action["res_model"], "kobo.enrichment")
        self.assertEqual(action["res_id"], self.enrichment.id)
        self.assertEqual(action["view_mode"], "form")
        self.assertEqual(
            self.env[action["res_model"]].with_user(self.plm_pim_user).browse(action["res_id"]).state,
            "to_enrich",
        )

    def test_the_catalogue_team_without_development_rights_gets_the_button(self):
        _views, arch = self._arch(self.catalogue_user, STYLE_FORM, "form")
        self.assertTrue(arch.xpath("//button[@name='action_kobo_open_handoff_enrichment']"))
        self.assertFalse(arch.xpath("//button[@name='action_kobo_view_techpacks']"), "development's own")
        form = Form(self.style.with_user(self.catalogue_user))
        self.assertEqual(form.kobo_handoff_enrichment_state, "to_enrich")
        action = self.style.with_user(self.catalogue_user).action_kobo_open_handoff_enrichment()
        self.assertEqual((action["res_model"], action["res_id"]), ("kobo.enrichment", self.enrichment.id))

    def test_development_without_catalogue_rights_sees_the_state_without_access_error(self):
        _views, arch = self._arch(self.plm_user, STYLE_FORM, "form")
        self.assertFalse(arch.xpath("//button[contains(@name, 'enrichment')]"), "no enrichment to open")
        label = arch.xpath("//div[@name='button_box']/div[@name='kobo_handoff_enrichment_state']")
        self.assertEqual(len(label), 1, "the state, as text")
        self.assertEqual(label[0].xpath(".//field/@name"), ["kobo_handoff_enrichment_state"])
        self.assertFalse(arch.xpath("//field[@name='kobo_enrichment_state']"))

        form = Form(self.style.with_user(self.plm_user))
        self.assertEqual(form.kobo_handoff_enrichment_state, "to_enrich")
        self.assertEqual(form.name, self.style.name)

        views, arch = self._arch(self.plm_user, STYLE_KANBAN, "kanban")
        self.assertTrue(arch.xpath("//span[@name='kobo_handoff_enrichment_state']"), "the card's badge")
        fields = views["models"]["product.template"]["fields"]
        self.assertIn("kobo_handoff_enrichment_state", fields)
        self.assertNotIn("kobo_enrichment_state", fields)
        cards = (self.style | self.kept_in_development).with_user(self.plm_user)
        read = {card["id"]: card for card in cards.web_read({name: {} for name in fields})}
        self.assertEqual(read[self.style.id]["kobo_handoff_enrichment_state"], "to_enrich")
        self.assertFalse(read[self.kept_in_development.id]["kobo_handoff_enrichment_state"])

    def test_the_badge_is_on_the_card_for_handed_off_styles(self):
        _views, arch = self._arch(self.plm_pim_user, STYLE_KANBAN, "kanban")
        (badge,) = arch.xpath("//t[@t-name='card']//span[@name='kobo_handoff_enrichment_state']")
        self.assertEqual(badge.get("t-if"), "record.kobo_handoff_enrichment_state.raw_value")
        self.assertEqual(badge.xpath(".//t/@t-out"), ["record.kobo_handoff_enrichment_state.value"])
        # The card's label of each state, as the enrichment itself names it.
        states = dict(
            self.env["product.template"]
            ._fields["kobo_handoff_enrichment_state"]
            ._description_selection(self.env)
        )
        self.assertEqual(states["in_review"], "In Review")
        self.assertEqual(states["approved"], "Approved")
