"""What a channel requires of a product before it is ready there: a profile of rules.

Profiles ship as data (Odoo website, Google Merchant Center apparel, Shopify, Amazon, a
wholesale retailer) and are edited like any record; a channel points at one. Editing a profile
or one of its rules marks the completeness cells of its channels as outdated (the cron and the
channel's *Recompute now* bring them up to date), never the whole catalogue.
"""

from odoo import api, fields, models


class KoboRequirementProfile(models.Model):
    _name = "kobo.requirement.profile"
    _description = "Channel Requirement Profile"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(help="Where the rules come from (the channel's published specification).")
    rule_ids = fields.One2many("kobo.requirement.rule", "profile_id", string="Rules", copy=True)
    channel_ids = fields.One2many("kobo.channel", "profile_id", string="Channels")
    rule_count = fields.Integer(compute="_compute_rule_count")

    @api.depends("rule_ids")
    def _compute_rule_count(self):
        for profile in self:
            profile.rule_count = len(profile.rule_ids)

    def write(self, vals):
        result = super().write(vals)
        if "active" in vals:
            self.env["kobo.completeness"]._kobo_mark_channels_dirty(
                self.with_context(active_test=False).channel_ids
            )
        return result

    def copy_data(self, default=None):
        vals_list = super().copy_data(default=default)
        if "name" not in (default or {}):
            for profile, vals in zip(self, vals_list, strict=True):
                vals["name"] = self.env._("%(name)s (copy)", name=profile.name)
        return vals_list
