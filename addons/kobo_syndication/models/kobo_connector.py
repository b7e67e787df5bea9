"""The connector interface: one small AbstractModel per channel type.

A channel's ``connector`` selection value *type* names the model ``kobo.connector.<type>``.
Connectors are Odoo models (not plain Python classes) so that another addon adds or extends a
channel type the Odoo way (``_inherit``), gets ``self.env`` with the job's user and company, and
the registry is Odoo's own: no global dict that a module reload or a test could leave stale.

Every method takes a recordset of ``kobo.listing`` of ONE channel and works in batch. None of
them changes a listing: the sync engine (``kobo.listing._kobo_sync_batch``) records the results.

A sync job builds each listing's payload once: the validation it asks first builds the payloads
it checks, and the push sends those same payloads. The job hands its connector a ``BuildMemo``
(``_kobo_built_once``); outside a job (*Validate now*, an export) every call builds afresh.
"""

from odoo import api, models
from odoo.tools.translate import LazyTranslate

_lt = LazyTranslate(__name__)

#: The context key of a sync job's ``BuildMemo``.
BUILD_MEMO_KEY = "kobo_build_memo"
_NOT_BUILT = object()  # a listing the builder gave no payload (its problems may say why)


class BuildMemo:
    """What one sync job built, per listing: ``{(builder, user, superuser mode, language,
    listing id, listing version): (payload, problems)}``.

    ``kobo.listing._kobo_sync_batch`` makes one per job and drops it with the job's preparation:
    nothing built in one job is served to another, or in another transaction. Its entries are
    keyed by the listing's ``kobo_version`` as the job read it, and by the user and language
    they were built for. A part of the batch whose preparation fails is rolled back
    to its savepoint (``run_isolated``): ``rollback`` forgets what was built in it as well,
    since that build may name records the rollback removed. A client cannot put one in a
    context (JSON carries no Python object): the key is honoured only with this type.
    """

    __slots__ = ("values",)

    def __init__(self):
        self.values = {}

    def mark(self):
        """A point to come back to with ``rollback`` (entries are only ever added)."""
        return len(self.values)

    def rollback(self, mark):
        """Forget what was built since ``mark``."""
        for key in list(self.values)[mark:]:
            del self.values[key]


def build_memo(env):
    """The sync job's ``BuildMemo`` of ``env``, or None outside a job."""
    memo = env.context.get(BUILD_MEMO_KEY)
    return memo if isinstance(memo, BuildMemo) else None


class KoboConnector(models.AbstractModel):
    """What every channel type implements; the defaults suit a channel that needs nothing."""

    _name = "kobo.connector"
    _description = "Syndication connector (interface)"

    #: Hard limits of the channel (a field's maximum length, ...) that no profile may relax.
    #: ``{payload key: maximum length}``; checked on the built payload by ``validate``.
    _kobo_max_lengths = {}
    _kobo_shows_quantities = False  # quantities on hand, not only availability (kobo_syndication_stock)
    #: What the catalogue team calls each payload key a connector's issues name (their ``field``):
    #: ``{payload key: lazy translated label, or (model, field name) to use that field's label}``.
    #: Each connector declares the keys it emits; the tables of the classes a connector inherits
    #: from apply too (this one holds keys several connectors share). A key no table names is
    #: a product variant's or a channel's field (its label), else the key made readable.
    _kobo_payload_labels = {
        "price": _lt("Price"),
        "size": _lt("Size"),
        "color": _lt("Colour"),
    }

    @api.model
    def validate(self, listings):
        """``{listing id: [issue dict]}`` for the listings that cannot be pushed as they are.

        An issue dict has ``message`` (in words, for the catalogue team) and optionally
        ``field`` (the product field or payload key), ``product_id`` (a variant) and ``lang``
        (a locale code). The default asks the PIM's completeness for the channel's requirement
        profile, then checks the connector's hard limits on the built payloads.
        """
        issues = self.env["kobo.listing"]._kobo_completeness_issues(listings)
        if self._kobo_max_lengths:
            payloads = self._kobo_payloads(listings)
            for listing in listings:
                for key, limit in self._kobo_max_lengths.items():
                    for lang, value in self._kobo_payload_texts(payloads.get(listing.id), key):
                        if value and len(value) > limit:
                            issues.setdefault(listing.id, []).append(
                                self._kobo_too_long(key, lang, value, limit)
                            )
        return issues

    @api.model
    def _kobo_field_label(self, key):
        """The label of an issue's ``field`` (a payload key or a product/channel field name) in
        the environment's language: what the catalogue team sees instead of the key."""
        if not key:
            return ""
        for cls in type(self).__mro__:
            table = cls.__dict__.get("_kobo_payload_labels")
            if isinstance(table, dict) and key in table:
                label = table[key]
                if isinstance(label, tuple):
                    model, name = label
                    return self.env[model]._fields[name]._description_string(self.env)
                return self.env._(label)
        for model in ("product.product", "kobo.channel"):
            field = self.env[model]._fields.get(key)
            if field:
                return field._description_string(self.env)
        return key.replace("_", " ").strip().capitalize()

    @api.model
    def _kobo_too_long(self, key, lang, value, limit):
        message = self.env._(
            "%(field)s is %(length)s characters; the channel takes at most %(limit)s.",
            field=self._kobo_field_label(key),
            length=len(value),
            limit=limit,
        )
        return {"field": key, "lang": lang, "message": message}

    @api.model
    def _kobo_payload_texts(self, payload, key):
        """``[(lang, text)]`` for ``key`` in a payload: a plain value, or one per locale when the
        payload holds ``{"locales": {lang: {key: text}}}``."""
        if not isinstance(payload, dict):
            return []
        found = [(None, payload[key])] if isinstance(payload.get(key), str) else []
        for lang, values in (payload.get("locales") or {}).items():
            if isinstance(values, dict) and isinstance(values.get(key), str):
                found.append((lang, values[key]))
        return found

    @api.model
    def build_payload(self, listings):
        """``{listing id: payload}``: what the channel receives for each listing, as JSON-able
        data (dict, list, str, numbers). Its canonical JSON digest decides whether a push is
        needed: build it only from what the channel shows, never from a timestamp."""
        raise NotImplementedError(f"{self._name} must implement build_payload()")

    @api.model
    def _kobo_payloads(self, listings):
        """``build_payload(listings)``, built once per sync job (see ``_kobo_built_once``): what
        the engine pushes and what the validation checks are the same payloads."""
        return self._kobo_built_once("payload", listings, lambda part: (self.build_payload(part), {}))[0]

    @api.model
    def _kobo_built_once(self, builder, listings, build):
        """``(payloads, problems)`` (each ``{listing id: ...}``) of ``build(listings)``, a
        connector's builder named ``builder``, which may report the issues it meets while
        building (problems) beside the payloads.

        In a sync job (its ``BuildMemo`` in the context) each listing is built once: the
        listings the job built already, at the version it read, are not built again, and the
        others are built together, in one call. Outside a job this is ``build(listings)``. The
        problems returned are new lists: a caller may extend them."""
        memo = build_memo(self.env)
        if memo is None or not listings:
            return build(listings)
        # The job prepares in one environment; a builder that calls another in a different
        # user or language gets that one's own payloads.
        scope = (builder, self.env.uid, self.env.su, self.env.lang)

        def key(listing):
            return (*scope, listing.id, listing.kobo_version)

        missing = listings.filtered(lambda listing: key(listing) not in memo.values)
        if missing:
            payloads, problems = build(missing)
            for listing in missing:
                memo.values[key(listing)] = (payloads.get(listing.id, _NOT_BUILT), problems.get(listing.id))
        payloads, problems = {}, {}
        for listing in listings:
            payload, listing_problems = memo.values[key(listing)]
            if payload is not _NOT_BUILT:
                payloads[listing.id] = payload
            if listing_problems is not None:
                problems[listing.id] = list(listing_problems)
        return payloads, problems

    @api.model
    def push(self, listings, payloads):
        """Send ``payloads`` (``{listing id: payload}``) to the channel.

        Return ``{listing id: result}`` where a result is ``{"external_id": "..."}`` when the
        channel accepted the listing, or ``{"issues": [issue dict]}`` when it refused its data
        (not retried: the listing goes to *error* with the channel's issues). An accepted result
        may also carry ``"warnings"`` (issue dicts kept on the published listing as the channel's
        remarks) and ``"vals"`` (the connector's own listing fields to record with the publish,
        e.g. a digest of part of the payload; written with the engine's privilege, in the same
        transaction, only when the push is recorded). A transient
        failure of the whole call (timeout, rate limit, 5xx) raises queue_job's
        ``RetryableJobError``: the job retries with backoff and no listing changes.
        A push must be idempotent (an upsert keyed by the listing's product/external id): after
        a crash the same batch is pushed again.
        """
        raise NotImplementedError(f"{self._name} must implement push()")

    @api.model
    def delist(self, listings):
        """Withdraw ``listings`` from the channel. Same result shape as ``push`` (an
        ``external_id`` may be omitted; ``vals`` are written with the delisting). Idempotent:
        delisting what is gone succeeds."""
        raise NotImplementedError(f"{self._name} must implement delist()")

    @api.model
    def read_status(self, listings):
        """``{listing id: {"state": "published" | "delisted" | "error", "issues": [...]}}``:
        what the channel says now. Listings the channel does not report are left as they are."""
        return {}
