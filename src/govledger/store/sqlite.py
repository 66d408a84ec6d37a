"""The SQLite event store: the only code in govledger that talks to SQLite.

One table, ``events``, holds every record of every partnership. Triggers refuse any
UPDATE or DELETE on it, so the log can only grow. ``govledger_meta`` and the
database's ``application_id`` / ``user_version`` say which schema wrote the file, so a
foreign or newer database is refused before anything is written to it.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import UTC, date, datetime
from types import TracebackType
from typing import Final, Literal, get_args

import sqlite_utils

from ..errors import (
    LedgerBusy,
    LedgerClosed,
    NotALedger,
    SchemaVersionError,
    StoreError,
    UsageError,
)
from .base import (
    GENESIS_HASH,
    NewRecord,
    ReadOrder,
    StoredRecord,
    WriteSession,
    iso_timestamp,
    seal,
)

__all__ = ["APPLICATION_ID", "STORE_SCHEMA_VERSION", "SQLiteStore"]

#: Version of the database layout this release reads and writes.
STORE_SCHEMA_VERSION: Final = 1

#: ``PRAGMA application_id`` of every govledger database: ``"GVLG"`` in ASCII.
APPLICATION_ID: Final = 0x47564C47

_MEMORY = ":memory:"
_SQLITE_HEADER = b"SQLite format 3\x00"
_FETCH_SIZE = 256

_COLUMNS = (
    "position, partnership, version, type, schema_version, "
    "effective, recorded_at, payload, prev_hash, hash"
)
_INSERT = f"INSERT INTO events ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
_SELECT = f"SELECT {_COLUMNS} FROM events"
_ORDER_BY: Final[dict[str, str]] = {
    "effective": " ORDER BY effective, position",
    "position": " ORDER BY position",
}
_APPEND_ONLY_TRIGGER = """
CREATE TRIGGER events_refuse_{name}
BEFORE {action} ON events
BEGIN
    SELECT RAISE(ABORT, 'govledger events are append-only: {action} is refused; \
record a correcting event instead');
END
"""

_Row = tuple[int, str, int, str, int, str, str, str, str, str]
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
    ) -> None:
        """Wrap an open *connection*; use :meth:`open`, which also checks the file."""
        self._conn: sqlite3.Connection | None = connection
        self._path = path
        self._clock = clock
        self._busy_timeout = busy_timeout

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str],
        *,
        clock: Callable[[], datetime] | None = None,
        busy_timeout: float = 30.0,
    ) -> SQLiteStore:
        """Open the ledger database at *path*, creating it if it is new or empty.

        ``":memory:"`` gives a private in-memory database. *clock* returns the
        recording time (an aware datetime; by default the system clock in UTC).
        *busy_timeout* is how many seconds to wait for another writer's lock before
        raising :class:`~govledger.errors.LedgerBusy`.

        A file that is not SQLite, or a SQLite database that govledger did not
        create, raises :class:`~govledger.errors.NotALedger`; one written by a
        different schema raises :class:`~govledger.errors.SchemaVersionError`. A
        refused file is never modified.
        """
        name = _check_path(path)
        _check_busy_timeout(busy_timeout)
        if clock is not None and not callable(clock):
            raise UsageError(f"clock must be a function returning a datetime, not {clock!r}")
        in_memory = name == _MEMORY
        if not in_memory:
            _check_file(name)
        try:
            connection = sqlite3.connect(name, isolation_level=None, timeout=busy_timeout)
        except sqlite3.Error as exc:
            raise _translate(exc, path=name, doing="opening", busy_timeout=busy_timeout) from exc
        store = cls(connection, path=name, clock=clock or _system_clock, busy_timeout=busy_timeout)
        try:
            store._prepare(in_memory=in_memory)
        except BaseException:
            store._conn = None
            with suppress(sqlite3.Error):
                connection.close()
            raise
        return store

    @property
    def path(self) -> str:
        """The database file's path, or ``":memory:"``."""
        return self._path

    # ---------------------------------------------------------------- writing

    @contextmanager
    def write(self) -> Iterator[WriteSession]:
        """One transaction holding the write lock until the block ends.

        Inside, read, check and append without a race. The block commits when it
        ends normally and rolls back, writing nothing, if it raises.
        """
        connection = self._live()
        if connection.in_transaction:
            raise UsageError(
                "a write session is already open on this store; finish that "
                "`with store.write()` block before starting another"
            )
        with self._errors("locking for writing"):
            connection.execute("BEGIN IMMEDIATE")
        session = _SQLiteWriteSession(self)
        try:
            yield session
        except BaseException:
            session.end()
            self._rollback()
            raise
        session.end()
        self._commit()

    # ---------------------------------------------------------------- reading

    def read(
        self,
        *,
        partnership: str | None = None,
        until: date | None = None,
        order: ReadOrder = "effective",
        max_position: int | None = None,
        recorded_by: datetime | None = None,
    ) -> Iterator[StoredRecord]:
        """Stream records, optionally filtered; see :meth:`EventStore.read`."""
        connection = self._live()
        clauses: list[str] = []
        params: list[object] = []
        if partnership is not None:
            clauses.append("partnership = ?")
            params.append(_check_partnership(partnership))
        if until is not None:
            clauses.append("effective <= ?")
            params.append(_check_day("until", until).isoformat())
        if max_position is not None:
            clauses.append("position <= ?")
            params.append(_check_position(max_position))
        if recorded_by is not None:
            clauses.append("recorded_at <= ?")
            params.append(iso_timestamp(_check_moment("recorded_by", recorded_by)))
        if order not in get_args(ReadOrder):
            raise UsageError(f"order must be 'effective' or 'position', not {order!r}")
        where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
        return self._query(connection, _SELECT + where + _ORDER_BY[order], params)

    def partnerships(self) -> list[str]:
        """Every partnership with at least one record, sorted."""
        connection = self._live()
        with self._errors("listing partnerships in"):
            rows = connection.execute("SELECT DISTINCT partnership FROM events").fetchall()
        return sorted(str(row[0]) for row in rows)

    def version(self, partnership: str) -> int:
        """How many records *partnership* has (0 if none)."""
        connection = self._live()
        with self._errors("reading a version from"):
            return _version(connection, _check_partnership(partnership))

    def last_position(self) -> int:
        """The position of the last record (0 if the store is empty)."""
        connection = self._live()
        with self._errors("reading the last position from"):
            return _last_position(connection)

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
        return _translate(exc, path=self._path, doing=doing, busy_timeout=self._busy_timeout)

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
                    rows: list[_Row] = cursor.fetchmany(_FETCH_SIZE)
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
                    yield _record(row)
        finally:
            with suppress(sqlite3.Error):
                cursor.close()

    def _prepare(self, *, in_memory: bool) -> None:
        connection = self._live()
        with self._errors("opening"):
            connection.execute("PRAGMA query_only = ON")
            state = self._inspect(connection)
            connection.execute("PRAGMA query_only = OFF")
            connection.execute("PRAGMA foreign_keys = ON")
            if not in_memory:
                connection.execute("PRAGMA journal_mode = WAL")
                connection.execute("PRAGMA synchronous = FULL")
            if state == "empty":
                self._create_schema(connection)

    def _inspect(self, connection: sqlite3.Connection) -> Literal["empty", "ledger"]:
        """Say whether the database is empty or a ledger of this schema; refuse otherwise."""
        application_id = int(connection.execute("PRAGMA application_id").fetchone()[0])
        names = [
            str(row[0])
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        if not names and application_id in (0, APPLICATION_ID):
            return "empty"
        if application_id != APPLICATION_ID or not {"events", "govledger_meta"} <= set(names):
            shown = ", ".join(names[:5]) + (", ..." if len(names) > 5 else "")
            raise NotALedger(
                f"{self._path} is a SQLite database but not a govledger ledger (it holds "
                f"{shown or 'no tables'}); pass a new path to create a ledger"
            )
        found = max(_user_version(connection), _meta_schema_version(connection, self._path))
        if found > STORE_SCHEMA_VERSION:
            raise SchemaVersionError(
                f"{self._path} was written by a newer govledger (schema {found}); "
                "upgrade govledger to open it"
            )
        if found < STORE_SCHEMA_VERSION:
            raise SchemaVersionError(
                f"{self._path} uses ledger schema {found}, older than schema "
                f"{STORE_SCHEMA_VERSION} of this govledger, which cannot upgrade it; open it "
                "with the govledger release that wrote it"
            )
        return "ledger"

    def _create_schema(self, connection: sqlite3.Connection) -> None:
        connection.execute("BEGIN IMMEDIATE")
        try:
            if self._inspect(connection) == "empty":  # another process may have won the race
                _create_tables(connection, created_at=datetime.now(UTC))
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
            _last_position(self._conn)


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
            return _version(connection, _check_partnership(partnership))

    def last_position(self) -> int:
        """The position of the last record (0 if none), this write included."""
        connection = self._connection()
        with self._store._errors("reading the last position from"):
            return _last_position(connection)

    def read(self, partnership: str) -> Iterator[StoredRecord]:
        """The records of *partnership*, ordered by (effective, position)."""
        connection = self._connection()
        sql = _SELECT + " WHERE partnership = ?" + _ORDER_BY["effective"]
        return self._store._query(connection, sql, [_check_partnership(partnership)])

    def append(self, records: Sequence[NewRecord]) -> list[StoredRecord]:
        """Store *records* in the order given, all or none.

        Positions continue from the last one, each partnership's versions from its
        current version, and every record shares one recording time that is never
        earlier than the last record's.
        """
        connection = self._connection()
        batch = [_check_record(record) for record in records]
        if not batch:
            return []
        with self._store._errors("appending to"):
            connection.execute("SAVEPOINT govledger_append")
            try:
                stored = self._seal(connection, batch)
                connection.executemany(_INSERT, [_row(record) for record in stored])
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
                versions[record.partnership] = _version(connection, record.partnership)
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


def _create_tables(connection: sqlite3.Connection, *, created_at: datetime) -> None:
    db = sqlite_utils.Database(connection, recursive_triggers=False, execute_plugins=False)
    events = db.create_table(
        "events",
        {
            "position": int,
            "partnership": str,
            "version": int,
            "type": str,
            "schema_version": int,
            "effective": str,
            "recorded_at": str,
            "payload": str,
            "prev_hash": str,
            "hash": str,
        },
        pk="position",
        not_null=[
            "partnership",
            "version",
            "type",
            "schema_version",
            "effective",
            "recorded_at",
            "payload",
            "prev_hash",
            "hash",
        ],
    )
    events.create_index(
        ["partnership", "version"], index_name="events_partnership_version", unique=True
    )
    events.create_index(
        ["partnership", "effective", "position"], index_name="events_partnership_effective"
    )
    events.create_index(["recorded_at"], index_name="events_recorded_at")
    for action in ("UPDATE", "DELETE"):
        db.execute(_APPEND_ONLY_TRIGGER.format(name=action.lower(), action=action))
    meta = db.create_table(
        "govledger_meta", {"key": str, "value": str}, pk="key", not_null=["key", "value"]
    )
    meta.insert_all(
        [
            {"key": "schema_version", "value": str(STORE_SCHEMA_VERSION)},
            {"key": "created_at", "value": iso_timestamp(created_at)},
        ]
    )
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.execute(f"PRAGMA user_version = {STORE_SCHEMA_VERSION}")


def _user_version(connection: sqlite3.Connection) -> int:
    return int(connection.execute("PRAGMA user_version").fetchone()[0])


def _meta_schema_version(connection: sqlite3.Connection, path: str) -> int:
    row = connection.execute(
        "SELECT value FROM govledger_meta WHERE key = 'schema_version'"
    ).fetchone()
    try:
        return int(row[0])
    except (TypeError, ValueError):
        raise NotALedger(
            f"{path} looks like a govledger ledger but its govledger_meta table has no "
            "valid schema_version, so it is damaged; restore it from a backup"
        ) from None


# -------------------------------------------------------------------- rows


def _version(connection: sqlite3.Connection, partnership: str) -> int:
    row = connection.execute(
        "SELECT COALESCE(MAX(version), 0) FROM events WHERE partnership = ?", (partnership,)
    ).fetchone()
    return int(row[0])


def _last_position(connection: sqlite3.Connection) -> int:
    return int(connection.execute("SELECT COALESCE(MAX(position), 0) FROM events").fetchone()[0])


def _row(record: StoredRecord) -> _Row:
    return (
        record.position,
        record.partnership,
        record.version,
        record.type,
        record.schema_version,
        record.effective.isoformat(),
        iso_timestamp(record.recorded_at),
        record.payload,
        record.prev_hash,
        record.hash,
    )


def _record(row: _Row) -> StoredRecord:
    position, partnership, version, type_, schema_version = row[:5]
    effective, recorded_at, payload, prev_hash, hash_ = row[5:]
    return StoredRecord(
        position=position,
        partnership=partnership,
        version=version,
        type=type_,
        schema_version=schema_version,
        effective=date.fromisoformat(effective),
        recorded_at=datetime.fromisoformat(recorded_at),
        payload=payload,
        prev_hash=prev_hash,
        hash=hash_,
    )


# -------------------------------------------------------------------- checks


def _check_path(path: object) -> str:
    try:
        name = os.fspath(path)  # type: ignore[call-overload]
    except TypeError:
        raise UsageError(
            f"path must be a file path such as 'ledger.db' or ':memory:', not {path!r}"
        ) from None
    if not isinstance(name, str) or not name:
        raise UsageError(
            f"path must be a file path such as 'ledger.db' or ':memory:', not {path!r}"
        )
    return name


def _check_busy_timeout(busy_timeout: object) -> None:
    if isinstance(busy_timeout, bool) or not isinstance(busy_timeout, int | float):
        raise UsageError(f"busy_timeout must be a number of seconds, not {busy_timeout!r}")
    if not busy_timeout >= 0:
        raise UsageError(f"busy_timeout must be 0 or more seconds, not {busy_timeout!r}")


def _check_file(name: str) -> None:
    """Refuse a directory, a missing directory or a non-SQLite file, without writing."""
    if os.path.isdir(name):
        raise StoreError(
            f"{name} is a directory; pass the path of a ledger file, such as "
            f"{os.path.join(name, 'ledger.db')}"
        )
    parent = os.path.dirname(os.path.abspath(name))
    if not os.path.isdir(parent):
        raise StoreError(
            f"cannot create the ledger {name}: the directory {parent} does not exist; "
            "create it first"
        )
    try:
        with open(name, "rb") as file:
            head = file.read(len(_SQLITE_HEADER))
    except FileNotFoundError:
        return
    except OSError as exc:
        raise StoreError(
            f"cannot read {name}: {exc.strerror}; check that you may read and write it"
        ) from exc
    if head and head != _SQLITE_HEADER:
        raise NotALedger(
            f"{name} is not a SQLite database, so it cannot be a govledger ledger; "
            "pass the path of a ledger, or a new path to create one"
        )


def _check_partnership(partnership: object) -> str:
    if not isinstance(partnership, str):
        raise UsageError(f"partnership must be a partnership id string, not {partnership!r}")
    return partnership


def _check_day(name: str, value: object) -> date:
    if isinstance(value, datetime) or not isinstance(value, date):
        raise UsageError(f"{name} must be a datetime.date such as date(2022, 9, 1), not {value!r}")
    return value


def _check_moment(name: str, value: object) -> datetime:
    if not isinstance(value, datetime) or value.utcoffset() is None:
        raise UsageError(
            f"{name} must be a timezone-aware datetime such as "
            f"datetime(2026, 1, 5, 9, 0, tzinfo=UTC), not {value!r}"
        )
    return value


def _check_position(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise UsageError(f"max_position must be a whole number, not {value!r}")
    return value


def _check_text(name: str, value: object, *, empty: bool) -> None:
    if not isinstance(value, str) or (not empty and not value):
        raise UsageError(f"{name} must be a non-empty string, not {value!r}")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise UsageError(
            f"{name} {value!r} holds characters that cannot be stored as UTF-8 "
            "(a lone surrogate); remove them"
        ) from None


def _check_record(record: object) -> NewRecord:
    if not isinstance(record, NewRecord):
        raise UsageError(f"append() takes NewRecord objects, not {record!r}")
    _check_text("partnership", record.partnership, empty=False)
    _check_text("type", record.type, empty=False)
    _check_text("payload", record.payload, empty=True)
    version = record.schema_version
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise UsageError(f"schema_version must be a whole number >= 1, not {version!r}")
    _check_day("effective", record.effective)
    return record


def _translate(exc: sqlite3.Error, *, path: str, doing: str, busy_timeout: float) -> StoreError:
    """Turn a sqlite3 exception into the govledger error that says what to do."""
    code = getattr(exc, "sqlite_errorname", "")
    text = str(exc)
    if code.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "database is locked" in text:
        return LedgerBusy(
            f"{path} stayed locked by another writer for the whole busy timeout "
            f"({busy_timeout:g}s) while {doing} it; try again when the other program has "
            "finished, or open the store with a longer busy_timeout"
        )
    if code == "SQLITE_NOTADB" or "file is not a database" in text:
        return NotALedger(
            f"{path} is not a SQLite database (or it is damaged), so it cannot be a "
            "govledger ledger; pass the path of a ledger, or a new path to create one"
        )
    if code.startswith("SQLITE_READONLY"):
        return StoreError(
            f"{path} is read-only, so govledger could not finish {doing} it; "
            "check the permissions of the file and its directory"
        )
    if code == "SQLITE_FULL":
        return StoreError(f"the disk holding {path} is full; free some space and try again")
    if code.startswith("SQLITE_CANTOPEN"):
        return StoreError(
            f"cannot open {path}: check that its directory exists and that you may "
            "read and write there"
        )
    if isinstance(exc, sqlite3.ProgrammingError) and "thread" in text:
        return StoreError(
            f"the store for {path} was used from a thread other than the one that opened "
            "it; open one store per thread"
        )
    return StoreError(f"SQLite failed while {doing} {path}: {text}")
