"""The requests we send to Amazon, validated against Amazon's published models: the Listings
Items API 2021-08-01 (Swagger 2.0: ListingsItemPutRequest, ListingsItemPatchRequest, and the path
and query parameters of each operation) and the JSON Listings Feed schema v2 (each request as a
feed message), and the fake server's answers against the model's response definitions.

The models live outside the repository, in ``<repo root>/../shared/fixtures/amazon/``; these
tests skip when that directory is absent.
"""

import json
from pathlib import Path

import requests

from odoo.addons.kobo_syndication_amazon.fake_servers import amazon as fake_amazon
from odoo.tests import tagged

from .amazon_common import KoboAmazonCase

REPO_ROOT = Path(__file__).resolve().parents[3]
FIXTURES = REPO_ROOT.parent / "shared" / "fixtures" / "amazon"
OPERATIONS = {
    "putListingsItem": ("put", "ListingsItemPutRequest", "UPDATE"),
    "patchListingsItem": ("patch", "ListingsItemPatchRequest", "PATCH"),
    "deleteListingsItem": ("delete", None, "DELETE"),
    "getListingsItem": ("get", None, None),  # read back: no feed message
}
ITEM_PATH = "/listings/2021-08-01/items/{sellerId}/{sku}"


@tagged("post_install", "-at_install")
class TestAmazonRequestsMatchThePublishedModel(KoboAmazonCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.models_present = FIXTURES.is_dir()
        if cls.models_present:
            cls.swagger = json.loads((FIXTURES / "listingsItems_2021-08-01.json").read_text())
            cls.feed_schema = json.loads((FIXTURES / "listings-feed-schema-v2.json").read_text())

    def setUp(self):
        super().setUp()
        if not self.models_present:
            self.skipTest(f"Amazon's published models are absent ({FIXTURES}): fixtures absent")
        # a test dependency (requirements.txt), imported here so that only these tests need it
        import jsonschema

        self.jsonschema = jsonschema

    def _definition_validator(self, name):
        schema = {"definitions": self.swagger["definitions"], "$ref": f"#/definitions/{name}"}
        return self.jsonschema.Draft4Validator(schema)

    def _parameter_errors(self, operation, sku, query):
        """What the operation's path and query parameters (Swagger 2.0) refuse in one request."""
        method = OPERATIONS[operation][0]
        errors = []
        for parameter in self.swagger["paths"][ITEM_PATH][method]["parameters"]:
            name, where = parameter["name"], parameter["in"]
            if where == "path":
                value = {"sellerId": fake_amazon.DEMO_SELLER_ID, "sku": sku}[name]
                if not isinstance(value, str) or not value:
                    errors.append(f"path {name} is empty")
                continue
            if where != "query":
                continue
            if name not in query:
                if parameter.get("required"):
                    errors.append(f"query {name} is missing")
                continue
            if parameter["type"] == "array":
                values = query[name].split(",")
                if len(values) > parameter.get("maxItems", len(values)):
                    errors.append(f"query {name} has more than {parameter['maxItems']} values")
                allowed = parameter["items"].get("enum")
                errors += [
                    f"query {name}: {value} is not allowed"
                    for value in values
                    if allowed and value not in allowed
                ]
            elif parameter.get("enum") and query[name] not in parameter["enum"]:
                errors.append(f"query {name}: {query[name]} is not allowed")
        unknown = set(query) - {
            parameter["name"] for parameter in self.swagger["paths"][ITEM_PATH][method]["parameters"]
        }
        errors += [f"query {name} is not a parameter of {operation}" for name in unknown]
        return errors

    def _feed_message(self, index, operation, sku, body):
        message = {"messageId": index, "sku": sku, "operationType": OPERATIONS[operation][2]}
        if operation == "putListingsItem":
            message.update(
                productType=body["productType"],
                requirements=body["requirements"],
                attributes=body["attributes"],
            )
        elif operation == "patchListingsItem":
            message.update(productType=body["productType"], patches=body["patches"])
        return message

    def _every_kind_of_request(self):
        self.channel.amazon_validate_first = True
        listings = self._publish()
        self.shirt.list_price = 85.0
        self._publish(listings)
        listings._kobo_read_back()
        listings._kobo_queue("delist")
        self.channel._kobo_job_sync()
        return self.server.state.requests

    def test_requests_match_the_listings_items_model_and_the_feed_schema(self):
        sent = self._every_kind_of_request()
        self.assertEqual(
            {operation for operation, *_rest in sent},
            {"putListingsItem", "patchListingsItem", "deleteListingsItem", "getListingsItem"},
        )
        self.assertIn("VALIDATION_PREVIEW", {query.get("mode") for _operation, _sku, query, _body in sent})
        for operation, sku, query, body in sent:
            self.assertEqual(self._parameter_errors(operation, sku, query), [], f"{operation} {sku}")
            definition = OPERATIONS[operation][1]
            if definition:
                errors = [error.message for error in self._definition_validator(definition).iter_errors(body)]
                self.assertEqual(errors, [], f"{operation} {sku} against {definition}")
        feed = {
            "header": {"sellerId": fake_amazon.DEMO_SELLER_ID, "version": "2.0", "issueLocale": "en_US"},
            "messages": [
                self._feed_message(index, operation, sku, body)
                for index, (operation, sku, _query, body) in enumerate(sent, start=1)
                if OPERATIONS[operation][2]
            ],
        }
        errors = [
            error.message for error in self.jsonschema.Draft7Validator(self.feed_schema).iter_errors(feed)
        ]
        self.assertEqual(errors, [])

    def test_the_validators_refuse_what_amazon_refuses(self):
        # the checks above can fail: a patch with an unknown op, two marketplaces, a feed UPDATE with patches
        patch = {"productType": "SHIRT", "patches": [{"op": "overwrite", "path": "/attributes/list_price"}]}
        self.assertTrue(list(self._definition_validator("ListingsItemPatchRequest").iter_errors(patch)))
        self.assertTrue(
            list(self._definition_validator("ListingsItemPutRequest").iter_errors({"productType": "SHIRT"}))
        )
        query = {"marketplaceIds": "A1PA6795UKMFR9,A1F83G8C2ARO7P", "mode": "LIVE"}
        self.assertEqual(
            self._parameter_errors("putListingsItem", "SKU-1", query),
            ["query marketplaceIds has more than 1 values", "query mode: LIVE is not allowed"],
        )
        message = {
            "messageId": 1,
            "sku": "SKU-1",
            "operationType": "UPDATE",
            "productType": "SHIRT",
            "attributes": {"a": [{}]},
            "patches": [],
        }
        feed = {"header": {"sellerId": "S", "version": "2.0"}, "messages": [message]}
        self.assertTrue(list(self.jsonschema.Draft7Validator(self.feed_schema).iter_errors(feed)))

    def test_fake_server_answers_in_the_models_shapes(self):
        self._publish(self._amazon_listings(self.scarf))
        token = self.channel.sudo().amazon_access_token
        base = f"{self.server.url}/listings/2021-08-01/items/{fake_amazon.DEMO_SELLER_ID}"
        market = {"marketplaceIds": fake_amazon.DEMO_MARKETPLACE_ID}
        submission = requests.put(
            f"{base}/AMZ-NEW",
            params=market,
            json={"productType": "SHIRT", "attributes": {}},
            headers={"x-amz-access-token": token},
            timeout=10,
        )
        self.assertEqual(submission.json()["status"], "INVALID")
        response = self._definition_validator("ListingsItemSubmissionResponse")
        self.assertEqual([error.message for error in response.iter_errors(submission.json())], [])
        refused = requests.put(
            f"{base}/AMZ-NEW",
            params=market,
            data=b"{not json",
            headers={"x-amz-access-token": token},
            timeout=10,
        )
        self.assertEqual(refused.status_code, 400)
        error_list = self._definition_validator("ErrorList")
        self.assertEqual([error.message for error in error_list.iter_errors(refused.json())], [])
        denied = requests.delete(f"{base}/AMZ-SCARF", params=market, timeout=10)
        self.assertEqual(denied.status_code, 403)
        self.assertEqual([error.message for error in error_list.iter_errors(denied.json())], [])
