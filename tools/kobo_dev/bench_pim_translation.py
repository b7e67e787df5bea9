"""Bench: export 10,000 translation units (XLIFF and XLSX) beside a plain read of the same fields
in every language, then import them back, checked and written in batch (a fixed number of
queries per model and field), beside plain writes in each language. Run by bench_scenarios.run
inside a savepoint that is rolled back."""

from lxml import etree

from odoo import Command

from .benchkit import scaled

XLIFF = {"x": "urn:oasis:names:tc:xliff:document:1.2"}

FIELDS = (
    "kobo_marketing_name",
    "kobo_bullet_points",
    "kobo_seo_title",
    "kobo_seo_description",
    "kobo_composition_label",
)
LANGS = ("fr_FR", "de_DE")


def run(env, scale, measure, report):
    if "kobo.translation.exchange" not in env:
        return
    langs = env["res.lang"]
    for code in LANGS:
        langs._activate_lang(code)
    env["kobo.channel"].create(
        {
            "name": "Bench translations",
            "code": "bench_translations",
            "lang_ids": [Command.set([langs._lang_get(code).id for code in LANGS])],
        }
    )
    # 5 fields × 2 locales = 10 units a product
    count = scaled(1000, scale)
    products = env["product.template"].create(
        [
            {"name": f"Bench copy {n}", **{name: f"{name} of product {n}" for name in FIELDS}}
            for n in range(count)
        ]
    )
    env["kobo.enrichment"]._kobo_ensure(products)
    domain = [("product_tmpl_id", "in", products.ids), ("lang", "in", LANGS), ("field_name", "in", FIELDS)]
    exchange = env["kobo.translation.exchange"]
    units = len(FIELDS) * len(LANGS) * count

    def baseline():
        for code in ("en_US", *LANGS):
            products.with_context(lang=code).read(list(FIELDS))

    plain = measure(env, baseline)
    label = f"read {count} products' {len(FIELDS)} fields in 3 languages"
    for file_format in ("xliff", "xlsx"):
        kobo = measure(env, lambda file_format=file_format: exchange._kobo_export(domain, file_format))
        report(f"translations: export {units} units as {file_format.upper()}", kobo, plain, label)

    # the agency's file back: every unit translated, imported all or nothing
    content, _count = exchange._kobo_export(domain, "xliff")
    root = etree.fromstring(content)  # noqa: S320 (the file written just above)
    for target in root.iterfind(".//x:target", XLIFF):
        target.text = "traduit"
    filled = etree.tostring(root)

    def plain_writes():
        for code in LANGS:
            for product in products:
                product.with_context(lang=code).write(dict.fromkeys(FIELDS, f"plain {code}"))

    kobo = measure(env, lambda: exchange._kobo_import(filled, "xliff"))
    report(
        f"translations: import {units} units (XLIFF, checked)",
        kobo,
        measure(env, plain_writes),
        f"write the same translations, one write per product and language ({2 * count} writes)",
    )
