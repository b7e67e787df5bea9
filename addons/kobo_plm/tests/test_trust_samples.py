"""Trust: samples checks that hold for every caller (filled in by the Trust issue)."""

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from .common import KoboStyleCase


@tagged("post_install", "-at_install")
class TestTrustSamples(KoboStyleCase):
    """Samples move only through their actions; what they are checked against stays as copied."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.vendor = cls.env["res.partner"].create(
            {"name": "KT Factory", "is_company": True, "supplier_rank": 1}
        )
        cls.techpack = cls.env["kobo.techpack"].create({"style_id": cls.style.id})
        cls._add_measurements(cls.techpack)
        cls.techpack.with_user(cls.manager).action_freeze()
        cls.supplier = new_test_user(
            cls.env,
            "kt_trust_supplier",
            groups="kobo_plm.group_kobo_plm_supplier",
            partner_id=cls.env["res.partner"]
            .create({"name": "KT Factory QC", "parent_id": cls.vendor.id})
            .id,
        )

    def _sample(self, size="L"):
        with Form(self.env["kobo.sample"].with_user(self.designer)) as form:
            form.techpack_id = self.techpack
            form.round_type = "fit"
            form.vendor_id = self.vendor
            form.size_id = self.sizes[size]
        return form.record

    def _received(self, sample):
        for step in ("action_request", "action_acknowledge", "action_ship", "action_receive"):
            getattr(sample, step)()
        return sample

    def _point(self, sample, code):
        return sample.measurement_ids.filtered(lambda line: line.pom_id.code == code)

    # ------------------------------------------------------------------ workflow fields

    def test_state_and_review_stamp_change_only_through_the_actions(self):
        sample = self._sample()
        # Far out of tolerance on the critical chest: no action would approve it.
        self._point(sample, "KT-B01").own_value = 70.0
        for vals in (
            {"state": "approved"},
            {"date_reviewed": "2027-01-01"},
            {"revision_id": self.techpack.id},
            {"state": "approved", "date_reviewed": "2027-01-01"},
        ):
            for user in (self.designer, self.manager):
                with (
                    self.subTest(vals=vals, user=user.login),
                    self.assertRaisesMessage(
                        AccessError, r"Sample: .+ can only be changed through the workflow's buttons\."
                    ),
                ):
                    sample.with_user(user).write(vals)
        # The superuser and a forged context key do not pass either.
        with self.assertRaisesMessage(AccessError, r"Sample: State can only be changed"):
            sample.sudo().with_context(kobo_privileged=True, kobo_stage_checked=True).write(
                {"state": "approved"}
            )
        with self.assertRaisesMessage(AccessError, r"Sample: State can only be changed"):
            self.env["kobo.sample"].with_user(self.designer).create(
                {
                    "techpack_id": self.techpack.id,
                    "vendor_id": self.vendor.id,
                    "size_id": self.sizes["M"].id,
                    "state": "approved",
                }
            )
        sample.invalidate_recordset()
        self.assertEqual((sample.state, sample.date_reviewed, sample.revision_id.id), ("draft", False, False))

    def test_actions_keep_dates_people_typed_and_stamp_the_review(self):
        sample = self._sample()
        sample.with_user(self.designer).action_request()
        sample.with_user(self.designer).date_shipped = "2020-01-02"
        sample.with_user(self.designer).action_ship()
        self.assertEqual((sample.state, str(sample.date_shipped)), ("shipped", "2020-01-02"))
        sample.with_user(self.designer).action_receive()
        for line in sample.measurement_ids:
            line.with_user(self.designer).own_value = line.spec_value
        sample.with_user(self.designer).action_approve()
        self.assertEqual((sample.state, sample.date_reviewed), ("approved", sample.date_received))

    def test_vendor_portal_user_cannot_run_the_brands_actions(self):
        sample = self._sample()
        sample.with_user(self.designer).action_request()
        as_vendor = sample.with_user(self.supplier)
        self.assertEqual(as_vendor.state, "requested", "the vendor reads its sample")
        for action in (
            "action_acknowledge",
            "action_ship",
            "action_receive",
            "action_approve",
            "action_reject",
        ):
            with (
                self.subTest(action=action),
                self.assertRaisesMessage(AccessError, r"Only Product Development / User can "),
            ):
                getattr(as_vendor, action)()
        with self.assertRaisesMessage(AccessError, r"Only Product Development / User can order a sample"):
            as_vendor.action_order_sample()
        # Through the portal's own methods the vendor still acknowledges and ships.
        sample.with_user(self.supplier).sudo()._kobo_supplier_acknowledge()
        sample.with_user(self.supplier).sudo()._kobo_supplier_ship(sample.date_requested)
        self.assertEqual((sample.state, sample.date_shipped), ("shipped", sample.date_requested))

    # ------------------------------------------------------------------ points of measure

    def test_spec_tolerance_and_points_stay_as_copied_from_the_revision(self):
        sample = self._received(self._sample())
        chest = self._point(sample, "KT-B01").with_user(self.designer)
        for vals in ({"spec_value": 70.0}, {"tolerance": 50.0}, {"pom_id": self.poms[1].id}):
            with (
                self.subTest(vals=vals),
                self.assertRaisesMessage(
                    AccessError, r"Sample Measurement: .+ can only be changed through the workflow's buttons"
                ),
            ):
                chest.write(vals)
        with self.assertRaisesMessage(UserError, r"come from its tech pack revision: they cannot be deleted"):
            chest.unlink()
        with self.assertRaisesMessage(
            AccessError, r"Sample Measurement: Sample, Point of Measure, Spec Value can only be changed"
        ):
            self.env["kobo.sample.measurement"].with_user(self.designer).create(
                {"sample_id": sample.id, "pom_id": self.poms[0].id, "spec_value": 1.0}
            )
        self.assertEqual(
            [(line.pom_id.code, line.spec_value, line.tolerance) for line in sample.measurement_ids],
            [("KT-B01", 58.0, 1.0), ("KT-A01", 71.5, 1.0), ("KT-D01", 65.0, 0.5)],
        )

    def test_a_draft_takes_the_points_of_its_new_size_a_requested_sample_keeps_its_own(self):
        sample = self._sample("L")
        sample.with_user(self.designer).size_id = self.sizes["S"]
        self.assertEqual(
            [(line.pom_id.code, line.spec_value) for line in sample.measurement_ids],
            [("KT-B01", 54.0), ("KT-A01", 68.5), ("KT-D01", 63.0)],
        )
        sample.with_user(self.designer).action_request()
        with self.assertRaisesMessage(
            UserError, r"is requested: it keeps the revision and size it was requested in"
        ):
            sample.with_user(self.designer).size_id = self.sizes["XL"]

    def test_measurements_of_a_decided_sample_stay_as_decided(self):
        sample = self._received(self._sample())
        for line in sample.measurement_ids:
            line.own_value = line.spec_value
        sample.with_user(self.designer).action_approve()
        with self.assertRaisesMessage(UserError, r"is approved: its measurements stay as they were"):
            self._point(sample, "KT-B01").with_user(self.designer).own_value = 70.0
        self.assertEqual(self._point(sample, "KT-B01").own_value, 58.0)

    # ------------------------------------------------------------------ unmeasured points (8a)

    def test_a_point_nobody_measured_is_neither_in_nor_out_and_blocks_approval(self):
        sample = self._received(self._sample())
        self._point(sample, "KT-B01").with_user(self.designer).own_value = 58.5
        rows = {
            line.pom_id.code: (line.is_measured, line.in_tolerance, line.is_out_of_tolerance)
            for line in sample.measurement_ids
        }
        self.assertEqual(
            rows,
            {"KT-B01": (True, True, False), "KT-A01": (False, False, False), "KT-D01": (False, False, False)},
        )
        self.assertEqual((sample.out_of_tolerance_count, sample.unmeasured_count), (0, 2))
        for action in ("action_approve", "action_approve_with_changes"):
            with (
                self.subTest(action=action),
                self.assertRaisesMessage(
                    UserError,
                    r"cannot be approved: not measured: KT-A01 Body length, KT-D01 Sleeve length\. "
                    r"Enter our or the vendor's measurement",
                ),
            ):
                getattr(sample.with_user(self.designer), action)()
        self.assertEqual(sample.state, "received")
        # Not measured: the accuracy report has no row for them.
        report = self.env["kobo.sample.accuracy.report"].search([("sample_id", "=", sample.id)])
        self.assertEqual(report.pom_id.mapped("code"), ["KT-B01"])

        # The vendor's value counts too; a 0 typed by someone clears a value (no garment measures 0).
        self._point(sample, "KT-A01").with_user(self.designer).supplier_value = 71.0
        self._point(sample, "KT-D01").with_user(self.designer).own_value = 0.0
        self.assertEqual(sample.unmeasured_count, 1)
        self._point(sample, "KT-D01").with_user(self.designer).own_value = 67.0
        self.assertEqual((sample.unmeasured_count, sample.out_of_tolerance_count), (0, 1))
        sample.with_user(self.designer).action_approve()
        self.assertEqual(sample.state, "approved")

    # ------------------------------------------------------------------ NaN / infinity

    def test_nan_and_infinity_are_refused_with_a_message(self):
        sample = self._received(self._sample())
        chest = self._point(sample, "KT-B01").with_user(self.designer)
        for field_name, label in (
            ("supplier_value", "Supplier Measured"),
            ("own_value", "Our Measurement"),
            ("agreed_value", "Agreed Value"),
        ):
            for value in (float("nan"), float("inf"), float("-inf")):
                with (
                    self.subTest(field=field_name, value=value),
                    self.assertRaisesMessage(ValidationError, rf"{label}: {value} is not a number\."),
                ):
                    chest.write({field_name: value})
        with self.assertRaisesMessage(ValidationError, r"Quantity: nan is not a number\."):
            sample.with_user(self.designer).write({"quantity": float("nan")})
        self.assertEqual((chest.supplier_value, chest.own_value, chest.agreed_value), (0.0, 0.0, 0.0))
