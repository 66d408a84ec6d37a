"""The inside of one PostgreSQL write transaction: read, check, then append."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import suppress
from datetime import UTC

import psycopg

from ...errors import StoreError, UsageError
from .._backend import SQLSession, stream_rows
from .._checkpoints import drop_stale_checkpoints
from .._sql import ORDER_BY, POSTGRES, where_clauses
from ..chain import GENESIS_HASH, seal_batch
from ..records import NewRecord, Query, StoredRecord, check_query, check_record
from .connect import Connection
from .lifetime import PAGE, PostgresConnection
from .schema import LAST, SELECT, Row, copy_rows, record_of

__all__ = [
    "PostgresWriteSession",
    "check_text_record",
]


class PostgresWriteSession(SQLSession):
    """The inside of one :meth:`PostgresStore.write` block."""

    _store: PostgresConnection

    def read(self, query: Query) -> Iterator[StoredRecord]:
        """The records *query* asks for, this write's own records included.

        Streamed through a server-side cursor, inside this session's transaction.
        """
        connection = self._connection()
        clauses, params = where_clauses(check_query(query), POSTGRES)
        sql_where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
        return self._stream(connection, SELECT + sql_where + ORDER_BY[query.order], params)

    def _stream(
        self, connection: Connection, query: str, params: list[object]
    ) -> Iterator[StoredRecord]:
        cursor = connection.cursor(name=f"govledger_read_{id(params):x}")
        cursor.itersize = PAGE
        errors = self._store._errors
        declared = False

        def fetch() -> list[Row]:
            nonlocal declared
            with errors("reading"):
                if not declared:  # on the first page asked for: reads are lazy
                    cursor.execute(query, params)
                    declared = True
                return cursor.fetchmany(PAGE)

        def close() -> None:
            with suppress(psycopg.Error):
                cursor.close()

        return stream_rows(fetch, self._connection, record_of, close)

    def append(self, records: Sequence[NewRecord]) -> list[StoredRecord]:
        """Store *records* in the order given, all or none.

        Positions continue from the last one, each partnership's versions from its
        current version, and every record shares one recording time, read from the
        server once the write lock is held and never earlier than the last record's.
        The rows go to the server with one COPY.
        """
        connection = self._connection()
        batch = [check_text_record(record) for record in records]
        if not batch:
            return []
        with self._store._errors("appending to"), connection.transaction():
            stored = self._seal(connection, batch)
            copy_rows(connection, stored)
            drop_stale_checkpoints(connection, POSTGRES, batch)
        return stored

    def _seal(self, connection: Connection, batch: list[NewRecord]) -> list[StoredRecord]:
        row = connection.execute(
            "SELECT clock_timestamp(), last.position, last.recorded_at, last.hash "
            f"FROM (SELECT 1) AS one LEFT JOIN LATERAL ({LAST}) AS last ON true"
        ).fetchone()
        if row is None:  # pragma: no cover - the query always returns one row
            raise StoreError(f"{self._store.path} did not say what its last record is")
        server_now, last_position, last_recorded, last_hash = row
        recorded_at = self._store._now(server_now)
        if last_position is None:
            last, prev_hash = 0, GENESIS_HASH
        else:
            last, prev_hash = int(last_position), str(last_hash)
            recorded_at = max(recorded_at, last_recorded.astimezone(UTC))
        names = list(dict.fromkeys(record.partnership for record in batch))
        versions: dict[str, int] = dict(  # one query for every partnership of the batch
            connection.execute(
                "SELECT partnership, max(version) FROM events WHERE partnership = ANY(%s) "
                "GROUP BY partnership",
                (names,),
            ).fetchall()
        )
        return seal_batch(
            batch,
            after=last,
            prev_hash=prev_hash,
            recorded_at=recorded_at,
            version=lambda partnership: versions.get(partnership, 0),
        )


def check_text_record(record: object) -> NewRecord:
    """As the SQLite store's check, and refuse NUL characters, which PostgreSQL text cannot hold."""
    checked = check_record(record)
    for name in ("partnership", "type", "payload"):
        if "\x00" in getattr(checked, name):
            raise UsageError(
                f"{name} holds a NUL character (\\x00), which PostgreSQL cannot store in "
                "text; remove it"
            )
    return checked
