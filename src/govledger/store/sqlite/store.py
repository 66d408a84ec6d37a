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
import random
import secrets
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import UTC, date, datetime, timedelta
from types import TracebackType
from typing import Final, Literal

import attrs

from ...errors import (
    CorruptLedger,
    GovLedgerError,
    LedgerClosed,
    MigrationFailed,
    MigrationRequired,
    NotALedger,
    ReadOnlyLedger,
    SchemaVersionError,
    StoreError,
    UsageError,
)
from .. import views
from .._sql import (
    ALL_CHECKPOINTS,
    CHECKPOINT_COLUMNS,
    ORDER_BY,
    SQLITE,
    WRONG_VERSION,
    earliest_days,
    find_checkpoint_sql,
    missing_step,
    stale_checkpoint_sql,
    where_clauses,
)
from ..chain import (
    GENESIS_HASH,
    GENESIS_HEAD,
    LEDGER_PARTNERSHIP,
    MAX_CLOCK_SKEW,
    ChainBroken,
    ChainHead,
    ChainProblem,
    ChainRow,
    VerificationReport,
    canonical_fields,
    checked_chain,
    checkpoint_digest,
    checkpoint_intact,
    seal,
)
from ..interface import (
    WriteSession,
)
from ..records import (
    EVERY_RECORD,
    Checkpoint,
    NewRecord,
    Query,
    StoredRecord,
    check_busy_timeout,
    check_clock,
    check_day,
    check_moment,
    check_partnership,
    check_position,
    check_query,
    check_record,
    check_v2_from,
    iso_timestamp,
)
from ..verification import (
    audit,
    column_findings,
    intact_report,
    verify_chain,
    walk_chain,
)
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
    unreadable_value,
    writable,
)
from .schema import (
    INSERT,
    MIGRATIONS,
    SELECT,
    STORE_SCHEMA_VERSION,
    V2_FROM_KEY,
    Row,
    create_tables,
    last_position_of,
    meta_schema_version,
    record_of,
    row_of,
    user_version,
    version_of,
)
from .verify import (
    ALL_V1,
    CHAIN_ROWS_PLAIN,
    CHAIN_ROWS_PLAIN_1,
    EXACT,
    EXACT_1,
    NO_VISIBLE_FROM,
    as_text,
    chain_rows_sql,
    cpus,
    hashed_fields,
    plain_row,
    segment_sql,
    segment_worker,
    walk_segment,
)

__all__ = [
    "APPLICATION_ID",
    "MIGRATIONS",
    "PARALLEL_VERIFY_MIN_EVENTS",
    "STORE_SCHEMA_VERSION",
    "SQLiteStore",
    "migrate",
]


#: A file ledger with at least this many events is verified by two processes at once
#: (this one and a short-lived ``python -I`` worker), when there are two CPUs.
PARALLEL_VERIFY_MIN_EVENTS = 100_000

#: The longest pause between two tries for the write lock, in seconds.
_MAX_WRITE_POLL: Final = 0.004
_FETCH_SIZE = 256
_MIN_POSITION = -(2**63)

_FIND_CHECKPOINT: Final = find_checkpoint_sql(SQLITE)
_STALE_CHECKPOINT: Final = stale_checkpoint_sql(SQLITE)
_SAVE_CHECKPOINT = (
    f"INSERT INTO checkpoints ({CHECKPOINT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_CHECKPOINT_EXISTS = (
    "SELECT 1 FROM checkpoints WHERE partnership = ? AND kind = ? AND format = ? "
    "AND through = ? AND position = ?"
)


_Clock = Callable[[], datetime]


def _system_clock() -> datetime:
    return datetime.now(UTC)


class SQLiteStore:
    """An append-only event store in one SQLite file (or in memory).

    Open it with :meth:`open`. Each store owns one connection, used from the
    thread that opened it. Every method raises
    :class:`~govledger.errors.LedgerClosed` once :meth:`close` has been called.

    >>> with SQLiteStore.open(":memory:") as store:
    ...     store.last_position()
    0
    """

    def __init__(
        self,
        connection: sqlite3.Connection,
        *,
        path: str,
        clock: _Clock,
        busy_timeout: float,
        read_only: bool = False,
        reader: str | None = None,
    ) -> None:
        """Wrap an open *connection*; use :meth:`open`, which also checks the file.

        *reader* is a read-only URI of the same file, for verification workers.
        """
        self._conn: sqlite3.Connection | None = connection
        self._path = path
        self._clock = clock
        self._busy_timeout = busy_timeout
        self._read_only = read_only
        self._reader = reader
        #: The first position sealed under hash definition 2 (1 unless migrated).
        self._v2_from = 1

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str],
        *,
        clock: Callable[[], datetime] | None = None,
        busy_timeout: float = 30.0,
        migrate: bool = False,
        create: bool = False,
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
                cls._create_whole(name, busy_timeout=busy_timeout)
                header = check_file(name, create=create)
            marked = header is not None and header[68:72] == APPLICATION_ID_BYTES
        try:
            store = cls._connect(
                name, clock=clock or _system_clock, busy_timeout=busy_timeout, read_only=read_only
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
    def _create_whole(cls, name: str, *, busy_timeout: float) -> None:
        """Create a new ledger at *name* in one step: build it beside, then link it in.

        Another process opening *name* meanwhile sees either no file or a whole ledger,
        never an empty file. If another process links its ledger first, that one is
        kept. Where the file system has no hard links, the ledger is made in place.
        """
        folder = os.path.dirname(os.path.abspath(name))
        temp = os.path.join(
            folder, f".{os.path.basename(name)}.{os.getpid()}-{secrets.token_hex(4)}.new"
        )
        try:
            os.close(os.open(temp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666))
        except OSError:
            return  # cannot make a file beside it: create in place, as SQLite does
        try:
            store = cls._connect(
                temp, clock=_system_clock, busy_timeout=busy_timeout, read_only=False
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
        cls, name: str, *, clock: _Clock, busy_timeout: float, read_only: bool
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
        )

    @property
    def path(self) -> str:
        """The database file's path, or ``":memory:"``."""
        return self._path

    @property
    def read_only(self) -> bool:
        """Whether the store was opened read-only because its file cannot be written."""
        return self._read_only

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
        session = _SQLiteWriteSession(self)
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
                    time.sleep(min(delay, left) * (0.5 + random.random()))
                    delay = min(delay * 2, _MAX_WRITE_POLL)
            finally:
                connection.execute(f"PRAGMA busy_timeout = {int(self._busy_timeout * 1000)}")

    # ---------------------------------------------------------------- reading

    def read(self, query: Query = EVERY_RECORD) -> Iterator[StoredRecord]:
        """Stream the records *query* asks for; see :meth:`EventStore.read`."""
        connection = self._live()
        query = check_query(query)
        clauses, params = where_clauses(query, SQLITE)
        ordering = ORDER_BY[query.order]
        if query.order == "position" and query.partnership is not None and query.types is None:
            # The same order (versions rise with positions within a partnership), served
            # by the unique (partnership, version) index.
            ordering = " ORDER BY version"
        return self._query(connection, SELECT + _where(clauses) + ordering, params)

    def position_at(self, moment: datetime) -> int:
        """The last position recorded at or before *moment*; see :meth:`EventStore.position_at`."""
        connection = self._live()
        stamp = iso_timestamp(check_moment("moment", moment))
        with self._errors("reading recording times from"):
            row = connection.execute(
                "SELECT COALESCE(MAX(position), 0) FROM events WHERE recorded_at <= ?", (stamp,)
            ).fetchone()
        return int(row[0])

    # ---------------------------------------------------------------- checkpoints

    def checkpoint(
        self, partnership: str, kind: str, *, through: date, known_by: int, format: str
    ) -> Checkpoint | None:
        """The best saved checkpoint; see :meth:`EventStore.checkpoint`."""
        connection = self._live()
        with self._errors("reading a checkpoint from"):
            return _find_checkpoint(connection, partnership, kind, through, known_by, format)

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
            kept = _save_checkpoint(connection, checkpoint)
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

    def drop_checkpoints(
        self, partnership: str | None = None, *, unless_format: str | None = None
    ) -> int:
        """Remove saved checkpoints; see :meth:`EventStore.drop_checkpoints`."""
        connection = self._live()
        if self._read_only:
            return 0
        clauses: list[str] = []
        params: list[object] = []
        if partnership is not None:
            clauses.append("partnership = ?")
            params.append(check_partnership(partnership))
        if unless_format is not None:
            clauses.append("format <> ?")
            params.append(str(unless_format))
        where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
        with self._errors("dropping checkpoints in"):
            if unless_format is not None:  # look first: most opens find nothing to drop
                found = connection.execute(
                    "SELECT 1 FROM checkpoints" + where + " LIMIT 1", params
                ).fetchone()
                if found is None:
                    return 0
            cursor = connection.execute("DELETE FROM checkpoints" + where, params)
            return cursor.rowcount

    def partnerships(self) -> list[str]:
        """Every partnership with at least one record, sorted."""
        connection = self._live()
        with self._errors("listing partnerships in"):
            rows = connection.execute("SELECT DISTINCT partnership FROM events").fetchall()
        return sorted(str(row[0]) for row in rows if row[0] != LEDGER_PARTNERSHIP)

    def version(self, partnership: str) -> int:
        """How many records *partnership* has (0 if none)."""
        connection = self._live()
        with self._errors("reading a version from"):
            return version_of(connection, check_partnership(partnership))

    def last_position(self) -> int:
        """The position of the last record (0 if the store is empty)."""
        connection = self._live()
        with self._errors("reading the last position from"):
            return last_position_of(connection)

    def head(self) -> ChainHead:
        """The position and stored hash of the last record, without verifying anything.

        An empty store's head is :data:`~govledger.store.GENESIS_HEAD`. A head that is
        not even well formed raises :class:`~govledger.errors.ChainBroken`.
        """
        connection = self._live()
        with self._errors("reading the head of"):
            row = connection.execute(
                "SELECT position, hash FROM events ORDER BY position DESC LIMIT 1"
            ).fetchone()
        if row is None:
            return GENESIS_HEAD
        try:
            return ChainHead(row[0], row[1])
        except UsageError:
            report = self.verify()
            if report.ok:
                return report.head
            raise ChainBroken(report, path=self._path) from None

    @property
    def hash_v2_from(self) -> int:
        """The first position sealed under hash definition 2 (1 unless the ledger was
        upgraded from an older schema with records in it)."""
        return self._v2_from

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
            quick = self._verify_in_parallel(connection, expected_head)
            if quick is not None:
                return audit(self, quick, max_clock_skew=max_clock_skew)
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

    # ------------------------------------------------------- audit (beyond the chain)

    def column_problem(self) -> tuple[int, ChainProblem, str] | None:
        """The first record whose version, unhashed column or hash-definition mark is wrong."""
        connection = self._live()
        with self._errors("verifying"):
            wrong = connection.execute(WRONG_VERSION).fetchone()
            edited = connection.execute(
                "SELECT position, visible_from FROM events WHERE position < ? "
                "AND visible_from != ? ORDER BY position LIMIT 1",
                (self._v2_from, NO_VISIBLE_FROM),
            ).fetchone()
            mark = None
            if self._v2_from > 1:
                mark = connection.execute(
                    "SELECT partnership, type, payload FROM events WHERE position = ?",
                    (self._v2_from,),
                ).fetchone()
        return column_findings(
            wrong=wrong,
            edited=edited,
            v2_from=self._v2_from,
            mark=mark,
            last=self.last_position(),
        )

    def checkpoint_rows(self) -> Iterator[tuple[Checkpoint, str | None, bool]]:
        """Every saved checkpoint, the hash now at its position, and whether it is stale."""
        connection = self._live()
        with self._errors("verifying the checkpoints of"):
            rows = connection.execute(ALL_CHECKPOINTS).fetchall()
        for row in rows:
            checkpoint = _checkpoint(row[:9])
            if checkpoint is None:
                yield _unreadable_checkpoint(row), None, True
                continue
            stored = row[9]
            yield checkpoint, (stored if isinstance(stored, str) else None), bool(row[10])

    def clock_ahead(self, limit: datetime) -> tuple[int, datetime] | None:
        """The first record recorded after *limit*, with its recording time."""
        connection = self._live()
        with self._errors("verifying the recording times of"):
            row = connection.execute(
                "SELECT position, recorded_at FROM events WHERE recorded_at > ? "
                "ORDER BY position LIMIT 1",
                (iso_timestamp(limit),),
            ).fetchone()
        if row is None:
            return None
        try:
            return int(row[0]), datetime.fromisoformat(row[1])
        except (TypeError, ValueError):
            return None

    def _verify_in_parallel(
        self, connection: sqlite3.Connection, expected_head: ChainHead | None
    ) -> VerificationReport | None:
        """Check a large intact ledger in two halves at once; ``None`` if that cannot say.

        The second half goes to a worker process. Anything short of both halves
        verifying (a problem, an error, no worker) leaves the verdict and its diagnosis
        to the ordinary walk.
        """
        if self._reader is None or cpus() < 2:
            return None
        try:
            last = last_position_of(connection)
            if last < max(PARALLEL_VERIFY_MIN_EVENTS, 2):
                return None
            middle = last // 2
            row = connection.execute("SELECT hash FROM events WHERE position = ?", (middle,))
            (middle_hash,) = row.fetchone() or ("",)
            worker = segment_worker(
                self._reader,
                segment_sql(self._v2_from),
                after=middle,
                through=last,
                prev=middle_hash,
            )
            if worker is None:
                return None
            try:
                first = walk_segment(
                    connection.execute(segment_sql(self._v2_from), (_MIN_POSITION, middle)),
                    0,
                    GENESIS_HASH,
                )
                output, _ = worker.communicate()
            finally:
                if worker.poll() is None:
                    worker.kill()
                    worker.wait()
            end, end_hash = output.split()
            head = ChainHead(int(end), end_hash)
            watched = connection.execute(
                "SELECT hash FROM events WHERE position = ?",
                (expected_head.position if expected_head else last,),
            ).fetchone()
        except (sqlite3.Error, ValueError, UsageError):
            return None
        if first != (middle, middle_hash) or worker.returncode != 0 or head.position != last:
            return None
        if (
            expected_head is not None
            and expected_head.position > 0
            and (watched is None or watched[0] != expected_head.hash)
        ):
            return None
        return intact_report(head, expected_head=expected_head)

    # ------------------------------------------------------- chain source (verify_chain)

    def chain_rows(self) -> Iterator[ChainRow]:
        """Every record as ``(position, prev_hash, hash, candidate bytes)``, by position.

        A record with a value that cannot be read (text that is not UTF-8, a BLOB where
        text belongs) comes with an empty candidate, so verification judges it exactly.
        """
        connection = self._live()
        sql, plain = chain_rows_sql(self._v2_from), False
        after = _MIN_POSITION
        while True:
            try:
                for row in connection.execute(sql, (after,)):
                    after = row[0]
                    yield plain_row(row, self._v2_from) if plain else row
                return
            except sqlite3.Error as exc:
                if "no such function" in str(exc) and not plain:
                    sql, plain = (  # an SQLite built without JSON
                        CHAIN_ROWS_PLAIN_1 if self._v2_from >= ALL_V1 else CHAIN_ROWS_PLAIN,
                        True,
                    )
                    continue
                if not unreadable_value(exc):
                    raise self._translated(exc, "verifying") from exc
            # The cursor reads ahead, so find the unreadable record one row at a time.
            while True:
                try:
                    row = connection.execute(sql + " LIMIT 1", (after,)).fetchone()
                except sqlite3.Error as exc:
                    if not unreadable_value(exc):
                        raise self._translated(exc, "verifying") from exc
                    row = self._unreadable_row(connection, after)
                    yield row
                    after = row[0]
                    break
                if row is None:
                    return
                yield plain_row(row, self._v2_from) if plain else row
                after = row[0]

    def _unreadable_row(self, connection: sqlite3.Connection, after: int) -> ChainRow:
        """The record after *after* with its hashes as raw text and no candidate."""
        with self._errors("verifying"):
            row = connection.execute(
                "SELECT position, CAST(prev_hash AS BLOB), CAST(hash AS BLOB) FROM events "
                "WHERE position > ? ORDER BY position LIMIT 1",
                (after,),
            ).fetchone()
        if row is None:
            raise CorruptLedger(
                f"{self._path} could not be read past position {after}; restore it from a backup"
            )
        return (int(row[0]), as_text(row[1]), as_text(row[2]), b"")

    def exact_canonical(self, position: int) -> bytes:
        """The exact canonical bytes of the record at *position*, from its stored values."""
        connection = self._live()
        try:
            exact = EXACT_1 if self._v2_from >= ALL_V1 else EXACT
            row = connection.execute(exact, (position,)).fetchone()
        except sqlite3.Error as exc:
            if not unreadable_value(exc):
                raise self._translated(exc, "verifying") from exc
            raise ValueError(f"it holds a value SQLite cannot give back as text ({exc})") from None
        if row is None:
            raise ValueError("it disappeared while the ledger was being verified")
        return canonical_fields(*hashed_fields(row, self._v2_from))

    def locate(self, hash: str) -> int | None:
        """The position of the record whose stored hash is *hash*, if any."""
        connection = self._live()
        with self._errors("verifying"):
            row = connection.execute(
                "SELECT position FROM events WHERE hash = ? ORDER BY position LIMIT 1", (hash,)
            ).fetchone()
        return None if row is None else int(row[0])

    def snapshot_bytes(self) -> bytes:
        """The whole database as bytes, as SQLite would write it to a file."""
        connection = self._live()
        with self._errors("serialising"):
            return connection.serialize()

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

    def __enter__(self) -> SQLiteStore:
        self._live()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "closed" if self._conn is None else "open"
        return f"<SQLiteStore {self._path!r} ({state})>"

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
        moment = self._clock()
        if not isinstance(moment, datetime) or moment.utcoffset() is None:
            raise StoreError(
                f"the store's clock returned {moment!r}; it must return a timezone-aware "
                "datetime such as datetime.now(UTC)"
            )
        return moment.astimezone(UTC)

    def _translated(self, exc: sqlite3.Error, doing: str) -> StoreError:
        return translate(exc, path=self._path, doing=doing, busy_timeout=self._busy_timeout)

    @contextmanager
    def _errors(self, doing: str) -> Iterator[None]:
        try:
            yield
        except sqlite3.Error as exc:
            raise self._translated(exc, doing) from exc

    def _query(
        self, connection: sqlite3.Connection, sql: str, params: Sequence[object]
    ) -> Iterator[StoredRecord]:
        with self._errors("reading"):
            cursor = connection.execute(sql, params)
        return self._stream(cursor)

    def _stream(self, cursor: sqlite3.Cursor) -> Iterator[StoredRecord]:
        try:
            while True:
                try:
                    rows: list[Row] = cursor.fetchmany(_FETCH_SIZE)
                except sqlite3.Error as exc:
                    if self._conn is None:
                        raise LedgerClosed(
                            f"the ledger store {self._path!r} was closed while it was "
                            "being read; open it again to read the rest"
                        ) from exc
                    raise self._translated(exc, "reading") from exc
                if not rows:
                    return
                for row in rows:
                    self._live()
                    yield record_of(row)
        finally:
            with suppress(sqlite3.Error):
                cursor.close()

    def _prepare(self, *, in_memory: bool, migrate: bool) -> None:
        connection = self._live()
        with self._errors("opening"):
            connection.execute("PRAGMA query_only = ON")
            state, found = self._inspect(connection)
            if found < STORE_SCHEMA_VERSION and (
                not migrate or self._read_only or _missing_step(found) is not None
            ):
                raise self._migration_required(found)
            if self._read_only:
                if state == "empty":
                    raise ReadOnlyLedger(
                        f"{self._path} is empty and cannot be written, so it cannot become a "
                        "ledger; check its permissions and those of its directory"
                    )
                self._v2_from = self._read_v2_from(connection)
                return
            connection.execute("PRAGMA query_only = OFF")
            connection.execute("PRAGMA foreign_keys = ON")
            if not in_memory:
                # Switching to WAL needs the database to itself; WAL persists in the file, so
                # ask only when it is not WAL yet, or an opener can starve behind busy writers.
                mode = str(connection.execute("PRAGMA journal_mode").fetchone()[0])
                if mode.lower() != "wal":
                    self._switch_to_wal(connection)
                connection.execute("PRAGMA synchronous = FULL")
            if state == "empty":
                self._create_schema(connection)
            elif found < STORE_SCHEMA_VERSION:
                self._migrate(connection)
            self._v2_from = self._read_v2_from(connection)
            if not in_memory:  # readable SQL views for other SQLite clients (store/views.py)
                views.ensure(connection)

    def _switch_to_wal(self, connection: sqlite3.Connection) -> None:
        """Turn WAL on, waiting as long as the busy timeout allows.

        SQLite answers "database is locked" at once, without its busy handler, when
        another connection holds the file while the journal mode changes: processes
        creating one new ledger together hit it. Retry until the busy timeout.
        """
        deadline = time.monotonic() + self._busy_timeout
        delay = 0.001
        while True:
            try:
                connection.execute("PRAGMA journal_mode = WAL")
                return
            except sqlite3.OperationalError as exc:
                if "database is locked" not in str(exc) or time.monotonic() >= deadline:
                    raise
            time.sleep(delay)
            delay = min(delay * 2, 0.05)

    def _read_v2_from(self, connection: sqlite3.Connection, *, schema: int | None = None) -> int:
        """The first position hashed under definition 2, from ``govledger_meta``.

        A ledger of an older *schema* sealed every record under definition 1.
        """
        if schema is None:
            schema = max(user_version(connection), meta_schema_version(connection, self._path))
        if schema < 3:
            return ALL_V1
        row = connection.execute(
            "SELECT value FROM govledger_meta WHERE key = ?", (V2_FROM_KEY,)
        ).fetchone()
        try:
            return max(1, int(row[0]))
        except (TypeError, ValueError):
            return 1  # the strictest reading: every record under definition 2

    def _migration_required(self, found: int) -> SchemaVersionError:
        older = (
            f"{self._path} uses ledger schema {found}, older than schema "
            f"{STORE_SCHEMA_VERSION} of this govledger"
        )
        missing = _missing_step(found)
        if missing is not None:
            return SchemaVersionError(
                f"{older}, which cannot upgrade it (there is no migration from schema "
                f"{missing} to {missing + 1}); open it with the govledger release that wrote it"
            )
        if self._read_only:
            return MigrationRequired(
                f"{older}, and it cannot be written, so it cannot be upgraded here; copy it "
                "somewhere writable and open the copy with Ledger.open(path, migrate=True)"
            )
        return MigrationRequired(
            f"{older}; back the file up, then upgrade it once with "
            "Ledger.open(path, migrate=True) or govledger.store.migrate(path)"
        )

    def _migrate(self, connection: sqlite3.Connection) -> None:
        """Run every migration step up to this schema in one transaction, or none."""
        connection.execute("BEGIN IMMEDIATE")
        try:
            _, found = self._inspect(connection)  # another process may have migrated it
            views.drop(connection)  # reinstalled after the upgrade, over the new tables
            if found < STORE_SCHEMA_VERSION:
                # Re-verify the chain as it was sealed before changing anything.
                self._v2_from = self._read_v2_from(connection, schema=found)
                before = walk_chain(self)
                if not before.ok:
                    raise MigrationFailed(
                        f"{self._path} was not upgraded: its hash chain fails before the "
                        f"upgrade, at position {before.first_bad_position}: {before.detail}. "
                        "An upgrade never re-seals a broken chain; restore the file from a "
                        "backup first"
                    )
            for version in range(found, STORE_SCHEMA_VERSION):
                self._run_step(connection, version)
            connection.execute(f"PRAGMA user_version = {STORE_SCHEMA_VERSION}")
            connection.execute(
                "UPDATE govledger_meta SET value = ? WHERE key = 'schema_version'",
                (str(STORE_SCHEMA_VERSION),),
            )
            self._v2_from = self._read_v2_from(connection)
            report = walk_chain(self)
            if report.ok:
                found_problem = self.column_problem()
                if found_problem is not None:
                    at, problem, detail = found_problem
                    report = attrs.evolve(
                        report, ok=False, first_bad_position=at, problem=problem, detail=detail
                    )
            if not report.ok:
                raise MigrationFailed(
                    f"after upgrading {self._path} to schema {STORE_SCHEMA_VERSION} its hash "
                    f"chain fails at position {report.first_bad_position}: {report.detail}; "
                    "the upgrade was rolled back and the file left as it was"
                )
            connection.execute("COMMIT")
        except BaseException:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            raise

    def _run_step(self, connection: sqlite3.Connection, version: int) -> None:
        step = MIGRATIONS.get(version)
        if step is None:
            raise self._migration_required(version)
        try:
            step(connection)
        except GovLedgerError:
            raise
        except Exception as exc:
            raise MigrationFailed(
                f"upgrading {self._path} from schema {version} to {version + 1} failed "
                f"({type(exc).__name__}: {exc}); the upgrade was rolled back and the file "
                "left as it was"
            ) from exc
        if not connection.in_transaction:
            raise MigrationFailed(
                f"the migration step from schema {version} committed on its own, so "
                f"{self._path} may be half upgraded; restore it from your backup, and fix "
                "the step so that it neither commits nor calls executescript()"
            )

    def _inspect(self, connection: sqlite3.Connection) -> tuple[Literal["empty", "ledger"], int]:
        """Say whether the database is empty or a ledger, and its schema; refuse others.

        The header and the table list are two reads: another process creating the
        ledger in between would make a new ledger look foreign. Creation is one
        transaction, so a file refused outside a transaction is read once more, when
        both reads come after it. (A read transaction around the two reads was tried
        first; with it, processes creating one new file together once waited out the
        whole busy timeout on each other's locks.)
        """
        try:
            return self._inspect_snapshot(connection)
        except NotALedger:
            if connection.in_transaction:
                raise
            return self._inspect_snapshot(connection)

    def _inspect_snapshot(
        self, connection: sqlite3.Connection
    ) -> tuple[Literal["empty", "ledger"], int]:
        application_id = int(connection.execute("PRAGMA application_id").fetchone()[0])
        names = [
            str(row[0])
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        if not names and application_id in (0, APPLICATION_ID):
            return "empty", STORE_SCHEMA_VERSION
        if application_id != APPLICATION_ID or not {"events", "govledger_meta"} <= set(names):
            shown = ", ".join(names[:5]) + (", ..." if len(names) > 5 else "")
            raise NotALedger(
                f"{self._path} is a SQLite database but not a govledger ledger (it holds "
                f"{shown or 'no tables'}); pass a new path to create a ledger"
            )
        found = max(user_version(connection), meta_schema_version(connection, self._path))
        if found > STORE_SCHEMA_VERSION:
            raise SchemaVersionError(
                f"{self._path} was written by a newer govledger (schema {found}); "
                "upgrade govledger to open it"
            )
        return "ledger", found

    def _create_schema(self, connection: sqlite3.Connection) -> None:
        connection.execute("BEGIN IMMEDIATE")
        try:
            state, _ = self._inspect(connection)
            if state == "empty":  # another process may have won the race
                create_tables(
                    connection, created_at=datetime.now(UTC), version=STORE_SCHEMA_VERSION
                )
            connection.execute("COMMIT")
        except BaseException:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            raise

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

    def import_records(self, records: Iterable[StoredRecord], *, hash_v2_from: int = 1) -> int:
        """Write *records*, already sealed by another store, into this empty ledger.

        For :func:`govledger.copy.copy_ledger`: every record keeps its position,
        version, recording time and hashes. The ledger must be empty, and the records
        must be one whole chain (see :func:`govledger.store.chain.checked_chain`, which
        re-hashes each one): anything else raises :class:`~govledger.errors.UsageError`
        and writes nothing. One transaction; returns how many records were written.
        """
        import itertools

        count = 0
        with self.write():
            connection = self._live()
            with self._errors("importing into"):
                if last_position_of(connection) != 0:
                    raise UsageError(
                        f"{self._path} already holds events; records can be imported only "
                        "into an empty ledger"
                    )
                v2_from = check_v2_from(hash_v2_from)
                chain = checked_chain(records, hash_v2_from=v2_from)
                while page := list(itertools.islice(chain, _FETCH_SIZE * 8)):
                    connection.executemany(INSERT, [row_of(record) for record in page])
                    count += len(page)
                connection.execute(
                    "UPDATE govledger_meta SET value = ? WHERE key = ?",
                    (str(v2_from), V2_FROM_KEY),
                )
            self._v2_from = v2_from
        return count


class _SQLiteWriteSession:
    """The inside of one :meth:`SQLiteStore.write` block."""

    def __init__(self, store: SQLiteStore) -> None:
        self._store = store
        self._ended = False

    def end(self) -> None:
        """Refuse any further use: the transaction behind this session is over."""
        self._ended = True

    def version(self, partnership: str) -> int:
        """How many records *partnership* has (0 if none), this write included."""
        connection = self._connection()
        with self._store._errors("reading a version from"):
            return version_of(connection, check_partnership(partnership))

    def last_position(self) -> int:
        """The position of the last record (0 if none), this write included."""
        connection = self._connection()
        with self._store._errors("reading the last position from"):
            return last_position_of(connection)

    def read(self, query: Query) -> Iterator[StoredRecord]:
        """The records *query* asks for, this write's own records included."""
        connection = self._connection()
        clauses, params = where_clauses(check_query(query), SQLITE)
        return self._store._query(
            connection, SELECT + _where(clauses) + ORDER_BY[query.order], params
        )

    def checkpoint(
        self, partnership: str, kind: str, *, through: date, known_by: int, format: str
    ) -> Checkpoint | None:
        """The best saved checkpoint, read inside this transaction."""
        connection = self._connection()
        with self._store._errors("reading a checkpoint from"):
            return _find_checkpoint(connection, partnership, kind, through, known_by, format)

    def save_checkpoint(self, checkpoint: Checkpoint) -> bool:
        """Keep *checkpoint* in this transaction if it is still exact."""
        connection = self._connection()
        with self._store._errors("saving a checkpoint in"):
            return _save_checkpoint(connection, checkpoint)

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
                _drop_stale_checkpoints(connection, batch)
            except BaseException:
                connection.execute("ROLLBACK TO govledger_append")
                connection.execute("RELEASE govledger_append")
                raise
            connection.execute("RELEASE govledger_append")
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
        versions: dict[str, int] = {}
        stored: list[StoredRecord] = []
        for record in batch:
            if record.partnership not in versions:
                versions[record.partnership] = version_of(connection, record.partnership)
            versions[record.partnership] += 1
            position += 1
            sealed = seal(
                record,
                position=position,
                version=versions[record.partnership],
                recorded_at=recorded_at,
                prev_hash=prev_hash,
            )
            stored.append(sealed)
            prev_hash = sealed.hash
        return stored

    def _connection(self) -> sqlite3.Connection:
        connection = self._store._live()
        if self._ended:
            raise UsageError(
                "this write session has ended; start a new one with `with store.write() as s:`"
            )
        return connection


# -------------------------------------------------------------------- schema


def _missing_step(found: int) -> int | None:
    """The first schema version from *found* on that has no registered migration step."""
    return missing_step(found, STORE_SCHEMA_VERSION, MIGRATIONS)


def migrate(path: str | os.PathLike[str], *, busy_timeout: float = 30.0) -> int:
    """Upgrade the ledger at *path* to this release's schema; return the schema version.

    Every step runs in one transaction, the hash chain is verified before it commits,
    and on any failure the file is left as it was
    (:class:`~govledger.errors.MigrationFailed`). A ledger already at this schema is
    left alone.
    """
    if check_path(path) == MEMORY:
        raise UsageError("an in-memory ledger is always new; migrate() needs a file path")
    if not os.path.exists(path):
        raise StoreError(f"there is no ledger at {os.fspath(path)} to migrate")
    with SQLiteStore.open(path, busy_timeout=busy_timeout, migrate=True):
        return STORE_SCHEMA_VERSION


# -------------------------------------------------------------------- rows


# -------------------------------------------------------------------- checkpoints


def _find_checkpoint(
    connection: sqlite3.Connection,
    partnership: str,
    kind: str,
    through: date,
    known_by: int,
    format: str,
) -> Checkpoint | None:
    params = (
        check_partnership(partnership),
        kind,
        format,
        check_day("through", through).isoformat(),
        check_position(known_by),
    )
    for row in connection.execute(_FIND_CHECKPOINT, params).fetchall():
        checkpoint = _checkpoint(row)
        # Only a checkpoint bound to the chain (the JOIN) whose bytes match its digest.
        if checkpoint is not None and checkpoint_intact(checkpoint, checkpoint.chain_hash):
            return checkpoint
    return None


def _checkpoint(row: Sequence[object]) -> Checkpoint | None:
    """A checkpoint row as a :class:`Checkpoint`; ``None`` if its values are malformed."""
    try:
        partnership, kind, through, position, format_, data, entries, chain, digest = row
        if not (
            isinstance(partnership, str)
            and isinstance(kind, str)
            and isinstance(through, str)
            and isinstance(position, int)
            and isinstance(format_, str)
            and isinstance(data, bytes)
            and isinstance(entries, int)
            and isinstance(chain, str)
            and isinstance(digest, str)
        ):
            return None
        return Checkpoint(
            partnership=partnership,
            kind=kind,
            through=date.fromisoformat(through),
            position=position,
            format=format_,
            data=data,
            entries=entries,
            chain_hash=chain,
            digest=digest,
        )
    except (TypeError, ValueError):
        return None


def _unreadable_checkpoint(row: Sequence[object]) -> Checkpoint:
    """A stand-in naming a checkpoint row too malformed to read, for reports."""
    try:
        through = date.fromisoformat(str(row[2]))
    except ValueError:
        through = date.min
    position = row[3] if isinstance(row[3], int) else -1
    return Checkpoint(
        partnership=str(row[0]),
        kind=str(row[1]),
        through=through,
        position=position,
        format=str(row[4]),
        data=b"",
    )


def _save_checkpoint(connection: sqlite3.Connection, checkpoint: Checkpoint) -> bool:
    if not isinstance(checkpoint, Checkpoint):
        raise UsageError(f"save_checkpoint() takes a Checkpoint, not {checkpoint!r}")
    through = checkpoint.through.isoformat()
    stale = connection.execute(
        _STALE_CHECKPOINT, (checkpoint.partnership, checkpoint.position, through)
    ).fetchone()
    if stale is not None:
        return False
    head = connection.execute(
        "SELECT hash FROM events WHERE position = ?", (checkpoint.position,)
    ).fetchone()
    if head is None:
        return False
    key = (checkpoint.partnership, checkpoint.kind, checkpoint.format, through, checkpoint.position)
    if connection.execute(_CHECKPOINT_EXISTS, key).fetchone() is not None:
        return True  # the same fold of the same entries: already kept
    chain = str(head[0])
    digest = checkpoint_digest(checkpoint, chain)
    connection.execute(
        _SAVE_CHECKPOINT,
        (
            checkpoint.partnership,
            checkpoint.kind,
            through,
            checkpoint.position,
            checkpoint.format,
            checkpoint.data,
            checkpoint.entries,
            chain,
            digest,
        ),
    )
    return True


def _drop_stale_checkpoints(connection: sqlite3.Connection, batch: Sequence[NewRecord]) -> None:
    """Drop every checkpoint that a record of *batch* would change."""
    connection.executemany(
        "DELETE FROM checkpoints WHERE partnership = ? AND through >= ?",
        [(partnership, day.isoformat()) for partnership, day in earliest_days(batch).items()],
    )


# -------------------------------------------------------------------- checks


def _where(clauses: list[str]) -> str:
    return f" WHERE {' AND '.join(clauses)}" if clauses else ""
