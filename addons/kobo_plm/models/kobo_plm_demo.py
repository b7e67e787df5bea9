import base64
import io

from PIL import Image, ImageDraw

from odoo import Command, api, fields, models
from odoo.addons.kobo_base.models.kobo_workflow_mixin import privileged

# Demo only: called from demo/kobo_plm_demo.xml. Builds what is tedious to write as XML (graded
# measurement charts, garment BoMs with per-size and per-colorway lines) through the same
# business methods a user triggers, so the demo also exercises them.

TOPS = [  # POM code, base value at M (cm), grade per size
    ("A01", 68.0, 1.5),
    ("B01", 52.0, 2.5),
    ("B03", 50.0, 2.5),
    ("C01", 44.0, 1.2),
    ("D01", 62.0, 1.0),
    ("D02", 22.0, 1.0),
    ("D03", 18.0, 0.8),
    ("E01", 18.0, 0.5),
    ("E02", 8.0, 0.3),
]
OUTERWEAR = [*TOPS, ("C02", 40.0, 1.0), ("D04", 14.0, 0.5)]
BOTTOMS = [  # base at waist 30
    ("F01", 39.0, 1.3),
    ("F02", 51.0, 1.3),
    ("F03", 27.0, 0.4),
    ("F04", 37.0, 0.5),
    ("F05", 81.0, 0.0),
    ("F06", 31.0, 0.6),
    ("F07", 21.0, 0.4),
    ("F08", 18.0, 0.3),
]
KIDS_TOPS = [("A01", 44.0, 4.0), ("B01", 36.0, 2.0), ("D01", 40.0, 4.0), ("G01", 28.0, 1.5)]
KIDS_BOTTOMS = [("F01", 27.0, 1.5), ("F03", 19.0, 1.0), ("F05", 48.0, 6.0), ("F08", 14.0, 0.5)]

# style xml id: (colour xml ids, main fabric, POM set, fabric consumption at the base size,
#                 trims, stage, number of revisions)
STYLES = {
    "style_merino_crew": (
        ["navy_blazer", "egret", "camel"],
        "merino_jersey",
        TOPS,
        1.10,
        ["main_label", "care_label", "swing_tag", "polybag", "thread"],
        "costing",
        2,
    ),
    "style_linen_shirt": (
        ["egret", "classic_blue", "mocha_mousse"],
        "linen_plain",
        TOPS,
        1.60,
        ["corozo_button", "main_label", "care_label", "swing_tag", "thread"],
        "sampling",
        2,
    ),
    "style_jersey_tee": (
        ["bright_white", "jet_black", "serenity"],
        "organic_jersey",
        TOPS,
        0.95,
        ["main_label", "care_label", "polybag", "thread"],
        "costing",  # the demo approves it for production through the gate
        1,
    ),
    "style_chino_short": (
        ["camel", "jet_black"],
        "cotton_gabardine",
        BOTTOMS,
        0.70,
        ["corozo_button", "main_label", "care_label", "thread"],
        "development",
        1,
    ),
    "style_trench": (
        ["camel", "jet_black", "navy_blazer"],
        "cotton_gabardine",
        OUTERWEAR,
        2.80,
        ["cupro_lining", "corozo_button", "main_label", "care_label", "swing_tag", "thread"],
        "sampling",
        1,
    ),
    "style_kids_hoodie": (
        ["rose_quartz", "illuminating", "serenity"],
        "loopback",
        KIDS_TOPS,
        0.75,
        ["main_label", "care_label", "polybag", "thread"],
        "released",
        1,
    ),
    "style_wool_coat": (
        ["camel", "navy_blazer", "ultimate_gray"],
        "double_wool",
        OUTERWEAR,
        2.60,
        ["corozo_button", "main_label", "care_label", "swing_tag", "thread"],
        "costing",
        2,
    ),
    "style_straight_jean": (
        ["classic_blue", "jet_black"],
        "selvedge_denim",
        BOTTOMS,
        1.45,
        ["jeans_rivet", "main_label", "care_label", "swing_tag", "thread"],
        "sampling",
        1,
    ),
    "style_cable_knit": (
        ["egret", "camel"],
        "merino_jersey",
        TOPS,
        1.60,
        ["corozo_button", "main_label", "care_label", "swing_tag"],
        "development",
        1,
    ),
    "style_flannel_shirt": (
        ["marsala", "ultimate_gray"],
        "flannel",
        TOPS,
        1.70,
        ["corozo_button", "main_label", "care_label", "thread"],
        "dropped",
        1,
    ),
    "style_puffer": (
        ["jet_black", "emerald", "ultimate_gray"],
        "recycled_shell",
        OUTERWEAR,
        2.40,
        ["down_fill", "vislon_zip", "main_label", "care_label", "swing_tag", "thread"],
        "sampling",
        1,
    ),
    "style_kids_cord": (
        ["mocha_mousse", "marsala"],
        "corduroy",
        KIDS_BOTTOMS,
        0.55,
        ["main_label", "care_label", "thread"],
        "concept",
        1,
    ),
}
TRIM_QUANTITIES = {
    "corozo_button": 6,
    "vislon_zip": 1,
    "jeans_rivet": 1,
    "main_label": 1,
    "care_label": 1,
    "swing_tag": 1,
    "polybag": 1,
    "thread": 180,
    "cupro_lining": 1.6,
    "down_fill": 0.18,
}
CARE = {
    "merino_jersey": ["care_w30vm", "care_bx", "care_tdx", "care_df", "care_i1", "care_pp"],
    "organic_jersey": ["care_w40", "care_bo", "care_td1", "care_i2", "care_px"],
    "linen_plain": ["care_w40m", "care_bx", "care_tdx", "care_dl", "care_i3", "care_pp"],
    "cotton_gabardine": ["care_w30m", "care_bx", "care_tdx", "care_dl", "care_i2", "care_pp"],
    "selvedge_denim": ["care_w30", "care_bx", "care_tdx", "care_dl", "care_i2", "care_px"],
    "double_wool": ["care_wx", "care_bx", "care_tdx", "care_i1", "care_pp"],
    "recycled_shell": ["care_w30m", "care_bx", "care_td1", "care_ix", "care_px"],
    "loopback": ["care_w30", "care_bo", "care_td1", "care_i2", "care_px"],
    "flannel": ["care_w40", "care_bo", "care_td1", "care_i2", "care_px"],
    "corduroy": ["care_w30", "care_bx", "care_td1", "care_i2", "care_px"],
}


class KoboPlmDemo(models.AbstractModel):
    _name = "kobo.plm.demo"
    _description = "Kōbō PLM demo builder"

    @api.model
    def _build_demo(self):
        ref = self.env.ref
        for style_xmlid, (colours, fabric, poms, consumption, extras, stage, revisions) in STYLES.items():
            style = ref(f"kobo_plm.{style_xmlid}")
            if colours:
                style.kobo_colorway_ids = [Command.set([ref(f"kobo_plm.color_{c}").id for c in colours])]
            if revisions:
                techpack = self._demo_techpack(style, fabric, poms, consumption, extras)
                if stage not in ("concept", "development", "dropped"):
                    techpack.action_freeze()
                if revisions > 1:
                    second = techpack._copy_as_new_revision()
                    second.change_summary = (
                        "Chest +1 cm at every size after the fit sample; tolerance on body length 1.5 cm."
                    )
                    for line in second.measurement_ids:
                        if line.pom_id.code == "B01":
                            line.base_value += 1.0
                        if line.pom_id.code == "A01":
                            line.tolerance = 1.5
                    if stage == "costing":
                        second.action_freeze()
            # Demo styles are placed straight at their stage: no manager's reason to give.
            privileged(style).kobo_stage = stage
        self._demo_samples()
        self._demo_costing()
        self._demo_sample_orders_and_photos()
        self._demo_time_and_action()
        self._demo_website()
        return True

    def _demo_time_and_action(self):
        """Delivery dates planned back into milestones; some reached by approved samples, some late."""
        ref = self.env.ref
        today = fields.Date.context_today(self)
        deliveries = {
            "style_merino_crew": 120,
            "style_jersey_tee": 100,
            "style_linen_shirt": 130,
            "style_trench": 200,
            "style_wool_coat": 150,
            "style_straight_jean": 160,
            "style_puffer": 140,
        }
        for style_xmlid, days in deliveries.items():
            ref(f"kobo_plm.{style_xmlid}").kobo_delivery_date = fields.Date.add(today, days=days)
        styles = self.env["product.template"].browse([ref(f"kobo_plm.{x}").id for x in deliveries])
        styles.action_kobo_plan_milestones()

    def _demo_sample_orders_and_photos(self):
        """Two samples ordered by the developer (RFQs for purchasing); photos of one sample."""
        ref = self.env.ref
        developer = ref("kobo_plm.user_developer")
        samples = self.env["kobo.sample"].search([], order="id")
        by_style = {sample.style_id: sample for sample in reversed(samples)}
        for style_xmlid in ("style_trench", "style_straight_jean"):
            sample = by_style.get(ref(f"kobo_plm.{style_xmlid}"))
            if (
                sample
                and sample.colorway_value_id
                and sample.state not in ("approved", "approved_changes", "rejected")
            ):
                sample.with_user(developer).action_order_sample()
        linen = by_style.get(ref("kobo_plm.style_linen_shirt"))
        if linen:
            hex_value = linen.colorway_value_id.kobo_color_id.hex_value or "#E8E4D8"
            vendor_contact = ref("kobo_plm.vendor_bellini")
            self.env["kobo.sample.photo"].create(
                [
                    {
                        "sample_id": linen.id,
                        "name": "Front, on the stand",
                        "image_1920": _demo_photo(hex_value, 0),
                    },
                    {
                        "sample_id": linen.id,
                        "name": "Back yoke and pleat",
                        "image_1920": _demo_photo(hex_value, 1),
                    },
                    {
                        "sample_id": linen.id,
                        "name": "Shipped sample, as packed",
                        "image_1920": _demo_photo(hex_value, 2),
                        "partner_id": vendor_contact.id,
                    },
                ]
            )

    def _demo_samples(self):
        """Samples in every state, some late, some with critical points out of tolerance."""
        ref = self.env.ref
        today = fields.Date.context_today(self)
        plan = [
            # style, vendor, round, size, state, days until due, own measurement offset on the critical chest
            ("style_merino_crew", "vendor_costa", "proto", "S", "approved", -40, 0.5),
            ("style_merino_crew", "vendor_costa", "fit", "M", "approved_changes", -20, 1.8),
            ("style_linen_shirt", "vendor_bellini", "fit", "M", "received", -3, 1.6),
            ("style_trench", "vendor_saigon", "proto", "M", "shipped", 4, None),
            ("style_straight_jean", "vendor_anatolia", "fit", "30", "requested", -6, None),
            ("style_wool_coat", "vendor_bellini", "size_set", "L", "acknowledged", 10, None),
            ("style_jersey_tee", "vendor_costa", "pre_production", "M", "approved", -15, 0.2),
            ("style_puffer", "vendor_saigon", "pre_production", "M", "rejected", -12, 2.5),
            ("style_kids_hoodie", "vendor_costa", "top_of_production", "6Y", "draft", 20, None),
            ("style_jersey_tee", "vendor_costa", "size_set", "L", "requested", 6, None),
        ]
        for style_xmlid, vendor, round_type, size_name, state, due_in, offset in plan:
            style = ref(f"kobo_plm.{style_xmlid}").with_context(active_test=False)
            techpack = style.kobo_techpack_ids.filtered(lambda techpack: techpack.state == "frozen").sorted(
                "revision"
            )[:1]
            size = techpack.size_range_id.size_ids.filtered(lambda size, name=size_name: size.name == name)
            sample = self.env["kobo.sample"].create(
                {
                    "techpack_id": techpack.id,
                    "vendor_id": ref(f"kobo_plm.{vendor}").id,
                    "round_type": round_type,
                    "colorway_value_id": style.attribute_line_ids.filtered(
                        lambda line: line.attribute_id == ref("kobo_plm.product_attribute_colour")
                    )
                    .value_ids[:1]
                    .id,
                    "size_id": size.id,
                    "date_due": fields.Date.add(today, days=due_in),
                }
            )
            steps = ["draft", "requested", "acknowledged", "shipped", "received"]
            target = state if state in steps else "received"
            for step, action in zip(
                steps[1:],
                ("action_request", "action_acknowledge", "action_ship", "action_receive"),
                strict=True,
            ):
                if steps.index(target) >= steps.index(step):
                    getattr(sample, action)()
            if offset is not None:
                for line in sample.measurement_ids:
                    line.supplier_value = line.spec_value + (offset if line.critical else 0.3)
                    line.own_value = line.spec_value + (offset if line.critical else 0.2)
                    if state == "approved_changes" and line.critical:
                        line.agreed_value = line.spec_value + 1.0
            if state == "approved":
                sample.action_approve()
            elif state == "rejected":
                sample.action_reject()
            elif state == "approved_changes":
                # The demo's second revisions are the ones these fit samples asked for.
                second = style.kobo_techpack_ids.filtered(lambda techpack: techpack.revision == 2)
                if second:
                    sample._kobo_transition(
                        ("received",), "approved_changes", {"revision_id": second.id, "date_reviewed": today}
                    )
                else:
                    sample.action_approve_with_changes()

    def _demo_techpack(self, style, fabric, poms, consumption, extras):
        ref = self.env.ref
        techpack = self.env["kobo.techpack"].create(
            {
                "style_id": style.id,
                "care_symbol_ids": [
                    Command.set([ref(f"kobo_plm.{code}").id for code in CARE.get(fabric, [])])
                ],
                "care_text": "Wash inside out with similar colours. Reshape while damp.",
                "change_summary": "First specification for the proto sample.",
            }
        )
        self.env["kobo.techpack.measurement"].create(
            [
                {
                    "techpack_id": techpack.id,
                    "sequence": index,
                    "pom_id": ref(f"kobo_plm.pom_{code.lower()}").id,
                    "base_value": base,
                    "grade_increment": grade,
                }
                for index, (code, base, grade) in enumerate(poms)
            ]
        )
        sizes = techpack.size_range_id.size_ids
        base_index = list(sizes).index(techpack.base_size_id) if techpack.base_size_id in sizes else 0
        material = ref(f"kobo_plm.material_{fabric}")
        colour_rows = []
        for value in style.attribute_line_ids.filtered(
            lambda line: line.attribute_id == ref("kobo_plm.product_attribute_colour")
        ).value_ids:
            fabric_variant = material.product_variant_ids.filtered(
                lambda variant, value=value: value.kobo_color_id
                in variant.product_template_attribute_value_ids.product_attribute_value_id.kobo_color_id
            )[:1]
            if fabric_variant:
                colour_rows.append(
                    Command.create({"colorway_value_id": value.id, "product_id": fabric_variant.id})
                )
        lines = [
            {
                "techpack_id": techpack.id,
                "sequence": 1,
                "placement": "body",
                "material_tmpl_id": material.id,
                "consumption_mode": "per_size",
                "consumption_ids": [
                    Command.create(
                        {
                            "size_id": size.id,
                            "quantity": round(consumption * (1 + 0.04 * (i - base_index)), 3),
                        }
                    )
                    for i, size in enumerate(sizes)
                ],
                "colour_mode": "per_colorway",
                "colorway_ids": colour_rows,
            }
        ]
        for sequence, extra in enumerate(extras, start=2):
            trim = ref(f"kobo_plm.material_{extra}")
            lines.append(
                {
                    "techpack_id": techpack.id,
                    "sequence": sequence,
                    "placement": {
                        "lining": "lining",
                        "interlining": "interlining",
                        "label": "label",
                        "packaging": "packaging",
                        "thread": "thread",
                    }.get(trim.kobo_material_type, "trim"),
                    "material_tmpl_id": trim.id,
                    "consumption_mode": "uniform",
                    "quantity": TRIM_QUANTITIES[extra],
                    "colour_mode": "same",
                    "material_product_id": trim.product_variant_ids[:1].id,
                }
            )
        self.env["kobo.garment.bom.line"].create(lines)
        self.env["kobo.techpack.section"].create(
            [
                {
                    "techpack_id": techpack.id,
                    "section_type": "construction",
                    "sequence": 1,
                    "name": "Seams and finishing",
                    "description": "Overlock 4-thread, 12 stitches per 3 cm. Twin-needle hems 2.5 cm.",
                },
                {
                    "techpack_id": techpack.id,
                    "section_type": "label",
                    "sequence": 2,
                    "name": "Label placement",
                    "description": "Main label centred at back neck, 1 cm below the neck seam. "
                    "Care label on the left side seam, 10 cm above hem.",
                },
            ]
        )
        return techpack


def _demo_photo(hex_value, variant):
    """A simple PNG standing for a sample photo: the garment's colour on a studio-grey ground."""
    image = Image.new("RGB", (480, 640), (214, 214, 210))
    draw = ImageDraw.Draw(image)
    colour = tuple(int(hex_value.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4))
    body = [(140, 140), (340, 140), (360 + 20 * variant, 560), (120 - 20 * variant, 560)]
    draw.polygon(body, fill=colour, outline=(60, 60, 60))
    draw.polygon([(140, 140), (60, 330), (95, 345), (150, 220)], fill=colour, outline=(60, 60, 60))
    draw.polygon([(340, 140), (420, 330), (385, 345), (330, 220)], fill=colour, outline=(60, 60, 60))
    draw.ellipse([(205, 115), (275, 165)], fill=(214, 214, 210), outline=(60, 60, 60))
    output = io.BytesIO()
    image.save(output, format="PNG")
    return base64.b64encode(output.getvalue())
