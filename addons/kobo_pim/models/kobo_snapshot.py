"""The approved snapshot: what a channel may show of a product, in one locale.

One place builds it from the PIM's own rules, so that every channel says the same true thing:

- the approved copy: the channel's override where set, else the product's own, per locale
  (``product.template._kobo_copy_values``), and its text through the one HTML-to-text rule
  (``kobo_pim/text.py``), which completeness measures too;
- prices from the channel's pricelist, regular and sale with their dates
  (``kobo.channel._kobo_prices``: Odoo's pricelist engine, as Odoo's website computes them);
- sizes in the channel's size system (``kobo.channel._size_labels``) and colours by name;
- the images that go to the channel, in order, and their renditions for its spec;
- identifiers (internal reference, GTIN) and availability (``_kobo_in_stock_ids``: without
  Inventory nothing is tracked and everything is available).

Connectors map it onto their payloads; the read-back tests of each channel addon compare what the
channel shows with it. Everything is read in batch: the number of queries does not depend on the
number of products or locales.
"""

from odoo import api, models
from odoo.exceptions import UserError

from ..text import html_to_text, html_to_title


class KoboSnapshot(models.AbstractModel):
    _name = "kobo.snapshot"
    _description = "Approved snapshot of products for a channel"

    @api.model
    def _kobo_build(self, templates, channel, langs):
        """``{(template id, lang): snapshot}`` for every product of ``templates`` in every locale
        of ``langs`` on ``channel``. A snapshot is a dict:

        - ``name``, ``title`` (one line), ``description`` (text), ``description_html``, ``copy``
          (the approved copy fields as stored);
        - ``images``: ``[{"asset": kobo.asset, "rendition": kobo.asset.rendition or None,
          "colour": product.attribute.value}]`` in display order;
        - ``variants``: ``[{"variant", "code", "gtin", "colours" (names), "size" (label in the
          channel's size system, or the values' names), "price" (``_kobo_prices``' dict or None),
          "available" (bool), "quantity" (on hand, or None when not tracked)}]``;
        - ``problems``: ``[{"field", "message"[, "product_id"]}]``: what the channel cannot be
          given (no pricelist, a size without conversion).
        """
        channel.ensure_one()
        if not templates:
            return {}
        variants = templates.product_variant_ids
        variants.fetch(["default_code", "barcode", "product_template_attribute_value_ids", "product_tmpl_id"])
        values = variants.product_template_attribute_value_ids.product_attribute_value_id
        values.fetch(["name", "attribute_id"])
        try:
            prices, price_problem = channel._kobo_prices(variants), None
        except UserError as error:
            prices, price_problem = {}, str(error)
        size_labels, size_problems = channel._size_labels(variants)
        tracked = self.env["product.product"]._kobo_tracked_quantities(variants, channel.company_id)
        in_stock = self.env["product.product"]._kobo_in_stock_ids(variants, channel.company_id)
        assets = templates._kobo_assets_for_channel(channel)
        renditions = self.env["kobo.asset"].union(*assets.values())._kobo_renditions(channel)
        copies = self.env["product.template"]._kobo_copy_values(templates, channel, langs)
        own_texts = {
            lang: {
                template.id: (template.name, template.description_sale)
                for template in templates.with_context(lang=lang)
            }
            for lang in langs
        }
        # attribute value names per locale (colours, sizes without a size system), in batch
        value_names = {
            lang: {value.id: value.name for value in values.with_context(lang=lang)} for lang in langs
        }
        variant_rows = {}  # (template id, lang): [row]
        for variant in variants:
            own = variant.product_template_attribute_value_ids.product_attribute_value_id
            colours = own.filtered(lambda value: value.attribute_id.display_type == "color")
            sizes = own - colours
            label = size_labels.get(variant.id)
            for lang in langs:
                names = value_names[lang]
                size_names = [names[value.id] for value in sizes]
                variant_rows.setdefault((variant.product_tmpl_id.id, lang), []).append(
                    {
                        "variant": variant,
                        "code": (variant.default_code or "").strip(),
                        "gtin": (variant.barcode or "").strip(),
                        "colours": [names[value.id] for value in colours],
                        "size": label or ("" if channel.size_system else "/".join(size_names)),
                        "size_values": size_names,
                        "price": prices.get(variant.id),
                        "available": variant.id in in_stock,
                        "quantity": tracked.get(variant.id),
                    }
                )
        # display names in one batch, only when a size problem has to be told apart per variant
        display_names = (
            dict(zip(variants.ids, variants.mapped("display_name"), strict=True)) if size_problems else {}
        )
        snapshots = {}
        for template in templates:
            images = [
                {
                    "asset": asset,
                    "rendition": renditions.get(asset.id),
                    "colour": asset.color_value_id,
                }
                for asset in assets.get(template.id, self.env["kobo.asset"])
            ]
            problems = [{"field": "price", "message": price_problem}] if price_problem else []
            # the conversion's own words name the variant at fault
            problems += [
                {"field": "size", "message": message, "product_id": variant.id}
                for variant in template.product_variant_ids
                for message in size_problems
                if display_names[variant.id] in message
            ]
            for lang in langs:
                copy = copies[(template.id, channel.id, lang)]
                name, description_sale = own_texts[lang][template.id]
                name = name or ""
                description_html = copy["kobo_description"] or description_sale or ""
                snapshots[(template.id, lang)] = {
                    "template": template,
                    "lang": lang,
                    "name": name,
                    "title": html_to_title(copy["kobo_marketing_name"] or name),
                    "description": html_to_text(description_html),
                    "description_html": description_html,
                    "copy": copy,
                    "images": images,
                    "variants": variant_rows.get((template.id, lang), []),
                    "problems": problems,
                }
        return snapshots
