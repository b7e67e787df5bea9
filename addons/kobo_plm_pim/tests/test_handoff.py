from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import HandoffCase, demo_image


@tagged("post_install", "-at_install")
class TestHandoff(HandoffCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.style = cls._styles(1)
        cls.sheet = cls.env["kobo.cost.sheet"].search(
            [("style_id", "=", cls.style.id), ("state", "=", "approved")]
        )

    def _enrichment(self, style=None):
        return self.env["kobo.enrichment"].search([("product_tmpl_id", "=", (style or self.style).id)])

    def _approve(self):
        with freeze_time("2027-01-15 09:30:00"):
            self.style.with_user(self.plm_manager).action_kobo_approve_production()
            self.env.cr.flush()  # what the commit does: mark the style for the hand-off
            self.env["product.template"]._kobo_run_pending_handoffs()  # the cron the commit triggers

    def test_production_approval_runs_the_rule_and_carries_what_development_knows(self):
        with freeze_time("2027-01-15 09:30:00"):
            self.style.with_user(self.plm_manager).action_kobo_approve_production()
            self.assertFalse(
                self.style.kobo_handoff_pending, "queued until the approval's transaction commits"
            )
            self.env.cr.flush()
            self.assertTrue(self.style.kobo_handoff_pending)
            self.assertFalse(self._enrichment(), "the hand-off runs in its own transaction, by the cron")
            self.env["product.template"]._kobo_run_pending_handoffs()
        self.assertFalse(self.style.kobo_handoff_pending)
        style, enrichment = self.style, self._enrichment()
        self.assertEqual(enrichment.state, "to_enrich")
        self.assertEqual(str(style.kobo_handoff_date), "2027-01-15 09:30:00")
        self.assertEqual(style.kobo_item_group, "HO-000")
        self.assertEqual(style.kobo_season_name, "Autumn-Winter 2027")
        self.assertEqual(style.kobo_care_symbols, "W30, BX")
        self.assertEqual(style.kobo_country_of_origin_id, self.portugal)
        english, french = style.with_context(lang="en_US"), style.with_context(lang="fr_FR")
        self.assertEqual(
            english.kobo_composition_label, "Shell: 95 % Cotton, 5 % Elastane; Lining: 100 % Cupro"
        )
        self.assertEqual(
            french.kobo_composition_label,
            "Tissu principal: 95 % coton, 5 % élasthanne; Doublure: 100 % cupro",
        )
        self.assertEqual(english.kobo_care_text, "Wash inside out.")
        self.assertEqual(french.kobo_care_text, "Laver sur l'envers.")
        self.assertIn("<td>Chest width</td><td>52</td><td>54</td>", english.kobo_size_chart)
        self.assertIn("<th>S</th><th>M</th>", english.kobo_size_chart)
        self.assertIn(
            "<td>Chest width</td><td>52</td><td>54</td>", french.kobo_size_chart, "translated in Odoo"
        )
        self.assertEqual(style.kobo_suggested_wholesale_price, self.sheet.wholesale_price)
        self.assertEqual(style.kobo_suggested_retail_price, self.sheet.retail_price)
        self.assertGreater(style.kobo_suggested_wholesale_price, 8.0)
        certification = style.kobo_pim_certification_ids
        self.assertEqual(
            [(certification.name, certification.reference, certification.kobo_handoff)],
            [("GOTS", "CU-815", True)],
        )
        self.assertEqual(certification.date_expiry, self.shell.kobo_certification_ids.expiry_date)
        assets = self.env["kobo.asset"].search([("product_tmpl_id", "=", style.id)])
        self.assertEqual(
            sorted((asset.role, asset.name) for asset in assets),
            [("flat", "HO-000 flat"), ("front", "Front, on the stand")],
        )
        photo = assets.filtered(lambda asset: asset.role == "front")
        self.assertEqual(photo.color_value_id.kobo_color_id, self.navy)
        self.assertTrue(photo.image)
        colour_value = style.attribute_line_ids.value_ids.filtered("kobo_color_id")
        self.assertEqual(colour_value.html_color, "#1F2A44")
        self.assertEqual(colour_value.with_context(lang="fr_FR").name, "Marine")
        item = self.wholesale_eur.item_ids
        self.assertEqual(
            [
                (
                    item.applied_on,
                    item.product_tmpl_id,
                    item.compute_price,
                    item.fixed_price,
                    item.kobo_handoff,
                )
            ],
            [("1_product", style, "fixed", self.sheet.wholesale_price, True)],
        )
        self.assertEqual(
            self.wholesale_eur._get_product_price(style.product_variant_ids[:1], 1.0),
            self.sheet.wholesale_price,
        )
        note = enrichment.message_ids.filtered(lambda message: "Hand-off from development" in message.body)
        self.assertEqual(len(note), 1)
        for label in ("Composition Label (fr_FR)", "Size Chart (en_US)", "Item Group", "Certifications"):
            self.assertIn(label, note.body)

    def test_a_second_run_changes_nothing(self):
        self._approve()
        enrichment = self._enrichment()
        digests, messages = enrichment.kobo_handoff_digests, enrichment.message_ids
        write_date = self.style.write_date
        self.env.flush_all()
        queries = self.env.cr.sql_log_count
        self.style.with_user(self.catalogue_user)._kobo_send_to_enrichment()
        self.env.flush_all()
        self.assertEqual(enrichment.message_ids, messages)
        self.assertEqual(enrichment.kobo_handoff_digests, digests)
        self.assertEqual(self.style.write_date, write_date)
        self.assertEqual(len(self.env["kobo.asset"].search([("product_tmpl_id", "=", self.style.id)])), 2)
        self.assertEqual(len(self.wholesale_eur.item_ids), 1)
        self.assertLess(self.env.cr.sql_log_count - queries, 60, "a run that writes nothing only reads")

    def test_the_catalogue_edit_stays_until_development_changes_the_source(self):
        self._approve()
        catalogue = self.style.with_user(self.catalogue_user).sudo()
        catalogue.with_context(lang="fr_FR").kobo_care_text = "Lavage délicat, sur l'envers."
        catalogue.with_context(lang="en_US").kobo_composition_label = "95% cotton, 5% elastane"
        self.style._kobo_send_to_enrichment()
        self.assertEqual(
            self.style.with_context(lang="fr_FR").kobo_care_text, "Lavage délicat, sur l'envers."
        )
        self.assertEqual(
            self.style.with_context(lang="en_US").kobo_composition_label, "95% cotton, 5% elastane"
        )
        # Development changes the shell fabric: the label follows, the care text (unchanged) does not.
        self.shell.kobo_composition_ids.filtered(lambda line: line.fibre == "cotton").fibre = "wool"
        messages = self._enrichment().message_ids
        self.style._kobo_send_to_enrichment()
        self.assertEqual(
            self.style.with_context(lang="en_US").kobo_composition_label,
            "Shell: 95 % Wool, 5 % Elastane; Lining: 100 % Cupro",
        )
        self.assertEqual(
            self.style.with_context(lang="fr_FR").kobo_care_text, "Lavage délicat, sur l'envers."
        )
        note = self._enrichment().message_ids - messages
        self.assertEqual(len(note), 1)
        self.assertIn("Composition Label (en_US), Composition Label (fr_FR)", note.body)
        self.assertNotIn("Care", note.body)

    def test_digests_are_written_by_the_hand_off_only(self):
        self._approve()
        enrichment = self._enrichment()
        for user in (self.catalogue_user, self.env.ref("base.user_admin")):
            with self.assertRaises(AccessError):
                enrichment.with_user(user).write({"kobo_handoff_digests": {}})

    def _run_send_to_enrichment(self, user):
        action = self.env.ref("kobo_pim.action_server_kobo_send_to_enrichment").with_user(user)
        return action.with_context(active_model="product.template", active_ids=self.style.ids).run()

    def test_a_catalogue_user_sends_a_style_from_the_action_menu(self):
        result = self._run_send_to_enrichment(self.catalogue_user)
        enrichment = self._enrichment()
        self.assertEqual(result["res_model"], "kobo.enrichment")
        self.assertEqual(result["domain"], [("id", "in", enrichment.ids)])
        style = self.style.with_user(self.catalogue_user)
        self.assertEqual(style.kobo_item_group, "HO-000")
        self.assertEqual(style.kobo_suggested_wholesale_price, self.sheet.wholesale_price)
        self.assertEqual(len(self.wholesale_eur.item_ids), 1)
        self.assertFalse(self.style.kobo_production_approved_date, "sent before approval: nothing approved")

    def test_a_plm_user_without_catalogue_rights_cannot_send_to_enrichment(self):
        with self.assertRaises(AccessError):
            self._run_send_to_enrichment(self.plm_user)
        with self.assertRaises(AccessError):
            self.style.with_user(self.plm_user).action_kobo_send_to_enrichment()
        self.assertFalse(self._enrichment())
        self.assertFalse(self.wholesale_eur.item_ids)

    def test_a_portal_vendor_reads_no_carried_price(self):
        self._approve()
        portal = self.env["res.users"].create(
            {
                "name": "Handoff vendor portal",
                "login": "handoff_vendor_portal",
                "partner_id": self.env["res.partner"]
                .create({"name": "Mill contact", "parent_id": self.vendor.id})
                .id,
                "groups_id": [(6, 0, [self.env.ref("kobo_plm.group_kobo_plm_supplier").id])],
            }
        )
        style = self.style.with_user(portal)
        for name in (
            "kobo_suggested_wholesale_price",
            "kobo_suggested_retail_price",
            "kobo_pim_certification_ids",
        ):
            with self.assertRaises(AccessError, msg=name):
                style.read([name])
        # Without website_sale a portal user reads no pricelist rule at all; with it (the shop
        # prices products) every rule but the wholesale prices from costing.
        handoff_items = self.env["product.pricelist.item"].search([("kobo_handoff", "=", True)])
        self.assertTrue(handoff_items)
        for item in handoff_items:
            self.assertFalse(item.with_user(portal).has_access("read"), item.display_name)

    def test_new_sample_photos_come_over_the_catalogue_pictures_stay(self):
        self._approve()
        assets = self.env["kobo.asset"].search([("product_tmpl_id", "=", self.style.id)])
        flat = assets.filtered(lambda asset: asset.role == "flat")
        flat_image = flat.image
        # The catalogue team replaces the product picture and adds a lifestyle shot of its own.
        self.style.image_1920 = demo_image("style_linen_shirt")
        own = self.env["kobo.asset"].create(
            {
                "product_tmpl_id": self.style.id,
                "role": "lifestyle",
                "name": "Campaign",
                "image": demo_image("style_merino_crew"),
            }
        )
        sample = self.env["kobo.sample"].search([("style_id", "=", self.style.id)])
        self.env["kobo.sample.photo"].create(
            {"sample_id": sample.id, "name": "Back, detail", "image_1920": demo_image("style_chino_short")}
        )
        messages = self._enrichment().message_ids
        self.style._kobo_send_to_enrichment()
        assets = self.env["kobo.asset"].search([("product_tmpl_id", "=", self.style.id)])
        self.assertEqual(
            sorted((asset.role, asset.name) for asset in assets),
            [
                ("detail", "Back, detail"),
                ("flat", "HO-000 flat"),
                ("front", "Front, on the stand"),
                ("lifestyle", "Campaign"),
            ],
        )
        self.assertEqual(flat.image, flat_image, "the product picture is not a flat")
        self.assertEqual((own.name, own.role), ("Campaign", "lifestyle"))
        note = self._enrichment().message_ids - messages
        self.assertEqual(len(note), 1)
        self.assertIn("Image Back, detail", note.body)
        self.assertNotIn("flat", note.body)
