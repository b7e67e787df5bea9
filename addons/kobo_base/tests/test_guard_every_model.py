"""Every guarded field of every Kōbō model, tried by every non-privileged user, every way a client
can send a value: in the values, as a ``default_*`` context key, as an ``ir.default`` of their
own, through ``copy(default=)``, through ``load()`` (import) and as a one2many command from a
parent record; and every relation that says which record it is, moved by a write.

Nothing here names a model or a field: the walk reads the guard's own declarations from the
registry (``_kobo_workflow_fields``, ``kobo_immutable``, ``groups=`` and ``kobo_write_groups``),
so a new model or field is covered without editing this file. The records tried are the demo's
(the full test database has every addon's demo data) or, for a model without any, the guard's
check itself.
"""

# ruff: noqa: B023 (every lambda below is called at once, inside its loop iteration)
import datetime

from odoo import Command
from odoo.addons.kobo_base.models.kobo_guard import is_kobo_model
from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, tagged

# AccessError and ValidationError are UserErrors: every refusal in words.
REFUSED = UserError


def forged_value(env, field, current=None):  # noqa: PLR0911
    """A value for ``field`` that differs from its code default and from ``current``."""
    default = field.default(env[field.model_name]) if field.default else False
    if field.type == "selection":
        options = [value for value, _label in field._description_selection(env)]
        return next(value for value in reversed(options) if value not in (default, current))
    if field.type == "many2one":
        comodel = env[field.comodel_name].sudo().with_context(active_test=False)
        exclude = [record_id for record_id in (current, default) if isinstance(record_id, int)]
        record = comodel.search([("id", "not in", exclude)], limit=1, order="id desc")
        return record.id
    if field.type == "one2many":
        return [Command.create({})]
    if field.type == "many2many":
        return [Command.set(env[field.comodel_name].sudo().search([], limit=1).ids)]
    if field.type == "boolean":
        return not default
    if field.type in ("integer", "float", "monetary"):
        return 4000
    if field.type == "datetime":
        return datetime.datetime(2030, 1, 1, 12, 0)
    if field.type == "date":
        return datetime.date(2030, 1, 1)
    if field.type == "json":
        return {"forged": True}
    return "forged-by-a-client"


@tagged("post_install", "-at_install")
class TestGuardEveryModel(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True, mail_create_nolog=True))
        kobo_groups = (
            cls.env["ir.model.data"]
            .sudo()
            .search([("model", "=", "res.groups"), ("module", "=like", "kobo_%")])
        )
        company = cls.env.ref("base.main_company")
        users = cls.env["res.users"].with_context(no_reset_password=True)
        # One user per Kōbō group (with the group's implied ones), one internal user with none,
        # and a portal user: every role that is not the superuser.
        cls.users = users.create(
            [
                {
                    "name": f"Guard {data.module}.{data.name}",
                    "login": f"guard_{data.module}_{data.name}",
                    "company_id": company.id,
                    "company_ids": [Command.set(company.ids)],
                    "groups_id": [Command.set(cls._user_groups(data.res_id))],
                }
                for data in kobo_groups
            ]
            + [
                {
                    "name": "Guard internal",
                    "login": "guard_internal",
                    "groups_id": [Command.set([cls.env.ref("base.group_user").id])],
                },
                {
                    "name": "Guard portal",
                    "login": "guard_portal",
                    "groups_id": [Command.set([cls.env.ref("base.group_portal").id])],
                },
            ]
        )
        cls.models = [
            cls.env[name]
            for name in sorted(cls.env.registry)
            if not cls.env[name]._abstract
            and not cls.env[name]._transient
            and is_kobo_model(cls.env[name])
            and cls.env[name]._kobo_guard()
        ]

    # ------------------------------------------------------------------ helpers

    @classmethod
    def _user_groups(cls, group_id):
        """The group, with the internal user type unless the group is a portal one."""
        group = cls.env["res.groups"].browse(group_id)
        share = cls.env.ref("base.group_portal") | cls.env.ref("base.group_public")
        if (group | group.trans_implied_ids) & share:
            return group.ids
        return [cls.env.ref("base.group_user").id, group.id]

    def _sample(self, model):
        return model.sudo().with_context(active_test=False).search([], limit=1, order="id desc")

    def _users_who_may(self, model, operation):
        return [user for user in self.users if model.with_user(user).has_access(operation)]

    def _create_vals(self, sample):
        """Values a create of this model can take: the sample's own copy values."""
        (vals,) = sample.copy_data()
        return vals

    def _workflow_cases(self):
        """(model, its newest record or none, field name, field, label, a forged value) for every
        workflow field of every guarded model that a value can be forged for."""
        for model in self.models:
            sample = self._sample(model)
            for name in model._kobo_guard().workflow:
                field = model._fields[name]
                value = forged_value(self.env, field)
                if field.type != "boolean" and not value:
                    continue  # nothing to forge with: the comodel has no record
                yield model, sample, name, field, field._description_string(self.env), value

    def _assert_guard_refuses(self, as_user, name, value, label, what):
        """The guard's own judgment of a value sent and of a ``default_*`` key, whatever else the
        model needs to create a record."""
        self.assertRefused(lambda: as_user._kobo_guard_create([{name: value}]), label, what)
        self.assertRefused(
            lambda: as_user.with_context(**{f"default_{name}": value})._kobo_guard_create([{}]),
            label,
            f"{what} (default_ key)",
        )

    def assertRefused(self, call, label, what, model=None):
        """``call()`` raises in words (with ``label`` when the guard is called directly) and, for
        a create through the model, stores nothing."""
        count = model.sudo().with_context(active_test=False).search_count([]) if model is not None else None
        with self.assertRaises(REFUSED, msg=what) as caught:
            with self.env.cr.savepoint():
                call()
        message = str(caught.exception)
        self.assertTrue(message.strip(), f"{what}: refused without a word")
        if label:
            self.assertIn(label, message, f"{what}: refused for another reason: {message}")
        if model is not None:
            self.assertEqual(model.sudo().with_context(active_test=False).search_count([]), count, what)

    # ------------------------------------------------------------------ tests

    def test_the_walk_finds_the_guarded_models(self):
        names = {model._name for model in self.models}
        # The walk itself must see the guard's declarations, or every test below proves nothing.
        self.assertIn("kobo.workflow.mixin", self.env.registry)
        self.assertTrue(names)
        self.assertTrue(any(model._kobo_guard().workflow for model in self.models))
        self.assertTrue(any(model._kobo_guard().immutable for model in self.models))
        self.assertTrue(any(model._kobo_guard().group_fields for model in self.models))
        self.assertGreaterEqual(len(self.users), 4)

    def test_workflow_fields_refused_at_create_every_way(self):
        tried = 0
        for model, sample, name, _field, label, value in self._workflow_cases():
            for user in self._users_who_may(model, "create"):
                as_user = model.with_user(user)
                what = f"{model._name}.{name} as {user.login}"
                self._assert_guard_refuses(as_user, name, value, label, what)
                if sample:
                    vals = self._create_vals(sample)
                    self.assertRefused(
                        lambda: as_user.create({**vals, name: value}), "", f"{what}: create", model
                    )
                    self.assertRefused(
                        lambda: as_user.with_context(**{f"default_{name}": value}).create(
                            {key: val for key, val in vals.items() if key != name}
                        ),
                        "",
                        f"{what}: default_{name}",
                        model,
                    )
                    if sample.with_user(user).has_access("read"):
                        self.assertRefused(
                            lambda: sample.with_user(user).copy(default={name: value}),
                            "",
                            f"{what}: copy(default=)",
                            model,
                        )
                tried += 1
        self.assertGreater(tried, 0)

    def test_workflow_fields_refused_through_ir_default_import_and_parent(self):
        tried = 0
        for model, sample, name, field, label, value in self._workflow_cases():
            for user in self._users_who_may(model, "create"):
                as_user = model.with_user(user)
                what = f"{model._name}.{name} as {user.login}"
                if field.type in ("char", "selection", "integer", "boolean", "many2one"):
                    # A user's own default for the field (debug mode's "Set Default"): Odoo
                    # lets every internal user write ir.default for themselves.
                    savepoint = self.env.cr.savepoint()
                    self.env["ir.default"].sudo().set(model._name, name, value, user_id=user.id)
                    self.env.registry.clear_cache()
                    self.assertRefused(lambda: as_user._kobo_guard_create([{}]), label, f"{what}: ir.default")
                    savepoint.close(rollback=True)
                    self.env.registry.clear_cache()
                if sample and field.type in ("char", "selection", "integer", "boolean", "many2one"):
                    column = f"{name}/.id" if field.type == "many2one" else name
                    cell = str(value) if not isinstance(value, bool) else ("1" if value else "0")
                    count = as_user.sudo().with_context(active_test=False).search_count([])
                    savepoint = self.env.cr.savepoint()
                    result = as_user.load([column], [[cell]])
                    self.assertFalse(result["ids"], f"{what}: load() created {result['ids']}")
                    self.assertTrue(result["messages"], f"{what}: load() said nothing")
                    savepoint.close(rollback=True)
                    self.assertEqual(as_user.sudo().with_context(active_test=False).search_count([]), count)
                tried += 1
            # One2many commands from a parent: the child's create judges them.
            if not sample:
                continue
            for parent_model, o2m in self._parents(model):
                parent = self._sample(parent_model)
                if not parent:
                    continue
                vals = self._create_vals(sample)
                vals.pop(o2m.inverse_name, None)
                for user in self._users_who_may(parent_model, "write"):
                    if not model.with_user(user).has_access("create"):
                        continue
                    self.assertRefused(
                        lambda parent=parent, o2m=o2m, vals=vals, user=user, name=name, value=value: (
                            parent.with_user(user).write({o2m.name: [Command.create({**vals, name: value})]})
                        ),
                        "",
                        f"{parent_model._name}.{o2m.name} → {model._name}.{name} as {user.login}",
                        model,
                    )
                    tried += 1
        self.assertGreater(tried, 0)

    def _parents(self, model):
        for name in self.env.registry:
            parent_model = self.env[name]
            if parent_model._abstract or parent_model._transient:
                continue
            for field in parent_model._fields.values():
                if (
                    field.type == "one2many"
                    and field.comodel_name == model._name
                    and not field.compute
                    and not field.related
                ):
                    yield parent_model, field

    def test_identity_fields_never_move(self):
        tried = 0
        for model in self.models:
            guard = model._kobo_guard()
            sample = self._sample(model)
            if not sample or not guard.immutable:
                continue
            for name in guard.immutable:
                field = model._fields[name]
                before = sample[name]
                other = forged_value(
                    self.env, field, current=before.id if field.type == "many2one" else before
                )
                for user in self._users_who_may(model, "write"):
                    self.assertRefused(
                        lambda user=user, name=name, other=other: sample.with_user(user).write({name: other}),
                        "",
                        f"{model._name}.{name} moved by {user.login}",
                    )
                    self.assertEqual(sample.sudo()[name], before)
                    tried += 1
                # Saving the same value again (an import of unchanged rows) is not a move.
                sample.sudo().write({name: before.id if field.type == "many2one" else before})
        self.assertGreater(tried, 0)

    def test_restricted_fields_refused_at_create(self):
        tried = 0
        for model in self.models:
            guard = model._kobo_guard()
            sample = self._sample(model)
            for name, field in guard.group_fields.items():
                groups = getattr(field, "kobo_write_groups", None) or field.groups
                label = field._description_string(self.env)
                value = forged_value(self.env, field)
                if field.type != "boolean" and not value:
                    continue  # nothing to forge with: the comodel has no record
                for user in self._users_who_may(model, "create"):
                    if model.with_user(user).env.user.has_groups(groups):
                        continue
                    as_user = model.with_user(user)
                    what = f"{model._name}.{name} ({groups}) created by {user.login}"
                    self._assert_guard_refuses(as_user, name, value, label, what)
                    if sample:
                        vals = self._create_vals(sample)
                        self.assertRefused(lambda: as_user.create({**vals, name: value}), "", what, model)
                    tried += 1
        self.assertGreater(tried, 0)

    def test_nul_characters_refused_in_words(self):
        tried = 0
        for model in self.models:
            sample = self._sample(model)
            names = [
                name
                for name in model._kobo_guard().text_fields
                if model._fields[name].type in ("char", "text")
                and model._fields[name].store
                and not model._fields[name].readonly
                and not model._fields[name].compute
            ]
            if not sample or not names:
                continue
            name = names[0]
            self.assertRefused(
                lambda sample=sample, name=name: sample.sudo().write({name: "A\x00B"}),
                "NUL character",
                f"{model._name}.{name}",
            )
            self.assertRefused(
                lambda model=model, name=name: model.sudo()._kobo_guard_create([{name: "\x00"}]),
                "NUL character",
                f"{model._name}.{name} at create",
            )
            tried += 1
        self.assertGreater(tried, 0)

    def test_files_follow_the_rights_of_what_they_show(self):
        """Every file attached to a Kōbō record (a binary field's, or a plain attachment) is read
        by exactly the users who may read that record and, for a field's file, that field."""
        kobo_models = {
            name
            for name in self.env.registry
            if not self.env[name]._abstract
            and not self.env[name]._transient
            and is_kobo_model(self.env[name])
        }
        Attachment = self.env["ir.attachment"].sudo()
        attachments = Attachment.search(
            [("res_model", "in", sorted(kobo_models)), ("res_id", "!=", 0), ("public", "=", False)],
            order="id desc",
        )
        # A few of each (model, field): enough to try every kind of file the demo has.
        sample = {}
        for attachment in attachments:
            sample.setdefault((attachment.res_model, attachment.res_field), Attachment)
            if len(sample[attachment.res_model, attachment.res_field]) < 2:
                sample[attachment.res_model, attachment.res_field] |= attachment
        tried = 0
        for (model_name, field_name), files in sample.items():
            field = self.env[model_name]._fields.get(field_name) if field_name else None
            for attachment in files:
                record = self.env[model_name].browse(attachment.res_id).exists()
                if not record:
                    continue
                for user in self.users:
                    env = self.env(user=user)
                    # (Odoo serves attachments to internal users only; the portal's pages hand
                    # vendors their files through access-checked controllers.)
                    may_read = (
                        user._is_internal()
                        and record.with_env(env).has_access("read")
                        and (field is None or field.is_accessible(env))
                    )
                    as_user = self.env["ir.attachment"].with_env(env)
                    found = as_user.has_access("read") and as_user.search([("id", "=", attachment.id)])
                    self.assertEqual(
                        bool(found),
                        may_read,
                        f"{attachment.name} of {model_name}.{field_name or '(attachment)'} as {user.login}",
                    )
                    if not may_read:
                        with self.assertRaises(AccessError):
                            attachment.with_env(env).read(["datas"])
                    tried += 1
        self.assertGreater(tried, 0, "the demo has files on Kōbō records")
