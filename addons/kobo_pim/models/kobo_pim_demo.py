"""The PIM demo catalogue: the brand's shared structure before its records
(demo/kobo_pim_demo_catalogue.xml: one colour attribute, one size attribute per size system, one
category tree), then, after its records (demo/kobo_pim_demo_products.xml), what comes after a
buyer keyed the products in. Barcodes and style codes per variant, copy translated with gaps,
images, copy per channel, and each product's enrichment moved through the workflow's own actions
(by the demo catalogue user and the admin), so that the chatter and activities are the real ones.

Content is written before the states: a change to approved content sends it back to review.
"""

import base64
import datetime

from odoo import api, fields, models
from odoo.tools import file_open

from .kobo_pim_demo_content import ALT_TEXT, CHANNEL_COPY, COLOUR_NAMES, COPY, IMAGES, ROLE_WORDS

# The brand's colours: xmlid key, name, swatch.
COLOURS = (
    ("navy", "Navy", "#1F2A44"),
    ("oatmeal", "Oatmeal", "#D8CBB3"),
    ("heather", "Heather Grey", "#9A9A9A"),
    ("forest", "Forest", "#2F4A3A"),
    ("sage", "Sage", "#9CAF88"),
    ("chalk", "Chalk", "#F7F6F1"),
    ("charcoal", "Charcoal", "#3D3D3F"),
    ("camel", "Camel", "#B08A5A"),
    ("indigo", "Rinse Indigo", "#2C3E6B"),
    ("black", "Black", "#222222"),
    ("sand", "Sand", "#C9B28F"),
    ("sky", "Sky", "#A9C6E0"),
    ("ecru", "Ecru", "#E9E1CF"),
)
# One attribute per size system: xmlid, name, values. "Colour" and "Size" are the names Kōbō PLM
# gives its own attributes (its Size holds the letter sizes of its size ranges).
SIZE_ATTRIBUTES = (
    ("product_attribute_size_demo", "Size", ("XS", "S", "M", "L", "XL", "XXL")),
    (
        "product_attribute_size_eu_demo",
        "Size (EU)",
        ("34", "36", "38", "40", "42", "44", "46", "48", "50", "52", "54"),
    ),
)
# One category tree for every demo garment (PLM styles and catalogue products): xmlid, path. The
# size tables pick their table by the gendered branches; the channels map the leaves.
CATEGORIES = (
    ("categ_apparel", ("Apparel",)),
    ("categ_women", ("Apparel", "Women")),
    ("categ_women_tops", ("Apparel", "Women", "Tops")),
    ("categ_women_knitwear", ("Apparel", "Women", "Knitwear")),
    ("categ_women_outerwear", ("Apparel", "Women", "Outerwear")),
    ("categ_women_bottoms", ("Apparel", "Women", "Bottoms")),
    ("categ_women_dresses", ("Apparel", "Women", "Dresses")),
    ("categ_men", ("Apparel", "Men")),
    ("categ_men_tops", ("Apparel", "Men", "Tops")),
    ("categ_men_knitwear", ("Apparel", "Men", "Knitwear")),
    ("categ_men_outerwear", ("Apparel", "Men", "Outerwear")),
    ("categ_men_bottoms", ("Apparel", "Men", "Bottoms")),
    ("categ_kids", ("Apparel", "Kids")),
    ("categ_accessories", ("Apparel", "Accessories")),
)

PRODUCTS = (
    "merino_half_zip",
    "fleece_hoodie",
    "linen_popover",
    "wool_midi_skirt",
    "denim_trucker",
    "wide_leg_trouser",
    "poplin_blouse",
    "rib_tank",
)

# A GS1 company prefix of the Danish range (57…): the brand's own barcodes.
GS1_COMPANY_PREFIX = "5790042"

# Products whose buyer had no barcodes yet, and the one variant typed with a wrong check digit.
WITHOUT_BARCODES = ("poplin_blouse",)
WRONG_CHECK_DIGIT = ("denim_trucker", "indigo", "M")

# product: (state, assignee, deadline in days from today). The denim jacket is late.
ENRICHMENT_PLAN = {
    "merino_half_zip": ("approved", "kobo_pim.user_catalogue", -10),
    "fleece_hoodie": ("approved", "kobo_pim.user_catalogue", -6),
    "linen_popover": ("in_review", "kobo_pim.user_catalogue", 2),
    "wool_midi_skirt": ("in_review", "kobo_pim.user_catalogue", 4),
    "denim_trucker": ("in_progress", "kobo_pim.user_catalogue", -5),
    "wide_leg_trouser": ("in_progress", "kobo_pim.user_catalogue", 7),
    "poplin_blouse": ("to_enrich", "kobo_pim.user_catalogue", 21),
    "rib_tank": ("to_enrich", False, 28),
}


def gtin13(first_twelve):
    """`first_twelve` digits plus their GS1 check digit."""
    total = sum(int(digit) * (3 if position % 2 else 1) for position, digit in enumerate(first_twelve))
    return first_twelve + str((10 - total % 10) % 10)


class KoboPimDemo(models.AbstractModel):
    _name = "kobo.pim.demo"
    _description = "Kōbō PIM demo catalogue"

    @api.model
    def _demo_catalogue_structure(self):
        """The attributes and the category tree the demo garments share, found by name when
        another demo made them already (Kōbō PLM's loads first: its "Colour", "Size" and
        categories), made otherwise; under this module's xmlids either way, so the demo records
        refer to them whichever demo made them."""
        Attribute = self.env["product.attribute"].with_context(lang="en_US")
        Value = self.env["product.attribute.value"]
        xmlids = []

        def attribute(xmlid, name, display_type):
            found = Attribute.search([("name", "=", name), ("display_type", "=", display_type)], limit=1)
            found = found or Attribute.create(
                {"name": name, "display_type": display_type, "create_variant": "always"}
            )
            xmlids.append((xmlid, found))
            return found

        def value(xmlid, attr, name, sequence, **vals):
            found = Value.search([("attribute_id", "=", attr.id), ("name", "=", name)], limit=1)
            found = found or Value.create(
                {"attribute_id": attr.id, "name": name, "sequence": sequence, **vals}
            )
            xmlids.append((xmlid, found))

        colour = attribute("product_attribute_colour_demo", "Colour", "color")
        for sequence, (key, name, swatch) in enumerate(COLOURS, start=1):
            value(f"product_attribute_value_colour_{key}", colour, name, sequence, html_color=swatch)
        for xmlid, name, sizes in SIZE_ATTRIBUTES:
            size = attribute(xmlid, name, "pills")
            for sequence, size_name in enumerate(sizes, start=1):
                value(f"product_attribute_value_size_{size_name.lower()}", size, size_name, sequence)

        Category = self.env["product.category"]
        by_path = {}
        for xmlid, path in CATEGORIES:
            parent = by_path.get(path[:-1], Category)
            domain = [("name", "=", path[-1]), ("parent_id", "=", parent.id)]
            category = Category.search(domain, limit=1) or Category.create(
                {"name": path[-1], "parent_id": parent.id}
            )
            by_path[path] = category
            xmlids.append((xmlid, category))

        self.env["ir.model.data"]._update_xmlids(
            [{"xml_id": f"kobo_pim.{xmlid}", "record": record, "noupdate": True} for xmlid, record in xmlids]
        )
        return True

    # Called by the channel addons' demo data (kobo_syndication_*), once their channel is set up.

    @api.model
    def _demo_publish(self, channel_xmlid, product_xmlids):
        """*Publish* these products on the channel as the catalogue team does, then run the
        channel's sync job now, as its job runner would (demo loading runs none): the listings
        end as the real flow leaves them, published, blocked or in error, each saying why."""
        channel = self.env.ref(channel_xmlid)
        templates = self.env["product.template"].union(*(self.env.ref(xmlid) for xmlid in product_xmlids))
        listings = self.env["kobo.listing"]._kobo_ensure(templates, channel)
        listings._kobo_queue_publish()
        channel._kobo_job_sync()
        return True

    @api.model
    def _demo_shop_order(self, channel_xmlid):
        """The garments the web shop channel published open the shop: each pushed to the top as
        the shop editor's *Push to top* does (``set_sequence_top``), Odoo's demo products after
        them."""
        listings = self.env["kobo.listing"].search(
            [("channel_id", "=", self.env.ref(channel_xmlid).id), ("state", "=", "published")]
        )
        for template in listings.product_tmpl_id.sorted("name", reverse=True):
            template.set_sequence_top()
        return True

    @api.model
    def _build_demo(self):
        products = {key: self.env.ref(f"kobo_pim.demo_product_{key}") for key in PRODUCTS}
        self._demo_variant_codes(products)
        self._demo_translations(products)
        self._demo_assets(products)
        self._demo_channel_copy(products)
        self._demo_enrichments(products)
        # The dashboard opens computed, not "outdated" until the cron's first run.
        Completeness = self.env["kobo.completeness"]
        Completeness._kobo_sync_cells(templates=self.env["product.template"].union(*products.values()))
        Completeness._kobo_recompute_dirty()
        return True

    def _demo_colour_and_size(self, variant):
        values = variant.product_template_attribute_value_ids.product_attribute_value_id
        colour = values.filtered(lambda value: value.attribute_id.display_type == "color")
        return colour, values - colour

    def _demo_variant_codes(self, products):
        """MPN (internal reference) and GTIN-13 (barcode) on every variant, with two gaps."""
        colour_keys = {
            self.env.ref(f"kobo_pim.product_attribute_value_colour_{key}"): key for key in COLOUR_NAMES
        }
        item_number = 0
        for key, template in products.items():
            for variant in template.product_variant_ids.sorted("id"):
                item_number += 1
                colour, size = self._demo_colour_and_size(variant)
                vals = {"default_code": f"{template.kobo_item_group}-{colour.name[:3].upper()}-{size.name}"}
                if key not in WITHOUT_BARCODES:
                    barcode = gtin13(f"{GS1_COMPANY_PREFIX}{item_number:05d}")
                    if (key, colour_keys[colour], size.name) == WRONG_CHECK_DIGIT:
                        barcode = barcode[:-1] + str((int(barcode[-1]) + 1) % 10)
                    vals["barcode"] = barcode
                variant.write(vals)

    def _demo_translations(self, products):
        """Copy in French, German and Japanese where the agency delivered it (the marketing name
        is the product's name in that language too); colour names."""
        for key, by_lang in COPY.items():
            template = products[key]
            fields_langs = {}
            for lang, values in by_lang.items():
                for field, value in values.items():
                    fields_langs.setdefault(field, {})[lang] = value
                # The web shop shows Odoo's own product name: it gets the marketing name.
                if "kobo_marketing_name" in values:
                    fields_langs.setdefault("name", {})[lang] = values["kobo_marketing_name"]
            for field, translations in fields_langs.items():
                self._demo_translate(template, field, translations)
        for key, translations in COLOUR_NAMES.items():
            self.env.ref(f"kobo_pim.product_attribute_value_colour_{key}").update_field_translations(
                "name", translations
            )

    def _demo_translate(self, record, field_name, translations):
        """`translations` ({lang: value}) stored as Odoo stores them: whole values, or for HTML
        (translated term by term) each term of the English value mapped to the translated one."""
        field = record._fields[field_name]
        if callable(field.translate):
            source_terms = field.get_trans_terms(record.with_context(lang="en_US")[field_name])
            translations = {
                lang: dict(zip(source_terms, field.get_trans_terms(value), strict=True))
                for lang, value in translations.items()
            }
        record.update_field_translations(field_name, translations)

    def _demo_assets(self, products):
        """Images per colourway with alt text; the first front image is the product's picture."""
        Asset = self.env["kobo.asset"]
        webshop = self.env.ref("kobo_pim.channel_webshop")
        vals_list = []
        for sequence, (key, colour_key, role) in enumerate(IMAGES, start=1):
            template = products[key]
            colour = self.env.ref(f"kobo_pim.product_attribute_value_colour_{colour_key}")
            file_name = f"{key}_{colour_key}_{role}.jpg"
            with file_open(f"kobo_pim/static/img/demo/{file_name}", "rb") as image_file:
                image = base64.b64encode(image_file.read())
            vals_list.append(
                {
                    "product_tmpl_id": template.id,
                    "color_value_id": colour.id,
                    "sequence": sequence,
                    "role": role,
                    "name": file_name,
                    "image": image,
                    "alt_text": self._demo_alt_text(
                        template.kobo_marketing_name or template.name, colour.name, role, "en_US"
                    ),
                    # The lifestyle picture is the web shop's; marketplaces want product shots only.
                    "channel_ids": [fields.Command.set(webshop.ids)] if role == "lifestyle" else [],
                }
            )
        assets = Asset.create(vals_list)
        for asset in assets:
            template = asset.product_tmpl_id
            key = template.get_external_id()[template.id].split(".demo_product_")[1]
            translations = {
                lang: self._demo_alt_text(
                    COPY[key][lang].get("kobo_marketing_name", template.kobo_marketing_name),
                    COLOUR_NAMES[self._demo_colour_key(asset.color_value_id)][lang],
                    asset.role,
                    lang,
                )
                for lang in ALT_TEXT.get(key, ())
            }
            if translations:
                asset.update_field_translations("alt_text", translations)
            if asset.role == "front" and not template.image_1920:
                template.image_1920 = asset.image

    def _demo_colour_key(self, colour):
        return next(key for key, _name, _swatch in COLOURS if self._demo_colour(key) == colour)

    def _demo_colour(self, key):
        return self.env.ref(f"kobo_pim.product_attribute_value_colour_{key}")

    def _demo_alt_text(self, product, colour, role, lang):
        pattern = {
            "en_US": "{product} in {colour}, {view}",
            "fr_FR": "{product} coloris {colour}, {view}",
            "de_DE": "{product} in {colour}, {view}",
            "ja_JP": "{product}（{colour}）{view}",
        }[lang]
        return pattern.format(product=product, colour=colour, view=ROLE_WORDS[role][lang])

    def _demo_channel_copy(self, products):
        """Amazon's longer titles and five bullet points, in English and German."""
        for (key, channel_xmlid), by_lang in CHANNEL_COPY.items():
            copy = self.env["kobo.channel.copy"].create(
                {
                    "product_tmpl_id": products[key].id,
                    "channel_id": self.env.ref(channel_xmlid).id,
                    **by_lang["en_US"],
                }
            )
            for field in by_lang["en_US"]:
                copy.update_field_translations(
                    field, {lang: values[field] for lang, values in by_lang.items() if lang != "en_US"}
                )

    def _demo_enrichments(self, products):
        """Assignees and deadlines, then each product taken through the workflow to its state."""
        today = fields.Date.context_today(self)
        catalogue = self.env.ref("kobo_pim.user_catalogue")
        admin = self.env.ref("base.user_admin")
        Enrichment = self.env["kobo.enrichment"]
        enrichments = Enrichment._kobo_ensure(self.env["product.template"].union(*products.values()))
        by_product = {enrichment.product_tmpl_id: enrichment for enrichment in enrichments}
        by_state = {}
        for key, (state, assignee, days) in ENRICHMENT_PLAN.items():
            enrichment = by_product[products[key]]
            enrichment.write(
                {
                    "user_id": self.env.ref(assignee).id if assignee else False,
                    "date_deadline": today + datetime.timedelta(days=days),
                }
            )
            by_state.setdefault(state, Enrichment)
            by_state[state] |= enrichment
        started = Enrichment.union(
            *(by_state.get(state, Enrichment) for state in ("in_progress", "in_review", "approved"))
        )
        started.with_user(catalogue).action_start()
        submitted = Enrichment.union(
            *(by_state.get(state, Enrichment) for state in ("in_review", "approved"))
        )
        submitted.with_user(catalogue).action_submit()
        by_state.get("approved", Enrichment).with_user(admin).action_approve()
