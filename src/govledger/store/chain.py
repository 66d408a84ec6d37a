"""The hash chain every store keeps, whatever database sits underneath.

Every record is linked to the one before it by a SHA-256 hash over its canonical
bytes (:func:`canonical_bytes`, :func:`seal`). A chain's last record is its
:class:`ChainHead`; what verification finds is a :class:`VerificationReport`, whose
first problem is a :class:`ChainProblem`, and a ledger that fails it raises
:class:`ChainBroken` (also importable as ``govledger.ChainBroken`` and
``govledger.errors.ChainBroken``). :func:`checked_chain` checks records sealed by
another store as they pass, so an import can never write a chain that would not
verify. The walk itself is :func:`govledger.store.verification.verify_chain`.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import reprlib
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any, Final, Protocol

import attrs

from ..errors import GovLedgerError, UsageError
from .records import Checkpoint, NewRecord, StoredRecord, iso_timestamp, unsealed

__all__ = [
    "GENESIS_HASH",
    "GENESIS_HEAD",
    "HASH_DEFINITION",
    "HASH_DEFINITION_CHANGED",
    "LEDGER_PARTNERSHIP",
    "MAX_CLOCK_SKEW",
    "Audited",
    "ChainBroken",
    "ChainHead",
    "ChainProblem",
    "ChainRow",
    "ChainSource",
    "VerificationReport",
    "canonical_bytes",
    "canonical_fields",
    "chain_hash",
    "checked_chain",
    "checkpoint_digest",
    "checkpoint_intact",
    "seal",
    "seal_batch",
]


#: The ``prev_hash`` of the record at position 1: 64 hex zeros.
GENESIS_HASH = "0" * 64

#: The hash definition every new record is sealed with (see :func:`canonical_bytes`).
#: Definition 2 covers every stored column; records sealed under definition 1, before
#: schema 3, keep their hashes, and the record that marks the change says where.
HASH_DEFINITION: Final = 2

#: The partnership id of the ledger's own records (a slug can never contain ``:``), such
#: as the one recording that the hash definition changed; ledgers' readers skip them.
LEDGER_PARTNERSHIP: Final = "govledger:chain"

#: The type of the record a migration appends where the hash definition changes.
HASH_DEFINITION_CHANGED: Final = "HashDefinitionChanged"

#: How far a recording time may be ahead of the verifier's clock before ``verify()``
#: reports the writer's clock as wrong.
MAX_CLOCK_SKEW: Final = timedelta(minutes=5)


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


def checkpoint_digest(checkpoint: Checkpoint, chain_hash: str) -> str:
    """The HMAC-SHA256 of *checkpoint*'s header and bytes, keyed by *chain_hash*.

    It binds the checkpoint's own bytes to the chain head it was folded through: damage
    to the bytes or the header, or a checkpoint moved to another position, no longer
    matches. The key is the (public) head hash, so it is no secret: anyone able to write
    the file can compute a matching digest for a forged fold. ``verify(deep=True)``
    re-folds checkpoints to catch that (see docs/guarantees.md).
    """
    header = _ENCODER.encode(
        [
            checkpoint.partnership,
            checkpoint.kind,
            checkpoint.through.isoformat(),
            checkpoint.position,
            checkpoint.format,
            checkpoint.entries,
        ]
    ).encode("utf-8")
    key = bytes.fromhex(chain_hash) if _HEX_HASH.fullmatch(chain_hash) else b""
    return hmac.new(key, header + b"\n" + checkpoint.data, hashlib.sha256).hexdigest()


def checkpoint_intact(checkpoint: Checkpoint, stored_hash: str | None) -> bool:
    """Whether *checkpoint* is bound to the chain (*stored_hash* is the hash the record at
    its position has now) and its bytes match its digest."""
    return (
        stored_hash is not None
        and checkpoint.chain_hash == stored_hash
        and hmac.compare_digest(checkpoint.digest, checkpoint_digest(checkpoint, stored_hash))
    )


def canonical_bytes(record: StoredRecord, *, definition: int = HASH_DEFINITION) -> bytes:
    """The bytes of *record* that its hash covers.

    Under hash definition 2 (every record sealed by this release): UTF-8 of the compact
    JSON array ``[position, partnership, version, type, schema_version, effective,
    visible_from, recorded_at, payload]`` with ISO dates: every stored column but the
    two hashes. Under definition 1 (records sealed before schema 3, kept as they were):
    ``[position, partnership, type, schema_version, effective, recorded_at, payload]``.
    """
    if definition == 1:
        return _ENCODER.encode(
            [
                record.position,
                record.partnership,
                record.type,
                record.schema_version,
                record.effective.isoformat(),
                iso_timestamp(record.recorded_at),
                record.payload,
            ]
        ).encode("utf-8")
    return _canonical(
        position=record.position,
        partnership=record.partnership,
        version=record.version,
        type=record.type,
        schema_version=record.schema_version,
        effective=record.effective,
        visible_from=record.visible_from,
        recorded_at=iso_timestamp(record.recorded_at),
        payload=record.payload,
    )


def chain_hash(prev_hash: str, canonical: bytes) -> str:
    """The hex SHA-256 of *prev_hash* (decoded from hex) followed by *canonical*."""
    return hashlib.sha256(bytes.fromhex(prev_hash) + canonical).hexdigest()


def canonical_fields(*fields: object) -> bytes:
    """The canonical bytes of a record given as its stored column values.

    Nine *fields* are a definition-2 record: ``position, partnership, version, type,
    schema_version, effective, visible_from, recorded_at, payload``; seven are a
    definition-1 record: ``position, partnership, type, schema_version, effective,
    recorded_at, payload``. Dates are the ISO text the store keeps. A value of the
    wrong type (a tampered or damaged row) raises ``ValueError`` naming it.
    """
    kinds = _FIELD_KINDS.get(len(fields))
    if kinds is None:
        raise ValueError(
            f"a record has 9 (or, sealed before schema 3, 7) hashed fields, not {len(fields)}"
        )
    for (name, kind), value in zip(kinds, fields, strict=True):
        if type(value) is not kind:
            shown = reprlib.repr(value)
            raise ValueError(
                f"its {name} holds {type(value).__name__} {shown}, not {kind.__name__}"
            )
    return _compact(list(fields))


_FIELD_KINDS: Final[dict[int, tuple[tuple[str, type], ...]]] = {
    9: (
        ("position", int),
        ("partnership", str),
        ("version", int),
        ("type", str),
        ("schema_version", int),
        ("effective", str),
        ("visible_from", str),
        ("recorded_at", str),
        ("payload", str),
    ),
    7: (
        ("position", int),
        ("partnership", str),
        ("type", str),
        ("schema_version", int),
        ("effective", str),
        ("recorded_at", str),
        ("payload", str),
    ),
}


def _canonical(
    *,
    position: int,
    partnership: str,
    version: int,
    type: str,
    schema_version: int,
    effective: date,
    visible_from: date,
    recorded_at: str,
    payload: str,
) -> bytes:
    """The definition-2 canonical bytes; *recorded_at* is already ISO text
    (:func:`~govledger.store.records.iso_timestamp`), which a batch writes once."""
    fields = [
        position,
        partnership,
        version,
        type,
        schema_version,
        effective.isoformat(),
        visible_from.isoformat(),
        recorded_at,
        payload,
    ]
    return _compact(fields)


def seal(
    record: NewRecord, *, position: int, version: int, recorded_at: datetime, prev_hash: str
) -> StoredRecord:
    """Give *record* its place in the chain: a :class:`StoredRecord` with its hash.

    Stores call this so every backend hashes records the same way.
    """
    return _sealed(record, position, version, recorded_at, iso_timestamp(recorded_at), prev_hash)


def _sealed(
    record: NewRecord,
    position: int,
    version: int,
    recorded_at: datetime,
    moment: str,
    prev_hash: str,
) -> StoredRecord:
    """:func:`seal`, given *recorded_at* already written as ISO text (*moment*)."""
    visible = record.visible
    canonical = _canonical(
        position=position,
        partnership=record.partnership,
        version=version,
        type=record.type,
        schema_version=record.schema_version,
        effective=record.effective,
        visible_from=visible,
        recorded_at=moment,
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
        visible_from=visible,
    )


def seal_batch(
    batch: Iterable[NewRecord],
    *,
    after: int,
    prev_hash: str,
    recorded_at: datetime,
    version: Callable[[str], int],
) -> list[StoredRecord]:
    """:func:`seal` each record of *batch* in turn, after position *after* (whose hash is
    *prev_hash*), all at *recorded_at*; *version* says how many records a partnership
    has before the batch (asked once per partnership)."""
    versions: dict[str, int] = {}
    stored: list[StoredRecord] = []
    position = after
    moment = iso_timestamp(recorded_at)  # the batch's one recording time, written once
    for record in batch:
        partnership = record.partnership
        if partnership not in versions:
            versions[partnership] = version(partnership)
        versions[partnership] += 1
        position += 1
        sealed = _sealed(record, position, versions[partnership], recorded_at, moment, prev_hash)
        stored.append(sealed)
        prev_hash = sealed.hash
    return stored


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
    #: A record's ``version`` is not its place among its partnership's records (it can
    #: only be wrong in a record sealed under hash definition 1, which did not hash it).
    VERSION_WRONG = "version-wrong"
    #: A record sealed under hash definition 1 holds a ``visible_from`` other than
    #: ``0001-01-01``: that unhashed column was edited.
    UNHASHED_COLUMN_EDITED = "unhashed-column-edited"
    #: The record marking where the hash definition changed is missing or wrong.
    HASH_DEFINITION_MARK = "hash-definition-mark"
    #: The chain is intact, but a saved checkpoint is not bound to it or does not match
    #: its digest (it was edited, forged, or left from another history). It is never
    #: used; dropping it (``ledger.drop_checkpoints()``) loses nothing.
    CHECKPOINT_BAD = "checkpoint-bad"
    #: The chain is intact, but a record's recording time is ahead of the real time by
    #: more than the allowed skew: a writer's clock was wrong.
    CLOCK_AHEAD = "clock-ahead"


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


def _head_root(instance: ChainHead, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and (not isinstance(value, str) or not _HEX_HASH.fullmatch(value)):
        raise UsageError(
            f"a chain head's Merkle root must be 64 lower-case hex digits, not {value!r}"
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
    #: The Merkle tree root over the records up to :attr:`position` (the tree size), as
    #: hex, when the head carries it (``ledger.head()`` does; see :mod:`govledger.proofs`).
    #: It is derived from the same records, so heads compare by position and hash alone.
    root: str | None = attrs.field(default=None, eq=False, validator=_head_root)

    @classmethod
    def parse(cls, text: str) -> ChainHead:
        """Read a head written as ``"<position>:<hash>"`` or ``"<position>:<hash>:<root>"``;
        raises ``UsageError`` if malformed."""
        if not isinstance(text, str):
            raise UsageError(f"a chain head is text such as '12:ab34...', not {text!r}")
        position, sep, rest = text.strip().partition(":")
        if not sep or not (position.isascii() and position.isdigit()):
            raise UsageError(
                f"{text!r} is not a chain head: write it as '<position>:<hash>[:<root>]', "
                "as str(ledger.head()) does"
            )
        hash_, _, root = rest.partition(":")
        return cls(int(position), hash_, root or None)

    def __str__(self) -> str:
        if self.root is None:
            return f"{self.position}:{self.hash}"
        return f"{self.position}:{self.hash}:{self.root}"


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
    #: How many saved checkpoints were checked (bound to the chain, digest matching).
    checkpoints_checked: int = 0
    #: The checkpoints found bad, as ``(partnership, kind, through, position)``.
    bad_checkpoints: tuple[tuple[str, str, date, int], ...] = ()

    def __str__(self) -> str:
        return self.detail


#: One record as a store streams it for verification: ``(position, prev_hash, hash,
#: candidate)``, where *candidate* is the store's fast rendering of the canonical bytes.
ChainRow = tuple[int, str, str, bytes]


class ChainSource(Protocol):
    """What :func:`verify_chain` needs from a store: its rows, in position order.

    A store may also offer ``exact_canonical(position) -> bytes`` (the
    :func:`canonical_fields` of the record at *position*, raising ``ValueError`` saying
    why if its stored values cannot be hashed) when its candidates come from a fast
    encoding, and ``locate(hash) -> int | None`` (the position of the record whose
    stored hash is *hash*) to tell moved records from missing ones. Without them the
    candidate is taken as exact, and a broken link is reported as a missing record.
    """

    def chain_rows(self) -> Iterator[ChainRow]:
        """Every record as a :data:`ChainRow`, in position order.

        *candidate* may come from a fast, backend-specific encoding; when it does not
        reproduce the stored hash, ``exact_canonical`` (if offered) is asked for the
        exact bytes before the record is judged. A record whose values cannot all be
        read may come with an empty candidate and its hashes as far as they can be read.
        """
        ...


class Audited(Protocol):
    """What a store offers :func:`audit` beyond its chain (each check is optional)."""

    def column_problem(self, *, versions: bool = True) -> tuple[int, ChainProblem, str] | None:
        """The first record whose unhashed or cross-record columns are wrong, if any
        (leaving out the versions unless *versions*)."""
        ...

    def checkpoint_rows(self) -> Iterator[tuple[Checkpoint, str | None, bool]]:
        """Every saved checkpoint, the hash now stored at its position (``None`` if no
        record is there) and whether a later record of its partnership makes it stale."""
        ...

    def clock_ahead(self, limit: datetime) -> tuple[int, datetime] | None:
        """The first record recorded after *limit*, and its recording time."""
        ...


def checked_chain(
    records: Iterable[StoredRecord], *, hash_v2_from: int = 1
) -> Iterator[StoredRecord]:
    """Yield *records* unchanged, checking as they pass that they are one whole chain.

    They must run from position 1 with no gap, each linking to the hash of the one
    before (the genesis hash first), each hashing to its stored hash, and with each
    partnership's versions running 1, 2, 3, ...; the first record that does not
    raises :class:`~govledger.errors.UsageError`. Records before *hash_v2_from* were
    sealed under hash definition 1 and are checked under it (and must hold no
    ``visible_from``). Stores' ``import_records`` use this, so an import can never write
    a chain that would not verify.
    """
    position, prev_hash = 0, GENESIS_HASH
    versions: dict[str, int] = {}
    for record in records:
        if not isinstance(record, StoredRecord):
            raise UsageError(f"import_records() takes StoredRecord objects, not {record!r}")
        if record.position != position + 1 or record.prev_hash != prev_hash:
            raise UsageError(
                f"the record at position {record.position} does not follow record {position} "
                f"(expected position {position + 1} linking to its hash): import a whole "
                "ledger, in position order, from its first record"
            )
        if record.position < hash_v2_from:
            true_hash = chain_hash(record.prev_hash, canonical_bytes(record, definition=1))
            if record.visible_from != date.min:
                true_hash = ""  # definition 1 did not hash it: it must be the safe value
        else:
            true_hash = seal(
                unsealed(record),
                position=record.position,
                version=record.version,
                recorded_at=record.recorded_at,
                prev_hash=record.prev_hash,
            ).hash
        if true_hash != record.hash:
            raise UsageError(
                f"the record at position {record.position} does not match its hash: it was "
                "changed after it was recorded; verify the ledger it came from"
            )
        version = versions.get(record.partnership, 0) + 1
        if record.version != version:
            raise UsageError(
                f"the record at position {record.position} is version {record.version} of "
                f"{record.partnership!r}, not {version}: each partnership's versions must "
                "run 1, 2, 3, ..."
            )
        versions[record.partnership] = version
        position, prev_hash = record.position, record.hash
        yield record


class ChainBroken(GovLedgerError):
    """The ledger's hash chain does not verify: a recorded event was changed, removed or moved.

    ``report`` is the full :class:`~govledger.store.VerificationReport`; ``position``
    and ``problem`` repeat its first bad position and the kind of damage.
    """

    def __init__(self, report: VerificationReport, *, path: str) -> None:
        self.report = report
        self.position: int | None = report.first_bad_position
        self.problem: ChainProblem | None = report.problem
        super().__init__(
            f"{path} fails verification at position {self.position} ({self.problem}): "
            f"{report.detail}. Do not record anything more in it: restore it from a backup "
            "or a trusted copy, or open it without verify=True to read what it holds."
        )
