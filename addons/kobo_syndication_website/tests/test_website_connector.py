import base64
import io
from contextlib import contextmanager
from unittest import mock

from PIL import Image

from odoo import Command
from odoo.addons.kobo_syndication.tests.common import KoboSyndicationCase, approve_content, catalogue_team
from odoo.tests import HttpCase, tagged
from odoo.tools import SQL


def image_file(colour, size=600):
    buffer = io.BytesIO()
    Image.new("RGB", (size, size), colour).save(buffer, format="PNG")
    return base64.b64encode(buffer.getvalue())


def build_shop(cls):
    """A French and English web shop channel on the demo website with its own pricelist, and a
    parka with copy in both languages, three images, a descriptive attribute and two sizes."""
    env = cls.env
    env["res.lang"]._activate_lang("fr_FR")
    cls.website = env.ref("website.default_website")
    cls.website.language_ids |= env.ref("base.lang_fr")
    cls.en, cls.fr = env.ref("base.lang_en"), env.ref("base.lang_fr")
    eur = env.ref("base.EUR")
    eur.active = True
    cls.web_pricelist = env["product.pricelist"].create(
        {"name": "Kobo web EUR", "currency_id": eur.id, "website_id": False, "selectable": False}
    )
    # A descriptive attribute the shop hides until it is published as a filter.
    cls.silhouette = env["product.attribute"].create(
        {
            "name": "Silhouette",
            "create_variant": "no_variant",
            "display_type": "radio",
            "visibility": "hidden",
            "kobo_descriptive": True,
            "value_ids": [Command.create({"name": "Boxy"}), Command.create({"name": "Fitted"})],
        }
    )
    cls.silhouette.with_context(lang="fr_FR").name = "Ligne"
    cls.boxy, cls.fitted = cls.silhouette.value_ids
    cls.boxy.with_context(lang="fr_FR").name = "Ample"
    cls.size = env["product.attribute"].create(
        {
            "name": "Parka size",
            "create_variant": "always",
            "value_ids": [Command.create({"name": "S"}), Command.create({"name": "M"})],
        }
    )
    cls.parka = env["product.template"].create(
        {
            "name": "Harbour Parka KT7",
            "list_price": 150.0,
            "sale_ok": True,
            "is_published": False,
            "taxes_id": [Command.clear()],
            "kobo_description": "<p>Waxed cotton that shrugs off harbour rain.</p>",
            "kobo_bullet_points": "- Storm flap\n- Two-way zip",
            "kobo_seo_title": "Harbour Parka | Waxed cotton",
            "kobo_seo_description": "A waxed cotton parka for rainy ports.",
            "kobo_seo_keywords": "parka, waxed cotton",
            "attribute_line_ids": [
                Command.create(
                    {"attribute_id": cls.size.id, "value_ids": [Command.set(cls.size.value_ids.ids)]}
                ),
                Command.create({"attribute_id": cls.silhouette.id, "value_ids": [Command.set(cls.boxy.ids)]}),
            ],
        }
    )
    cls.parka.with_context(lang="fr_FR").write(
        {
            "name": "Parka du port KT7",
            "kobo_bullet_points": "- Rabat tempête\n- Zip double sens",
            "kobo_seo_title": "Parka du port | Coton ciré",
            "kobo_seo_description": "Une parka en coton ciré pour les ports pluvieux.",
            "kobo_seo_keywords": "parka, coton ciré",
        }
    )
    # The marketing description is translated term by term (an Html field), as the PIM's
    # translation import does it.
    english, french = (
        "Waxed cotton that shrugs off harbour rain.",
        "Un coton ciré qui ne craint pas la pluie du port.",
    )
    cls.parka._update_field_translations("kobo_description", {"fr_FR": {english: french}})
    env["product.pricelist.item"].create(
        {
            "pricelist_id": cls.web_pricelist.id,
            "applied_on": "1_product",
            "product_tmpl_id": cls.parka.id,
            "compute_price": "fixed",
            "fixed_price": 123.45,
        }
    )
    cls.assets = env["kobo.asset"].create(
        [
            {
                "product_tmpl_id": cls.parka.id,
                "sequence": sequence,
                "role": role,
                "name": f"{role}.png",
                "image": image_file(colour),
                "alt_text": alt,
            }
            for sequence, role, colour, alt in (
                (1, "front", "navy", "Harbour Parka, front"),
                (2, "back", "olive", "Harbour Parka, back"),
                (3, "detail", "black", "Harbour Parka, storm flap"),
            )
        ]
    )
    # Only approved content goes to a channel: the catalogue team approves the parka's before
    # the shop channel exists (its approval queues it on the channels there are).
    approve_content(cls.parka, *catalogue_team(env))
    cls.web_channel = env["kobo.channel"].create(
        {
            "name": "Kobo web shop",
            "code": "kobo_web",
            "connector": "website",
            "lang_ids": [Command.set((cls.en | cls.fr).ids)],
            "pricelist_id": cls.web_pricelist.id,
        }
    )
    cls.listing = env["kobo.listing"]._kobo_ensure(cls.parka, cls.web_channel)
    env.cr.flush()


@tagged("post_install", "-at_install")
class TestWebsiteConnector(KoboSyndicationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        build_shop(cls)

    def _publish(self):
        self.listing.with_user(self.syndication_user).action_publish()
        self.web_channel._kobo_job_sync()

    def _shop_texts(self, lang):
        parka = self.parka.with_context(lang=lang)
        return (
            str(parka.description_ecommerce),
            parka.website_meta_title,
            parka.website_meta_description,
            parka.website_meta_keywords,
        )

    def test_publishing_writes_the_shop_content_in_each_locale(self):
        self._publish()
        self.assertEqual(self.listing.state, "published")
        self.assertTrue(self.parka.is_published)
        self.assertEqual(
            self._shop_texts("en_US"),
            (
                "<p>Waxed cotton that shrugs off harbour rain.</p>"
                '<ul class="o_kobo_bullet_points"><li>Storm flap</li><li>Two-way zip</li></ul>',
                "Harbour Parka | Waxed cotton",
                "A waxed cotton parka for rainy ports.",
                "parka, waxed cotton",
            ),
        )
        self.assertEqual(
            self._shop_texts("fr_FR"),
            (
                "<p>Un coton ciré qui ne craint pas la pluie du port.</p>"
                '<ul class="o_kobo_bullet_points"><li>Rabat tempête</li><li>Zip double sens</li></ul>',
                "Parka du port | Coton ciré",
                "Une parka en coton ciré pour les ports pluvieux.",
                "parka, coton ciré",
            ),
        )
        # The French write did not turn the English description French (term translation).
        self.assertIn("Waxed cotton", self.parka.with_context(lang="en_US").description_ecommerce)

    def test_channel_copy_overrides_the_product_copy_on_the_shop(self):
        self.env["kobo.channel.copy"].create(
            {
                "product_tmpl_id": self.parka.id,
                "channel_id": self.web_channel.id,
                "kobo_seo_title": "Harbour Parka – web exclusive",
            }
        )
        self._approve(self.parka)  # the override sent it back to review
        self._publish()
        self.assertEqual(
            self.parka.with_context(lang="en_US").website_meta_title, "Harbour Parka – web exclusive"
        )
        # No French override: the English override does not hide the product's French title.
        self.assertEqual(
            self.parka.with_context(lang="fr_FR").website_meta_title, "Parka du port | Coton ciré"
        )

    def test_images_come_from_the_channel_assets_in_order_with_alt_text(self):
        manual = self.env["product.image"].create(
            {"product_tmpl_id": self.parka.id, "name": "Added in the shop", "image_1920": image_file("red")}
        )
        self._publish()
        front = self.assets[0]._kobo_rendition(self.web_channel)
        self.assertEqual(self.parka.image_1920, front.image, "the front asset is the main picture")
        shop_images = self.parka.product_template_image_ids.filtered("kobo_asset_id")
        self.assertEqual(
            shop_images.sorted("sequence").mapped("name"),
            ["Harbour Parka, back", "Harbour Parka, storm flap"],
        )
        self.assertEqual(shop_images.sorted("sequence").kobo_asset_id, self.assets[1:])
        self.assertTrue(all(shop_images.mapped("image_1920")))
        self.assertIn(manual, self.parka.product_template_image_ids, "an image added by hand stays")

        # The detail moves first and the back is deleted: the detail becomes the main picture,
        # the front an extra image; the back's image goes, the hand-added one stays.
        front, back, detail = self.assets
        detail.sequence = 0
        back.unlink()
        self.listing._kobo_queue("publish")
        self.web_channel._kobo_job_sync()
        self.assertEqual(self.parka.image_1920, detail._kobo_rendition(self.web_channel).image)
        shop_images = self.parka.product_template_image_ids.filtered("kobo_asset_id")
        self.assertEqual(
            shop_images.mapped(lambda image: (image.kobo_asset_id, image.name)),
            [(front, "Harbour Parka, front")],
        )
        self.assertEqual(self.parka.product_template_image_ids - shop_images, manual)

    def test_video_links_the_shop_can_embed_are_shop_videos(self):
        self.env["kobo.asset"].create(
            [
                {
                    "product_tmpl_id": self.parka.id,
                    "sequence": 5,
                    "kind": "video",
                    "video_url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
                    "alt_text": "Harbour Parka on the quay",
                },
                {
                    "product_tmpl_id": self.parka.id,
                    "sequence": 6,
                    "kind": "video",
                    "video_url": "https://example.com/parka.mp4",
                },
            ]
        )
        self._publish()
        self.assertEqual(self.listing.state, "published")
        videos = self.parka.product_template_image_ids.filtered("video_url")
        self.assertEqual(
            videos.mapped("name"), ["Harbour Parka on the quay"], "a link Odoo cannot embed stays out"
        )
        self.assertIn("youtube", videos.embed_code)
        self.assertEqual(len(self.parka.product_template_image_ids), 3)

    def test_second_push_of_the_same_payload_creates_and_writes_nothing(self):
        self._publish()
        images = self.parka.product_template_image_ids
        digest = self.listing.payload_digest
        self.assertEqual(len(images), 2)
        # The engine: the digest is unchanged, so the channel is not called at all.
        self.listing._kobo_queue("publish")
        with self._record_calls() as calls:
            self.web_channel._kobo_job_sync()
        self.assertEqual(calls, [])
        self.assertEqual(self.listing.state, "published")
        # The connector itself, pushed again (a forced re-push): no image made, nothing written.
        connector = self.env["kobo.connector.website"]
        payloads = connector.build_payload(self.listing)
        self.env.flush_all()
        with self._record_writes() as writes:
            connector.push(self.listing, payloads)
            self.env.flush_all()
        self.assertEqual(writes, [])
        self.assertEqual(self.parka.product_template_image_ids, images)
        self.assertEqual(self.listing.payload_digest, digest)

    @contextmanager
    def _record_writes(self):
        """Every ORM create/write on products, images, pricelists and attributes, and every SQL
        INSERT/UPDATE, made inside the block."""
        writes = []
        patches = []
        for model in (
            "product.template",
            "product.image",
            "product.pricelist",
            "product.attribute",
            "res.partner",
        ):
            model_class = type(self.env[model])
            for method in ("create", "write"):
                real = getattr(model_class, method)

                def record(records, vals, real=real, model=model, method=method):
                    writes.append((model, method, vals))
                    return real(records, vals)

                patches.append(mock.patch.object(model_class, method, record))
        cursor_class = type(self.env.cr)
        real_execute = cursor_class.execute

        def execute(cursor, query, params=None, log_exceptions=True):
            text = query.code if isinstance(query, SQL) else str(query)
            if text.lstrip().upper().startswith(("UPDATE", "INSERT")):
                writes.append(("sql", text.split()[:3], None))
            return real_execute(cursor, query, params, log_exceptions)

        patches.append(mock.patch.object(cursor_class, "execute", execute))
        for patch in patches:
            patch.start()
        try:
            yield writes
        finally:
            for patch in patches:
                patch.stop()

    def test_descriptive_values_become_visible_shop_filters_without_variants(self):
        variants = self.parka.product_variant_ids
        size_line = self.parka.attribute_line_ids.filtered(lambda line: line.attribute_id == self.size)
        self._publish()
        self.assertEqual(self.silhouette.visibility, "visible")
        self.assertEqual(self.parka.product_variant_ids, variants, "no variant made or removed")
        self.assertEqual(size_line.value_ids, self.size.value_ids)
        payload = self.env["kobo.connector.website"].build_payload(self.listing)[self.listing.id]
        self.assertEqual(payload["filters"], [[self.silhouette.id, self.boxy.ids]])
        self.assertEqual(payload["locales"]["en_US"]["filters"], [["Silhouette", ["Boxy"]]])
        self.assertEqual(payload["locales"]["fr_FR"]["filters"], [["Ligne", ["Ample"]]])
        # The shop's filter finds the parka by its value, as /shop?attribute_value= does.
        domain = self.env["product.template"]._get_attrib_values_domain([[self.silhouette.id, self.boxy.id]])
        found = self.env["product.template"].search([("id", "=", self.parka.id), *domain[0]])
        self.assertEqual(found, self.parka)

    def test_the_website_shows_the_channel_pricelist_and_a_price_change_is_pushed(self):
        self._publish()
        self.assertEqual(self.web_pricelist.website_id, self.website)
        self.assertTrue(self.web_pricelist.selectable)
        public = self.website.user_id
        self.assertEqual(
            public.partner_id.with_company(self.website.company_id).property_product_pricelist,
            self.web_pricelist,
        )
        self.assertEqual(self.website.with_user(public)._get_current_pricelist(), self.web_pricelist)
        payload = self.env["kobo.connector.website"].build_payload(self.listing)[self.listing.id]
        self.assertEqual(payload["currency"], "EUR")
        self.assertEqual(
            payload["prices"], [[variant.id, 123.45] for variant in self.parka.product_variant_ids]
        )
        self.web_pricelist.item_ids.fixed_price = 119.0
        self.listing._kobo_queue("publish")
        with self._record_calls() as calls:
            self.web_channel._kobo_job_sync()
        self.assertEqual(calls, [self.listing.ids], "the new price changed the payload")

    def test_validation_names_what_the_website_channel_lacks(self):
        spanish = self.env["res.lang"]._activate_lang("es_ES")
        self.website.language_ids -= spanish
        other_website = self.env["website"].create({"name": "Outlet", "company_id": self.env.company.id})
        self.web_channel.lang_ids |= spanish
        self.web_pricelist.website_id = other_website
        self.parka.sale_ok = False
        issues = self.env["kobo.connector.website"].validate(self.listing)[self.listing.id]
        self.assertEqual(
            sorted((issue["field"], issue.get("lang") or "") for issue in issues),
            [("lang_ids", "es_ES"), ("pricelist_id", ""), ("sale_ok", "")],
        )
        messages = " ".join(issue["message"] for issue in issues)
        self.assertIn(f"The website {self.website.name} has no Spanish", messages)
        self.assertIn("belongs to Outlet", messages)
        self.assertIn("Harbour Parka KT7 is not sold", messages)
        self.web_channel.pricelist_id = False
        issues = self.env["kobo.connector.website"].validate(self.listing)[self.listing.id]
        self.assertIn("The channel Kobo web shop has no pricelist", " ".join(i["message"] for i in issues))
        # The job blocks the listing and pushes nothing.
        self.listing._kobo_queue("publish")
        with self._record_calls() as calls:
            self.web_channel._kobo_job_sync()
        self.assertEqual((calls, self.listing.state, self.parka.is_published), ([], "blocked", False))

    def test_delist_unpublishes_and_keeps_the_content(self):
        self._publish()
        self.listing.with_user(self.syndication_user).action_delist()
        self.web_channel._kobo_job_sync()
        self.assertEqual(self.listing.state, "delisted")
        self.assertFalse(self.parka.is_published)
        self.assertIn("Waxed cotton", self.parka.description_ecommerce)
        self.assertEqual(len(self.parka.product_template_image_ids), 2)
        status = self.env["kobo.connector.website"].read_status(self.listing)
        self.assertEqual(status, {self.listing.id: {"state": "delisted"}})


@tagged("post_install", "-at_install")
class TestWebsiteShopTour(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True, mail_create_nolog=True))
        build_shop(cls)
        cls.listing._kobo_queue("publish")
        cls.web_channel._kobo_job_sync()

    def test_a_shopper_sees_the_published_parka_in_english_and_french(self):
        self.assertEqual(self.listing.state, "published")
        self.start_tour("/shop?search=KT7", "kobo_website_shop")
