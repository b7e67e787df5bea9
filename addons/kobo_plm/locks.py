"""Row locks for approvals that two people may start at the same moment."""

from psycopg2.errors import LockNotAvailable

from odoo.exceptions import UserError
from odoo.tools import SQL


def lock_for_update(records):
    """Lock `records`' rows until the transaction ends, or tell the user someone else holds them.

    NOWAIT: the second of two simultaneous approvals fails at once with a clear message instead
    of waiting and then approving again. The records are re-read afterwards, so the checks that
    follow see what the other transaction committed.
    """
    if not records:
        return
    env = records.env
    env.flush_all()
    try:
        with env.cr.savepoint(flush=False):
            env.cr.execute(
                SQL(
                    "SELECT id FROM %s WHERE id IN %s FOR UPDATE NOWAIT",
                    SQL.identifier(records._table),
                    tuple(records.ids),
                ),
                log_exceptions=False,  # a held lock is an answer, not a bad query
            )
    except LockNotAvailable:
        raise UserError(
            env._(
                "%(record)s is being approved by someone else right now. Reload the page and try again.",
                record=records[:1].display_name if len(records) == 1 else records._description,
            )
        ) from None
    records.invalidate_recordset()
