"""The hand-off itself: carry what development changed since the last hand-off, nothing else.

Per enrichment, `kobo_handoff_digests` keeps a digest of every carried value as development had
it at the last hand-off. A key whose digest is unchanged is skipped, even when the catalogue
team has edited the product since: their edit wins until development changes the source. A
key whose digest changed is written and named in the enrichment's chatter. A second run with
nothing changed in development writes nothing and logs nothing.
"""

import hashlib
import json
from collections import defaultdict

from markupsafe import Markup

from odoo import api, fields, models
from odoo.addons.kobo_base.models.kobo_workflow_mixin import privileged
from odoo.addons.kobo_pim.models.kobo_enrichment_content import kobo_field_label
from odoo.addons.kobo_pim.models.kobo_image_check import ImageRefused, decode_base64, inspect_image
from odoo.tools import SQL

from .kobo_handoff_sources import PLAIN_FIELDS, TRANSLATED_FIELDS

# The style's picture is the flat development drew; once handed off, the product's picture is
# the catalogue team's to replace with a photo, which must not come back as a "flat".
CARRIED_ONCE = ("asset@style:image",)


def _digest(value):
    return hashlib.sha256(json.dumps(value, sort_keys=True, default=str).encode()).hexdigest()[:20]


class KoboPlmHandoff(models.AbstractModel):
    _inherit = "kobo.plm.handoff"

    @api.model
    def _kobo_carry(self, styles, enrichments):
        """Carry development's data of `styles` to their products and `enrichments`.

        The caller has checked who may hand off; reads and writes run as the system so that a
        catalogue user need not see the brand's costing. Returns {enrichment: [changed labels]}.
        """
        styles = styles.sudo()
        if not styles:
            return {}
        sources, assets = self._kobo_sources(styles)
        enrichment_by_style = {enrichment.product_tmpl_id.id: enrichment for enrichment in enrichments.sudo()}
        changes = {}
        for style in styles:
            enrichment = enrichment_by_style.get(style.id)
            if not enrichment:
                continue
            previous = enrichment.kobo_handoff_digests or {}
            digests = {key: _digest(value) for key, value in sources[style.id].items()}
            problems = enrichment.kobo_handoff_problems or {}
            for key in CARRIED_ONCE:
                # An image refused as an asset is carried once it changed, like any other.
                if key in previous and key.partition("@")[2] not in problems:
                    digests[key] = previous[key]
            changed = [
                key
                for key, value in sources[style.id].items()
                if digests[key] != previous.get(key) and (value or key in previous)
            ]
            if changed or digests.keys() - previous.keys():
                changes[style] = (enrichment, changed, dict(previous, **digests))
        labels = defaultdict(list)
        refused = {}  # style: {asset key: what to fix}
        self._kobo_write_product_fields(changes, sources, labels)
        self._kobo_write_colorways(changes, sources, labels)
        self._kobo_write_certifications(changes, sources, labels)
        self._kobo_write_assets(changes, assets, labels, refused)
        self._kobo_write_wholesale_prices(changes, sources, labels)
        now = fields.Datetime.now()
        for _style, (enrichment, _changed, digests) in changes.items():
            privileged(enrichment).write({"kobo_handoff_digests": digests, "kobo_handoff_date": now})
        self._kobo_keep_problems(styles, enrichment_by_style, changes, assets, refused)
        bodies = {
            enrichment.id: self._kobo_handoff_note(labels[style.id], refused.get(style, {}).values())
            for style, (enrichment, _changed, _digests) in changes.items()
            if labels[style.id] or refused.get(style)
        }
        if bodies:
            self.env["kobo.enrichment"].sudo().browse(list(bodies))._message_log_batch(bodies)
        styles.filtered(lambda style: not style.kobo_handoff_date).write({"kobo_handoff_date": now})
        return {changes[style][0]: labels[style.id] for style in changes if labels[style.id]}

    @api.model
    def _kobo_handoff_note(self, labels, problems):
        """The enrichment's chatter note of a hand-off: what was carried, what was not."""
        lines = []
        if labels:
            lines.append(
                Markup("%s<br/>%s") % (self.env._("Hand-off from development updated:"), ", ".join(labels))
            )
        if problems:
            lines.append(
                Markup("%s<br/>%s")
                % (self.env._("Not carried, to fix in development:"), Markup("<br/>").join(problems))
            )
        return Markup("<br/>").join(lines)

    @api.model
    def _kobo_keep_problems(self, styles, enrichment_by_style, changes, assets, refused):
        """Each enrichment's problems (`kobo_handoff_problems`): an image refused now is added; one
        carried now, or no longer in development, goes. The style's developer is told of new ones.

        Only the enrichments whose problems change are written (none in a hand-off that carries
        every image: no query).
        """
        for style in styles:
            enrichment = enrichment_by_style.get(style.id)
            if not enrichment:
                continue
            previous = enrichment.kobo_handoff_problems or {}
            new = refused.get(style, {})
            carried = {
                key.partition("@")[2]
                for key in (changes[style][1] if style in changes else ())
                if key.startswith("asset@")
            }
            problems = {
                key: text for key, text in previous.items() if key in assets[style.id] and key not in carried
            }
            problems.update(new)
            if problems != previous:
                privileged(enrichment).write({"kobo_handoff_problems": problems or False})
            if new:
                style.sudo()._kobo_handoff_tell_developer(
                    Markup("%s<br/>%s")
                    % (
                        self.env._("The hand-off to enrichment did not carry:"),
                        Markup("<br/>").join(new.values()),
                    ),
                    self.env._("Replace an image the catalogue cannot use"),
                )

    @api.model
    def _kobo_field_label(self, name, lang=None):
        label = self.env["product.template"]._fields[name]._description_string(self.env)
        return f"{label} ({lang})" if lang else label

    @api.model
    def _kobo_write_product_fields(self, changes, sources, labels):
        """Styles given the same values in a language are written together, English first.

        Each write goes through every addon's write (automation rules, enrichment approval,
        completeness), so writes are grouped: values shared by many styles (a season, a fabric's
        composition and care text in French) cost one write, not one per style. What is each
        style's own (its number, its size chart) costs a write per style without a query: the
        styles are written with one prefetch set, so what Odoo and the hooks read in a write
        (the products' variants and enrichments) is read once for all of them, and the size
        chart's stored translations are read once (`_kobo_stage_term_translated`).
        """
        groups = defaultdict(list)  # (lang, values) -> styles
        term_translated = {}  # (style id, field name) -> English value
        Template = self.env["product.template"].sudo()
        for style, (_enrichment, changed, _digests) in changes.items():
            by_lang = defaultdict(dict)
            for key in changed:
                name, _sep, lang = key.partition("@")
                value = sources[style.id][key]
                if name in PLAIN_FIELDS and value:
                    by_lang["en_US"][name] = value
                    labels[style.id].append(self._kobo_field_label(name))
                elif name in TRANSLATED_FIELDS and value:
                    by_lang[lang][name] = value
                    labels[style.id].append(self._kobo_field_label(name, lang))
                    if lang == "en_US" and callable(Template._fields[name].translate):
                        term_translated[style.id, name] = value
            for lang, vals in by_lang.items():
                groups[lang, tuple(sorted(vals.items()))].append(style.id)
        products = Template.browse([style.id for style in changes])
        report_staged = self._kobo_stage_term_translated(products, term_translated)
        # English first: the other languages' values are stored next to it.
        for english in (True, False):
            for (lang, vals), style_ids in groups.items():
                if (lang == "en_US") == english:
                    Template.browse(style_ids).with_prefetch(products._prefetch_ids).with_context(
                        lang=lang
                    ).write(dict(vals))
            if english:
                # As a write of the English values would have, before the other languages'.
                report_staged()

    @api.model
    def _kobo_stage_term_translated(self, products, values):
        """Put the English values of term-translated fields (the Html size chart) of `products`
        in the cache as Odoo's write stores them, when the product has no translation of them.

        The hand-off's one shortcut past Odoo's public paths, kept for a measured cost: without
        it Odoo's write reads each style's stored size chart with a query of its own (a first
        hand-off of 3 styles took 114 queries, of 9 styles 120). The values still go through
        `write()` right after, so every addon's write override on products runs with them
        (TestPublicPaths); only an override comparing the size chart before and after its
        super() sees no change, which is why the enrichment approval watch is run here.

        `values`: {(product id, field name): English value}. Odoo's write of a term-translated
        field reads each record's stored translations, one query a record, to carry translated
        terms over to the new text. Here they are read once for all products. A text nobody has
        translated yet (every product's first hand-off) is stored as its English value alone,
        which is exactly what Odoo's write would store: it goes in the cache now (dirty, flushed
        like any write) and the write that follows finds it done. A translated text is left to
        Odoo's write, which merges its terms.

        The write then sees no change of these fields, so the enrichment approval watch is run
        here: returns the function to call after the writes, which sends approved products whose
        text changed back to review, as a write would.
        """
        by_field = defaultdict(dict)
        for (product_id, name), value in values.items():
            by_field[name][product_id] = value
        watched_before = []  # (field, watched products, their values before)
        products = products.with_context(lang="en_US")
        for name, english in by_field.items():
            field = products._fields[name]
            records = products.browse(list(english)).with_prefetch(products._prefetch_ids)
            records.flush_recordset([name])
            self.env.cr.execute(
                SQL(
                    "SELECT id, %s FROM %s WHERE id = ANY(%s)",
                    SQL.identifier(name),
                    SQL.identifier(records._table),
                    records.ids,
                )
            )
            translated_ids = {
                product_id for product_id, stored in self.env.cr.fetchall() if set(stored or ()) - {"en_US"}
            }
            untranslated = records.browse(
                [product_id for product_id in records.ids if product_id not in translated_ids]
            ).with_prefetch(products._prefetch_ids)
            if not untranslated:
                continue
            watched = untranslated._kobo_enrichment_watched()
            watched_before.append((field, watched, {record.id: record[name] for record in watched}))
            self.env.cache.update_raw(
                untranslated,
                field,
                [{"en_US": field.convert_to_cache(english[record.id], record)} for record in untranslated],
                dirty=True,
            )

        def report():
            english = self.env["res.lang"]._lang_get("en_US")
            changed = defaultdict(list)
            watched_all = products.browse()
            for field, watched, before in watched_before:
                watched_all |= watched
                for record in watched:
                    if record[field.name] != before[record.id]:
                        changed[record.id].append(kobo_field_label(record, field.name, english))
            watched_all._kobo_enrichment_changed(changed)

        return report

    @api.model
    def _kobo_write_colorways(self, changes, sources, labels):
        """The colour values' swatch and name per language, as the colour library has them."""
        for style, (_enrichment, changed, _digests) in changes.items():
            if "colorways" not in changed:
                continue
            for value_id, hex_value, names in sources[style.id]["colorways"]:
                value = self.env["product.attribute.value"].sudo().browse(value_id)
                if value.html_color != hex_value:
                    value.html_color = hex_value
                for lang, name in names.items():
                    if name and value.with_context(lang=lang).name != name:
                        value.with_context(lang=lang).name = name
            labels[style.id].append(self.env._("Colorways"))

    @api.model
    def _kobo_write_certifications(self, changes, sources, labels):
        """The materials' certificates as the product's claims; only the ones it brought change."""
        styles = [style for style, (_e, changed, _d) in changes.items() if "certifications" in changed]
        if not styles:
            return
        Certification = self.env["kobo.pim.certification"].sudo()
        existing = defaultdict(dict)
        for certification in Certification.search(
            [("product_tmpl_id", "in", [style.id for style in styles]), ("kobo_handoff", "=", True)]
        ):
            existing[certification.product_tmpl_id.id][certification.name, certification.reference] = (
                certification
            )
        to_create, to_remove = [], Certification
        for style in styles:
            kept = existing[style.id]
            for name, reference, expiry in sources[style.id]["certifications"]:
                certification = kept.pop((name, reference), None)
                if not certification:
                    to_create.append(
                        {
                            "product_tmpl_id": style.id,
                            "name": name,
                            "reference": reference,
                            "date_expiry": expiry,
                            "kobo_handoff": True,
                        }
                    )
                elif str(certification.date_expiry) != expiry:
                    certification.date_expiry = expiry
            # A certificate no longer on the materials is not a claim the product may make.
            to_remove |= Certification.concat(*kept.values())
            labels[style.id].append(self.env._("Certifications"))
        to_remove.unlink()
        Certification.create(to_create)

    @api.model
    def _kobo_write_assets(self, changes, assets, labels, refused):
        """New flats and sample photos become assets; changed images replace the ones brought before.

        Assets the catalogue team added are never touched, nor are the alt texts, channels and
        roles they set on the ones the hand-off brought. An image that cannot be an asset (too
        small, not an image, damaged: the asset's own upload check) is not carried: it goes in
        `refused` ({style: {asset key: what to fix}}) and the rest of the style is handed off.
        """
        keys_by_style = {
            style: [key.partition("@")[2] for key in changed if key.startswith("asset@")]
            for style, (_e, changed, _d) in changes.items()
        }
        keys_by_style = {style: keys for style, keys in keys_by_style.items() if keys}
        if not keys_by_style:
            return
        Asset = self.env["kobo.asset"].sudo()
        existing = {
            (asset.product_tmpl_id.id, asset.kobo_handoff_key): asset
            for asset in Asset.search(
                [
                    ("product_tmpl_id", "in", [style.id for style in keys_by_style]),
                    ("kobo_handoff_key", "!=", False),
                ]
            )
        }
        to_create = []
        limits = Asset._kobo_upload_limits()
        for style, keys in keys_by_style.items():
            for sequence, key in enumerate(keys, start=1):
                values = assets[style.id][key]
                record, field = values["source"]
                image = record[field]
                problem = self._kobo_image_problem(Asset, image, limits, style, values)
                if problem:
                    refused.setdefault(style, {})[key] = problem
                    continue
                asset = existing.get((style.id, key))
                if asset:
                    asset.image = image
                else:
                    to_create.append(
                        {
                            "product_tmpl_id": style.id,
                            "kobo_handoff_key": key,
                            "sequence": 100 + sequence,
                            "role": values["role"],
                            "kind": "image",
                            "name": values["name"],
                            "image": image,
                            "color_value_id": values.get("color_value_id") or False,
                        }
                    )
                labels[style.id].append(self.env._("Image %(name)s", name=values["name"]))
        Asset.create(to_create)

    @api.model
    def _kobo_image_problem(self, Asset, image, limits, style, values):
        """What to fix when `image` cannot be an asset, by the asset's own check; else None.

        The asset's create checks the image again: the hand-off asks first, so that one image
        never fails the style's hand-off (or the batch's).
        """
        try:
            inspect_image(decode_base64(image), **limits)
        except ImageRefused as refusal:
            label = Asset._kobo_describe(values["name"], style, values["role"], 0)
            return self.env._(
                "%(problem)s It is not among the assets: replace it in development, and it is carried "
                "at the next hand-off.",
                problem=Asset._kobo_refusal_message(refusal, label),
            )
        return None

    @api.model
    def _kobo_demo_handoff(self):
        """Demo: the styles the PLM demo approved for production (or released) are handed off."""
        styles = self.env["product.template"].search(
            [("kobo_is_style", "=", True), ("kobo_stage", "in", ("production_approved", "released"))]
        )
        styles._kobo_send_to_enrichment()
        return True
