"""A PostgreSQL ledger session's lifetime: reconnecting, errors and the clock."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from typing import Any, ClassVar

import psycopg

from ...errors import LedgerBusy, LedgerClosed, StoreError
from .._backend import SQLBackend
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

Clock = Callable[[], datetime]


class PostgresConnection(SQLBackend):
    """One PostgreSQL session's lifetime: what every part of :class:`PostgresStore` shares."""

    dialect: ClassVar[Dialect] = POSTGRES
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
        self._conn: Connection | None = connection
        self._params = params
        self._where = where
        self._clock = clock
        self._busy_timeout = busy_timeout
        self._schema = ""
        self._lock_key = 0
        self._read_only = False
        self._writing = False
        #: The schema this store writes and the steps up to it (see :class:`Migrations`).
        self._migrations = migrations
        #: The first position sealed under hash definition 2 (1 unless migrated).
        self._v2_from = 1

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

    def __repr__(self) -> str:
        state = "closed" if self._conn is None else "open"
        return f"<PostgresStore {self._where!r} ({state})>"

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

    @contextmanager
    def _errors(self, doing: str) -> Iterator[None]:
        try:
            yield
        except psycopg.Error as exc:
            raise self._translated(exc, doing) from exc

    def _now(self, server: datetime) -> datetime:
        if self._clock is None:
            return server.astimezone(UTC)
        moment = self._clock()
        if not isinstance(moment, datetime) or moment.utcoffset() is None:
            raise StoreError(
                f"the store's clock returned {moment!r}; it must return a timezone-aware "
                "datetime such as datetime.now(UTC)"
            )
        return moment.astimezone(UTC)
