"""A SQLite ledger connection's lifetime: opening state, errors, commits and streaming."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import suppress
from datetime import datetime
from typing import ClassVar, TypeVar

from ...errors import LedgerClosed, StoreError
from .._backend import Clock, SQLBackend, last_position_of, read_clock, stream_rows
from .._sql import SQLITE, Dialect, Migrations
from ..records import StoredRecord
from .checkpoints import checkpoint_of as read_checkpoint
from .files import translate
from .schema import MIGRATIONS, MigrationStep, Row, record_of

_T = TypeVar("_T")

__all__ = [
    "FETCH_SIZE",
    "MIN_POSITION",
    "Clock",
    "SQLiteConnection",
    "where_sql",
]


FETCH_SIZE = 256
MIN_POSITION = -(2**63)


class SQLiteConnection(SQLBackend):
    """One SQLite connection's lifetime: what every part of :class:`SQLiteStore` shares."""

    # What SQLBackend asks of each backend, and the constructor below: alike in shape
    # in both stores by design, as each names its own driver, settings and messages.
    _conn: sqlite3.Connection | None
    dialect: ClassVar[Dialect] = SQLITE
    driver_error: ClassVar[type[Exception]] = sqlite3.Error
    import_page: ClassVar[int] = FETCH_SIZE * 8
    checkpoint_of = staticmethod(read_checkpoint)
    place = "the file"

    upgrade_read_only: ClassVar[str] = (
        "and it cannot be written, so it cannot be upgraded here; copy it "
        "somewhere writable and open the copy with Ledger.open(path, migrate=True)"
    )
    upgrade_how: ClassVar[str] = (
        "back the file up, then upgrade it once with "
        "Ledger.open(path, migrate=True) or govledger.store.migrate(path)"
    )

    def __init__(
        self,
        connection: sqlite3.Connection,
        *,
        path: str,
        clock: Clock,
        busy_timeout: float,
        read_only: bool = False,
        reader: str | None = None,
        migrations: Migrations[MigrationStep] = MIGRATIONS,
    ) -> None:
        """Wrap an open *connection*; use :meth:`open`, which also checks the file.

        *reader* is a read-only URI of the same file, for verification workers.
        """
        super().__init__(
            connection, busy_timeout=busy_timeout, read_only=read_only, migrations=migrations
        )
        self._path = path
        self._clock = clock
        self._reader = reader
        #: Whether the file has the full-text index, which each append extends
        #: (:func:`govledger.store.views.index_appended`); set when the store is opened.
        self._searchable = False

    @property
    def path(self) -> str:
        """The database file's path, or ``":memory:"``."""
        return self._path

    # ---------------------------------------------------------------- lifetime

    def close(self) -> None:
        """Roll back any open write, then close the database. Closing twice is harmless."""
        connection, self._conn = self._conn, None
        if connection is None:
            return
        try:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            connection.close()
        except sqlite3.Error as exc:
            raise self._translated(exc, "closing") from exc

    # ---------------------------------------------------------------- internals

    def _abandon(self) -> None:
        """Close the connection after a failed open, keeping the first error."""
        connection, self._conn = self._conn, None
        if connection is not None:
            with suppress(sqlite3.Error):
                connection.close()

    def _live(self) -> sqlite3.Connection:
        if self._conn is None:
            raise LedgerClosed(
                f"the ledger store {self._path!r} is closed; open it again with "
                "SQLiteStore.open() to keep using it"
            )
        return self._conn

    def _now(self) -> datetime:
        return read_clock(self._clock)

    def _translated(self, exc: sqlite3.Error, doing: str) -> StoreError:
        return translate(exc, path=self._path, doing=doing, busy_timeout=self._busy_timeout)

    def _query(
        self, connection: sqlite3.Connection, sql: str, params: Sequence[object]
    ) -> Iterator[StoredRecord]:
        return self._query_rows(connection, sql, params, record_of)

    def _query_rows(
        self,
        connection: sqlite3.Connection,
        sql: str,
        params: Sequence[object],
        row_of: Callable[[Row], _T],
    ) -> Iterator[_T]:
        with self._errors("reading"):
            cursor = connection.execute(sql, params)
        return self._stream(cursor, row_of)

    def _stream(self, cursor: sqlite3.Cursor, row_of: Callable[[Row], _T]) -> Iterator[_T]:
        def fetch() -> list[Row]:
            try:
                return cursor.fetchmany(FETCH_SIZE)
            except sqlite3.Error as exc:
                if self._conn is None:  # closed under the reader: not a damaged file
                    raise LedgerClosed(
                        f"the ledger store {self._path!r} was closed while it was "
                        "being read; open it again to read the rest"
                    ) from exc
                raise self._translated(exc, "reading") from exc

        def close() -> None:
            with suppress(sqlite3.Error):
                cursor.close()

        return stream_rows(fetch, self._live, row_of, close)

    def _rollback(self) -> None:
        connection = self._conn
        if connection is not None and connection.in_transaction:
            with suppress(sqlite3.Error):
                connection.execute("ROLLBACK")

    def _commit(self) -> None:
        if self._conn is None:
            raise LedgerClosed(
                f"the ledger store {self._path!r} was closed inside its write block, "
                "so nothing was written"
            )
        try:
            self._conn.execute("COMMIT")
        except sqlite3.Error as exc:
            self._rollback()
            raise self._translated(exc, "committing to") from exc
        with suppress(sqlite3.Error):
            # One read now moves the WAL index's read mark past this commit, so later
            # reads and rejected writes leave every file (-shm included) unchanged.
            last_position_of(self._conn)


# -------------------------------------------------------------------- checks


def where_sql(clauses: list[str]) -> str:
    return f" WHERE {' AND '.join(clauses)}" if clauses else ""
