from odoo.tests import tagged

from .common import KoboStyleCase


@tagged("post_install", "-at_install")
class TestSampleReports(KoboStyleCase):
    """Sample tracker (samples per season and state) and vendor measurement accuracy."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.vendor_a = Partner.create({"name": "KT Vendor A", "is_company": True, "supplier_rank": 1})
        cls.vendor_a_office = Partner.create({"name": "Porto office", "parent_id": cls.vendor_a.id})
        cls.vendor_b = Partner.create({"name": "KT Vendor B", "is_company": True, "supplier_rank": 1})
        cls.techpack = cls.env["kobo.techpack"].create({"style_id": cls.style.id})
        # At L: chest 58 (±1, critical), body length 71.5 (±1), sleeve 65 (±0.5).
        cls._add_measurements(cls.techpack)
        cls.techpack.with_user(cls.manager).action_freeze()

    def _sample(self, vendor, state_steps=(), techpack=None):
        sample = (
            self.env["kobo.sample"]
            .with_user(self.designer)
            .create(
                {
                    "techpack_id": (techpack or self.techpack).id,
                    "vendor_id": vendor.id,
                    "round_type": "fit",
                    "size_id": self.sizes["L"].id,
                }
            )
        )
        for step in state_steps:
            getattr(sample, step)()
        return sample

    def _measure(self, sample, values):
        """values: {POM code: (supplier's value, our value)}; 0 is "not measured"."""
        for line in sample.measurement_ids:
            supplier_value, own_value = values.get(line.pom_id.code, (0.0, 0.0))
            line.write({"supplier_value": supplier_value, "own_value": own_value})

    def test_vendor_accuracy_per_vendor(self):
        first = self._sample(self.vendor_a)
        self._measure(first, {"KT-B01": (0.0, 58.5), "KT-A01": (73.0, 0.0)})  # sleeve not measured
        # A sample ordered from a contact of vendor A counts for vendor A.
        second = self._sample(self.vendor_a_office)
        self._measure(second, {"KT-B01": (57.0, 0.0), "KT-A01": (71.5, 0.0), "KT-D01": (65.75, 0.0)})
        # Our own measurement wins over the supplier's: chest 58.2, not 60.
        third = self._sample(self.vendor_b)
        self._measure(third, {"KT-B01": (60.0, 58.2), "KT-A01": (0.0, 70.0)})
        self._sample(self.vendor_b)  # nothing measured: no row

        # Vendor A: deviations +0.5 (in), +1.5 (out), -1.0 (in, at the limit), 0 (in), +0.75 (out):
        # 3 of 5 in tolerance = 60 %, average absolute deviation 3.75 / 5 = 0.75.
        # Vendor B: +0.2 (in), -1.5 (out): 50 %, (0.2 + 1.5) / 2 = 0.85.
        Report = self.env["kobo.sample.accuracy.report"].with_user(self.designer)
        groups = Report.read_group(
            [("vendor_id", "in", (self.vendor_a + self.vendor_b).ids)],
            ["in_tolerance_share", "abs_deviation", "measured_count"],
            ["vendor_id"],
        )
        result = {
            group["vendor_id"][1]: (
                group["in_tolerance_share"],
                group["abs_deviation"],
                group["measured_count"],
            )
            for group in groups
        }
        self.assertEqual(set(result), {"KT Vendor A", "KT Vendor B"})
        for vendor, (share, average_deviation, count) in {
            "KT Vendor A": (60.0, 0.75, 5),
            "KT Vendor B": (50.0, 0.85, 2),
        }.items():
            self.assertAlmostEqual(result[vendor][0], share, places=6, msg=vendor)
            self.assertAlmostEqual(result[vendor][1], average_deviation, places=6, msg=vendor)
            self.assertEqual(result[vendor][2], count, vendor)

        rows = Report.search([("sample_id", "=", third.id)])
        self.assertEqual(
            sorted((row.pom_id.code, row.critical, round(row.deviation, 2)) for row in rows),
            [("KT-A01", False, -1.5), ("KT-B01", True, 0.2)],
        )
        self.assertEqual(rows.season_id, self.season)
        self.assertFalse(Report.search([("sample_id", "=", first.id), ("pom_id.code", "=", "KT-D01")]))

    def test_sample_tracker_counts_per_season_and_state(self):
        other_season = self.env["kobo.season"].create({"name": "Test Season 2028", "code": "TS28"})
        other_style, moved_style = self.env["product.template"].create(
            [
                {
                    "name": name,
                    "kobo_style_number": number,
                    "kobo_is_style": True,
                    "kobo_season_id": other_season.id,
                    "kobo_size_range_id": self.size_range.id,
                }
                for name, number in (("KT Overshirt", "KT-002"), ("KT Gilet", "KT-003"))
            ]
        )
        other_techpack, moved_techpack = self.env["kobo.techpack"].create(
            [{"style_id": other_style.id}, {"style_id": moved_style.id}]
        )
        self._sample(self.vendor_a)
        self._sample(self.vendor_a, ["action_request"])
        self._sample(self.vendor_b, ["action_request"])
        self._sample(self.vendor_b, ["action_request"], other_techpack)
        self._sample(self.vendor_b, [], other_techpack)
        # The season is the style's: moving the style to another season moves its samples.
        moved_sample = self._sample(self.vendor_b, [], moved_techpack)
        self.assertEqual(moved_sample.season_id, other_season)
        moved_style.kobo_season_id = self.season
        self.assertEqual(moved_sample.season_id, self.season)

        Sample = self.env["kobo.sample"].with_user(self.designer)
        counts = {
            (season.code, state): count
            for season, state, count in Sample._read_group(
                [("vendor_id", "in", (self.vendor_a + self.vendor_b).ids)],
                ["season_id", "state"],
                ["__count"],
            )
        }
        self.assertEqual(
            counts,
            {("TS27", "draft"): 2, ("TS27", "requested"): 2, ("TS28", "draft"): 1, ("TS28", "requested"): 1},
        )
