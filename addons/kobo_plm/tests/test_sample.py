from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import KoboStyleCase


@tagged("post_install", "-at_install")
class TestSample(KoboStyleCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.vendor = cls.env["res.partner"].create({"name": "KT Factory", "supplier_rank": 1})
        cls.techpack = cls.env["kobo.techpack"].create({"style_id": cls.style.id})
        cls._add_measurements(cls.techpack)
        cls.techpack.with_user(cls.manager).action_freeze()

    def _sample(self, size="L", **values):
        with Form(self.env["kobo.sample"].with_user(self.designer)) as form:
            form.techpack_id = self.techpack
            form.round_type = values.get("round_type", "fit")
            form.vendor_id = self.vendor
            form.colorway_value_id = self._colorway_value(self.ink)
            form.size_id = self.sizes[size]
            if "date_due" in values:
                form.date_due = values["date_due"]
        return form.record

    def _received(self, sample):
        sample.action_request()
        sample.action_acknowledge()
        sample.action_ship()
        sample.action_receive()
        return sample

    def _measure(self, sample, own_values):
        for line in sample.measurement_ids:
            if line.pom_id.code in own_values:
                line.own_value = own_values[line.pom_id.code]

    def test_sample_takes_the_spec_of_its_size_from_the_revision(self):
        sample = self._sample("L")
        self.assertRegex(sample.name, r"^SMP/\d{4}/\d{4}$")
        self.assertEqual(sample.style_id, self.style)
        rows = [
            (line.pom_id.code, line.spec_value, line.tolerance, line.critical)
            for line in sample.measurement_ids
        ]
        self.assertEqual(
            rows, [("KT-B01", 58.0, 1.0, True), ("KT-A01", 71.5, 1.0, False), ("KT-D01", 65.0, 0.5, False)]
        )

    @freeze_time("2027-03-10")
    def test_workflow_dates_and_late_samples(self):
        sample = self._sample(date_due="2027-03-05")
        sample.action_request()
        self.assertEqual((sample.state, str(sample.date_requested)), ("requested", "2027-03-10"))
        self.assertTrue(sample.is_late)
        self.assertIn(sample, self.env["kobo.sample"].search([("is_late", "=", True)]))
        sample.action_acknowledge()
        sample.date_shipped = "2027-03-08"  # the supplier's real shipping date is kept
        sample.action_ship()
        self.assertEqual(str(sample.date_shipped), "2027-03-08")
        sample.action_receive()
        self.assertEqual((sample.state, str(sample.date_received)), ("received", "2027-03-10"))
        self.assertFalse(sample.is_late)
        self.assertNotIn(sample, self.env["kobo.sample"].search([("is_late", "=", True)]))

    def test_steps_out_of_order_are_refused(self):
        sample = self._sample()
        with self.assertRaisesMessage(UserError, "is draft: it cannot become received"):
            sample.action_receive()
        with self.assertRaisesMessage(UserError, "has not been received yet"):
            sample.action_approve()

    def test_deviation_and_tolerance_per_point(self):
        sample = self._received(self._sample("L"))
        sample.measurement_ids.filtered(lambda line: line.pom_id.code == "KT-A01").supplier_value = 72.0
        self._measure(sample, {"KT-B01": 57.5, "KT-D01": 66.0})
        rows = {
            line.pom_id.code: (line.checked_value, line.deviation, line.in_tolerance)
            for line in sample.measurement_ids
        }
        self.assertEqual(rows["KT-B01"], (57.5, -0.5, True))
        self.assertEqual(rows["KT-A01"], (72.0, 0.5, True), "the supplier's value counts until we measure")
        self.assertEqual(rows["KT-D01"], (66.0, 1.0, False))
        self.assertEqual((sample.out_of_tolerance_count, sample.critical_out_count), (1, 0))
        sample.action_approve()
        self.assertEqual(sample.state, "approved")

    def test_critical_point_out_of_tolerance_blocks_a_plain_approval(self):
        sample = self._received(self._sample("L"))
        self._measure(sample, {"KT-B01": 60.5})
        with self.assertRaisesMessage(UserError, "critical points out of tolerance: KT-B01 Chest width"):
            sample.action_approve()
        self.assertEqual(sample.state, "received")
        sample.action_reject()
        self.assertEqual(sample.state, "rejected")

    def test_approve_with_changes_makes_the_next_revision(self):
        sample = self._received(self._sample("L"))
        self._measure(sample, {"KT-B01": 60.5, "KT-A01": 71.5, "KT-D01": 65.0})
        chest = sample.measurement_ids.filtered(lambda line: line.pom_id.code == "KT-B01")
        chest.agreed_value = 59.0
        action = sample.with_user(self.designer).action_approve_with_changes()
        revision = self.env["kobo.techpack"].browse(action["res_id"])
        self.assertEqual(
            (revision.name, revision.state, revision.previous_id), ("V2", "draft", self.techpack)
        )
        self.assertEqual(sample.revision_id, revision)
        self.assertEqual(sample.state, "approved_changes")
        sizes, rows = revision.graded_chart()
        chest_row = next(row for row in rows if row["pom"].code == "KT-B01")
        self.assertEqual(
            dict(zip(sizes.mapped("name"), chest_row["values"], strict=True)),
            {"XS": 52.0, "S": 54.0, "M": 56.0, "L": 59.0, "XL": 60.0},
        )
        self.assertIn("KT-B01 Chest width L → 59", revision.change_summary)
        diff = revision._diff_against(self.techpack)["measurements"]
        self.assertEqual([(row["size"], row["old"], row["new"]) for row in diff], [("L", "58", "59")])

    def test_approve_with_changes_needs_an_agreed_value(self):
        sample = self._received(self._sample())
        self._measure(sample, {"KT-B01": 56.0, "KT-A01": 70.0, "KT-D01": 64.0})
        with self.assertRaisesMessage(UserError, "has no agreed value that differs from the spec"):
            sample.action_approve_with_changes()

    def test_bad_input_is_refused(self):
        other_range = self.env["kobo.size.range"].create(
            {"name": "KT other", "size_ids": [(0, 0, {"name": "99"})]}
        )
        with self.assertRaisesMessage(ValidationError, "Size 99 is not in the size range of KT-001 V1"):
            self.env["kobo.sample"].create(
                {
                    "techpack_id": self.techpack.id,
                    "vendor_id": self.vendor.id,
                    "size_id": other_range.size_ids.id,
                }
            )
        sample = self._sample()
        with self.assertRaisesMessage(ValidationError, "is received before it is shipped"):
            sample.write({"date_shipped": "2027-03-10", "date_received": "2027-03-01"})
        with self.assertRaisesMessage(
            ValidationError, "KT-B01 Chest width: a measurement cannot be negative"
        ):
            sample.measurement_ids[:1].own_value = -3
