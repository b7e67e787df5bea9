from odoo import Command

from .common import KoboPimCase

DESCRIPTION_EN = "<p>A <strong>warm</strong> coat.</p><p>Made in Portugal.</p>"
DESCRIPTION_FR = "<p>Un manteau <strong>chaud</strong>.</p><p>Fabriqué au Portugal.</p>"


class KoboTranslationCase(KoboPimCase):
    """One channel publishing in French and German; a coat in enrichment with English copy."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        langs = cls.env["res.lang"]
        for code in ("fr_FR", "de_DE"):
            langs._activate_lang(code)
        cls.fr = langs._lang_get("fr_FR")
        cls.de = langs._lang_get("de_DE")
        company = cls.env.company
        cls.env["kobo.channel"].search([("company_id", "=", company.id)]).active = False
        cls.channel = cls.env["kobo.channel"].create(
            {"name": "Test web EU", "code": "test_web_eu", "lang_ids": [Command.set((cls.fr | cls.de).ids)]}
        )
        cls.coat = cls._kobo_product("Wool coat")
        cls.internal_user = cls.env["res.users"].create(
            {
                "name": "Plain employee",
                "login": "kobo_plain_employee",
                "groups_id": [Command.set([cls.env.ref("base.group_user").id])],
            }
        )

    @classmethod
    def _kobo_product(cls, name, enrich=True):
        product = cls.env["product.template"].create(
            {
                "name": name,
                "kobo_marketing_name": name,
                "kobo_bullet_points": "Warm\nSoft",
                "kobo_description": DESCRIPTION_EN,
            }
        )
        if enrich:
            cls.env["kobo.enrichment"]._kobo_ensure(product)
        return product

    def _statuses(self, products=None, source_kind="product", **filters):
        """{(field, lang): status} of the own copy of `products` (the coat by default); pass
        `channel_copy_id` or `asset_id` with `source_kind` for a channel override or an asset."""
        domain = [("product_tmpl_id", "in", (products or self.coat).ids), ("source_kind", "=", source_kind)]
        domain += [(name, "=", value) for name, value in filters.items()]
        rows = self.env["kobo.translation.status"].search(domain)
        return {(row.field_name, row.lang): row.status for row in rows}

    def _fr(self, product, field_name):
        return product.with_context(lang="fr_FR")[field_name]
