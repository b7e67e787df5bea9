"""The completeness engine: many cells from prefetched data, with a fixed number of queries.

One run reads, for the products of its cells, everything the channels' rules look at (the
copy columns with all their translations, the channel copy overrides, variants with their
GTIN, MPN and attribute values, assets, expired certifications) in one query each, plus per
channel the taxonomy nodes, size labels or prices when a rule needs them (Odoo's and our own
batched methods). The checks are plain functions over that data, returning ``Problem`` tuples;
the results are written with one UPDATE, and the problems grouped into issue rows
(``kobo_completeness_rows``). Messages are worded for a copywriter: "fr_FR: description missing",
"variant Navy / M: GTIN 4006381333931 check digit wrong", "front image 320×320 is below
500×500".
"""

from typing import NamedTuple

from stdnum import ean
from stdnum.exceptions import InvalidChecksum, InvalidFormat, InvalidLength

from odoo.tools import SQL

from ..text import html_to_text
from .kobo_completeness_reader import CompletenessReader
from .kobo_completeness_rows import CompletenessRows
from .kobo_requirement_rule import LIST_FIELDS, RULE_FIELDS


class Problem(NamedTuple):
    """One problem a check found: a line of the cell's *What to Fix*, and how its row says it."""

    kind: str  # a kind of kobo_completeness_issue.KINDS
    text: str  # the cell's line: "fr_FR: title missing", "variant Navy / M: GTIN missing"
    phrase: str  # without locale nor variant: "title missing", "GTIN 4006381333932 check digit wrong"
    variant: int | None = None  # the variant's id, for the problems of one variant
    group: str | None = None  # the words for several variants: "GTIN invalid" (default: phrase)


class CompletenessEngine(CompletenessReader, CompletenessRows):
    """Computes and stores cells; one instance per recomputation (it caches channel data)."""

    def __init__(self, env):
        self.env = env
        self._messages = {}  # source: its translation (one lookup per message, not per cell)
        self._gtin_problems = {}  # barcode: why it is not a GTIN (None: it is one)
        self._texts = {}  # Html value: its text (the same description is checked for every channel)
        Template = env["product.template"]
        self.translated = {name for name, __ in RULE_FIELDS if Template._fields[name].translate}
        self.html_fields = {name for name, __ in RULE_FIELDS if Template._fields[name].type == "html"}
        # Every check takes (rule, template id, channel data, locale or None, batch data)
        self._checks = {
            "field": self._check_field,
            "gtin": self._check_gtin,
            "gtin_or_mpn": self._check_gtin,
            "color": self._check_attribute,
            "size": self._check_attribute,
            "image": self._check_images,
            "category": self._check_category,
            "price": self._check_price,
            "certification": self._check_certification,
        }
        self.copy_fields = [
            name for name in env["kobo.channel.copy"]._fields if name in self.translated and name != "name"
        ]

    def _(self, source, **params):
        """``env._`` (translated in the environment's language), looked up once per message."""
        message = self._messages.get(source)
        if message is None:
            message = self._messages[source] = self.env._(source)
        return message % params if params else message

    # Entry point

    def compute_and_store(self, cell_ids):
        """Compute the cells `cell_ids` and write their results (one UPDATE); return their number."""
        env = self.env
        env.flush_all()
        env.cr.execute(
            SQL(
                "SELECT id, product_tmpl_id, channel_id, lang_id FROM kobo_completeness WHERE id = ANY(%s)",
                list(cell_ids),
            )
        )
        cells = env.cr.fetchall()
        if not cells:
            return 0
        template_ids = sorted({cell[1] for cell in cells})
        channels = env["kobo.channel"].with_context(active_test=False).browse({cell[2] for cell in cells})
        langs = {
            lang.id: lang.code
            for lang in env["res.lang"].with_context(active_test=False).browse({c[3] for c in cells})
        }
        data = self._read(template_ids, channels)
        results = {}  # cell id: (score, issue count, issues, complete)
        rows = []  # the cells' issue rows (kobo.completeness.issue)
        # (template, channel): {rule index: issues} of the rules that read no translated field
        shared = {}
        for cell_id, template_id, channel_id, lang_id in cells:
            channel = data["channels"][channel_id]
            key = (template_id, channel_id)
            if key not in shared:
                shared[key] = {
                    index: rule["run"](rule, template_id, channel, None, data)
                    for index, rule in enumerate(channel["rules"])
                    if rule["field_name"] not in self.translated
                }
            lang, known = langs[lang_id], shared[key]
            outcomes = [
                known[index] if index in known else rule["run"](rule, template_id, channel, lang, data)
                for index, rule in enumerate(channel["rules"])
            ]
            issues = [problem.text for outcome in outcomes for problem in outcome]
            passed = sum(1 for outcome in outcomes if not outcome)
            score = round(100 * passed / len(outcomes)) if outcomes else 100
            results[cell_id] = (score, len(issues), "\n".join(issues), not issues)
            variant_total = len(data["variants"].get(template_id, ()))
            rows += self._rows(cell_id, channel["rules"], outcomes, variant_total)
        self._store(results, data["templates"], cells)
        self._store_rows(list(results), rows)
        return len(results)

    # Checks: each returns the list of problems of one rule (empty: the rule is met)

    def _value(self, rule, template_id, channel, lang, data):
        """The value a channel publishes in `lang`: the channel's copy if filled, else the product's."""
        name = rule["field_name"]
        value = data["templates"][template_id][name]
        if name in self.translated:
            override = data["overrides"].get((template_id, channel["id"]), {}).get(name) or {}
            value = override.get(lang) or (value or {}).get(lang)
        if name in self.html_fields:
            text = self._texts.get(value)
            if text is None:
                text = self._texts[value] = html_to_text(value)
            value = text
        if isinstance(value, str):
            value = value.strip()
        return value

    @staticmethod
    def _product_problem(kind, phrase, prefix=""):
        """A problem of the product (in the locale of `prefix`, "fr_FR: ", if any)."""
        return Problem(kind, prefix + phrase, phrase)

    def _variant_problem(self, kind, phrase, variants, variant, group=None):
        """A problem of one of the product's `variants`: its line names the variant."""
        prefix = ""
        if len(variants) > 1 or variant["label"]:
            prefix = self._("variant %(variant)s: ", variant=variant["label"] or variant["id"])
        return Problem(kind, prefix + phrase, phrase, variant["id"], group)

    def _check_field(self, rule, template_id, channel, lang, data):
        _, problem = self._, self._product_problem
        label = rule["label"]
        prefix = f"{lang}: " if lang else ""
        value = self._value(rule, template_id, channel, lang, data)
        if not value:
            return (
                [problem("missing", _("%(label)s missing", label=label), prefix)] if rule["required"] else []
            )
        issues = []
        if rule["allowed"] and str(value) not in rule["allowed"]:
            phrase = _(
                "%(label)s “%(value)s” is not one of %(allowed)s",
                label=label,
                value=value,
                allowed=", ".join(rule["allowed"]),
            )
            issues.append(problem("invalid", phrase, prefix))
        if not isinstance(value, str):
            return issues
        if rule["field_name"] in LIST_FIELDS:
            items = [line.strip() for line in value.splitlines() if line.strip()]
            if rule["min_count"] and len(items) < rule["min_count"]:
                phrase = _(
                    "%(count)s %(label)s, at least %(min)s",
                    count=len(items),
                    label=label,
                    min=rule["min_count"],
                )
                issues.append(problem("too_short", phrase, prefix))
            if rule["max_count"] and len(items) > rule["max_count"]:
                phrase = _(
                    "%(count)s %(label)s, at most %(max)s",
                    count=len(items),
                    label=label,
                    max=rule["max_count"],
                )
                issues.append(problem("too_long", phrase, prefix))
            for number, item in enumerate(items, start=1):
                issues += self._length_issues(rule, prefix, f"{label} {number}", item)
            return issues
        return issues + self._length_issues(rule, prefix, label, value)

    def _length_issues(self, rule, prefix, what, text):
        length = len(text)
        if rule["max_length"] and length > rule["max_length"]:
            phrase = self._(
                "%(what)s is %(length)s characters, at most %(max)s",
                what=what,
                length=length,
                max=rule["max_length"],
            )
            return [self._product_problem("too_long", phrase, prefix)]
        if rule["min_length"] and length < rule["min_length"]:
            phrase = self._(
                "%(what)s is %(length)s characters, at least %(min)s",
                what=what,
                length=length,
                min=rule["min_length"],
            )
            return [self._product_problem("too_short", phrase, prefix)]
        return []

    def gtin_problem(self, barcode):
        """Why `barcode` is not a valid GTIN (8, 12, 13 or 14 digits, GS1 check digit), or None."""
        try:
            ean.validate(barcode)
        except InvalidChecksum:
            return self._("GTIN %(gtin)s check digit wrong", gtin=barcode)
        except InvalidLength:
            return self._("GTIN %(gtin)s is not 8, 12, 13 or 14 digits", gtin=barcode)
        except InvalidFormat:
            return self._("GTIN %(gtin)s has characters other than digits", gtin=barcode)
        return None

    def _check_gtin(self, rule, template_id, channel, lang, data):
        variants = data["variants"].get(template_id, [])
        mpn_allowed = rule["check"] == "gtin_or_mpn"
        if not variants:
            return [self._product_problem("missing", self._("no variant"))] if rule["required"] else []
        issues = []
        for variant in variants:
            if variant["barcode"]:
                problem = self._gtin_problems.get(variant["barcode"], False)
                if problem is False:
                    problem = self._gtin_problems[variant["barcode"]] = self.gtin_problem(variant["barcode"])
                if problem:
                    issues.append(
                        self._variant_problem("invalid", problem, variants, variant, self._("GTIN invalid"))
                    )
            elif mpn_allowed and not variant["mpn"] and rule["required"]:
                issues.append(
                    self._variant_problem("missing", self._("neither GTIN nor MPN"), variants, variant)
                )
            elif not mpn_allowed and rule["required"]:
                issues.append(self._variant_problem("missing", self._("GTIN missing"), variants, variant))
        return issues

    def _check_attribute(self, rule, template_id, channel, lang, data):
        variants = data["variants"].get(template_id, [])
        check = rule["check"]
        _ = self._
        key = "colors" if check == "color" else "sizes"
        word = _("colour") if check == "color" else _("size")
        missing = _("%(what)s missing", what=word)
        if not variants or not any(variant[key] for variant in variants):
            return [self._product_problem("missing", missing)] if rule["required"] else []
        issues = []
        labels = channel["size_labels"]
        for variant in variants:
            if not variant[key]:
                if rule["required"]:
                    issues.append(self._variant_problem("missing", missing, variants, variant))
            elif check == "size" and channel["size_system"] and variant["id"] not in labels:
                phrase = _(
                    "size %(size)s has no %(system)s size",
                    size=" / ".join(variant["sizes"]),
                    system=channel["size_system_label"],
                )
                group = _("no %(system)s size", system=channel["size_system_label"])
                issues.append(self._variant_problem("invalid", phrase, variants, variant, group))
        return issues

    def _check_images(self, rule, template_id, channel, lang, data):
        assets = data["assets"].get(template_id, [])
        _ = self._
        what = rule["role_label"] and _("%(role)s image", role=rule["role_label"].lower()) or _("image")
        images = [
            asset
            for asset in assets
            if (not asset["channels"] or channel["id"] in asset["channels"])
            and (not rule["role"] or asset["role"] == rule["role"])
        ]
        issues = []
        for asset in images:
            width, height = asset["width"], asset["height"]
            if (rule["min_width"] and width < rule["min_width"]) or (
                rule["min_height"] and height < rule["min_height"]
            ):
                phrase = _(
                    "%(what)s %(width)s×%(height)s is below %(min_width)s×%(min_height)s",
                    what=what,
                    width=width,
                    height=height,
                    min_width=rule["min_width"] or 0,
                    min_height=rule["min_height"] or 0,
                )
                issues.append(self._product_problem("image", phrase))
            elif rule["min_longest"] and max(width, height) < rule["min_longest"]:
                phrase = _(
                    "%(what)s %(width)s×%(height)s is below %(min)s px on its longest side",
                    what=what,
                    width=width,
                    height=height,
                    min=rule["min_longest"],
                )
                issues.append(self._product_problem("image", phrase))
        wanted = rule["min_count"] or (1 if rule["required"] else 0)
        if not images and wanted == 1:
            issues.append(self._product_problem("image", _("%(what)s missing", what=what)))
        elif len(images) < wanted:
            phrase = _("%(what)s: %(count)s, at least %(min)s", what=what, count=len(images), min=wanted)
            issues.append(self._product_problem("image", phrase))
        return issues

    def _check_category(self, rule, template_id, channel, lang, data):
        if not channel["taxonomy"]:
            return [
                self._product_problem("category", self._("the channel has no taxonomy to map the product to"))
            ]
        if template_id not in channel["nodes"]:
            phrase = self._(
                "%(label)s missing: map the product or its category to %(taxonomy)s",
                label=rule["label"],
                taxonomy=channel["taxonomy"],
            )
            return [self._product_problem("category", phrase)]
        return []

    def _check_price(self, rule, template_id, channel, lang, data):
        variants = data["variants"].get(template_id, [])
        if not channel["pricelist"]:
            return [self._product_problem("price", self._("the channel has no pricelist"))]
        phrase = self._("no price on pricelist %(pricelist)s", pricelist=channel["pricelist"])
        return [
            self._variant_problem("price", phrase, variants, variant, self._("no price"))
            for variant in variants
            if not channel["prices"].get(variant["id"])
        ]

    def _check_certification(self, rule, template_id, channel, lang, data):
        return [
            self._product_problem(
                "certification",
                self._("certification %(name)s expired on %(date)s", name=name, date=date_expiry),
            )
            for name, date_expiry in data["expired"].get(template_id, [])
        ]

    # Writing

    def _store(self, results, templates, cells):
        template_of = {cell[0]: cell[1] for cell in cells}
        ids = list(results)
        self.env.cr.execute(
            SQL(
                """
                UPDATE kobo_completeness cell
                   SET score = v.score, issue_count = v.issue_count, issues = v.issues, complete = v.complete,
                       categ_id = v.categ_id, kobo_season_name = v.season, dirty = FALSE,
                       date_computed = now() AT TIME ZONE 'UTC', write_date = now() AT TIME ZONE 'UTC',
                       write_uid = %(uid)s
                  FROM unnest(%(ids)s::int[], %(scores)s::int[], %(counts)s::int[], %(issues)s::text[],
                              %(completes)s::bool[], %(categs)s::int[], %(seasons)s::varchar[])
                       AS v(id, score, issue_count, issues, complete, categ_id, season)
                 WHERE cell.id = v.id
                """,
                uid=self.env.uid,
                ids=ids,
                scores=[results[cell_id][0] for cell_id in ids],
                counts=[results[cell_id][1] for cell_id in ids],
                issues=[results[cell_id][2] or None for cell_id in ids],
                completes=[results[cell_id][3] for cell_id in ids],
                categs=[templates[template_of[cell_id]]["categ_id"] for cell_id in ids],
                seasons=[templates[template_of[cell_id]]["kobo_season_name"] for cell_id in ids],
            )
        )
