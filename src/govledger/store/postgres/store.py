"""The PostgreSQL event store: the same ledger, kept by a database server.

It needs psycopg 3 (``pip install 'govledger[postgres]'``); nothing else in govledger
imports this module until a ``postgresql://`` URL is opened.

The server enforces what the SQLite store enforces in its file:

* **append-only**: statement triggers refuse every UPDATE, DELETE and TRUNCATE of
  ``events``;
* **gapless positions**: every write transaction takes one advisory lock per ledger
  before it reads the last position, so writers queue and commit in position order,
  and a reader never sees position *n* without every position before it;
* **recording time** from the server's clock (``clock_timestamp()`` once the lock is
  held), never earlier than the last record's;
* **schema version** in ``govledger_meta``, checked on every open, with migrations run
  in one transaction (PostgreSQL's DDL is transactional) and the chain verified before
  they commit.

The tables live in the first schema of the connection's ``search_path`` (``public``
unless the URL says otherwise, e.g. ``?options=-csearch_path%3Dledger``), so one
database can hold several ledgers side by side.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import TypeVar

import psycopg
from psycopg import errors as pg_errors
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict

from ...errors import CorruptLedger, LedgerClosed, ReadOnlyLedger, UsageError
from .._backend import last_position_of
from .._checkpoints import save_checkpoint
from .._sql import ORDER_BY, POSTGRES, Migrations
from ..chain import MAX_CLOCK_SKEW, ChainHead, VerificationReport
from ..interface import WriteSession
from ..records import (
    Checkpoint,
    Query,
    StoredRecord,
    check_busy_timeout,
    check_clock,
    unsealed,
)
from ..verification import audit, verify_chain
from .connect import CONNECT_TIMEOUT, Connection, connect, describe, first_line, redacted
from .lifetime import PAGE
from .opening import PostgresOpening
from .schema import (
    MIGRATIONS,
    SELECT,
    STORE_SCHEMA_VERSION,
    PostgresMigrationStep,
    Row,
    copy_rows,
)
from .session import PostgresWriteSession, check_text_record

_T = TypeVar("_T")

__all__ = [
    "MIGRATIONS",
    "STORE_SCHEMA_VERSION",
    "PostgresStore",
]


# A loose index scan: one index probe per partnership, however many events each has.
_PARTNERSHIPS = """
WITH RECURSIVE found(partnership) AS (
    (SELECT partnership FROM events ORDER BY partnership LIMIT 1)
    UNION ALL
    SELECT (SELECT e.partnership FROM events e WHERE e.partnership > found.partnership
            ORDER BY e.partnership LIMIT 1)
    FROM found WHERE found.partnership IS NOT NULL
)
SELECT partnership FROM found WHERE partnership IS NOT NULL
"""


class PostgresStore(PostgresOpening):
    """An append-only event store in a PostgreSQL database (or one schema of it).

    Open it with :meth:`open` (or ``Ledger.open("postgresql://...")``). Each store owns
    one connection, used from the thread that opened it; several stores, in as many
    processes and machines as you like, may write the same ledger at once. A store whose
    connection was lost (the server restarted, say) reconnects on its next use. Every
    method raises :class:`~govledger.errors.LedgerClosed` once :meth:`close` has been
    called.
    """

    partnerships_sql = _PARTNERSHIPS
    # One index probe: recording times never decrease with position.
    position_at_sql = (
        "SELECT position FROM events WHERE recorded_at <= %s "
        "ORDER BY recorded_at DESC, position DESC LIMIT 1"
    )

    @classmethod
    def open(
        cls,
        url: str,
        *,
        clock: Callable[[], datetime] | None = None,
        busy_timeout: float = 30.0,
        migrate: bool = False,
        migrations: Migrations[PostgresMigrationStep] = MIGRATIONS,
    ) -> PostgresStore:
        """Connect to the ledger at *url*, creating its tables in an empty schema.

        *url* is a libpq URL, ``postgresql://user:password@host:port/database``, with
        any libpq parameter after ``?`` (``options=-csearch_path%3Dname`` keeps the
        ledger in schema *name*). *clock* overrides the server's clock for recording
        times, for tests only: it must be a :class:`govledger.testing.TestClock`.
        *busy_timeout* is how many seconds a write waits for another writer's lock before raising
        :class:`~govledger.errors.LedgerBusy`.

        A schema holding other tables raises :class:`~govledger.errors.NotALedger`;
        one written by a newer govledger raises
        :class:`~govledger.errors.SchemaVersionError`; an older one raises
        :class:`~govledger.errors.MigrationRequired` unless *migrate* is true. A server
        or role that cannot write (a hot standby, a read-only role) opens the ledger
        read-only. A server that cannot be reached raises
        :class:`~govledger.errors.StoreError` saying why.

        *migrations* are the schema this store writes and the steps that upgrade an
        older ledger to it: :data:`MIGRATIONS` unless a test or an extension hands in
        its own (``MIGRATIONS.with_step(3, step)``).
        """
        if not isinstance(url, str):
            raise UsageError(f"url must be a postgresql:// URL string, not {url!r}")
        check_busy_timeout(busy_timeout)
        check_clock(clock, where=redacted(url), in_memory=False)
        try:
            params = conninfo_to_dict(url)
        except psycopg.ProgrammingError as exc:
            raise UsageError(
                f"{redacted(url)} is not a PostgreSQL URL libpq can read ({first_line(exc)}); "
                "write it as postgresql://user:password@host:port/database"
            ) from None
        params.setdefault("connect_timeout", CONNECT_TIMEOUT)
        params.setdefault("application_name", "govledger")
        where = describe(params)
        store = cls(
            connect(params, where),
            params=params,
            where=where,
            clock=clock,
            busy_timeout=busy_timeout,
            migrations=migrations,
        )
        try:
            store._prepare(migrate=migrate)
        except BaseException:
            store._abandon()
            raise
        return store

    # ---------------------------------------------------------------- writing

    @contextmanager
    def write(self) -> Iterator[WriteSession]:
        """One transaction holding the ledger's write lock until the block ends.

        Inside, read, check and append without a race: other writers wait for the lock
        (up to the busy timeout). The block commits when it ends normally and rolls
        back, writing nothing, if it raises.
        """
        connection = self._live()
        if self._read_only:
            raise ReadOnlyLedger(
                f"{self._where} is open read-only (the server is a standby, or the role "
                "may not insert into the ledger), so nothing can be recorded in it; "
                "connect to the primary server, or as a role that may write"
            )
        if self._writing:
            raise UsageError(
                "a write session is already open on this store; finish that "
                "`with store.write()` block before starting another"
            )
        self._writing = True
        doing = "locking for writing"
        session = PostgresWriteSession(self)
        try:
            with connection.transaction():
                self._lock(connection)
                doing = "writing to"
                try:
                    yield session
                finally:
                    session.end()
                if self._conn is not connection:
                    raise LedgerClosed(
                        f"the ledger store {self._where} was closed inside its write block, "
                        "so nothing was written"
                    )
                doing = "committing to"
        except psycopg.Error as exc:
            raise self._translated(exc, doing) from exc
        finally:
            self._writing = False

    def _lock(self, connection: Connection) -> None:
        """Take the ledger's write lock in this transaction, waiting up to the busy timeout."""
        if self._busy_timeout == 0:
            row = connection.execute(
                "SELECT pg_try_advisory_xact_lock(%s)", (self._lock_key,)
            ).fetchone()
            if row is None or not row[0]:
                raise self._busy("locking for writing")
            return
        timeout = f"{max(1, round(self._busy_timeout * 1000))}ms"
        try:
            connection.execute(
                "SELECT set_config('lock_timeout', %s, true), pg_advisory_xact_lock(%s)",
                (timeout, self._lock_key),
            )
        except pg_errors.LockNotAvailable:
            raise self._busy("locking for writing") from None

    # ---------------------------------------------------------------- reading

    def _read(
        self,
        connection: Connection,
        query: Query,
        clauses: list[str],
        params: list[object],
        row_of: Callable[[Row], _T],
    ) -> Iterator[_T]:
        """The records of *query*, in pages of a few thousand, each page its own short query.

        So no transaction stays open while the caller iterates, and writes made meanwhile
        on this store or elsewhere are never seen: the read is pinned to the last position
        when it starts. Inside a write session it sees that session's records.
        """
        return self._pages(clauses, params, query.order, row_of)

    def _pages(
        self, clauses: list[str], params: list[object], order: str, row_of: Callable[[Row], _T]
    ) -> Iterator[_T]:
        pinned: int | None = None
        key: tuple[object, ...] = ()
        while True:
            connection = self._live_for_reading()
            where = [*clauses, "position <= %s"]
            if order == "effective" and key:
                where.append("(effective, position) > (%s, %s)")
            elif key:
                where.append("position > %s")
            query = f"{SELECT} WHERE {' AND '.join(where)}{ORDER_BY[order]} LIMIT {PAGE}"
            with self._errors("reading"):
                if pinned is None:
                    pinned = last_position_of(connection)
                rows: list[Row] = connection.execute(query, [*params, pinned, *key]).fetchall()
            for row in rows:
                self._live_for_reading()
                yield row_of(row)
            if len(rows) < PAGE:
                return
            last = rows[-1]
            key = (last[5], last[0]) if order == "effective" else (last[0],)

    # ---------------------------------------------------------------- checkpoints

    def save_checkpoint(self, checkpoint: Checkpoint) -> bool:
        """Keep *checkpoint* if it is still exact; see :meth:`EventStore.save_checkpoint`.

        Waits for no writer: if another transaction holds the write lock, the checkpoint
        is simply not kept.
        """
        connection = self._live()
        if self._read_only or self._writing:
            return False
        with self._errors("saving a checkpoint in"), connection.transaction():
            row = connection.execute(
                "SELECT pg_try_advisory_xact_lock(%s)", (self._lock_key,)
            ).fetchone()
            if row is None or not row[0]:
                return False
            return save_checkpoint(connection, POSTGRES, checkpoint)

    # ---------------------------------------------------------------- questions

    # ---------------------------------------------------------------- verification

    def verify(
        self,
        *,
        expected_head: ChainHead | None = None,
        max_clock_skew: timedelta = MAX_CLOCK_SKEW,
    ) -> VerificationReport:
        """Recompute the hash chain from the first record; see :func:`verify_chain`.

        Then check versions, unhashed columns, checkpoints and recording times. Reads
        one snapshot (a repeatable-read transaction), so writers carry on meanwhile and
        the verdict is about the ledger as it was when the check began.
        """
        connection = self._live()
        if expected_head is not None and not isinstance(expected_head, ChainHead):
            raise UsageError(f"expected_head must be a ChainHead, not {expected_head!r}")
        if self._writing:
            return verify_chain(self, expected_head=expected_head, max_clock_skew=max_clock_skew)
        with self._errors("verifying"), connection.transaction():
            connection.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            quick = self._quick_verify(expected_head)
            if quick is not None:
                return audit(self, quick, max_clock_skew=max_clock_skew, versions_checked=True)
            return verify_chain(self, expected_head=expected_head, max_clock_skew=max_clock_skew)

    def check_integrity(self) -> None:
        """Check the ledger's indexes with the ``amcheck`` extension, where it is installed
        (PostgreSQL's own equivalent of SQLite's ``quick_check``); raise
        :class:`~govledger.errors.CorruptLedger` on damage. Without ``amcheck`` it checks
        nothing (the server keeps its own pages' checksums, if enabled)."""
        connection = self._live()
        with self._errors("checking the integrity of"):
            installed = connection.execute(
                "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n "
                "ON n.oid = e.extnamespace WHERE e.extname = 'amcheck'"
            ).fetchone()
            if installed is None:
                return
            # The extension lives in its own schema, often not on the ledger's search path.
            check = sql.SQL("SELECT {}.bt_index_check(%s::regclass, true)").format(
                sql.Identifier(installed[0])
            )
            indexes = connection.execute(
                "SELECT c.oid::regclass::text FROM pg_index i JOIN pg_class c "
                "ON c.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid "
                "JOIN pg_am a ON a.oid = c.relam WHERE t.relname IN ('events', 'checkpoints') "
                "AND t.relnamespace = current_schema()::regnamespace AND a.amname = 'btree'"
            ).fetchall()
        for (index,) in indexes:
            try:
                connection.execute(check, (index,))
            except (pg_errors.DataCorrupted, pg_errors.IndexCorrupted) as exc:
                raise CorruptLedger(
                    f"{self._where} is damaged: amcheck finds index {index} corrupt "
                    f"({first_line(exc)}); restore the ledger from a backup"
                ) from exc
            except psycopg.Error as exc:
                raise self._translated(exc, "checking the integrity of") from exc

    # ---------------------------------------------------------------- copying

    def _insert_imported(self, connection: Connection, page: list[StoredRecord]) -> None:
        for record in page:  # PostgreSQL text cannot hold what SQLite's can (NUL)
            check_text_record(unsealed(record))
        copy_rows(connection, page)
