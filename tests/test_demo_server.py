"""The demo command's server, used as a person or an integration would: HTTP and XML-RPC."""

import re
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
    # One AW27 style is dropped, so archived: the season counts the five still in the range.
    assert [(s["code"], s["name"], s["style_count"]) for s in seasons] == [
        # The season the PIM's winter garments (not developed in the PLM) belong to.
        ("AW26", "Autumn / Winter 2026", 0),
        ("AW27", "Autumn / Winter 2027", 5),
        ("SS27", "Spring / Summer 2027", 6),
    ]
    styles = designer(
        "product.template",
        "search_read",
        [("kobo_is_style", "=", True), ("active", "in", [True, False])],
        fields=[
            "kobo_style_number",
            "name",
            "kobo_season_id",
            "kobo_stage",
            "active",
            "product_variant_count",
            "kobo_techpack_count",
        ],
        order="kobo_style_number",
    )
    assert len(styles) == 12
    assert styles[0]["kobo_style_number"] == "AN-AW27-001"
    assert styles[0]["name"] == "Double-Faced Wool Coat"
    assert styles[0]["kobo_season_id"][1] == "AW27 · Autumn / Winter 2027"
    assert styles[0]["product_variant_count"] == 15  # 3 colorways x 5 sizes
    assert {s["kobo_stage"] for s in styles} == {
        "concept",
        "development",
        "sampling",
        "costing",
        "production_approved",
        "released",
        "dropped",
    }
    assert [s["kobo_style_number"] for s in styles if not s["active"]] == ["AN-AW27-004"]
    assert all(s["kobo_techpack_count"] >= 1 for s in styles)
    assert sum(s["kobo_techpack_count"] == 2 for s in styles) == 3  # revised after a sample
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


def test_designer_reads_tech_packs_and_their_manufacturing_boms(rpc):
    designer = rpc("designer", "designer")
    techpacks = designer(
        "kobo.techpack",
        "search_read",
        [("style_id.kobo_style_number", "=", "AN-SS27-002")],
        fields=["display_name", "state", "is_current", "measurement_count", "bom_id"],
        order="revision",
    )
    # Linen shirt: V1 frozen and current, V2 in draft after the fit sample.
    assert [(t["display_name"], t["state"], t["is_current"]) for t in techpacks] == [
        ("AN-SS27-002 V1", "frozen", True),
        ("AN-SS27-002 V2", "draft", False),
    ]
    assert techpacks[0]["measurement_count"] == 9
    bom_lines = designer("mrp.bom.line", "search_count", [("bom_id", "=", techpacks[0]["bom_id"][0])])
    assert bom_lines == 3 * 5 + 5  # linen per colorway and size, five trims for every variant
    diff = designer(
        "kobo.techpack.diff.wizard",
        "create",
        {"new_techpack_id": techpacks[1]["id"], "old_techpack_id": techpacks[0]["id"]},
    )
    html = designer("kobo.techpack.diff.wizard", "read", [diff], fields=["diff_html"])[0]["diff_html"]
    assert "B01 Chest width 2.5 cm below armhole" in html


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
    assert [(c["code"], c["connector"], c["currency_id"][1]) for c in channels] == [
        ("webshop", "website", "EUR"),
        ("google_de", "google_merchant", "EUR"),
        ("shopify_jp", "shopify", "JPY"),
        ("amazon_de", "amazon", "EUR"),
        ("nordic_dept", "spreadsheet", "EUR"),
    ]


def test_bridge_field_is_served(rpc):
    merchandiser = rpc("merchandiser", "merchandiser")
    styles = merchandiser(
        "product.template",
        "search_read",
        [("kobo_style_number", "=", "AN-SS27-001")],
        fields=["kobo_handoff_date"],
    )
    # The demo hands its production-approved styles off to enrichment.
    assert len(styles) == 1
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}", styles[0]["kobo_handoff_date"] or "")


def test_designer_cannot_configure_channels(rpc):
    designer = rpc("designer", "designer")
    with pytest.raises(xmlrpc.client.Fault, match="not allowed to create"):
        designer("kobo.channel", "create", {"name": "Rogue", "code": "rogue"})


def test_developer_follows_samples_in_every_state(rpc):
    developer = rpc("developer", "developer")
    samples = developer(
        "kobo.sample",
        "search_read",
        [],
        fields=["style_id", "state", "is_late", "critical_out_count", "revision_id"],
    )
    assert {s["state"] for s in samples} == {
        "draft",
        "requested",
        "acknowledged",
        "shipped",
        "received",
        "approved",
        "approved_changes",
        "rejected",
    }
    late = [s["style_id"][1] for s in samples if s["is_late"]]
    assert late == ["[AN-AW27-002] Straight-Leg Selvedge Jean"]
    assert developer("kobo.sample", "search_count", [("is_late", "=", True)]) == 1
    received = next(s for s in samples if s["state"] == "received")
    assert received["critical_out_count"] >= 1  # waiting for a decision: approve with changes or reject
    changed = next(s for s in samples if s["state"] == "approved_changes")
    assert changed["revision_id"][1] == "AN-SS27-001 V2"


def test_merchandiser_compares_quotes_and_meets_the_production_gate(rpc):
    merchandiser = rpc("merchandiser", "merchandiser")
    sheets = merchandiser(
        "kobo.cost.sheet",
        "search_read",
        [("style_id.kobo_style_number", "=", "AN-SS27-001")],
        fields=["vendor_id", "state", "currency_id", "fob_price", "landed_cost", "retail_price"],
    )
    assert {s["vendor_id"][1]: s["state"] for s in sheets} == {
        "Malhas Costa Lda.": "approved",
        "Saigon Garment Works JSC": "submitted",
    }
    approved = next(s for s in sheets if s["state"] == "approved")
    assert approved["currency_id"][1] == "EUR"
    assert approved["landed_cost"] > 0
    merino = merchandiser(
        "product.template",
        "search_read",
        [("kobo_style_number", "=", "AN-SS27-001")],
        fields=["kobo_stage", "list_price", "kobo_production_techpack_id", "kobo_main_vendor_id"],
    )[0]
    # Approved through the gate in the demo: production revision, sales price from the sheet.
    assert merino["kobo_stage"] == "production_approved"
    assert merino["kobo_production_techpack_id"][1] == "AN-SS27-001 V2"
    assert merino["list_price"] == approved["retail_price"]
    tee_id = merchandiser("product.template", "search", [("kobo_style_number", "=", "AN-SS27-003")])[0]
    with pytest.raises(xmlrpc.client.Fault) as refused:
        merchandiser("product.template", "action_kobo_approve_production", [tee_id])
    assert "Not approved for production; nothing was changed" in refused.value.faultString
    assert "expired certificate" in refused.value.faultString
    tee = merchandiser("product.template", "read", [tee_id], ["kobo_stage"])[0]
    assert tee["kobo_stage"] == "costing"


def test_a_vendor_reads_its_quotes_but_not_the_brands_costing(rpc):
    costa = rpc("costa", "costa")
    quotes = costa("kobo.cost.sheet", "search_read", [], fields=["vendor_id", "state", "operation_cost"])
    assert quotes and {q["vendor_id"][1] for q in quotes} == {"Malhas Costa Lda."}
    assert "draft" not in {q["state"] for q in quotes}
    with pytest.raises(xmlrpc.client.Fault):
        costa("kobo.cost.sheet", "read", [quotes[0]["id"]], ["landed_cost"])
    saigon_samples = rpc("saigon", "saigon")("kobo.sample", "search_read", [], fields=["vendor_id"])
    assert {s["vendor_id"][1] for s in saigon_samples} == {"Saigon Garment Works JSC"}
