"""A PostgreSQL ledger session's lifetime: reconnecting, errors and the clock."""

from __future__ import annotations

from contextlib import suppress
from datetime import UTC, datetime
from typing import Any, ClassVar

import psycopg

from ...errors import LedgerBusy, LedgerClosed, StoreError
from .._backend import Clock, SQLBackend, read_clock
from .._sql import POSTGRES, Dialect, Migrations
from .checkpoints import checkpoint_of as read_checkpoint
from .connect import Connection, connect, set_up, translate
from .schema import MIGRATIONS, PostgresMigrationStep

__all__ = [
    "PAGE",
    "Clock",
    "PostgresConnection",
]


PAGE = 2_000


class PostgresConnection(SQLBackend):
    """One PostgreSQL session's lifetime: what every part of :class:`PostgresStore` shares."""

    # What SQLBackend asks of each backend, and the constructor below: alike in shape
    # in both stores by design, as each names its own driver, settings and messages.
    _conn: Connection | None
    dialect: ClassVar[Dialect] = POSTGRES
    driver_error: ClassVar[type[Exception]] = psycopg.Error
    import_page: ClassVar[int] = PAGE
    checkpoint_of = staticmethod(read_checkpoint)
    place = "the ledger"

    upgrade_read_only: ClassVar[str] = (
        "and it cannot be written here, so it cannot be upgraded; "
        "connect to the primary server as the ledger's owner, with migrate=True"
    )
    upgrade_how: ClassVar[str] = (
        "back the database up (pg_dump), then upgrade it once with Ledger.open(url, migrate=True)"
    )

    def __init__(
        self,
        connection: Connection,
        *,
        params: dict[str, Any],
        where: str,
        clock: Clock | None,
        busy_timeout: float,
        migrations: Migrations[PostgresMigrationStep] = MIGRATIONS,
    ) -> None:
        """Wrap an open *connection*; use :meth:`open`, which also checks the schema."""
        super().__init__(
            connection, busy_timeout=busy_timeout, read_only=False, migrations=migrations
        )
        self._params = params
        self._where = where
        self._clock = clock
        self._schema = ""
        self._lock_key = 0
        self._writing = False

    @property
    def path(self) -> str:
        """Where the ledger is, as a URL without its password (for messages)."""
        return self._where

    @property
    def schema(self) -> str:
        """The database schema holding the ledger's tables."""
        return self._schema

    def _busy(self, doing: str) -> LedgerBusy:
        return LedgerBusy(
            f"{self._where} stayed locked by another writer for the whole busy timeout "
            f"({self._busy_timeout:g}s) while {doing} it; try again when the other writer "
            "has finished, or open the store with a longer busy_timeout"
        )

    def _live_for_reading(self) -> Connection:
        if self._conn is None:
            raise LedgerClosed(
                f"the ledger store {self._where} was closed while it was being read; "
                "open it again to read the rest"
            )
        return self._live()

    # ---------------------------------------------------------------- lifetime

    def close(self) -> None:
        """Close the connection (rolling back any open write). Closing twice is harmless."""
        connection, self._conn = self._conn, None
        if connection is not None:
            with suppress(psycopg.Error):
                connection.close()

    # ---------------------------------------------------------------- internals

    def _abandon(self) -> None:
        """Close the connection after a failed open, keeping the first error."""
        self.close()

    def _live(self) -> Connection:
        connection = self._conn
        if connection is None:
            raise LedgerClosed(
                f"the ledger store {self._where} is closed; open it again with "
                "Ledger.open() to keep using it"
            )
        if connection.closed and not self._writing:
            # The server went away (a restart, a network cut): start a new session.
            connection = self._conn = connect(self._params, self._where)
            with self._errors("reconnecting to"):
                set_up(connection, self._schema)
        return connection

    def _translated(self, exc: psycopg.Error, doing: str) -> StoreError:
        return translate(exc, where=self._where, doing=doing, busy_timeout=self._busy_timeout)

    def _now(self, server: datetime) -> datetime:
        """The recording time: the server's clock, unless a test clock was handed in."""
        return server.astimezone(UTC) if self._clock is None else read_clock(self._clock)
