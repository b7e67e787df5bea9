import io

from PIL import Image

from odoo.addons.kobo_syndication.tests.common import catalogue_team
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .test_website_connector import build_shop, image_file

NAVY, OLIVE, BLACK, RED = (0, 0, 128), (128, 128, 0), (0, 0, 0), (255, 0, 0)


@tagged("post_install", "-at_install")
class TestShopVisibility(HttpCase):
    """What an anonymous visitor gets from the shop, in every language of the website: the
    approved, published parka and its pictures; nothing of a product whose content is not
    approved (its web shop listing is blocked), nor of the parka once delisted."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True, mail_create_nolog=True))
        build_shop(cls)  # the parka, approved, with a navy front, an olive back and a black detail
        catalogue_user, __ = catalogue_team(cls.env)
        cls.syndication_user = new_test_user(
            cls.env, "kobo_vis_synd", groups="base.group_user,kobo_syndication.group_kobo_syndication_user"
        )
        # A development style still to enrich, with a flat as its picture and a shop image made
        # by hand.
        cls.jacket = cls.env["product.template"].create(
            {"name": "Costing Jacket KT9", "list_price": 99, "sale_ok": True, "is_published": False}
        )
        cls.jacket.with_user(catalogue_user).action_kobo_send_to_enrichment()
        cls.jacket.image_1920 = image_file("red")
        cls.jacket_image = cls.env["product.image"].create(
            {"product_tmpl_id": cls.jacket.id, "name": "Flat", "image_1920": image_file("red")}
        )
        cls.jacket_listing = cls.env["kobo.listing"]._kobo_ensure(cls.jacket, cls.web_channel)
        listings = cls.listing | cls.jacket_listing
        listings.with_user(cls.syndication_user).action_publish()
        cls.web_channel._kobo_job_sync()
        cls.parka_images = cls.parka.product_template_image_ids

    def _prefixes(self):
        """``{language: URL prefix}`` for every language of the website."""
        default = self.website.default_lang_id
        return {lang: "" if lang == default else f"/{lang.url_code}" for lang in self.website.language_ids}

    def _colour(self, url):
        """The colour at the centre of the picture the visitor gets at ``url`` (to the nearest
        of the test's colours: resizing shifts a channel by a unit or two), or None when it is
        Odoo's placeholder (what /web/image answers for a record the visitor may not read)."""
        # Odoo logs a refused image at WARNING ("top-secret records") before it answers the
        # placeholder: that refusal is what this test expects.
        with mute_logger("odoo.http"):
            response = self.url_open(url)
        self.assertEqual(response.status_code, 200, url)
        model, __, field = url.removeprefix("/web/image/").split("/")
        if response.content == self.url_open(f"/web/image/{model}/0/{field}").content:
            return None
        picture = Image.open(io.BytesIO(response.content)).convert("RGB")
        pixel = picture.getpixel((picture.width // 2, picture.height // 2))
        for colour in (NAVY, OLIVE, BLACK, RED):
            if max(abs(a - b) for a, b in zip(pixel, colour, strict=True)) <= 8:
                return colour
        return None

    def _shows(self, product, lang, prefix):
        """Whether the shop's search and the product's page show ``product`` in ``lang``."""
        name = product.with_context(lang=lang.code).name
        search = self.url_open(f"{prefix}/shop?search={name.split()[-1]}")
        self.assertEqual(search.status_code, 200)
        page = self.url_open(f"{prefix}/shop/{self.env['ir.http']._slug(product)}")
        return name in search.text, page.status_code == 200 and name in page.text

    # Odoo logs a page or image it refuses to a visitor at WARNING; those refusals are what
    # this test expects.
    @mute_logger("odoo.http")
    def test_a_visitor_sees_the_approved_product_only_until_it_is_delisted(self):
        self.assertEqual(self.listing.state, "published")
        self.assertEqual(self.jacket_listing.state, "blocked")
        self.assertIn("To Enrich", self.jacket_listing.issue_ids.message)
        self.assertEqual(len(self.parka_images), 2)
        self.assertGreaterEqual(len(self._prefixes()), 2, "English and French at least")
        variant = self.parka.product_variant_ids[:1]
        for lang, prefix in self._prefixes().items():
            with self.subTest(lang=lang.code):
                self.assertEqual(self._shows(self.parka, lang, prefix), (True, True))
                self.assertEqual(self._shows(self.jacket, lang, prefix), (False, False))
        self.assertEqual(self._colour(f"/web/image/product.template/{self.parka.id}/image_1920"), NAVY)
        self.assertEqual(self._colour(f"/web/image/product.product/{variant.id}/image_1024"), NAVY)
        self.assertEqual(
            [self._colour(f"/web/image/product.image/{image.id}/image_1024") for image in self.parka_images],
            [OLIVE, BLACK],
        )
        # Nothing of the jacket: Odoo answers with its placeholder.
        for url in (
            f"/web/image/product.template/{self.jacket.id}/image_1920",
            f"/web/image/product.product/{self.jacket.product_variant_id.id}/image_1024",
            f"/web/image/product.image/{self.jacket_image.id}/image_1024",
            f"/web/image/product.image/{self.jacket_image.id}/image_1920",
        ):
            with self.subTest(url=url):
                self.assertIsNone(self._colour(url))

        self.listing.with_user(self.syndication_user).action_delist()
        self.web_channel._kobo_job_sync()
        self.assertEqual(self.listing.state, "delisted")
        for lang, prefix in self._prefixes().items():
            with self.subTest(lang=lang.code, delisted=True):
                self.assertEqual(self._shows(self.parka, lang, prefix), (False, False))
        for url in (
            f"/web/image/product.template/{self.parka.id}/image_1920",
            f"/web/image/product.product/{variant.id}/image_1024",
            *(
                f"/web/image/product.image/{image.id}/{field}"
                for image in self.parka_images
                for field in ("image_1024", "image_1920")
            ),
        ):
            with self.subTest(url=url, delisted=True):
                self.assertIsNone(self._colour(url))
