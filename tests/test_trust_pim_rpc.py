"""A hostile client over XML-RPC against the PIM and syndication half (Trust II, points 1–3).

Each probe is what a demo user could send with a script: values the guard would once have let
through because they arrived as `default_*` context keys, a record moved to another product, a
restricted field set at create. Every one is refused with a message, and nothing is stored.
"""

import json
import urllib.request
import xmlrpc.client

import pytest


def _refused(call, *args, **kwargs):
    with pytest.raises(xmlrpc.client.Fault) as refused:
        call(*args, **kwargs)
    return refused.value.faultString


@pytest.fixture(scope="module")
def admin(rpc):
    return rpc("admin", "admin")


@pytest.fixture(scope="module")
def catalogue(rpc):
    """Nina Holm: PIM manager and syndication user, not a syndication manager."""
    return rpc("catalogue", "catalogue")


@pytest.fixture(scope="module")
def pim_user(rpc, admin):
    """A catalogue assistant: PIM user, not a manager (the demo has none; the admin makes one)."""
    login = "trust_pim_user"
    if not admin("res.users", "search", [("login", "=", login)]):
        group_ids = [
            admin("ir.model.data", "check_object_reference", "base", "group_user")[1],
            admin("ir.model.data", "check_object_reference", "kobo_pim", "group_kobo_pim_user")[1],
        ]
        admin(
            "res.users",
            "create",
            {"name": "Trust PIM user", "login": login, "password": login, "groups_id": [(6, 0, group_ids)]},
        )
    return rpc(login, login)


def _count(admin, model, domain=()):
    return admin(model, "search_count", list(domain), context={"active_test": False})


def test_a_listing_cannot_be_created_published_through_context_defaults(admin, catalogue):
    product = admin("product.template", "search", [("kobo_enrichment_ids", "!=", False)], limit=1)[0]
    channel = admin("kobo.channel", "search", [("connector", "=", "google_merchant")], limit=1)[0]
    before = _count(admin, "kobo.listing")
    message = _refused(
        catalogue,
        "kobo.listing",
        "create",
        {"product_tmpl_id": product, "channel_id": channel},
        context={
            "default_state": "published",
            "default_external_id": "forged-123",
            "default_payload_digest": "0" * 64,
        },
    )
    assert "can only be changed through the workflow's buttons" in message
    assert _count(admin, "kobo.listing") == before


def test_a_pim_user_cannot_create_an_approved_enrichment(admin, pim_user):
    product = admin(
        "product.template", "search", [("kobo_enrichment_ids", "=", False), ("sale_ok", "=", True)], limit=1
    )[0]
    before = _count(admin, "kobo.enrichment")
    message = _refused(
        pim_user,
        "kobo.enrichment",
        "create",
        {"product_tmpl_id": product},
        context={
            "default_state": "approved",
            "default_approved_by_id": admin.uid,
            "default_date_approved": "2026-01-01",
        },
    )
    assert "can only be changed through the workflow's buttons" in message
    assert _count(admin, "kobo.enrichment") == before


def test_an_image_asset_cannot_claim_a_file_it_does_not_have(admin, catalogue):
    product = admin("product.template", "search", [("kobo_enrichment_ids", "!=", False)], limit=1)[0]
    before = _count(admin, "kobo.asset")
    message = _refused(
        catalogue,
        "kobo.asset",
        "create",
        {"product_tmpl_id": product, "kind": "image", "role": "front"},
        context={"default_image_checksum": "f" * 40, "default_width": 4000, "default_height": 4000},
    )
    assert "are read from the image file and cannot be set by hand" in message
    assert _count(admin, "kobo.asset") == before


def test_a_published_listing_cannot_move_to_another_product(admin, catalogue):
    listing = admin(
        "kobo.listing", "search_read", [("state", "=", "published")], ["product_tmpl_id"], limit=1
    )
    if not listing:
        listing = admin("kobo.listing", "search_read", [], ["product_tmpl_id"], limit=1)
    listing = listing[0]
    other = admin("product.template", "search", [("id", "!=", listing["product_tmpl_id"][0])], limit=1)[0]
    message = _refused(catalogue, "kobo.listing", "write", [listing["id"]], {"product_tmpl_id": other})
    assert "cannot be changed once the record exists" in message
    after = admin("kobo.listing", "read", [listing["id"]], ["product_tmpl_id"])[0]
    assert after["product_tmpl_id"][0] == listing["product_tmpl_id"][0]


def test_a_channel_override_cannot_move_onto_another_product(admin, catalogue):
    override = admin("kobo.channel.copy", "search_read", [], ["product_tmpl_id"], limit=1)
    assert override, "the demo has no channel override"
    override = override[0]
    approved = admin(
        "product.template",
        "search",
        [("kobo_enrichment_state", "=", "approved"), ("id", "!=", override["product_tmpl_id"][0])],
        limit=1,
    ) or admin("product.template", "search", [("id", "!=", override["product_tmpl_id"][0])], limit=1)
    message = _refused(
        catalogue, "kobo.channel.copy", "write", [override["id"]], {"product_tmpl_id": approved[0]}
    )
    assert "cannot be changed once the record exists" in message
    after = admin("kobo.channel.copy", "read", [override["id"]], ["product_tmpl_id"])[0]
    assert after["product_tmpl_id"] == override["product_tmpl_id"]


@pytest.mark.parametrize(
    ("vals", "context"),
    [
        ({"connector": "shopify"}, {}),
        ({}, {"default_connector": "shopify"}),
        ({"shopify_shop_url": "http://127.0.0.1:5432", "shopify_access_token": "shpat_forged"}, {}),
        ({}, {"default_amazon_endpoint": "http://169.254.169.254", "default_amazon_token_url": "http://x"}),
    ],
)
def test_a_catalogue_user_cannot_configure_a_connector_at_create(admin, catalogue, vals, context):
    before = _count(admin, "kobo.channel")
    message = _refused(
        catalogue,
        "kobo.channel",
        "create",
        {"name": "Forged shop", "code": "forged_shop", **vals},
        context=context,
    )
    assert "only" in message and "may set" in message
    assert _count(admin, "kobo.channel") == before


def _jsonrpc(server, database, uid, password, model, method, *args):
    """JSON-RPC (`/jsonrpc`, Odoo's external JSON API): unlike XML, JSON carries a NUL character."""
    body = {
        "jsonrpc": "2.0",
        "method": "call",
        "params": {
            "service": "object",
            "method": "execute_kw",
            "args": [database, uid, password, model, method, list(args)],
        },
    }
    request = urllib.request.Request(  # noqa: S310 - the test server on loopback
        f"{server}/jsonrpc", json.dumps(body).encode(), {"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - loopback
        return json.loads(response.read())


def test_a_nul_character_is_refused_in_words(server, database, admin, catalogue):
    product = admin("product.template", "search", [("kobo_enrichment_ids", "!=", False)], limit=1)[0]
    before = admin("product.template", "read", [product], ["name", "kobo_marketing_name"])[0]
    for field in ("name", "kobo_marketing_name"):
        answer = _jsonrpc(
            server,
            database,
            catalogue.uid,
            "catalogue",
            "product.template",
            "write",
            [product],
            {field: "Coat\x00"},
        )
        error = answer.get("error")
        assert error, answer
        message = error["data"]["message"]
        assert "NUL character" in message
        assert error["data"]["name"] == "odoo.exceptions.ValidationError"
    after = admin("product.template", "read", [product], ["name", "kobo_marketing_name"])[0]
    assert after == before
