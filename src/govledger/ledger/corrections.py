"""Corrections: which entries stand, as known at a position.

An :class:`~govledger.events.EntryRetracted` withdraws the entry it names and may put
a replacement in its place, at the retraction's own position. Every answer the ledger
gives (state, standing, replay, history, the rules' recorded world) is folded from the
entries that stand: the stored entries in fold order, less those withdrawn and less
the retractions themselves, merged with the standing replacements. That merge is
written once, here (:meth:`Standing.merged`); it has the semantics of
:func:`govledger.projections.corrected`, streamed from the store.
"""

from __future__ import annotations

import heapq
from collections import OrderedDict
from collections.abc import Callable, Collection, Iterator
from datetime import date
from typing import Final, TypeVar

import attrs

from ..codec import decode_trusted
from ..events import EntryRetracted, Event, certain_from
from ..projections import order_key, visible_from
from ..store import LEDGER_PARTNERSHIP, EventStore, Query, StoredRecord
from ..upcasters import Upcasters
from .entries import RecordedEvent, recorded

__all__ = ["Corrections", "Decoder", "Standing", "by_order", "read_retractions", "withdrawn_by"]

#: Decoded entries an open ledger keeps for questions about a day (state, diff ...).
ENTRIES_KEPT: Final = 8_192

_T = TypeVar("_T")


class Decoder:
    """Decoded entries by position, the most recently used kept.

    Positions never change meaning in an append-only ledger, so an entry decoded once
    can answer every later question about a day; replay and history stream past it.
    Every entry the ledger reads is decoded here, an older payload brought up to date
    by *upcasters* (the release's own by default).
    """

    def __init__(self, size: int = ENTRIES_KEPT, *, upcasters: Upcasters | None = None) -> None:
        # one entry weighs one: a plain ordered dict, the hot loop of every question
        self._events: OrderedDict[int, Event] = OrderedDict()
        self._size = max(size, 1)
        self.upcasters = upcasters

    def decode(self, record: StoredRecord) -> Event:
        """*record*'s event, decoded afresh."""
        return decode_trusted(
            record.type, record.schema_version, record.payload, upcasters=self.upcasters
        )

    def decoded(self, record: StoredRecord) -> Event:
        """*record*'s event, from the entries kept if it is there."""
        events, position = self._events, record.position
        event = events.get(position)
        if event is not None:
            events.move_to_end(position)
            return event
        event = events[position] = decode_trusted(
            record.type, record.schema_version, record.payload, upcasters=self.upcasters
        )
        if len(events) > self._size:
            events.popitem(last=False)
        return event

    def recorded(self, record: StoredRecord, retracted_by: int | None = None) -> RecordedEvent:
        """*record* as the ledger hands it out (see :func:`~govledger.ledger.entries.recorded`)."""
        return recorded(record, retracted_by, upcasters=self.upcasters)

    def clear(self) -> None:
        self._events.clear()


def by_order(pair: tuple[int, Event]) -> tuple[date, int]:
    """The fold order of a ``(position, event)`` pair: effective day, then position."""
    return order_key(pair[1], pair[0])


def read_retractions(
    store: EventStore, partnership: str | None, known: int, upcasters: Upcasters | None = None
) -> dict[int, EntryRetracted]:
    """Every retraction recorded at or before position *known*, by position."""
    found: dict[int, EntryRetracted] = {}
    for record in store.read(
        Query(
            partnership=partnership,
            types=("EntryRetracted",),
            max_position=known,
            order="position",
        )
    ):
        event = decode_trusted(
            record.type, record.schema_version, record.payload, upcasters=upcasters
        )
        if isinstance(event, EntryRetracted):
            found[record.position] = event
    return found


def withdrawn_by(retractions: dict[int, EntryRetracted]) -> set[int]:
    """The positions *retractions* withdraw."""
    return {retraction.retracts for retraction in retractions.values()}


@attrs.frozen
class Corrections:
    """The retractions a question knows of, and the positions they withdraw.

    *withdrawn* may hold more than *retractions* withdraw: an append checks its
    recorded world with the entries its own new retractions withdraw left out.
    """

    #: Every retraction known, by position.
    retractions: dict[int, EntryRetracted]
    #: The positions that no longer stand.
    withdrawn: set[int]

    @classmethod
    def of(cls, retractions: dict[int, EntryRetracted]) -> Corrections:
        return cls(retractions, withdrawn_by(retractions))

    @classmethod
    def read(
        cls,
        store: EventStore,
        partnership: str | None,
        known: int,
        upcasters: Upcasters | None = None,
    ) -> Corrections:
        """The corrections of *partnership* (of every one if ``None``) known at *known*."""
        return cls.of(read_retractions(store, partnership, known, upcasters))

    def retracted_by(self) -> dict[int, int]:
        """The position of the retraction withdrawing each withdrawn position."""
        return {r.retracts: position for position, r in self.retractions.items()}

    def replacements(self, after: date | None = None) -> list[tuple[int, Event]]:
        """The standing replacements taking effect after *after*, in fold order."""
        found = [
            (position, retraction.replacement)
            for position, retraction in self.retractions.items()
            if retraction.replacement is not None
            and position not in self.withdrawn
            and (after is None or certain_from(retraction.replacement.effective) > after)
        ]
        return sorted(found, key=by_order)


class Standing:
    """The entries that stand, streamed from the store in fold order."""

    def __init__(self, store: EventStore, decoder: Decoder) -> None:
        self._store = store
        self._decoder = decoder

    def corrections(self, partnership: str | None, known: int) -> Corrections:
        """The corrections of *partnership* (of every one if ``None``) known at *known*."""
        return Corrections.read(self._store, partnership, known, self._decoder.upcasters)

    def pairs(
        self,
        partnership: str | None,
        known: int,
        corrections: Corrections,
        *,
        after: date | None = None,
        until: date | None = None,
        visible_by: date | None = None,
    ) -> Iterator[tuple[int, Event]]:
        """The standing entries as ``(position, event)``, as known at *known*."""
        decoded = self._decoder.decoded
        return self.merged(
            partnership,
            known,
            corrections,
            lambda record: (record.position, decoded(record)),
            lambda position, event: (position, event),
            by_order,
            after=after,
            until=until,
            visible_by=visible_by,
        )

    def entries(
        self,
        partnership: str | None,
        known: int,
        corrections: Corrections,
        *,
        until: date | None = None,
        wanted: Collection[str] | None = None,
    ) -> Iterator[RecordedEvent]:
        """The standing entries of the partnerships *wanted* (every one if ``None``) as
        :class:`RecordedEvent`; a replacement carries its retraction's record.

        Several partnerships *wanted* out of every one (a worker's share of a parallel
        replay) are read one partnership at a time and merged in fold order: the store
        reads only their records, by its partnership index, instead of sorting every
        record of the ledger and leaving most of them out.
        """
        headers = {
            record.position: record
            for record in self._store.read(
                Query(partnership=partnership, types=("EntryRetracted",), max_position=known)
            )
        }

        def replaced(position: int, event: Event) -> RecordedEvent:
            return attrs.evolve(self._decoder.recorded(headers[position]), event=event)

        def key(entry: RecordedEvent) -> tuple[date, int]:
            return order_key(entry.event, entry.position)

        if partnership is None and wanted is not None and len(wanted) > 1:
            return heapq.merge(
                *(
                    self.merged(
                        name, known, corrections, self._decoder.recorded, replaced, key, until=until
                    )
                    for name in sorted(wanted)
                ),
                key=key,
            )
        return self.merged(
            partnership,
            known,
            corrections,
            self._decoder.recorded,
            replaced,
            key,
            until=until,
            wanted=wanted,
        )

    def merged(
        self,
        partnership: str | None,
        known: int,
        corrections: Corrections,
        entry: Callable[[StoredRecord], _T],
        replaced: Callable[[int, Event], _T],
        key: Callable[[_T], tuple[date, int]],
        *,
        after: date | None = None,
        until: date | None = None,
        visible_by: date | None = None,
        wanted: Collection[str] | None = None,
    ) -> Iterator[_T]:
        """The one correction merge: stored entries that stand, and the standing
        replacements, in fold order; *entry* and *replaced* make what is yielded."""
        records = self._store.read(
            Query(
                partnership=partnership,
                after=after,
                until=until,
                visible_by=visible_by,
                max_position=known,
                order="effective",
            )
        )
        withdrawn = corrections.withdrawn
        stream = (
            entry(record)
            for record in records
            if record.position not in withdrawn
            and record.type != "EntryRetracted"
            and record.partnership != LEDGER_PARTNERSHIP  # the chain's own records
            and (wanted is None or record.partnership in wanted)  # decode only those asked
        )
        extra = [
            replaced(position, event)
            for position, event in corrections.replacements(after)
            if (until is None or certain_from(event.effective) <= until)
            and (visible_by is None or visible_from(event) <= visible_by)
            and (partnership is None or event.partnership == partnership)
            and (wanted is None or event.partnership in wanted)
        ]
        if not extra:
            return stream
        return heapq.merge(stream, extra, key=key)
