"""A hostile client over XML-RPC: the PLM's approvals, locks and vendor boundaries hold.

Each probe is something a real user of the demo brand could send with a script. Every one is
refused with a message, and the record reads back exactly as before.
"""

import xmlrpc.client

import pytest


def _refused(call, *args, **kwargs):
    with pytest.raises(xmlrpc.client.Fault) as refused:
        call(*args, **kwargs)
    return refused.value.faultString


def _one(user, model, domain, fields):
    records = user(model, "search_read", domain, fields=fields, limit=1)
    assert records, f"the demo has no {model} matching {domain}"
    return records[0]


# Context keys that once switched checks off; a client can send any of them.
OLD_BYPASS_KEYS = {
    "kobo_stage_checked": True,
    "kobo_cost_sheet_transition": True,
    "kobo_techpack_unlink": True,
    "kobo_bom_sync": True,
    "kobo_privileged": True,
}


def test_a_designer_cannot_release_a_style_in_development(rpc):
    designer = rpc("designer", "designer")
    style = _one(
        designer,
        "product.template",
        [("kobo_stage", "=", "development")],
        ["kobo_stage", "kobo_style_number"],
    )
    message = _refused(
        designer,
        "product.template",
        "write",
        [style["id"]],
        {"kobo_stage": "released"},
        context=OLD_BYPASS_KEYS,
    )
    assert "needs a PLM manager" in message
    assert (
        designer("product.template", "read", [style["id"]], ["kobo_stage"])[0]["kobo_stage"] == "development"
    )


def test_a_designer_cannot_stamp_a_production_approval(rpc):
    designer = rpc("designer", "designer")
    style = _one(
        designer, "product.template", [("kobo_stage", "=", "costing")], ["kobo_production_approved_by_id"]
    )
    _refused(
        designer,
        "product.template",
        "write",
        [style["id"]],
        {"kobo_production_approved_by_id": designer.uid, "kobo_production_approved_date": "2027-01-01"},
        context=OLD_BYPASS_KEYS,
    )
    merchandiser = rpc("merchandiser", "merchandiser")
    after = merchandiser("product.template", "read", [style["id"]], ["kobo_production_approved_by_id"])[0]
    assert after["kobo_production_approved_by_id"] is False


def test_a_plm_user_cannot_approve_a_cost_sheet_by_writing_its_state(rpc):
    developer = rpc("developer", "developer")
    sheet = _one(developer, "kobo.cost.sheet", [("state", "=", "submitted")], ["state", "approved_by_id"])
    _refused(
        developer,
        "kobo.cost.sheet",
        "write",
        [sheet["id"]],
        {"state": "approved", "approved_by_id": developer.uid},
        context=OLD_BYPASS_KEYS,
    )
    after = developer("kobo.cost.sheet", "read", [sheet["id"]], ["state", "approved_by_id"])[0]
    assert (after["state"], after["approved_by_id"]) == ("submitted", False)


def test_an_approved_cost_sheet_stays_as_approved(rpc):
    merchandiser = rpc("merchandiser", "merchandiser")
    sheet = _one(merchandiser, "kobo.cost.sheet", [("state", "=", "approved")], ["freight_cost", "line_ids"])
    _refused(
        merchandiser,
        "kobo.cost.sheet",
        "write",
        [sheet["id"]],
        {"freight_cost": 0.01},
        context=OLD_BYPASS_KEYS,
    )
    line = merchandiser("kobo.cost.sheet.line", "read", sheet["line_ids"][:1], ["unit_price"])[0]
    _refused(
        merchandiser,
        "kobo.cost.sheet.line",
        "write",
        [line["id"]],
        {"unit_price": line["unit_price"] + 1},
        context=OLD_BYPASS_KEYS,
    )
    assert merchandiser("kobo.cost.sheet.line", "read", [line["id"]], ["unit_price"])[0] == line


def test_a_plm_user_cannot_freeze_a_tech_pack_by_writing_its_state(rpc):
    developer = rpc("developer", "developer")
    draft = _one(developer, "kobo.techpack", [("state", "=", "draft")], ["state"])
    _refused(developer, "kobo.techpack", "write", [draft["id"]], {"state": "frozen"}, context=OLD_BYPASS_KEYS)
    assert developer("kobo.techpack", "read", [draft["id"]], ["state"])[0]["state"] == "draft"


def test_a_frozen_revision_keeps_its_lines_whatever_the_context(rpc):
    merchandiser = rpc("merchandiser", "merchandiser")
    frozen = _one(
        merchandiser,
        "kobo.techpack",
        [("state", "=", "frozen"), ("measurement_ids", "!=", False)],
        ["measurement_ids"],
    )
    line_ids = frozen["measurement_ids"]
    _refused(merchandiser, "kobo.techpack.measurement", "unlink", line_ids[:1], context=OLD_BYPASS_KEYS)
    after = merchandiser("kobo.techpack", "read", [frozen["id"]], ["measurement_ids"])[0]
    assert after["measurement_ids"] == line_ids


def test_a_plm_user_cannot_approve_a_sample_by_writing_its_state(rpc):
    developer = rpc("developer", "developer")
    sample = _one(developer, "kobo.sample", [("state", "=", "received")], ["state"])
    _refused(
        developer, "kobo.sample", "write", [sample["id"]], {"state": "approved"}, context=OLD_BYPASS_KEYS
    )
    assert developer("kobo.sample", "read", [sample["id"]], ["state"])[0]["state"] == "received"


def test_a_vendor_reads_none_of_the_brands_economics(rpc):
    costa = rpc("costa", "costa")
    quote = _one(costa, "kobo.cost.sheet", [], ["vendor_id"])
    for field in ("material_cost", "fob_price", "is_over_target", "landed_cost"):
        _refused(costa, "kobo.cost.sheet", "read", [quote["id"]], [field])
    company_id = costa("res.users", "read", [costa.uid], ["company_id"])[0]["company_id"][0]
    for field in ("kobo_target_margin", "kobo_retail_multiplier"):
        _refused(costa, "res.company", "read", [company_id], [field])


def test_a_vendor_cannot_learn_which_other_vendors_hold_a_revision(rpc):
    costa = rpc("costa", "costa")
    saigon_partner = rpc("saigon", "saigon")(
        "res.users", "read", [rpc("saigon", "saigon").uid], ["partner_id"]
    )
    saigon_id = saigon_partner[0]["partner_id"][0]
    _refused(costa, "kobo.techpack", "search_count", [("shared_vendor_ids", "in", [saigon_id])])


def test_a_vendors_sample_rfq_lines_carry_no_brand_cost(rpc):
    admin = rpc("admin", "admin")
    samples = admin(
        "kobo.sample",
        "search_read",
        [("purchase_line_id", "!=", False)],
        fields=["purchase_line_id", "vendor_id"],
    )
    assert samples, "the demo orders samples on RFQs"
    line_ids = [s["purchase_line_id"][0] for s in samples]
    lines = admin("purchase.order.line", "read", line_ids, ["price_unit", "product_id", "partner_id"])
    for line in lines:
        cost = admin("product.product", "read", [line["product_id"][0]], ["standard_price"])[0][
            "standard_price"
        ]
        vendor_prices = admin(
            "product.supplierinfo",
            "search_read",
            [("partner_id", "=", line["partner_id"][0])],
            fields=["price"],
        )
        # Either the vendor's own price or nothing for the vendor to quote; never our cost.
        assert line["price_unit"] in {0.0, *(p["price"] for p in vendor_prices)}, line
        if cost:
            assert line["price_unit"] != cost or cost in {p["price"] for p in vendor_prices}, line
