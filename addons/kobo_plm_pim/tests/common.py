import base64

from odoo import Command, fields
from odoo.addons.kobo_base.models.kobo_workflow_mixin import privileged
from odoo.tests import TransactionCase, new_test_user
from odoo.tools import file_open


def demo_image(name):
    with file_open(f"kobo_plm/static/src/img/demo/{name}.png", "rb") as image:
        return base64.b64encode(image.read())


class HandoffCase(TransactionCase):
    """Styles as development leaves them: tech pack with measurements, care and a BoM of certified
    fabrics, colorways from the library, an approved cost sheet, an approved sample's photo."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True, mail_create_nolog=True))
        env = cls.env
        env["res.lang"]._activate_lang("fr_FR")
        # The gate's sample rounds are kobo_plm's concern: here a style needs none.
        env.company.kobo_required_sample_round_ids = False
        cls.plm_manager = new_test_user(
            env, "handoff_plm_manager", groups="base.group_user,kobo_plm.group_kobo_plm_manager"
        )
        cls.plm_user = new_test_user(
            env, "handoff_plm_user", groups="base.group_user,kobo_plm.group_kobo_plm_user"
        )
        cls.catalogue_user = new_test_user(
            env, "handoff_catalogue", groups="base.group_user,kobo_pim.group_kobo_pim_user"
        )
        cls.portugal = env.ref("base.pt")
        cls.vendor = env["res.partner"].create(
            {"name": "Handoff Mill", "is_company": True, "supplier_rank": 1, "country_id": cls.portugal.id}
        )
        cls.season = env["kobo.season"].create({"name": "Autumn-Winter 2027", "code": "HO-AW27"})
        cls.sizes = env["kobo.size.range"].create(
            {
                "name": "Handoff S-M",
                "size_ids": [
                    Command.create({"name": "S", "sequence": 1}),
                    Command.create({"name": "M", "sequence": 2}),
                ],
            }
        )
        cls.sizes.base_size_id = cls.sizes.size_ids[0]
        cls.chest = env["kobo.pom"].create({"code": "HO-B01", "name": "Chest width"})
        cls.chest.with_context(lang="fr_FR").name = "Largeur poitrine"
        cls.navy = env["kobo.color"].create(
            {"name": "Handoff Navy", "code": "HO-19-4052", "hex_value": "#1F2A44", "family": "blue"}
        )
        cls.navy.with_context(lang="fr_FR").name = "Marine"
        cls.shell = cls._material("Handoff twill", "fabric", [("cotton", 95), ("elastane", 5)])
        cls.lining = cls._material("Handoff lining", "lining", [("cupro", 100)])
        env["kobo.material.certification"].create(
            {
                "product_tmpl_id": cls.shell.id,
                "standard": "gots",
                "certificate_number": "CU-815",
                "expiry_date": fields.Date.add(fields.Date.today(), years=1),
            }
        )
        cls.care_symbols = env.ref("kobo_plm.care_w30") | env.ref("kobo_plm.care_bx")
        cls.wholesale_eur = env["product.pricelist"].create(
            {"name": "Handoff wholesale", "currency_id": env.company.currency_id.id}
        )
        cls.retailer = env["kobo.channel"].create(
            {
                "name": "Handoff department store",
                "code": "handoff_retailer",
                "channel_type": "retailer",
                "pricelist_id": cls.wholesale_eur.id,
            }
        )

    @classmethod
    def _material(cls, name, material_type, fibres):
        return cls.env["product.template"].create(
            {
                "name": name,
                "kobo_material_type": material_type,
                "kobo_composition_ids": [
                    Command.create({"fibre": fibre, "percentage": percentage}) for fibre, percentage in fibres
                ],
            }
        )

    @classmethod
    def _styles(cls, count, prefix="HO"):
        """`count` styles ready for production approval, everything development gives built in batch."""
        env = cls.env
        styles = env["product.template"].create(
            [
                {
                    "name": f"Handoff jacket {n}",
                    "kobo_style_number": f"{prefix}-{n:03d}",
                    "kobo_is_style": True,
                    "kobo_size_range_id": cls.sizes.id,
                    "kobo_season_id": cls.season.id,
                    "kobo_stage": "costing",
                    "image_1920": demo_image("style_puffer"),
                }
                for n in range(count)
            ]
        )
        for style in styles:  # one at a time: kobo_plm's inverse keeps only the first of a batch
            style.kobo_colorway_ids = [Command.set(cls.navy.ids)]
        techpacks = env["kobo.techpack"].create(
            [
                {
                    "style_id": style.id,
                    "care_symbol_ids": [Command.set(cls.care_symbols.ids)],
                    "care_text": "Wash inside out.",
                }
                for style in styles
            ]
        )
        for techpack in techpacks:
            techpack.with_context(lang="fr_FR").care_text = "Laver sur l'envers."
        env["kobo.techpack.measurement"].create(
            [
                {
                    "techpack_id": techpack.id,
                    "pom_id": cls.chest.id,
                    "base_value": 52.0,
                    "grade_increment": 2.0,
                }
                for techpack in techpacks
            ]
        )
        env["kobo.garment.bom.line"].create(
            [
                {
                    "techpack_id": techpack.id,
                    "material_tmpl_id": material.id,
                    "quantity": 1,
                    "placement": placement,
                }
                for techpack in techpacks
                for material, placement in ((cls.shell, "body"), (cls.lining, "lining"))
            ]
        )
        privileged(techpacks).write({"state": "frozen"})
        samples = privileged(env["kobo.sample"]).create(
            [
                {
                    "techpack_id": techpack.id,
                    "vendor_id": cls.vendor.id,
                    "round_type": "pre_production",
                    "size_id": cls.sizes.size_ids[0].id,
                    "colorway_value_id": techpack.style_id.attribute_line_ids.value_ids.filtered(
                        "kobo_color_id"
                    ).id,
                    "state": "approved",
                }
                for techpack in techpacks
            ]
        )
        env["kobo.sample.photo"].create(
            [
                {
                    "sample_id": sample.id,
                    "name": "Front, on the stand",
                    "image_1920": demo_image("style_jersey_tee"),
                }
                for sample in samples
            ]
        )
        sheets = env["kobo.cost.sheet"].create(
            [
                {
                    "style_id": style.id,
                    "vendor_id": cls.vendor.id,
                    "line_ids": [
                        Command.create({"line_type": "operation", "name": "CMT", "unit_price": 8.0})
                    ],
                }
                for style in styles
            ]
        )
        sheets.action_submit()
        for sheet in sheets:
            sheet.action_approve()
        return styles
