from datetime import date

from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestLaunchDatesFromPlm(TransactionCase):
    """A collection without a catalogue launch date takes its PLM season's start date."""

    def test_plm_season_start_is_the_launch_date_unless_the_catalogue_sets_one(self):
        company = self.env.company
        self.env["kobo.season"].create(
            {
                "name": "Launch Winter 2031",
                "code": "LW31",
                "date_start": date(2031, 8, 1),
                "company_id": company.id,
            }
        )
        Season = self.env["kobo.pim.season"]
        keys = {(company.id, "Launch Winter 2031"), (company.id, "LW31"), (company.id, "Unknown 2031")}
        self.assertEqual(
            Season._kobo_launch_dates(keys),
            {(company.id, "Launch Winter 2031"): date(2031, 8, 1), (company.id, "LW31"): date(2031, 8, 1)},
        )
        Season.create({"name": "LW31", "launch_date": date(2031, 9, 15), "company_id": company.id})
        self.assertEqual(Season._kobo_launch_dates(keys)[(company.id, "LW31")], date(2031, 9, 15))
