from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import KoboStyleCase


@tagged("post_install", "-at_install")
class TestTimeAndAction(KoboStyleCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.vendor = cls.env["res.partner"].create({"name": "KT T&A Factory", "supplier_rank": 1})
        cls.techpack = cls.env["kobo.techpack"].create({"style_id": cls.style.id})
        cls._add_measurements(cls.techpack)
        cls.techpack.with_user(cls.manager).action_freeze()

    def _plan(self, delivery="2027-09-01"):
        with Form(self.style.with_user(self.designer)) as form:
            form.kobo_delivery_date = delivery
        self.style.with_user(self.designer).action_kobo_plan_milestones()
        return {m.type_id.sample_round_type or m.name: m for m in self.style.kobo_milestone_ids}

    def test_milestones_are_back_scheduled_from_the_delivery_date(self):
        milestones = self._plan()
        self.assertEqual(str(milestones["proto"].date_planned), "2027-03-05")  # 180 days before
        self.assertEqual(str(milestones["pre_production"].date_planned), "2027-06-03")  # 90 days
        self.assertEqual(str(milestones["Ex-factory"].date_planned), "2027-08-02")  # 30 days
        self.assertEqual(str(milestones["In warehouse"].date_planned), "2027-09-01")
        self.assertEqual(len(self.style.kobo_milestone_ids), 8)
        self.assertEqual(
            self.style.kobo_milestone_ids.mapped("user_id"), self.designer, "no developer: who planned them"
        )
        other = self.style.copy({"kobo_style_number": "KT-002", "kobo_developer_id": self.manager.id})
        other.kobo_delivery_date = "2027-09-01"
        other.action_kobo_plan_milestones()
        self.assertEqual(other.kobo_milestone_ids.mapped("user_id"), self.manager, "the style's developer")

    def test_a_new_delivery_date_moves_what_is_not_done(self):
        milestones = self._plan()
        milestones["proto"].action_done()
        done_on = milestones["proto"].date_done
        self.style.with_user(self.designer).kobo_delivery_date = "2027-10-01"
        self.assertEqual(str(milestones["pre_production"].date_planned), "2027-07-03")
        self.assertEqual(milestones["proto"].date_done, done_on)
        self.assertEqual(
            str(milestones["proto"].date_planned), "2027-03-05", "done milestones keep their plan"
        )
        self.assertEqual(len(self.style.kobo_milestone_ids), 8, "replanning adds nothing twice")

    def test_late_milestones_are_flagged_and_searchable(self):
        milestones = self._plan()
        Milestone = self.env["kobo.milestone"].with_user(self.designer)
        with freeze_time("2027-06-10"):
            late = Milestone.search([("style_id", "=", self.style.id), ("is_late", "=", True)])
            self.assertEqual(
                set(late.mapped("name")),
                {"Proto sample approved", "Fit approved", "Size set approved", "Pre-production approved"},
            )
            self.assertTrue(milestones["pre_production"].is_late)
            milestones["fit"].action_done()
            self.assertFalse(milestones["fit"].is_late)
            self.assertEqual(self.style.kobo_late_milestone_count, 3)

    def test_an_approved_sample_completes_its_round_milestone(self):
        milestones = self._plan()
        sample = self.env["kobo.sample"].create(
            {
                "techpack_id": self.techpack.id,
                "round_type": "pre_production",
                "vendor_id": self.vendor.id,
                "size_id": self.sizes["M"].id,
            }
        )
        with freeze_time("2027-05-20"):
            sample.action_request()
            sample.action_acknowledge()
            sample.action_ship()
            sample.action_receive()
            for line in sample.measurement_ids:  # a sample is approved once every point is measured
                line.own_value = line.spec_value
            sample.action_approve()
        self.assertEqual(str(milestones["pre_production"].date_done), "2027-05-20")
        self.assertFalse(milestones["fit"].date_done)

    def test_planning_needs_a_delivery_date(self):
        with self.assertRaisesMessage(UserError, "has no delivery date"):
            self.style.with_user(self.designer).action_kobo_plan_milestones()
        self.assertFalse(self.style.kobo_milestone_ids)
