from odoo.tests import Form, TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestEcommerceDescriptionNote(TransactionCase):
    """The web shop connector overwrites Odoo's eCommerce Description with the PIM's approved
    copy: on a product listed on a web shop channel the form shows the field read-only, with a
    note saying where it comes from; on any other product (not listed there, or listed on a
    channel of another kind) it stays Odoo's editable field."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.shop_company, cls.other_company = cls.env["res.company"].create(
            [{"name": "Kobo Shop Company"}, {"name": "Kobo Company Without Shop"}]
        )
        cls.env.user.company_ids |= cls.shop_company | cls.other_company
        cls.web_shop = cls.env["kobo.channel"].create(
            {
                "name": "Test Web Shop",
                "code": "test_web_shop",
                "connector": "website",
                "company_id": cls.shop_company.id,
            }
        )
        # A channel of another kind does not touch the shop description.
        cls.feed = cls.env["kobo.channel"].create(
            {"name": "Test Feed", "code": "test_feed", "company_id": cls.other_company.id}
        )

    def _product(self, company, channel=None):
        product = (
            self.env["product.template"]
            .with_company(company)
            .create({"name": "Linen Shirt", "sale_ok": True, "company_id": company.id})
        )
        if channel:
            self.env["kobo.listing"].sudo().create({"product_tmpl_id": product.id, "channel_id": channel.id})
        return product

    def test_readonly_with_note_when_a_web_shop_channel_fills_it(self):
        form = Form(self._product(self.shop_company, self.web_shop))
        self.assertEqual(
            form.kobo_ecommerce_description_note,
            "Filled from the PIM's approved copy by the web shop channel Test Web Shop; "
            "edit the copy in the PIM.",
        )
        self.assertFalse(form._get_modifier("kobo_ecommerce_description_note", "invisible"))
        with self.assertRaisesRegex(AssertionError, "can't write on readonly field 'description_ecommerce'"):
            form.description_ecommerce = "<p>Typed by hand</p>"

    def test_editable_when_not_listed_on_a_web_shop(self):
        # a product of the web shop's company that is not listed there is the merchant's own
        self.assertFalse(self._product(self.shop_company).kobo_ecommerce_description_note)
        product = self._product(self.other_company, self.feed)
        form = Form(product)
        self.assertFalse(form.kobo_ecommerce_description_note)
        self.assertTrue(form._get_modifier("kobo_ecommerce_description_note", "invisible"))
        form.description_ecommerce = "<p>Typed by hand</p>"
        form.save()
        self.assertEqual(product.description_ecommerce, "<p>Typed by hand</p>")
