"""Launch dates of the collections, for the completeness burn-down.

The PIM knows a product's collection only as words (``product.template.kobo_season_name``,
e.g. "AW26"), so a launch date is kept per collection name and company. With Kōbō PLM
installed, ``kobo_plm_pim`` falls back on the PLM season of that name or code (its start date)
when no launch date is set here.
"""

from odoo import api, fields, models


class KoboPimSeason(models.Model):
    _name = "kobo.pim.season"
    _description = "Collection Launch Date"
    _order = "launch_date, name"

    name = fields.Char(
        string="Collection",
        required=True,
        help="As written in the products' Collection field, e.g. AW26.",
    )
    launch_date = fields.Date(required=True, help="When the collection goes on sale on the channels.")
    company_id = fields.Many2one(
        "res.company",
        default=lambda self: self.env.company,
        help="Leave empty for a collection shared by every company.",
    )
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("name_company_unique", "unique(name, company_id)", "A collection has one launch date per company."),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name"):
                vals["name"] = vals["name"].strip()
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("name"):
            vals = dict(vals, name=vals["name"].strip())
        return super().write(vals)

    @api.model
    def _kobo_launch_dates(self, keys):
        """Launch dates of `keys`, a set of ``(company id, collection name)``: a dict from key to
        date, keys without a launch date left out. A company's own date wins over a shared one.
        One query, whatever the number of keys; read as superuser (a date is no secret, and the
        dashboard shows it to every catalogue user)."""
        names = {name for _company, name in keys if name}
        if not names:
            return {}
        seasons = self.sudo().search([("name", "in", list(names))])
        dates = {}
        for season in seasons:
            for company_id in {company for company, name in keys if name == season.name}:
                key = (company_id, season.name)
                if season.company_id.id == company_id or (not season.company_id and key not in dates):
                    dates[key] = season.launch_date
        return dates
