"""What the SQLite and PostgreSQL stores do alike, written once (a private module: theirs).

Both drivers' connections answer ``execute(sql, params).fetchone()`` and ``cursor()``,
so what differs only in the placeholder or in how the driver gives a value back lives
here, in terms of each backend's :class:`~govledger.store._sql.Dialect`: the record
count, the head, the clock, error translation, reading by :class:`Query`, the audit's
questions beyond the chain, the import's outline, streaming rows as records, and the
write session's reads of versions and positions (saved checkpoints are
:mod:`~govledger.store._checkpoints`'). What is left in each backend differs in
meaning, not only in spelling: how a write lock is taken and committed, how a read
is paged, how the chain is read for verification, and what the driver's errors mean.
"""

from __future__ import annotations

import abc
import functools
import itertools
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, date, datetime, timedelta
from types import TracebackType
from typing import Any, ClassVar, Self, TypeVar

import attrs

from ..errors import MigrationFailed, MigrationRequired, SchemaVersionError, StoreError, UsageError
from ._checkpoints import find_checkpoint, save_checkpoint, unreadable_checkpoint
from ._sql import (
    ALL_CHECKPOINTS,
    V2_FROM_KEY,
    WRONG_VERSION,
    Dialect,
    Migrations,
    where_clauses,
)
from .chain import (
    GENESIS_HEAD,
    LEDGER_PARTNERSHIP,
    MAX_CLOCK_SKEW,
    ChainBroken,
    ChainHead,
    ChainProblem,
    ChainRow,
    VerificationReport,
    checked_chain,
)
from .interface import WriteSession
from .records import (
    EVERY_RECORD,
    Checkpoint,
    EntryRow,
    Query,
    StoredRecord,
    check_moment,
    check_partnership,
    check_query,
    check_v2_from,
)
from .verification import column_findings, walk_chain

__all__ = [
    "Clock",
    "SQLBackend",
    "SQLSession",
    "last_position_of",
    "read_clock",
    "version_of",
]

_T = TypeVar("_T")

_LAST_POSITION = "SELECT COALESCE(MAX(position), 0) FROM events"
_HEAD = "SELECT position, hash FROM events ORDER BY position DESC LIMIT 1"

#: A store's recording clock: returns an aware datetime.
Clock = Callable[[], datetime]


def read_clock(clock: Clock) -> datetime:
    """What *clock* says it is, in UTC; ``StoreError`` if it is not an aware datetime."""
    moment = clock()
    if not isinstance(moment, datetime) or moment.utcoffset() is None:
        raise StoreError(
            f"the store's clock returned {moment!r}; it must return a timezone-aware "
            "datetime such as datetime.now(UTC)"
        )
    return moment.astimezone(UTC)


class SQLBackend(abc.ABC):
    """The part of a SQL store that reads the same in both dialects."""

    #: How this backend binds values into SQL.
    dialect: ClassVar[Dialect]
    #: The driver's base exception (``sqlite3.Error``, ``psycopg.Error``).
    driver_error: ClassVar[type[Exception]]
    #: How many records an import writes at a time.
    import_page: ClassVar[int]
    #: What to do about an older schema when the ledger cannot be written, and when it can.
    upgrade_read_only: ClassVar[str]
    upgrade_how: ClassVar[str]
    #: The query listing every partnership (the ledger's own entries included).
    partnerships_sql: ClassVar[str]
    #: The query of the last position recorded at or before a moment (one bound value).
    position_at_sql: ClassVar[str]

    def __init__(
        self,
        connection: Any,
        *,
        busy_timeout: float,
        read_only: bool,
        migrations: Migrations[Any],
    ) -> None:
        #: The open connection (``None`` once closed).
        self._conn: Any = connection
        self._busy_timeout = busy_timeout
        self._read_only = read_only
        #: The schema this store writes and the steps up to it (see :class:`Migrations`).
        self._migrations = migrations
        #: The first position sealed under hash definition 2 (1 unless migrated).
        self._v2_from = 1

    @property
    def read_only(self) -> bool:
        """Whether the ledger was opened read-only: its file, server or role cannot write."""
        return self._read_only

    @property
    @abc.abstractmethod
    def path(self) -> str:
        """Where the ledger is, for messages."""

    @abc.abstractmethod
    def _live(self) -> Any:
        """The open connection; ``LedgerClosed`` once the store is closed."""

    @abc.abstractmethod
    def _translated(self, exc: Any, doing: str) -> StoreError:
        """The driver's error *exc* as govledger's, saying what was being *done*."""

    @contextmanager
    def _errors(self, doing: str) -> Iterator[None]:
        """Translate the driver's errors into govledger's, saying what was being *done*."""
        try:
            yield
        except self.driver_error as exc:
            raise self._translated(exc, doing) from exc

    @abc.abstractmethod
    def write(self) -> AbstractContextManager[WriteSession]:
        """One transaction holding the write lock; see :meth:`EventStore.write`."""

    def __repr__(self) -> str:
        state = "closed" if self._conn is None else "open"
        return f"<{type(self).__name__} {self.path!r} ({state})>"

    @abc.abstractmethod
    def verify(
        self,
        *,
        expected_head: ChainHead | None = None,
        max_clock_skew: timedelta = MAX_CLOCK_SKEW,
    ) -> VerificationReport:
        """Recompute the hash chain (the backend's own walk)."""

    @abc.abstractmethod
    def close(self) -> None:
        """Release the connection."""

    #: What an upgrade that failed leaves as it was: "the file", "the ledger".
    place: ClassVar[str]

    @property
    def hash_v2_from(self) -> int:
        """The first position sealed under hash definition 2 (1 unless the ledger was
        upgraded from an older schema with records in it)."""
        return self._v2_from

    @staticmethod
    @abc.abstractmethod
    def checkpoint_of(row: Any) -> Checkpoint | None:
        """A checkpoint row as the driver gives it (``None`` if too malformed to read)."""

    @abc.abstractmethod
    def chain_rows(self) -> Iterator[ChainRow]:
        """Every record for verification; see :class:`~govledger.store.ChainSource`."""

    def column_problem(self, *, versions: bool = True) -> tuple[int, ChainProblem, str] | None:
        """The first record whose version, unhashed column or hash-definition mark is wrong
        (its version only if *versions*)."""
        connection = self._live()
        dialect = self.dialect
        mark = dialect.placeholder
        with self._errors("verifying"):
            wrong = connection.execute(WRONG_VERSION).fetchone() if versions else None
            edited = connection.execute(
                f"SELECT position, visible_from FROM events WHERE position < {mark} "
                f"AND visible_from <> {mark} ORDER BY position LIMIT 1",
                (self._v2_from, dialect.day(date.min)),
            ).fetchone()
            hash_mark = None
            if self._v2_from > 1:
                hash_mark = connection.execute(
                    f"SELECT partnership, type, payload FROM events WHERE position = {mark}",
                    (self._v2_from,),
                ).fetchone()
            last = last_position_of(connection)
        if edited is not None:
            edited = (edited[0], dialect.day_text(edited[1]))
        return column_findings(
            wrong=wrong, edited=edited, v2_from=self._v2_from, mark=hash_mark, last=last
        )

    def checkpoint_rows(self) -> Iterator[tuple[Checkpoint, str | None, bool]]:
        """Every saved checkpoint, the hash now at its position, and whether it is stale."""
        connection = self._live()
        with self._errors("verifying the checkpoints of"):
            rows = connection.execute(ALL_CHECKPOINTS).fetchall()
        for row in rows:
            checkpoint = self.checkpoint_of(row[:9])
            if checkpoint is None:
                yield unreadable_checkpoint(row), None, True
                continue
            stored = row[9]
            yield checkpoint, (stored if isinstance(stored, str) else None), bool(row[10])

    def clock_ahead(self, limit: datetime) -> tuple[int, datetime] | None:
        """The first record recorded after *limit*, with its recording time."""
        row = self._one(
            "verifying the recording times of",
            f"SELECT position, recorded_at FROM events WHERE recorded_at > "
            f"{self.dialect.placeholder} ORDER BY position LIMIT 1",
            (self.dialect.moment(limit),),
        )
        if row is None:
            return None
        try:
            return int(row[0]), self.dialect.read_moment(row[1])
        except (TypeError, ValueError):  # a recording time edited into something else
            return None

    def locate(self, hash: str) -> int | None:
        """The position of the record whose stored hash is *hash*, if any."""
        row = self._one(
            "verifying",
            f"SELECT position FROM events WHERE hash = {self.dialect.placeholder} "
            "ORDER BY position LIMIT 1",
            (hash,),
        )
        return None if row is None else int(row[0])

    # ---------------------------------------------------------------- importing

    @abc.abstractmethod
    def _insert_imported(self, connection: Any, page: list[StoredRecord]) -> None:
        """Write *page*, records already sealed and checked as a chain, unchanged."""

    def import_records(self, records: Iterable[StoredRecord], *, hash_v2_from: int = 1) -> int:
        """Write *records*, already sealed by another store, into this empty ledger.

        For :func:`govledger.copy.copy_ledger`: every record keeps its position,
        version, recording time and hashes. The ledger must be empty, and the records
        must be one whole chain (see :func:`govledger.store.chain.checked_chain`, which
        re-hashes each one): anything else raises :class:`~govledger.errors.UsageError`
        and writes nothing. One transaction, holding the write lock; returns how many
        records were written.
        """
        v2_from = check_v2_from(hash_v2_from)
        count = 0
        with self.write(), self._errors("importing into"):
            connection = self._live()
            if last_position_of(connection) != 0:
                raise UsageError(
                    f"{self.path} already holds events; records can be imported only "
                    "into an empty ledger"
                )
            chain = checked_chain(records, hash_v2_from=v2_from)
            while page := list(itertools.islice(chain, self.import_page)):
                self._insert_imported(connection, page)
                count += len(page)
            mark = self.dialect.placeholder
            connection.execute(
                f"UPDATE govledger_meta SET value = {mark} WHERE key = {mark}",
                (str(v2_from), V2_FROM_KEY),
            )
        self._v2_from = v2_from
        return count

    def _check_upgraded(self) -> None:
        """Refuse an upgrade after which the chain or the columns no longer verify."""
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
                f"after upgrading {self.path} to schema {self._migrations.latest} its hash "
                f"chain fails at position {report.first_bad_position}: {report.detail}; "
                f"the upgrade was rolled back and {self.place} left as it was"
            )

    def checkpoint(
        self, partnership: str, kind: str, *, through: date, known_by: int, format: str
    ) -> Checkpoint | None:
        """The best saved checkpoint; see :meth:`~govledger.store.Checkpoints.checkpoint`."""
        connection = self._live()
        with self._errors("reading a checkpoint from"):
            return find_checkpoint(
                connection,
                self.dialect,
                self.checkpoint_of,
                partnership,
                kind,
                through=through,
                known_by=known_by,
                format=format,
            )

    def _migration_required(self, found: int) -> SchemaVersionError:
        """Why a ledger of schema *found* cannot be opened as it is, and what to do."""
        older = (
            f"{self.path} uses ledger schema {found}, older than schema "
            f"{self._migrations.latest} of this govledger"
        )
        missing = self._migrations.missing(found)
        if missing is not None:
            return SchemaVersionError(
                f"{older}, which cannot upgrade it (there is no migration from schema "
                f"{missing} to {missing + 1}); open it with the govledger release that wrote it"
            )
        if self._read_only:
            return MigrationRequired(f"{older}, {self.upgrade_read_only}")
        return MigrationRequired(f"{older}; {self.upgrade_how}")

    def read(self, query: Query = EVERY_RECORD) -> Iterator[StoredRecord]:
        """Stream the records *query* asks for; see :meth:`EventStore.read`."""
        return self._rows(query, self.dialect.record_of)

    def entries(self, query: Query = EVERY_RECORD) -> Iterator[EntryRow]:
        """Stream the records *query* asks for as plain tuples; see :meth:`EntryRows.entries`."""
        return self._rows(query, self.dialect.entry_of)

    def containing(self, words: Sequence[str], *, max_position: int) -> Iterator[StoredRecord]:
        """The records up to *max_position* whose payload contains every one of *words*,
        by position; see :meth:`PayloadSearch.containing`."""
        connection = self._live()
        query = check_query(Query(order="position", max_position=max_position))
        clauses, params = where_clauses(query, self.dialect)
        for word in words:
            if not isinstance(word, str):
                raise UsageError(f"a payload is searched for text, not {word!r}")
            clauses.append(self.dialect.contains)
            params.append(word)
        return self._read(connection, query, clauses, params, self.dialect.record_of)

    def _rows(self, query: Query, row_of: Callable[[Any], _T]) -> Iterator[_T]:
        connection = self._live()
        query = check_query(query)
        clauses, params = where_clauses(query, self.dialect)
        return self._read(connection, query, clauses, params, row_of)

    @abc.abstractmethod
    def _read(
        self,
        connection: Any,
        query: Query,
        clauses: list[str],
        params: list[object],
        row_of: Callable[[Any], _T],
    ) -> Iterator[_T]:
        """The rows of *query*, kept by *clauses* (joined with AND) bound to *params*,
        each given as *row_of* makes it of the driver's row."""

    def _one(self, doing: str, sql: str, params: Sequence[object] = ()) -> Any:
        """The first row *sql* gives on the live connection (``None`` if none)."""
        connection = self._live()
        with self._errors(doing):
            return connection.execute(sql, params).fetchone()

    def position_at(self, moment: datetime) -> int:
        """The last position recorded at or before *moment*; see :meth:`EventStore.position_at`."""
        stamp = self.dialect.moment(check_moment("moment", moment))
        row = self._one("reading recording times from", self.position_at_sql, (stamp,))
        return 0 if row is None or row[0] is None else int(row[0])

    def partnerships(self) -> list[str]:
        """Every partnership with at least one record, sorted."""
        connection = self._live()
        with self._errors("listing partnerships in"):
            rows = connection.execute(self.partnerships_sql).fetchall()
        return sorted(str(row[0]) for row in rows if row[0] != LEDGER_PARTNERSHIP)

    def version(self, partnership: str) -> int:
        """How many records *partnership* has (0 if none)."""
        connection = self._live()
        with self._errors("reading a version from"):
            return version_of(connection, self.dialect, check_partnership(partnership))

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
            row = connection.execute(_HEAD).fetchone()
        if row is None:
            return GENESIS_HEAD
        try:
            return ChainHead(row[0], row[1])
        except UsageError:
            report = self.verify()
            if report.ok:
                return report.head
            raise ChainBroken(report, path=self.path) from None

    def drop_checkpoints(
        self, partnership: str | None = None, *, unless_format: str | None = None
    ) -> int:
        """Remove saved checkpoints; see :meth:`~govledger.store.Checkpoints.drop_checkpoints`."""
        connection = self._live()
        if self._read_only:
            return 0
        mark = self.dialect.placeholder
        clauses: list[str] = []
        params: list[object] = []
        if partnership is not None:
            clauses.append(f"partnership = {mark}")
            params.append(check_partnership(partnership))
        if unless_format is not None:
            clauses.append(f"format <> {mark}")
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
            return int(cursor.rowcount)

    def __enter__(self) -> Self:
        self._live()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class SQLSession:
    """The part of a SQL write session that reads the same in both dialects."""

    def __init__(self, store: SQLBackend) -> None:
        self._store = store
        self._ended = False

    def end(self) -> None:
        """Refuse any further use: the transaction behind this session is over."""
        self._ended = True

    def version(self, partnership: str) -> int:
        """How many records *partnership* has (0 if none), this write included."""
        connection = self._connection()
        with self._store._errors("reading a version from"):
            return version_of(connection, self._store.dialect, check_partnership(partnership))

    def last_position(self) -> int:
        """The position of the last record (0 if none), this write included."""
        connection = self._connection()
        with self._store._errors("reading the last position from"):
            return last_position_of(connection)

    def save_checkpoint(self, checkpoint: Checkpoint) -> bool:
        """Keep *checkpoint* in this transaction if it is still exact."""
        connection = self._connection()
        store = self._store
        with store._errors("saving a checkpoint in"):
            return save_checkpoint(connection, store.dialect, checkpoint)

    def checkpoint(
        self, partnership: str, kind: str, *, through: date, known_by: int, format: str
    ) -> Checkpoint | None:
        """The best saved checkpoint, read inside this transaction."""
        connection = self._connection()
        store = self._store
        with store._errors("reading a checkpoint from"):
            return find_checkpoint(
                connection,
                store.dialect,
                store.checkpoint_of,
                partnership,
                kind,
                through=through,
                known_by=known_by,
                format=format,
            )

    def _connection(self) -> Any:
        connection = self._store._live()
        if self._ended:
            raise UsageError(
                "this write session has ended; start a new one with `with store.write() as s:`"
            )
        return connection


def stream_rows(
    fetch: Callable[[], Sequence[Any]],
    live: Callable[[], object],
    row_of: Callable[[Any], _T],
    close: Callable[[], None],
) -> Iterator[_T]:
    """What *row_of* makes of each row *fetch* gives, a page a call until it gives none,
    checking before each row that the store is still open (*live*); *close* runs at the
    end, or when the reader stops early. Each backend's *fetch* says what its driver's
    errors mean (the reads' hot loop, so it takes plain functions, not methods)."""
    try:
        while rows := fetch():
            for row in rows:
                live()
                yield row_of(row)
    finally:
        close()


@functools.cache
def _version_sql(dialect: Dialect) -> str:
    return f"SELECT COALESCE(MAX(version), 0) FROM events WHERE partnership = {dialect.placeholder}"


def version_of(connection: Any, dialect: Dialect, partnership: str) -> int:
    """How many records *partnership* has, on *connection*."""
    return int(connection.execute(_version_sql(dialect), (partnership,)).fetchone()[0])


def last_position_of(connection: Any) -> int:
    """The last position on *connection* (0 if there is none)."""
    return int(connection.execute(_LAST_POSITION).fetchone()[0])
