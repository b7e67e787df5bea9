"""The Amazon connector's conversation with the Selling Partner API: Login with Amazon tokens,
pacing, and the Listings Items calls (put, patch, delete) of ``push`` and ``delist``.

- Auth: the refresh token is exchanged for an access token (``POST`` to the LWA token URL),
  cached on the channel (sudo) until shortly before it expires and sent as
  ``x-amz-access-token``. A 403 renews it once. A refused refresh token (``invalid_grant``) or
  client (``invalid_client``) is not retried: the batch's listings say what the seller or the
  manager must do.
- Pacing: a token bucket (5 requests/s, a burst below Amazon's) in front of every call, waiting
  through ``_kobo_sleep``; the shared client (``kobo.connector.http``) retries 429, 5xx,
  timeouts and resets, honouring Retry-After, and hands the batch back to queue_job when spent.
- Outcome: ``ACCEPTED`` publishes; ``INVALID`` (or a 4xx) puts the listing in error with Amazon's
  issues mapped onto our fields and variants; WARNINGs are kept on the published listing.
  An answer that is not JSON puts that listing in error (its data is untouched; *Retry* sends it
  again: PUT replaces, so nothing is duplicated).

Nothing here logs or raises a credential: tokens travel only in headers and form bodies. Nor
does a message quote an answer's text or a manager's URL (the endpoint, the token URL): the
status, Amazon's error code and our reason only; Amazon's issues about a field of our data are
quoted, shortened. The calls go through Kōbō's outbound client (``kobo_base/outbound_http.py``),
whose refusals (an internal address, a redirect) stop the batch in words.
"""

import time
from datetime import timedelta
from urllib.parse import quote

from odoo import api, fields, models
from odoo.addons.kobo_base.outbound_http import UNCALLABLE_URL, OutboundError, error_code, short_text
from odoo.addons.kobo_syndication.models.kobo_listing_sync import payload_digest
from odoo.addons.queue_job.exception import RetryableJobError
from odoo.exceptions import UserError

LISTINGS_API = "/listings/2021-08-01/items"
#: A SKU that no seller has: the connection test reads it and expects "not found".
TEST_SKU = "KOBO-CONNECTION-TEST"


class AmazonStop(Exception):
    """Amazon cannot be called for this channel now (credentials refused, a bad URL): no retry;
    every listing left in the batch gets the message."""


class AmazonUnreadable(Exception):
    """Amazon answered something we cannot read: this listing goes to error, the next is tried."""


class AmazonClient:
    """One job's conversation with Amazon: the HTTP session, the access token, the pacing bucket."""

    def __init__(self, connector, channel):
        self.connector = connector
        self.channel = channel.sudo()
        self.session = connector._kobo_http_session({"Accept": "application/json"})
        self.access_token = None
        self.tokens = 0.0  # a job starts with an empty bucket: the previous job may have drained Amazon's
        self.stamp = connector._kobo_amazon_clock()
        self.stopped = None  # the message of an AmazonStop, for the rest of the batch
        self.calls = 0
        self.feed_buckets = {}  # Feeds API operation: (tokens, clock), see kobo_connector_amazon_feed.py

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.session.close()
        return False


class KoboConnectorAmazon(models.AbstractModel):
    _inherit = "kobo.connector.amazon"

    #: Requests per second to the Listings Items API (Amazon's default usage plan).
    _kobo_amazon_rate = 5.0
    #: Calls we allow in a burst: under Amazon's 10, so that clock jitter never meets its edge.
    _kobo_amazon_burst = 8
    #: Seconds before its expiry a cached access token is renewed.
    _kobo_amazon_token_margin = 60

    @api.model
    def _kobo_amazon_clock(self):
        """Seconds on a monotonic clock (one place, so that tests move time with ``_kobo_sleep``)."""
        return time.monotonic()

    @api.model
    def _kobo_amazon_pace(self, client):
        """Wait until the bucket holds a call: ``_kobo_amazon_rate`` per second on average."""
        now = self._kobo_amazon_clock()
        client.tokens = min(
            float(self._kobo_amazon_burst), client.tokens + (now - client.stamp) * self._kobo_amazon_rate
        )
        client.stamp = now
        client.tokens -= 1
        if client.tokens < 0:
            self._kobo_sleep(-client.tokens / self._kobo_amazon_rate)

    # Auth

    @api.model
    def _kobo_amazon_access_token(self, client, renew=False):
        """The access token of ``client``'s channel: the cached one while it lives, else a new one
        from Login with Amazon (cached on the channel)."""
        channel = client.channel
        now = fields.Datetime.now()
        if not renew and client.access_token:
            return client.access_token
        margin = timedelta(seconds=self._kobo_amazon_token_margin)
        if not renew and channel.amazon_access_token and (channel.amazon_token_expiry or now) > now + margin:
            client.access_token = channel.amazon_access_token
            return client.access_token
        what = self.env._("Login with Amazon token exchange for %(channel)s", channel=channel.display_name)
        response = self._kobo_amazon_http(
            client,
            "POST",
            channel.amazon_token_url,
            what,
            "amazon_token_url",
            data={
                "grant_type": "refresh_token",
                "refresh_token": channel.amazon_refresh_token or "",
                "client_id": channel.amazon_client_id or "",
                "client_secret": channel.amazon_client_secret or "",
            },
        )
        data = self._kobo_amazon_json(response, what)
        if response.status_code != 200:
            raise AmazonStop(self._kobo_amazon_auth_message(channel, response.status_code, data.get("error")))
        token = data.get("access_token")
        try:
            lifetime = int(data.get("expires_in") or 3600)
        except (TypeError, ValueError):
            lifetime = 3600
        if not token or not isinstance(token, str):
            raise AmazonUnreadable(self.env._("%(what)s: Amazon's answer holds no access token.", what=what))
        channel.write(
            {"amazon_access_token": token, "amazon_token_expiry": now + timedelta(seconds=lifetime)}
        )
        client.access_token = token
        return token

    @api.model
    def _kobo_amazon_auth_message(self, channel, status, error):
        error = error_code(error)
        if error == "invalid_grant":
            return self.env._(
                "Amazon no longer accepts the refresh token of %(channel)s (invalid_grant): the seller "
                "must authorise the app again in Seller Central, and a syndication manager must paste the "
                "new refresh token on the channel. Then retry the listings.",
                channel=channel.display_name,
            )
        if error in ("invalid_client", "unauthorized_client"):
            return self.env._(
                "Login with Amazon refused the app's client id or client secret of %(channel)s (%(error)s): "
                "a syndication manager must check the LWA credentials on the channel.",
                channel=channel.display_name,
                error=error,
            )
        return self.env._(
            "Login with Amazon refused the token request of %(channel)s (HTTP %(status)s, %(error)s).",
            channel=channel.display_name,
            status=status,
            error=error or self.env._("no reason given"),
        )

    # Calls

    @api.model
    def _kobo_amazon_http(self, client, method, url, what, setting, **kwargs):
        """The shared client's call; a URL that cannot be called stops the batch, naming the setting
        (not the URL: it is a manager's setting, and the message lands on listings)."""
        client.calls += 1
        label = client.channel._fields[setting]._description_string(self.env)
        try:
            return self._kobo_http_call(client.session, method, url, what, **kwargs)
        except UNCALLABLE_URL:
            raise AmazonStop(
                self.env._(
                    "The %(setting)s of %(channel)s, as set, is not a URL that can be called: it must start "
                    "with https://.",
                    setting=label,
                    channel=client.channel.display_name,
                )
            ) from None
        except OutboundError as refused:
            raise AmazonStop(
                self.env._(
                    "The %(setting)s of %(channel)s cannot be called: %(reason)s",
                    setting=label,
                    channel=client.channel.display_name,
                    reason=refused.args[0],
                )
            ) from None

    @api.model
    def _kobo_amazon_json(self, response, what):
        try:
            data = response.json()
        except ValueError:
            data = None
        if not isinstance(data, dict):
            raise AmazonUnreadable(
                self.env._(
                    "%(what)s: Amazon's answer could not be read (HTTP %(status)s, not the JSON the API "
                    "documents). Nothing was marked published; Retry sends the listing again.",
                    what=what,
                    status=response.status_code,
                )
            )
        return data

    @api.model
    def _kobo_amazon_signed(self, client, method, url, what, pace, **kwargs):
        """One SP-API call with the access token: ``(HTTP status, JSON answer)``, ``pace()``
        waiting before each try. A 403 renews the token once; a second 403 stops the batch in
        words."""
        channel = client.channel
        for renew in (False, True):
            pace()
            headers = {"x-amz-access-token": self._kobo_amazon_access_token(client, renew=renew)}
            response = self._kobo_amazon_http(
                client, method, url, what, "amazon_endpoint", headers=headers, **kwargs
            )
            if response.status_code != 403:
                break
        data = self._kobo_amazon_json(response, what)
        if response.status_code == 403:
            error = (data.get("errors") or [{}])[0]
            error = error if isinstance(error, dict) else {}
            raise AmazonStop(
                self.env._(
                    "Amazon denied access to the listings of seller %(seller)s (HTTP 403, %(code)s). "
                    "Check that the seller id is the account that authorised the app and that the app has "
                    "the Product Listing role.",
                    seller=channel.amazon_seller_id,
                    code=error_code(error.get("code")) or self.env._("no error code"),
                )
            )
        return response.status_code, data

    @api.model
    def _kobo_amazon_request(self, client, method, sku, body=None, preview=False, included=None):
        """One Listings Items call for ``sku``: ``(HTTP status, JSON answer)``. Paced, with the
        access token; a 403 renews the token once."""
        channel = client.channel
        url = (
            f"{(channel.amazon_endpoint or '').rstrip('/')}{LISTINGS_API}/"
            f"{quote(channel.amazon_seller_id or '', safe='')}/{quote(sku, safe='')}"
        )
        params = {
            "marketplaceIds": channel.amazon_marketplace_id,
            "issueLocale": self.env.user.lang or "en_US",
        }
        if preview:
            params["mode"] = "VALIDATION_PREVIEW"
        if included:
            params["includedData"] = included
        operation = {"PUT": "putListingsItem", "PATCH": "patchListingsItem", "DELETE": "deleteListingsItem"}
        what = self.env._(
            "Amazon %(operation)s of SKU %(sku)s", operation=operation.get(method, "getListingsItem"), sku=sku
        )
        return self._kobo_amazon_signed(
            client, method, url, what, lambda: self._kobo_amazon_pace(client), params=params, json=body
        )

    # Push and delist

    @api.model
    def _kobo_amazon_open(self, channel):
        return AmazonClient(self, channel)

    @api.model
    def push(self, listings, payloads):
        """PUT every SKU of each listing (parent first), or PATCH the offers when only price or
        quantity changed since the last accepted push. Idempotent: a PUT replaces the SKU."""
        results = {}
        if not listings:
            return results
        channel = listings.channel_id.ensure_one()
        if self._kobo_amazon_use_feed(channel, listings):
            # many listings: one JSON_LISTINGS_FEED (kobo_connector_amazon_feed.py)
            return self._kobo_amazon_push_feed(channel, listings, payloads)
        with self._kobo_amazon_open(channel) as client:
            for listing in listings:
                result, outcome = self._kobo_amazon_guarded(
                    client, self._kobo_amazon_push_one, listing, payloads[listing.id]
                )
                results[listing.id] = self._kobo_amazon_result(result, outcome)
        return results

    @api.model
    def _kobo_amazon_result(self, result, outcome):
        """The engine's result of an accepted listing: the facts' digest (recorded with the
        publish: it decides between PUT and PATCH next time) and Amazon's warnings."""
        if outcome:
            result["vals"] = {"amazon_product_digest": outcome["product_digest"]}
            result["warnings"] = outcome["warnings"]
        return result

    @api.model
    def delist(self, listings):
        """DELETE every SKU of each listing (children first); a SKU Amazon does not have is gone already."""
        results = {}
        if not listings:
            return results
        with self._kobo_amazon_open(listings.channel_id.ensure_one()) as client:
            for listing in listings:
                result = self._kobo_amazon_guarded(client, self._kobo_amazon_delist_one, listing)[0]
                if not result.get("issues"):
                    result["vals"] = {"amazon_product_digest": False}
                results[listing.id] = result
        return results

    @api.model
    def read_status(self, listings):
        """What Amazon shows now for each listing's SKU (its parent for a family): gone
        (``delisted``), ERROR issues found while processing an accepted submission (``error``),
        else ``published``. Listings Amazon cannot be asked about are left out."""
        statuses = {}
        on_amazon = listings.filtered("external_id")
        if not on_amazon:
            return statuses
        lang = self._kobo_amazon_lang(on_amazon.channel_id.ensure_one())
        with self._kobo_amazon_open(on_amazon.channel_id) as client:
            for listing in on_amazon:
                sku = listing.external_id
                try:
                    status, data = self._kobo_amazon_request(client, "GET", sku, included="summaries,issues")
                except AmazonStop:
                    break
                except AmazonUnreadable:
                    continue
                if status == 404:
                    statuses[listing.id] = {"state": "delisted"}
                elif status < 400:
                    payload = {"variants": {}, "lang": lang}
                    errors = [
                        self._kobo_amazon_issue(payload, sku, issue)
                        for issue in data.get("issues") or []
                        if isinstance(issue, dict) and issue.get("severity") == "ERROR"
                    ]
                    statuses[listing.id] = (
                        {"state": "error", "issues": errors} if errors else {"state": "published"}
                    )
        return statuses

    @api.model
    def _kobo_amazon_guarded(self, client, function, *args):
        """``function(client, *args)`` -> (result, outcome), an Amazon stop or an unreadable answer
        becoming the listing's issue. RetryableJobError goes up: the job retries the batch."""
        if client.stopped:
            return {"issues": [{"message": client.stopped}]}, None
        try:
            return function(client, *args)
        except AmazonStop as stop:
            client.stopped = str(stop)
            return {"issues": [{"message": client.stopped}]}, None
        except AmazonUnreadable as unreadable:
            return {"issues": [{"message": str(unreadable)}]}, None

    @api.model
    def _kobo_amazon_product_digest(self, payload):
        return payload_digest(
            {key: payload[key] for key in ("product", "product_type", "marketplace_id", "lang")}
        )

    @api.model
    def _kobo_amazon_calls(self, listing, payload):
        """``(product digest, [(method, sku, body)])``: what a push of ``listing`` sends, SKU by
        SKU (parent first). PATCH of the offers when the listing is on Amazon and only its offer
        changed since the last accepted push; else PUT of every SKU (a full replace). A feed
        sends the same, as UPDATE / PATCH messages."""
        product_digest = self._kobo_amazon_product_digest(payload)
        offers_only = bool(
            listing.external_id and listing.payload_digest and listing.amazon_product_digest == product_digest
        )
        product_type = payload["product_type"]
        if offers_only:
            calls = [
                (
                    "PATCH",
                    sku,
                    {
                        "productType": product_type,
                        "patches": [
                            {"op": "replace", "path": f"/attributes/{name}", "value": value}
                            for name, value in offer.items()
                        ],
                    },
                )
                for sku, offer in payload["offers"].items()
                if offer
            ]
        else:
            calls = [
                (
                    "PUT",
                    sku,
                    {
                        "productType": product_type,
                        "requirements": "LISTING_PRODUCT_ONLY" if sku == payload["parent_sku"] else "LISTING",
                        "attributes": {**attributes, **payload["offers"].get(sku, {})},
                    },
                )
                for sku, attributes in payload["product"].items()
            ]
        return product_digest, calls

    @api.model
    def _kobo_amazon_push_one(self, client, listing, payload):
        product_digest, calls = self._kobo_amazon_calls(listing, payload)
        if client.channel.amazon_validate_first:
            errors = []
            for method, sku, body in calls:
                status, data = self._kobo_amazon_request(client, method, sku, body, preview=True)
                errors += self._kobo_amazon_outcome(payload, sku, status, data)[0]
            if errors:
                return {"issues": errors}, None
        errors, warnings = [], []
        for method, sku, body in calls:
            status, data = self._kobo_amazon_request(client, method, sku, body)
            found, warned = self._kobo_amazon_outcome(payload, sku, status, data)
            errors += found
            warnings += warned
        if errors:
            return {"issues": errors}, None
        return {"external_id": payload["sku"]}, {"product_digest": product_digest, "warnings": warnings}

    @api.model
    def _kobo_amazon_delist_one(self, client, listing):
        template = listing.product_tmpl_id.with_context(active_test=False)
        variants = template.product_variant_ids
        skus = [sku for sku in ((variant.default_code or "").strip() for variant in variants) if sku]
        parents = {self._kobo_amazon_parent_sku(template)} if len(variants) > 1 else set()
        if listing.external_id and listing.external_id not in skus:
            parents.add(listing.external_id)
        errors = []
        for sku in [*skus, *sorted(parents)]:
            status, data = self._kobo_amazon_request(client, "DELETE", sku)
            if status != 404:  # not there: already delisted
                payload = {"variants": {}, "lang": False}
                errors += self._kobo_amazon_outcome(payload, sku, status, data)[0]
        return ({"issues": errors} if errors else {}), None

    @api.model
    def _kobo_amazon_outcome(self, payload, sku, status, data):
        """``(errors, warnings)`` as listing issues from one answer about ``sku``."""
        variant_id = payload["variants"].get(sku) or False
        if status >= 400:
            return [
                {
                    "product_id": variant_id,
                    "lang": payload["lang"],
                    "message": self.env._(
                        "SKU %(sku)s: Amazon refused the request (HTTP %(status)s, %(code)s).",
                        sku=sku,
                        status=status,
                        code=error_code(error.get("code")) or self.env._("no error code"),
                    ),
                }
                for error in [error for error in data.get("errors") or [] if isinstance(error, dict)] or [{}]
            ], []
        if data.get("status") not in ("ACCEPTED", "VALID", "INVALID"):
            raise AmazonUnreadable(
                self.env._(
                    "SKU %(sku)s: Amazon answered an unknown submission status %(status)s; nothing was "
                    "marked published.",
                    sku=sku,
                    status=error_code(data.get("status")) or "?",
                )
            )
        errors, warnings = [], []
        for issue in data.get("issues") or []:
            if not isinstance(issue, dict):
                continue
            if issue.get("severity") == "ERROR":
                errors.append(self._kobo_amazon_issue(payload, sku, issue))
            elif issue.get("severity") == "WARNING":
                warnings.append(self._kobo_amazon_issue(payload, sku, issue, warning=True))
        if data["status"] == "INVALID" and not errors:
            errors.append(
                {
                    "product_id": variant_id,
                    "lang": payload["lang"],
                    "message": self.env._("SKU %(sku)s: Amazon found the submission invalid.", sku=sku),
                }
            )
        return errors, warnings

    @api.model
    def _kobo_amazon_issue(self, payload, sku, issue, warning=False):
        """An Amazon issue as a listing issue: the attribute as field, its variant, the channel's
        locale, and the product field's name beside Amazon's words."""
        names = [name for name in issue.get("attributeNames") or [] if isinstance(name, str)]
        labels = ", ".join(self._kobo_amazon_label(name) for name in names) or self.env._("the listing")
        values = {
            "sku": sku,
            "message": short_text(issue.get("message")),
            "field": labels,
            "code": error_code(issue.get("code")),
        }
        if warning:
            message = self.env._(
                "SKU %(sku)s, accepted with a warning: %(message)s (%(field)s; Amazon code %(code)s)",
                **values,
            )
        else:
            message = self.env._("SKU %(sku)s: %(message)s (%(field)s; Amazon code %(code)s)", **values)
        return {
            "field": names[0] if names else False,
            "product_id": payload["variants"].get(sku) or False,
            "lang": payload["lang"],
            "message": message,
        }

    # Connection test (the channel's button)

    @api.model
    def _kobo_amazon_test_connection(self, channel):
        """Exchange the refresh token and read one (absent) SKU: the message to show, or a
        UserError saying what is wrong."""
        missing = self.env["kobo.channel"]._kobo_amazon_settings_missing(channel)
        if missing:
            raise UserError(
                self.env._("Fill these Amazon settings first: %(settings)s.", settings=", ".join(missing))
            )
        with self._kobo_amazon_open(channel) as client:
            try:
                self._kobo_amazon_access_token(client, renew=True)
                status, data = self._kobo_amazon_request(client, "GET", TEST_SKU)
            except (AmazonStop, AmazonUnreadable) as error:
                raise UserError(str(error)) from None
            except RetryableJobError as error:
                raise UserError(
                    self.env._(
                        "Amazon could not be reached: %(reason)s", reason=error.args[0] if error.args else ""
                    )
                ) from None
        if status in (200, 404):
            return self.env._(
                "Connected: Login with Amazon issued an access token and the Listings API accepted it for "
                "seller %(seller)s on marketplace %(marketplace)s.",
                seller=client.channel.amazon_seller_id,
                marketplace=client.channel.amazon_marketplace_id,
            )
        error = (data.get("errors") or [{}])[0]
        raise UserError(
            self.env._(
                "The Listings API answered HTTP %(status)s (%(code)s).",
                status=status,
                code=error_code(error.get("code") if isinstance(error, dict) else None)
                or self.env._("no error code"),
            )
        )
