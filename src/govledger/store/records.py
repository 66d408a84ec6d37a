"""The records a store keeps, and the one question it answers: :class:`Query`.

A :class:`NewRecord` is what the ledger hands the store for one event, already encoded;
a :class:`StoredRecord` is what the store gives back, with its position, version,
recording time and hashes; a :class:`Checkpoint` is a saved fold, a cache and never the
truth. A :class:`Query` is a frozen, validated value saying which records to read and
in which order. Nothing here imports a database driver or knows an event class.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any, Final, Literal, get_args

import attrs

from ..errors import UsageError

__all__ = [
    "EVERY_RECORD",
    "MAX_PAYLOAD_BYTES",
    "Checkpoint",
    "EntryRow",
    "NewRecord",
    "Query",
    "ReadOrder",
    "StoredRecord",
    "check_busy_timeout",
    "check_clock",
    "check_day",
    "check_moment",
    "check_partnership",
    "check_position",
    "check_query",
    "check_record",
    "check_types",
    "check_v2_from",
    "iso_timestamp",
    "unsealed",
]

#: The largest payload one record may hold, in UTF-8 bytes.
MAX_PAYLOAD_BYTES: Final = 1_048_576

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
    #: effective day. Stores keep it (hashed, like every stored column) so that a query
    #: on a day need not read every later event.
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
    #: See :attr:`NewRecord.visible_from`; never later than ``effective``. Hashed under
    #: definition 2; records sealed under definition 1 hold ``date.min`` here ("may show
    #: on any day", always safe), which verification checks.
    visible_from: date = date.min


#: One record as :meth:`~govledger.store.EntryRows.entries` streams it: the columns the
#: ledger hands out with each entry, ``(position, partnership, version, type,
#: schema_version, recorded_at, payload, hash)``, as a plain tuple (``recorded_at`` an
#: aware UTC datetime, as in :class:`StoredRecord`).
EntryRow = tuple[int, str, int, str, int, datetime, str, str]


def unsealed(record: StoredRecord) -> NewRecord:
    """The :class:`NewRecord` that *record* was sealed from (for re-hashing and checking
    records that another store sealed)."""
    return NewRecord(
        partnership=record.partnership,
        type=record.type,
        schema_version=record.schema_version,
        effective=record.effective,
        payload=record.payload,
        visible_from=record.visible_from,
    )


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
    #: How many entries were folded into it (spaces checkpoints geometrically).
    entries: int = 0
    #: The stored hash of the record at :attr:`position`: the chain head it was folded
    #: through. Stores fill it in when saving; a checkpoint is used only while the
    #: record at its position still has this hash.
    chain_hash: str = ""
    #: :func:`checkpoint_digest` of the checkpoint, keyed to :attr:`chain_hash`.
    digest: str = ""


def check_clock(clock: object, *, where: str, in_memory: bool) -> None:
    """Refuse a *clock* that is not a function, or a hand-set clock on a real ledger.

    Recorded time comes from the store: only an in-memory ledger takes any clock, a
    file or server ledger only a test's (:class:`govledger.testing.TestClock`, which
    carries ``govledger_test_clock = True``).
    """
    if clock is None:
        return
    if not callable(clock):
        raise UsageError(f"clock must be a function returning a datetime, not {clock!r}")
    if not in_memory and getattr(clock, "govledger_test_clock", False) is not True:
        raise UsageError(
            f"clock= sets recording times by hand, which {where} does not accept: a file or "
            "server ledger records the time from its own clock, so no client can date "
            "entries as it pleases. In a test, wrap the clock as "
            "govledger.testing.TestClock(your_clock); otherwise leave clock= out"
        )


def iso_timestamp(moment: datetime) -> str:
    """Write an aware *moment* as fixed-width ISO UTC with microseconds.

    >>> iso_timestamp(datetime(2026, 11, 23, 12, 0, tzinfo=UTC))
    '2026-11-23T12:00:00.000000+00:00'
    """
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


# ------------------------------------------------------------------- argument checks


def check_partnership(partnership: object) -> str:
    """*partnership*, if it is a partnership id string; else ``UsageError``."""
    if not isinstance(partnership, str):
        raise UsageError(f"partnership must be a partnership id string, not {partnership!r}")
    return partnership


def check_day(name: str, value: object) -> date:
    """*value*, if it is a date (not a datetime); else ``UsageError`` naming *name*."""
    if isinstance(value, datetime) or not isinstance(value, date):
        raise UsageError(f"{name} must be a datetime.date such as date(2022, 9, 1), not {value!r}")
    return value


def check_moment(name: str, value: object) -> datetime:
    """*value*, if it is a timezone-aware datetime; else ``UsageError`` naming *name*."""
    if not isinstance(value, datetime) or value.utcoffset() is None:
        raise UsageError(
            f"{name} must be a timezone-aware datetime such as "
            f"datetime(2026, 1, 5, 9, 0, tzinfo=UTC), not {value!r}"
        )
    return value


def check_position(value: object) -> int:
    """*value*, if it is a whole number (not a bool); else ``UsageError``."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise UsageError(f"max_position must be a whole number, not {value!r}")
    return value


def check_types(types: object) -> list[str]:
    """*types* as a list, if it is a sequence of type names (not one string)."""
    if isinstance(types, str) or not isinstance(types, Sequence):
        raise UsageError(f"types must be a list of event type names, not {types!r}")
    for name in types:
        if not isinstance(name, str):
            raise UsageError(f"types must hold event type names (strings), not {name!r}")
    return list(types)


def check_v2_from(value: object) -> int:
    """*value*, if it is a position >= 1 (where hash definition 2 begins)."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise UsageError(f"hash_v2_from must be a position >= 1, not {value!r}")
    return value


def check_busy_timeout(busy_timeout: object) -> None:
    """Refuse a *busy_timeout* that is not a number of seconds >= 0."""
    if isinstance(busy_timeout, bool) or not isinstance(busy_timeout, int | float):
        raise UsageError(f"busy_timeout must be a number of seconds, not {busy_timeout!r}")
    if not busy_timeout >= 0:
        raise UsageError(f"busy_timeout must be 0 or more seconds, not {busy_timeout!r}")


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


def check_record(record: object) -> NewRecord:
    """*record*, if it is a :class:`NewRecord` a store can keep; else ``UsageError``."""
    if not isinstance(record, NewRecord):
        raise UsageError(f"append() takes NewRecord objects, not {record!r}")
    _check_text("partnership", record.partnership, empty=False)
    _check_text("type", record.type, empty=False)
    _check_text("payload", record.payload, empty=True)
    size = len(record.payload.encode("utf-8"))
    if size > MAX_PAYLOAD_BYTES:
        raise UsageError(
            f"the payload is {size:,} bytes, more than the {MAX_PAYLOAD_BYTES:,}-byte limit "
            "for one record; split the event into smaller ones"
        )
    version = record.schema_version
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise UsageError(f"schema_version must be a whole number >= 1, not {version!r}")
    check_day("effective", record.effective)
    if record.visible_from is not None:
        check_day("visible_from", record.visible_from)
    return record


# ------------------------------------------------------------------------- the query


def _optional(check: Any) -> Any:
    def validate(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is not None:
            check(attribute.name, value)

    return validate


def _types(value: object) -> tuple[str, ...] | None:
    return None if value is None else tuple(check_types(value))


def _order(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value not in get_args(ReadOrder):
        raise UsageError(f"order must be 'effective' or 'position', not {value!r}")


@attrs.frozen(kw_only=True)
class Query:
    """Which records :meth:`~govledger.store.EventStore.read` streams, and in which order.

    Every filter given must hold. *until* keeps records with ``effective <= until`` and
    *after* those with ``effective > after``; *visible_by* keeps records with
    ``visible_from <= visible_by``; *max_position* and *recorded_by* keep records at or
    before that position / recording time (for "as known at" questions); *types* keeps
    records of those type names; *after_position* keeps records after that position.
    ``"effective"`` order is (effective, position). A value of the wrong kind raises
    :class:`~govledger.errors.UsageError` when the query is made.

    >>> Query(partnership="cdc-occ", until=date(2022, 9, 1)).order
    'effective'
    >>> Query(types=["PostRetitled"]).types
    ('PostRetitled',)
    """

    partnership: str | None = attrs.field(
        default=None, validator=_optional(lambda _name, value: check_partnership(value))
    )
    until: date | None = attrs.field(default=None, validator=_optional(check_day))
    max_position: int | None = attrs.field(
        default=None, validator=_optional(lambda _name, value: check_position(value))
    )
    recorded_by: datetime | None = attrs.field(default=None, validator=_optional(check_moment))
    after: date | None = attrs.field(default=None, validator=_optional(check_day))
    visible_by: date | None = attrs.field(default=None, validator=_optional(check_day))
    types: tuple[str, ...] | None = attrs.field(default=None, converter=_types)
    after_position: int | None = attrs.field(
        default=None, validator=_optional(lambda _name, value: check_position(value))
    )
    order: ReadOrder = attrs.field(default="effective", validator=_order)


#: The query of every record, in (effective, position) order: ``read()``'s default.
EVERY_RECORD: Final = Query()


def check_query(query: object) -> Query:
    """*query*, if it is a :class:`Query`; else ``UsageError`` saying how to make one."""
    if not isinstance(query, Query):
        raise UsageError(
            f"read() takes a govledger.store.Query such as Query(partnership='cdc-occ'), "
            f"not {query!r}"
        )
    return query
