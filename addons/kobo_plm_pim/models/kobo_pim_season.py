"""Launch dates from development: a collection without its own launch date in the catalogue
takes the start date of the PLM season of that name or code (a handed-off product's collection
is its style's season name; a reseller-style catalogue often writes the code, e.g. SS27)."""

from odoo import api, models


class KoboPimSeason(models.Model):
    _inherit = "kobo.pim.season"

    @api.model
    def _kobo_launch_dates(self, keys):
        dates = super()._kobo_launch_dates(keys)
        missing = {
            (company_id, name) for company_id, name in keys if name and (company_id, name) not in dates
        }
        if not missing:
            return dates
        names = list({name for _company, name in missing})
        seasons = (
            self.env["kobo.season"]
            .sudo()
            .search(["&", ("date_start", "!=", False), "|", ("code", "in", names), ("name", "in", names)])
        )
        for company_id, name in missing:
            matches = seasons.filtered(
                lambda season, name=name, company_id=company_id: name in (season.code, season.name)
                and season.company_id.id in (company_id, False)
            )
            if matches:
                # The company's own season first, then a shared one
                dates[(company_id, name)] = matches.sorted(lambda season: not season.company_id)[0].date_start
        return dates
