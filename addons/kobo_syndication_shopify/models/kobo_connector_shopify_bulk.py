"""A large push through Shopify's bulk mutation API (shopify.dev, "Bulk import data with the
GraphQL Admin API"), from the channel's ``shopify_bulk_threshold`` listings on:

1. the products: one bulk operation of ``productSet``, one line of variables per product
   (``stagedUploadsCreate`` for a BULK_MUTATION_VARIABLES target, a multipart POST of the JSONL
   there, ``bulkOperationRunMutation``, polling ``node(id:)``, the result JSONL read back and
   mapped to the listings by ``__lineNumber``). Inside a bulk operation productSet always runs
   synchronously (its ``synchronous`` argument is ignored, per its reference): each result line
   is the product answer the per-product path reads, with its userErrors, worded the same way;
2. the translations: the digests read in batches of 250 resources (``translatableResourcesByIds``),
   then a second bulk operation of ``translationsRegister`` (one line per product and per option
   value), or per-resource calls when fewer lines than the threshold remain;
3. what is ours only, entry by entry as in the per-product path (``kobo_connector_shopify_ownership.py``),
   the ``kobo`` metafields batched across products (``metafieldsSet`` takes 25 at a time).

The translations run before the per-entry calls: a retry of the job (the second bulk operation
could not start) then repeats only upserts by id or handle, never an image it added already.

Only so many bulk mutations run per app and shop (one before API 2026-01, five since): when
Shopify answers OPERATION_IN_PROGRESS the job waits within ``_kobo_shopify_bulk_budget``, then
hands the batch back to queue_job (``RetryableJobError``). So does a bulk operation that ends
FAILED, CANCELED or EXPIRED. A product whose line the result lacks is that listing's issue: no
listing is published without the product id Shopify's answer gave.
"""

import json
import time

from odoo import api, models
from odoo.addons.kobo_base.outbound_http import error_code, short_text
from odoo.addons.queue_job.exception import RetryableJobError

from .kobo_connector_shopify import (
    NOT_FOUND,
    PRODUCT_SET,
    PRODUCT_SET_STOCK,
    TRANSLATABLE_RESOURCES,
    TRANSLATIONS_REGISTER,
)
from .kobo_connector_shopify_client import ShopifyError
from .kobo_connector_shopify_ownership import METAFIELDS_SET

STAGED_UPLOADS_CREATE = """
mutation KoboStagedUpload($input: [StagedUploadInput!]!) {
  stagedUploadsCreate(input: $input) {
    stagedTargets { url resourceUrl parameters { name value } }
    userErrors { field message }
  }
}"""
BULK_RUN = """
mutation KoboBulkRun($mutation: String!, $stagedUploadPath: String!) {
  bulkOperationRunMutation(mutation: $mutation, stagedUploadPath: $stagedUploadPath) {
    bulkOperation { id status }
    userErrors { field message code }
  }
}"""
BULK_OPERATION = """
query KoboBulkOperation($id: ID!) {
  node(id: $id) { ... on BulkOperation { id status errorCode objectCount url } }
}"""
#: productSet as a bulk operation runs it: always synchronously (the argument would be ignored),
#: so the same selection as the per-product call, without ``synchronous``.
BULK_PRODUCT_SET = PRODUCT_SET.replace(", synchronous: true", "").replace(
    "KoboProductSet", "KoboBulkProductSet"
)
BULK_PRODUCT_SET_STOCK = PRODUCT_SET_STOCK.replace(", synchronous: true", "").replace(
    "KoboProductSetStock", "KoboBulkProductSetStock"
)
#: Resources whose digests one translatableResourcesByIds call reads (Shopify's page size).
DIGESTS_PER_CALL = 250
#: Metafields one metafieldsSet call takes.
METAFIELDS_PER_CALL = 25
#: A bulk operation that ended without a result to read: the job tries again.
ENDED = ("FAILED", "CANCELED", "EXPIRED")
IN_PROGRESS = "OPERATION_IN_PROGRESS"


class BulkBudget:
    """The seconds a push may spend waiting for bulk operations: the time elapsed or the waits
    asked, whichever is larger (tests record the waits instead of sleeping)."""

    def __init__(self, connector):
        self.connector = connector
        self.started = time.monotonic()
        self.waited = 0.0
        self.interval = connector._kobo_shopify_bulk_poll

    def spent(self):
        return max(time.monotonic() - self.started, self.waited)

    def wait(self, message):
        """Wait the next poll interval, or raise ``RetryableJobError(message)`` past the budget."""
        if self.spent() + self.interval > self.connector._kobo_shopify_bulk_budget:
            raise RetryableJobError(message, seconds=60)
        self.connector._kobo_sleep(self.interval)
        self.waited += self.interval
        self.interval = min(self.interval * 1.5, self.connector._kobo_shopify_bulk_poll_max)


class KoboConnectorShopify(models.AbstractModel):
    _inherit = "kobo.connector.shopify"

    #: Seconds one push may wait for its bulk operations (a running one of another job, ours to
    #: finish), well under Odoo's limit_time_real (600 s) for the whole job.
    _kobo_shopify_bulk_budget = 240
    #: First seconds between two polls of a bulk operation (then 1.5 times longer, up to the max).
    _kobo_shopify_bulk_poll = 1.0
    _kobo_shopify_bulk_poll_max = 10.0

    @api.model
    def _kobo_shopify_push_bulk(self, client, channel, listings, payloads):
        """``push`` of many listings through bulk operations (see the module's docstring)."""
        budget = BulkBudget(self)
        try:
            location_id = None
            if any(self._kobo_shopify_tracked(payloads[listing.id]) for listing in listings):
                location_id = self._kobo_shopify_location(client, channel)
            results, products = self._kobo_shopify_bulk_products(
                client, listings, payloads, location_id, budget
            )
            issues = self._kobo_shopify_bulk_translations(
                client, channel, listings, payloads, products, budget
            )
        except ShopifyError as error:
            return {listing.id: {"issues": [{"message": error.message}]} for listing in listings}
        settings_error = None
        set_issues = self._kobo_shopify_bulk_metafields(client, listings, payloads, products)
        for listing in listings.filtered(lambda listing: listing.id in products):
            product = products[listing.id]
            if settings_error:
                results[listing.id] = {"issues": [{"message": settings_error}]}
                continue
            try:
                owned_issues, vals = self._kobo_shopify_owned(
                    client, listing, product, payloads[listing.id], location_id, metafields_set=True
                )
            except ShopifyError as error:
                results[listing.id] = {"issues": [{"message": error.message}]}
                settings_error = error.message if error.settings else None
                continue
            found = set_issues.get(listing.id, []) + owned_issues + issues.get(listing.id, [])
            results[listing.id] = {"issues": found} if found else {"external_id": product["id"], "vals": vals}
        return results

    # The products

    @api.model
    def _kobo_shopify_bulk_products(self, client, listings, payloads, location_id, budget):
        """One productSet bulk operation: ``(results of the refused listings, {listing id: product})``."""
        lines = []
        for listing in listings:
            payload = payloads[listing.id]
            variables = {
                "input": self._kobo_shopify_product_input(payload),
                "identifier": self._kobo_shopify_identifier(listing, payload),
            }
            if location_id:
                variables["locationId"] = location_id
            lines.append(variables)
        document = BULK_PRODUCT_SET_STOCK if location_id else BULK_PRODUCT_SET
        answers = self._kobo_shopify_bulk(client, "productSet", document, lines, budget)
        results, products, lost = {}, {}, []
        for number, listing in enumerate(listings):
            payload = payloads[listing.id]
            answer, refusal = self._kobo_shopify_bulk_answer(answers.get(number), "productSet")
            if refusal:
                results[listing.id] = {"issues": [{"message": refusal}]}
                continue
            errors = answer.get("userErrors") or []
            if listing.external_id and any(error.get("code") == NOT_FOUND for error in errors):
                lost.append(listing)
                continue
            if errors:
                results[listing.id] = {
                    "issues": [self._kobo_shopify_product_issue(payload, error) for error in errors]
                }
                continue
            product = answer.get("product") or {}
            if not product.get("id"):
                results[listing.id] = {
                    "issues": [{"message": self.env._("Shopify's answer to productSet names no product.")}]
                }
                continue
            products[listing.id] = product
        for listing in lost:
            # deleted in the shop since our last push (a few by hand): by handle, one at a time
            self._kobo_shopify_forget(listing)
            try:
                __, product, issues = self._kobo_shopify_set(
                    client, listing, payloads[listing.id], location_id, by_handle=True
                )
            except ShopifyError as error:
                if error.settings:
                    raise
                product, issues = None, [{"message": error.message}]
            if issues:
                results[listing.id] = {"issues": issues}
            else:
                products[listing.id] = product
        return results, products

    @api.model
    def _kobo_shopify_bulk_answer(self, line, operation):
        """``(data[operation], None)`` of a result line, or ``(None, the refusal in words)``."""
        if line is None:
            return None, self.env._(
                "Shopify's bulk result has no answer for this product's %(operation)s: it may or may not "
                "have reached the shop. Retry sends it again; the product is found by its handle, so it "
                "is not created twice.",
                operation=operation,
            )
        if line.get("errors"):
            codes = [
                error_code(((error or {}).get("extensions") or {}).get("code")) for error in line["errors"]
            ]
            return None, self.env._(
                "Shopify refused the %(operation)s request (error code: %(codes)s).",
                operation=operation,
                codes=", ".join(code for code in codes if code) or self.env._("none given"),
            )
        answer = (line.get("data") or {}).get(operation)
        if not isinstance(answer, dict):
            return None, self.env._("Shopify's answer to %(operation)s has no data.", operation=operation)
        return answer, None

    # Translations

    @api.model
    def _kobo_shopify_bulk_translations(self, client, channel, listings, payloads, products, budget):
        """The product texts and option values of every product in the other locales:
        ``{listing id: issues}``."""
        lines, origins = self._kobo_shopify_translation_lines(client, listings, payloads, products)
        if not lines:
            return {}
        threshold = channel.shopify_bulk_threshold
        if len(lines) >= threshold:
            answers = self._kobo_shopify_bulk(
                client, "translationsRegister", TRANSLATIONS_REGISTER, lines, budget
            )
        else:
            answers = {
                number: {
                    "data": {
                        "translationsRegister": client.execute(
                            "translationsRegister", TRANSLATIONS_REGISTER, line
                        )
                    }
                }
                for number, line in enumerate(lines)
            }
        issues = {}
        for number, (listing_id, kind, sent) in enumerate(origins):
            answer, refusal = self._kobo_shopify_bulk_answer(answers.get(number), "translationsRegister")
            if refusal:
                found = [{"message": refusal}]
            elif kind == "text":
                found = self._kobo_shopify_text_issues(sent, answer.get("userErrors") or [])
            else:
                found = self._kobo_shopify_option_issues(sent, answer.get("userErrors") or [])
            if found:
                issues.setdefault(listing_id, []).extend(found)
        return issues

    @api.model
    def _kobo_shopify_translation_lines(self, client, listings, payloads, products):
        """translationsRegister's variables for every product and option value Shopify has
        digests of, and ``(listing id, "text" or "option", what was sent)`` for each."""
        texts, options = {}, {}
        for listing in listings.filtered(lambda listing: listing.id in products):
            product = products[listing.id]
            wanted = self._kobo_shopify_text_translations(payloads[listing.id])
            if wanted:
                texts[product["id"]] = (listing.id, wanted)
            for value_id, entries in self._kobo_shopify_value_translations(
                product, payloads[listing.id]
            ).items():
                options[value_id] = (listing.id, entries)
        if not texts and not options:
            return [], []
        resource_ids = [*texts, *options]
        text_digests, name_digests = {}, {}
        for start in range(0, len(resource_ids), DIGESTS_PER_CALL):
            chunk = resource_ids[start : start + DIGESTS_PER_CALL]
            resources = client.execute(
                "translatableResourcesByIds",
                TRANSLATABLE_RESOURCES,
                {"resourceIds": chunk, "first": len(chunk)},
            )
            for node in (resources or {}).get("nodes") or []:
                text_digests[node["resourceId"]] = {
                    item["key"]: item["digest"] for item in node.get("translatableContent") or []
                }
            name_digests.update(self._kobo_shopify_name_digests(resources))
        lines, origins = [], []  # origins: (listing id, "text" or "option", what was sent)
        for product_id, (listing_id, wanted) in texts.items():
            variables, sent = self._kobo_shopify_text_variables(
                product_id, wanted, text_digests.get(product_id) or {}
            )
            if variables:
                lines.append(variables)
                origins.append((listing_id, "text", sent))
        for value_id, (listing_id, entries) in options.items():
            if value_id in name_digests:
                lines.append(self._kobo_shopify_option_variables(value_id, entries, name_digests[value_id]))
                origins.append((listing_id, "option", entries))
        return lines, origins

    # Metafields, batched

    @api.model
    def _kobo_shopify_bulk_metafields(self, client, listings, payloads, products):
        """Set the ``kobo`` metafields of every product, 25 to a call (a listing's never split):
        ``{listing id: issues}``. metafieldsSet is atomic: when a call is refused, its listings
        are sent again one by one, so that the refusal lands on the listing it concerns only."""
        chunks, chunk, size = [], [], 0
        for listing in listings.filtered(lambda listing: listing.id in products):
            entries = [
                {"ownerId": products[listing.id]["id"], **field}
                for field in payloads[listing.id]["metafields"]
            ]
            if not entries:
                continue
            if chunk and size + len(entries) > METAFIELDS_PER_CALL:
                chunks.append(chunk)
                chunk, size = [], 0
            chunk.append((listing.id, entries))
            size += len(entries)
        if chunk:
            chunks.append(chunk)
        issues = {}
        what = self.env._("the product's details (metafields)")
        for chunk in chunks:
            try:
                answer = client.execute(
                    "metafieldsSet",
                    METAFIELDS_SET,
                    {"metafields": [entry for __, entries in chunk for entry in entries]},
                )
                if not (answer or {}).get("userErrors"):
                    continue
                if len(chunk) == 1:
                    issues[chunk[0][0]] = self._kobo_shopify_errors(answer, what)
                    continue
                for listing_id, entries in chunk:
                    answer = client.execute("metafieldsSet", METAFIELDS_SET, {"metafields": entries})
                    found = self._kobo_shopify_errors(answer, what)
                    if found:
                        issues[listing_id] = found
            except ShopifyError as error:
                for listing_id, __ in chunk:
                    issues[listing_id] = [{"message": error.message}]
        return issues

    # One bulk operation

    @api.model
    def _kobo_shopify_bulk(self, client, operation, mutation, lines, budget):
        """Run ``mutation`` once per line of variables as one Shopify bulk operation; returns
        ``{line number: result line}`` (``{"data": {operation: …}}`` or ``{"errors": […]}``).
        Raises ``ShopifyError`` (refused, in words) or ``RetryableJobError`` (the shop is busy
        with another bulk mutation past the budget, or the operation failed)."""
        filename = f"kobo-{operation}.jsonl"
        content = "".join(
            json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n" for line in lines
        )
        staged = client.execute(
            "stagedUploadsCreate",
            STAGED_UPLOADS_CREATE,
            {
                "input": [
                    {
                        "resource": "BULK_MUTATION_VARIABLES",
                        "filename": filename,
                        "mimeType": "text/jsonl",
                        "httpMethod": "POST",
                    }
                ]
            },
        )
        errors = (staged or {}).get("userErrors") or []
        targets = (staged or {}).get("stagedTargets") or []
        path = next(
            (
                parameter["value"]
                for parameter in (targets[0].get("parameters") or [] if targets else [])
                if parameter.get("name") == "key"
            ),
            None,
        )
        if errors or not path or not targets[0].get("url"):
            raise ShopifyError(
                self.env._(
                    "Shopify gave no place to upload the bulk file: %(message)s",
                    message=short_text(errors[0].get("message"))
                    if errors
                    else self.env._("no upload target"),
                )
            )
        client.upload(targets[0], content.encode(), filename)
        while True:
            answer = client.execute(
                "bulkOperationRunMutation", BULK_RUN, {"mutation": mutation, "stagedUploadPath": path}
            )
            errors = (answer or {}).get("userErrors") or []
            if not any(error.get("code") == IN_PROGRESS for error in errors):
                break
            budget.wait(
                self.env._(
                    "Shopify is running other bulk operations of this app on the shop of %(channel)s; "
                    "this publish waited %(seconds)s seconds for its turn and will try again.",
                    channel=client.channel.display_name,
                    seconds=round(budget.spent()),
                )
            )
        operation_id = ((answer or {}).get("bulkOperation") or {}).get("id")
        if errors or not operation_id:
            raise ShopifyError(
                self.env._(
                    "Shopify refused the bulk %(operation)s: %(message)s",
                    operation=operation,
                    message=short_text(errors[0].get("message")) if errors else self.env._("no operation"),
                )
            )
        while True:
            status = client.execute("node", BULK_OPERATION, {"id": operation_id}) or {}
            if status.get("status") == "COMPLETED":
                break
            if status.get("status") in ENDED:
                if status.get("errorCode") == "ACCESS_DENIED":
                    raise ShopifyError(
                        self.env._(
                            "Shopify refused the bulk %(operation)s (ACCESS_DENIED): the app lacks an access "
                            "scope (write_products, write_translations).",
                            operation=operation,
                        ),
                        settings=True,
                    )
                raise RetryableJobError(
                    self.env._(
                        "Shopify's bulk %(operation)s ended %(status)s (error code: %(code)s); the job will "
                        "try again.",
                        operation=operation,
                        status=status["status"],
                        code=error_code(status.get("errorCode")) or self.env._("none given"),
                    ),
                    seconds=60,
                )
            budget.wait(
                self.env._(
                    "Shopify's bulk %(operation)s of %(count)s products did not finish within %(seconds)s "
                    "seconds; the job will try again (the products are found by id or handle, not created "
                    "twice).",
                    operation=operation,
                    count=len(lines),
                    seconds=round(budget.spent()),
                )
            )
        if not status.get("url"):
            return {}
        answers = {}
        for text in client.download(status["url"]).splitlines():
            try:
                line = json.loads(text)
            except ValueError:
                continue  # an unreadable line: its listing is told its product has no answer
            number = line.get("__lineNumber") if isinstance(line, dict) else None
            if isinstance(number, int) and 0 <= number < len(lines):
                answers[number] = line
        return answers
