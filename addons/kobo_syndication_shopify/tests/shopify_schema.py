"""Every GraphQL request the Shopify connector sends, checked against Shopify's published Admin
schema: the document (fields, arguments, selections) and the variables (input coercion, required
fields, enums). The schema is the 2025-01 introspection, in ``<repo root>/../shared/fixtures/
shopify/``, plus the two arguments Shopify's changelog adds up to the version the connector pins
(``productSet(identifier:)`` in 2025-04, ``productUpdate(identifier:)`` in 2026-04)."""

import functools
import gzip
import json
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[3]
SCHEMA_FILE = (
    REPO_ROOT.parent / "shared" / "fixtures" / "shopify" / "shopify-admin-2025-01.introspection.json.gz"
)


def _named(name):
    return {"kind": "SCALAR" if name in ("ID", "String") else "INPUT_OBJECT", "name": name, "ofType": None}


def _input_type(name, fields):
    return {
        "kind": "INPUT_OBJECT",
        "name": name,
        "description": None,
        "fields": None,
        "inputFields": [
            {"name": field, "description": None, "type": _named(kind), "defaultValue": None}
            for field, kind in fields
        ],
        "interfaces": None,
        "enumValues": None,
        "possibleTypes": None,
    }


@functools.cache
def admin_schema():
    """The client schema, or None when the published schema is not on this machine."""
    if not SCHEMA_FILE.is_file():
        return None
    from graphql import build_client_schema  # a test dependency, needed by these tests only

    with gzip.open(SCHEMA_FILE) as file:
        data = json.load(file)
    data = data.get("data", data)
    types = data["__schema"]["types"]
    for name in ("ProductSetIdentifiers", "ProductUpdateIdentifiers"):
        types.append(_input_type(name, [("id", "ID"), ("handle", "String")]))
    mutation = next(kind for kind in types if kind["name"] == data["__schema"]["mutationType"]["name"])
    for field in mutation["fields"]:
        if field["name"] in ("productSet", "productUpdate"):
            kind = "ProductSetIdentifiers" if field["name"] == "productSet" else "ProductUpdateIdentifiers"
            field["args"].append(
                {"name": "identifier", "description": None, "type": _named(kind), "defaultValue": None}
            )
    return build_client_schema(data)


def schema_errors(document, variables):
    """What Shopify's schema says is wrong with one request, as a list of messages (empty: valid)."""
    from graphql import parse, validate
    from graphql.execution.values import get_variable_values
    from graphql.language import OperationDefinitionNode

    schema = admin_schema()
    tree = parse(document)
    errors = [error.message for error in validate(schema, tree)]
    if errors:
        return errors
    operation = next(node for node in tree.definitions if isinstance(node, OperationDefinitionNode))
    coerced = get_variable_values(schema, operation.variable_definitions or [], variables or {})
    return [error.message for error in coerced] if isinstance(coerced, list) else []
