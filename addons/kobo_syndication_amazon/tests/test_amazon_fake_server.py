"""The fake SP-API behaves as Amazon documents it: what the connector's tests rely on."""

import requests

from odoo.addons.kobo_syndication_amazon.fake_servers import amazon as fake_amazon
from odoo.tests import TransactionCase, tagged

from .amazon_common import ean13


@tagged("post_install", "-at_install")
class TestFakeAmazonServer(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server = fake_amazon.start()
        cls.addClassCleanup(cls.server.stop)

    def setUp(self):
        super().setUp()
        self.server.state = fake_amazon.FakeAmazonState(burst=100)

    def _token(self, **changes):
        form = {
            "grant_type": "refresh_token",
            "refresh_token": fake_amazon.DEMO_REFRESH_TOKEN,
            "client_id": fake_amazon.DEMO_CLIENT_ID,
            "client_secret": fake_amazon.DEMO_CLIENT_SECRET,
            **changes,
        }
        return requests.post(f"{self.server.url}{fake_amazon.TOKEN_PATH}", data=form, timeout=10)

    def _put(self, sku, body, token=None, **params):
        token = token or self._token().json()["access_token"]
        return requests.put(
            f"{self.server.url}/listings/2021-08-01/items/{fake_amazon.DEMO_SELLER_ID}/{sku}",
            params={"marketplaceIds": fake_amazon.DEMO_MARKETPLACE_ID, **params},
            json=body,
            headers={"x-amz-access-token": token},
            timeout=10,
        )

    def _scarf(self, gtin=None):
        market = fake_amazon.DEMO_MARKETPLACE_ID
        attributes = {
            name: [{"value": "x", "language_tag": "de_DE", "marketplace_id": market}]
            for name in ("item_name", "brand", "product_description", "country_of_origin", "condition_type")
        }
        attributes["target_gender"] = [{"value": "female", "marketplace_id": market}]
        attributes["age_range_description"] = [{"value": "Adult", "language_tag": "de_DE"}]
        attributes["department"] = [{"value": "Damen", "language_tag": "de_DE"}]
        attributes["bullet_point"] = [{"value": f"point {n}", "language_tag": "de_DE"} for n in range(3)]
        attributes["externally_assigned_product_identifier"] = [
            {"type": "ean", "value": gtin or ean13("400000000020")}
        ]
        attributes["purchasable_offer"] = [
            {"currency": "EUR", "our_price": [{"schedule": [{"value_with_tax": 40}]}]}
        ]
        return {"productType": "SCARF", "requirements": "LISTING", "attributes": attributes}

    def test_login_with_amazon(self):
        answer = self._token()
        self.assertEqual(answer.status_code, 200)
        self.assertEqual(answer.json()["token_type"], "bearer")
        self.assertEqual(answer.json()["expires_in"], 3600)
        self.assertEqual(self._token(client_secret="wrong").json()["error"], "invalid_client")
        self.assertEqual(self._token(client_secret="wrong").status_code, 401)
        self.assertEqual(
            self._token(grant_type="authorization_code").json()["error"], "unsupported_grant_type"
        )
        self.server.state.revoke()
        revoked = self._token()
        self.assertEqual((revoked.status_code, revoked.json()["error"]), (400, "invalid_grant"))

    def test_access_token_is_required_and_expires(self):
        self.assertEqual(self._put("S-1", self._scarf(), token="Atza|forged").status_code, 403)
        token = self._token().json()["access_token"]
        self.server.state.expire_access_tokens()
        expired = self._put("S-1", self._scarf(), token=token)
        self.assertEqual(expired.status_code, 403)
        self.assertEqual(expired.json()["errors"][0]["details"], "The access token you provided has expired.")

    def test_request_shape_is_checked(self):
        not_json = self._put("S-1", None)
        self.assertEqual(not_json.status_code, 400)
        self.assertEqual(not_json.json()["errors"][0]["code"], "InvalidInput")
        self.assertEqual(self._put("S-1", {"attributes": {}}).status_code, 400, "productType is required")
        two = self._put("S-1", self._scarf(), marketplaceIds="A1PA6795UKMFR9,A13V1IB3VIYZZH")
        self.assertEqual(two.status_code, 400)
        self.assertEqual(self._put("S-1", self._scarf(), mode="LIVE").status_code, 400)
        not_an_array = self._scarf()
        not_an_array["attributes"]["brand"] = "Kōbō"
        answer = self._put("S-1", not_an_array).json()
        self.assertEqual(answer["status"], "INVALID")
        self.assertEqual(answer["issues"][0]["attributeNames"], ["brand"])

    def test_invalid_gtin_and_missing_attributes_are_issues_and_store_nothing(self):
        body = self._scarf(gtin="4000000000209")
        del body["attributes"]["brand"]
        answer = self._put("S-1", body).json()
        self.assertEqual(answer["status"], "INVALID")
        self.assertEqual(
            sorted((issue["code"], issue["attributeNames"][0]) for issue in answer["issues"]),
            [("8541", "externally_assigned_product_identifier"), ("90220", "brand")],
        )
        self.assertEqual(self.server.state.skus(), [])

    def test_preview_stores_nothing_and_a_second_put_replaces(self):
        preview = self._put("S-1", self._scarf(), mode="VALIDATION_PREVIEW").json()
        self.assertEqual((preview["status"], self.server.state.skus()), ("VALID", []))
        token = self._token().json()["access_token"]
        self.assertEqual(self._put("S-1", self._scarf(), token=token).json()["status"], "ACCEPTED")
        body = self._scarf()
        body["attributes"]["brand"][0]["value"] = "Other"
        self.assertEqual(self._put("S-1", body, token=token).json()["status"], "ACCEPTED")
        self.assertEqual(self.server.state.skus(), ["S-1"])
        stored = self.server.state.listings[(fake_amazon.DEMO_SELLER_ID, "S-1")]
        self.assertEqual(stored["attributes"]["brand"][0]["value"], "Other")

    def test_token_bucket_answers_429_with_retry_after(self):
        self.server.state = fake_amazon.FakeAmazonState(burst=3, rate=1.0)
        token = self._token().json()["access_token"]
        statuses = [self._put(f"S-{n}", self._scarf(), token=token) for n in range(5)]
        self.assertEqual([answer.status_code for answer in statuses[:3]], [200, 200, 200])
        throttled = statuses[3]
        self.assertEqual(throttled.status_code, 429)
        self.assertEqual(throttled.json()["errors"][0]["code"], "QuotaExceeded")
        self.assertGreaterEqual(int(throttled.headers["Retry-After"]), 1)

    def test_sizes_outside_the_size_standards_are_refused(self):
        """Amazon hides a listing whose size is invalid: the stand-in refuses it and stores nothing,
        free text ("50") as well as a size of another class."""
        market = fake_amazon.DEMO_MARKETPLACE_ID
        sizes = {
            "numeric": {"size_system": "as3", "size_class": "numeric", "size": "numeric_50"},
            "letters as numbers": {"size_system": "as3", "size_class": "numeric", "size": "m"},
            "unknown system": {"size_system": "eu", "size_class": "alpha", "size": "m"},
        }
        answers = {}
        for name, size in sizes.items():
            body = self._scarf()
            body["attributes"]["apparel_size"] = [{**size, "marketplace_id": market}]
            answers[name] = self._put(f"S-{len(answers)}", body).json()
        free_text = self._scarf()
        free_text["attributes"]["size"] = [{"value": "50", "language_tag": "de_DE", "marketplace_id": market}]
        answers["free text"] = self._put("S-9", free_text).json()
        self.assertEqual(answers["numeric"]["status"], "ACCEPTED")
        self.assertEqual(
            answers["letters as numbers"]["issues"][0]["message"],
            "The provided value for 'apparel_size' is invalid: size 'm' is not a size of the class "
            "'numeric'.",
        )
        self.assertIn("size_system 'eu' is not one of", answers["unknown system"]["issues"][0]["message"])
        self.assertEqual(answers["free text"]["issues"][0]["attributeNames"], ["size"])
        self.assertEqual(
            [answers[name]["status"] for name in ("letters as numbers", "unknown system", "free text")],
            ["INVALID"] * 3,
        )
        self.assertEqual(self.server.state.skus(), ["S-0"])

    def test_language_and_apparel_facts_the_marketplace_requires(self):
        body = self._scarf()
        del body["attributes"]["department"]
        body["attributes"]["item_name"][0]["language_tag"] = "en_US"
        answer = self._put("S-1", body).json()
        self.assertEqual(answer["status"], "INVALID")
        messages = {issue["attributeNames"][0]: issue["message"] for issue in answer["issues"]}
        self.assertEqual(messages["department"], "'department' is required but not supplied.")
        self.assertIn(
            "'item_name' is in en_US, which marketplace A1PA6795UKMFR9 does not accept", messages["item_name"]
        )
        self.assertEqual(self.server.state.skus(), [])
