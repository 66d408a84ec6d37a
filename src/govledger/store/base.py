"""What every event store offers, whatever database sits underneath.

The store knows nothing about event classes: it keeps records whose payload is
already-encoded JSON text, gives each a global position, a per-partnership version
and a recording time, and links every record to the one before it with a SHA-256
hash chain. :func:`verify_chain` walks that chain for any store that can stream its
rows (a :class:`ChainSource`). Nothing here imports a database driver.
"""

from __future__ import annotations

import hashlib
import json
import re
import reprlib
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any, Final, Literal, Protocol

import attrs

from ..errors import UsageError

__all__ = [
    "GENESIS_HASH",
    "GENESIS_HEAD",
    "MAX_PAYLOAD_BYTES",
    "ChainHead",
    "ChainProblem",
    "ChainRow",
    "ChainSource",
    "Checkpoint",
    "EventStore",
    "NewRecord",
    "ReadOrder",
    "StoredRecord",
    "VerificationReport",
    "WriteSession",
    "canonical_bytes",
    "canonical_fields",
    "chain_hash",
    "intact_report",
    "iso_timestamp",
    "seal",
    "verify_chain",
]

#: The ``prev_hash`` of the record at position 1: 64 hex zeros.
GENESIS_HASH = "0" * 64

#: The largest payload one record may hold, in UTF-8 bytes.
MAX_PAYLOAD_BYTES: Final = 1_048_576

_ENCODER: Final = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False)

try:  # a C JSON encoder writes the same compact bytes several times faster
    from orjson import dumps as _dumps
except ImportError:  # pragma: no cover - orjson is a dependency; this keeps a bare install working
    _dumps = None  # type: ignore[assignment]


def _compact(fields: list[object]) -> bytes:
    """UTF-8 of the compact JSON array *fields*, text kept as is (not ASCII-escaped).

    orjson writes exactly the bytes of the standard library's compact encoder for
    arrays of text and whole numbers (tests/test_trusted.py proves it); what it refuses
    (a lone surrogate, a whole number beyond 64 bits) the standard library writes or
    refuses as before.
    """
    if _dumps is not None:
        try:
            return _dumps(fields)
        except TypeError:
            pass
    return _ENCODER.encode(fields).encode("utf-8")


_HEX_HASH: Final = re.compile(r"[0-9a-f]{64}")

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
    #: The first day on which the event can show in a state at all: before it takes
    #: effect, a decision already taken is listed as pending and a fact dated by a
    #: period is listed as uncertain from the period's first day. ``None`` means the
    #: effective day. Stores keep it (unhashed, as a derived index) so that a query on a
    #: day need not read every later event.
    visible_from: date | None = None

    @property
    def visible(self) -> date:
        """:attr:`visible_from`, or the effective day when it was not given."""
        if self.visible_from is None:
            return self.effective
        return min(self.visible_from, self.effective)


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
    #: See :attr:`NewRecord.visible_from`; never later than ``effective``. Derived and
    #: not hashed: a ledger upgraded from schema 1 holds ``date.min`` here (unknown).
    visible_from: date = date.min


@attrs.frozen(kw_only=True)
class Checkpoint:
    """A saved fold of one partnership's events: a cache, never a source of truth.

    It holds the fold of every event of :attr:`partnership` that takes effect on or
    before :attr:`through`, as the ledger knew them at :attr:`position` (the ledger's
    last position when the fold was taken). Stores keep checkpoints beside the events
    and drop the ones an append makes stale: a record of the partnership whose
    ``effective`` day is on or before a checkpoint's ``through`` removes that
    checkpoint in the append's own transaction. So a checkpoint that is still there
    is exact for every question asked with knowledge at or after its position.
    """

    partnership: str
    #: Which fold it is, in the ledger's own terms (for example ``"state"``).
    kind: str
    #: It holds every event effective on or before this day...
    through: date
    #: ...recorded at or before this position.
    position: int
    #: The fold's format tag: a checkpoint whose format the reader does not know is
    #: ignored, so a new release never misreads an old cache.
    format: str
    #: The fold itself, in the ledger's own serialisation.
    data: bytes


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


def canonical_fields(*fields: object) -> bytes:
    """The canonical bytes of a record given as its stored column values.

    *fields* are ``position, partnership, type, schema_version, effective,
    recorded_at, payload`` with the two dates as the ISO text the store keeps. A value
    of the wrong type (a tampered or damaged row) raises ``ValueError`` naming it.
    """
    if len(fields) != len(_FIELD_KINDS):
        raise ValueError(f"a record has {len(_FIELD_KINDS)} hashed fields, not {len(fields)}")
    for (name, kind), value in zip(_FIELD_KINDS, fields, strict=True):
        if type(value) is not kind:
            shown = reprlib.repr(value)
            raise ValueError(
                f"its {name} holds {type(value).__name__} {shown}, not {kind.__name__}"
            )
    return _compact(list(fields))


_FIELD_KINDS: Final[tuple[tuple[str, type], ...]] = (
    ("position", int),
    ("partnership", str),
    ("type", str),
    ("schema_version", int),
    ("effective", str),
    ("recorded_at", str),
    ("payload", str),
)


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
    return _compact(fields)


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
        visible_from=record.visible,
    )


class WriteSession(Protocol):
    """The inside of one write transaction: read, check, then append."""

    def version(self, partnership: str) -> int:
        """How many records *partnership* has (0 if none)."""
        ...

    def last_position(self) -> int:
        """The position of the last record (0 if the store is empty)."""
        ...

    def read(self, partnership: str, *, after: date | None = None) -> Iterator[StoredRecord]:
        """The records of *partnership*, ordered by (effective, position).

        With *after*, only records whose ``effective`` day is later than it.
        """
        ...

    def append(self, records: Sequence[NewRecord]) -> list[StoredRecord]:
        """Store *records* in the order given, assigning position, version, time and hash.

        In the same transaction, drop every checkpoint of a partnership in the batch
        whose ``through`` is on or after the earliest ``effective`` day of that
        partnership's records (see :class:`Checkpoint`).
        """
        ...

    def checkpoint(
        self, partnership: str, kind: str, *, through: date, known_by: int, format: str
    ) -> Checkpoint | None:
        """As :meth:`EventStore.checkpoint`, inside this transaction."""
        ...

    def save_checkpoint(self, checkpoint: Checkpoint) -> bool:
        """As :meth:`EventStore.save_checkpoint`, inside this transaction."""
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
        after: date | None = None,
        visible_by: date | None = None,
        types: Sequence[str] | None = None,
        after_position: int | None = None,
    ) -> Iterator[StoredRecord]:
        """Stream records, optionally filtered; every filter given must hold.

        *until* keeps records with ``effective <= until`` and *after* those with
        ``effective > after``; *visible_by* keeps records with ``visible_from <=
        visible_by``; *max_position* and *recorded_by* keep records at or before that
        position / recording time (for "as known at" queries); *types* keeps records of
        those type names; *after_position* keeps records after that position.
        ``"effective"`` order is (effective, position). Records are streamed: memory
        does not grow with the number read. Reads made while a write session is open
        on the same store see that session's uncommitted records.
        """
        ...

    def position_at(self, moment: datetime) -> int:
        """The position of the last record recorded at or before *moment* (0 if none).

        Recording times never decrease with position, so the records known at
        *moment* are exactly those at or before this position.
        """
        ...

    def checkpoint(
        self, partnership: str, kind: str, *, through: date, known_by: int, format: str
    ) -> Checkpoint | None:
        """The best saved checkpoint for a question about *through*, or ``None``.

        That is, of the checkpoints of *partnership* of this *kind* and *format* with
        ``through`` on or before *through* and ``position`` at or before *known_by*,
        the one with the latest ``through`` (then the latest position).
        """
        ...

    def save_checkpoint(self, checkpoint: Checkpoint) -> bool:
        """Keep *checkpoint* if it is still exact; say whether it was kept.

        It is not kept (and no error raised: a checkpoint is only a cache) when the
        store is read-only, when the write lock is busy, or when a record of its
        partnership at a later position than ``checkpoint.position`` takes effect on or
        before ``checkpoint.through`` (it is already stale).
        """
        ...

    def drop_checkpoints(self, partnership: str | None = None) -> int:
        """Remove the checkpoints of *partnership* (of every partnership if ``None``).

        Returns how many were removed. Events are untouched.
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

    def head(self) -> ChainHead:
        """The last record's position and stored hash, read without verifying."""
        ...

    def verify(self, *, expected_head: ChainHead | None = None) -> VerificationReport:
        """Recompute the whole hash chain; see :func:`verify_chain`."""
        ...

    def close(self) -> None:
        """Release the database; every later call raises ``LedgerClosed``."""
        ...

    def import_records(self, records: Iterable[StoredRecord]) -> int:
        """Write *records*, sealed by another store, into this empty store unchanged.

        Each keeps its position, version, recording time and hashes; they must form
        one whole chain from the genesis hash, checked record by record, or
        ``UsageError`` is raised and nothing is written. One transaction; returns how
        many records were written. :func:`govledger.copy.copy_ledger` uses it.
        """
        ...


# -------------------------------------------------------------------- verification


class ChainProblem(StrEnum):
    """What :func:`verify_chain` found wrong at the first bad position."""

    #: The record's hashed content (payload, type, partnership, dates, schema version)
    #: no longer matches its hash, while the record after it still links to that hash.
    PAYLOAD_CHANGED = "payload-changed"
    #: The record's ``hash`` or ``prev_hash`` column was edited; its content is intact.
    HASH_EDITED = "hash-edited"
    #: A position is missing, or a record links to one that is no longer there.
    ROW_MISSING = "row-missing"
    #: A record links to a record at another position: records were moved or inserted.
    ROWS_REORDERED = "rows-reordered"
    #: The ledger is shorter than a remembered head: its last records are gone.
    TAIL_TRUNCATED = "tail-truncated"
    #: The chain is consistent but disagrees with a remembered head: it was rebuilt.
    HISTORY_REWRITTEN = "history-rewritten"


def _head_position(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise UsageError(f"a chain head's position must be a whole number >= 0, not {value!r}")


def _head_hash(instance: ChainHead, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str) or not _HEX_HASH.fullmatch(value):
        raise UsageError(
            f"a chain head's hash must be 64 lower-case hex digits (a SHA-256), not {value!r}"
        )
    if instance.position == 0 and value != GENESIS_HASH:
        raise UsageError(
            "a chain head at position 0 (an empty ledger) has the genesis hash, 64 zeros"
        )


@attrs.frozen
class ChainHead:
    """The last record of a ledger: its position and hash.

    Its text form is one line an auditor can keep, and :meth:`parse` reads it back:

    >>> head = ChainHead(2, "ab" * 32)
    >>> str(head)[:10]
    '2:abababab'
    >>> ChainHead.parse(str(head)) == head
    True
    """

    position: int = attrs.field(validator=_head_position)
    hash: str = attrs.field(validator=_head_hash)

    @classmethod
    def parse(cls, text: str) -> ChainHead:
        """Read a head written as ``"<position>:<hash>"``; raises ``UsageError`` if malformed."""
        if not isinstance(text, str):
            raise UsageError(f"a chain head is text such as '12:ab34...', not {text!r}")
        position, sep, hash_ = text.strip().partition(":")
        if not sep or not (position.isascii() and position.isdigit()):
            raise UsageError(
                f"{text!r} is not a chain head: write it as '<position>:<hash>', "
                "as str(ledger.head()) does"
            )
        return cls(int(position), hash_)

    def __str__(self) -> str:
        return f"{self.position}:{self.hash}"


#: The head of an empty ledger.
GENESIS_HEAD: Final = ChainHead(0, GENESIS_HASH)


@attrs.frozen(kw_only=True)
class VerificationReport:
    """What :func:`verify_chain` found.

    ``head`` is the last record that verified: the whole ledger's head when ``ok``,
    else the head of the intact part before ``first_bad_position``.
    """

    ok: bool
    #: How many records were checked and found intact.
    events_checked: int
    head: ChainHead
    first_bad_position: int | None = None
    problem: ChainProblem | None = None
    #: One or two sentences saying what was found, for people.
    detail: str

    def __str__(self) -> str:
        return self.detail


#: One record as a store streams it for verification: ``(position, prev_hash, hash,
#: candidate)``, where *candidate* is the store's fast rendering of the canonical bytes.
ChainRow = tuple[int, str, str, bytes]


class ChainSource(Protocol):
    """What :func:`verify_chain` needs from a store."""

    def chain_rows(self) -> Iterator[ChainRow]:
        """Every record as a :data:`ChainRow`, in position order.

        *candidate* may come from a fast, backend-specific encoding; when it does not
        reproduce the stored hash, :meth:`exact_canonical` is asked for the exact bytes
        before the record is judged. A record whose values cannot all be read may come
        with an empty candidate and its hashes as far as they can be read.
        """
        ...

    def exact_canonical(self, position: int) -> bytes:
        """The :func:`canonical_fields` of the record at *position*.

        Raises ``ValueError`` saying why if the stored values cannot be hashed.
        """
        ...

    def locate(self, hash: str) -> int | None:
        """The position of the record whose stored hash is *hash*, if there is one."""
        ...


def verify_chain(
    source: ChainSource, *, expected_head: ChainHead | None = None
) -> VerificationReport:
    """Walk *source*'s hash chain from the genesis hash and report the first problem.

    Each record must have the next position, link to the previous record's stored hash,
    and hash to its stored value. With *expected_head* (a head remembered earlier), the
    ledger must also still hold that record with that hash. Only the first problem is
    reported; see :class:`ChainProblem` for how damage is classified.
    """
    sha256 = hashlib.sha256
    fromhex = bytes.fromhex
    watch = expected_head.position if expected_head is not None else -1
    watched = GENESIS_HASH
    position = 0
    prev = GENESIS_HASH
    rows = iter(source.chain_rows())
    for row in rows:
        row_position, prev_hash, stored, candidate = row
        try:
            fast = (
                row_position == position + 1
                and prev_hash == prev
                and sha256(fromhex(prev) + candidate).hexdigest() == stored
            )
        except (TypeError, ValueError):
            fast = False
        if not fast:
            found = _examine(source, row, ChainHead(position, prev), rows, expected_head)
            if found is not None:
                return _broken(position, prev, *found)
        position, prev = row_position, stored
        if position == watch:
            watched = stored
    if expected_head is not None:
        found = _against_head(position, watched, expected_head)
        if found is not None:
            return _broken(position, prev, *found)
    return intact_report(ChainHead(position, prev), expected_head=expected_head)


def intact_report(head: ChainHead, *, expected_head: ChainHead | None) -> VerificationReport:
    """The report on a ledger whose whole chain, up to *head*, verified."""
    continues = f" and continues the remembered head {expected_head}" if expected_head else ""
    return VerificationReport(
        ok=True,
        events_checked=head.position,
        head=head,
        detail=f"{head.position:,} events checked: the hash chain is intact{continues}; "
        f"head {head}",
    )


_Finding = tuple[int, ChainProblem, str]


def _broken(
    position: int, prev: str, at: int, problem: ChainProblem, detail: str
) -> VerificationReport:
    return VerificationReport(
        ok=False,
        events_checked=position,
        head=ChainHead(position, prev),
        first_bad_position=at,
        problem=problem,
        detail=detail,
    )


def _examine(
    source: ChainSource,
    row: ChainRow,
    before: ChainHead,
    rows: Iterator[ChainRow],
    expected_head: ChainHead | None,
) -> _Finding | None:
    """Judge a record the fast check rejected; ``None`` if it is in fact intact."""
    at, prev_hash, stored, _ = row
    expected = before.position + 1
    if isinstance(at, bool) or not isinstance(at, int) or at < expected:
        return (
            expected,
            ChainProblem.ROWS_REORDERED,
            f"the record after position {before.position} is at position {at!r}: positions "
            "must run 1, 2, 3, ... in order",
        )
    if at > expected:
        missing = (
            f"position {expected} is missing: its record was deleted"
            if at == expected + 1
            else f"positions {expected}-{at - 1} are missing: their records were deleted"
        )
        return expected, ChainProblem.ROW_MISSING, missing
    try:
        exact = source.exact_canonical(at)
    except ValueError as exc:
        return at, ChainProblem.PAYLOAD_CHANGED, f"record {at} cannot be hashed: {exc}"
    true_hash = chain_hash(before.hash, exact)
    if prev_hash == before.hash:
        if stored == true_hash:
            return None
        return at, *_content_or_hash(at, true_hash, stored, next(rows, None), expected_head)
    if stored == true_hash:
        return (
            at,
            ChainProblem.HASH_EDITED,
            f"the prev_hash column of record {at} was edited; the record itself still "
            f"follows record {before.position}",
        )
    elsewhere = source.locate(prev_hash) if prev_hash else None
    if elsewhere is not None and elsewhere != at:
        return (
            at,
            ChainProblem.ROWS_REORDERED,
            f"record {at} links to the record now at position {elsewhere}, not to record "
            f"{before.position}: records were moved, swapped or inserted",
        )
    return (
        at,
        ChainProblem.ROW_MISSING,
        f"record {at} links to a record that is no longer in the ledger: the record before "
        "it was deleted (and later positions renumbered) or replaced",
    )


def _content_or_hash(
    at: int,
    true_hash: str,
    stored: str,
    following: ChainRow | None,
    expected_head: ChainHead | None,
) -> tuple[ChainProblem, str]:
    """Tell an edited payload from an edited hash column, by what the next record links to."""
    if following is not None and following[1] == true_hash != stored:
        return (
            ChainProblem.HASH_EDITED,
            f"the hash column of record {at} was edited: its content still hashes to the "
            f"value record {at + 1} links to",
        )
    if expected_head is not None and expected_head == ChainHead(at, true_hash):
        return (
            ChainProblem.HASH_EDITED,
            f"the hash column of record {at} was edited: its content still hashes to the "
            "remembered head",
        )
    last = (
        " (it is the last record, so an edited hash column would look the same; a "
        "remembered head tells them apart)"
        if following is None
        else ""
    )
    return (
        ChainProblem.PAYLOAD_CHANGED,
        f"record {at} no longer matches its hash: its payload or another hashed field "
        f"(partnership, type, schema version, effective date, recording time) was changed{last}",
    )


def _against_head(position: int, watched: str, expected: ChainHead) -> _Finding | None:
    if expected.position > position:
        return (
            position + 1,
            ChainProblem.TAIL_TRUNCATED,
            f"the ledger ends at position {position}, but the remembered head is at position "
            f"{expected.position}: the records after {position} are gone (the tail was "
            "truncated), or this is an older copy",
        )
    if watched != expected.hash:
        return (
            expected.position,
            ChainProblem.HISTORY_REWRITTEN,
            f"record {expected.position} has hash {watched[:16]}..., not the remembered "
            f"{expected.hash[:16]}...: the chain is consistent, so history at or before "
            f"position {expected.position} was rewritten and re-hashed, or this is a "
            "different ledger",
        )
    return None
