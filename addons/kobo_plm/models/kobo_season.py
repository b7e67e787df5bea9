from odoo import api, fields, models


class KoboSeason(models.Model):
    _name = "kobo.season"
    _description = "Season"
    _order = "date_start desc, code"
    _rec_names_search = ["code", "name"]

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True, help="Short code printed on tech packs and labels, e.g. SS27.")
    date_start = fields.Date(string="Start")
    date_end = fields.Date(string="End")
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company)
    # The size of the brand's range is the brand's own: the supplier portal's vendors read
    # seasons (their styles' season) but not how many styles it holds.
    style_ids = fields.One2many(
        "product.template", "kobo_season_id", string="Styles", groups="base.group_user"
    )
    style_count = fields.Integer(compute="_compute_style_count", groups="base.group_user")

    _sql_constraints = [
        ("code_company_unique", "unique(code, company_id)", "A season code must be unique per company."),
        (
            "dates_ordered",
            "CHECK(date_start IS NULL OR date_end IS NULL OR date_start <= date_end)",
            "A season cannot end before it starts.",
        ),
    ]

    @api.depends("style_ids")
    def _compute_style_count(self):
        counts = dict(
            self.env["product.template"]._read_group(
                [("kobo_season_id", "in", self.ids)], ["kobo_season_id"], ["__count"]
            )
        )
        for season in self:
            season.style_count = counts.get(season, 0)

    @api.depends("code", "name")
    def _compute_display_name(self):
        for season in self:
            season.display_name = f"{season.code} · {season.name}" if season.code else season.name

    def action_view_styles(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("kobo_plm.action_kobo_style")
        action["domain"] = [("kobo_season_id", "=", self.id)]
        action["context"] = {"default_kobo_season_id": self.id, "default_kobo_is_style": True}
        return action
