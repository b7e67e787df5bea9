"""Which channel and locale a catalogue user measures completeness for.

A preference of the user's own, like their language or time zone: stored on the user (never
read from the context), changed from the systray's switcher, kept while they move between the
product list, the enrichment board and the forms. When it is empty, or no longer valid (the
channel archived, out of the active companies, the locale removed from it), the first active
channel with a requirement profile of the user's current company, in its first locale, is used.
"""

from odoo import api, fields, models
from odoo.exceptions import ValidationError

PIM_USERS = "kobo_pim.group_kobo_pim_user"
PREFERENCE_FIELDS = ("kobo_completeness_channel_id", "kobo_completeness_lang_id")
# Non-stored fields whose value depends on the preference: a change of it invalidates them.
SCORE_MODELS = ("product.template", "kobo.enrichment")
SCORE_FIELDS = [
    "kobo_completeness_score",
    "kobo_completeness_issue_count",
    "kobo_completeness_measured",
    "kobo_completeness_target",
]


class ResUsers(models.Model):
    _inherit = "res.users"

    kobo_completeness_channel_id = fields.Many2one(
        "kobo.channel",
        string="Completeness Channel",
        ondelete="set null",
        help="The channel whose completeness the product list, the enrichment board and the "
        "forms show. Empty: the first channel with a requirement profile of the current company.",
    )
    kobo_completeness_lang_id = fields.Many2one(
        "res.lang",
        string="Completeness Locale",
        ondelete="set null",
        help="The locale of that channel whose completeness is shown. Empty: the channel's first.",
    )

    @property
    def SELF_READABLE_FIELDS(self):
        return super().SELF_READABLE_FIELDS + list(PREFERENCE_FIELDS)

    @property
    def SELF_WRITEABLE_FIELDS(self):
        return super().SELF_WRITEABLE_FIELDS + list(PREFERENCE_FIELDS)

    @api.constrains(*PREFERENCE_FIELDS)
    def _check_kobo_completeness_preference(self):
        # Users write these fields on themselves as superuser (SELF_WRITEABLE_FIELDS): the checks
        # are on the user's own companies, not on the environment's rights.
        for user in self:
            channel = user.kobo_completeness_channel_id.sudo()
            lang = user.kobo_completeness_lang_id.sudo()
            if lang and not channel:
                raise ValidationError(
                    self.env._("Choose the channel of the completeness locale %(locale)s.", locale=lang.code)
                )
            if not channel:
                continue
            if channel.company_id not in user.company_ids:
                raise ValidationError(
                    self.env._(
                        "%(user)s cannot measure completeness on %(channel)s: it is a channel of "
                        "%(company)s, a company they do not work for.",
                        user=user.name,
                        channel=channel.name,
                        company=channel.company_id.name,
                    )
                )
            if not channel.profile_id:
                raise ValidationError(
                    self.env._(
                        "%(channel)s has no requirement profile: nothing is measured on it.",
                        channel=channel.name,
                    )
                )
            if lang and lang not in channel.lang_ids:
                raise ValidationError(
                    self.env._(
                        "%(channel)s does not publish in %(locale)s; its locales are %(locales)s.",
                        channel=channel.name,
                        locale=lang.code,
                        locales=", ".join(channel.lang_ids.mapped("code")) or "-",
                    )
                )

    def write(self, vals):
        result = super().write(vals)
        if any(name in vals for name in PREFERENCE_FIELDS):
            for model_name in SCORE_MODELS:
                self.env[model_name].invalidate_model(SCORE_FIELDS)
        return result

    # The measured channel and locale

    def _kobo_completeness_channels(self):
        """The channels this user may measure on: active, with a requirement profile, of the
        environment's companies (the channels' record rule)."""
        self.ensure_one()
        return (
            self.env["kobo.channel"]
            .with_user(self)
            .search([("profile_id", "!=", False), ("company_id", "in", self.env.companies.ids)])
        )

    def _kobo_completeness_target(self):
        """``(channel, lang)`` whose completeness this user sees, both empty when there is none.
        The stored choice when it is still valid, else the first channel of the current company
        in its first locale."""
        self.ensure_one()
        channel = self.sudo().kobo_completeness_channel_id
        lang = self.sudo().kobo_completeness_lang_id
        companies = self.env.companies
        if channel.active and channel.profile_id and channel.company_id in companies and channel.lang_ids:
            return channel, (lang if lang in channel.lang_ids else channel.lang_ids[:1])
        Channel = self.env["kobo.channel"].sudo()
        channel = Channel.search(
            [
                ("profile_id", "!=", False),
                ("company_id", "=", self.env.company.id),
                ("lang_ids", "!=", False),
            ],
            limit=1,
        )
        return channel, channel.lang_ids[:1]

    @api.model
    def kobo_completeness_switcher(self):
        """What the systray's switcher shows: the measured channel and locale and every choice
        (channel × locale). Nothing for a user outside the catalogue team."""
        user = self.env.user
        if not user.has_group(PIM_USERS):
            return {"visible": False}
        channel, lang = user._kobo_completeness_target()
        choices = [
            {
                "channel_id": choice_channel.id,
                "lang_id": choice_lang.id,
                "channel": choice_channel.display_name,
                "locale": choice_lang.code,
                "locale_name": choice_lang.name,
                "selected": choice_channel == channel and choice_lang == lang,
            }
            for choice_channel in user._kobo_completeness_channels()
            for choice_lang in choice_channel.lang_ids
        ]
        return {
            "visible": True,
            "user_id": user.id,
            "channel": channel.display_name or "",
            "locale": lang.code or "",
            "choices": choices,
        }
