"""The Assets tab shows thumbnails; renditions are described in words, not spec strings."""

from lxml import etree

from odoo.tests import HttpCase, tagged

from .asset_common import KoboAssetCase, b64, image_file

# Opens the product's Assets page and waits for the thumbnail card (console.error fails the test).
CHECK_ASSETS_TAB = """
(async () => {
    const until = async (find) => {
        for (let tries = 0; tries < 150; tries++) {
            const found = find();
            if (found) {
                return found;
            }
            await new Promise((resolve) => setTimeout(resolve, 100));
        }
        throw new Error("timeout");
    };
    try {
        const tab = await until(() =>
            [...document.querySelectorAll(".o_notebook_headers a")].find(
                (link) => link.textContent.trim() === "Assets"
            )
        );
        tab.click();
        const card = await until(() => document.querySelector("div[name=kobo_asset_ids] .o_kanban_record"));
        const text = card.textContent.replace(/\\s+/g, " ");
        const thumbnail = card.querySelector(".o_field_image img");
        if (!thumbnail || !text.includes("Back") || !text.includes("No alt text")) {
            console.error("card without its thumbnail, role or alt text warning: " + text);
        } else {
            console.log("test successful");
        }
    } catch (error) {
        console.error("the Assets page shows no card: " + error);
    }
})();
"""


@tagged("post_install", "-at_install")
class TestAssetDisplay(KoboAssetCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Specs no demo channel has, so that each rendition names only the test's channel.
        cls.google.write({"image_max_size": 2000, "image_square": False, "image_quality": 85})
        cls.shop.write(
            {
                "image_format": "png",
                "image_max_size": 1200,
                "image_square": True,
                "image_background": "#eeebe5",
            }
        )
        cls.asset = cls.env["kobo.asset"].create(
            {
                "product_tmpl_id": cls.shirt.id,
                "image": b64(cls.front_png),
                "role": "front",
                "color_value_id": cls.navy.id,
                "alt_text": "Navy linen shirt, front",
            }
        )

    def test_renditions_are_described_in_words(self):
        google = self.asset._kobo_rendition(self.google)
        shop = self.asset._kobo_rendition(self.shop)
        self.assertEqual(google.spec_key, "jpeg-2000-fit-#FFFFFF-q85")
        self.assertEqual(google.description, "2000 px JPEG on white for Google DE")
        self.assertEqual(shop.description, "1200 px square PNG on #EEEBE5 for Web shop")
        self.assertEqual(google.display_name, "2000 px JPEG on white for Google DE")
        self.assertEqual(self.asset.rendition_count, 2)

    def test_description_names_every_channel_sharing_the_spec_and_none_when_unused(self):
        rendition = self.asset._kobo_rendition(self.google)
        twin = self.google.copy({"name": "Google AT", "code": "test_google_at"})
        rendition.invalidate_recordset(["description"])
        self.assertEqual(rendition.description, "2000 px JPEG on white for Google AT and Google DE")
        (self.google | twin).image_max_size = 0
        rendition.invalidate_recordset(["description"])
        self.assertEqual(rendition.description, "2000 px JPEG on white")
        self.assertEqual(
            self.asset._kobo_rendition(self.google).description,
            "Full-size JPEG on white for Google AT and Google DE",
        )

    def test_rendition_lists_show_the_words(self):
        arch = etree.fromstring(self.env["kobo.asset"].get_view(view_type="form")["arch"])  # noqa: S320
        [renditions] = arch.xpath("//field[@name='rendition_ids']/list")
        self.assertEqual(renditions.xpath("./field")[0].get("name"), "description")
        self.assertEqual(renditions.xpath("./field[@name='spec_key']")[0].get("optional"), "hide")

    def test_assets_tab_is_a_kanban_of_thumbnails(self):
        views = self.env["product.template"].with_user(self.internal_user).get_views([(False, "form")])
        arch = etree.fromstring(views["views"]["form"]["arch"])  # noqa: S320 (our own view)
        [field] = arch.xpath("//page[@name='kobo_assets']/field[@name='kobo_asset_ids']")
        self.assertEqual(field.get("mode"), "kanban")
        [card] = field.xpath("./kanban/templates/t[@t-name='card']")
        shown = {node.get("name") for node in card.iter("field")}
        self.assertLessEqual(
            {"role", "color_value_id", "rendition_count", "dimensions", "channel_ids"}, shown
        )
        [image] = card.xpath(".//field[@name='image']")
        self.assertEqual(image.get("widget"), "image")
        self.assertIn("No alt text", etree.tostring(card, encoding="unicode"))
        self.assertTrue(
            arch.xpath("//page[@name='kobo_assets']//button[@name='action_kobo_open_asset_list']")
        )

    def test_the_list_is_one_click_away(self):
        action = self.shirt.action_kobo_open_asset_list()
        self.assertEqual(action["res_model"], "kobo.asset")
        self.assertEqual(action["views"][0][1], "list")
        self.assertEqual(self.env["kobo.asset"].search(action["domain"]), self.asset)
        self.assertEqual(action["context"]["default_product_tmpl_id"], self.shirt.id)


@tagged("post_install", "-at_install")
class TestAssetTabInBrowser(HttpCase):
    def test_assets_page_shows_thumbnail_cards(self):
        product = self.env["product.template"].create({"name": "Kanban test shirt"})
        self.env["kobo.asset"].create(
            {"product_tmpl_id": product.id, "image": b64(image_file(600, 800)), "role": "back"}
        )
        self.browser_js(f"/odoo/product.template/{product.id}", CHECK_ASSETS_TAB, login="admin")
