"""The demo's channel price lists stay the channels': a new customer, and a quotation made for
them, keep Odoo's default price list in the company's currency (every `make test` database has
the demo data)."""

from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestDemoCustomerPricelist(TransactionCase):
    def test_a_new_customer_gets_odoos_default_price_list_not_a_channels(self):
        channel_lists = self.env["kobo.channel"].with_context(active_test=False).search([]).pricelist_id
        self.assertTrue(channel_lists, "the demo channels sell through their own price lists")
        customer = self.env["res.partner"].create({"name": "Walk-in customer"})
        pricelist = customer.property_product_pricelist
        self.assertEqual(pricelist.name, "Default")
        self.assertEqual(pricelist.currency_id, self.env.company.currency_id)
        self.assertNotIn(pricelist, channel_lists)
