"""What-if: the ledger as if some events were appended, with nothing written.

:meth:`Ledger.what_if(*events) <govledger.Ledger.what_if>` checks *events* exactly
as :meth:`~govledger.Ledger.append` would (the same encoding checks, the same domain
rules on their effective dates, later history checked again) and returns a
:class:`WhatIf`: a read-only view answering :meth:`~WhatIf.state`,
:meth:`~WhatIf.history`, :meth:`~WhatIf.diff`, :meth:`~WhatIf.timeline` and
:meth:`~WhatIf.council` as the ledger would once they were appended. Nothing is
written and no lock is held: others may read and append meanwhile, and the view keeps
answering as of the moment it was made (the ledger's position then, plus the
supposed events), like Datomic's ``d/with`` or XTDB's speculative transactions.

The supposed events get the positions they would have had, just after the ledger's
last entry when the view was made; their ``recorded_at`` is the time the view was
made and their ``hash`` is empty (they are not in the hash chain).

>>> from datetime import date
>>> from govledger import Citation, Ledger, Member, PartnershipFormed
>>> with Ledger.open(":memory:") as ledger:
...     view = ledger.what_if(
...         PartnershipFormed(
...             partnership="a-b", effective=date(2020, 1, 1), name="A and B",
...             authorised_by=(Citation(document="Agreement"),),
...             members=(Member(council="a", name="A"), Member(council="b", name="B")),
...         )
...     )
...     (view.state("a-b", date(2020, 6, 1)).exists, ledger.partnerships())
(True, [])
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import attrs

from . import changes
from .council import CouncilView, council_view
from .errors import UnknownPartnership, UsageError
from .events import EntryRetracted, Event
from .projections import (
    PartnershipState,
    cited_withdrawn,
    corrected,
    order_key,
    state_as_of,
    with_cited_pairs,
)

if TYPE_CHECKING:
    from datetime import date

    from .ledger import Ledger, RecordedEvent

__all__ = ["WhatIf"]


class WhatIf:
    """The ledger as it would be with some events appended; read-only, nothing written.

    Made by :meth:`Ledger.what_if <govledger.Ledger.what_if>`. ``base`` is the
    ledger position the view builds on; ``supposed`` the events as they would be
    recorded (with provisional positions).
    """

    def __init__(self, ledger: Ledger, base: int, supposed: Sequence[RecordedEvent]) -> None:
        self._ledger = ledger
        self.base = base
        self.supposed: tuple[RecordedEvent, ...] = tuple(supposed)

    def __repr__(self) -> str:
        return f"<WhatIf on position {self.base} with {len(self.supposed)} supposed event(s)>"

    # ---------------------------------------------------------------- helpers

    def partnerships(self) -> list[str]:
        """Every partnership id the ledger would hold, sorted."""
        known = set(self._known_partnerships())
        return sorted(known | {entry.partnership for entry in self.supposed})

    def _known_partnerships(self) -> list[str]:
        if self.base == 0:
            return []
        found = []
        for name in self._ledger.partnerships():
            try:
                self._ledger._require(name, self.base)
            except UnknownPartnership:
                continue  # first recorded after this view was made
            found.append(name)
        return found

    def _require(self, partnership: str) -> None:
        if not isinstance(partnership, str):
            raise UsageError(f"partnership must be a partnership id string, not {partnership!r}")
        if partnership not in self.partnerships():
            known = ", ".join(self.partnerships()) or "none yet"
            raise UnknownPartnership(
                f"no partnership {partnership!r} is recorded in this ledger, nor supposed "
                f"in this what-if (known: {known})"
            )

    def _entries(self, partnership: str) -> list[RecordedEvent]:
        """Every entry of *partnership*, recorded (as of ``base``) and supposed, as logged."""
        recorded: list[RecordedEvent] = []
        if partnership in self._known_partnerships():
            recorded = list(self._ledger.history(partnership, known_at=self.base))
        mine = [entry for entry in self.supposed if entry.partnership == partnership]
        if not mine:
            return recorded
        by = {
            entry.event.retracts: entry.position
            for entry in mine
            if isinstance(entry.event, EntryRetracted)
        }
        recorded = [
            attrs.evolve(entry, retracted_by=by[entry.position])
            if entry.position in by and entry.retracted_by is None
            else entry
            for entry in recorded
        ]
        mine = [
            attrs.evolve(entry, retracted_by=by[entry.position]) if entry.position in by else entry
            for entry in mine
        ]
        return sorted([*recorded, *mine], key=lambda e: order_key(e.event, e.position))

    def _own_pairs(self, partnership: str) -> list[tuple[int, Event]]:
        return [(entry.position, entry.event) for entry in self._entries(partnership)]

    def _pairs(self, partnership: str, as_of: date | None = None) -> list[tuple[int, Event]]:
        """What *partnership*'s state is folded from: its entries as logged, and the
        standing entries of decisions it cites from other partnerships (those a state
        on *as_of* reads, if given)."""
        return with_cited_pairs(partnership, self._own_pairs, self.partnerships(), as_of)

    # ---------------------------------------------------------------- questions

    def state(self, partnership: str, as_of: date) -> PartnershipState:
        """The partnership on *as_of*, as it would stand with the supposed events."""
        from .ledger.asking import check_day

        check_day("as_of", as_of)
        self._require(partnership)
        withdrawn = cited_withdrawn(partnership, self._own_pairs, self.partnerships(), as_of)
        return state_as_of(partnership, self._pairs(partnership, as_of), as_of, withdrawn)

    def history(self, partnership: str, until: date | None = None) -> Iterator[RecordedEvent]:
        """The partnership's entries in effective-date order, the supposed ones included."""
        from .ledger.asking import check_day

        self._require(partnership)
        if until is not None:
            check_day("until", until)
        for entry in self._entries(partnership):
            if until is None or order_key(entry.event, entry.position)[0] <= until:
                yield entry

    def standing(self, partnership: str) -> list[tuple[int, Event]]:
        """The entries that would stand, as ``(position, event)`` in fold order."""
        self._require(partnership)
        return sorted(corrected(self._pairs(partnership)), key=lambda p: order_key(p[1], p[0]))

    def timeline(self, partnership: str) -> tuple[changes.Change, ...]:
        """Every dated change to *partnership*; see :func:`govledger.changes.timeline`."""
        self._require(partnership)
        return changes.timeline(partnership, self._pairs(partnership))

    def diff(self, partnership: str, from_date: date, to_date: date) -> tuple[changes.Change, ...]:
        """The changes after *from_date* up to *to_date*; see :func:`govledger.changes.diff`."""
        from .ledger.asking import check_day

        check_day("from_date", from_date)
        check_day("to_date", to_date)
        self._require(partnership)
        return changes.diff(partnership, self._pairs(partnership), from_date, to_date)

    def council(self, council: str, *, as_of: date) -> CouncilView:
        """What *council* would be party to on *as_of*; see :meth:`Ledger.council`."""
        from .ledger.asking import check_day

        check_day("as_of", as_of)
        return council_view(
            council, as_of, (self.state(name, as_of) for name in self.partnerships())
        )


def supposed_entries(
    events: Sequence[Event], last: int, versions: dict[str, int], now: datetime | None = None
) -> list[RecordedEvent]:
    """The entries *events* would become if appended after position *last*."""
    from .ledger import RecordedEvent

    when = now or datetime.now(UTC)
    counts = dict(versions)
    entries: list[RecordedEvent] = []
    for index, event in enumerate(events):
        counts[event.partnership] = counts.get(event.partnership, 0) + 1
        entries.append(
            RecordedEvent(
                position=last + 1 + index,
                partnership=event.partnership,
                version=counts[event.partnership],
                recorded_at=when,
                event=event,
                hash="",
            )
        )
    return entries
