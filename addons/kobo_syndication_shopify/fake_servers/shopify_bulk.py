"""Shopify's bulk import in the fake shop (see ``shopify.py``), as shopify.dev's guide "Bulk import
data with the GraphQL Admin API" and the Admin reference describe it:

1. ``stagedUploadsCreate(input: [{resource: BULK_MUTATION_VARIABLES, filename, mimeType:
   "text/jsonl", httpMethod: POST}])`` answers a target: a ``url`` (here the fake's own
   ``/staged-uploads/bulk``, at Shopify a cloud storage bucket) and the form ``parameters`` to
   send with the file, among them ``key``, the ``stagedUploadPath`` of step 3;
2. a multipart POST of those parameters and then the ``file`` (one JSON object of variables a
   line) to that url: refused (HTTP 400/403, nothing stored) without a known ``key``, with a
   parameter missing or changed, or without the file;
3. ``bulkOperationRunMutation(mutation, stagedUploadPath)``: ``userErrors`` (``BulkMutationUserError``)
   when the mutation is not one mutation field that may run in bulk (``INVALID_MUTATION``), the
   path names no uploaded file (``NO_SUCH_FILE``), a line is not a JSON object
   (``INVALID_STAGED_UPLOAD_FILE``), or the app already runs as many bulk mutations on the shop as
   the version allows (``OPERATION_IN_PROGRESS``; five from 2026-01, one before:
   ``state.bulk_mutation_limit``); else a ``BulkOperation`` in status CREATED;
4. the operation runs on its own: RUNNING after ``state.bulk_start_seconds``, COMPLETED after
   ``state.bulk_seconds_per_line`` more per line (on the shop's clock, so a test that advances the
   clock sees it progress). Each line is the mutation run with that line's variables, through the
   same handler as a direct call (``productSet`` replaces the lists it is given exactly as it does
   synchronously); a line whose variables do not fit gets that line's ``errors``;
5. ``node(id:)`` / ``currentBulkOperation(type:)`` report ``status``, ``objectCount``,
   ``errorCode`` and, once COMPLETED, the ``url`` of the result: a JSONL file the fake serves
   (GET ``/bulk-results/<n>.jsonl``), one line per input line, ``{"data": {<field>: <answer>},
   "__lineNumber": <0-based line>}``.

``bulkOperationRunMutation`` costs its fixed points; the lines run inside cost none. Switches
for tests: ``state.fail_next_bulk(error_code)`` (the next operation ends FAILED),
``state.drop_next_bulk_line(number)`` (its result lacks that line), ``state.start_foreign_bulk
(seconds)`` (another job of the app runs bulk mutations up to the limit, for ``seconds`` or
forever).
"""

import email.policy
import json
import time
import uuid
from email.parser import BytesParser

from .shopify_graphql import (
    ENUMS,
    HANDLERS,
    INPUTS,
    OPERATION,
    OPERATIONS,
    REQUIRED,
    GraphqlError,
    parse_operation,
)

BULK_RESOURCE = "BULK_MUTATION_VARIABLES"
STAGED_PATH = "/staged-uploads/bulk"
RESULT_PATH = "/bulk-results/"
#: Statuses of an operation that still counts against the concurrency limit.
ACTIVE = ("CREATED", "RUNNING", "CANCELING")
#: Bulk mutations an app may run at a time per shop from API 2026-01 (one before).
BULK_MUTATION_LIMIT = 5
#: Shopify's cap on the staged file (100 MB since the "faster bulk operations" change).
MAX_UPLOAD_BYTES = 100 * 1024 * 1024
#: Mutations that start or concern bulk operations cannot themselves run in bulk.
NOT_IN_BULK = {"bulkOperationRunMutation", "stagedUploadsCreate", "bulkOperationCancel"}

ENUMS.update(
    {
        "StagedUploadTargetGenerateUploadResource": (BULK_RESOURCE, "IMAGE", "FILE", "VIDEO", "MODEL_3D"),
        "StagedUploadHttpMethodType": ("POST", "PUT"),
        "BulkOperationType": ("QUERY", "MUTATION"),
    }
)
INPUTS["StagedUploadInput"] = {
    "resource": "StagedUploadTargetGenerateUploadResource",
    "filename": "String",
    "mimeType": "String",
    "httpMethod": "StagedUploadHttpMethodType",
    "fileSize": "String",
}
REQUIRED["StagedUploadInput"] = ("resource", "filename", "mimeType")
OPERATIONS.update(
    {
        "stagedUploadsCreate": ("mutation", {"input": (["StagedUploadInput"], True)}),
        "bulkOperationRunMutation": (
            "mutation",
            {
                "mutation": ("String", True),
                "stagedUploadPath": ("String", True),
                "clientIdentifier": ("String", False),
            },
        ),
        "node": ("query", {"id": ("ID", True)}),
        "currentBulkOperation": ("query", {"type": ("BulkOperationType", False)}),
    }
)


def bulk_error(field, message, code):
    return {"field": field, "message": message, "code": code}


def staged_uploads_create(state, arguments):
    targets, errors = [], []
    for index, item in enumerate(arguments["input"]):
        path = ["input", str(index)]
        if item["resource"] != BULK_RESOURCE:
            errors.append(
                {"field": [*path, "resource"], "message": "The fake shop stages bulk mutation variables only"}
            )
            continue
        if item.get("httpMethod") != "POST":
            errors.append(
                {
                    "field": [*path, "httpMethod"],
                    "message": "The fake shop takes the multipart POST form only",
                }
            )
            continue
        key = f"tmp/{state.shop_number}/bulk/{uuid.uuid4()}/{item['filename']}"
        parameters = {
            "Content-Type": item["mimeType"],
            "success_action_status": "201",
            "acl": "private",
            "key": key,
            "x-goog-date": time.strftime("%Y%m%dT%H%M%SZ", time.gmtime()),
            "x-goog-credential": "fake-shopify-staged-uploads",
            "x-goog-algorithm": "GOOG4-RSA-SHA256",
            "x-goog-signature": uuid.uuid4().hex,
            "policy": uuid.uuid4().hex,
        }
        state.staged[key] = {"parameters": parameters, "content": None}
        targets.append(
            {
                "url": state.url + STAGED_PATH,
                "resourceUrl": None,
                "parameters": [{"name": name, "value": value} for name, value in parameters.items()],
            }
        )
    return {"stagedTargets": targets if not errors else None, "userErrors": errors}


def receive_upload(state, content_type, raw):  # noqa: PLR0911 - each refusal answers at once, as storage does
    """The staged target's multipart POST: ``(HTTP status, body)``; stores the file on success."""
    if not (content_type or "").startswith("multipart/form-data"):
        return 400, storage_error("InvalidArgument", "The request is not a multipart form.")
    message = BytesParser(policy=email.policy.HTTP).parsebytes(
        b"Content-Type: " + content_type.encode() + b"\r\nMIME-Version: 1.0\r\n\r\n" + raw
    )
    if not message.is_multipart():
        return 400, storage_error("InvalidArgument", "The multipart form could not be read.")
    parts = [
        (part.get_param("name", header="content-disposition"), part.get_payload(decode=True) or b"")
        for part in message.iter_parts()
    ]
    fields = {name: value.decode() for name, value in parts if name != "file"}
    staged = state.staged.get(fields.get("key"))
    if not staged:
        return 400, storage_error("InvalidArgument", "The key of the upload is missing or unknown.")
    if any(fields.get(name) != value for name, value in staged["parameters"].items()):
        return 403, storage_error("SignatureDoesNotMatch", "A parameter of the staged upload is missing.")
    if not parts or parts[-1][0] != "file":
        return 400, storage_error("InvalidArgument", "The file must be the last field of the form.")
    if len(parts[-1][1]) > MAX_UPLOAD_BYTES:
        return 400, storage_error("EntityTooLarge", "Your proposed upload is larger than allowed.")
    staged["content"] = parts[-1][1]
    return 201, (
        f"<PostResponse><Bucket>shopify-staged-uploads</Bucket><Key>{fields['key']}</Key></PostResponse>"
    ).encode()


def storage_error(code, message):
    return f"<Error><Code>{code}</Code><Message>{message}</Message></Error>".encode()


def top_level_fields(document):
    """The names of the fields directly under the operation's selection set."""
    start = document.find("{")
    names, depth, parens, index = [], 0, 0, start
    while 0 <= index < len(document):
        char = document[index]
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char == "(":
            parens += 1
        elif char == ")":
            parens -= 1
        elif depth == 1 and not parens and (char.isalpha() or char == "_"):
            end = index
            while end < len(document) and (document[end].isalnum() or document[end] == "_"):
                end += 1
            rest = document[end:].lstrip()
            if not rest.startswith(":"):  # an alias is followed by its field
                names.append(document[index:end])
            index = end
            continue
        index += 1
    return names


def bulk_operation_run_mutation(state, arguments):
    mutation, path = arguments["mutation"], arguments["stagedUploadPath"]
    match = OPERATION.match(mutation or "")
    fields = top_level_fields(mutation or "")
    field = fields[0] if fields else None
    if (
        not match
        or match.group(1) != "mutation"
        or len(fields) != 1
        or OPERATIONS.get(field, ("",))[0] != "mutation"
        or field in NOT_IN_BULK
    ):
        return refused(
            ["mutation"],
            "Invalid mutation: give one mutation operation with one top-level mutation field.",
            "INVALID_MUTATION",
        )
    staged = state.staged.get(path)
    if not staged or staged["content"] is None:
        return refused(
            ["stagedUploadPath"],
            "The JSONL file could not be found. Try uploading the file again, and check that you've "
            "entered the URL correctly for the stagedUploadPath mutation argument.",
            "NO_SUCH_FILE",
        )
    lines = []
    for text in staged["content"].decode("utf-8", "replace").splitlines():
        if not text.strip():
            continue
        try:
            line = json.loads(text)
        except ValueError:
            line = None
        if not isinstance(line, dict):
            return refused(None, "Unexpected file structure - expected JSONL", "INVALID_STAGED_UPLOAD_FILE")
        lines.append(line)
    running = [
        op for op in state.bulk_operations.values() if op["type"] == "MUTATION" and op["status"] in ACTIVE
    ]
    if len(running) >= state.bulk_mutation_limit:
        return refused(
            None,
            f"A bulk mutation operation for this app and shop is already in progress: {running[-1]['id']}.",
            "OPERATION_IN_PROGRESS",
        )
    operation = new_operation(state, mutation, lines)
    operation["fault"] = state.bulk_faults.pop(0) if state.bulk_faults else None
    return {"bulkOperation": operation_answer(operation), "userErrors": []}


def refused(field, message, code):
    return {"bulkOperation": None, "userErrors": [bulk_error(field, message, code)]}


def new_operation(state, mutation, lines, finish_at=None):
    number = len(state.bulk_operations) + 1
    operation = {
        "id": f"gid://shopify/BulkOperation/{number}",
        "number": number,
        "type": "MUTATION",
        "status": "CREATED",
        "query": mutation,
        "lines": lines,
        "started": state.now(),
        "finish_at": finish_at,
        "createdAt": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "completedAt": None,
        "objectCount": "0",
        "rootObjectCount": "0",
        "fileSize": None,
        "url": None,
        "partialDataUrl": None,
        "errorCode": None,
        "fault": None,
    }
    state.bulk_operations[operation["id"]] = operation
    return operation


def advance(state):
    """Move every operation on as far as the shop's clock says (called before each request)."""
    now = state.now()
    for operation in state.bulk_operations.values():
        if operation["status"] not in ACTIVE:
            continue
        if operation["lines"] is None:  # another job's: runs until its time, if any
            operation["status"] = "RUNNING"
            if operation["finish_at"] is not None and now >= operation["finish_at"]:
                operation.update(status="COMPLETED", completedAt=operation["createdAt"])
            continue
        started = operation["started"] + state.bulk_start_seconds
        if now >= started:
            operation["status"] = "RUNNING"
        if now >= started + state.bulk_seconds_per_line * len(operation["lines"]):
            complete(state, operation)


def complete(state, operation):
    fault = operation["fault"] or ("", None)
    if fault[0] == "fail":
        operation.update(status="FAILED", errorCode=fault[1])
        return
    results = []
    for number, variables in enumerate(operation["lines"]):
        if fault == ("drop", number):
            continue
        try:
            field, arguments = parse_operation(operation["query"], variables)
        except GraphqlError as error:
            results.append(
                {
                    "errors": [{"message": error.message, "extensions": {"code": error.code}}],
                    "__lineNumber": number,
                }
            )
            continue
        state.last_variables = variables
        state.bulk_lines += 1
        results.append({"data": {field: HANDLERS[field](state, arguments)}, "__lineNumber": number})
    content = "".join(json.dumps(result) + "\n" for result in results).encode()
    state.bulk_results[operation["number"]] = content
    operation.update(
        status="COMPLETED",
        completedAt=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        objectCount=str(len(results)),
        rootObjectCount=str(len(results)),
        fileSize=str(len(content)),
        url=f"{state.url}{RESULT_PATH}{operation['number']}.jsonl" if results else None,
    )


def operation_answer(operation):
    return {
        key: value
        for key, value in operation.items()
        if key not in ("number", "lines", "started", "finish_at", "fault")
    }


def node(state, arguments):
    operation = state.bulk_operations.get(arguments["id"])
    return operation_answer(operation) if operation else None


def current_bulk_operation(state, arguments):
    kind = arguments.get("type") or "QUERY"
    found = [operation for operation in state.bulk_operations.values() if operation["type"] == kind]
    return operation_answer(found[-1]) if found else None


HANDLERS.update(
    {
        "stagedUploadsCreate": staged_uploads_create,
        "bulkOperationRunMutation": bulk_operation_run_mutation,
        "node": node,
        "currentBulkOperation": current_bulk_operation,
    }
)
