"""One guard for every Kōbō model: it judges what a record will store, whoever sends it.

A client reaches ``create`` and ``write`` in many ways: the form (UI), JSON-RPC and XML-RPC,
``load()`` (import), ``copy(default=…)``, one2many commands from a parent, and ``default_<field>``
context keys, which Odoo applies inside ``create`` *after* the values were received. A check that
reads only the values sent is walked around by the last three. So the guard works out the
values the record will store (sent values, else a ``default_*`` key, else the field's default)
and judges those, for every model, in this one place (``base``):

- **Workflow fields** (``_kobo_workflow_fields`` on the model): a create may only give them
  their code default (or nothing); a write may not change them. States, approval stamps,
  external ids, digests and facts read from files move only through the model's checked actions.
- **Identity fields** (``kobo_immutable=True`` on the field): the relations that say *which*
  record it is (a listing's product and channel, an override's product) are set at create and
  never move: a published listing moved to another product would keep its state and external
  id; an override moved onto an approved product would change its copy without review.
- **Field groups at create**: Odoo 18 checks a field's ``groups=`` on read and write, not on
  create. Kōbō fields with ``groups=``, and fields that everyone may read but only some may set
  (``kobo_write_groups="module.group,…"``), are refused at create to users outside the groups.
- **NUL characters** in text would end as a PostgreSQL traceback; they are refused in words.

Internal callers (the actions, after their own checks) bypass the first two through
``privileged()``; the superuser bypasses the group checks, as in Odoo's own field access.
"""

from odoo import api, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .kobo_workflow_mixin import is_privileged

#: Field parameters the guard reads (declared valid so that Odoo does not warn about them).
GUARD_PARAMETERS = ("kobo_immutable", "kobo_write_groups")
TEXT_TYPES = ("char", "text", "html", "selection")
DEFAULT_PREFIX = "default_"


def is_kobo_model(model):
    """Models Kōbō defines, and Odoo models to which a Kōbō addon adds fields."""
    return model._name.startswith("kobo.") or any(
        (field._module or "").startswith("kobo_") for field in model._fields.values()
    )


class KoboGuardMeta:
    """What the guard checks on one model class, worked out once per registry set-up."""

    __slots__ = ("group_fields", "immutable", "text_fields", "workflow")

    def __init__(self, model):
        kobo_model = model._name.startswith("kobo.")
        self.workflow = tuple(name for name in model._kobo_workflow_fields if name in model._fields)
        self.immutable = tuple(
            name for name, field in model._fields.items() if getattr(field, "kobo_immutable", False)
        )
        self.group_fields = {
            name: field
            for name, field in model._fields.items()
            if getattr(field, "kobo_write_groups", None)
            or (field.groups and field.store and (kobo_model or (field._module or "").startswith("kobo_")))
        }
        self.text_fields = (
            frozenset(name for name, field in model._fields.items() if field.type in TEXT_TYPES)
            if is_kobo_model(model)
            else frozenset()
        )

    def __bool__(self):
        return bool(self.workflow or self.immutable or self.group_fields or self.text_fields)


class Base(models.AbstractModel):
    _inherit = "base"

    #: Fields only the model's checked actions change (see the module docstring).
    _kobo_workflow_fields = ()

    @api.model
    def _setup_complete(self):
        result = super()._setup_complete()
        # Odoo keeps a model's class when a later module extends it (it changes its bases and
        # sets its fields up again): what the guard worked out before is forgotten here.
        self.env.registry[self._name]._kobo_guard_meta = None
        return result

    def _valid_field_parameter(self, field, name):
        return name in GUARD_PARAMETERS or super()._valid_field_parameter(field, name)

    @api.model_create_multi
    def create(self, vals_list):
        # A generator would be spent by the checks: keep a list for the ORM too.
        vals_list = list(vals_list)
        if self._kobo_guard():
            self._kobo_guard_create(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        if self._kobo_guard():
            self._kobo_guard_write(vals)
        return super().write(vals)

    @api.model
    def _search(self, domain, *args, **kwargs):
        if self._kobo_guard().text_fields:
            self._kobo_check_domain_text(domain)
        return super()._search(domain, *args, **kwargs)

    def copy_data(self, default=None):
        guard = self._kobo_guard()
        # Kōbō's fields the user may not read (a style's designer, for a sales manager) are left
        # out of the copy, as the user could not set them either: Odoo's copy would read them and
        # refuse the whole Duplicate. Named in ``default``, they are judged by create as any value.
        hidden = ()
        if guard.group_fields and not self.env.su:
            hidden = [
                name
                for name, field in guard.group_fields.items()
                if field.copy
                and field.groups
                and name not in (default or {})
                and not field.is_accessible(self.env)
            ]
        vals_list = super().copy_data(default={**(default or {}), **dict.fromkeys(hidden, False)})
        for vals in filter(None, vals_list):
            for name in hidden:
                vals.pop(name, None)
        if guard.workflow and not is_privileged(self):
            # A copy starts its workflow anew: it keeps no state, stamp or external id of the
            # original. What `default` names explicitly is judged by create like any value.
            explicit = set(default or ())
            for vals in filter(None, vals_list):
                for name in guard.workflow:
                    if name not in explicit:
                        vals.pop(name, None)
        return vals_list

    # ------------------------------------------------------------------ the checks

    def _kobo_guard(self):
        cls = self.env.registry[self._name]
        meta = cls.__dict__.get("_kobo_guard_meta")
        if meta is None:
            meta = KoboGuardMeta(self)
            cls._kobo_guard_meta = meta
        return meta

    def _kobo_context_defaults(self):
        """The ``default_<field>`` keys of the context that name a field of this model."""
        return {
            key[len(DEFAULT_PREFIX) :]: value
            for key, value in self.env.context.items()
            if key.startswith(DEFAULT_PREFIX) and key[len(DEFAULT_PREFIX) :] in self._fields
        }

    def _kobo_guard_create(self, vals_list):
        """Judge the values each new record will store: the values sent, else the defaults
        ``create`` will fill in from the client (``default_*`` context keys, and ``ir.default``,
        which every internal user may set for themselves)."""
        guard = self._kobo_guard()
        defaults = self._kobo_context_defaults()
        guarded = {*guard.workflow, *guard.group_fields}
        if guarded:
            # The user's own ir.default values (cached by Odoo), under the context's, as in
            # default_get; the fields' code defaults are nobody's choice and are not judged.
            # (Called as default_get calls it, so that Odoo's cache of it serves both.)
            user_defaults = self.env["ir.default"]._get_model_defaults(self._name)
            defaults = {
                **{name: value for name, value in user_defaults.items() if name in guarded},
                **defaults,
            }
        privileged_env = is_privileged(self)
        for vals in vals_list:
            stored = {**defaults, **vals}
            self._kobo_check_text(stored, guard)
            if not privileged_env:
                self._kobo_check_workflow_stored(stored, guard)
            self._kobo_check_field_groups(stored, guard, creating=True)

    def _kobo_guard_write(self, vals):
        guard = self._kobo_guard()
        self._kobo_check_text(vals, guard)
        if not is_privileged(self):
            changed = [name for name in (*guard.workflow, *guard.immutable) if name in vals]
            changed = [name for name in changed if self._kobo_changes(name, vals[name])]
            workflow = [name for name in changed if name in guard.workflow]
            if workflow:
                self._kobo_refuse_workflow(workflow)
            if changed:
                self._kobo_refuse_identity(changed)
        self._kobo_check_field_groups(vals, guard)

    def _kobo_check_text(self, values, guard):
        for name in guard.text_fields.intersection(values):
            value = values[name]
            if isinstance(value, str) and "\x00" in value:
                raise ValidationError(
                    self.env._(
                        "%(model)s: %(field)s contains a NUL character (\\0), which cannot be stored. "
                        "Remove it and save again.",
                        model=self._description,
                        field=self._fields[name]._description_string(self.env),
                    )
                )

    def _kobo_check_domain_text(self, domain):
        """A NUL character in a search value (a client's, or a check's that searches with the
        values it was sent before the guard saw them) is refused in words, not by PostgreSQL."""
        for leaf in domain or ():
            if isinstance(leaf, list | tuple) and len(leaf) == 3:
                values = leaf[2] if isinstance(leaf[2], list | tuple) else (leaf[2],)
                if any(isinstance(value, str) and "\x00" in value for value in values):
                    raise ValidationError(
                        self.env._(
                            "%(model)s: the value given for %(field)s contains a NUL character (\\0), "
                            "which cannot be stored or searched. Remove it and try again.",
                            model=self._description,
                            field=self._kobo_field_labels([leaf[0]]) if leaf[0] in self._fields else leaf[0],
                        )
                    )

    def _kobo_code_default(self, name):
        """The field's own default, from the code: not the context's, not ``ir.default``'s (both
        are the client's to set)."""
        field = self._fields[name]
        value = field.default(self.browse()) if field.default else False
        return field.convert_to_cache(value, self.browse(), validate=False)

    def _kobo_is_chosen(self, name, value):
        """True when a create's ``value`` for ``name`` is more than nothing (an import's empty
        column) and more than the field's own default."""
        field = self._fields[name]
        if not value and field.type != "boolean":
            return False
        if field.type in ("one2many", "many2many"):
            return True
        return field.convert_to_cache(value, self.browse(), validate=False) != self._kobo_code_default(name)

    def _kobo_check_workflow_stored(self, stored, guard):
        named = [
            name for name in guard.workflow if name in stored and self._kobo_is_chosen(name, stored[name])
        ]
        if named:
            self._kobo_refuse_workflow(named)

    def _kobo_changes(self, name, value):
        """True when writing ``value`` into ``name`` would change one of these records."""
        field = self._fields[name]
        new = field.convert_to_cache(value, self.browse(), validate=False)
        return any(
            field.convert_to_cache(record[name], record, validate=False) != new for record in self.sudo()
        )

    def _kobo_refuse_workflow(self, names):
        raise AccessError(
            self.env._(
                "%(model)s: %(fields)s can only be changed through the workflow's buttons.",
                model=self._description,
                fields=self._kobo_field_labels(names),
            )
        )

    def _kobo_refuse_identity(self, names):
        raise UserError(
            self.env._(
                "%(record)s: %(fields)s cannot be changed once the record exists (it identifies "
                "the record). Create a new one instead.",
                record=self[:1].display_name or self._description,
                fields=self._kobo_field_labels(names),
            )
        )

    def _kobo_check_field_groups(self, values, guard, creating=False):
        if self.env.su or not guard.group_fields:
            return
        refused = []
        for name in guard.group_fields.keys() & values.keys():
            field = guard.group_fields[name]
            if creating and not self._kobo_is_chosen(name, values[name]):
                continue  # nothing given, or the field's own default: nobody chose it
            groups = getattr(field, "kobo_write_groups", None)
            if (field.groups and not field.is_accessible(self.env)) or (
                groups and not self.env.user.has_groups(groups)
            ):
                refused.append((name, groups or field.groups))
        if refused:
            group_names = {
                group.full_name
                for _name, groups in refused
                for xmlid in groups.split(",")
                if (group := self.env.ref(xmlid.strip().lstrip("!"), raise_if_not_found=False))
            }
            raise AccessError(
                self.env._(
                    "%(model)s: only %(groups)s may set %(fields)s.",
                    model=self._description,
                    groups=" / ".join(sorted(group_names)),
                    fields=self._kobo_field_labels([name for name, _groups in refused]),
                )
            )

    def _kobo_field_labels(self, names):
        return ", ".join(self._fields[name]._description_string(self.env) for name in names)
