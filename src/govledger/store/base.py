"""What every event store offers, whatever database sits underneath.

The store knows nothing about event classes: it keeps records whose payload is
already-encoded JSON text, gives each a global position, a per-partnership version
and a recording time, and links every record to the one before it with a SHA-256
hash chain. Nothing here imports a database driver.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from datetime import UTC, date, datetime
from typing import Literal, Protocol

import attrs

__all__ = [
    "GENESIS_HASH",
    "EventStore",
    "NewRecord",
    "ReadOrder",
    "StoredRecord",
    "WriteSession",
    "canonical_bytes",
    "chain_hash",
    "iso_timestamp",
    "seal",
]

#: The ``prev_hash`` of the record at position 1: 64 hex zeros.
GENESIS_HASH = "0" * 64

#: How :meth:`EventStore.read` orders records.
ReadOrder = Literal["effective", "position"]


@attrs.frozen(kw_only=True)
class NewRecord:
    """What the ledger hands to the store for one event."""

    #: The partnership the event belongs to.
    partnership: str
    #: The event type name, e.g. ``"PostRetitled"``.
    type: str
    #: The version of the payload's schema.
    schema_version: int
    #: The day the event certainly takes effect (valid time, the sort key).
    effective: date
    #: The canonical JSON text of the event.
    payload: str


@attrs.frozen(kw_only=True)
class StoredRecord:
    """One record as the store holds it, with everything the store assigned."""

    #: Global, gapless, 1-based order of recording.
    position: int
    partnership: str
    #: Per-partnership, gapless, 1-based.
    version: int
    type: str
    schema_version: int
    effective: date
    #: When the store recorded it: timezone-aware UTC, from the store's clock.
    recorded_at: datetime
    payload: str
    #: Hex SHA-256 of the previous record (:data:`GENESIS_HASH` at position 1).
    prev_hash: str
    #: Hex SHA-256 of ``prev_hash`` (as bytes) followed by :func:`canonical_bytes`.
    hash: str


def iso_timestamp(moment: datetime) -> str:
    """Write an aware *moment* as fixed-width ISO UTC with microseconds.

    >>> iso_timestamp(datetime(2026, 11, 23, 12, 0, tzinfo=UTC))
    '2026-11-23T12:00:00.000000+00:00'
    """
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def canonical_bytes(record: StoredRecord) -> bytes:
    """The bytes of *record* that its hash covers.

    UTF-8 of the compact JSON array ``[position, partnership, type, schema_version,
    effective, recorded_at, payload]`` with ISO dates; ``version`` and the hashes
    themselves are not included.
    """
    return _canonical(
        position=record.position,
        partnership=record.partnership,
        type=record.type,
        schema_version=record.schema_version,
        effective=record.effective,
        recorded_at=record.recorded_at,
        payload=record.payload,
    )


def chain_hash(prev_hash: str, canonical: bytes) -> str:
    """The hex SHA-256 of *prev_hash* (decoded from hex) followed by *canonical*."""
    return hashlib.sha256(bytes.fromhex(prev_hash) + canonical).hexdigest()


def _canonical(
    *,
    position: int,
    partnership: str,
    type: str,
    schema_version: int,
    effective: date,
    recorded_at: datetime,
    payload: str,
) -> bytes:
    fields = [
        position,
        partnership,
        type,
        schema_version,
        effective.isoformat(),
        iso_timestamp(recorded_at),
        payload,
    ]
    return json.dumps(fields, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def seal(
    record: NewRecord, *, position: int, version: int, recorded_at: datetime, prev_hash: str
) -> StoredRecord:
    """Give *record* its place in the chain: a :class:`StoredRecord` with its hash.

    Stores call this so every backend hashes records the same way.
    """
    canonical = _canonical(
        position=position,
        partnership=record.partnership,
        type=record.type,
        schema_version=record.schema_version,
        effective=record.effective,
        recorded_at=recorded_at,
        payload=record.payload,
    )
    return StoredRecord(
        position=position,
        partnership=record.partnership,
        version=version,
        type=record.type,
        schema_version=record.schema_version,
        effective=record.effective,
        recorded_at=recorded_at,
        payload=record.payload,
        prev_hash=prev_hash,
        hash=chain_hash(prev_hash, canonical),
    )


class WriteSession(Protocol):
    """The inside of one write transaction: read, check, then append."""

    def version(self, partnership: str) -> int:
        """How many records *partnership* has (0 if none)."""
        ...

    def last_position(self) -> int:
        """The position of the last record (0 if the store is empty)."""
        ...

    def read(self, partnership: str) -> Iterator[StoredRecord]:
        """The records of *partnership*, ordered by (effective, position)."""
        ...

    def append(self, records: Sequence[NewRecord]) -> list[StoredRecord]:
        """Store *records* in the order given, assigning position, version, time and hash."""
        ...


class EventStore(Protocol):
    """An append-only log of records, shared by every partnership."""

    def write(self) -> AbstractContextManager[WriteSession]:
        """One atomic transaction holding the write lock for its whole duration.

        Commits when the block ends normally; rolls back, writing nothing, if it raises.
        """
        ...

    def read(
        self,
        *,
        partnership: str | None = None,
        until: date | None = None,
        order: ReadOrder = "effective",
        max_position: int | None = None,
        recorded_by: datetime | None = None,
    ) -> Iterator[StoredRecord]:
        """Stream records, optionally filtered.

        *until* keeps records with ``effective <= until``; *max_position* and
        *recorded_by* keep records at or before that position / recording time (for
        "as known at" queries). ``"effective"`` order is (effective, position).
        """
        ...

    def partnerships(self) -> list[str]:
        """Every partnership with at least one record, sorted."""
        ...

    def version(self, partnership: str) -> int:
        """How many records *partnership* has (0 if none)."""
        ...

    def last_position(self) -> int:
        """The position of the last record (0 if the store is empty)."""
        ...

    def close(self) -> None:
        """Release the database; every later call raises ``LedgerClosed``."""
        ...
