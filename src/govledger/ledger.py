"""The facade users import: record decisions, read them back, ask for a state."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from datetime import date, datetime
from types import TracebackType

import attrs

from .codec import decode, encode
from .errors import ConcurrencyError, UnknownPartnership, UsageError
from .events import Event, certain_from
from .projections import PartnershipState, state_as_of
from .rules import check_batch
from .store import EventStore, NewRecord, SQLiteStore, StoredRecord

__all__ = ["Ledger", "RecordedEvent"]


@attrs.frozen(kw_only=True)
class RecordedEvent:
    """An event as the ledger holds it: with its position and recording time."""

    position: int
    partnership: str
    version: int
    recorded_at: datetime
    event: Event
    hash: str


def _recorded(record: StoredRecord) -> RecordedEvent:
    return RecordedEvent(
        position=record.position,
        partnership=record.partnership,
        version=record.version,
        recorded_at=record.recorded_at,
        event=decode(record.type, record.schema_version, record.payload),
        hash=record.hash,
    )


def _check_day(name: str, value: object) -> date:
    if isinstance(value, datetime) or not isinstance(value, date):
        raise UsageError(f"{name} must be a datetime.date such as date(2022, 9, 1), not {value!r}")
    return value


class Ledger:
    """An append-only record of partnership decisions, and their state on any date.

    >>> with Ledger.open(":memory:") as ledger:
    ...     ledger.partnerships()
    []
    """

    def __init__(self, store: EventStore) -> None:
        self._store = store

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str] = ":memory:",
        *,
        clock: Callable[[], datetime] | None = None,
    ) -> Ledger:
        """Open the ledger at *path*, creating it if the file does not exist.

        ``":memory:"`` gives a private in-memory ledger. A file that is not a govledger
        database is refused with :class:`~govledger.errors.NotALedger`. *clock* (a
        function returning an aware UTC datetime) sets the recording time; by default
        the system clock.
        """
        return cls(SQLiteStore.open(path, clock=clock))

    # ---------------------------------------------------------------- writing

    def append(
        self, *events: Event, expected_version: int | None = None
    ) -> tuple[RecordedEvent, ...]:
        """Record *events* in one transaction, or none of them.

        Every event is checked against the domain rules on its effective date, and
        every later event of its partnership is checked again, so a back-dated entry
        cannot make later history invalid. *expected_version* (for a batch of one
        partnership) is the partnership's version you last read: if another writer has
        appended since, :class:`~govledger.errors.ConcurrencyError` is raised and
        nothing is written.
        """
        if not events:
            raise UsageError("append() needs at least one event")
        encoded = [(event, *encode(event)) for event in events]  # InvalidEvent on bad input
        partnerships = list(dict.fromkeys(event.partnership for event in events))
        if expected_version is not None and len(partnerships) != 1:
            raise UsageError(
                "expected_version applies to one partnership; this batch names "
                f"{', '.join(partnerships)}: append each partnership's events separately"
            )
        if expected_version is not None and (
            not isinstance(expected_version, int) or expected_version < 0
        ):
            raise UsageError(
                f"expected_version must be a whole number >= 0, not {expected_version!r}"
            )
        with self._store.write() as session:
            next_position = session.last_position() + 1
            for partnership in partnerships:
                found = session.version(partnership)
                if expected_version is not None and found != expected_version:
                    raise ConcurrencyError(
                        partnership=partnership, expected=expected_version, found=found
                    )
                recorded = [
                    (record.position, decode(record.type, record.schema_version, record.payload))
                    for record in session.read(partnership)
                ]
                new: list[tuple[int, Event]] = []
                for index, event in enumerate(events):
                    if event.partnership == partnership:
                        new.append((next_position + index, event))
                check_batch(partnership, recorded, new)
            stored = session.append(
                [
                    NewRecord(
                        partnership=event.partnership,
                        type=name,
                        schema_version=version,
                        effective=certain_from(event.effective),
                        payload=payload,
                    )
                    for event, name, version, payload in encoded
                ]
            )
        return tuple(
            RecordedEvent(
                position=record.position,
                partnership=record.partnership,
                version=record.version,
                recorded_at=record.recorded_at,
                event=event,
                hash=record.hash,
            )
            for record, event in zip(stored, events, strict=True)
        )

    # ---------------------------------------------------------------- reading

    def partnerships(self) -> list[str]:
        """Every partnership id with at least one recorded event, sorted."""
        return self._store.partnerships()

    def version(self, partnership: str) -> int:
        """How many events *partnership* has: the ``expected_version`` for the next append."""
        return self._store.version(partnership)

    def history(self, partnership: str, until: date | None = None) -> Iterator[RecordedEvent]:
        """The partnership's recorded events in effective-date order (then position).

        With *until*, only events certainly in effect on or before that day.
        """
        self._require(partnership)
        if until is not None:
            _check_day("until", until)
        for record in self._store.read(partnership=partnership, until=until, order="effective"):
            yield _recorded(record)

    def events(self) -> Iterator[RecordedEvent]:
        """Every recorded event of every partnership, in the order it was recorded."""
        for record in self._store.read(order="position"):
            yield _recorded(record)

    def state(self, partnership: str, as_of: date) -> PartnershipState:
        """The partnership as it stood on *as_of*: a frozen :class:`PartnershipState`."""
        _check_day("as_of", as_of)
        self._require(partnership)
        pairs = [
            (record.position, decode(record.type, record.schema_version, record.payload))
            for record in self._store.read(partnership=partnership, order="effective")
        ]
        return state_as_of(partnership, pairs, as_of)

    def _require(self, partnership: str) -> None:
        if self._store.version(partnership) == 0:
            known = ", ".join(self._store.partnerships()) or "none yet"
            raise UnknownPartnership(
                f"no partnership {partnership!r} is recorded in this ledger (known: {known})"
            )

    # ---------------------------------------------------------------- lifetime

    def close(self) -> None:
        """Close the underlying database; the ledger cannot be used afterwards."""
        self._store.close()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
