"""The demo command's server, used as a person or an integration would: HTTP and XML-RPC."""

import urllib.request
import xmlrpc.client

import pytest
from kobo_dev.demo_users import DEMO_LOGINS


def test_login_page_is_served(server):
    with urllib.request.urlopen(f"{server}/web/login", timeout=30) as response:  # noqa: S310 - loopback
        page = response.read().decode()
    assert 'name="login"' in page
    assert 'name="password"' in page


@pytest.mark.parametrize(("role", "login", "password"), DEMO_LOGINS)
def test_every_printed_credential_logs_in(rpc, role, login, password):
    assert rpc(login, password).uid, f"{role}: {login} could not log in"


def test_designer_reads_the_brand_range(rpc):
    designer = rpc("designer", "designer")
    seasons = designer("kobo.season", "search_read", [], fields=["code", "name", "style_count"], order="code")
    assert [(s["code"], s["name"], s["style_count"]) for s in seasons] == [
        ("AW27", "Autumn / Winter 2027", 6),
        ("SS27", "Spring / Summer 2027", 6),
    ]
    styles = designer(
        "product.template",
        "search_read",
        [("kobo_is_style", "=", True)],
        fields=["default_code", "name", "kobo_season_id"],
        order="default_code",
    )
    assert len(styles) == 12
    assert styles[0]["default_code"] == "AN-AW27-001"
    assert styles[0]["name"] == "Double-Faced Wool Coat"
    assert styles[0]["kobo_season_id"][1] == "AW27 · Autumn / Winter 2027"
    blue = designer(
        "kobo.color", "search_read", [("code", "=", "19-4052 TCX")], fields=["display_name", "hex_value"]
    )
    assert blue == [
        {"id": blue[0]["id"], "display_name": "Classic Blue (19-4052 TCX)", "hex_value": "#0F4C81"}
    ]
    ranges = designer(
        "kobo.size.range", "search_read", [], fields=["name", "size_system", "base_size_id", "size_count"]
    )
    by_name = {r["name"]: r for r in ranges}
    assert by_name["Women's alpha XS–XL"]["base_size_id"][1] == "M"
    assert by_name["Denim waist 24–40"]["size_system"] == "numeric"
    assert by_name["Denim waist 24–40"]["size_count"] == 14
    assert by_name["Kids 2–12 years"]["size_system"] == "kids"


def test_vendors_buy_in_three_currencies(rpc):
    developer = rpc("developer", "developer")
    vendors = developer(
        "res.partner",
        "search_read",
        [("supplier_rank", ">", 0), ("email", "like", ".example")],
        fields=["name", "property_purchase_currency_id"],
    )
    assert len(vendors) >= 4
    assert {v["property_purchase_currency_id"][1] for v in vendors} == {"EUR", "USD", "CNY"}


def test_catalogue_reads_channels_with_their_connectors(rpc):
    catalogue = rpc("catalogue", "catalogue")
    channels = catalogue(
        "kobo.channel",
        "search_read",
        [],
        fields=["code", "channel_type", "connector", "currency_id"],
        order="sequence",
    )
    assert [(c["code"], c["connector"]) for c in channels] == [
        ("webshop", "website"),
        ("google_de", "google_merchant"),
        ("amazon_de", "amazon"),
        ("nordic_dept", "spreadsheet"),
    ]
    assert {c["currency_id"][1] for c in channels} == {"EUR"}


def test_bridge_field_is_served(rpc):
    merchandiser = rpc("merchandiser", "merchandiser")
    styles = merchandiser(
        "product.template",
        "search_read",
        [("default_code", "=", "AN-SS27-001")],
        fields=["kobo_handoff_date"],
    )
    assert styles == [{"id": styles[0]["id"], "kobo_handoff_date": False}]


def test_designer_cannot_configure_channels(rpc):
    designer = rpc("designer", "designer")
    with pytest.raises(xmlrpc.client.Fault, match="not allowed to create"):
        designer("kobo.channel", "create", {"name": "Rogue", "code": "rogue"})
