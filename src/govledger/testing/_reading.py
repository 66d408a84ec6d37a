"""Reading a partnership's events and states for the invariants: the days its state
can change, its decisions as corrected, and its states folded as the ledger folds them.

Imported through :mod:`govledger.testing.invariants`, where these are documented.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import date, timedelta

from ..events import (
    EndingStageReached,
    EntryRetracted,
    Event,
    NoticeGiven,
    Period,
    PostHolderAppointed,
    PostRetitled,
    PostTermExtended,
    ResolutionPassed,
    certain_from,
    earliest,
)
from ..ledger import Ledger
from ..projections import (
    PartnershipState,
    cited_by,
    cited_entries,
    cited_withdrawn,
    corrected,
    foreign_refs,
    state_as_of,
    visible_from,
    with_cited_pairs,
)

__all__ = [
    "key_dates",
    "partnership_events",
    "standing_resolutions",
    "state_in_log",
    "states_on",
]


def key_dates(events: Iterable[Event]) -> list[date]:
    """The days on which a partnership's state can change, and the day before each.

    Every effective date, the first day of a stated period, and the day after a
    notice, a temporary title, a term or a call-in window runs out.
    """
    days: set[date] = set()
    for event in _with_replacements(events):
        day = certain_from(event.effective)
        days.update((day - timedelta(days=1), day))
        if isinstance(event.effective, Period) and event.effective.earliest is not None:
            days.add(event.effective.earliest)
        if isinstance(event, ResolutionPassed) and event.decided is not None:
            days.add(earliest(event.decided))  # announced as pending from then
        days.update(_expiries(event))
    return sorted(d for d in days if d.year >= 1800)


def _with_replacements(events: Iterable[Event]) -> Iterator[Event]:
    for event in events:
        yield event
        if isinstance(event, EntryRetracted) and event.replacement is not None:
            yield event.replacement


def standing_resolutions(events: Iterable[Event]) -> dict[str, ResolutionPassed]:
    """Each decision among *events* (in the order appended) as it stands once corrected.

    A later :class:`~govledger.events.EntryRetracted` whose replacement is a decision of
    the same id (a correction of its meeting status, an outcome, its title) stands in
    for the decision it corrects. *events* are a partnership's events as known at some
    time: pass those appended by then to check a state asked ``known_at`` then.
    """
    found: dict[str, ResolutionPassed] = {}
    for event in events:
        if isinstance(event, ResolutionPassed):
            found[event.resolution] = event
        elif isinstance(event, EntryRetracted) and isinstance(event.replacement, ResolutionPassed):
            found[event.replacement.resolution] = event.replacement
    return found


def _expiries(event: Event) -> list[date]:
    ends: list[date] = []
    match event:
        case NoticeGiven():
            ends.append(event.notice_ends)
        case EndingStageReached() if event.ends is not None:
            ends.append(event.ends)
        case PostRetitled() if event.until is not None:
            ends.append(certain_from(event.until))
        case PostHolderAppointed() | PostTermExtended() if event.term_ends is not None:
            ends.append(certain_from(event.term_ends))
        case ResolutionPassed() if event.call_in_deadline is not None:
            ends.append(event.call_in_deadline)
        case _:
            pass
    return [end + timedelta(days=1) for end in ends if end.year < 2200]


def partnership_events(ledger: Ledger, partnership: str) -> list[tuple[int, Event]]:
    """The partnership's ``(position, event)`` pairs, read once from the ledger: its own
    log, and, when its changes cite decisions of other partnerships
    (``ResolutionRef(partnership=...)``), the standing entries of those decisions that
    its states are folded with (see :meth:`~govledger.Ledger.standing`)."""
    own = [(r.position, r.event) for r in ledger.history(partnership)]
    if not any(foreign_refs(event) for _, event in own):
        return own
    cited = [pair for pair in ledger.standing(partnership) if pair[1].partnership != partnership]
    return own + cited


def states_on(
    ledger: Ledger,
    partnership: str,
    days: Iterable[date],
    pairs: Sequence[tuple[int, Event]] | None = None,
) -> list[PartnershipState]:
    """The partnership's state on each of *days* (in the order given), from one read.

    *pairs* are the partnership's ``(position, event)`` pairs if already read (as
    :func:`partnership_events` reads them). A state is folded as the ledger folds it:
    with the story of each decision of another partnership cited by the entries that
    show by its day (in effect, or visible as upcoming), and of no other.
    """
    pairs = partnership_events(ledger, partnership) if pairs is None else pairs
    cited = [pair for pair in pairs if pair[1].partnership != partnership]
    if not cited:
        return [state_as_of(partnership, pairs, day) for day in days]
    own = [pair for pair in pairs if pair[1].partnership == partnership]
    standing = corrected(own)
    found: list[PartnershipState] = []
    for day in days:  # as the ledger reads it: the decisions cited by what shows by then
        shown = [
            pair
            for pair in standing
            if certain_from(pair[1].effective) <= day or visible_from(pair[1]) <= day
        ]
        story = [
            pair
            for other, decisions in cited_by(shown).items()
            for pair in cited_entries(decisions, [c for c in cited if c[1].partnership == other])
        ]
        found.append(state_as_of(partnership, own + story, day))
    return found


def state_in_log(partnership: str, log: Iterable[tuple[int, Event]], day: date) -> PartnershipState:
    """The partnership's state on *day*, folded from *log* alone, as the ledger folds it.

    *log* is ``(position, event)`` for every entry appended, of every partnership (say
    ``enumerate(world.events, start=1)``). The state is folded from the partnership's
    own entries and the standing story of each decision it cites from another
    partnership by what shows on *day* (in effect, or visible as upcoming); a change
    citing a decision withdrawn there says so. Pure: an oracle to hold a ledger's
    answer against, which reads nothing from the ledger.
    """
    logged: dict[str, list[tuple[int, Event]]] = {}
    for position, event in log:
        logged.setdefault(event.partnership, []).append((position, event))

    def pairs_of(name: str) -> list[tuple[int, Event]]:
        return logged.get(name, [])

    fed = with_cited_pairs(partnership, pairs_of, logged, day)
    withdrawn = cited_withdrawn(partnership, pairs_of, logged, day)
    return state_as_of(partnership, fed, day, withdrawn or None)
