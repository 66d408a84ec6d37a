"""What the ledger hands out: recorded entries, and the users' own folds over them."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from datetime import datetime
from typing import Final, Protocol, TypeVar

import attrs

from ..codec import decode_trusted
from ..events import Event
from ..store import EntryRows, EventStore, Query, StoredRecord
from ..upcasters import Upcasters

__all__ = ["KnownAt", "Projection", "RecordedEvent", "recorded", "recorded_entries"]

#: "As known at": a recording time (a timezone-aware datetime) or a ledger position.
KnownAt = datetime | int

_S = TypeVar("_S")


@attrs.frozen(kw_only=True)
class RecordedEvent:
    """An event as the ledger holds it: with its position and recording time.

    ``retracted_by`` is the position of the :class:`~govledger.events.EntryRetracted`
    that withdrew this entry, as far as the question's knowledge goes (``None`` if it
    stands).
    """

    position: int
    partnership: str
    version: int
    recorded_at: datetime
    event: Event
    hash: str
    retracted_by: int | None = None


class Projection(Protocol[_S]):
    """A user's own fold over the ledger, run by :meth:`Ledger.replay`.

    ``initial()`` gives the starting state; ``apply(state, entry)`` returns the state
    after one entry (it should not mutate *state* in place, so that a projection is
    a pure function of the entries). Entries arrive in fold order, (effective day,
    position), with corrections applied: a retracted entry never arrives, and a
    replacement arrives at its retraction's position.
    """

    def initial(self) -> _S:
        """The state before any entry."""
        ...

    def apply(self, state: _S, entry: RecordedEvent) -> _S:
        """The state after *entry*."""
        ...


def recorded(
    record: StoredRecord,
    retracted_by: int | None = None,
    *,
    upcasters: Upcasters | None = None,
) -> RecordedEvent:
    """*record* decoded (an older payload brought up to date by *upcasters*), as the
    ledger hands it out."""
    return RecordedEvent(
        position=record.position,
        partnership=record.partnership,
        version=record.version,
        recorded_at=record.recorded_at,
        event=decode_trusted(
            record.type, record.schema_version, record.payload, upcasters=upcasters
        ),
        hash=record.hash,
        retracted_by=retracted_by,
    )


def recorded_entries(
    store: EventStore,
    query: Query,
    retracted_by: Mapping[int, int],
    *,
    upcasters: Upcasters | None = None,
    leave_out: str | None = None,
) -> Iterator[RecordedEvent]:
    """The records *query* asks for, each as :func:`recorded` hands it out (withdrawn by
    the retraction at ``retracted_by[position]``, if any), except those of partnership
    *leave_out*.

    A store offering :class:`~govledger.store.EntryRows` streams plain tuples, and each
    entry is made without a record object in between; any other store is read through
    :meth:`~govledger.store.EventStore.read`.
    """
    withdrawn = retracted_by.get
    if not isinstance(store, EntryRows):
        for record in store.read(query):
            if record.partnership != leave_out:
                yield recorded(record, withdrawn(record.position), upcasters=upcasters)
        return
    for position, partnership, version, type_, schema, recorded_at, payload, hash_ in store.entries(
        query
    ):
        if partnership != leave_out:
            event = decode_trusted(type_, schema, payload, upcasters=upcasters)
            yield _entry(
                position, partnership, version, recorded_at, event, hash_, withdrawn(position)
            )


def _entry_maker() -> Callable[[int, str, int, datetime, Event, str, int | None], RecordedEvent]:
    """``RecordedEvent(...)`` of its fields in order, made once per entry read, so each
    slot is set through its descriptor instead of calling the class (whose ``__init__``
    checks and converts nothing: tests/test_ledger.py holds it to that)."""
    new = object.__new__
    position_is, partnership_is, version_is, recorded_at_is, event_is, hash_is, retracted_is = (
        vars(RecordedEvent)[field.name].__set__ for field in attrs.fields(RecordedEvent)
    )

    def entry(
        position: int,
        partnership: str,
        version: int,
        recorded_at: datetime,
        event: Event,
        hash_: str,
        retracted_by: int | None,
    ) -> RecordedEvent:
        made: RecordedEvent = new(RecordedEvent)
        position_is(made, position)
        partnership_is(made, partnership)
        version_is(made, version)
        recorded_at_is(made, recorded_at)
        event_is(made, event)
        hash_is(made, hash_)
        retracted_is(made, retracted_by)
        return made

    return entry


_entry: Final = _entry_maker()
