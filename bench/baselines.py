"""The same work as govledger, done by plain ``sqlite3`` and by the ``eventsourcing`` library.

Every implementation of :class:`Subject` stores the generated ledger's rows (the same
canonical JSON payloads, in the same order), reads them back and answers the same
questions, so the runner can time each piece of work side by side and check first that
the answers agree.

- :class:`PlainSQLite` is the floor of what SQLite can do from Python: a table with the
  same columns and indexes as govledger's, ``executemany`` of the rows, no validation,
  no hash chain; reading is ``json.loads`` of each payload; verifying is recomputing a
  SHA-256 chain over the rows in Python.
- :class:`EventSourcingLibrary` is the ``eventsourcing`` library's SQLite persistence:
  one aggregate per partnership whose events carry the payload; replay is
  ``repository.get`` of each aggregate; the state on a date is ``repository.get`` at the
  version of the partnership's last event on or before that date.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import os
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol
from uuid import NAMESPACE_URL, UUID, uuid5

from bench.generate import GeneratedLedger, Row

if TYPE_CHECKING:
    from eventsourcing.application import Application

__all__ = [
    "EventSourcingLibrary",
    "PlainSQLite",
    "Subject",
    "database_bytes",
    "eventsourcing_available",
]


class Subject(Protocol):
    """One implementation under test: a database file it writes and reads."""

    #: A short name for tables and the JSON report.
    name: str

    def create(self, path: Path) -> None:
        """Start an empty database at *path* (which does not exist yet)."""

    def append_each(self, rows: Sequence[Row], ledger: GeneratedLedger) -> None:
        """Append *rows* one per transaction, in order."""

    def append_batched(self, ledger: GeneratedLedger, batch: int) -> None:
        """Append every row of *ledger*, *batch* rows per transaction."""

    def open(self, path: Path, *, checkpoints: bool) -> None:
        """Open the existing database at *path* for reading."""

    def replay(self, partnerships: Sequence[str], until: date) -> int:
        """Rebuild every partnership from all its events (all in effect by *until*).

        Returns how many events were read.
        """

    def state_as_of(self, partnership: str, day: date) -> object:
        """The partnership as it stood on *day* (whatever form this implementation has)."""

    def stream(self, partnerships: Sequence[str]) -> int:
        """Stream every event of the ledger, partnership by partnership; return the count."""

    def verify(self) -> int:
        """Recompute the integrity check of the whole ledger; return the events checked."""

    def size_bytes(self) -> int:
        """Bytes the last database created or opened takes on disk (after :meth:`close`)."""

    def counts(self) -> dict[str, int]:
        """How many events each partnership has."""

    def count_until(self, partnership: str, day: date) -> int:
        """How many of the partnership's events are in effect on or before *day*."""

    def payloads(self, positions: Sequence[int]) -> list[str]:
        """The canonical JSON payload of the events at these 1-based append positions."""

    def close(self) -> None:
        """Close whatever is open."""


def database_bytes(path: Path) -> int:
    """Bytes on disk of the SQLite database at *path*, with its WAL and shared memory."""
    total = 0
    for suffix in ("", "-wal", "-shm", "-journal"):
        candidate = Path(f"{path}{suffix}")
        if candidate.exists():
            total += candidate.stat().st_size
    return total


def _canonical(data: object) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


# --------------------------------------------------------------------------- plain sqlite3

_PLAIN_SCHEMA = """
CREATE TABLE events (
    position INTEGER PRIMARY KEY,
    partnership TEXT NOT NULL,
    version INTEGER NOT NULL,
    type TEXT NOT NULL,
    schema_version INTEGER NOT NULL,
    effective TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    payload TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE UNIQUE INDEX events_partnership_version ON events (partnership, version);
CREATE INDEX events_partnership_effective ON events (partnership, effective, position);
CREATE INDEX events_recorded_at ON events (recorded_at);
"""

_PLAIN_INSERT = (
    "INSERT INTO events (position, partnership, version, type, schema_version, effective, "
    "recorded_at, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, '', '')"
)

_ZERO_HASH = "0" * 64


class PlainSQLite:
    """Hand-rolled SQLite: the same table and indexes, no validation and no hash chain.

    The connection uses govledger's durability settings (WAL, ``synchronous = FULL``),
    so the difference in the figures is the work each does, not how safely it writes.
    """

    name = "sqlite3"

    def __init__(self) -> None:
        self._connection: sqlite3.Connection | None = None
        self._path: Path | None = None
        self._versions: dict[str, int] = {}
        self._position = 0

    @property
    def _db(self) -> sqlite3.Connection:
        if self._connection is None:
            raise RuntimeError("PlainSQLite is not open: call create() or open() first")
        return self._connection

    def _connect(self, path: Path) -> None:
        self.close()
        self._path = path
        self._connection = sqlite3.connect(path, isolation_level=None)
        self._connection.execute("PRAGMA journal_mode = WAL")
        self._connection.execute("PRAGMA synchronous = FULL")

    def create(self, path: Path) -> None:
        """Create the table and its indexes in a new database at *path*."""
        self._connect(path)
        self._db.executescript(_PLAIN_SCHEMA)
        self._versions = {}
        self._position = 0

    def _values(self, rows: Sequence[Row]) -> list[tuple[object, ...]]:
        now = datetime.now(UTC).isoformat(timespec="microseconds")
        values: list[tuple[object, ...]] = []
        for row in rows:
            self._position += 1
            version = self._versions.get(row.partnership, 0) + 1
            self._versions[row.partnership] = version
            values.append(
                (
                    self._position,
                    row.partnership,
                    version,
                    row.type,
                    row.schema_version,
                    row.effective,
                    now,
                    row.payload,
                )
            )
        return values

    def append_each(self, rows: Sequence[Row], ledger: GeneratedLedger) -> None:
        """One ``INSERT`` per transaction."""
        db = self._db
        for row in rows:
            (values,) = self._values([row])
            db.execute("BEGIN IMMEDIATE")
            db.execute(_PLAIN_INSERT, values)
            db.execute("COMMIT")

    def append_batched(self, ledger: GeneratedLedger, batch: int) -> None:
        """One ``executemany`` per batch, one transaction each."""
        db = self._db
        rows = ledger.rows
        for start in range(0, len(rows), batch):
            values = self._values(rows[start : start + batch])
            db.execute("BEGIN IMMEDIATE")
            db.executemany(_PLAIN_INSERT, values)
            db.execute("COMMIT")

    def open(self, path: Path, *, checkpoints: bool) -> None:
        """Open the database at *path* (there are no checkpoints to turn on or off)."""
        self._connect(path)

    def replay(self, partnerships: Sequence[str], until: date) -> int:
        """Read each partnership's rows in effective order and ``json.loads`` them."""
        db, loads, read = self._db, json.loads, 0
        for partnership in partnerships:
            for (payload,) in db.execute(
                "SELECT payload FROM events WHERE partnership = ? ORDER BY effective, position",
                (partnership,),
            ):
                loads(payload)
                read += 1
        return read

    def state_as_of(self, partnership: str, day: date) -> list[Any]:
        """The partnership's payloads in effect on *day*, decoded."""
        loads = json.loads
        return [
            loads(payload)
            for (payload,) in self._db.execute(
                "SELECT payload FROM events WHERE partnership = ? AND effective <= ? "
                "ORDER BY effective, position",
                (partnership, day.isoformat()),
            )
        ]

    def stream(self, partnerships: Sequence[str]) -> int:
        """Every partnership's rows in effective order, decoded one at a time."""
        return self.replay(partnerships, date.max)

    def verify(self) -> int:
        """Recompute a SHA-256 chain over every row, by position, in Python."""
        sha256, prev, checked = hashlib.sha256, bytes.fromhex(_ZERO_HASH), 0
        for row in self._db.execute(
            "SELECT position, partnership, type, schema_version, effective, recorded_at, "
            "payload FROM events ORDER BY position"
        ):
            canonical = json.dumps(list(row), separators=(",", ":"), ensure_ascii=False)
            prev = sha256(prev + canonical.encode("utf-8")).digest()
            checked += 1
        return checked

    def size_bytes(self) -> int:
        """Bytes of the database file, its WAL and shared memory."""
        if self._path is None:
            raise RuntimeError("PlainSQLite has no database yet: call create() first")
        return database_bytes(self._path)

    def counts(self) -> dict[str, int]:
        """Rows per partnership."""
        return dict(
            self._db.execute("SELECT partnership, count(*) FROM events GROUP BY partnership")
        )

    def count_until(self, partnership: str, day: date) -> int:
        """Rows of *partnership* in effect on or before *day*."""
        (count,) = self._db.execute(
            "SELECT count(*) FROM events WHERE partnership = ? AND effective <= ?",
            (partnership, day.isoformat()),
        ).fetchone()
        return int(count)

    def payloads(self, positions: Sequence[int]) -> list[str]:
        """The stored payload text at each position."""
        found: list[str] = []
        for position in positions:
            (payload,) = self._db.execute(
                "SELECT payload FROM events WHERE position = ?", (position,)
            ).fetchone()
            found.append(_canonical(json.loads(payload)))
        return found

    def close(self) -> None:
        """Close the connection (checkpointing the WAL into the database)."""
        if self._connection is not None:
            self._connection.close()
            self._connection = None


# --------------------------------------------------------------------------- eventsourcing


def eventsourcing_available() -> bool:
    """Whether the optional ``eventsourcing`` library (the ``bench`` extra) is installed."""
    try:
        import eventsourcing.application
        import eventsourcing.sqlite  # noqa: F401
    except ImportError:
        return False
    return True


def _aggregate_id(partnership: str) -> UUID:
    return uuid5(NAMESPACE_URL, f"govledger-bench:{partnership}")


def _log_class() -> type[Any]:
    """The aggregate class, built on first use so the module imports without the library."""
    global _LOG_CLASS
    if _LOG_CLASS is not None:
        return _LOG_CLASS
    from eventsourcing.domain import Aggregate, event

    class PartnershipLog(Aggregate):
        """One partnership's events, each carrying the same payload as govledger's."""

        @staticmethod
        def create_id(partnership: str) -> UUID:
            return _aggregate_id(partnership)

        @event("Started")
        def __init__(
            self,
            partnership: str,
            type: str,
            schema_version: int,
            effective: str,
            payload: dict[str, Any],
        ) -> None:
            self.partnership = partnership
            self.entries: list[tuple[str, str, int, dict[str, Any]]] = [
                (effective, type, schema_version, payload)
            ]

        @event("Recorded")
        def record(
            self, type: str, schema_version: int, effective: str, payload: dict[str, Any]
        ) -> None:
            self.entries.append((effective, type, schema_version, payload))

    _LOG_CLASS = PartnershipLog
    return PartnershipLog


_LOG_CLASS: type[Any] | None = None


class EventSourcingLibrary:
    """The ``eventsourcing`` library with its SQLite persistence module.

    Needs the optional library (``pip install -e ".[bench]"``). Aggregates are kept in
    memory while appending, as an application holding them would; each transaction
    saves the pending events of its rows in append order.
    """

    name = "eventsourcing"

    def __init__(self) -> None:
        self._app: Application[UUID] | None = None
        self._path: Path | None = None
        self._logs: dict[str, Any] = {}
        self._versions: dict[str, tuple[list[str], list[int]]] = {}

    @property
    def _application(self) -> Application[UUID]:
        if self._app is None:
            raise RuntimeError("EventSourcingLibrary is not open: call create() or open() first")
        return self._app

    def _connect(self, path: Path) -> None:
        from eventsourcing.application import Application

        self.close()
        self._path = path
        self._app = Application(
            env={
                "PERSISTENCE_MODULE": "eventsourcing.sqlite",
                "SQLITE_DBNAME": os.fspath(path),
                "SQLITE_LOCK_TIMEOUT": "30",
            }
        )

    def create(self, path: Path) -> None:
        """A new application whose SQLite database is *path*."""
        self._connect(path)
        self._logs = {}

    def _pending(self, row: Row) -> list[Any]:
        log = self._logs.get(row.partnership)
        payload = json.loads(row.payload)
        if log is None:
            log = _log_class()(
                partnership=row.partnership,
                type=row.type,
                schema_version=row.schema_version,
                effective=row.effective,
                payload=payload,
            )
            self._logs[row.partnership] = log
        else:
            log.record(
                type=row.type,
                schema_version=row.schema_version,
                effective=row.effective,
                payload=payload,
            )
        return list(log.collect_events())

    def append_each(self, rows: Sequence[Row], ledger: GeneratedLedger) -> None:
        """Save each row's event in its own transaction."""
        app = self._application
        for row in rows:
            app.save(*self._pending(row))

    def append_batched(self, ledger: GeneratedLedger, batch: int) -> None:
        """Save each batch's pending events, in append order, in one transaction."""
        app = self._application
        rows = ledger.rows
        for start in range(0, len(rows), batch):
            pending: list[Any] = []
            for row in rows[start : start + batch]:
                pending.extend(self._pending(row))
            app.save(*pending)

    def open(self, path: Path, *, checkpoints: bool) -> None:
        """A new application reading the database at *path* (no snapshots are taken)."""
        self._connect(path)

    def index(self, ledger: GeneratedLedger) -> None:
        """Note each partnership's versions by effective day, for :meth:`state_as_of`.

        eventsourcing has no valid-time index, so the version for a date is looked up
        in memory here (a bisection), outside the library; this favours the library.
        """
        pairs: dict[str, list[tuple[str, int]]] = {}
        counters: dict[str, int] = {}
        for row in ledger.rows:
            counters[row.partnership] = counters.get(row.partnership, 0) + 1
            pairs.setdefault(row.partnership, []).append((row.effective, counters[row.partnership]))
        self._versions = {}
        for partnership, found in pairs.items():
            found.sort()
            days, highest, top = [], [], 0
            for effective, version in found:
                top = max(top, version)
                days.append(effective)
                highest.append(top)
            self._versions[partnership] = (days, highest)

    def version_on(self, partnership: str, day: date) -> int:
        """The highest version among the partnership's events in effect by *day*."""
        days, highest = self._versions[partnership]
        at = bisect.bisect_right(days, day.isoformat())
        return highest[at - 1] if at else 0

    def replay(self, partnerships: Sequence[str], until: date) -> int:
        """``repository.get`` of every partnership's aggregate."""
        repository, read = self._application.repository, 0
        for partnership in partnerships:
            read += len(repository.get(_aggregate_id(partnership)).entries)
        return read

    def state_as_of(self, partnership: str, day: date) -> object:
        """``repository.get`` at the version of the last event in effect by *day*."""
        version = self.version_on(partnership, day)
        if version == 0:
            return None
        return self._application.repository.get(_aggregate_id(partnership), version=version)

    def _notifications(self) -> Iterator[Any]:
        app = self._application
        section = app.notification_log.section_size
        start = 1
        while True:
            page = app.notification_log.select(start=start, limit=section)
            if not page:
                return
            yield from page
            start = page[-1].id + 1

    def stream(self, partnerships: Sequence[str]) -> int:
        """Every partnership's events, through the event store, one aggregate at a time."""
        events, read = self._application.events, 0
        for partnership in partnerships:
            for _ in events.get(_aggregate_id(partnership)):
                read += 1
        return read

    def verify(self) -> int:
        """No hash chain in the library: read every stored event and chain SHA-256 over it."""
        sha256, prev, checked = hashlib.sha256, bytes.fromhex(_ZERO_HASH), 0
        for notification in self._notifications():
            prev = sha256(prev + notification.state).digest()
            checked += 1
        return checked

    def size_bytes(self) -> int:
        """Bytes of the application's database file, its WAL and shared memory."""
        if self._path is None:
            raise RuntimeError("EventSourcingLibrary has no database yet: call create() first")
        return database_bytes(self._path)

    def counts(self) -> dict[str, int]:
        """Events per partnership, from the notification log."""
        by_id = {_aggregate_id(p): p for p in self._versions}
        found: dict[str, int] = {}
        for notification in self._notifications():
            partnership = by_id.get(UUID(str(notification.originator_id)), "?")
            found[partnership] = found.get(partnership, 0) + 1
        return found

    def count_until(self, partnership: str, day: date) -> int:
        """Entries in effect by *day* in the aggregate as at :meth:`version_on`."""
        log = self.state_as_of(partnership, day)
        if log is None:
            return 0
        text = day.isoformat()
        entries: list[tuple[str, str, int, dict[str, Any]]] = getattr(log, "entries")  # noqa: B009
        return sum(1 for entry in entries if entry[0] <= text)

    def payloads(self, positions: Sequence[int]) -> list[str]:
        """The payload of the event at each notification id."""
        app = self._application
        found: list[str] = []
        for position in positions:
            (notification,) = app.notification_log.select(start=position, limit=1)
            domain_event = app.mapper.to_domain_event(notification)
            found.append(_canonical(_payload_of(domain_event)))
        return found

    def close(self) -> None:
        """Close the application's database connections."""
        if self._app is not None:
            self._app.close()
            self._app = None


def _payload_of(domain_event: object) -> Mapping[str, Any]:
    payload = getattr(domain_event, "payload", None)
    if not isinstance(payload, Mapping):
        raise TypeError(f"{type(domain_event).__name__} carries no payload mapping")
    return payload
