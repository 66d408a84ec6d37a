"""The inside of one SQLite write transaction: read, check, then append."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from datetime import datetime

from .. import views
from .._backend import SQLSession
from .._checkpoints import drop_stale_checkpoints
from .._sql import ORDER_BY, SQLITE, where_clauses
from ..chain import GENESIS_HASH, seal_batch
from ..records import NewRecord, Query, StoredRecord, check_query, check_record
from .lifetime import SQLiteConnection, where_sql
from .schema import INSERT, SELECT, row_of

__all__ = [
    "SQLiteWriteSession",
]


class SQLiteWriteSession(SQLSession):
    """The inside of one :meth:`SQLiteStore.write` block."""

    _store: SQLiteConnection

    def __init__(self, store: SQLiteConnection) -> None:
        super().__init__(store)
        #: Each partnership's version as read or written in this transaction, which
        #: holds the write lock: the rules' check asks it, then sealing does again.
        self._versions: dict[str, int] = {}

    def version(self, partnership: str) -> int:
        """How many records *partnership* has (0 if none), this write included."""
        known = self._versions.get(partnership)
        if known is None:
            known = self._versions[partnership] = super().version(partnership)
        else:
            self._connection()  # refuses use after the session ended, as reading would
        return known

    def read(self, query: Query) -> Iterator[StoredRecord]:
        """The records *query* asks for, this write's own records included."""
        connection = self._connection()
        clauses, params = where_clauses(check_query(query), SQLITE)
        return self._store._query(
            connection, SELECT + where_sql(clauses) + ORDER_BY[query.order], params
        )

    def append(self, records: Sequence[NewRecord]) -> list[StoredRecord]:
        """Store *records* in the order given, all or none.

        Positions continue from the last one, each partnership's versions from its
        current version, and every record shares one recording time that is never
        earlier than the last record's.
        """
        connection = self._connection()
        batch = [check_record(record) for record in records]
        if not batch:
            return []
        with self._store._errors("appending to"):
            connection.execute("SAVEPOINT govledger_append")
            try:
                stored = self._seal(connection, batch)
                connection.executemany(INSERT, [row_of(record) for record in stored])
                if self._store._searchable:  # one statement for the batch's decisions
                    views.index_appended(connection, stored[0].position, stored[-1].position)
                drop_stale_checkpoints(connection, SQLITE, batch)
            except BaseException:
                connection.execute("ROLLBACK TO govledger_append")
                connection.execute("RELEASE govledger_append")
                self._versions.clear()  # read them again: nothing of this batch stands
                raise
            connection.execute("RELEASE govledger_append")
        for record in stored:
            self._versions[record.partnership] = record.version
        return stored

    def _seal(self, connection: sqlite3.Connection, batch: list[NewRecord]) -> list[StoredRecord]:
        last = connection.execute(
            "SELECT position, recorded_at, hash FROM events ORDER BY position DESC LIMIT 1"
        ).fetchone()
        recorded_at = self._store._now()
        if last is None:
            position, prev_hash = 0, GENESIS_HASH
        else:
            position, prev_hash = int(last[0]), str(last[2])
            recorded_at = max(recorded_at, datetime.fromisoformat(last[1]))
        return seal_batch(
            batch,
            after=position,
            prev_hash=prev_hash,
            recorded_at=recorded_at,
            version=self.version,
        )
