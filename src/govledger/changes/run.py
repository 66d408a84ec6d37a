"""The timeline: fold once, and compare each day's entities with the day before's.

What each event changes when it takes effect (:data:`TARGETS`) and what it sets a date
for (:data:`SCHEDULES`) are tables with an entry for every event type; the recorder
notes, day by day, the events that took effect and what they cite, so each change
cites the events behind it.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable
from datetime import date

from ..errors import UsageError
from ..events import (
    Authority,
    DelegatedDecisionTaken,
    Event,
    ResolutionRef,
    certain_from,
)
from ..projections import (
    CITED_TYPES,
    Fold,
    corrected,
    order_key,
)
from .compare import compare
from .entities import Entities, advance, day_after, thresholds
from .model import Change, ChangeKind, EntityType, checked_day, distinct
from .targets import SCHEDULES, TARGETS, Target, nothing

# --------------------------------------------------------------------------- the timeline


def _authority_of(event: Event) -> tuple[Authority, ...]:
    if isinstance(event, DelegatedDecisionTaken):
        return (ResolutionRef(resolution=event.decision),)  # the decision itself is citable
    found: tuple[Authority, ...] = getattr(event, "authorised_by", ())
    return found


class _Recorder:
    """Notes, day by day, which events took effect and what they cite.

    It feeds its :class:`Fold` and observes what each :meth:`Fold.feed` reports took
    effect (the event, and every waiting change it released): no subclass of the fold.
    """

    def __init__(self, partnership: str) -> None:
        self.fold = Fold(partnership)
        self.today: dict[tuple[EntityType, str], dict[ChangeKind, list[Authority]]] = {}
        self.scheduled: dict[Target, tuple[Authority, ...]] = {}
        self._scheduled_today: dict[Target, tuple[Authority, ...]] = {}

    def feed(self, event: Event) -> None:
        """Fold *event* in, and note what took effect."""
        for took in self.fold.feed(event):
            authority = _authority_of(took)
            for entity_type, entity, kind in TARGETS.get(type(took), nothing)(took):
                cited = self.today.setdefault((entity_type, entity), {}).setdefault(kind, [])
                cited.extend(authority)
            for target in SCHEDULES.get(type(took), nothing)(took):
                self._scheduled_today[target] = authority

    def lookup(
        self, entity_type: EntityType, entity: str, kind: ChangeKind, by_time: bool
    ) -> tuple[Authority, ...] | None:
        """The authority of a change on the current day, from the events behind it."""
        if by_time:  # cite the decision that set the date, as it stood before today
            scheduled = self.scheduled.get((entity_type, entity, kind))
            if scheduled is not None:
                return scheduled
        recorded = self.today.get((entity_type, entity), {})
        if kind in recorded:
            return distinct(recorded[kind])
        if recorded:
            return distinct(a for cited in recorded.values() for a in cited)
        return None

    def end_day(self) -> None:
        """Forget the day's events; schedules set today apply from tomorrow."""
        self.today.clear()
        self.scheduled.update(self._scheduled_today)
        self._scheduled_today.clear()


def checked_pairs(partnership: str, pairs: Iterable[tuple[int, Event]]) -> list[tuple[int, Event]]:
    """The pairs that stand once retractions are applied, as :func:`state_as_of` folds them.

    Besides the partnership's own entries, the pairs may hold the entries of decisions
    it cites from other partnerships (:mod:`govledger.projections.cited`), as
    :meth:`govledger.Ledger.standing` gives them.
    """
    checked = list(pairs)
    for position, event in checked:
        if event.partnership != partnership and type(event).__name__ not in CITED_TYPES:
            raise UsageError(
                f"the event at position {position} belongs to partnership "
                f"{event.partnership!r}, not {partnership!r}; pass only the partnership's own "
                "(position, event) pairs"
            )
    return corrected(checked)


def run_timeline(
    partnership: str, pairs: Iterable[tuple[int, Event]], until: date | None = None
) -> tuple[list[Change], Entities]:
    """Fold once, freezing the entities on each day something may change; diff each day.

    Only the entities an event touched that day, or whose date has come, are compared,
    so the work grows with the number of changes, not days times entities. Returns the
    changes (up to *until*, if given) and the entities after the last one.
    """
    ordered = sorted(
        checked_pairs(partnership, pairs), key=lambda pair: order_key(pair[1], pair[0])
    )
    recorder = _Recorder(partnership)
    kept, previous_day = Entities.empty(partnership), date.min
    changes: list[Change] = []
    due: list[date] = []  # days on which time alone may change something (a heap)
    due_entities: dict[date, set[tuple[EntityType, str]]] = {}  # ... and what it may change
    index = 0
    while index < len(ordered) or due:
        candidates = [due[0]] if due else []
        if index < len(ordered):
            candidates.append(certain_from(ordered[index][1].effective))
        day = min(candidates)
        if until is not None and day > until:
            break
        while due and due[0] == day:
            heapq.heappop(due)
        while index < len(ordered) and certain_from(ordered[index][1].effective) == day:
            recorder.feed(ordered[index][1])
            index += 1
        dirty = due_entities.pop(day, set()) | set(recorder.today)
        before, after = advance(kept, recorder.fold, day, sorted(dirty))
        found = compare(previous_day, day, recorder.lookup, before, after)
        recorder.end_day()
        changes.extend(found)
        for change in found:
            for last in thresholds(change.after):
                next_day = day_after(last)
                if next_day is not None and next_day > day:
                    if next_day not in due_entities:
                        heapq.heappush(due, next_day)
                    due_entities.setdefault(next_day, set()).add(
                        (change.entity_type, change.entity)
                    )
        previous_day = day
    return changes, kept


def timeline(partnership: str, pairs: Iterable[tuple[int, Event]]) -> tuple[Change, ...]:
    """Every dated change to *partnership*, in date order (a stable order within a day).

    *pairs* are the partnership's ``(position, event)`` pairs in any order, as for
    :func:`~govledger.projections.state_as_of` (retractions among them are applied
    first, as there). The events are folded once; the state
    is frozen on each day an event takes effect and on each day time alone changes
    something (the day after a notice, a temporary title, a term or a delegation
    runs out), and consecutive days are compared. Changes scheduled for days still to
    come (notice running out next year) are included.

    Raises :class:`~govledger.errors.UsageError` if a pair belongs to another
    partnership.
    """
    return tuple(run_timeline(partnership, pairs)[0])


def diff(
    partnership: str, pairs: Iterable[tuple[int, Event]], from_date: date, to_date: date
) -> tuple[Change, ...]:
    """The changes to *partnership* after *from_date*, up to and including *to_date*.

    The :func:`timeline` sliced to ``from_date < on <= to_date``: applied in order to the
    state on *from_date* (see :func:`apply_changes`), they give the state on *to_date*.
    ``diff(p, pairs, d, d)`` is empty.

    Raises :class:`~govledger.errors.UsageError` if *from_date* is after *to_date*.
    """
    checked_day("from_date", from_date)
    checked_day("to_date", to_date)
    if from_date > to_date:
        raise UsageError(
            f"from_date {from_date} is after to_date {to_date}; pass the earlier date first"
        )
    changes, _ = run_timeline(partnership, pairs, until=to_date)
    return tuple(c for c in changes if c.on > from_date)
