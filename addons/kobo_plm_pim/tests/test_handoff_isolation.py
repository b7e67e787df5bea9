import base64
import io
from unittest.mock import patch

from PIL import Image

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import HandoffCase

ACTIVITY = "kobo_plm_pim.mail_activity_type_kobo_handoff"


def png(width, height):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 40, 40)).save(buffer, format="PNG")
    return base64.b64encode(buffer.getvalue())


@tagged("post_install", "-at_install")
class TestHandoffIsolation(HandoffCase):
    """One style that cannot be handed off never stops the others, and its developer hears of it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.styles = cls._styles(3, "HOI")
        cls.styles.kobo_developer_id = cls.plm_user
        cls.bad = cls.styles[1]

    def _enrichment(self, style):
        return self.env["kobo.enrichment"].search([("product_tmpl_id", "=", style.id)])

    def _approve_and_run_the_cron(self, styles):
        styles.with_user(self.plm_manager).action_kobo_approve_production()
        self.env.cr.flush()  # what the commit does: mark the styles for the hand-off
        return self.env["product.template"]._kobo_run_pending_handoffs()  # the cron the commit triggers

    def _failing_for(self, style, error):
        Handoff = type(self.env["kobo.plm.handoff"])
        carry = Handoff._kobo_carry

        def failing_carry(handoff, styles, enrichments):
            if style in styles:
                raise error
            return carry(handoff, styles, enrichments)

        return patch.object(Handoff, "_kobo_carry", failing_carry)

    def _style_notes(self, style):
        return style.message_ids.filtered(lambda message: "hand-off" in (message.body or "")).mapped("body")

    def test_a_vendor_photo_too_small_is_a_problem_named_on_the_enrichment(self):
        photo = self.env["kobo.sample.photo"].search([("sample_id.style_id", "=", self.bad.id)])
        photo.write({"name": "front.jpg", "image_1920": png(64, 48)})
        self.assertEqual(self._approve_and_run_the_cron(self.styles), True)
        enrichments = self.env["kobo.enrichment"].search([("product_tmpl_id", "in", self.styles.ids)])
        self.assertEqual(enrichments.product_tmpl_id, self.styles, "every style reached enrichment")
        self.assertEqual(self.styles.mapped("kobo_handoff_pending"), [False] * 3)
        self.assertEqual(self.styles.mapped("kobo_handoff_failed"), [False] * 3)
        self.assertEqual(self.bad.kobo_item_group, "HOI-001", "the rest of the bad style was carried")
        assets = self.env["kobo.asset"].search([("product_tmpl_id", "=", self.bad.id)])
        self.assertEqual(assets.mapped("role"), ["flat"], "handed off without the photo")
        self.assertEqual(len(self.env["kobo.asset"].search([("product_tmpl_id", "=", self.styles[0].id)])), 2)
        problem = (
            f"front.jpg ({self.bad.display_name}, Front), Image: 64 × 48 pixels is too small: each "
            "side needs at least 100 pixels. It is not among the assets: replace it in development, "
            "and it is carried at the next hand-off."
        )
        enrichment = self._enrichment(self.bad).with_user(self.catalogue_user)
        self.assertEqual(enrichment.kobo_handoff_problem_text, problem)
        self.assertIn("Not carried, to fix in development:", enrichment.message_ids[0].body)
        self.assertIn("64 × 48 pixels is too small", enrichment.message_ids[0].body)
        self.assertFalse(self._enrichment(self.styles[0]).kobo_handoff_problem_text)
        # The style's developer hears of it: chatter and an activity.
        style = self.bad.with_user(self.plm_user)
        self.assertEqual(len(style.activity_ids), 1)
        activity = style.activity_ids
        self.assertEqual(
            (activity.user_id, activity.summary, activity.activity_type_id),
            (self.plm_user, "Replace an image the catalogue cannot use", self.env.ref(ACTIVITY)),
        )
        self.assertIn("The hand-off to enrichment did not carry:", style.message_ids[0].body)
        self.assertIn("front.jpg", style.message_ids[0].body)

        with self.subTest("handed off again, nothing changed: told once"):
            count = len(self.bad.message_ids)
            self.bad._kobo_send_to_enrichment()
            self.assertEqual(len(self.bad.message_ids), count)
            self.assertEqual(self._enrichment(self.bad).kobo_handoff_problem_text, problem)

        with self.subTest("the vendor sends a better photo: carried, the problem goes"):
            photo.write({"image_1920": png(640, 480)})
            self.bad._kobo_send_to_enrichment()
            self.assertFalse(self._enrichment(self.bad).kobo_handoff_problem_text)
            assets = self.env["kobo.asset"].search([("product_tmpl_id", "=", self.bad.id)])
            self.assertEqual(sorted(assets.mapped("role")), ["flat", "front"])
            self.assertEqual(assets.filtered(lambda asset: asset.role == "front").dimensions, "640 × 480 px")

    def test_a_style_whose_hand_off_fails_stops_nothing_and_its_developer_is_told(self):
        error = UserError("The size range Handoff S-M has no size chart for HOI-001.")
        with (
            self._failing_for(self.bad, error),
            self.assertLogs("odoo.addons.kobo_plm_pim.models.product_template", "WARNING"),
        ):
            self.assertEqual(self._approve_and_run_the_cron(self.styles), True, "the cron finished")
        good = self.styles - self.bad
        self.assertEqual(
            self.env["kobo.enrichment"].search([("product_tmpl_id", "in", self.styles.ids)]).product_tmpl_id,
            good,
        )
        self.assertEqual(good.mapped("kobo_item_group"), ["HOI-000", "HOI-002"])
        self.assertEqual(good.mapped("kobo_handoff_pending"), [False, False])
        # What the developer sees on the style: its state, the reason, a note and an activity.
        style = self.bad.with_user(self.plm_user)
        reason = "The size range Handoff S-M has no size chart for HOI-001."
        self.assertEqual(
            (style.kobo_handoff_pending, style.kobo_handoff_failed, style.kobo_handoff_error),
            (True, True, reason),
        )
        self.assertEqual(
            style.search([("kobo_handoff_failed", "=", True), ("id", "in", self.styles.ids)]), style
        )
        self.assertEqual(style.message_ids[0].body, f"<p>The hand-off to enrichment failed: {reason}</p>")
        activity = style.activity_ids
        self.assertEqual(
            (activity.user_id, activity.summary, activity.activity_type_id),
            (self.plm_user, "Hand-off to enrichment failed", self.env.ref(ACTIVITY)),
        )
        # The catalogue team's dashboard counts it.
        self.assertEqual(self.retailer.with_user(self.catalogue_user).kobo_handoff_failed_count, 1)
        action = self.retailer.with_user(self.catalogue_user).action_kobo_open_failed_handoffs()
        self.assertEqual(self.env["product.template"].search(action["domain"]), self.bad)

        with self.subTest("the next run fails the same way: told once"):
            count = len(self.bad.message_ids)
            with (
                self._failing_for(self.bad, error),
                self.assertLogs("odoo.addons.kobo_plm_pim.models.product_template", "WARNING"),
            ):
                self.env["product.template"]._kobo_run_pending_handoffs()
            self.assertEqual(len(self.bad.message_ids), count)
            self.assertEqual(len(self.bad.activity_ids), 1)

        with self.subTest("fixed: the next run hands it off and closes the activity"):
            self.env["product.template"]._kobo_run_pending_handoffs()
            self.assertEqual(
                (self.bad.kobo_handoff_pending, self.bad.kobo_handoff_failed, self.bad.kobo_handoff_error),
                (False, False, False),
            )
            self.assertEqual(self._enrichment(self.bad).product_tmpl_id, self.bad)
            self.assertFalse(self.bad.activity_ids)
            self.assertEqual(self.retailer.kobo_handoff_failed_count, 0)

    def test_an_unexpected_error_is_named_by_its_kind_only(self):
        with (
            self._failing_for(self.bad, KeyError("kobo_secret_column")),
            self.assertLogs("odoo.addons.kobo_plm_pim.models.product_template", "WARNING"),
        ):
            self._approve_and_run_the_cron(self.styles)
        self.assertEqual(
            self.bad.with_user(self.plm_user).kobo_handoff_error,
            "unexpected error (KeyError); an administrator finds the details in the server log.",
        )
        self.assertEqual(
            len(self.env["kobo.enrichment"].search([("product_tmpl_id", "in", self.styles.ids)])), 2
        )

    def test_the_cron_query_count_does_not_grow_with_the_number_of_styles(self):
        """Isolation costs one savepoint per batch, not a query per style."""
        counts = []
        for styles in (self._styles(1, "HQW"), self._styles(3, "HQA"), self._styles(9, "HQB")):
            styles.with_user(self.plm_manager).action_kobo_approve_production()
            self.env.cr.flush()
            self.env.invalidate_all()
            # Every run starts cold: a user record some Odoo code reads may or may not still be in
            # the cache of an environment the garbage collector has not dropped yet, whatever the
            # number of styles (seen as one query either way in the full suite).
            self.env.transaction.reset()
            start = self.env.cr.sql_log_count
            self.env["product.template"]._kobo_run_pending_handoffs()
            self.env.flush_all()
            counts.append(self.env.cr.sql_log_count - start)
            self.assertEqual(styles.mapped("kobo_handoff_pending"), [False] * len(styles))
        self.assertLessEqual(counts[2], counts[1], "the cron's first hand-off of 9 styles vs 3")

    def test_the_portal_minimum_is_the_pims(self):
        self.env["ir.config_parameter"].set_param("kobo_pim.asset_min_side_px", "200")
        Photo = self.env["kobo.sample.photo"]
        self.assertEqual(Photo._kobo_vendor_photo_min_side(), 200)
        with self.assertRaisesRegex(
            ValidationError, r"front.png is 150 × 150 px: a photo needs at least 200 px"
        ):
            Photo._kobo_check_vendor_photo_size(png(150, 150), "front.png")
