import base64
import os
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import KoboPimCase

REPOSITORY_ROOT = os.path.normpath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
GOOGLE_FIXTURE = os.path.join(
    REPOSITORY_ROOT, "..", "shared", "fixtures", "google", "taxonomy-with-ids.en-US.txt"
)

VERSION_1 = """# Google_Product_Taxonomy_Version: 2021-09-21
166 - Apparel & Accessories
1604 - Apparel & Accessories > Clothing
203 - Apparel & Accessories > Clothing > Outerwear
5598 - Apparel & Accessories > Clothing > Outerwear > Coats & Jackets
1831 - Apparel & Accessories > Clothing > Outerwear > Vests
204 - Apparel & Accessories > Clothing > Pants
212 - Apparel & Accessories > Clothing > Shirts & Tops
"""

# Google renames Pants, drops Vests and adds Dresses
VERSION_2 = """# Google_Product_Taxonomy_Version: 2023-01-01
166 - Apparel & Accessories
1604 - Apparel & Accessories > Clothing
203 - Apparel & Accessories > Clothing > Outerwear
5598 - Apparel & Accessories > Clothing > Outerwear > Coats & Jackets
204 - Apparel & Accessories > Clothing > Trousers
212 - Apparel & Accessories > Clothing > Shirts & Tops
2271 - Apparel & Accessories > Clothing > Dresses
"""


def _numbered_taxonomy(leaves):
    """A three-level taxonomy text with ``leaves`` leaves (same depth whatever the size)."""
    lines = ["# Google_Product_Taxonomy_Version: test", "1 - Root", "2 - Root > Branch"]
    lines += [f"{100 + n} - Root > Branch > Leaf {n}" for n in range(leaves)]
    return "\n".join(lines).encode()


class TaxonomyCase(KoboPimCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Taxonomy = cls.env["kobo.taxonomy"]
        cls.taxonomy = cls.Taxonomy.create({"name": "Google test"})
        cls.channel = cls.env["kobo.channel"].create(
            {
                "name": "Google FR",
                "code": "google_fr_test",
                "channel_type": "feed",
                "taxonomy_id": cls.taxonomy.id,
            }
        )

    def assertRaisesMessage(self, exception, pattern):
        return self.assertRaisesRegex(exception, re.escape(pattern))

    def _node(self, external_id, taxonomy=None):
        return (
            self.env["kobo.taxonomy.node"]
            .with_context(active_test=False)
            .search([("taxonomy_id", "=", (taxonomy or self.taxonomy).id), ("external_id", "=", external_id)])
        )

    def _wizard_import(self, data, user=None, **values):
        wizard_form = Form(self.env["kobo.taxonomy.import.wizard"].with_user(user or self.catalogue_manager))
        for field, value in values.items():
            setattr(wizard_form, field, value)
        if data is not None:
            wizard_form.file = base64.b64encode(data).decode()
        wizard = wizard_form.save()
        return wizard.action_import()


@tagged("post_install", "-at_install")
class TestTaxonomyImport(TaxonomyCase):
    def test_manager_imports_google_file_as_a_tree(self):
        action = self._wizard_import(VERSION_1.encode(), name="Google en-US")
        taxonomy = self.Taxonomy.browse(action["res_id"]).with_user(self.catalogue_user)
        self.assertEqual(taxonomy.name, "Google en-US")
        self.assertEqual(taxonomy.version, "2021-09-21")
        self.assertEqual(taxonomy.node_count, 7)
        coats = self._node(5598, taxonomy)
        self.assertEqual(coats.name, "Coats & Jackets")
        self.assertEqual(
            coats.complete_name, "Apparel & Accessories > Clothing > Outerwear > Coats & Jackets"
        )
        self.assertEqual(
            coats.display_name, "5598 - Apparel & Accessories > Clothing > Outerwear > Coats & Jackets"
        )
        self.assertEqual([coats.parent_id.external_id, coats.parent_id.parent_id.external_id], [203, 1604])
        under_clothing = self.env["kobo.taxonomy.node"].search(
            [("id", "child_of", self._node(1604, taxonomy).id)]
        )
        self.assertEqual(sorted(under_clothing.mapped("external_id")), [203, 204, 212, 1604, 1831, 5598])
        self.assertIn("7 nodes added", taxonomy.message_ids[0].body)
        # a catalogue user finds a node by its Google ID or by a piece of its path
        Node = self.env["kobo.taxonomy.node"].with_user(self.catalogue_user)
        self.assertEqual(
            Node.name_search("212", [("taxonomy_id", "=", taxonomy.id)])[0][1],
            "212 - Apparel & Accessories > Clothing > Shirts & Tops",
        )
        self.assertEqual(
            Node.search(
                [("taxonomy_id", "=", taxonomy.id), ("complete_name", "ilike", "outerwear >")]
            ).mapped("external_id"),
            [5598, 1831],
        )

    def test_parents_may_come_after_children_and_blank_lines_are_ignored(self):
        text = "\ufeff3 - A > B\n\n1 - A\r\n# comment\n2 - A > B > C\n"
        self.taxonomy._import_taxonomy_file(text.encode())
        self.assertEqual(self._node(2).parent_id, self._node(3))
        self.assertEqual(self._node(3).parent_id, self._node(1))

    def test_catalogue_user_cannot_import(self):
        with self.assertRaises(AccessError):
            self._wizard_import(VERSION_1.encode(), user=self.catalogue_user)
        with self.assertRaises(AccessError):
            self.env["kobo.taxonomy.node"].with_user(self.catalogue_user).create(
                {"taxonomy_id": self.taxonomy.id, "external_id": 1, "name": "Root", "complete_name": "Root"}
            )
        self.assertFalse(self.taxonomy.node_ids)

    def test_bad_files_are_refused_naming_the_line_and_nothing_is_saved(self):
        cases = [
            ("# header\n166 - Apparel\nApparel > Clothing\n", 'Line 3: no ID in "Apparel > Clothing"'),
            ("166 - Apparel\nabc - Apparel > Clothing\n", 'Line 2: the ID "abc" is not a number'),
            ("166 - Apparel\n-5 - Apparel > Clothing\n", 'Line 2: the ID "-5" is not a number'),
            (
                "166 - Apparel\n1604 - Apparel > Clothing > Pants\n",
                'Line 2: the parent "Apparel > Clothing" of "Apparel > Clothing > Pants" is not in the file.',
            ),
            (
                "166 - Apparel\n1604 - Apparel > Clothing\n166 - Apparel > Shoes\n",
                "Line 3: ID 166 is a duplicate, it is already on line 1.",
            ),
            (
                "166 - Apparel\n167 - Apparel\n",
                'Line 2: the path "Apparel" is a duplicate, it is already on line 1.',
            ),
            ("166 - Apparel\n1604 - Apparel >  > Pants\n", "Line 2: the path"),
            ("# Google_Product_Taxonomy_Version: 2021-09-21\n\n", "The file is empty"),
            ("\n \n", "The file is empty"),
        ]
        taxonomy_count = self.Taxonomy.search_count([])
        for text, message in cases:
            with self.subTest(text=text), self.assertRaisesMessage(UserError, message):
                self._wizard_import(text.encode(), name="Broken")
        # Latin-1 bytes in an otherwise good file
        with self.assertRaisesMessage(UserError, "Line 2: the file is not UTF-8 text"):
            self._wizard_import("166 - Apparel\n5 - Apparel > Vêtements\n".encode("latin-1"), name="Broken")
        self.assertEqual(self.Taxonomy.search_count([]), taxonomy_count, "no taxonomy left behind")

    def test_bad_reimport_leaves_the_taxonomy_as_it_was(self):
        self.taxonomy._import_taxonomy_file(VERSION_1.encode())
        broken = VERSION_2 + "9999 - Apparel & Accessories > Shoes > Boots\n"
        with self.assertRaisesMessage(UserError, 'Line 9: the parent "Apparel & Accessories > Shoes"'):
            self._wizard_import(broken.encode(), taxonomy_id=self.taxonomy)
        self.assertEqual(self.taxonomy.version, "2021-09-21")
        self.assertEqual(self._node(204).name, "Pants")
        self.assertFalse(self._node(1831).obsolete)
        self.assertFalse(self._node(2271))

    def test_reimport_updates_by_id_keeps_mappings_and_flags_what_disappeared(self):
        self.taxonomy._import_taxonomy_file(VERSION_1.encode())
        Mapping = self.env["kobo.taxonomy.mapping"].with_user(self.catalogue_manager)
        vests_category = self.env["product.category"].create({"name": "Gilets"})
        pants_category = self.env["product.category"].create({"name": "Trousers"})
        vests_mapping = Mapping.create(
            {"channel_id": self.channel.id, "categ_id": vests_category.id, "node_id": self._node(1831).id}
        )
        pants_mapping = Mapping.create(
            {"channel_id": self.channel.id, "categ_id": pants_category.id, "node_id": self._node(204).id}
        )
        node_ids_before = self.taxonomy.node_ids.ids

        result = self.taxonomy.with_user(self.catalogue_manager)._import_taxonomy_file(VERSION_2.encode())

        self.assertEqual(
            {key: value for key, value in result.items() if key != "obsolete_mappings"},
            {"created": 1, "updated": 1, "obsoleted": 1, "restored": 0},
        )
        self.assertEqual(result["obsolete_mappings"], vests_mapping)
        self.assertEqual(self.taxonomy.version, "2023-01-01")
        self.assertEqual(pants_mapping.node_id.complete_name, "Apparel & Accessories > Clothing > Trousers")
        self.assertTrue(vests_mapping.exists(), "a mapping is never deleted by a re-import")
        self.assertTrue(vests_mapping.node_obsolete)
        self.assertLessEqual(set(node_ids_before), set(self.taxonomy.node_ids.ids), "no node is deleted")
        self.assertEqual(self._node(2271).parent_id, self._node(1604))
        # the catalogue user sees what to fix: the filter, the counter and the chatter
        as_user = self.taxonomy.with_user(self.catalogue_user)
        self.assertEqual(as_user.obsolete_mapping_count, 1)
        self.assertEqual(as_user.obsolete_node_count, 1)
        to_fix = (
            self.env["kobo.taxonomy.mapping"]
            .with_user(self.catalogue_user)
            .search([("node_obsolete", "=", True)])
        )
        self.assertEqual(to_fix, vests_mapping)
        self.assertIn("Gilets", as_user.message_ids[0].body)
        self.assertIn("1 no longer in the file (flagged obsolete)", as_user.message_ids[0].body)
        # an obsolete node cannot be chosen for a new mapping
        self.assertNotIn(
            self._node(1831),
            self.env["kobo.taxonomy.node"].search(
                [("taxonomy_id", "=", self.taxonomy.id), ("obsolete", "=", False)]
            ),
        )

        # importing the same version again changes nothing; the older one brings Vests back
        again = self.taxonomy._import_taxonomy_file(VERSION_2.encode())
        self.assertEqual((again["created"], again["updated"], again["obsoleted"]), (0, 0, 0))
        back = self.taxonomy._import_taxonomy_file(VERSION_1.encode())
        self.assertEqual((back["restored"], back["obsoleted"]), (1, 1))
        self.assertFalse(vests_mapping.node_obsolete)
        self.assertTrue(self._node(2271).obsolete)

    def test_import_query_count_does_not_grow_per_line(self):
        # warm-up: the first import of a test fills registry and ACL caches
        self.Taxonomy.create({"name": "Warm-up"})._import_taxonomy_file(_numbered_taxonomy(2))
        small = self.Taxonomy.create({"name": "Small"})
        large = self.Taxonomy.create({"name": "Large"})
        self.env.flush_all()
        with self.assertQueryCount(13):
            small._import_taxonomy_file(_numbered_taxonomy(5))
            self.env.flush_all()
        with self.assertQueryCount(13):
            large._import_taxonomy_file(_numbered_taxonomy(95))
            self.env.flush_all()
        self.assertEqual(large.node_count, 97)

    def test_whole_google_file(self):
        if not os.path.exists(GOOGLE_FIXTURE):
            self.skipTest(f"Google's taxonomy file is not at {GOOGLE_FIXTURE}")
        with open(GOOGLE_FIXTURE, "rb") as fixture:
            data = fixture.read()
        lines = [line for line in data.decode().splitlines() if line.strip() and not line.startswith("#")]
        queries_before = self.cr.sql_log_count
        result = self.taxonomy._import_taxonomy_file(data)
        self.env.flush_all()
        queries = self.cr.sql_log_count - queries_before
        self.assertEqual(result["created"], len(lines))
        self.assertEqual(len(lines), 5595)
        self.assertEqual(self.taxonomy.version, "2021-09-21")
        self.assertEqual(self.taxonomy.node_count, 5595)
        self.assertEqual(self._node(1604).complete_name, "Apparel & Accessories > Clothing")
        self.assertEqual(self._node(212).complete_name, "Apparel & Accessories > Clothing > Shirts & Tops")
        chain, node = [], self._node(5598)
        while node:
            chain.append((node.external_id, node.name))
            node = node.parent_id
        self.assertEqual(
            chain,
            [
                (5598, "Coats & Jackets"),
                (203, "Outerwear"),
                (1604, "Clothing"),
                (166, "Apparel & Accessories"),
            ],
        )
        self.assertEqual(
            len(
                self.env["kobo.taxonomy.node"].search(
                    [("parent_id", "=", False), ("taxonomy_id", "=", self.taxonomy.id)]
                )
            ),
            21,
        )
        # batched: about one INSERT per 100 nodes (Odoo's insert batch), not one query per line
        self.assertLess(queries, 150)
        # re-importing the same file changes nothing
        again = self.taxonomy._import_taxonomy_file(data)
        self.assertEqual((again["created"], again["updated"], again["obsoleted"]), (0, 0, 0))


class _TaxonomyFileHandler(BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/taxonomy-with-ids.en-US.txt":
            body = VERSION_1.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        else:
            self.send_error(404)

    def log_message(self, *args):
        pass


@tagged("post_install", "-at_install")
class TestTaxonomyImportFromUrl(TaxonomyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server = ThreadingHTTPServer(("127.0.0.1", 0), _TaxonomyFileHandler)
        cls.server_thread = threading.Thread(target=cls.server.serve_forever, daemon=True)
        cls.server_thread.start()
        cls.addClassCleanup(cls.server_thread.join)
        cls.addClassCleanup(cls.server.server_close)
        cls.addClassCleanup(cls.server.shutdown)
        cls.base_url = f"http://127.0.0.1:{cls.server.server_address[1]}"

    def setUp(self):
        super().setUp()
        # the file server is on loopback: allowed as an administrator would allow it
        self.env["ir.config_parameter"].sudo().set_param(
            "kobo_base.outbound_allowed_hosts", self.base_url.removeprefix("http://")
        )

    def test_manager_fetches_the_file_from_a_url(self):
        url = f"{self.base_url}/taxonomy-with-ids.en-US.txt"
        self._wizard_import(None, taxonomy_id=self.taxonomy, source_type="url", url=url)
        self.assertEqual(self.taxonomy.url, url)
        self.assertEqual(self.taxonomy.node_count, 7)
        self.assertEqual(self._node(212).complete_name, "Apparel & Accessories > Clothing > Shirts & Tops")

    def test_unreachable_or_missing_file_is_a_clear_error(self):
        with self.assertRaisesMessage(
            UserError, f"Could not download {self.base_url}/missing.txt: the server answered HTTP 404"
        ):
            self._wizard_import(
                None, taxonomy_id=self.taxonomy, source_type="url", url=f"{self.base_url}/missing.txt"
            )
        with self.assertRaisesMessage(UserError, "The URL must start with http:// or https://"):
            self._wizard_import(None, taxonomy_id=self.taxonomy, source_type="url", url="file:///etc/passwd")
        self.assertFalse(self.taxonomy.node_ids)


@tagged("post_install", "-at_install")
class TestTaxonomyMapping(TaxonomyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.taxonomy._import_taxonomy_file(VERSION_1.encode())
        Category = cls.env["product.category"]
        cls.categ_apparel = Category.create({"name": "Apparel"})
        cls.categ_tops = Category.create({"name": "Tops", "parent_id": cls.categ_apparel.id})
        cls.categ_knitwear = Category.create({"name": "Knitwear", "parent_id": cls.categ_apparel.id})
        cls.categ_cardigans = Category.create({"name": "Cardigans", "parent_id": cls.categ_knitwear.id})
        cls.categ_home = Category.create({"name": "Home"})
        Mapping = cls.env["kobo.taxonomy.mapping"]
        Mapping.create(
            [
                {
                    "channel_id": cls.channel.id,
                    "categ_id": cls.categ_apparel.id,
                    "node_id": cls._class_node(1604).id,
                },
                {
                    "channel_id": cls.channel.id,
                    "categ_id": cls.categ_tops.id,
                    "node_id": cls._class_node(212).id,
                },
            ]
        )

    @classmethod
    def _class_node(cls, external_id):
        return cls.env["kobo.taxonomy.node"].search(
            [("taxonomy_id", "=", cls.taxonomy.id), ("external_id", "=", external_id)]
        )

    def _products(self, count, category):
        return self.env["product.template"].create(
            [{"name": f"{category.name} {n}", "categ_id": category.id} for n in range(count)]
        )

    def test_node_per_product_override_then_category_then_nearest_parent(self):
        shirt, cardigan, vase = (
            self._products(1, self.categ_tops)
            | self._products(1, self.categ_cardigans)
            | self._products(1, self.categ_home)
        )
        overridden = self._products(1, self.categ_tops)
        self.env["kobo.taxonomy.mapping"].with_user(self.catalogue_manager).create(
            {"channel_id": self.channel.id, "product_tmpl_id": overridden.id, "node_id": self._node(5598).id}
        )
        products = (shirt | cardigan | vase | overridden).product_variant_ids
        nodes = (
            self.env["kobo.taxonomy.mapping"]
            .with_user(self.catalogue_user)
            ._nodes_for_products(products, self.channel)
        )
        self.assertEqual(
            {template_id: node.external_id for template_id, node in nodes.items()},
            {shirt.id: 212, cardigan.id: 1604, overridden.id: 5598},
            "the vase's category Home has no mapping, neither has any of its parents",
        )

    def test_mapping_to_an_obsolete_node_falls_back_to_the_parent_category(self):
        outerwear = self.env["product.category"].create(
            {"name": "Gilets", "parent_id": self.categ_apparel.id}
        )
        self.env["kobo.taxonomy.mapping"].create(
            {"channel_id": self.channel.id, "categ_id": outerwear.id, "node_id": self._node(1831).id}
        )
        gilet = self._products(1, outerwear)
        Mapping = self.env["kobo.taxonomy.mapping"]
        self.assertEqual(Mapping._nodes_for_products(gilet, self.channel)[gilet.id].external_id, 1831)
        self.taxonomy._import_taxonomy_file(VERSION_2.encode())
        self.assertEqual(Mapping._nodes_for_products(gilet, self.channel)[gilet.id].external_id, 1604)

    def test_nodes_for_products_query_count_does_not_grow(self):
        Mapping = self.env["kobo.taxonomy.mapping"].with_user(self.catalogue_user)
        few = self._products(2, self.categ_tops) | self._products(1, self.categ_cardigans)
        many = self._products(30, self.categ_tops) | self._products(30, self.categ_cardigans)
        # warm-up: the first call of a user fills the ACL and record rule caches
        Mapping._nodes_for_products(few.with_user(self.catalogue_user), self.channel)
        self.env.invalidate_all()
        with self.assertQueryCount(4):
            result = Mapping._nodes_for_products(few.with_user(self.catalogue_user), self.channel)
        self.assertEqual(len(result), 3)
        self.env.invalidate_all()
        with self.assertQueryCount(4):
            result = Mapping._nodes_for_products(many.with_user(self.catalogue_user), self.channel)
        self.assertEqual(len(result), 60)

    def test_one_mapping_per_channel_and_category_and_only_to_the_channel_taxonomy(self):
        Mapping = self.env["kobo.taxonomy.mapping"].with_user(self.catalogue_manager)
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            Mapping.create(
                {"channel_id": self.channel.id, "categ_id": self.categ_tops.id, "node_id": self._node(204).id}
            )
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            Mapping.create(
                {
                    "channel_id": self.channel.id,
                    "categ_id": self.categ_home.id,
                    "product_tmpl_id": self._products(1, self.categ_home).id,
                    "node_id": self._node(204).id,
                }
            )
        other = self.Taxonomy.create({"name": "Other"})
        other._import_taxonomy_file(b"1 - Home\n")
        with self.assertRaisesMessage(
            ValidationError,
            'Channel Google FR uses the taxonomy "Google test"; node "1 - Home" belongs to "Other".',
        ):
            Mapping.create(
                {
                    "channel_id": self.channel.id,
                    "categ_id": self.categ_home.id,
                    "node_id": self._node(1, other).id,
                }
            )

    def test_catalogue_user_reads_mappings_but_does_not_change_them(self):
        Mapping = self.env["kobo.taxonomy.mapping"].with_user(self.catalogue_user)
        mappings = Mapping.search([("channel_id", "=", self.channel.id)])
        self.assertEqual(mappings.mapped("node_external_id"), [1604, 212])
        self.assertEqual(
            mappings[1].display_name,
            "Google FR: Apparel / Tops → 212 - Apparel & Accessories > Clothing > Shirts & Tops",
        )
        with self.assertRaises(AccessError):
            Mapping.create(
                {"channel_id": self.channel.id, "categ_id": self.categ_home.id, "node_id": self._node(204).id}
            )
        with self.assertRaises(AccessError):
            mappings[0].node_id = self._node(204)

    def test_manager_maps_a_category_from_the_channel_form(self):
        with Form(self.channel.with_user(self.catalogue_manager)) as channel_form:
            with channel_form.taxonomy_mapping_ids.new() as line:
                line.categ_id = self.categ_home
                line.node_id = self._node(204)
        mapping = self.channel.taxonomy_mapping_ids.filtered(lambda m: m.categ_id == self.categ_home)
        self.assertEqual(mapping.node_id.complete_name, "Apparel & Accessories > Clothing > Pants")

    def test_mappings_of_another_company_are_not_visible(self):
        other_company = self.env["res.company"].create({"name": "Other brand"})
        hidden_channel = self.env["kobo.channel"].create(
            {
                "name": "Hidden",
                "code": "hidden",
                "company_id": other_company.id,
                "taxonomy_id": self.taxonomy.id,
            }
        )
        self.env["kobo.taxonomy.mapping"].create(
            {"channel_id": hidden_channel.id, "categ_id": self.categ_home.id, "node_id": self._node(204).id}
        )
        visible = self.env["kobo.taxonomy.mapping"].with_user(self.catalogue_manager).search([])
        self.assertNotIn(hidden_channel, visible.channel_id)
        self.assertIn(self.channel, visible.channel_id)


@tagged("post_install", "-at_install")
class TestTaxonomyDemo(KoboPimCase):
    def test_demo_google_channel_maps_the_apparel_categories(self):
        channel = self.env.ref("kobo_pim.channel_google_de", raise_if_not_found=False)
        if not channel or not channel.taxonomy_id:
            self.skipTest("kobo_pim demo data is not installed")
        self.assertEqual(
            self.env.ref("kobo_pim.google_node_5598").complete_name,
            "Apparel & Accessories > Clothing > Outerwear > Coats & Jackets",
        )
        knit = self.env["product.template"].create(
            {"name": "Lambswool jumper", "categ_id": self.env.ref("kobo_pim.categ_women_knitwear").id}
        )
        jacket = self.env["product.template"].create(
            {"name": "Waxed jacket", "categ_id": self.env.ref("kobo_pim.categ_men_outerwear").id}
        )
        nodes = (
            self.env["kobo.taxonomy.mapping"]
            .with_user(self.catalogue_user)
            ._nodes_for_products(knit | jacket, channel)
        )
        self.assertEqual({nodes[knit.id].external_id, nodes[jacket.id].external_id}, {1604, 5598})
