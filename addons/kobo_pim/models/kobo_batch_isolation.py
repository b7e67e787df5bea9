"""Run a batch so that one failing record never stops the others.

``run_isolated(records, work)`` runs ``work(records)`` in one savepoint: the happy path costs a
savepoint, not a query per record. When the batch fails, it is split in halves, each run in its
own savepoint, until every failing record is alone: k failing records among n cost about
k × log2(n) runs more, and everything the other records did is kept. The caller decides where
the failures go (the record's chatter, an activity, a state); nothing here swallows them.

Concurrency errors (a lock not available, a serialization failure) are not a record's fault:
they are raised, so that the cron's transaction is retried as Odoo retries it.
"""

from odoo.exceptions import UserError
from odoo.service.model import PG_CONCURRENCY_EXCEPTIONS_TO_RETRY


def run_isolated(records, work):
    """Run ``work`` on ``records``; return ``{record: exception}`` for each record that fails alone.

    ``work`` receives a recordset (all of ``records``, or a part of it) and must be safe to run
    again on a part after a failed run was rolled back.
    """
    if not records:
        return {}
    try:
        with records.env.cr.savepoint():
            work(records)
        return {}
    except PG_CONCURRENCY_EXCEPTIONS_TO_RETRY:
        raise
    except Exception as error:  # any failure of one record must leave the others to go on
        if len(records) == 1:
            return {records: error}
    half = len(records) // 2
    failures = run_isolated(records[:half], work)
    failures.update(run_isolated(records[half:], work))
    return failures


def failure_reason(env, error, limit=500):
    """What a user is told of a failure: the message of a business error (written for users), or
    the kind of an unexpected one (its details are in the server log, not shown)."""
    if isinstance(error, UserError):  # ValidationError and AccessError are UserErrors too
        text = str(error.args[0]) if error.args else str(error)
    else:
        text = env._(
            "unexpected error (%(kind)s); an administrator finds the details in the server log.",
            kind=type(error).__name__,
        )
    return text if len(text) <= limit else text[: limit - 1] + "…"
