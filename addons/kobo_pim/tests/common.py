from odoo.tests import TransactionCase, new_test_user


class KoboPimCase(TransactionCase):
    """Shared data: a catalogue user, a catalogue manager, a EUR pricelist."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True, mail_create_nolog=True))
        cls.catalogue_user = new_test_user(
            cls.env,
            "kobo_cat_user",
            groups="base.group_user,kobo_pim.group_kobo_pim_user",
            password="kobo_cat_user",
        )
        cls.catalogue_manager = new_test_user(
            cls.env,
            "kobo_cat_manager",
            groups="base.group_user,kobo_pim.group_kobo_pim_manager",
            password="kobo_cat_manager",
        )
        eur = cls.env.ref("base.EUR")
        eur.active = True
        # The tests' prices are euros: a company keeping its books in another currency (Odoo's
        # demo, ours included, is in USD) would convert them at its rates; at par here.
        company_currency = cls.env.company.currency_id
        if company_currency != eur:
            cls.env["res.currency.rate"].search(
                [("currency_id", "in", (eur | company_currency).ids)]
            ).unlink()
        cls.pricelist_eur = cls.env["product.pricelist"].create(
            {"name": "Test web EUR", "currency_id": eur.id}
        )
