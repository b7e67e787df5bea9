"""The channel's long operations: its user's last one shown on the form, and *Recompute now*
reporting its progress (``kobo.progress``)."""

from odoo import api, fields, models
from odoo.exceptions import AccessError

from .kobo_channel_profile import PIM_USERS
from .kobo_progress import PROGRESS_STATES

#: Cells recomputed between two progress reports of *Recompute now*.
RECOMPUTE_CHUNK = 2000


class KoboChannel(models.Model):
    _inherit = "kobo.channel"

    kobo_progress_id = fields.Many2one(
        "kobo.progress",
        string="Last operation",
        compute="_compute_kobo_progress_id",
        help="The last long operation you started on this channel.",
    )
    kobo_progress_name = fields.Char(compute="_compute_kobo_progress_id", string="Operation")
    kobo_progress_state = fields.Selection(
        PROGRESS_STATES, compute="_compute_kobo_progress_id", string="Operation status"
    )
    kobo_progress_value = fields.Float(compute="_compute_kobo_progress_id", string="Progress")
    kobo_progress_result = fields.Text(compute="_compute_kobo_progress_id", string="Result")

    @api.depends_context("uid")
    def _compute_kobo_progress_id(self):
        Progress = self.env["kobo.progress"].sudo()
        last = dict(
            Progress._read_group(
                [("res_model", "=", self._name), ("res_id", "in", self.ids), ("user_id", "=", self.env.uid)],
                ["res_id"],
                ["id:max"],
            )
        )
        for channel in self:
            progress = Progress.browse(last.get(channel.id))
            channel.kobo_progress_id = progress
            channel.kobo_progress_name = progress.name
            channel.kobo_progress_state = progress.state
            channel.kobo_progress_value = progress.progress
            channel.kobo_progress_result = progress.result

    def action_kobo_recompute_completeness(self):
        """Recompute the channel's outdated cells now, by chunks, showing how far it is (on the
        channel and in *My Operations*) and telling the user how it ended."""
        if not self.env.user.has_group(PIM_USERS):
            raise AccessError(self.env._("Only catalogue users can recompute a channel's completeness."))
        # Cells are computed data: the engine reads every input whoever asks (as the cron does).
        Cell = self.env["kobo.completeness"].sudo()
        for channel in self:
            name = self.env._("Recompute completeness of %(channel)s", channel=channel.display_name)
            with self.env["kobo.progress"]._kobo_track(name, channel) as progress:
                computed, remaining = 0, 0
                while True:
                    count, remaining = Cell._kobo_recompute_dirty(channels=channel, limit=RECOMPUTE_CHUNK)
                    computed += count
                    progress.total = computed + remaining
                    progress.advance(count)
                    if not count or not remaining:
                        break
                progress.result = self.env._(
                    "%(count)s products × locales recomputed on %(channel)s.",
                    count=computed,
                    channel=channel.display_name,
                )
                if remaining:
                    progress.result += " " + self.env._(
                        "%(count)s could not be computed: their What to Fix says why.", count=remaining
                    )
        return True
