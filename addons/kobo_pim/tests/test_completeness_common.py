"""Shared data of the completeness tests: a feed with a profile in two locales, products with
colour and size variants. No test methods here (the test modules import the class)."""

import base64
import io

from PIL import Image
from stdnum import ean

from odoo import Command

from .common import KoboPimCase


def gtin(number):
    """A valid EAN-13 from a 12-digit stem."""
    stem = f"{number:012d}"
    return stem + ean.calc_check_digit(stem)


def png(width, height):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (20, 30, 90)).save(buffer, format="PNG")
    return base64.b64encode(buffer.getvalue())


class CompletenessCase(KoboPimCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Only this test's channels and products: the demo catalogue (when demo data is loaded)
        # is archived, so that the channels' figures are this test's
        cls.env["kobo.channel"].search([]).active = False
        cls.env["kobo.enrichment"].search([]).product_tmpl_id.active = False
        cls.lang_en = cls.env.ref("base.lang_en")
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.lang_fr = cls.env["res.lang"]._lang_get("fr_FR")
        cls.colour = cls.env["product.attribute"].create(
            {
                "name": "Test Colour",
                "display_type": "color",
                "sequence": 1,
                "value_ids": [Command.create({"name": "Navy"}), Command.create({"name": "Red"})],
            }
        )
        cls.size = cls.env["product.attribute"].create(
            {
                "name": "Test Size",
                "sequence": 2,
                "value_ids": [Command.create({"name": "M"}), Command.create({"name": "L"})],
            }
        )
        cls.category = cls.env["product.category"].create({"name": "Test jackets"})
        cls.taxonomy = cls.env["kobo.taxonomy"].create({"name": "Test Google taxonomy"})
        cls.node = cls.env["kobo.taxonomy.node"].create(
            {
                "taxonomy_id": cls.taxonomy.id,
                "external_id": 5598,
                "name": "Coats & Jackets",
                "complete_name": "Apparel & Accessories > Clothing > Outerwear > Coats & Jackets",
            }
        )
        cls.profile = cls.env["kobo.requirement.profile"].create(
            {
                "name": "Test feed profile",
                "rule_ids": [
                    Command.create(
                        {
                            "check": "field",
                            "field_name": "kobo_marketing_name",
                            "label": "title",
                            "max_length": 30,
                        }
                    ),
                    Command.create(
                        {"check": "field", "field_name": "kobo_description", "label": "description"}
                    ),
                    Command.create({"check": "gtin"}),
                    Command.create({"check": "color"}),
                    Command.create({"check": "size"}),
                    Command.create(
                        {
                            "check": "image",
                            "image_role": "front",
                            "image_min_width": 500,
                            "image_min_height": 500,
                        }
                    ),
                    Command.create({"check": "field", "field_name": "kobo_brand", "label": "brand"}),
                    Command.create(
                        {
                            "check": "field",
                            "field_name": "kobo_gender",
                            "label": "gender",
                            "allowed_values": "female, male, unisex",
                        }
                    ),
                    Command.create({"check": "category", "label": "Google product category"}),
                    Command.create({"check": "certification"}),
                ],
            }
        )
        cls.channel = cls.env["kobo.channel"].create(
            {
                "name": "Test feed",
                "code": "test_feed",
                "channel_type": "feed",
                "lang_ids": [Command.set([cls.lang_en.id, cls.lang_fr.id])],
                "taxonomy_id": cls.taxonomy.id,
                "profile_id": cls.profile.id,
            }
        )
        cls.env["kobo.taxonomy.mapping"].create(
            {"channel_id": cls.channel.id, "categ_id": cls.category.id, "node_id": cls.node.id}
        )
        cls.gtin_counter = 400638133390

    @classmethod
    def _product(cls, name, complete=True, variants=(("Navy", "M"), ("Navy", "L"))):
        """A product in enrichment with colour × size variants; `complete`: meets every rule."""
        colours = cls.colour.value_ids.filtered(lambda value: value.name in {v[0] for v in variants})
        sizes = cls.size.value_ids.filtered(lambda value: value.name in {v[1] for v in variants})
        template = cls.env["product.template"].create(
            {
                "name": name,
                "categ_id": cls.category.id,
                "kobo_marketing_name": f"{name} title" if complete else False,
                "kobo_description": f"<p>{name}: soft wool.</p>" if complete else False,
                "kobo_brand": "Kobo" if complete else False,
                "kobo_gender": "female" if complete else False,
                "attribute_line_ids": [
                    Command.create({"attribute_id": cls.colour.id, "value_ids": [Command.set(colours.ids)]}),
                    Command.create({"attribute_id": cls.size.id, "value_ids": [Command.set(sizes.ids)]}),
                ],
            }
        )
        if complete:
            template.with_context(lang="fr_FR").write(
                {"kobo_marketing_name": f"{name} titre", "kobo_description": f"<p>{name} : laine douce.</p>"}
            )
            for variant in template.product_variant_ids:
                cls.gtin_counter += 1
                variant.barcode = gtin(cls.gtin_counter)
            cls.env["kobo.asset"].create(
                {"product_tmpl_id": template.id, "role": "front", "image": png(600, 600)}
            )
        cls.env["kobo.enrichment"]._kobo_ensure(template)
        cls.env.cr.flush()  # the commit point: the product's cells are computed
        return template

    def _cells(self, template, channel=None):
        cells = self.env["kobo.completeness"].search(
            [("product_tmpl_id", "=", template.id), ("channel_id", "=", (channel or self.channel).id)]
        )
        return {cell.lang_id.code: cell for cell in cells}

    def _variant(self, template, colour, size):
        return template.product_variant_ids.filtered(
            lambda variant: set(variant.product_template_attribute_value_ids.mapped("name")) == {colour, size}
        )
