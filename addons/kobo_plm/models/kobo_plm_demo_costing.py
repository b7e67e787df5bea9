from odoo import Command, fields, models


class KoboPlmDemo(models.AbstractModel):
    """Demo costing: tariff lines, targets, competing quotes, one style through the gate."""

    _inherit = "kobo.plm.demo"

    def _demo_costing(self):
        """Tariff lines and targets, competing quotes, an approved sheet, one style through the gate.

        The wool coat is left ready for a manager to click *Approve for Production*.
        """
        ref = self.env.ref
        today = fields.Date.context_today(self)
        targets = {
            # style: (tariff line, target landed cost, target retail) in company currency
            "style_jersey_tee": ("duty_6109_10", 10.5, 45.0),
            "style_merino_crew": ("duty_6110_11", 34.0, 199.0),
            "style_linen_shirt": ("duty_6205_90", 19.0, 99.0),
            "style_trench": ("duty_6201_30", 58.0, 349.0),
            "style_wool_coat": ("duty_6201_20", 130.0, 749.0),
            "style_straight_jean": ("duty_6203_42", 22.0, 119.0),
            "style_puffer": ("duty_6201_40", 48.0, 279.0),
        }
        for style_xmlid, (duty, target_cost, target_retail) in targets.items():
            ref(f"kobo_plm.{style_xmlid}").write(
                {
                    "kobo_duty_rate_id": ref(f"kobo_plm.{duty}").id,
                    "kobo_target_cost": target_cost,
                    "kobo_target_retail_price": target_retail,
                }
            )
        plan = [
            # style, vendor, planned qty, freight, commission %, operations, final state
            (
                "style_jersey_tee",
                "vendor_costa",
                2400,
                0.35,
                0.0,
                [("cmt", "Cut, make, trim", 3.1), ("print", "Chest print", 0.6)],
                "approved",
            ),
            (
                "style_jersey_tee",
                "vendor_saigon",
                2400,
                0.55,
                3.0,
                [("cmt", "Cut, make, trim", 2.4), ("print", "Chest print", 0.5)],
                "submitted",
            ),
            (
                "style_merino_crew",
                "vendor_costa",
                900,
                0.40,
                0.0,
                [("cmt", "Knit, link, finish", 9.5)],
                "approved",
            ),
            (
                "style_merino_crew",
                "vendor_saigon",
                900,
                0.60,
                3.0,
                [("cmt", "Knit, link, finish", 7.9)],
                "submitted",
            ),
            (
                "style_wool_coat",
                "vendor_bellini",
                400,
                1.60,
                0.0,
                [("cmt", "Cut, make, trim", 38.0), ("other", "Pressing", 2.5)],
                "approved",
            ),
            ("style_trench", "vendor_saigon", 600, 1.10, 3.0, [], "requested"),
            ("style_cable_knit", "vendor_costa", 700, 0.40, 0.0, [], "requested"),
        ]
        Sheet = self.env["kobo.cost.sheet"]
        for style_xmlid, vendor, quantity, freight, commission, operations, state in plan:
            style = ref(f"kobo_plm.{style_xmlid}")
            sheet = Sheet.create(
                {
                    "style_id": style.id,
                    "vendor_id": ref(f"kobo_plm.{vendor}").id,
                    "quote_date": fields.Date.add(today, days=-10),
                    "planned_quantity": quantity,
                    "freight_cost": freight,
                    "commission_percent": commission,
                }
            )
            sheet.action_load_materials()
            sheet.write(
                {
                    "line_ids": [
                        Command.create(
                            {
                                "line_type": "operation",
                                "operation_type": kind,
                                "name": name,
                                "unit_price": price,
                            }
                        )
                        for kind, name, price in operations
                    ]
                    + [
                        Command.create(
                            {
                                "line_type": "packaging",
                                "operation_type": "packaging",
                                "name": "Polybag and hangtag",
                                "unit_price": 0.25,
                            }
                        )
                    ]
                    * bool(operations)
                }
            )
            if state == "requested":
                sheet.action_send_rfq()
                continue
            sheet.action_submit()
            if state == "approved":
                sheet.action_approve()
        # Pre-production samples that passed on the current revisions of the merino crew (which
        # the demo approves for production) and the wool coat (left ready for a manager's click).
        # The jersey tee stays blocked at the gate: its organic jersey's GOTS certificate expired.
        for style_xmlid, vendor in (
            ("style_merino_crew", "vendor_costa"),
            ("style_wool_coat", "vendor_bellini"),
        ):
            techpack = ref(f"kobo_plm.{style_xmlid}").kobo_current_techpack_id
            sample = self.env["kobo.sample"].create(
                {
                    "techpack_id": techpack.id,
                    "vendor_id": ref(f"kobo_plm.{vendor}").id,
                    "round_type": "pre_production",
                    "size_id": techpack.base_size_id.id,
                    "date_due": fields.Date.add(today, days=-5),
                }
            )
            sample.action_request()
            sample.action_acknowledge()
            sample.action_ship()
            sample.action_receive()
            for line in sample.measurement_ids:
                line.supplier_value = line.spec_value + 0.3
                line.own_value = line.spec_value + 0.2
            sample.action_approve()
        ref("kobo_plm.style_merino_crew").action_kobo_approve_production()
