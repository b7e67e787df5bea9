"""The Odoo web shop (website_sale) as a channel.

The shop reads Odoo's own records, so publishing writes onto them what a shopper sees, in every
locale of the channel that the website has: the shop description (``description_ecommerce``)
from the marketing description and bullet points, the SEO fields of ``website.seo.metadata``,
the main picture and the extra images (``product.image``) from the channel's assets and
renditions, the descriptive attributes as visible shop filters, and the channel's pricelist as
what the website's visitors are shown. Delisting only unpublishes: the content stays.
"""

from markupsafe import Markup
from psycopg2.extras import Json

from odoo import api, models
from odoo.addons.kobo_base.models.kobo_workflow_mixin import privileged
from odoo.tools import SQL, html_sanitize, is_html_empty

# Shop field ← payload key, per locale. All four are translated by Odoo (JSONB per language).
SHOP_TEXT_FIELDS = {
    "description_ecommerce": "description",
    "website_meta_title": "meta_title",
    "website_meta_description": "meta_description",
    "website_meta_keywords": "meta_keywords",
}

BULLET_MARKS = "-•*· \t"


class KoboConnectorWebsite(models.AbstractModel):
    """The Odoo web shop: publishing is the product's *Is Published* flag plus its shop content."""

    _name = "kobo.connector.website"
    _inherit = "kobo.connector"

    #: Listings per sync job. The web shop's job writes the products themselves (published,
    #: description, images) in its transaction: a catalogue user's save of one of them makes it
    #: fail to serialize and start over, so its batches are kept short (measured by the
    #: two-server test, tests/test_multiworker.py: 16 products under continuous edits retried 10
    #: times over 6 minutes in one batch of 200).
    _kobo_sync_batch_size = 20
    _description = "Syndication connector: Odoo website"

    # Validation

    @api.model
    def validate(self, listings):
        """Besides the profile's completeness: the channel must name a website that has every
        locale of the channel and a pricelist that website may show; each product must be one
        the shop can sell."""
        issues = super().validate(listings)
        if not listings:
            return issues
        channel = listings.channel_id.ensure_one()
        shared = self._kobo_channel_issues(channel)
        website = channel.website_id
        for listing in listings:
            template = listing.product_tmpl_id
            found = list(shared)
            if not template.sale_ok:
                found.append(
                    {
                        "field": "sale_ok",
                        "message": self.env._(
                            "%(product)s is not sold (Can be Sold is unticked): the shop does not show it.",
                            product=template.display_name,
                        ),
                    }
                )
            if website and template.website_id and template.website_id != website:
                found.append(
                    {
                        "field": "website_id",
                        "message": self.env._(
                            "%(product)s is restricted to the website %(other)s, not %(website)s.",
                            product=template.display_name,
                            other=template.website_id.display_name,
                            website=website.display_name,
                        ),
                    }
                )
            if found:
                issues.setdefault(listing.id, []).extend(found)
        return issues

    @api.model
    def _kobo_channel_issues(self, channel):
        """Issues of the channel's set-up, which block every one of its listings."""
        issues = []
        website = channel.website_id
        if not website:
            issues.append(
                {
                    "field": "website_id",
                    "message": self.env._(
                        "The channel %(channel)s has no website: choose the website it publishes to.",
                        channel=channel.display_name,
                    ),
                }
            )
        else:
            for lang in channel.lang_ids - website.language_ids:
                issues.append(
                    {
                        "field": "lang_ids",
                        "lang": lang.code,
                        "message": self.env._(
                            "The website %(website)s has no %(language)s: add the language to the website "
                            "(Website ▸ Configuration ▸ Settings) or remove it from the channel's locales.",
                            website=website.display_name,
                            language=lang.name,
                        ),
                    }
                )
        pricelist = channel.pricelist_id
        if not pricelist:
            issues.append(
                {
                    "field": "pricelist_id",
                    "message": self.env._(
                        "The channel %(channel)s has no pricelist: choose the pricelist whose prices "
                        "the shop shows.",
                        channel=channel.display_name,
                    ),
                }
            )
        elif website and (
            (pricelist.website_id and pricelist.website_id != website)
            or (pricelist.company_id and pricelist.company_id != website.company_id)
        ):
            issues.append(
                {
                    "field": "pricelist_id",
                    "message": self.env._(
                        "The pricelist %(pricelist)s belongs to %(owner)s and cannot be shown on the "
                        "website %(website)s.",
                        pricelist=pricelist.display_name,
                        owner=(pricelist.website_id or pricelist.company_id).display_name,
                        website=website.display_name,
                    ),
                }
            )
        return issues

    # Payload

    @api.model
    def _kobo_shop_langs(self, channel):
        """The locales written: the channel's locales that its website has (the website's
        default language when the channel names none)."""
        website = channel.website_id
        if not channel.lang_ids:
            return [website.default_lang_id.code or "en_US"]
        langs = channel.lang_ids & website.language_ids if website else channel.lang_ids
        return langs.mapped("code")

    @api.model
    def build_payload(self, listings):
        """``{listing id: payload}``: everything a shopper sees of the product, so that the
        digest changes when any of it changes. A fixed number of queries per batch."""
        if not listings:
            return {}
        channel = listings.channel_id.ensure_one()
        website = channel.website_id
        langs = self._kobo_shop_langs(channel)
        templates = listings.product_tmpl_id
        # What the PIM approved, per product and locale: the shop shows it as it is.
        price_lang = (langs or [website.default_lang_id.code or "en_US"])[0]
        snapshots = self.env["kobo.snapshot"]._kobo_build(templates, channel, langs or [price_lang])
        filters = self._kobo_shop_filters(templates, langs)
        images = self._kobo_shop_images(channel, templates)
        payloads = {}
        for listing in listings:
            template = listing.product_tmpl_id
            locales = {}
            for lang in langs:
                snapshot = snapshots[(template.id, lang)]
                texts = snapshot["copy"]
                locales[lang] = {
                    "name": snapshot["name"],
                    "description": self._kobo_shop_description(
                        snapshot["description_html"], texts["kobo_bullet_points"]
                    ),
                    "meta_title": texts["kobo_seo_title"] or "",
                    "meta_description": texts["kobo_seo_description"] or "",
                    "meta_keywords": texts["kobo_seo_keywords"] or "",
                    "filters": filters["labels"][lang].get(template.id, []),
                }
            rows = snapshots[(template.id, price_lang)]["variants"]
            payloads[listing.id] = {
                "website": website.id,
                "pricelist": channel.pricelist_id.id,
                "currency": channel.pricelist_id.currency_id.name or "",
                "prices": [[row["variant"].id, row["price"]["price"]] for row in rows if row["price"]],
                "filters": filters["ids"].get(template.id, []),
                "images": images.get(template.id, []),
                "locales": locales,
            }
        return payloads

    @api.model
    def _kobo_shop_description(self, description, bullet_points):
        """The shop description: the marketing description, then the bullet points as a list."""
        parts = [] if is_html_empty(description) else [Markup(description)]
        lines = [line.strip(BULLET_MARKS) for line in (bullet_points or "").splitlines()]
        if any(lines):
            items = Markup("").join(Markup("<li>%s</li>") % line for line in lines if line)
            parts.append(Markup('<ul class="o_kobo_bullet_points">%s</ul>') % items)
        return str(html_sanitize(Markup("").join(parts))) if parts else ""

    @api.model
    def _kobo_shop_filters(self, templates, langs):
        """The descriptive attribute values of each product, as the shop's filters: ``ids``
        ``{template id: [[attribute id, [value ids]]]}`` and ``labels`` per locale
        ``{lang: {template id: [[attribute name, [value names]]]}}``."""
        lines = templates.attribute_line_ids.filtered(
            lambda line: line.attribute_id.kobo_descriptive and line.value_ids
        ).sorted(lambda line: (line.attribute_id.sequence, line.attribute_id.id))
        attributes, values = lines.attribute_id, lines.value_ids
        result = {"ids": {}, "labels": {lang: {} for lang in langs}}
        for line in lines:
            result["ids"].setdefault(line.product_tmpl_id.id, []).append(
                [line.attribute_id.id, sorted(line.value_ids.ids)]
            )
        for lang in langs:
            attribute_names = dict(
                zip(attributes.ids, attributes.with_context(lang=lang).mapped("name"), strict=True)
            )
            value_names = dict(zip(values.ids, values.with_context(lang=lang).mapped("name"), strict=True))
            labels = result["labels"][lang]
            for line in lines:
                labels.setdefault(line.product_tmpl_id.id, []).append(
                    [
                        attribute_names[line.attribute_id.id],
                        [value_names[value_id] for value_id in sorted(line.value_ids.ids)],
                    ]
                )
        return result

    # Push, delist, status

    @api.model
    def push(self, listings, payloads):
        """Write each payload onto its product and publish it; idempotent (a second push of the
        same payloads writes nothing and creates no image)."""
        if not listings:
            return {}
        channel = listings.channel_id.ensure_one()
        # The shop's records need website and product rights the catalogue team may not have;
        # the listing's actions checked the syndication group already.
        templates = listings.product_tmpl_id.sudo()
        by_template = {listing.product_tmpl_id.id: payloads[listing.id] for listing in listings}
        self._kobo_show_channel_pricelist(channel)
        self._kobo_write_shop_texts(templates, by_template)
        self._kobo_write_shop_images(channel, templates, by_template)
        self._kobo_show_filters(templates)
        unpublished = templates.filtered(lambda template: not template.is_published)
        if unpublished:
            # The one way onto the shop when Odoo's Publish button is off (product_template_website.py).
            privileged(unpublished).write({"is_published": True})
        return {listing.id: {"external_id": str(listing.product_tmpl_id.id)} for listing in listings}

    @api.model
    def _kobo_show_channel_pricelist(self, channel):
        """Make the channel's pricelist the one the website shows its visitors: available on the
        website (``website_id``), selectable in the shop, and the pricelist of the website's
        public user (whom website_sale asks first for a visitor who is not signed in)."""
        website = channel.website_id.sudo()
        pricelist = channel.pricelist_id.sudo()
        if not website or not pricelist:
            return
        vals = {}
        if not pricelist._is_available_on_website(website):
            vals["website_id"] = website.id
        if not pricelist.selectable:
            vals["selectable"] = True
        if vals:
            pricelist.write(vals)
        visitor = website.user_id.partner_id.sudo().with_company(website.company_id)
        if visitor.specific_property_product_pricelist != pricelist:
            visitor.specific_property_product_pricelist = pricelist

    @api.model
    def _kobo_write_shop_texts(self, templates, payloads):
        """Write the description and SEO texts of every locale through Odoo's public paths.

        Only products whose texts differ are written (the stored values of every language are
        read in one query to compare). Per product, English goes through ``write()`` in English
        (every addon's write runs), then the other locales through
        ``update_field_translations``, which ends in a ``write()`` too: the SEO fields take the
        locale's whole text; ``description_ecommerce`` is translated term by term
        (``html_translate``), so a locale's text is given as the translation of each English
        term. A text that is not a term-for-term translation of the English one (another
        number of paragraphs or bullet points), or an emptied locale, cannot be said so:
        it goes through `_kobo_store_whole_translations`.
        """
        names = list(SHOP_TEXT_FIELDS)
        Template = self.env["product.template"]
        Template.flush_model(names)
        self.env.cr.execute(
            SQL(
                "SELECT id, %s FROM product_template WHERE id IN %s",
                SQL(", ").join(SQL.identifier(name) for name in names),
                tuple(templates.ids),
            )
        )
        for template_id, *stored in self.env.cr.fetchall():
            locales = payloads[template_id]["locales"]
            template = templates.browse(template_id)
            changed = {}
            for name, old, key in zip(names, stored, SHOP_TEXT_FIELDS.values(), strict=True):
                new = self._kobo_merge_locales(old, locales, key)
                if new != old:
                    changed[name] = (old or {}, new or {})
            if changed:
                self._kobo_write_template_texts(
                    template, changed, [lang for lang in locales if lang != "en_US"]
                )

    @api.model
    def _kobo_write_template_texts(self, template, changed, langs):
        """`changed`: {field name: (stored, new)} as ``{lang: text}``; `langs`: the payload's
        locales other than English."""
        english = {
            name: new.get("en_US") or False
            for name, (old, new) in changed.items()
            if new.get("en_US") != old.get("en_US")
        }
        if english:
            template.with_context(lang="en_US").write(english)
        for name, (old, new) in changed.items():
            if not new:
                continue  # emptied in every language by the English write
            field = template._fields[name]
            if not callable(field.translate):
                translations = {
                    lang: new.get(lang) or False for lang in langs if new.get(lang) != old.get(lang)
                }
                if translations:
                    template.update_field_translations(name, translations)
                continue
            english_terms = field.get_trans_terms(new["en_US"])
            by_term, whole = {}, {}
            for lang in langs:
                mapping = self._kobo_term_translations(field, new["en_US"], english_terms, new.get(lang))
                if mapping is None:
                    whole[lang] = new.get(lang)
                elif mapping:
                    by_term[lang] = mapping
            if by_term:
                template.update_field_translations(name, by_term)
            if whole:
                self._kobo_store_whole_translations(template, name, whole)

    @api.model
    def _kobo_term_translations(self, field, english, english_terms, text):
        """``{English term: term}`` that turns `english` into `text` term by term, {} when there
        is nothing to translate, None when `text` is no term-for-term translation of it."""
        if not text:
            return None
        terms = field.get_trans_terms(text)
        if len(terms) != len(english_terms) or len(set(english_terms)) != len(english_terms):
            return None
        mapping = dict(zip(english_terms, terms, strict=True))
        if field.translate(lambda term: mapping.get(term, term), english) != text:
            return None
        return {term: translation for term, translation in mapping.items() if term != translation}

    @api.model
    def _kobo_store_whole_translations(self, template, name, translations):
        """Store ``{lang: text}`` (None: the language falls back on English) whole in the
        term-translated field `name` of `template`: the one shortcut past Odoo's public paths.

        ``update_field_translations`` only takes a term-translated field's translation term by
        term, and a ``write()`` in French rebuilds the English from the French terms. A French
        description written by the catalogue team need not have the English paragraphs. So the
        languages are set in the field's JSONB as Odoo's own ``_update_field_translations``
        does for whole-value fields, and then, as Odoo does there too, the field is written
        with its own value, so that every addon's ``write()`` on products runs and what
        depends on the field is recomputed.
        """
        # The English written just before is in the cache: stored first, not over the languages.
        template.flush_recordset([name])
        self.env.cr.execute(
            SQL(
                "UPDATE %s SET %s = NULLIF(jsonb_strip_nulls(COALESCE(%s, '{}'::jsonb) || %s), '{}'::jsonb)"
                " WHERE id = %s",
                SQL.identifier(template._table),
                SQL.identifier(name),
                SQL.identifier(name),
                Json(translations),
                template.id,
            )
        )
        template.invalidate_recordset([name])
        template.modified([name])
        template[name] = template[name]

    @api.model
    def _kobo_merge_locales(self, stored, locales, key):
        """The field's new ``{lang: text}``: the stored languages, with the payload's locales
        replaced (an empty text leaves the language to fall back on English, as Odoo does).
        English is always present when anything is (Odoo's fallback)."""
        value = dict(stored or {})
        for lang, texts in locales.items():
            if texts[key]:
                value[lang] = texts[key]
            else:
                value.pop(lang, None)
        if value and "en_US" not in value:
            value["en_US"] = next(iter(value.values()))
        return value or None

    @api.model
    def _kobo_show_filters(self, templates):
        """The descriptive attributes of these products are shown in the shop's filters (website_sale
        lists the attributes whose ``visibility`` is visible). They never make variants (kobo_pim
        keeps them *Never*), and variant attributes are left as they are."""
        hidden = templates.attribute_line_ids.attribute_id.filtered(
            lambda attribute: attribute.kobo_descriptive and attribute.visibility != "visible"
        )
        if hidden:
            hidden.sudo().write({"visibility": "visible"})

    @api.model
    def delist(self, listings):
        """Unpublish: the product leaves the shop and keeps its content for a later publish."""
        listings.product_tmpl_id.sudo().with_context(active_test=False).write({"is_published": False})
        return {listing.id: {} for listing in listings}

    @api.model
    def read_status(self, listings):
        return {
            listing.id: {"state": "published" if listing.product_tmpl_id.sudo().is_published else "delisted"}
            for listing in listings
        }
