"""Export translation work for an agency and import what it sends back, all or nothing."""

import json

from odoo import api, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from .kobo_enrichment_content import kobo_field_label
from .kobo_translation_digest import SOURCE_LANG, source_digest
from .kobo_translation_formats import (
    locale_tag,
    markup_problem,
    parse_unit_id,
    read_xliff,
    read_xlsx,
    unit_id,
    write_xliff,
    write_xlsx,
    xml_unsafe,
)
from .kobo_translation_source import digest_recorded
from .kobo_translation_status import SOURCE_MODELS

PIM_USERS = "kobo_pim.group_kobo_pim_user"
# writer, reader and file extension of each format
FORMATS = {
    "xliff": (write_xliff, read_xliff, "xlf"),
    "xlsx": (write_xlsx, read_xlsx, "xlsx"),
}
# how many problems an import error lists before it counts the rest
MAX_LISTED_PROBLEMS = 25


class _UnitProblem(Exception):
    """What is wrong with one unit of an imported file (collected, never shown alone)."""


class KoboTranslationExchange(models.AbstractModel):
    _name = "kobo.translation.exchange"
    _description = "Translation Export and Import"

    @api.model
    def _kobo_check_pim_user(self, action):
        if not self.env.su and not self.env.user.has_group(PIM_USERS):
            raise AccessError(
                self.env._(
                    "Only %(group)s can %(action)s.", group=self.env.ref(PIM_USERS).full_name, action=action
                )
            )

    # --- export ----------------------------------------------------------------------------

    @api.model
    def _kobo_units(self, statuses):
        """The units of `statuses` (``kobo.translation.status`` rows), in a fixed number of
        queries whatever their number."""
        field_labels = dict(statuses._fields["field_name"]._description_selection(self.env))
        status_labels = dict(statuses._fields["status"]._description_selection(self.env))
        # one batch per model, not one record at a time
        statuses.product_tmpl_id.mapped("display_name")
        statuses.channel_id.mapped("display_name")
        statuses.asset_id.fetch(["name", "role"])
        units = []
        for status in statuses:
            record = self._kobo_status_record(status)
            units.append(
                {
                    "id": unit_id(record.id, status.field_name, record._name),
                    "lang": status.lang,
                    "resname": self._kobo_record_label(record),
                    "field_label": field_labels.get(status.field_name, status.field_name),
                    "datatype": "html" if record._fields[status.field_name].type == "html" else "plaintext",
                    "source": status.source,
                    "target": status.translation if status.status == "outdated" else "",
                    "status_label": status_labels[status.status],
                    "digest": status.source_digest,
                }
            )
        return units

    @api.model
    def _kobo_status_record(self, status):
        """The record holding the text of one status row: the product, a channel copy or an asset."""
        return {
            "product": status.product_tmpl_id,
            "channel": status.channel_copy_id,
            "asset": status.asset_id,
        }[status.source_kind]

    @api.model
    def _kobo_record_label(self, record):
        """How files and messages name the record holding a text: the product, and which of its
        channel overrides or images it is."""
        if record._name == "kobo.channel.copy":
            return self.env._(
                "%(product)s (override for %(channel)s)",
                product=record.product_tmpl_id.display_name,
                channel=record.channel_id.display_name,
            )
        if record._name == "kobo.asset":
            roles = dict(record._fields["role"]._description_selection(self.env))
            return self.env._(
                "%(product)s (%(role)s image %(name)s)",
                product=record.product_tmpl_id.display_name,
                role=roles.get(record.role, record.role),
                name=record.name or f"#{record.id}",
            )
        return record.display_name

    @api.model
    def _kobo_export(self, domain, file_format):
        """(file content, number of units) of the ``kobo.translation.status`` rows matching
        `domain`, as an XLIFF 1.2 (``xliff``) or XLSX (``xlsx``) file."""
        self._kobo_check_pim_user(self.env._("export translations"))
        statuses = self.env["kobo.translation.status"].search_fetch(
            domain,
            [
                "product_tmpl_id",
                "source_kind",
                "channel_copy_id",
                "channel_id",
                "asset_id",
                "field_name",
                "lang",
                "status",
                "source",
                "translation",
                "source_digest",
            ],
        )
        if not statuses:
            raise UserError(self.env._("Nothing to translate for these products, locales and statuses."))
        units = self._kobo_units(statuses)
        self._kobo_check_exportable(units)
        writer = FORMATS[file_format][0]
        return writer(units), len(statuses)

    @api.model
    def _kobo_check_exportable(self, units):
        """Refuse sources or outdated translations holding characters no XML file can carry
        (pasted from a word processor), naming each product, field and character."""
        problems = []
        for unit in units:
            for text in (unit["source"], unit["target"]):
                character = xml_unsafe(text)
                if character:
                    problems.append(
                        self.env._(
                            "%(product)s / %(field)s / %(locale)s: the text holds the control character "
                            "U+%(code)04X, which translation files cannot carry; remove it from the product.",
                            product=unit["resname"],
                            field=unit["field_label"],
                            locale=unit["lang"],
                            code=ord(character),
                        )
                    )
                    break
        if problems:
            raise UserError("\n".join(problems[:MAX_LISTED_PROBLEMS]))

    # --- import ----------------------------------------------------------------------------

    @api.model
    def _kobo_import(self, data, file_format=None):
        """Check every unit of an XLIFF or XLSX file, then write all its translations, or none:
        a UserError lists each unit's problem (row or unit id, product, field, locale).
        Returns {'imported': n, 'empty': n} (empty targets are left alone)."""
        _ = self.env._
        self._kobo_check_pim_user(_("import translations"))
        file_format = file_format or ("xlsx" if data[:2] == b"PK" else "xliff")
        # How far it is, and how it ended, in the user's *My Operations* (the import wizard
        # itself tells the result: no second notification).
        with self.env["kobo.progress"]._kobo_track(_("Import translations"), notify=False) as progress:
            result = self._kobo_import_file(data, file_format, progress)
            progress.result = _(
                "%(imported)s translations imported, %(empty)s empty ones left alone.", **result
            )
        return result

    @api.model
    def _kobo_import_file(self, data, file_format, progress):
        _ = self.env._
        units, problems = FORMATS[file_format][1](data, _)
        plan = []
        if units:
            plan, unit_problems = self._kobo_check_units(units)
            problems += unit_problems
        elif not problems:
            # the readers say why a file has no units; this holds for any future format
            problems.append(_("The file has no translation units."))
        if problems:
            listed = problems[:MAX_LISTED_PROBLEMS]
            if len(problems) > len(listed):
                listed.append(_("… and %(count)s more.", count=len(problems) - len(listed)))
            raise UserError(
                _("Nothing was imported: the file has %(count)s problem(s).", count=len(problems))
                + "\n"
                + "\n".join(listed)
            )
        progress.set_total(len(plan))
        self._kobo_apply(plan, progress)
        return {"imported": len(plan), "empty": len(units) - len(plan)}

    @api.model
    def _kobo_check_units(self, units):
        """([translation to write], [problem]) for the parsed `units`."""
        _ = self.env._
        known = {"labels": {}, "langs": {}, "seen": {}}
        for model_name in SOURCE_MODELS.values():
            model = self.env[model_name]
            known["labels"][model_name] = {
                name: model._fields[name]._description_string(self.env)
                for name in model._kobo_translation_fields()
            }
        for code, _name in self.env["res.lang"].get_installed():
            if code != SOURCE_LANG:
                known["langs"][locale_tag(code).lower()] = known["langs"][code.lower()] = code
        keys = [parse_unit_id(unit["id"]) for unit in units]
        records = {}
        for model_name, labels in known["labels"].items():
            ids = {key[1] for key in keys if key and key[0] == model_name}
            if not ids:
                continue
            found = self.env[model_name].browse(ids).exists()
            # records the user cannot see (other companies) are unknown to them
            found = found._filtered_access("read").with_context(lang=SOURCE_LANG, prefetch_langs=False)
            found.fetch(list(labels))
            records.update({(model_name, record.id): record for record in found})

        plan, problems = [], []
        for unit, key in zip(units, keys, strict=True):
            record = records.get(key[:2]) if key else None
            try:
                item = self._kobo_check_unit(unit, key, record, known)
            except _UnitProblem as problem:
                field_name = key[2] if key else "?"
                labels = known["labels"].get(key[0], {}) if key else {}
                problems.append(
                    _(
                        "%(where)s (%(product)s / %(field)s / %(locale)s): %(problem)s",
                        where=unit["where"],
                        product=self._kobo_record_label(record) if record else "?",
                        field=labels.get(field_name, field_name),
                        locale=unit["locale"] or "?",
                        problem=problem.args[0],
                    )
                )
                continue
            if item:
                plan.append(item)
        return plan, problems

    @api.model
    def _kobo_check_unit(self, unit, key, record, known):
        """The translation to write for one unit, None for an empty target; raises _UnitProblem."""
        _ = self.env._
        if not key:
            raise _UnitProblem(
                _("the unit id %(id)r was not written by Kōbō (edited?).", id=unit["id"] or "")
            )
        model_name, record_id, field_name = key
        lang = known["langs"].get((unit["locale"] or "").lower())
        if field_name not in known["labels"][model_name]:
            raise _UnitProblem(_("%(field)s is not a field translated here.", field=field_name))
        if not lang:
            raise _UnitProblem(
                _("%(locale)s is not an active language other than English.", locale=unit["locale"])
            )
        if (key, lang) in known["seen"]:
            raise _UnitProblem(
                _("the unit appears twice (also at %(other)s).", other=known["seen"][key, lang])
            )
        known["seen"][key, lang] = unit["where"]
        if not record:
            raise _UnitProblem(
                {
                    "kobo.channel.copy": _("there is no channel copy with id %(id)s.", id=record_id),
                    "kobo.asset": _("there is no asset with id %(id)s.", id=record_id),
                }.get(model_name)
                or _("there is no product with id %(id)s.", id=record_id)
            )
        if unit["source"] is None or not unit["digest"]:
            raise _UnitProblem(_("the unit lost its source or its digest: the file was edited."))
        if source_digest(unit["source"]) != unit["digest"]:
            raise _UnitProblem(_("the source text was changed in the file."))
        current_source = record[field_name] or ""
        if source_digest(current_source) != unit["digest"]:
            raise _UnitProblem(
                _("the source changed since the export: export it again and translate the new text.")
            )
        target = unit["target"] or ""
        if not target.strip():
            return None
        field = record._fields[field_name]
        terms = self._kobo_html_terms(record, field_name, current_source, target)
        if field.type == "html" and not callable(field.translate):
            # a whole-value Html translation is stored as given: sanitize it by the field's rules
            target = str(field.convert_to_cache(target, record) or "")
        return {
            "record": record,
            "field_name": field_name,
            "lang": lang,
            "target": target,
            "terms": terms,
        }

    @api.model
    def _kobo_html_terms(self, record, field_name, source, target):
        """{source block: translated block} for a block-translated Html field (None for other
        fields); raises _UnitProblem when the translation's markup is broken or differs."""
        _ = self.env._
        field = record._fields[field_name]
        if field.type != "html":
            return None
        broken = markup_problem(target)
        if broken:
            kind, tag = broken
            raise _UnitProblem(
                _("the markup is broken: <%(tag)s> is not closed.", tag=tag)
                if kind == "unclosed"
                else _("the markup is broken: </%(tag)s> closes nothing.", tag=tag)
            )
        if not callable(field.translate):
            return None
        # Odoo translates Html block by block: pair the blocks in order, as its own dialog does
        source_terms = field.get_trans_terms(source)
        target_terms = field.get_trans_terms(field.convert_to_cache(target, record))
        if len(source_terms) != len(target_terms):
            raise _UnitProblem(
                _(
                    "the translation has %(found)s text blocks, the source %(expected)s: "
                    "keep the source's markup.",
                    found=len(target_terms),
                    expected=len(source_terms),
                )
            )
        return dict(zip(source_terms, target_terms, strict=True))

    @api.model
    def _kobo_apply(self, plan, progress=None):
        """Write the checked translations as Odoo's ``_update_field_translations`` would, in a
        fixed number of queries whatever their number: per model and field, one query reads the
        stored values and one writes the new ones; what that method runs after its write then
        runs once per model (``_kobo_translations_written``), and the digests are recorded.

        Catalogue users translate products they may not otherwise edit: the group was checked
        and each product passed the user's record rules, so the writes run as superuser.
        """
        # Odoo's translation storage, not a write in the language: a write first reads the old
        # values when an automation rule watches products, which caches the English text as
        # the language's value, and a translation equal to the English would then be lost.
        # {(model name, field name): {record id: {lang: translation}}}, in the file's order
        groups = {}
        for item in plan:
            record = item["record"]
            translation = item["target"] if item["terms"] is None else item["terms"]
            by_record = groups.setdefault((record._name, item["field_name"]), {})
            by_record.setdefault(record.id, {})[item["lang"]] = translation
        # {model name: {record id: [(field name, lang, stored text before, after)]}}
        changes = {}
        for (model_name, field_name), translations in groups.items():
            records = digest_recorded(self.env[model_name].sudo().browse(list(translations)))
            written = self._kobo_write_translations(records, field_name, translations)
            model_changes = changes.setdefault(model_name, {})
            for record_id, (before, after) in written.items():
                model_changes.setdefault(record_id, []).extend(
                    (field_name, lang, (before or {}).get(lang), after.get(lang))
                    for lang in translations[record_id]
                )
            if progress:
                progress.advance(sum(len(by_lang) for by_lang in translations.values()))
        for model_name, model_changes in changes.items():
            records = digest_recorded(self.env[model_name].sudo().browse(list(model_changes)))
            self._kobo_translations_written(records, model_changes)
        digests = self.env["kobo.translation.digest"]
        by_model = {}
        for (model_name, field_name), translations in groups.items():
            by_model.setdefault(model_name, []).extend(
                (record_id, field_name, lang)
                for record_id, by_lang in translations.items()
                for lang in by_lang
            )
        for model_name, translations in by_model.items():
            digests._kobo_record_translations(translations, model=model_name)

    @api.model
    def _kobo_write_translations(self, records, field_name, translations):
        """Store `translations` of `field_name` of `records` in two queries, as Odoo's
        ``_update_field_translations`` stores them one record and one language at a time.

        `translations` maps a record id to {lang: translation}, a translation being the text,
        or for a term-translated field {source term: translated term}. Returns {record id:
        (stored value before, stored value after)} of the records written: Odoo leaves a
        term-translated field without any stored value alone.
        """
        field = records._fields[field_name]
        table, column = SQL.identifier(records._table), SQL.identifier(field_name)
        records.flush_recordset([field_name])
        self.env.cr.execute(SQL("SELECT id, %s FROM %s WHERE id = ANY(%s)", column, table, records.ids))
        stored = dict(self.env.cr.fetchall())
        written = {}
        for record_id, by_lang in translations.items():
            before = stored.get(record_id)
            if callable(field.translate):
                after = self._kobo_translated_terms(field, before, by_lang)
            else:
                after = self._kobo_translated_text(before, by_lang)
            if after is not None:
                written[record_id] = (before, after)
        if written:
            self.env.cr.execute(
                SQL(
                    """UPDATE %(table)s AS t
                          SET %(column)s = v.value::jsonb
                         FROM unnest(%(ids)s::int[], %(values)s::text[]) AS v(id, value)
                        WHERE t.id = v.id""",
                    table=table,
                    column=column,
                    ids=list(written),
                    values=[json.dumps(after) for _before, after in written.values()],
                )
            )
        records.invalidate_recordset([field_name])
        records.browse(list(written)).modified([field_name])
        return written

    @api.model
    def _kobo_translated_text(self, stored, translations):
        """The stored value (``{lang: text}``) of a field translated as a whole after each of
        `translations` ({lang: text}) is written, by the rule of Odoo's translation API: the
        first translation also stands for English when the field has no English text, and
        languages holding null are dropped."""
        value = dict(stored or {})
        for lang, text in translations.items():
            value = {
                code: translated
                for code, translated in {"en_US": text, **value, lang: text}.items()
                if translated is not None
            }
        return value

    @api.model
    def _kobo_translated_terms(self, field, stored, translations):
        """The stored value of a term-translated field (``html_translate``) after each of
        `translations` ({lang: {source term: translated term}}) is applied, as Odoo's translation
        API does: a language's unconfirmed value (``_fr_FR``) becomes its value, and its terms
        not given keep their current translation. None when there is nothing to translate
        (no stored value, or no English one)."""
        source_key = next((key for key in ("_en_US", SOURCE_LANG) if key in (stored or {})), None)
        if source_key is None:
            return None
        value = dict(stored)
        source = value[source_key]
        for lang, terms in translations.items():
            if f"_{lang}" in value:
                value[lang] = value.pop(f"_{lang}")
            if not terms:
                continue
            current = {lang: value[lang]} if lang in value and lang != SOURCE_LANG else {}
            dictionary = field.get_translation_dictionary(source, current)
            kept = {term: langs[lang] for term, langs in dictionary.items() if lang in langs}
            value[lang] = field.translate({**kept, **terms}.get, source)
        return value

    @api.model
    def _kobo_translations_written(self, records, changes):
        """Run, once for `records` of one model, what Odoo's translation API and the overrides
        of ``_update_field_translations`` run after each translation they write.

        `changes` maps a record id to its (field name, lang, stored text before, after).
        """
        field_names = {name for rows in changes.values() for name, *_values in rows}
        # an approved product's content changed: back to review, the changes named by language
        if hasattr(records, "_kobo_enrichment_watched"):
            content = set(records._kobo_enrichment_content_fields())
            candidates = records.filtered(
                lambda record: any(
                    name in content and before != after for name, _lang, before, after in changes[record.id]
                )
            )
            watched = candidates._kobo_enrichment_watched() if candidates else candidates
            if watched:
                langs = self.env["res.lang"]
                watched._kobo_enrichment_changed(
                    {
                        record.id: [
                            kobo_field_label(records, name, langs._lang_get(lang))
                            for name, lang, before, after in changes[record.id]
                            if name in content and before != after
                        ]
                        for record in watched
                    }
                )
        # the products' completeness cells are recomputed before the commit (every translated
        # text of a product is an input of its completeness: its rules check them per locale)
        if records._name == "product.template":
            self.env["kobo.completeness"]._kobo_products_changed(records)
        elif hasattr(records, "_kobo_completeness_touched"):
            if records._kobo_completeness_touched(field_names):
                records._kobo_outdate_completeness()
        # Odoo's translation API ends in a write of the field's (unchanged) value in the user's
        # language, so that the models' write overrides run and write_date moves: one empty
        # write does both for the batch (the effects tied to the fields' names are run above).
        records.write({})
