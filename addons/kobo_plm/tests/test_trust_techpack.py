"""Trust: tech packs, garment BoMs and styles hold for every caller, not only in the screens.

Each test is what a user without the right (or a client sending an old context key) could
try over RPC, done over the ORM as that user; a few go through XML-RPC like a script would.
"""

from odoo import Command, fields
from odoo.addons.kobo_base.models.kobo_workflow_mixin import privileged
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import KoboStyleCase

# Context keys that once switched checks off; a client can send any of them.
OLD_BYPASS_KEYS = {
    "kobo_stage_checked": True,
    "kobo_techpack_unlink": True,
    "kobo_bom_sync": True,
    "kobo_privileged": True,
}
# What a published style must not tell a portal or public user.
BRAND_ONLY_STYLE_FIELDS = (
    "kobo_target_cost",
    "kobo_target_retail_price",
    "kobo_main_vendor_id",
    "kobo_duty_rate_id",
    "kobo_cost_sheet_ids",
    "kobo_cost_sheet_count",
    "kobo_production_approved_date",
    "kobo_production_approved_by_id",
    "kobo_production_techpack_id",
    "kobo_techpack_ids",
    "kobo_current_techpack_id",
    "kobo_designer_id",
    "kobo_developer_id",
    "kobo_delivery_date",
    "kobo_milestone_ids",
)


class KoboTrustTechpackCase(KoboStyleCase):
    """A frozen V1 with its spec and garment BoM, a draft V2 copied from it, a vendor each way."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.v1 = cls.env["kobo.techpack"].create({"style_id": cls.style.id})
        cls._add_measurements(cls.v1)
        cls._add_garment_bom(cls.v1)
        cls.v1.with_user(cls.manager).action_freeze()
        cls.v2 = cls.v1._copy_as_new_revision()
        cls.mrp_manager = cls._create_user("kt_mrp_manager", ["mrp.group_mrp_manager"])
        Partner = cls.env["res.partner"]
        cls.vendor_a = Partner.create({"name": "KT Knit Mill", "is_company": True, "supplier_rank": 1})
        cls.vendor_b = Partner.create({"name": "KT Woven Works", "is_company": True, "supplier_rank": 1})
        contact = Partner.create({"name": "Rui", "parent_id": cls.vendor_a.id, "email": "rui@example.com"})
        cls.supplier_a = new_test_user(
            cls.env,
            "kt_trust_supplier_a",
            groups="kobo_plm.group_kobo_plm_supplier",
            password="kt_trust_supplier_a",
            partner_id=contact.id,
        )
        cls.v1._kobo_share_with_vendors(cls.vendor_a | cls.vendor_b)


@tagged("post_install", "-at_install")
class TestTrustTechpack(KoboTrustTechpackCase):
    # ------------------------------------------------------------------ workflow fields

    def test_a_plm_user_cannot_freeze_by_writing_the_state(self):
        draft = self._new_techpack(
            style=self.env["product.template"].create(
                {"name": "KT Empty", "kobo_is_style": True, "kobo_size_range_id": self.size_range.id}
            )
        )
        for vals in (
            {"state": "frozen"},
            {"frozen_date": fields.Datetime.now()},
            {"frozen_by_id": self.designer.id},
            {"bom_id": self.v1.bom_id.id},
            {"previous_id": self.v1.id},
        ):
            with self.assertRaisesMessage(AccessError, "can only be changed through the workflow's buttons"):
                draft.with_user(self.designer).with_context(**OLD_BYPASS_KEYS).write(vals)
        self.assertEqual(
            (draft.state, draft.frozen_by_id, draft.previous_id),
            ("draft", self.env["res.users"], self.env["kobo.techpack"]),
        )
        with self.assertRaisesMessage(
            AccessError, "State can only be changed through the workflow's buttons"
        ):
            self.env["kobo.techpack"].with_user(self.designer).create(
                {"style_id": draft.style_id.id, "state": "frozen"}
            )
        # The action checks what writing the state skipped: the group, then the spec.
        with self.assertRaisesMessage(UserError, "Only PLM managers freeze tech packs"):
            draft.with_user(self.designer).action_freeze()
        with self.assertRaisesMessage(UserError, "has no measurements"):
            draft.with_user(self.manager).action_freeze()
        self.assertEqual(draft.state, "draft")

    def test_a_draft_cannot_take_over_a_frozen_revisions_bom(self):
        # Its resync would rewrite the frozen revision's manufacturing BoM.
        lines = self.v1.bom_id.bom_line_ids
        with self.assertRaises(AccessError):
            self.v2.with_user(self.designer).write({"bom_id": self.v1.bom_id.id})
        self.assertEqual(self.v1.bom_id.bom_line_ids, lines)

    def test_per_size_line_without_sizes_is_not_frozen(self):
        self.env["kobo.garment.bom.line"].with_user(self.designer).create(
            {
                "techpack_id": self.v2.id,
                "placement": "lining",
                "material_tmpl_id": self.patch.id,
                "consumption_mode": "per_size",
                "colour_mode": "same",
            }
        )
        with self.assertRaisesMessage(
            UserError,
            "KT-001 V2 cannot be frozen: Lining line KT Elbow Patch is consumed per size but lists "
            "no size: no manufacturing order would get it.",
        ):
            self.v2.with_user(self.manager).action_freeze()
        self.assertEqual(self.v2.state, "draft")

    # ------------------------------------------------------------------ old context keys

    def test_old_context_keys_unlock_no_line_of_a_frozen_revision(self):
        designer = self.env(user=self.designer, context=dict(self.env.context, **OLD_BYPASS_KEYS))
        for model, records in (
            ("kobo.techpack.measurement", self.v1.measurement_ids),
            ("kobo.techpack.measurement.value", self.v1.measurement_ids.value_ids),
            ("kobo.garment.bom.line", self.v1.garment_line_ids),
            ("kobo.garment.bom.consumption", self.v1.garment_line_ids.consumption_ids),
            ("kobo.garment.bom.colorway", self.v1.garment_line_ids.colorway_ids),
        ):
            with self.subTest(model=model), self.assertRaisesMessage(UserError, "KT-001 V1 is frozen"):
                designer[model].browse(records[:1].ids).unlink()
        with self.assertRaisesMessage(UserError, "KT-001 V1 is frozen"):
            designer["kobo.techpack.measurement"].browse(self.v1.measurement_ids[:1].ids).base_value = 99
        self.assertEqual(len(self.v1.measurement_ids), 3)
        self.assertEqual(self.v1.measurement_ids[0].base_value, 56.0)

    def test_old_context_keys_unlock_nothing_of_a_frozen_revisions_bom(self):
        mrp = self.env(user=self.mrp_manager, context=dict(self.env.context, **OLD_BYPASS_KEYS))
        bom = mrp["mrp.bom"].browse(self.v1.bom_id.id)
        line = bom.bom_line_ids[:1]
        quantity = line.product_qty
        with self.assertRaisesMessage(UserError, "KT-001 V1 is frozen"):
            line.product_qty = quantity + 1
        with self.assertRaisesMessage(UserError, "KT-001 V1 is frozen"):
            line.unlink()
        with self.assertRaisesMessage(UserError, "KT-001 V1 is frozen"):
            bom.product_qty = 2
        with self.assertRaisesMessage(UserError, "KT-001 V1 is frozen"):
            bom.unlink()
        self.assertEqual(self.v1.bom_id.bom_line_ids[:1].product_qty, quantity)

    def test_generated_bom_lines_of_a_draft_follow_only_the_tech_pack(self):
        mrp = self.env(user=self.mrp_manager, context=dict(self.env.context, **OLD_BYPASS_KEYS))
        line = mrp["mrp.bom.line"].browse(self.v2.bom_id.bom_line_ids[:1].ids)
        with self.assertRaisesMessage(UserError, "change it there, in KT-001 V2"):
            line.product_qty = 42
        with self.assertRaisesMessage(UserError, "KT-001 V1 is frozen"):
            line.bom_id = self.v1.bom_id.id

    # ------------------------------------------------------------------ lines moved in

    def test_no_line_moves_into_a_frozen_revision(self):
        Measurement = self.env["kobo.techpack.measurement"].with_user(self.designer)
        pom = self.env["kobo.pom"].create({"code": "KT-E01", "name": "Hem width", "tolerance": 1.0})
        measurement = Measurement.create({"techpack_id": self.v2.id, "pom_id": pom.id, "base_value": 50})
        section = (
            self.env["kobo.techpack.section"]
            .with_user(self.designer)
            .create({"techpack_id": self.v2.id, "name": "Pocket"})
        )
        fabric_line = self.v2.garment_line_ids.filtered(lambda line: line.material_tmpl_id == self.fabric)
        frozen_fabric_line = self.v1.garment_line_ids.filtered(
            lambda line: line.material_tmpl_id == self.fabric
        )
        frozen_patch_line = self.v1.garment_line_ids.filtered(
            lambda line: line.material_tmpl_id == self.patch
        )
        moves = [
            (measurement, {"techpack_id": self.v1.id}),
            (measurement.value_ids[:1], {"measurement_id": self.v1.measurement_ids[0].id}),
            (section, {"techpack_id": self.v1.id}),
            (self.v2.garment_line_ids[:1], {"techpack_id": self.v1.id}),
            (fabric_line.consumption_ids[:1], {"line_id": frozen_patch_line.id}),
            (fabric_line.colorway_ids[:1], {"line_id": frozen_fabric_line.id}),
        ]
        for records, vals in moves:
            with (
                self.subTest(model=records._name),
                self.assertRaisesMessage(UserError, "KT-001 V1 is frozen: it cannot be changed"),
            ):
                records.with_user(self.designer).write(vals)
        self.assertEqual(len(self.v1.measurement_ids), 3)
        self.assertEqual(measurement.techpack_id, self.v2)
        self.assertFalse(self.v1.section_ids)

    def test_a_line_moved_between_drafts_resyncs_both_boms(self):
        other_style = self.env["product.template"].create(
            {"name": "KT Twin", "kobo_is_style": True, "kobo_size_range_id": self.size_range.id}
        )
        other = self._new_techpack(style=other_style)
        button = self.v2.garment_line_ids.filtered(lambda line: line.material_tmpl_id == self.button)
        button.with_user(self.designer).techpack_id = other
        self.assertNotIn(self.button.product_variant_id, self.v2.bom_id.bom_line_ids.product_id)
        self.assertIn(self.button.product_variant_id, other.bom_id.bom_line_ids.product_id)

    # ------------------------------------------------------------------ numbers

    def test_nan_and_infinity_are_refused_with_the_field_named(self):
        nan, inf = float("nan"), float("inf")
        measurement = self.v2.measurement_ids[0].with_user(self.designer)
        line = self.v2.garment_line_ids.filtered(lambda line: line.consumption_mode == "uniform")
        cases = [
            (measurement, {"base_value": nan}, "Base Size Value: nan is not a number"),
            (measurement, {"grade_increment": inf}, "Grade Increment: inf is not a number"),
            (measurement, {"tolerance": -inf}, r"Tolerance \(±\): -inf is not a number"),
            (measurement.value_ids[:1], {"override_value": nan}, "Override Value: nan is not a number"),
            (measurement.value_ids[:1], {"grade": inf}, "Grade: inf is not a number"),
            (line.with_user(self.designer), {"quantity": nan}, "Consumption: nan is not a number"),
            (
                self.v2.garment_line_ids.consumption_ids[:1].with_user(self.designer),
                {"quantity": inf},
                "Consumption: inf is not a number",
            ),
        ]
        for records, vals, message in cases:
            with self.subTest(vals=vals), self.assertRaisesMessage(ValidationError, message):
                records.write(vals)
        with self.assertRaisesMessage(ValidationError, "Consumption: nan is not a number"):
            self.env["kobo.garment.bom.line"].with_user(self.designer).create(
                {
                    "techpack_id": self.v2.id,
                    "material_tmpl_id": self.button.id,
                    "consumption_mode": "per_size",
                    "consumption_ids": [Command.create({"size_id": self.sizes["M"].id, "quantity": nan})],
                }
            )
        self.assertEqual(measurement.base_value, 56.0)

    # ------------------------------------------------------------------ vendors

    def test_a_vendor_cannot_learn_which_other_vendors_hold_a_revision(self):
        Techpack = self.env["kobo.techpack"].with_user(self.supplier_a)
        # The record rule on the field still works for the vendor...
        self.assertEqual(Techpack.search([]), self.v1)
        self.assertEqual(Techpack.search_count([("name", "=", "V1")]), 1)
        # ...but the vendor can neither filter, group nor read on it.
        for domain in (
            [("shared_vendor_ids", "in", [self.vendor_b.id])],
            [("shared_vendor_ids.name", "ilike", "Woven")],
            ["|", ("name", "=", "V9"), ("acknowledgement_ids.partner_id", "=", self.vendor_b.id)],
            # The chatter is searched without record rules: its tracking names the vendors.
            [("message_ids.tracking_value_ids.new_value_char", "ilike", "Woven")],
            [("message_partner_ids", "in", [self.vendor_b.id])],
        ):
            with (
                self.subTest(domain=domain),
                self.assertRaisesMessage(AccessError, "Only the brand's PLM users search or group"),
            ):
                Techpack.search_count(domain)
        with self.assertRaises(AccessError):
            Techpack.read_group([], ["__count"], ["shared_vendor_ids"])
        for field in ("shared_vendor_ids", "acknowledgement_ids"):
            with self.subTest(field=field), self.assertRaises(AccessError):
                self.v1.with_user(self.supplier_a).read([field])
        self.assertEqual(self.v1.with_user(self.supplier_a).read(["name"])[0]["name"], "V1")
        # Acknowledging (through the portal, in sudo) still sees who the revision is shared with.
        acknowledgement = self.v1.with_user(self.supplier_a).sudo()._kobo_supplier_acknowledge()
        self.assertEqual(acknowledgement.partner_id, self.vendor_a)

    # ------------------------------------------------------------------ styles

    def test_a_designer_cannot_stamp_a_production_approval(self):
        style = self.style.with_user(self.designer).with_context(**OLD_BYPASS_KEYS)
        for vals in (
            {"kobo_production_approved_by_id": self.designer.id},
            {"kobo_production_approved_date": fields.Datetime.now()},
            {"kobo_production_techpack_id": self.v1.id},
        ):
            with self.assertRaisesMessage(AccessError, "can only be set by Approve for Production"):
                style.write(vals)
        with self.assertRaisesMessage(AccessError, "Approved for Production by can only be set"):
            self.env["product.template"].with_user(self.designer).create(
                {
                    "name": "KT Forged",
                    "kobo_is_style": True,
                    "kobo_production_approved_by_id": self.designer.id,
                }
            )
        self.assertFalse(self.style.kobo_production_approved_by_id)
        self.assertFalse(self.style.kobo_production_techpack_id)

    def test_a_designer_cannot_release_a_style_with_an_old_context_key(self):
        style = self.style.with_user(self.designer)
        style.action_kobo_next_stage()
        self.assertEqual(style.kobo_stage, "development")
        with self.assertRaisesMessage(UserError, "from Development to Released needs a PLM manager"):
            style.with_context(**OLD_BYPASS_KEYS).write({"kobo_stage": "released"})
        with self.assertRaisesMessage(UserError, "only a PLM manager creates it further on"):
            self.env["product.template"].with_user(self.designer).with_context(**OLD_BYPASS_KEYS).create(
                {"name": "KT Released", "kobo_is_style": True, "kobo_stage": "released"}
            )
        self.assertEqual(self.style.kobo_stage, "development")
        # The stage wizard checks the same rules itself: a designer cannot use it to skip.
        wizard = (
            self.env["kobo.style.stage.wizard"]
            .with_user(self.designer)
            .create({"style_ids": [Command.set(self.style.ids)], "new_stage": "released", "reason": "Hurry"})
        )
        with self.assertRaisesMessage(UserError, "needs a PLM manager"):
            wizard.action_apply()
        self.assertEqual(self.style.kobo_stage, "development")

    def test_nan_in_composition_and_material_measures_is_refused(self):
        with self.assertRaisesMessage(ValidationError, "Percentage: nan is not a number"):
            self.env["product.template"].with_user(self.designer).create(
                {
                    "name": "KT NaN Jersey",
                    "kobo_material_type": "fabric",
                    "kobo_composition_ids": [Command.create({"fibre": "cotton", "percentage": float("nan")})],
                }
            )
        for field, label in (
            ("kobo_weight_gsm", r"Weight \(g/m²\)"),
            ("kobo_width_cm", r"Usable Width \(cm\)"),
            ("kobo_shrinkage", r"Shrinkage \(%\)"),
        ):
            with self.subTest(field=field), self.assertRaisesMessage(ValidationError, f"{label}: inf is not"):
                self.fabric.with_user(self.designer).write({field: float("inf")})
        with self.assertRaisesMessage(ValidationError, "Percentage: -inf is not a number"):
            self.fabric.kobo_composition_ids.with_user(self.designer).write({"percentage": float("-inf")})

    def test_brand_economics_of_a_style_are_not_readable_by_portal_users(self):
        portal_env = self.env(user=self.supplier_a)
        for model in ("product.template", "product.product"):
            Model = portal_env[model]
            for field in BRAND_ONLY_STYLE_FIELDS:
                with self.subTest(model=model, field=field), self.assertRaises(AccessError):
                    Model.check_field_access_rights("read", [field])
            # What a shop shows stays readable.
            Model.check_field_access_rights("read", ["name", "list_price", "kobo_style_number"])
        # The brand's own people still read them.
        self.assertEqual(
            self.style.with_user(self.designer).read(["kobo_target_cost"])[0]["kobo_target_cost"], 0.0
        )


@tagged("post_install", "-at_install")
class TestTrustPublishedStyle(KoboStyleCase, HttpCase):
    """With the shop installed (kobo_syndication brings website_sale), a published style."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if "website_published" not in cls.env["product.template"]._fields:
            return
        # Published as the web shop's own path does (with kobo_syndication, a brand with a web
        # shop channel publishes through its listing: Odoo's Publish button is refused).
        privileged(cls.style).write({"website_published": True})
        cls.style.write(
            {
                "sale_ok": True,
                "list_price": 120.0,
                "kobo_target_cost": 31.5,
                "kobo_target_retail_price": 129.0,
            }
        )
        cls.portal = new_test_user(
            cls.env, "kt_trust_portal", groups="base.group_portal", password="kt_trust_portal"
        )

    def setUp(self):
        super().setUp()
        if "website_published" not in self.env["product.template"]._fields:
            self.skipTest("needs website_sale (installed with kobo_syndication)")

    def test_portal_and_public_users_read_the_shop_fields_not_the_brands(self):
        public = self.env.ref("base.public_user")
        for user in (self.portal, public):
            style = self.style.with_user(user)
            self.assertEqual(style.read(["name", "list_price"])[0]["list_price"], 120.0)
            variant = style.product_variant_ids[:1]
            for field in BRAND_ONLY_STYLE_FIELDS:
                with self.subTest(user=user.login, field=field), self.assertRaises(AccessError):
                    style.read([field])
                with self.subTest(user=user.login, variant_field=field), self.assertRaises(AccessError):
                    variant.read([field])

    def test_the_shop_page_of_a_style_renders_for_a_visitor(self):
        # Nothing in Odoo's product page reads a field of the brand's (it would fail as public).
        response = self.url_open(f"/shop/{self.style.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn("KT Chore Jacket", response.text)


@tagged("post_install", "-at_install")
class TestTrustTechpackRpc(KoboTrustTechpackCase, HttpCase):
    """The same refusals through XML-RPC, as a script would send them."""

    def _call(self, user, model, method, *args, **kwargs):
        return self.xmlrpc_object.execute_kw(
            self.env.cr.dbname, user.id, user.login, model, method, list(args), kwargs
        )

    def _refused(self, user, model, method, *args, **kwargs):
        with mute_logger("odoo.http", "odoo.service.model"), self.assertRaises(Exception) as caught:
            self._call(user, model, method, *args, **kwargs)
        return str(caught.exception)

    def test_forged_states_stamps_and_old_keys_change_nothing(self):
        message = self._refused(
            self.designer,
            "kobo.techpack",
            "write",
            [self.v2.id],
            {"state": "frozen"},
            context=OLD_BYPASS_KEYS,
        )
        self.assertIn("can only be changed through the workflow's buttons", message)
        message = self._refused(
            self.designer,
            "product.template",
            "write",
            [self.style.id],
            {"kobo_production_approved_by_id": self.designer.id},
            context=OLD_BYPASS_KEYS,
        )
        self.assertIn("can only be set by Approve for Production", message)
        message = self._refused(
            self.designer,
            "product.template",
            "write",
            [self.style.id],
            {"kobo_stage": "released"},
            context=OLD_BYPASS_KEYS,
        )
        self.assertIn("needs a PLM manager", message)
        message = self._refused(
            self.manager,
            "kobo.techpack.measurement",
            "unlink",
            self.v1.measurement_ids[:1].ids,
            context=OLD_BYPASS_KEYS,
        )
        self.assertIn("KT-001 V1 is frozen", message)
        message = self._refused(
            self.supplier_a,
            "kobo.techpack",
            "search_count",
            [("shared_vendor_ids", "in", [self.vendor_b.id])],
        )
        self.assertIn(
            "Only the brand's PLM users search or group tech pack revisions by Shared with Vendors", message
        )
        self.env.invalidate_all()
        self.assertEqual(self.v2.state, "draft")
        self.assertEqual(self.style.kobo_stage, "concept")
        self.assertFalse(self.style.kobo_production_approved_by_id)
        self.assertEqual(len(self.v1.measurement_ids), 3)
