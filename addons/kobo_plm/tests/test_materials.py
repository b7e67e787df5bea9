from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .common import KoboPlmCase


@tagged("post_install", "-at_install")
class TestMaterials(KoboPlmCase):
    def test_developer_records_a_fabric_with_its_composition(self):
        with Form(self.env["product.template"].with_user(self.designer)) as form:
            form.name = "KT Stretch Twill"
            form.kobo_material_type = "fabric"
            form.kobo_construction = "woven"
            form.kobo_weight_gsm = 280
            form.kobo_width_cm = 148
            form.kobo_origin_country_id = self.env.ref("base.pt")
            with form.kobo_composition_ids.new() as line:
                line.fibre = "cotton"
                line.percentage = 97
            with form.kobo_composition_ids.new() as line:
                line.fibre = "elastane"
                line.percentage = 3
        fabric = form.record
        self.assertEqual(fabric.kobo_composition_text, "97 % Cotton, 3 % Elastane")
        self.assertEqual(fabric.kobo_origin_country_id.code, "PT")

    def test_composition_must_total_exactly_100_and_nothing_is_saved(self):
        count = self.env["product.template"].search_count([])
        with self.assertRaisesMessage(
            ValidationError, "KT Blend: the fibre composition adds up to 99.5 %, it must be exactly 100 %"
        ):
            self.env["product.template"].with_user(self.designer).create(
                {
                    "name": "KT Blend",
                    "kobo_material_type": "fabric",
                    "kobo_composition_ids": [
                        Command.create({"fibre": "wool", "percentage": 70}),
                        Command.create({"fibre": "polyamide", "percentage": 29.5}),
                    ],
                }
            )
        self.assertEqual(self.env["product.template"].search_count([]), count)

    def test_composition_repeats_no_fibre(self):
        with self.assertRaisesMessage(ValidationError, "each fibre appears once"):
            self.env["product.template"].create(
                {
                    "name": "KT Twice",
                    "kobo_material_type": "fabric",
                    "kobo_composition_ids": [
                        Command.create({"fibre": "wool", "percentage": 50}),
                        Command.create({"fibre": "wool", "percentage": 50}),
                    ],
                }
            )

    def test_supplier_terms_stay_in_the_vendor_pricelist(self):
        vendor = self.env["res.partner"].create(
            {
                "name": "KT Mill",
                "supplier_rank": 1,
                "property_purchase_currency_id": self.env.ref("base.EUR").id,
            }
        )
        fabric = self.env["product.template"].create(
            {
                "name": "KT Poplin",
                "kobo_material_type": "fabric",
                "seller_ids": [
                    Command.create(
                        {
                            "partner_id": vendor.id,
                            "price": 5.4,
                            "min_qty": 300,
                            "delay": 40,
                            "currency_id": self.env.ref("base.EUR").id,
                        }
                    )
                ],
            }
        )
        seller = fabric.seller_ids
        self.assertEqual(
            (seller.partner_id, seller.price, seller.min_qty, seller.delay, seller.currency_id.name),
            (vendor, 5.4, 300, 40, "EUR"),
        )

    def test_expired_certificates_are_found_and_flagged(self):
        fabric = self.env["product.template"].create(
            {
                "name": "KT Organic",
                "kobo_material_type": "fabric",
                "kobo_certification_ids": [
                    Command.create(
                        {"standard": "gots", "certificate_number": "GOTS-OLD", "expiry_date": "2021-03-31"}
                    ),
                    Command.create(
                        {
                            "standard": "oeko_tex_100",
                            "certificate_number": "OT-NEW",
                            "expiry_date": "2099-12-31",
                        }
                    ),
                ],
            }
        )
        self.assertTrue(fabric.kobo_has_expired_certificate)
        self.assertEqual(fabric.kobo_certification_ids.filtered("is_expired").certificate_number, "GOTS-OLD")
        self.assertIn(
            fabric, self.env["product.template"].search([("kobo_has_expired_certificate", "=", True)])
        )
        self.assertNotIn(
            fabric, self.env["product.template"].search([("kobo_has_expired_certificate", "=", False)])
        )
        fabric.kobo_certification_ids.filtered("is_expired").expiry_date = "2099-01-01"
        self.assertFalse(fabric.kobo_has_expired_certificate)

    def test_pom_library(self):
        pom = (
            self.env["kobo.pom"]
            .with_user(self.designer)
            .create({"code": " kt-x01 ", "name": "Hem width", "tolerance": 0.5, "critical": True})
        )
        self.assertEqual(pom.display_name, "KT-X01 Hem width")
        with self.assertRaisesMessage(ValidationError, "a tolerance cannot be negative"):
            self.env["kobo.pom"].create({"code": "KT-X02", "name": "Bad", "tolerance": -1})
