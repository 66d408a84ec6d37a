"""What the SQLite and PostgreSQL stores do alike, written once (a private module: theirs).

Both drivers' connections answer ``execute(sql, params).fetchone()``, so the questions
whose only difference is the placeholder live here, in terms of each backend's
:class:`~govledger.store._sql.Dialect`: a record count, the head, dropping checkpoints,
the context manager, and the write session's reads of versions and positions.
"""

from __future__ import annotations

import abc
import functools
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from datetime import date, datetime, timedelta
from types import TracebackType
from typing import Any, ClassVar, Self

import attrs

from ..errors import MigrationFailed, MigrationRequired, SchemaVersionError, UsageError
from ._sql import Dialect, Migrations, find_checkpoint_sql
from .chain import (
    GENESIS_HEAD,
    LEDGER_PARTNERSHIP,
    MAX_CLOCK_SKEW,
    ChainBroken,
    ChainHead,
    ChainProblem,
    ChainRow,
    VerificationReport,
    checkpoint_intact,
)
from .records import Checkpoint, StoredRecord, check_day, check_partnership, check_position
from .verification import walk_chain

__all__ = [
    "SQLBackend",
    "SQLSession",
    "find_checkpoint",
    "last_position_of",
    "record_from",
    "version_of",
]

_LAST_POSITION = "SELECT COALESCE(MAX(position), 0) FROM events"
_HEAD = "SELECT position, hash FROM events ORDER BY position DESC LIMIT 1"


class SQLBackend(abc.ABC):
    """The part of a SQL store that reads the same in both dialects."""

    #: How this backend binds values into SQL.
    dialect: ClassVar[Dialect]
    #: What to do about an older schema when the ledger cannot be written, and when it can.
    upgrade_read_only: ClassVar[str]
    upgrade_how: ClassVar[str]
    _read_only: bool
    _migrations: Migrations[Any]

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
    def _errors(self, doing: str) -> AbstractContextManager[None]:
        """Translate the driver's errors into govledger's, saying what was being *done*."""

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
    #: The query listing every partnership (the ledger's own entries included).
    partnerships_sql: ClassVar[str]
    _v2_from: int

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

    @abc.abstractmethod
    def column_problem(self) -> tuple[int, ChainProblem, str] | None:
        """The first record whose unhashed or cross-record columns are wrong, if any."""

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


#: The checkpoint search of each dialect, built once.
_find_sql = functools.cache(find_checkpoint_sql)


def find_checkpoint(
    connection: Any,
    dialect: Dialect,
    checkpoint_of: Callable[[Any], Checkpoint | None],
    partnership: str,
    kind: str,
    *,
    through: date,
    known_by: int,
    format: str,
) -> Checkpoint | None:
    """The best saved checkpoint for the question (see
    :meth:`~govledger.store.Checkpoints.checkpoint`): the first found that is bound to the
    chain (the JOIN) and whose bytes match its digest."""
    params = (
        check_partnership(partnership),
        kind,
        format,
        dialect.day(check_day("through", through)),
        check_position(known_by),
    )
    for row in connection.execute(_find_sql(dialect), params).fetchall():
        checkpoint = checkpoint_of(row)
        if checkpoint is not None and checkpoint_intact(checkpoint, checkpoint.chain_hash):
            return checkpoint
    return None


def record_from(
    row: Sequence[Any], *, day: Callable[[Any], date], moment: Callable[[Any], datetime]
) -> StoredRecord:
    """An ``events`` row, in the order of the stores' ``SELECT``, as a :class:`StoredRecord`;
    *day* and *moment* read the driver's day and recording-time values."""
    position, partnership, version, type_, schema_version = row[:5]
    effective, recorded_at, payload, prev_hash, hash_, visible_from = row[5:]
    return StoredRecord(
        position=position,
        partnership=partnership,
        version=version,
        type=type_,
        schema_version=schema_version,
        effective=day(effective),
        recorded_at=moment(recorded_at),
        payload=payload,
        prev_hash=prev_hash,
        hash=hash_,
        visible_from=day(visible_from),
    )


def version_of(connection: Any, dialect: Dialect, partnership: str) -> int:
    """How many records *partnership* has, on *connection*."""
    row = connection.execute(
        f"SELECT COALESCE(MAX(version), 0) FROM events WHERE partnership = {dialect.placeholder}",
        (partnership,),
    ).fetchone()
    return int(row[0])


def last_position_of(connection: Any) -> int:
    """The last position on *connection* (0 if there is none)."""
    return int(connection.execute(_LAST_POSITION).fetchone()[0])
