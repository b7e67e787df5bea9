# The handlers answer at the first check that fails, as the API does: many returns and branches.
# ruff: noqa: PLR0911, PLR0912
"""The Feeds API 2021-06-30 of the fake SP-API, for JSON_LISTINGS_FEED: what ``amazon.py``'s
handler serves under ``/feeds/2021-06-30/`` and at the feed documents' upload and download URLs.

As Amazon documents it (docs/syndication-amazon.md lists the sources):

- ``POST /feeds/2021-06-30/documents`` ``{"contentType"}`` → ``201 {"feedDocumentId", "url"}``:
  the url is a presigned-like upload address served here (``/feed-documents/{id}?X-Amz-...``,
  no access token; a PUT whose ``Content-Type`` is not the one given is ``403
  SignatureDoesNotMatch``, as S3 answers; the url expires after 5 minutes).
- ``POST /feeds/2021-06-30/feeds`` ``{"feedType", "marketplaceIds", "inputFeedDocumentId"}`` →
  ``202 {"feedId"}``; a feed type other than JSON_LISTINGS_FEED, no or unknown marketplace, an
  unknown document id (or one of another seller) → ``400 InvalidInput`` in the SP-API error shape.
- ``GET /feeds/2021-06-30/feeds/{feedId}`` → the Feed: ``processingStatus`` IN_QUEUE, then
  IN_PROGRESS, then DONE (one step per getFeed: the stand-in processes when asked, so that tests
  on a fake clock see every state), with ``resultFeedDocumentId`` when done.
- ``GET /feeds/2021-06-30/documents/{id}`` → ``{"feedDocumentId", "url", "compressionAlgorithm"?}``
  (GZIP when ``state.gzip_reports``); the url downloads the processing report: ``header``
  (sellerId, version, feedId), ``issues`` (messageId, code, severity, message, attributeNames),
  ``summary`` (errors, warnings, messagesProcessed, messagesAccepted, messagesInvalid).
- Processing: each message is checked as the listings feed schema v2 says (messageId, sku,
  operationType; UPDATE with productType and attributes and no patches; PATCH with productType
  and patches and no attributes or requirements; DELETE with none of them), then submitted as the
  Listings Items call it stands for (``FakeAmazonState.submit``: the same attribute rules as
  putListingsItem, stored exactly as a PUT stores it): ERROR issues make it invalid (not stored),
  WARNINGs are reported. A document that is not JSON, a header that is not version 2.0 of the
  token's seller, or more messages than a feed holds (25,000) → the feed is FATAL, its report
  saying why (an issue without messageId).
- Usage plans (per seller and operation, token buckets; ``FEED_USAGE_PLANS``): createFeedDocument
  0.5/s burst 15, createFeed 0.0083/s burst 15 and, for JSON_LISTINGS_FEED, 5 feeds per 5
  minutes, getFeed 2/s burst 15, getFeedDocument 0.0222/s burst 10; over them, ``429``.
"""

import gzip
import json
import time
import uuid
from urllib.parse import parse_qs, unquote, urlsplit

FEEDS_PATH = "/feeds/2021-06-30/"
#: Where the presigned-like document URLs point (upload and download): served here, no token.
DOCUMENT_PATH = "/feed-documents/"
FEED_TYPE = "JSON_LISTINGS_FEED"
FEED_VERSION = "2.0"
#: The listings feed schema v2's ``messages.maxItems``.
FEED_MAX_MESSAGES = 25000
OPERATION_TYPES = {
    "UPDATE": "putListingsItem",
    "PARTIAL_UPDATE": "patchListingsItem",
    "PATCH": "patchListingsItem",
    "DELETE": "deleteListingsItem",
}
#: (rate per second, burst) of each Feeds API operation (*Feeds API Rate Limits*), and the
#: JSON_LISTINGS_FEED's own limit on feed submissions (5 per 5 minutes per region, since May 2025).
FEED_USAGE_PLANS = {
    "createFeedDocument": (0.5, 15),
    "createFeed": (0.0083, 15),
    FEED_TYPE: (5 / 300, 5),
    "getFeed": (2.0, 15),
    "getFeedDocument": (0.0222, 10),
}
FEED_FAULTS = ("FATAL", "CANCELLED", "stall", "drop")
#: The processing steps a feed shows to getFeed before it is processed.
FEED_STEPS = ("IN_QUEUE", "IN_PROGRESS")


def _report_issue(code, message, severity="ERROR", message_id=None, attribute_names=()):
    issue = {"code": code, "severity": severity, "message": message}
    if message_id is not None:
        issue["messageId"] = message_id
    if attribute_names:
        issue["attributeNames"] = list(attribute_names)
    return issue


def message_problem(message):
    """What makes ``message`` not a message of the listings feed schema v2, or ''."""
    if not isinstance(message, dict):
        return "A message must be a JSON object."
    message_id = message.get("messageId")
    if not isinstance(message_id, int) or isinstance(message_id, bool) or not 1 <= message_id <= 2147483647:
        return "messageId must be an integer from 1 to 2147483647."
    if not isinstance(message.get("sku"), str) or not message["sku"]:
        return "sku is required."
    operation = message.get("operationType")
    if operation not in OPERATION_TYPES:
        return f"operationType must be one of {', '.join(OPERATION_TYPES)}."
    present = {name for name in ("productType", "requirements", "attributes", "patches") if name in message}
    allowed = {
        "UPDATE": ({"productType", "attributes"}, {"productType", "requirements", "attributes"}),
        "PARTIAL_UPDATE": ({"productType", "attributes"}, {"productType", "attributes"}),
        "PATCH": ({"productType", "patches"}, {"productType", "patches"}),
        "DELETE": (set(), set()),
    }[operation]
    if allowed[0] - present:
        return f"{operation} requires {', '.join(sorted(allowed[0] - present))}."
    if present - allowed[1]:
        return f"{', '.join(sorted(present - allowed[1]))} is not applicable to {operation}."
    product_type = message.get("productType", "-")
    if not isinstance(product_type, str) or not product_type:
        return "productType must be a non-empty string."
    attributes = message.get("attributes", {"-": []})
    if not isinstance(attributes, dict) or not attributes:
        return "attributes must be an object with at least one attribute."
    return ""


def process_feed(state, feed):
    """Apply ``feed``'s document and write its processing report (``feed["report"]``): the
    status it ends in, DONE or FATAL."""
    document = state.documents.get(feed["inputFeedDocumentId"]) or {}
    try:
        data = json.loads(document.get("content") or b"")
    except ValueError:
        data = None
    fatal = _fatal_problem(state, feed, data)
    if fatal:
        feed["report"] = _report(feed, [_report_issue("100001", fatal)], 0, 0, 0)
        return "FATAL"
    messages = data["messages"]
    issues, accepted, invalid, seen = [], 0, 0, set()
    processed = messages[:-1] if feed["fault"] == "drop" else messages
    for message in processed:
        found, valid = _process_message(state, feed, message, seen)
        issues += found
        accepted += valid
        invalid += not valid
    feed["report"] = _report(feed, issues, len(processed), accepted, invalid)
    return "DONE"


def _fatal_problem(state, feed, data):
    """Why the whole feed cannot be processed (FATAL), or ''."""
    header = data.get("header") if isinstance(data, dict) else None
    messages = data.get("messages") if isinstance(data, dict) else None
    if feed["fault"] == "FATAL":
        return "We encountered an internal error while processing the feed."
    if not isinstance(header, dict) or not isinstance(messages, list):
        return "The feed document is not a JSON listings feed (a header and messages)."
    if header.get("version") != FEED_VERSION:
        return f"The feed header's version must be {FEED_VERSION}."
    if header.get("sellerId") != feed["seller"]:
        return "The feed header's sellerId is not the selling partner of the feed."
    if not messages:
        return "The feed holds no message."
    if len(messages) > state.feed_max_messages:
        return (
            f"The feed holds {len(messages)} messages; a {FEED_TYPE} holds at most "
            f"{state.feed_max_messages}: split it into several feeds."
        )
    return ""


def _process_message(state, feed, message, seen):
    """``(report issues, accepted)`` of one message, submitted as the Listings Items call it
    stands for (``FakeAmazonState.submit``: the same rules, stored the same way)."""
    problem = message_problem(message)
    message_id = message.get("messageId") if isinstance(message, dict) else None
    if not problem and message_id in seen:
        problem = f"messageId {message_id} is not unique within the feed."
    if problem:
        tied = isinstance(message_id, int) and message_id not in seen
        return [_report_issue("4000001", problem, message_id=message_id if tied else None)], False
    seen.add(message_id)
    operation = OPERATION_TYPES[message["operationType"]]
    document = message
    if message["operationType"] == "PARTIAL_UPDATE":
        document = {
            "productType": message["productType"],
            "patches": [
                {"op": "replace", "path": f"/attributes/{name}", "value": value}
                for name, value in message["attributes"].items()
            ],
        }
    marketplace_id = feed["marketplaceIds"][0]
    status, found = state.submit(feed["seller"], message["sku"], marketplace_id, operation, document)
    if status == "NOT_FOUND":
        found = [{"code": "4000004", "message": f"SKU '{message['sku']}' not found.", "severity": "ERROR"}]
        status = "INVALID"
    issues = [
        _report_issue(
            issue["code"], issue["message"], issue["severity"], message_id, issue.get("attributeNames") or ()
        )
        for issue in found
    ]
    return issues, status != "INVALID"


def _report(feed, issues, processed, accepted, invalid):
    return {
        "header": {"sellerId": feed["seller"], "version": FEED_VERSION, "feedId": feed["feedId"]},
        "issues": issues,
        "summary": {
            "errors": sum(issue["severity"] == "ERROR" for issue in issues),
            "warnings": sum(issue["severity"] == "WARNING" for issue in issues),
            "messagesProcessed": processed,
            "messagesAccepted": accepted,
            "messagesInvalid": invalid,
        },
    }


class FeedsHandlerMixin:
    """The Feeds API routes of the fake SP-API's handler (``amazon._Handler``)."""

    def _feeds(self, method):
        state = self.state
        url = urlsplit(self.path)
        body = self._read_body()
        parts = [unquote(part) for part in url.path[len(FEEDS_PATH) :].split("/")]
        routes = {
            ("POST", "documents", 1): ("createFeedDocument", "createFeedDocument"),
            ("POST", "feeds", 1): ("createFeed", "createFeed"),
            ("GET", "feeds", 2): ("getFeed", "getFeed"),
            ("GET", "documents", 2): ("getFeedDocument", "getFeedDocument"),
        }
        route = routes.get((method, parts[0], len(parts)))
        if not route or not all(parts):
            return self._errors(404, "NotFound", "Resource not found.")
        operation, plan = route
        admitted = self._admit(operation, None, lambda seller: state._take_feed_token(seller, plan))
        if not admitted:
            return None
        seller_id, fault = admitted
        if fault == "delay":
            time.sleep(state.delay_seconds)
        if fault == "malformed":
            # not processed: the answer is cut short
            return self._send(200, None, raw=b'{"feedId": "5')
        try:
            document = json.loads(body) if body else None
        except ValueError:
            document = None
        if method == "POST" and not isinstance(document, dict):
            return self._errors(
                400, "InvalidInput", "Request has missing or invalid parameters and cannot be parsed."
            )
        if operation == "createFeedDocument":
            return self._create_feed_document(seller_id, document)
        if operation == "createFeed":
            return self._create_feed(seller_id, document)
        if operation == "getFeed":
            return self._get_feed(seller_id, parts[1])
        return self._get_feed_document(seller_id, parts[1])

    def _document_url(self, document_id):
        host, port = self.server.server_address[:2]
        signature = uuid.uuid4().hex
        return (
            f"http://{host}:{port}{DOCUMENT_PATH}{document_id}?X-Amz-Algorithm=AWS4-HMAC-SHA256"
            f"&X-Amz-Expires=300&X-Amz-Signature={signature}"
        )

    def _create_feed_document(self, seller_id, spec):
        content_type = spec.get("contentType")
        if not isinstance(content_type, str) or not content_type:
            return self._errors(400, "InvalidInput", "contentType is required.")
        document_id = f"amzn1.tortuga.4.eu.{uuid.uuid4()}"
        with self.state.lock:
            self.state.documents[document_id] = {
                "seller": seller_id,
                "contentType": content_type,
                "content": None,
                "compression": None,
            }
        self._send(201, {"feedDocumentId": document_id, "url": self._document_url(document_id)})

    def _create_feed(self, seller_id, spec):
        state = self.state
        details = ""
        marketplaces = spec.get("marketplaceIds")
        document = state.documents.get(spec.get("inputFeedDocumentId"))
        if spec.get("feedType") != FEED_TYPE:
            details = f"Invalid feedType: {spec.get('feedType')}. This stand-in knows {FEED_TYPE}."
        elif not isinstance(marketplaces, list) or not marketplaces:
            details = "marketplaceIds is required."
        elif any(marketplace not in state.marketplaces for marketplace in marketplaces):
            details = f"Invalid marketplaceIds: {','.join(map(str, marketplaces))}."
        elif not document or document["seller"] != seller_id:
            details = f"Invalid inputFeedDocumentId: {spec.get('inputFeedDocumentId')}."
        if details:
            return self._errors(
                400,
                "InvalidInput",
                "Request has missing or invalid parameters and cannot be parsed.",
                details,
            )
        wait = state._take_feed_token(seller_id, FEED_TYPE)
        if wait is not None:
            return self._errors(
                429,
                "QuotaExceeded",
                "You exceeded your quota for the requested resource.",
                headers={"Retry-After": str(int(wait) + 1)},
            )
        feed_id = str(50000000000 + len(state.feeds) + 1)
        with state.lock:
            state.feeds[feed_id] = {
                "feedId": feed_id,
                "seller": seller_id,
                "feedType": FEED_TYPE,
                "marketplaceIds": marketplaces,
                "inputFeedDocumentId": spec["inputFeedDocumentId"],
                "processingStatus": "IN_QUEUE",
                "polls": 0,
                "resultFeedDocumentId": None,
                "report": None,
                "fault": state.feed_faults.popleft() if state.feed_faults else None,
            }
        self._send(202, {"feedId": feed_id})

    def _get_feed(self, seller_id, feed_id):
        state = self.state
        with state.lock:
            feed = state.feeds.get(feed_id)
            if not feed or feed["seller"] != seller_id:
                return self._errors(404, "NotFound", f"Feed {feed_id} not found.")
            if feed["processingStatus"] in ("IN_QUEUE", "IN_PROGRESS"):
                self._advance(feed)
            answer = {
                "feedId": feed_id,
                "feedType": feed["feedType"],
                "marketplaceIds": feed["marketplaceIds"],
                "createdTime": "2025-06-30T12:00:00Z",
                "processingStatus": feed["processingStatus"],
            }
            if feed["resultFeedDocumentId"]:
                answer["resultFeedDocumentId"] = feed["resultFeedDocumentId"]
        self._send(200, answer)

    def _advance(self, feed):
        """One step of a feed's processing per getFeed: IN_QUEUE, IN_PROGRESS, then processed."""
        state = self.state
        feed["polls"] += 1
        if feed["polls"] <= len(FEED_STEPS):
            feed["processingStatus"] = FEED_STEPS[feed["polls"] - 1]
            return
        if feed["fault"] == "stall":
            return
        if feed["fault"] == "CANCELLED":
            feed["processingStatus"] = "CANCELLED"
            return
        feed["processingStatus"] = process_feed(state, feed)
        report = json.dumps(feed["report"]).encode()
        compression = "GZIP" if state.gzip_reports else None
        document_id = f"amzn1.tortuga.4.eu.{uuid.uuid4()}"
        state.documents[document_id] = {
            "seller": feed["seller"],
            "contentType": "application/json",
            "content": gzip.compress(report) if compression else report,
            "compression": compression,
        }
        feed["resultFeedDocumentId"] = document_id

    def _get_feed_document(self, seller_id, document_id):
        document = self.state.documents.get(document_id)
        if not document or document["seller"] != seller_id:
            return self._errors(404, "NotFound", f"Feed document {document_id} not found.")
        answer = {"feedDocumentId": document_id, "url": self._document_url(document_id)}
        if document["compression"]:
            answer["compressionAlgorithm"] = document["compression"]
        self._send(200, answer)

    # The presigned URLs (S3 on Amazon): no access token, the signature in the query

    def _feed_document(self, method):
        state = self.state
        url = urlsplit(self.path)
        body = self._read_body()
        document_id = unquote(url.path[len(DOCUMENT_PATH) :])
        query = parse_qs(url.query)
        document = state.documents.get(document_id)
        if not document or "X-Amz-Signature" not in query:
            return self._s3_error(403, "AccessDenied", "Access Denied")
        if method == "PUT":
            with state.lock:
                state.calls["uploadFeedDocument"] += 1
            if document["content"] is not None:
                return self._s3_error(403, "AccessDenied", "The document was uploaded already.")
            if self.headers.get("Content-Type") != document["contentType"]:
                return self._s3_error(
                    403,
                    "SignatureDoesNotMatch",
                    "The request signature we calculated does not match the signature you provided.",
                )
            with state.lock:
                document["content"] = body
            return self._raw(200, b"", "text/plain")
        with state.lock:
            state.calls["downloadFeedDocument"] += 1
        if document["content"] is None:
            return self._s3_error(404, "NoSuchKey", "The specified key does not exist.")
        return self._raw(200, document["content"], document["contentType"])

    def _raw(self, status, data, content_type):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _s3_error(self, status, code, message):
        data = (
            f"<?xml version='1.0' encoding='UTF-8'?><Error><Code>{code}</Code>"
            f"<Message>{message}</Message></Error>"
        )
        self._raw(status, data.encode(), "application/xml")
