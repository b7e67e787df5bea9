"""A channel's requirement profile and its completeness figures (the dashboard's channel cards)."""

from odoo import api, fields, models

PIM_USERS = "kobo_pim.group_kobo_pim_user"

# A change of these changes which cells exist (products × locales of the channel).
CELL_FIELDS = {"lang_ids", "active", "company_id", "profile_id"}
# A change of these changes what the channel's rules find.
INPUT_FIELDS = CELL_FIELDS | {"taxonomy_id", "size_system", "pricelist_id", "image_min_size"}


class KoboChannel(models.Model):
    _inherit = "kobo.channel"

    profile_id = fields.Many2one(
        "kobo.requirement.profile",
        string="Requirement Profile",
        tracking=True,
        index=True,
        help="What a product needs to be ready on this channel; completeness is measured against it.",
    )
    completeness_cell_count = fields.Integer(
        string="Products × Locales", compute="_compute_completeness_figures", groups=PIM_USERS
    )
    completeness_complete_count = fields.Integer(
        string="Complete", compute="_compute_completeness_figures", groups=PIM_USERS
    )
    completeness_rate = fields.Float(
        string="Ready (%)",
        compute="_compute_completeness_figures",
        groups=PIM_USERS,
        help="Share of the channel's products × locales that meet every rule of its profile.",
    )
    completeness_average = fields.Float(
        string="Average Score", compute="_compute_completeness_figures", groups=PIM_USERS
    )
    completeness_dirty_count = fields.Integer(
        string="Outdated", compute="_compute_completeness_figures", groups=PIM_USERS
    )

    def _compute_completeness_figures(self):
        Cell = self.env["kobo.completeness"]
        domain = [("channel_id", "in", self.ids)]
        totals = {
            channel.id: (count, average)
            for channel, count, average in Cell._read_group(domain, ["channel_id"], ["__count", "score:avg"])
        }
        complete = dict(Cell._read_group([*domain, ("complete", "=", True)], ["channel_id"], ["__count"]))
        dirty = dict(Cell._read_group([*domain, ("dirty", "=", True)], ["channel_id"], ["__count"]))
        for channel in self:
            count, average = totals.get(channel.id, (0, 0.0))
            channel.completeness_cell_count = count
            channel.completeness_complete_count = complete.get(channel, 0)
            channel.completeness_rate = 100.0 * complete.get(channel, 0) / count if count else 0.0
            channel.completeness_average = average or 0.0
            channel.completeness_dirty_count = dirty.get(channel, 0)

    @api.model_create_multi
    def create(self, vals_list):
        channels = super().create(vals_list)
        self.env["kobo.completeness"]._kobo_sync_cells(channels=channels)
        self.env["kobo.completeness"]._kobo_mark_channels_dirty(channels)
        return channels

    def write(self, vals):
        result = super().write(vals)
        if CELL_FIELDS & set(vals):
            self.env["kobo.completeness"]._kobo_sync_cells(channels=self)
        if INPUT_FIELDS & set(vals):
            self.env["kobo.completeness"]._kobo_mark_channels_dirty(self)
        return result

    # *Recompute now* (action_kobo_recompute_completeness) lives in kobo_channel_progress.py: it
    # recomputes by chunks and reports its progress.

    def action_kobo_open_completeness(self):
        """The channel's cells, the ones to fix first."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("kobo_pim.action_kobo_completeness")
        action["domain"] = [("channel_id", "=", self.id)]
        action["context"] = {"search_default_filter_incomplete": 1}
        action["display_name"] = self.env._("Completeness on %(channel)s", channel=self.name)
        return action
