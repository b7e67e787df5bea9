from contextlib import contextmanager

from odoo import Command
from odoo.tests import TransactionCase, new_test_user


class KoboPlmCase(TransactionCase):
    """Shared data: a designer (PLM user), a merchandiser (PLM manager), a season, a colour."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True, mail_create_nolog=True))
        cls.designer = new_test_user(
            cls.env,
            "kobo_designer",
            groups="base.group_user,kobo_plm.group_kobo_plm_user",
            password="kobo_designer",
        )
        cls.manager = new_test_user(
            cls.env,
            "kobo_manager",
            groups="base.group_user,kobo_plm.group_kobo_plm_manager",
            password="kobo_manager",
        )
        cls.season = cls.env["kobo.season"].create({"name": "Test Season 2027", "code": "TS27"})
        cls.navy = cls.env["kobo.color"].create(
            {
                "name": "Test Navy",
                "standard": "custom",
                "code": "KT-NAVY",
                "hex_value": "#1f2a44",
                "family": "blue",
            }
        )

    @contextmanager
    def assertRaisesMessage(self, exception, pattern):
        """Odoo's assertRaises (which rolls back to a savepoint, as a failed request rolls back
        its transaction) that also checks the message a user would read."""
        with self.assertRaises(exception) as caught:
            yield caught
        self.assertRegex(str(caught.exception), pattern)

    def _queries(self, function):
        """How many queries `function` makes, caches cold and pending writes flushed."""
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        function()
        self.env.flush_all()
        return self.cr.sql_log_count - before

    @classmethod
    def _create_user(cls, login, group_xmlids):
        groups = [cls.env.ref(xmlid).id for xmlid in group_xmlids]
        return (
            cls.env["res.users"]
            .with_context(no_reset_password=True)
            .create(
                {
                    "name": login.replace("_", " ").title(),
                    "login": login,
                    "password": login,
                    "email": f"{login}@example.com",
                    "groups_id": [Command.set([cls.env.ref("base.group_user").id, *groups])],
                }
            )
        )


class KoboStyleCase(KoboPlmCase):
    """A 3 colorway × 5 size style, a fabric dyed in those colours, a trim, and POMs."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Color = cls.env["kobo.color"]
        cls.colors = Color.create(
            [
                {
                    "name": "KT Ink",
                    "standard": "custom",
                    "code": "KT-INK",
                    "hex_value": "#222B3A",
                    "family": "blue",
                },
                {
                    "name": "KT Chalk",
                    "standard": "custom",
                    "code": "KT-CHALK",
                    "hex_value": "#F1EDE4",
                    "family": "white",
                },
                {
                    "name": "KT Rust",
                    "standard": "custom",
                    "code": "KT-RUST",
                    "hex_value": "#A0452B",
                    "family": "orange",
                },
            ]
        )
        cls.ink, cls.chalk, cls.rust = cls.colors
        cls.size_range = cls.env["kobo.size.range"].create(
            {
                "name": "KT alpha XS–XL",
                "size_ids": [
                    Command.create({"name": name, "sequence": seq})
                    for seq, name in enumerate(["XS", "S", "M", "L", "XL"], 1)
                ],
            }
        )
        cls.size_range.base_size_id = cls.size_range.size_ids.filtered(lambda size: size.name == "M")
        cls.sizes = {size.name: size for size in cls.size_range.size_ids}
        cls.fabric = cls.env["product.template"].create(
            {
                "name": "KT Twill",
                "kobo_material_type": "fabric",
                "is_storable": True,
                "uom_id": cls.env.ref("uom.product_uom_meter").id,
                "uom_po_id": cls.env.ref("uom.product_uom_meter").id,
                "kobo_composition_ids": [Command.create({"fibre": "cotton", "percentage": 100})],
            }
        )
        cls.fabric.kobo_colorway_ids = [Command.set(cls.colors.ids)]
        cls.fabric_by_color = {
            variant.product_template_attribute_value_ids.product_attribute_value_id.kobo_color_id: variant
            for variant in cls.fabric.product_variant_ids
        }
        cls.button = cls.env["product.template"].create(
            {"name": "KT Button", "kobo_material_type": "trim", "is_storable": True}
        )
        cls.patch = cls.env["product.template"].create(
            {"name": "KT Elbow Patch", "kobo_material_type": "trim", "is_storable": True}
        )
        cls.poms = cls.env["kobo.pom"].create(
            [
                {"code": "KT-B01", "name": "Chest width", "tolerance": 1.0, "critical": True},
                {"code": "KT-A01", "name": "Body length", "tolerance": 1.0},
                {"code": "KT-D01", "name": "Sleeve length", "tolerance": 0.5},
            ]
        )
        cls.style = cls.env["product.template"].create(
            {
                "name": "KT Chore Jacket",
                "kobo_style_number": "KT-001",
                "kobo_is_style": True,
                "is_storable": True,
                "kobo_season_id": cls.season.id,
                "kobo_size_range_id": cls.size_range.id,
            }
        )
        cls.style.kobo_colorway_ids = [Command.set(cls.colors.ids)]

    @classmethod
    def _colorway_value(cls, color):
        return cls.style.attribute_line_ids.value_ids.filtered(lambda value: value.kobo_color_id == color)

    def _new_techpack(self, style=None, user=None):
        techpack = (
            self.env["kobo.techpack"]
            .with_user(user or self.designer)
            .create({"style_id": (style or self.style).id})
        )
        return techpack

    @classmethod
    def _add_measurements(cls, techpack, spec=None):
        """Chest 56 (+2), length 70 (+1.5), sleeve 64 (+1) at the base size, unless told otherwise."""
        spec = spec or [(cls.poms[0], 56.0, 2.0), (cls.poms[1], 70.0, 1.5), (cls.poms[2], 64.0, 1.0)]
        return (
            cls.env["kobo.techpack.measurement"]
            .with_user(cls.designer)
            .create(
                [
                    {
                        "techpack_id": techpack.id,
                        "sequence": i,
                        "pom_id": pom.id,
                        "base_value": base,
                        "grade_increment": grade,
                    }
                    for i, (pom, base, grade) in enumerate(spec)
                ]
            )
        )

    @classmethod
    def _add_garment_bom(cls, techpack):
        """Fabric per colorway with per-size consumption, buttons for all, patches only on L and XL."""
        consumption = {"XS": 1.80, "S": 1.90, "M": 2.00, "L": 2.15, "XL": 2.30}
        return (
            cls.env["kobo.garment.bom.line"]
            .with_user(cls.designer)
            .create(
                [
                    {
                        "techpack_id": techpack.id,
                        "placement": "body",
                        "material_tmpl_id": cls.fabric.id,
                        "consumption_mode": "per_size",
                        "consumption_ids": [
                            Command.create({"size_id": cls.sizes[name].id, "quantity": qty})
                            for name, qty in consumption.items()
                        ],
                        "colour_mode": "per_colorway",
                        "colorway_ids": [
                            Command.create(
                                {
                                    "colorway_value_id": cls._colorway_value(color).id,
                                    "product_id": cls.fabric_by_color[color].id,
                                }
                            )
                            for color in cls.colors
                        ],
                    },
                    {
                        "techpack_id": techpack.id,
                        "placement": "trim",
                        "material_tmpl_id": cls.button.id,
                        "consumption_mode": "uniform",
                        "quantity": 5,
                        "colour_mode": "same",
                    },
                    {
                        "techpack_id": techpack.id,
                        "placement": "trim",
                        "material_tmpl_id": cls.patch.id,
                        "consumption_mode": "per_size",
                        "consumption_ids": [
                            Command.create({"size_id": cls.sizes["L"].id, "quantity": 2}),
                            Command.create({"size_id": cls.sizes["XL"].id, "quantity": 2}),
                        ],
                        "colour_mode": "same",
                    },
                ]
            )
        )
