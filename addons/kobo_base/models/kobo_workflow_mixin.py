"""Workflow states and approval stamps that only checked actions can change.

Any RPC client can send any context it likes, but only as JSON: strings, numbers, lists and
dicts. It cannot send this module's private object, so a check that asks
``is_privileged(records)`` cannot be switched off from outside: the same idea as OCA
``queue_job``'s ``EDIT_SENTINEL``. Internal callers (the actions, after their own checks) get
the bypass with ``privileged(records)``; nothing else does, not even the superuser.
"""

import math

from odoo import api, models
from odoo.exceptions import AccessError, UserError, ValidationError

_PRIVILEGED = object()
_CONTEXT_KEY = "kobo_privileged"


def privileged(records):
    """`records` in an environment whose guarded writes are allowed (internal callers only)."""
    return records.with_context(**{_CONTEXT_KEY: _PRIVILEGED})


def is_privileged(records):
    """True only in an environment made by `privileged()`: no RPC payload can forge it."""
    return records.env.context.get(_CONTEXT_KEY) is _PRIVILEGED


class KoboWorkflowMixin(models.AbstractModel):
    """States and stamps that change only through the model's actions.

    A model lists its guarded fields in ``_kobo_workflow_fields``; the guard of ``base``
    (``kobo_guard.py``) judges what every create will store (values, ``default_*`` keys,
    ``ir.default``, copies) and refuses any other value than the field's code default, and any
    write that changes them, unless it comes from ``privileged()``. Actions move records with
    ``_kobo_transition``, which checks the state they are in and names the record that cannot move.
    """

    _name = "kobo.workflow.mixin"
    _description = "Workflow fields changed only by checked actions"

    _kobo_workflow_fields = ("state",)

    def _kobo_state_label(self, state):
        return dict(self._fields["state"]._description_selection(self.env)).get(state, state)

    def _kobo_transition(self, allowed_from, state, vals=None):
        """Move every record from one of `allowed_from` to `state` (plus `vals`), or none."""
        for record in self:
            if record.state not in allowed_from:
                raise UserError(
                    self.env._(
                        "%(record)s is %(state)s: it cannot become %(target)s.",
                        record=record.display_name,
                        state=self._kobo_state_label(record.state).lower(),
                        target=self._kobo_state_label(state).lower(),
                    )
                )
        return privileged(self).write({"state": state, **(vals or {})})

    def _kobo_check_group(self, group_xmlid, action):
        """Refuse `action` (a verb phrase for the message) to users outside the group."""
        if not self.env.user.has_group(group_xmlid):
            group = self.env.ref(group_xmlid)
            raise AccessError(
                self.env._(
                    "Only %(group)s can %(action)s.",
                    group=group.full_name,
                    action=action,
                )
            )


def check_finite(records, vals_list):
    """Refuse NaN and ±infinity in float values (RPC clients can send them) with a message.

    Without this a NaN reaches the database layer and ends as a server traceback
    ("cannot convert float NaN to integer") instead of a message naming the field.
    """
    for vals in vals_list:
        for name, value in vals.items():
            field = records._fields.get(name)
            if field and field.type in ("one2many", "many2many") and isinstance(value, list | tuple):
                # Lines created or updated with their parent (Command.create / update) are
                # converted with the parent, before their own create or write can check them.
                check_finite(
                    records.env[field.comodel_name],
                    [
                        command[2]
                        for command in value
                        if isinstance(command, list | tuple)
                        and len(command) == 3
                        and command[0] in (0, 1)
                        and isinstance(command[2], dict)
                    ],
                )
            elif isinstance(value, float) and not math.isfinite(value):
                raise ValidationError(
                    records.env._(
                        "%(field)s: %(value)s is not a number.",
                        field=field._description_string(records.env) if field else name,
                        value=value,
                    )
                )


class KoboFiniteMixin(models.AbstractModel):
    """Models whose float fields refuse NaN and ±infinity on every create and write."""

    _name = "kobo.finite.mixin"
    _description = "Float fields refuse NaN and infinity"

    @api.model_create_multi
    def create(self, vals_list):
        check_finite(self, vals_list)
        return super().create(vals_list)

    def write(self, vals):
        check_finite(self, [vals])
        return super().write(vals)
