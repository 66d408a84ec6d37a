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

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import UTC, date, datetime, timedelta
from types import TracebackType
from typing import Any, Final, Literal

import attrs
import psycopg
from psycopg import errors as pg_errors
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict

from ...errors import (
    CorruptLedger,
    GovLedgerError,
    LedgerBusy,
    LedgerClosed,
    MigrationFailed,
    MigrationRequired,
    NotALedger,
    ReadOnlyLedger,
    SchemaVersionError,
    StoreError,
    UsageError,
)
from .._sql import (
    ALL_CHECKPOINTS,
    CHECKPOINT_COLUMNS,
    ORDER_BY,
    POSTGRES,
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
    column_findings,
    verify_chain,
    walk_chain,
)
from .connect import (
    CONNECT_TIMEOUT,
    Connection,
    cannot_write,
    connect,
    describe,
    first_line,
    redacted,
    set_up,
    translate,
)
from .schema import (
    APPLICATION,
    LAST,
    LOCK_CLASS,
    MIGRATIONS,
    NO_VISIBLE_FROM,
    RELATIONS,
    SCHEMA_2_TABLES,
    SCHEMA_3_PARTS,
    SELECT,
    STORE_SCHEMA_VERSION,
    V2_FROM_KEY,
    Row,
    copy_rows,
    last_position_of,
    lock_schema,
    read_v2_from,
    record_of,
    version_of,
)

__all__ = [
    "MIGRATIONS",
    "STORE_SCHEMA_VERSION",
    "PostgresStore",
]


_PAGE = 2_000

_HASHED = (
    "position, partnership, version, type, schema_version, effective, visible_from, "
    "recorded_at, payload"
)
_CHAIN_PAGE = (
    f"SELECT position, prev_hash, hash, {_HASHED} FROM events "
    "WHERE position > %s ORDER BY position LIMIT %s"
)
_FIND_CHECKPOINT: Final = find_checkpoint_sql(POSTGRES)
_STALE_CHECKPOINT: Final = stale_checkpoint_sql(POSTGRES)
_SAVE_CHECKPOINT = (
    f"INSERT INTO checkpoints ({CHECKPOINT_COLUMNS}) "
    "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s) "
    "ON CONFLICT (partnership, kind, format, through, position) DO NOTHING"
)
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

_Clock = Callable[[], datetime]


class PostgresStore:
    """An append-only event store in a PostgreSQL database (or one schema of it).

    Open it with :meth:`open` (or ``Ledger.open("postgresql://...")``). Each store owns
    one connection, used from the thread that opened it; several stores, in as many
    processes and machines as you like, may write the same ledger at once. A store whose
    connection was lost (the server restarted, say) reconnects on its next use. Every
    method raises :class:`~govledger.errors.LedgerClosed` once :meth:`close` has been
    called.
    """

    def __init__(
        self,
        connection: Connection,
        *,
        params: dict[str, Any],
        where: str,
        clock: _Clock | None,
        busy_timeout: float,
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
        #: The first position sealed under hash definition 2 (1 unless migrated).
        self._v2_from = 1

    @classmethod
    def open(
        cls,
        url: str,
        *,
        clock: Callable[[], datetime] | None = None,
        busy_timeout: float = 30.0,
        migrate: bool = False,
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
        )
        try:
            store._prepare(migrate=migrate)
        except BaseException:
            store._abandon()
            raise
        return store

    @property
    def path(self) -> str:
        """Where the ledger is, as a URL without its password (for messages)."""
        return self._where

    @property
    def schema(self) -> str:
        """The database schema holding the ledger's tables."""
        return self._schema

    @property
    def read_only(self) -> bool:
        """Whether the server or the role cannot write, so the ledger is read-only."""
        return self._read_only

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
        session = _PostgresWriteSession(self, connection)
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

    def _busy(self, doing: str) -> LedgerBusy:
        return LedgerBusy(
            f"{self._where} stayed locked by another writer for the whole busy timeout "
            f"({self._busy_timeout:g}s) while {doing} it; try again when the other writer "
            "has finished, or open the store with a longer busy_timeout"
        )

    # ---------------------------------------------------------------- reading

    def read(self, query: Query = EVERY_RECORD) -> Iterator[StoredRecord]:
        """Stream the records *query* asks for; see :meth:`EventStore.read`.

        Records come in pages of a few thousand, each page its own short query, so no
        transaction stays open while the caller iterates, and writes made meanwhile on
        this store or elsewhere are never seen: the read is pinned to the last position
        when it starts. Inside a write session it sees that session's records.
        """
        self._live()
        query = check_query(query)
        clauses, params = where_clauses(query, POSTGRES)
        return self._pages(clauses, params, query.order)

    def _pages(
        self, clauses: list[str], params: list[object], order: str
    ) -> Iterator[StoredRecord]:
        pinned: int | None = None
        key: tuple[object, ...] = ()
        while True:
            connection = self._live_for_reading()
            where = [*clauses, "position <= %s"]
            if order == "effective" and key:
                where.append("(effective, position) > (%s, %s)")
            elif key:
                where.append("position > %s")
            query = f"{SELECT} WHERE {' AND '.join(where)}{ORDER_BY[order]} LIMIT {_PAGE}"
            with self._errors("reading"):
                if pinned is None:
                    pinned = last_position_of(connection)
                rows: list[Row] = connection.execute(query, [*params, pinned, *key]).fetchall()
            for row in rows:
                self._live_for_reading()
                yield record_of(row)
            if len(rows) < _PAGE:
                return
            last = rows[-1]
            key = (last[5], last[0]) if order == "effective" else (last[0],)

    def position_at(self, moment: datetime) -> int:
        """The last position recorded at or before *moment*; see :meth:`EventStore.position_at`.

        One index probe: recording times never decrease with position.
        """
        connection = self._live()
        stamp = check_moment("moment", moment)
        with self._errors("reading recording times from"):
            row = connection.execute(
                "SELECT position FROM events WHERE recorded_at <= %s "
                "ORDER BY recorded_at DESC, position DESC LIMIT 1",
                (stamp,),
            ).fetchone()
        return 0 if row is None else int(row[0])

    def _live_for_reading(self) -> Connection:
        if self._conn is None:
            raise LedgerClosed(
                f"the ledger store {self._where} was closed while it was being read; "
                "open it again to read the rest"
            )
        return self._live()

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

        Waits for no writer: if another transaction holds the write lock, the checkpoint
        is simply not kept.
        """
        connection = self._live()
        if self._read_only or self._writing:
            return False
        if not isinstance(checkpoint, Checkpoint):
            raise UsageError(f"save_checkpoint() takes a Checkpoint, not {checkpoint!r}")
        with self._errors("saving a checkpoint in"), connection.transaction():
            row = connection.execute(
                "SELECT pg_try_advisory_xact_lock(%s)", (self._lock_key,)
            ).fetchone()
            if row is None or not row[0]:
                return False
            return _save_checkpoint(connection, checkpoint)

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
            clauses.append("partnership = %s")
            params.append(check_partnership(partnership))
        if unless_format is not None:
            clauses.append("format <> %s")
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

    # ---------------------------------------------------------------- questions

    def partnerships(self) -> list[str]:
        """Every partnership with at least one record, sorted."""
        connection = self._live()
        with self._errors("listing partnerships in"):
            rows = connection.execute(_PARTNERSHIPS).fetchall()
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
            raise ChainBroken(report, path=self._where) from None

    # ---------------------------------------------------------------- verification

    @property
    def hash_v2_from(self) -> int:
        """The first position sealed under hash definition 2 (1 unless migrated)."""
        return self._v2_from

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

    def column_problem(self) -> tuple[int, ChainProblem, str] | None:
        """The first record whose version, unhashed column or hash-definition mark is wrong."""
        connection = self._live()
        with self._errors("verifying"):
            wrong = connection.execute(WRONG_VERSION).fetchone()
            edited = connection.execute(
                "SELECT position, visible_from FROM events WHERE position < %s "
                "AND visible_from <> %s ORDER BY position LIMIT 1",
                (self._v2_from, NO_VISIBLE_FROM),
            ).fetchone()
            mark = None
            if self._v2_from > 1:
                mark = connection.execute(
                    "SELECT partnership, type, payload FROM events WHERE position = %s",
                    (self._v2_from,),
                ).fetchone()
            last = last_position_of(connection)
        if edited is not None:
            edited = (edited[0], edited[1].isoformat())
        return column_findings(
            wrong=wrong, edited=edited, v2_from=self._v2_from, mark=mark, last=last
        )

    def checkpoint_rows(self) -> Iterator[tuple[Checkpoint, str | None, bool]]:
        """Every saved checkpoint, the hash now at its position, and whether it is stale."""
        connection = self._live()
        with self._errors("verifying the checkpoints of"):
            rows = connection.execute(ALL_CHECKPOINTS).fetchall()
        for row in rows:
            yield _checkpoint(row[:9]), row[9], bool(row[10])

    def clock_ahead(self, limit: datetime) -> tuple[int, datetime] | None:
        """The first record recorded after *limit*, with its recording time."""
        connection = self._live()
        with self._errors("verifying the recording times of"):
            row = connection.execute(
                "SELECT position, recorded_at FROM events WHERE recorded_at > %s "
                "ORDER BY position LIMIT 1",
                (limit,),
            ).fetchone()
        return None if row is None else (int(row[0]), row[1].astimezone(UTC))

    def chain_rows(self) -> Iterator[ChainRow]:
        """Every record as ``(position, prev_hash, hash, canonical bytes)``, by position.

        The bytes are exact (:func:`~govledger.store.canonical_fields` of the typed
        columns), so verification never needs to ask twice.
        """
        after = -(2**63)
        while True:
            connection = self._live()
            with self._errors("verifying"):
                rows = connection.execute(_CHAIN_PAGE, (after, _PAGE)).fetchall()
            for position, prev_hash, hash_, *hashed in rows:
                yield (position, prev_hash, hash_, _canonical(hashed, self._v2_from))
            if len(rows) < _PAGE:
                return
            after = rows[-1][0]

    def exact_canonical(self, position: int) -> bytes:
        """The exact canonical bytes of the record at *position*, from its stored values."""
        connection = self._live()
        with self._errors("verifying"):
            row = connection.execute(
                f"SELECT {_HASHED} FROM events WHERE position = %s", (position,)
            ).fetchone()
        if row is None:
            raise ValueError("it disappeared while the ledger was being verified")
        return _canonical(row, self._v2_from)

    def locate(self, hash: str) -> int | None:
        """The position of the record whose stored hash is *hash*, if any."""
        connection = self._live()
        with self._errors("verifying"):
            row = connection.execute(
                "SELECT position FROM events WHERE hash = %s ORDER BY position LIMIT 1", (hash,)
            ).fetchone()
        return None if row is None else int(row[0])

    # ---------------------------------------------------------------- copying

    def import_records(self, records: Iterable[StoredRecord], *, hash_v2_from: int = 1) -> int:
        """Write *records*, already sealed elsewhere, into this empty ledger, unchanged.

        For :func:`govledger.copy.copy_ledger`: every record keeps its position,
        version, recording time and hashes. The ledger must be empty, and the records
        must run 1, 2, 3, ... and link into one chain from the genesis hash (each is
        re-hashed before it is written): anything else raises
        :class:`~govledger.errors.UsageError` and writes nothing. One transaction,
        holding the write lock; returns how many records were written.
        """
        v2_from = check_v2_from(hash_v2_from)
        with self.write(), self._errors("importing into"):
            connection = self._live()
            count = _import_records(connection, records, where=self._where, v2_from=v2_from)
            connection.execute(
                "UPDATE govledger_meta SET value = %s WHERE key = %s", (str(v2_from), V2_FROM_KEY)
            )
        self._v2_from = v2_from
        return count

    # ---------------------------------------------------------------- lifetime

    def close(self) -> None:
        """Close the connection (rolling back any open write). Closing twice is harmless."""
        connection, self._conn = self._conn, None
        if connection is not None:
            with suppress(psycopg.Error):
                connection.close()

    def __enter__(self) -> PostgresStore:
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

    def _prepare(self, *, migrate: bool) -> None:
        connection = self._live()
        with self._errors("opening"):
            schema = set_up(connection, None)
            if schema is None:
                raise StoreError(
                    f"{self._where}: the connection's search_path names no schema that "
                    "exists, so there is nowhere to keep the ledger; create the schema "
                    "(CREATE SCHEMA name) or fix the URL's options=-csearch_path%3Dname"
                )
            self._schema = schema
            state, found = self._inspect(connection)
            self._read_only = cannot_write(connection, empty=state == "empty")
            if found < STORE_SCHEMA_VERSION and (
                not migrate or self._read_only or _missing_step(found) is not None
            ):
                raise self._migration_required(found)
            if state == "empty":
                if self._read_only:
                    raise ReadOnlyLedger(
                        f"{self._where} holds no ledger yet and cannot be written (a "
                        "standby server, or a role that may not create tables), so it "
                        "cannot become one; connect to the primary, or as its owner"
                    )
                self._create_schema(connection)
            elif found < STORE_SCHEMA_VERSION:
                self._migrate(connection)
            row = connection.execute("SELECT 'events'::regclass::oid::bigint").fetchone()
            self._lock_key = (LOCK_CLASS << 32) | int(row[0] if row else 0)
            self._v2_from = read_v2_from(connection, schema=STORE_SCHEMA_VERSION)

    def _inspect(self, connection: Connection) -> tuple[Literal["empty", "ledger"], int]:
        """Say whether the schema is empty or holds a ledger, and its version; refuse others."""
        names = [str(row[0]) for row in connection.execute(RELATIONS)]
        if not names:
            return "empty", STORE_SCHEMA_VERSION
        meta: dict[str, str] = {}
        if {"events", "govledger_meta"} <= set(names):
            meta = dict(connection.execute("SELECT key, value FROM govledger_meta").fetchall())
        if meta.get("application") != APPLICATION:
            shown = ", ".join(names[:5]) + (", ..." if len(names) > 5 else "")
            raise NotALedger(
                f"schema {self._schema!r} of {self._where} holds tables ({shown}) but not a "
                "govledger ledger; use an empty database, or give the ledger a schema of "
                "its own with ?options=-csearch_path%3D<schema>"
            )
        try:
            found = int(meta["schema_version"])
        except (KeyError, ValueError):
            raise NotALedger(
                f"{self._where} looks like a govledger ledger but its govledger_meta table "
                "has no valid schema_version, so it is damaged; restore it from a backup"
            ) from None
        if found > STORE_SCHEMA_VERSION:
            raise SchemaVersionError(
                f"{self._where} was written by a newer govledger (schema {found}); "
                "upgrade govledger to open it"
            )
        return "ledger", found

    def _create_schema(self, connection: Connection) -> None:
        with connection.transaction():
            lock_schema(connection)
            state, _ = self._inspect(connection)
            if state == "empty":  # another process may have won the race
                connection.execute(SCHEMA_2_TABLES)
                connection.execute(SCHEMA_3_PARTS)
                connection.execute(
                    "INSERT INTO govledger_meta (key, value) VALUES ('application', %s), "
                    "('schema_version', %s), ('created_at', %s), (%s, '1')",
                    (
                        APPLICATION,
                        str(STORE_SCHEMA_VERSION),
                        iso_timestamp(datetime.now(UTC)),
                        V2_FROM_KEY,
                    ),
                )

    def _migration_required(self, found: int) -> SchemaVersionError:
        older = (
            f"{self._where} uses ledger schema {found}, older than schema "
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
                f"{older}, and it cannot be written here, so it cannot be upgraded; "
                "connect to the primary server as the ledger's owner, with migrate=True"
            )
        return MigrationRequired(
            f"{older}; back the database up (pg_dump), then upgrade it once with "
            "Ledger.open(url, migrate=True)"
        )

    def _migrate(self, connection: Connection) -> None:
        """Run every migration step up to this schema in one transaction, or none."""
        with connection.transaction():
            lock_schema(connection)
            _, found = self._inspect(connection)  # another process may have migrated it
            if found < STORE_SCHEMA_VERSION:
                # Re-verify the chain as it was sealed before changing anything.
                self._v2_from = read_v2_from(connection, schema=found)
                before = walk_chain(self)
                if not before.ok:
                    raise MigrationFailed(
                        f"{self._where} was not upgraded: its hash chain fails before the "
                        f"upgrade, at position {before.first_bad_position}: {before.detail}. "
                        "An upgrade never re-seals a broken chain; restore it from a backup"
                    )
            for version in range(found, STORE_SCHEMA_VERSION):
                self._run_step(connection, version)
            connection.execute(
                "UPDATE govledger_meta SET value = %s WHERE key = 'schema_version'",
                (str(STORE_SCHEMA_VERSION),),
            )
            self._v2_from = read_v2_from(connection, schema=STORE_SCHEMA_VERSION)
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
                    f"after upgrading {self._where} to schema {STORE_SCHEMA_VERSION} its hash "
                    f"chain fails at position {report.first_bad_position}: {report.detail}; "
                    "the upgrade was rolled back and the ledger left as it was"
                )

    def _run_step(self, connection: Connection, version: int) -> None:
        step = MIGRATIONS.get(version)
        if step is None:
            raise self._migration_required(version)
        try:
            with connection.transaction():  # a savepoint: a failed step is undone whole
                step(connection)
        except GovLedgerError:
            raise
        except Exception as exc:
            raise MigrationFailed(
                f"upgrading {self._where} from schema {version} to {version + 1} failed "
                f"({type(exc).__name__}: {first_line(exc)}); the upgrade was rolled back "
                "and the ledger left as it was"
            ) from exc
        status = connection.info.transaction_status
        if status != psycopg.pq.TransactionStatus.INTRANS:
            raise MigrationFailed(
                f"the migration step from schema {version} committed on its own, so "
                f"{self._where} may be half upgraded; restore it from your backup, and fix "
                "the step so that it does not commit"
            )


class _PostgresWriteSession:
    """The inside of one :meth:`PostgresStore.write` block."""

    def __init__(self, store: PostgresStore, connection: Connection) -> None:
        self._store = store
        self._connection_ = connection
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
        cursor.itersize = _PAGE
        try:
            with self._store._errors("reading"):
                cursor.execute(query, params)
            while True:
                with self._store._errors("reading"):
                    rows: list[Row] = cursor.fetchmany(_PAGE)
                if not rows:
                    return
                for row in rows:
                    self._connection()
                    yield record_of(row)
        finally:
            with suppress(psycopg.Error):
                cursor.close()

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
        if not isinstance(checkpoint, Checkpoint):
            raise UsageError(f"save_checkpoint() takes a Checkpoint, not {checkpoint!r}")
        with self._store._errors("saving a checkpoint in"):
            return _save_checkpoint(connection, checkpoint)

    def append(self, records: Sequence[NewRecord]) -> list[StoredRecord]:
        """Store *records* in the order given, all or none.

        Positions continue from the last one, each partnership's versions from its
        current version, and every record shares one recording time, read from the
        server once the write lock is held and never earlier than the last record's.
        The rows go to the server with one COPY.
        """
        connection = self._connection()
        batch = [_check_text_record(record) for record in records]
        if not batch:
            return []
        with self._store._errors("appending to"), connection.transaction():
            stored = self._seal(connection, batch)
            copy_rows(connection, stored)
            _drop_stale_checkpoints(connection, batch)
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
            position, prev_hash = 0, GENESIS_HASH
        else:
            position, prev_hash = int(last_position), str(last_hash)
            recorded_at = max(recorded_at, last_recorded.astimezone(UTC))
        names = list(dict.fromkeys(record.partnership for record in batch))
        versions = dict.fromkeys(names, 0)
        versions.update(
            connection.execute(
                "SELECT partnership, max(version) FROM events WHERE partnership = ANY(%s) "
                "GROUP BY partnership",
                (names,),
            ).fetchall()
        )
        stored: list[StoredRecord] = []
        for record in batch:
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

    def _connection(self) -> Connection:
        connection = self._store._live()
        if self._ended:
            raise UsageError(
                "this write session has ended; start a new one with `with store.write() as s:`"
            )
        return connection


# -------------------------------------------------------------------- connecting


def _missing_step(found: int) -> int | None:
    """The first schema version from *found* on that has no registered migration step."""
    return missing_step(found, STORE_SCHEMA_VERSION, MIGRATIONS)


# -------------------------------------------------------------------- rows


def _canonical(hashed: Sequence[Any], v2_from: int) -> bytes:
    """:func:`canonical_fields` of a record read with typed columns, under its definition."""
    position, partnership, version, type_, schema_version = hashed[:5]
    effective, visible_from, recorded_at, payload = hashed[5:]
    if position < v2_from:
        return canonical_fields(
            position,
            partnership,
            type_,
            schema_version,
            effective.isoformat(),
            iso_timestamp(recorded_at),
            payload,
        )
    return canonical_fields(
        position,
        partnership,
        version,
        type_,
        schema_version,
        effective.isoformat(),
        visible_from.isoformat(),
        iso_timestamp(recorded_at),
        payload,
    )


def _import_records(
    connection: Connection, records: Iterable[StoredRecord], *, where: str, v2_from: int
) -> int:
    """COPY *records*, checked as one whole chain, into the empty ledger on *connection*."""
    if last_position_of(connection) != 0:
        raise UsageError(
            f"{where} already holds events; records can be imported only into an empty ledger"
        )
    count = 0
    page: list[StoredRecord] = []
    for record in checked_chain(records, hash_v2_from=v2_from):
        _check_text_record(_as_new(record))
        page.append(record)
        if len(page) >= _PAGE:
            copy_rows(connection, page)
            count += len(page)
            page = []
    copy_rows(connection, page)
    return count + len(page)


def _as_new(record: StoredRecord) -> NewRecord:
    return NewRecord(
        partnership=record.partnership,
        type=record.type,
        schema_version=record.schema_version,
        effective=record.effective,
        payload=record.payload,
    )


def _check_text_record(record: object) -> NewRecord:
    """As the SQLite store's check, and refuse NUL characters, which PostgreSQL text cannot hold."""
    checked = check_record(record)
    for name in ("partnership", "type", "payload"):
        if "\x00" in getattr(checked, name):
            raise UsageError(
                f"{name} holds a NUL character (\\x00), which PostgreSQL cannot store in "
                "text; remove it"
            )
    return checked


# -------------------------------------------------------------------- checkpoints


def _find_checkpoint(
    connection: Connection,
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
        check_day("through", through),
        check_position(known_by),
    )
    for row in connection.execute(_FIND_CHECKPOINT, params).fetchall():
        checkpoint = _checkpoint(row)
        if checkpoint_intact(checkpoint, checkpoint.chain_hash):
            return checkpoint
    return None


def _checkpoint(row: Sequence[Any]) -> Checkpoint:
    return Checkpoint(
        partnership=row[0],
        kind=row[1],
        through=row[2],
        position=int(row[3]),
        format=row[4],
        data=bytes(row[5]),
        entries=int(row[6]),
        chain_hash=row[7],
        digest=row[8],
    )


def _save_checkpoint(connection: Connection, checkpoint: Checkpoint) -> bool:
    stale = connection.execute(
        _STALE_CHECKPOINT, (checkpoint.partnership, checkpoint.position, checkpoint.through)
    ).fetchone()
    if stale is not None:
        return False
    head = connection.execute(
        "SELECT hash FROM events WHERE position = %s", (checkpoint.position,)
    ).fetchone()
    if head is None:
        return False
    chain = str(head[0])
    connection.execute(
        _SAVE_CHECKPOINT,
        (
            checkpoint.partnership,
            checkpoint.kind,
            checkpoint.through,
            checkpoint.position,
            checkpoint.format,
            checkpoint.data,
            checkpoint.entries,
            chain,
            checkpoint_digest(checkpoint, chain),
        ),
    )
    return True


def _drop_stale_checkpoints(connection: Connection, batch: Sequence[NewRecord]) -> None:
    """Drop every checkpoint that a record of *batch* would change."""
    with connection.cursor() as cursor:
        cursor.executemany(
            "DELETE FROM checkpoints WHERE partnership = %s AND through >= %s",
            list(earliest_days(batch).items()),
        )


# -------------------------------------------------------------------- errors
