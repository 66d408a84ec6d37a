"""The SQLite event store: the only code in govledger that talks to SQLite.

One table, ``events``, holds every record of every partnership. Triggers refuse any
UPDATE or DELETE on it, so the log can only grow. ``govledger_meta`` and the
database's ``application_id`` / ``user_version`` say which schema wrote the file, so a
foreign or newer database is refused before anything is written to it, and an older
one is upgraded only when asked (:func:`migrate`), by the steps in :data:`MIGRATIONS`.
A file that cannot be written is opened read-only.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime, timedelta
from typing import Final, TypeVar

from ...errors import CorruptLedger, NotALedger, ReadOnlyLedger, StoreError, UsageError
from .. import views
from .._checkpoints import save_checkpoint
from .._sql import ORDER_BY, SQLITE, Migrations
from ..chain import MAX_CLOCK_SKEW, ChainHead, VerificationReport
from ..interface import WriteSession
from ..records import (
    EVERY_RECORD,
    Checkpoint,
    EntryRow,
    Query,
    StoredRecord,
    check_busy_timeout,
    check_clock,
)
from ..verification import audit, verify_chain
from .audit import PARALLEL_VERIFY_MIN_EVENTS
from .files import (
    APPLICATION_ID,
    APPLICATION_ID_BYTES,
    MEMORY,
    can_read,
    check_file,
    check_path,
    corrupt,
    reader_uri,
    translate,
    writable,
)
from .lifetime import Clock, where_sql
from .opening import SQLiteOpening
from .schema import (
    ENTRY_SELECT,
    INSERT,
    MIGRATIONS,
    SELECT,
    STORE_SCHEMA_VERSION,
    MigrationStep,
    Row,
    entry_row_of,
    row_of,
)
from .session import SQLiteWriteSession

#: The reader of :meth:`SQLiteStore.entries`' rows, by which :meth:`SQLiteStore._read`
#: knows to select only their columns.
_ENTRY_READER: Final[object] = entry_row_of

_T = TypeVar("_T")

__all__ = [
    "APPLICATION_ID",
    "MIGRATIONS",
    "PARALLEL_VERIFY_MIN_EVENTS",
    "STORE_SCHEMA_VERSION",
    "SQLiteStore",
    "migrate",
]


#: The longest pause between two tries for the write lock, in seconds.
_MAX_WRITE_POLL: Final = 0.004


def _system_clock() -> datetime:
    return datetime.now(UTC)


class SQLiteStore(SQLiteOpening):
    """An append-only event store in one SQLite file (or in memory).

    Open it with :meth:`open`. Each store owns one connection, used from the
    thread that opened it. Every method raises
    :class:`~govledger.errors.LedgerClosed` once :meth:`close` has been called.

    >>> with SQLiteStore.open(":memory:") as store:
    ...     store.last_position()
    0
    """

    partnerships_sql = "SELECT DISTINCT partnership FROM events"
    position_at_sql = "SELECT MAX(position) FROM events WHERE recorded_at <= ?"

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str],
        *,
        clock: Callable[[], datetime] | None = None,
        busy_timeout: float = 30.0,
        migrate: bool = False,
        create: bool = False,
        migrations: Migrations[MigrationStep] = MIGRATIONS,
    ) -> SQLiteStore:
        """Open the ledger database at *path*, creating it if there is no file there.

        ``":memory:"`` gives a private in-memory database. A new file is created whole
        (in a temporary file linked into place), so no other process ever sees it half
        made. An existing empty file is not a ledger (a ledger truncated to nothing
        would look like a new one): it is refused with
        :class:`~govledger.errors.NotALedger` unless *create* is true. A FIFO, device,
        socket or directory is refused at once, without opening it.

        *clock* returns the recording time (an aware datetime); by default it is the
        system clock in UTC, read inside the write lock. Only an in-memory ledger takes
        any function; a file takes only a :class:`govledger.testing.TestClock`.
        *busy_timeout* is how many seconds to wait for another writer's lock before
        raising :class:`~govledger.errors.LedgerBusy`.

        A file that is not SQLite, or a SQLite database that govledger did not
        create, raises :class:`~govledger.errors.NotALedger`; a damaged one raises
        :class:`~govledger.errors.CorruptLedger`; one written by a newer schema raises
        :class:`~govledger.errors.SchemaVersionError`. One written by an older schema
        raises :class:`~govledger.errors.MigrationRequired` unless *migrate* is true,
        when it is upgraded in one transaction. A refused file is never modified. A
        file (or directory) that cannot be written is opened read-only: it can be read
        and verified, and appending raises :class:`~govledger.errors.ReadOnlyLedger`.

        *migrations* are the schema this store writes and the steps that upgrade an
        older ledger to it: :data:`MIGRATIONS` unless a test or an extension hands in
        its own (``MIGRATIONS.with_step(3, step)``).
        """
        name = check_path(path)
        check_busy_timeout(busy_timeout)
        in_memory = name == MEMORY
        check_clock(clock, where=name, in_memory=in_memory)
        marked = False
        read_only = False
        if not in_memory:
            header = check_file(name, create=create)
            read_only = not writable(name, exists=header is not None)
            if header is None and not read_only:
                cls._create_whole(name, busy_timeout=busy_timeout, migrations=migrations)
                header = check_file(name, create=create)
            marked = header is not None and header[68:72] == APPLICATION_ID_BYTES
        try:
            store = cls._connect(
                name,
                clock=clock or _system_clock,
                busy_timeout=busy_timeout,
                read_only=read_only,
                migrations=migrations,
            )
        except NotALedger as exc:
            if marked:
                raise corrupt(name) from exc
            raise
        try:
            store._prepare(in_memory=in_memory, migrate=migrate)
        except NotALedger as exc:
            store._abandon()
            if marked:
                raise corrupt(name) from exc
            raise
        except BaseException:
            store._abandon()
            raise
        return store

    @classmethod
    def _create_whole(
        cls, name: str, *, busy_timeout: float, migrations: Migrations[MigrationStep]
    ) -> None:
        """Create a new ledger at *name* in one step: build it beside, then link it in.

        Another process opening *name* meanwhile sees either no file or a whole ledger,
        never an empty file. If another process links its ledger first, that one is
        kept. Where the file system has no hard links, the ledger is made in place.
        """
        folder = os.path.dirname(os.path.abspath(name))
        temp = os.path.join(
            folder, f".{os.path.basename(name)}.{os.getpid()}-{os.urandom(4).hex()}.new"
        )
        try:
            os.close(os.open(temp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666))
        except OSError:
            return  # cannot make a file beside it: create in place, as SQLite does
        try:
            store = cls._connect(
                temp,
                clock=_system_clock,
                busy_timeout=busy_timeout,
                read_only=False,
                migrations=migrations,
            )
            try:
                store._prepare(in_memory=False, migrate=False)
            finally:
                store.close()  # the last connection: the WAL is checkpointed and removed
            with suppress(FileExistsError):
                os.link(temp, name)
        except OSError:
            return
        finally:
            for leftover in (temp, temp + "-wal", temp + "-shm"):
                with suppress(OSError):
                    os.remove(leftover)

    @classmethod
    def _connect(
        cls,
        name: str,
        *,
        clock: Clock,
        busy_timeout: float,
        read_only: bool,
        migrations: Migrations[MigrationStep],
    ) -> SQLiteStore:
        """Connect to *name*; a read-only file is opened with SQLite's read-only mode."""
        reader = None if name == MEMORY else reader_uri(name)
        target = reader if read_only and reader is not None else name
        try:
            connection = sqlite3.connect(
                target, isolation_level=None, timeout=busy_timeout, uri=read_only
            )
            if read_only and not can_read(connection):
                connection.close()
                if os.path.exists(name + "-wal"):
                    raise ReadOnlyLedger(
                        f"{name} has a write-ahead log ({name}-wal) that SQLite cannot open "
                        "because the directory is read-only; copy the ledger and its -wal "
                        "file to a writable directory and open the copy"
                    )
                # No log to read and none can be made: the file alone is the whole database.
                target = reader = target + "&immutable=1"
                connection = sqlite3.connect(
                    target, isolation_level=None, timeout=busy_timeout, uri=True
                )
        except sqlite3.Error as exc:
            raise translate(exc, path=name, doing="opening", busy_timeout=busy_timeout) from exc
        return cls(
            connection,
            path=name,
            clock=clock,
            busy_timeout=busy_timeout,
            read_only=read_only,
            reader=reader,
            migrations=migrations,
        )

    # ---------------------------------------------------------------- writing

    @contextmanager
    def write(self) -> Iterator[WriteSession]:
        """One transaction holding the write lock until the block ends.

        Inside, read, check and append without a race. The block commits when it
        ends normally and rolls back, writing nothing, if it raises.
        """
        connection = self._live()
        if self._read_only:
            raise ReadOnlyLedger(
                f"{self._path} is open read-only (the file or its directory cannot be "
                "written), so nothing can be recorded in it; check its permissions, or "
                "copy it somewhere writable and record there"
            )
        if connection.in_transaction:
            raise UsageError(
                "a write session is already open on this store; finish that "
                "`with store.write()` block before starting another"
            )
        self._lock_for_writing(connection)
        session = SQLiteWriteSession(self)
        try:
            yield session
        except BaseException:
            session.end()
            self._rollback()
            raise
        session.end()
        self._commit()

    def _lock_for_writing(self, connection: sqlite3.Connection) -> None:
        """``BEGIN IMMEDIATE``, waiting up to the busy timeout in short, even steps.

        SQLite's own busy handler sleeps longer and longer (up to 100 ms) between tries,
        so a writer that has waited a while loses the lock to every newcomer that
        arrives just as it is released; with several busy writers one could wait out
        the whole timeout. Here every waiter tries again every few milliseconds, so
        each release goes to one of the writers already waiting about as often as to a
        newcomer. The wait never exceeds the busy timeout.
        """
        deadline = time.monotonic() + self._busy_timeout
        delay = 0.0005
        with self._errors("locking for writing"):
            connection.execute("PRAGMA busy_timeout = 0")
            try:
                while True:
                    try:
                        connection.execute("BEGIN IMMEDIATE")
                        return
                    except sqlite3.OperationalError as exc:
                        code = getattr(exc, "sqlite_errorname", "")
                        busy = code.startswith("SQLITE_BUSY") or "locked" in str(exc)
                        left = deadline - time.monotonic()
                        if not busy or left <= 0:
                            raise
                    import random  # only a writer kept waiting needs it

                    time.sleep(min(delay, left) * (0.5 + random.random()))
                    delay = min(delay * 2, _MAX_WRITE_POLL)
            finally:
                connection.execute(f"PRAGMA busy_timeout = {int(self._busy_timeout * 1000)}")

    # ---------------------------------------------------------------- reading

    def entries(self, query: Query = EVERY_RECORD) -> Iterator[EntryRow]:
        """Stream the records *query* asks for as plain tuples; see
        :meth:`~govledger.store.interface.EntryRows.entries`."""
        return self._rows(query, entry_row_of)

    def _read(
        self,
        connection: sqlite3.Connection,
        query: Query,
        clauses: list[str],
        params: list[object],
        row_of: Callable[[Row], _T],
    ) -> Iterator[_T]:
        """The rows of *query* through one cursor, fetched a few hundred at a time."""
        ordering = ORDER_BY[query.order]
        if query.order == "position" and query.partnership is not None and query.types is None:
            # The same order (versions rise with positions within a partnership), served
            # by the unique (partnership, version) index.
            ordering = " ORDER BY version"
        # an entry row (entries()) needs eight of the eleven columns a record has
        select = ENTRY_SELECT if row_of is _ENTRY_READER else SELECT
        return self._query_rows(connection, select + where_sql(clauses) + ordering, params, row_of)

    # ---------------------------------------------------------------- checkpoints

    def save_checkpoint(self, checkpoint: Checkpoint) -> bool:
        """Keep *checkpoint* if it is still exact; see :meth:`EventStore.save_checkpoint`.

        Waits for no other writer: if the write lock is taken, the checkpoint is
        simply not kept.
        """
        connection = self._live()
        if self._read_only or connection.in_transaction:
            return False
        on_file = self._path != MEMORY
        try:
            if on_file:  # a cache: losing the last one in a power cut is harmless
                connection.execute("PRAGMA synchronous = NORMAL")
            connection.execute("PRAGMA busy_timeout = 0")
            try:
                connection.execute("BEGIN IMMEDIATE")
            finally:
                connection.execute(f"PRAGMA busy_timeout = {int(self._busy_timeout * 1000)}")
        except sqlite3.OperationalError:
            if on_file:
                connection.execute("PRAGMA synchronous = FULL")
            return False
        except sqlite3.Error as exc:
            raise self._translated(exc, "saving a checkpoint in") from exc
        try:
            kept = save_checkpoint(connection, SQLITE, checkpoint)
        except BaseException:
            self._rollback()
            raise
        finally:
            if on_file and not connection.in_transaction:
                connection.execute("PRAGMA synchronous = FULL")
        self._commit()
        if on_file:
            connection.execute("PRAGMA synchronous = FULL")
        return kept

    def verify(
        self,
        *,
        expected_head: ChainHead | None = None,
        max_clock_skew: timedelta = MAX_CLOCK_SKEW,
    ) -> VerificationReport:
        """Recompute the hash chain from the first record; see :func:`verify_chain`.

        Then check versions, unhashed columns, checkpoints and recording times (see
        :func:`~govledger.store.verification.audit`). Reads one consistent snapshot, so writers
        may carry on meanwhile. A file too damaged to read raises
        :class:`~govledger.errors.CorruptLedger`.
        """
        connection = self._live()
        if expected_head is not None and not isinstance(expected_head, ChainHead):
            raise UsageError(f"expected_head must be a ChainHead, not {expected_head!r}")
        if connection.in_transaction:
            return verify_chain(self, expected_head=expected_head, max_clock_skew=max_clock_skew)
        with self._errors("verifying"):
            connection.execute("BEGIN")
        try:
            quick = self._quick_verify(connection, expected_head)
            if quick is not None:
                return audit(self, quick, max_clock_skew=max_clock_skew, versions_checked=True)
            return verify_chain(self, expected_head=expected_head, max_clock_skew=max_clock_skew)
        finally:
            self._rollback()

    def check_integrity(self) -> None:
        """Run SQLite's ``PRAGMA quick_check``; raise :class:`~govledger.errors.CorruptLedger`
        if it finds the file damaged (a page overwritten, an index out of step)."""
        connection = self._live()
        try:
            rows = connection.execute("PRAGMA quick_check").fetchall()
        except sqlite3.DatabaseError as exc:
            raise CorruptLedger(
                f"{self._path} is damaged: SQLite's quick_check could not finish ({exc}); "
                f"restore it from a backup. `sqlite3 {self._path} 'PRAGMA integrity_check'` "
                "says what is damaged"
            ) from exc
        found = [str(row[0]) for row in rows]
        if found != ["ok"]:
            shown = "; ".join(found[:3]) + ("; ..." if len(found) > 3 else "")
            raise CorruptLedger(
                f"{self._path} is damaged: SQLite's quick_check reports {shown}. Restore it "
                f"from a backup; `sqlite3 {self._path} 'PRAGMA integrity_check'` says more"
            )

    def _insert_imported(self, connection: sqlite3.Connection, page: list[StoredRecord]) -> None:
        connection.executemany(INSERT, [row_of(record) for record in page])
        if self._searchable and page:
            views.index_appended(connection, page[0].position, page[-1].position)


def migrate(
    path: str | os.PathLike[str],
    *,
    busy_timeout: float = 30.0,
    migrations: Migrations[MigrationStep] = MIGRATIONS,
) -> int:
    """Upgrade the ledger at *path* to this release's schema (*migrations*' latest, see
    :meth:`SQLiteStore.open`); return the schema version.

    Every step runs in one transaction, the hash chain is verified before it commits,
    and on any failure the file is left as it was
    (:class:`~govledger.errors.MigrationFailed`). A ledger already at this schema is
    left alone.
    """
    if check_path(path) == MEMORY:
        raise UsageError("an in-memory ledger is always new; migrate() needs a file path")
    if not os.path.exists(path):
        raise StoreError(f"there is no ledger at {os.fspath(path)} to migrate")
    with SQLiteStore.open(path, busy_timeout=busy_timeout, migrate=True, migrations=migrations):
        return migrations.latest
