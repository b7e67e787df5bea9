"""One product in one locale beside its English source: every text a copywriter translates.

``kobo.translation.side.by.side`` lists, for a product and a target locale, one line per
translated text of the product: its own copy (``_kobo_translation_fields``), the names of its
attribute values (colours, sizes), the alt text of its images and videos, and its copy overridden
per channel. Each line names the text in words, shows the English source, the translation (which
the user edits) and its status, computed by the rule the Translation Status list uses
(``kobo_translation_status.status_sql``).

Saving writes the translations the user changed through the ORM, as the user (no sudo), in the
target locale: ``with_context(lang=...).write`` for a whole-value translated field (Html
sanitised, the source digest recorded by ``kobo.translation.source``, an approved product sent
back to review by ``kobo.enrichment.content.mixin``); a translation emptied is removed with
``update_field_translations`` (the field falls back to English). Term-translated fields
(``translate=html_translate``) are translated term by term in Odoo's own dialog: their lines are
shown read-only.

Lines sent by the browser are matched against the texts the product really has (model, record,
field): a line naming anything else is ignored, so a crafted line cannot write elsewhere.
"""

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..text import html_to_text
from .kobo_translation_digest import SOURCE_LANG
from .kobo_translation_status import STATUSES, statuses

SECTIONS = [
    ("product", "Product copy"),
    ("attribute", "Attribute value"),
    ("asset", "Image alt text"),
    ("channel", "Channel override"),
]


class KoboTranslationSideBySide(models.TransientModel):
    _name = "kobo.translation.side.by.side"
    _description = "Translate a Product Side by Side"

    product_tmpl_id = fields.Many2one("product.template", string="Product", required=True, readonly=True)
    lang_id = fields.Many2one(
        "res.lang",
        string="Translate into",
        required=True,
        domain=[("active", "=", True), ("code", "!=", SOURCE_LANG)],
    )
    line_ids = fields.One2many("kobo.translation.side.by.side.line", "wizard_id", string="Texts")
    missing_count = fields.Integer(compute="_compute_counts")
    outdated_count = fields.Integer(compute="_compute_counts")
    done_count = fields.Integer(compute="_compute_counts")

    @api.depends("line_ids.status")
    def _compute_counts(self):
        for wizard in self:
            found = wizard.line_ids.mapped("status")
            wizard.missing_count = found.count("missing")
            wizard.outdated_count = found.count("outdated")
            wizard.done_count = found.count("done")

    @api.model_create_multi
    def create(self, vals_list):
        wizards = super().create(vals_list)
        for wizard, vals in zip(wizards, vals_list, strict=True):
            wizard._kobo_check_lang()
            if not vals.get("line_ids"):
                wizard.line_ids = wizard._kobo_line_commands()
        return wizards

    @api.onchange("lang_id")
    def _onchange_lang_id(self):
        if self.product_tmpl_id and self.lang_id:
            self._kobo_check_lang()
            self.line_ids = self._kobo_line_commands()

    def _kobo_check_lang(self):
        for wizard in self:
            lang = wizard.lang_id
            if lang.code == SOURCE_LANG:
                raise UserError(
                    self.env._(
                        "%(lang)s is the source locale: choose the locale to translate into.",
                        lang=lang.name,
                    )
                )
            if not lang.active:
                raise UserError(
                    self.env._(
                        "%(lang)s is not an active language: activate it in Settings > Languages first.",
                        lang=lang.name,
                    )
                )

    # ------------------------------------------------------------------------------------------
    # The texts of the product
    # ------------------------------------------------------------------------------------------

    def _kobo_items(self):
        """The translated texts of the product, in screen order: a list of dicts with the
        record holding the text, its field, its label and its section."""
        self.ensure_one()
        product = self.product_tmpl_id
        items = []

        def add(section, record, name, label):
            items.append({"section": section, "record": record, "field_name": name, "label": label})

        for name in product._kobo_translation_fields():
            label = product._fields[name]._description_string(self.env)
            add("product", product, name, self.env._("Product Name") if name == "name" else label)
        attribute_values = product.attribute_line_ids.value_ids.sorted(
            lambda value: (value.attribute_id.sequence, value.attribute_id.id, value.sequence, value.id)
        )
        for value in attribute_values:
            add(
                "attribute",
                value,
                "name",
                self.env._("%(attribute)s value", attribute=value.attribute_id.name),
            )
        roles = dict(self.env["kobo.asset"]._fields["role"]._description_selection(self.env))
        for asset in self.env["kobo.asset"].search([("product_tmpl_id", "=", product.id)]):
            what = self.env._("video") if asset.kind == "video" else self.env._("image")
            label = self.env._(
                "Alt text: %(role)s %(what)s", role=roles.get(asset.role, "").lower(), what=what
            )
            if asset.name or asset.video_url:
                label = f"{label} ({asset.name or asset.video_url})"
            add("asset", asset, "alt_text", label)
        overrides = self.env["kobo.channel.copy"].search([("product_tmpl_id", "=", product.id)])
        for override in overrides:
            for name in override._kobo_translation_fields():
                add(
                    "channel",
                    override,
                    name,
                    override._kobo_enrichment_change_label(
                        override._fields[name]._description_string(self.env)
                    ),
                )
        return items

    def _kobo_stored(self, items):
        """{(model, id, field): {lang: text}}: the stored values of the items' fields, read in one
        query per model (Odoo keeps a translated field as one JSONB value, a key per language)."""
        by_model = {}
        for item in items:
            record = item["record"]
            by_model.setdefault(record._name, (record.browse(), set()))
            records, names = by_model[record._name]
            by_model[record._name] = (records | record, names | {item["field_name"]})
        stored = {}
        for model_name, (records, field_names) in by_model.items():
            names = sorted(field_names)
            records.flush_recordset(names)
            self.env.cr.execute(
                SQL(
                    "SELECT id, %s FROM %s WHERE id = ANY(%s)",
                    SQL(", ").join(SQL.identifier(name) for name in names),
                    SQL.identifier(records._table),
                    records.ids,
                )
            )
            for row in self.env.cr.fetchall():
                for name, value in zip(names, row[1:], strict=True):
                    stored[model_name, row[0], name] = value or {}
        return stored

    def _kobo_digests(self):
        """{(channel copy id, asset id, field): digest} recorded for the product in the locale."""
        digests = self.env["kobo.translation.digest"].search(
            [("product_tmpl_id", "=", self.product_tmpl_id.id), ("lang", "=", self.lang_id.code)]
        )
        return {
            (digest.channel_copy_id.id, digest.asset_id.id, digest.field_name): digest.digest
            for digest in digests
        }

    @api.model
    def _kobo_digest_key(self, record, field_name):
        if record._name == "kobo.channel.copy":
            return (record.id, False, field_name)
        if record._name == "kobo.asset":
            return (False, record.id, field_name)
        if record._name == "product.template":
            return (False, False, field_name)
        return None  # attribute values: no digest kept (never outdated)

    def _kobo_line_values(self):
        """The values of the lines: one per item whose English source is not empty."""
        self.ensure_one()
        code = self.lang_id.code
        items = self._kobo_items()
        stored = self._kobo_stored(items)
        digests = self._kobo_digests()
        rows = []
        for item in items:
            record, name = item["record"], item["field_name"]
            values = stored.get((record._name, record.id, name), {})
            source = values.get(SOURCE_LANG) or ""
            if not source.strip():
                continue
            key = self._kobo_digest_key(record, name)
            rows.append((item, source, values.get(code) or "", digests.get(key) if key else None))
        found = statuses(
            self.env, [(source, translation, digest) for _item, source, translation, digest in rows]
        )
        writable = {}
        lines = []
        for sequence, ((item, source, translation, _digest), status) in enumerate(
            zip(rows, found, strict=True)
        ):
            record, name = item["record"], item["field_name"]
            field = record._fields[name]
            if record._name not in writable:
                writable[record._name] = record.browse().has_access("write")
            is_html = field.type == "html"
            lines.append(
                {
                    "sequence": sequence,
                    "section": item["section"],
                    "label": item["label"],
                    "res_model": record._name,
                    "res_id": record.id,
                    "field_name": name,
                    "is_html": is_html,
                    "is_readonly": not writable[record._name],
                    "source_text": html_to_text(source) if is_html else source,
                    "source_html": source if is_html else False,
                    "target_text": False if is_html else translation,
                    # term by term (html_translate): the English structure, to translate in place
                    "target_html": (translation or source) if is_html else False,
                    "status": status,
                }
            )
        return lines

    def _kobo_line_commands(self):
        return [Command.clear()] + [Command.create(vals) for vals in self._kobo_line_values()]

    # ------------------------------------------------------------------------------------------
    # Saving
    # ------------------------------------------------------------------------------------------

    def action_save(self):
        """Write the changed translations, then show the texts again with their new status."""
        self._kobo_save()
        return self._kobo_reopen()

    def action_save_close(self):
        self._kobo_save()
        return {"type": "ir.actions.act_window_close"}

    def _kobo_save(self):
        self.ensure_one()
        self._kobo_check_lang()
        code = self.lang_id.code
        items = {
            (item["record"]._name, item["record"].id, item["field_name"]): item for item in self._kobo_items()
        }
        stored = self._kobo_stored(list(items.values()))
        digests = self.env["kobo.translation.digest"]
        for line in self.line_ids:
            key = (line.res_model, line.res_id, line.field_name)
            item = items.get(key)
            if not item:
                continue  # not a text of this product: never written
            record, name = item["record"], item["field_name"]
            field = record._fields[name]
            values = stored.get(key, {})
            source, current = values.get(SOURCE_LANG) or "", values.get(code) or ""
            new = (line.target_html if line.is_html else line.target_text) or ""
            if line.is_html:
                new = field.convert_to_cache(new, record) or ""
                if not html_to_text(new).strip() and "<img" not in new:
                    new = ""
            unchanged = new == current or (not current and new in ("", source))
            if unchanged:
                if line.confirm and current and self._kobo_outdated(record, name, source, current):
                    record.check_access("write")
                    digests._kobo_record(record, [name], [code])
                continue
            if callable(field.translate):
                self._kobo_write_terms(line, record, name, source, new)
            elif new.strip():
                record.with_context(lang=code).write({name: new})
            else:
                record.update_field_translations(name, {code: False})

    def _kobo_outdated(self, record, name, source, translation):
        """Whether the stored translation is outdated (the browser's status is not trusted)."""
        key = self._kobo_digest_key(record, name)
        if not key:
            return False
        digest = self._kobo_digests().get(key)
        return statuses(self.env, [(source, translation, digest)]) == ["outdated"]

    def _kobo_write_terms(self, line, record, name, source, new):
        """Translate a term-translated field (``html_translate``): each text block of `new` is
        the translation of the English block at the same place. Writing the whole value in the
        locale would give every language, English included, the translation's structure; Odoo's
        ``update_field_translations`` keeps the English structure and translates its terms."""
        field = record._fields[name]
        source_terms = field.get_trans_terms(source)
        new_terms = field.get_trans_terms(new) if new else [""] * len(source_terms)
        if len(new_terms) != len(source_terms):
            raise UserError(
                self.env._(
                    "%(text)s: the translation must keep the blocks of the English text, one "
                    "translated block for each (%(expected)s expected, %(found)s found). Translate "
                    "each paragraph, list item or cell in place.",
                    text=line.label,
                    expected=len(source_terms),
                    found=len(new_terms),
                )
            )
        # an empty block falls back to the English one (Odoo's rule)
        translations = dict(zip(source_terms, new_terms, strict=True))
        record.update_field_translations(name, {self.lang_id.code: translations})

    def _kobo_reopen(self):
        self.line_ids = self._kobo_line_commands()
        return self._kobo_action()

    def _kobo_action(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._(
                "Translate %(product)s into %(lang)s",
                product=self.product_tmpl_id.display_name,
                lang=self.lang_id.name,
            ),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
        }

    @api.model
    def _kobo_default_lang(self):
        """The user's completeness locale when there is one, else the first locale a channel of
        the user's companies publishes in, else the first active language other than English."""
        user = self.env.user
        if "kobo_completeness_lang_id" in user._fields:
            lang = user.kobo_completeness_lang_id
            if lang and lang.active and lang.code != SOURCE_LANG:
                return lang
        channel_langs = self.env["kobo.translation.status"]._kobo_target_langs()
        if channel_langs:
            return channel_langs.sorted(lambda lang: (lang.name, lang.id))[0]
        return self.env["res.lang"].search([("code", "!=", SOURCE_LANG)], order="name, id", limit=1)

    @api.model
    def _kobo_open(self, product, lang=None):
        """The side-by-side translation of `product` into `lang` (default: ``_kobo_default_lang``)."""
        product.ensure_one()
        lang = lang or self._kobo_default_lang()
        if not lang:
            raise UserError(
                self.env._("No language to translate into: activate a language other than English first.")
            )
        wizard = self.create({"product_tmpl_id": product.id, "lang_id": lang.id})
        return wizard._kobo_action()


class KoboTranslationSideBySideLine(models.TransientModel):
    _name = "kobo.translation.side.by.side.line"
    _description = "Text Translated Side by Side"
    _order = "sequence, id"

    wizard_id = fields.Many2one("kobo.translation.side.by.side", required=True, ondelete="cascade")
    sequence = fields.Integer()
    section = fields.Selection(SECTIONS, string="Text of", readonly=True)
    label = fields.Char(string="Text", readonly=True)
    res_model = fields.Char(readonly=True)
    res_id = fields.Many2oneReference(model_field="res_model", readonly=True)
    field_name = fields.Char(readonly=True)
    is_html = fields.Boolean(readonly=True)
    is_readonly = fields.Boolean(readonly=True)
    source_text = fields.Text(string="English", readonly=True)
    source_html = fields.Html(string="English (formatted)", readonly=True, sanitize=False)
    target_text = fields.Text(string="Translation")
    target_html = fields.Html(string="Translation (formatted)", sanitize=False)
    status = fields.Selection(STATUSES, readonly=True)
    confirm = fields.Boolean(
        string="Still right",
        help="The English source changed but this translation still says the same: keep it as done.",
    )
    target_preview = fields.Text(string="Translated", compute="_compute_target_preview")

    @api.depends("is_html", "target_text", "target_html", "status")
    def _compute_target_preview(self):
        for line in self:
            if line.status == "missing" and line.is_html:
                line.target_preview = False  # the English structure, not yet translated
            else:
                line.target_preview = html_to_text(line.target_html) if line.is_html else line.target_text


class ProductTemplate(models.Model):
    _inherit = "product.template"

    def action_kobo_translate(self):
        """Translate this product's texts side by side with English (the locale is chosen there)."""
        return self.env["kobo.translation.side.by.side"]._kobo_open(self)


class KoboEnrichment(models.Model):
    _inherit = "kobo.enrichment"

    def action_kobo_translate(self):
        self.ensure_one()
        return self.env["kobo.translation.side.by.side"]._kobo_open(self.product_tmpl_id)
