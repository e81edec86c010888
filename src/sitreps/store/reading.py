"""How the query modules borrow a connection: the one place a read meets the database.

Every question in `store/` beyond the `Store` methods reads through `reading`, so that a caller
inside `Store.snapshot` sees one state of the database across several questions (a page and its
count), and a database that cannot answer is a `StoreError` whichever question asked.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa

from ..errors import StoreError
from .store import Store


@contextmanager
def reading(store: Store) -> Iterator[sa.Connection]:
    """A read connection (the one of the store's `snapshot` when the caller is in one); a
    database that cannot answer is a `StoreError`, as in the store."""
    pinned = store.pinned_connection()
    if pinned is not None:
        yield pinned
        return
    try:
        with store.engine.connect() as conn:
            yield conn
    except sa.exc.OperationalError as exc:
        raise StoreError(f"database query failed: {str(exc.orig or exc).splitlines()[0]}") from exc
    except sa.exc.TimeoutError as exc:  # every connection of the pool in use for too long
        raise StoreError(f"database busy: {str(exc).splitlines()[0]}") from exc
