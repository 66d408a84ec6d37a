"""Drawing helpers for the world model: :class:`Step`, :class:`Gen`, citations,
authorities and votes.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import TypeVar

import attrs
from hypothesis import strategies as st

from ...events import (
    Authority,
    Citation,
    CouncilBody,
    DateSpec,
    Event,
    MotionKind,
    MotionPurpose,
    MotionResult,
    NamedVote,
    Outcome,
    Period,
    ResolutionRef,
    Tally,
    Vote,
    VotePosition,
    certain_from,
    label_key,
)
from .. import _vocabulary as words
from .world import Citable, Partnership, World

_T = TypeVar("_T")


# --------------------------------------------------------------------------- drawing


@attrs.define(eq=False)
class Step:
    """What one step produced: events to append now, in order, and events to hold back."""

    append: list[Event] = attrs.Factory(list)
    hold: list[Event] = attrs.Factory(list)


class Gen:
    """Draw helpers over a hypothesis draw function (from ``@composite`` or ``data()``)."""

    def __init__(self, draw: st.DrawFn, world: World) -> None:
        self.draw = draw
        self.world = world

    def pick(self, items: Sequence[_T]) -> _T:
        return self.draw(st.sampled_from(items))

    def chance(self, percent: int) -> bool:
        """True *percent* times in a hundred; shrinks towards False."""
        return self.draw(st.integers(min_value=0, max_value=99)) >= 100 - percent

    def number(self, low: int, high: int) -> int:
        return self.draw(st.integers(min_value=low, max_value=high))

    def some(self, items: Sequence[_T], low: int, high: int) -> list[_T]:
        high = min(high, len(items))
        if high < low:
            return []
        return self.draw(st.lists(st.sampled_from(items), min_size=low, max_size=high, unique=True))

    def elsewhere_choices(self, p: Partnership, day: date) -> Sequence[ResolutionRef]:
        """What a change in *p* on *day* may cite in another partnership: the scan of
        :func:`citable_elsewhere` (the benchmark generator reads the world's index)."""
        return citable_elsewhere(self, p, day)

    def after(self, day: date, gap: int | None = None) -> date:
        """A day after *day*, at most *gap* days later and never after the world's end."""
        span = self.world.gap if gap is None else max(1, gap)
        latest = min(day + timedelta(days=span), self.world.end)
        return day + timedelta(days=self.number(1, max(1, (latest - day).days)))

    def when(self, p: Partnership, *, periods: bool = True) -> tuple[DateSpec, date]:
        """The next effective date of *p*: a day, or a stated period ending on that day."""
        day = self.after(p.day)
        if periods and self.chance(15):
            period = self._period_ending(day, p.day)
            if period is not None:
                p.day = certain_from(period)
                return period, p.day
        p.day = day
        return day, day

    def _period_ending(self, day: date, floor: date) -> Period | None:
        form = self.pick(("month", "week", "year-end", "before"))
        if form == "month":
            latest = words.month_end(day)
            return self._period(latest.replace(day=1), latest, words.month_words(latest))
        if form == "week" and day.day <= 7:
            latest = day.replace(day=7)
            return self._period(day.replace(day=1), latest, words.first_week_words(latest))
        if form == "year-end" and day.month == 3:
            latest = day.replace(day=31)
            return self._period(latest, latest, words.year_end_words(latest))
        if form == "before" and day > floor:
            words_ = f"before {words.long_date(day + timedelta(days=1))}"
            return self._period(None, day, words_)
        return None

    def _period(self, low: date | None, latest: date, text: str) -> Period | None:
        if latest > self.world.end:
            return None
        return Period(earliest=low, latest=latest, words=text)

    def later_spec(self, day: date, *, low: int = 30, high: int = 730) -> DateSpec:
        """A date (or the end of a financial year) some time after *day*."""
        target = day + timedelta(days=self.number(low, high))
        if self.chance(25):
            year_end = date(target.year if target.month <= 3 else target.year + 1, 3, 31)
            return Period(earliest=year_end, latest=year_end, words=words.year_end_words(year_end))
        return target


# --------------------------------------------------------------------------- authority


def citation(g: Gen, day: date) -> Citation:
    document = g.pick(words.DOCUMENTS)
    dated: date | None = day - timedelta(days=g.number(0, 60)) if g.chance(50) else None
    year = (dated or day).year
    return Citation(document=f"{document} {year}", dated=dated)


def authority_for(g: Gen, p: Partnership, day: date) -> tuple[Authority, ...]:
    """What authorised a change on *day*: an outside document, or recorded decisions."""
    usable = [c for c in p.citable if c.decided <= day]
    if g.chance(25):
        foreign = elsewhere(g, p, day)
        if foreign is not None:
            return (foreign,)
    if not usable or g.chance(30):
        return (citation(g, day),)
    conditional = [c for c in usable if c.conditional]
    first = g.pick(conditional) if conditional and g.chance(40) else g.pick(usable)
    refs: list[Authority] = [respelt(g, first.ref)]
    others = [c for c in usable if c.ref.resolution != first.ref.resolution]
    if others and g.chance(20):
        refs.append(g.pick(others).ref)
    return tuple(refs)


def decided_elsewhere(g: Gen, p: Partnership) -> list[tuple[Citable, CouncilBody, ResolutionRef]]:
    """Every citable part of a decision of another partnership taken by a council's body
    (not corrected since), with that body and the part as cited from *p*
    (``ResolutionRef(partnership=...)``), leaving out any whose id *p* uses itself."""
    found: list[tuple[Citable, CouncilBody, ResolutionRef]] = []
    for name, q in sorted(g.world._partnerships.items()):
        if name == p.partnership:
            continue
        for citable in q.citable:
            resolution = q.resolutions.get(citable.ref.resolution)
            if (
                resolution is None
                or not isinstance(resolution.maker, CouncilBody)
                or resolution.resolution in q.corrected
                or (
                    citable.ref.resolution in p.ids
                    and p.elsewhere.get(citable.ref.resolution) != name
                )
            ):
                continue
            ref = citable.foreign
            if ref is None:  # built once: attrs.evolve runs the validators each time
                ref = citable.foreign = attrs.evolve(citable.ref, partnership=name)
            found.append((citable, resolution.maker, ref))
    return found


def citable_elsewhere(g: Gen, p: Partnership, day: date) -> list[ResolutionRef]:
    """Parts decided by *day* in another partnership, by a body of a council that is a
    member of *p*, that a change in *p* may cite there."""
    return [
        ref
        for citable, maker, ref in decided_elsewhere(g, p)
        if citable.decided <= day and maker.council in p.members
    ]


def elsewhere(g: Gen, p: Partnership, day: date) -> ResolutionRef | None:
    """A part of another partnership's decision for a change in *p* to cite, if any; its
    id is then kept out of *p*'s own ids, so that *p* never records one of its own."""
    found = g.elsewhere_choices(p, day)
    if not found:
        return None
    ref = g.pick(found)
    p.ids.add(ref.resolution)
    p.elsewhere[ref.resolution] = str(ref.partnership)
    return ref


def respelt(g: Gen, ref: ResolutionRef) -> ResolutionRef:
    """*ref*, sometimes with its labels spelt otherwise than printed ("(2)" for "2.",
    "2.2(A)" for "2.2 (a)"): a citation finds the part whatever the spelling."""
    if not ref.part or not g.chance(20):
        return ref
    return attrs.evolve(ref, part=tuple(g.pick(_spellings(label)) for label in ref.part))


def _spellings(label: str) -> tuple[str, ...]:
    key = label_key(label)
    return (key, label.upper()) if "(" in key else (key, f"({key})", label.upper())


def optional_authority(g: Gen, p: Partnership, day: date) -> tuple[Authority, ...]:
    return authority_for(g, p, day) if g.chance(40) else ()


# --------------------------------------------------------------------------- votes


def carried_vote(g: Gen) -> Vote:
    style = g.pick(
        ("figures", "unanimous", "no-figures", "named", "casting", "partial", "result-only")
    )
    if style == "unanimous":
        return Vote(unanimous=True)
    if style == "no-figures":
        return Vote()
    if style == "named":
        return _named_vote(g, carried=True)
    if style == "partial":  # only those against are named, beside the totals
        return _partial_vote(g, carried=True)
    if style == "result-only":
        return Vote(result=MotionResult.CARRIED, mover=g.pick(words.COUNCILLORS))
    if style == "casting":
        tied = g.number(2, 20)
        return Vote(tally=Tally(in_favour=tied, against=tied), casting_vote=VotePosition.FOR)
    against = g.number(0, 25)
    abstained = g.number(0, 5) if g.chance(30) else None
    return Vote(
        tally=Tally(in_favour=against + g.number(1, 20), against=against, abstained=abstained)
    )


def _lost_vote(g: Gen) -> Vote:
    style = g.pick(("figures", "named", "casting", "no-figures", "partial"))
    if style == "no-figures":
        return Vote(description="following a vote")
    if style == "named":
        return _named_vote(g, carried=False)
    if style == "partial":
        return _partial_vote(g, carried=False)
    if style == "casting":
        tied = g.number(2, 20)
        return Vote(tally=Tally(in_favour=tied, against=tied), casting_vote=VotePosition.AGAINST)
    in_favour = g.number(0, 30)
    return Vote(tally=Tally(in_favour=in_favour, against=in_favour + g.number(1, 10)))


def _named_vote(g: Gen, *, carried: bool) -> Vote:
    names = g.some(words.COUNCILLORS, 1, len(words.COUNCILLORS))
    majority = len(names) // 2 + 1
    winners = VotePosition.FOR if carried else VotePosition.AGAINST
    losers = VotePosition.AGAINST if carried else VotePosition.FOR
    named = tuple(
        NamedVote(member=name, position=winners if i < majority else losers)
        for i, name in enumerate(names)
    )
    return Vote(named=named)


def _partial_vote(g: Gen, *, carried: bool) -> Vote:
    """A recorded vote naming only some members, with the totals or only the result."""
    names = g.some(words.COUNCILLORS, 1, 3)
    side = VotePosition.AGAINST if g.chance(70) else VotePosition.FOR
    named = tuple(NamedVote(member=name, position=side) for name in names)
    if g.chance(50):
        return Vote(
            named=named,
            named_complete=False,
            result=MotionResult.CARRIED if carried else MotionResult.LOST,
        )
    small, large = len(names) + g.number(0, 5), len(names) + g.number(6, 20)
    in_favour, against = (large, small) if carried else (small, large)
    return Vote(
        named=named, named_complete=False, tally=Tally(in_favour=in_favour, against=against)
    )


def _procedural(g: Gen) -> Vote:
    """A procedural motion (refer, defer, take separately, ...) put and lost."""
    purpose = g.pick(
        (
            MotionPurpose.REFER,
            MotionPurpose.DEFER,
            MotionPurpose.TAKE_SEPARATELY,
            MotionPurpose.ADJOURN,
        )
    )
    movers = g.some(words.COUNCILLORS, 2, 2)
    return Vote(
        motion=MotionKind.PROCEDURAL,
        purpose=purpose,
        description=f"that the item be dealt with otherwise ({purpose.value.replace('_', ' ')})",
        mover=movers[0],
        seconder=movers[1],
        result=MotionResult.LOST if g.chance(50) else None,
        tally=Tally(in_favour=g.number(0, 8), against=g.number(9, 30)) if g.chance(50) else None,
    )


def part_votes(g: Gen, outcome: Outcome) -> tuple[Vote, ...]:
    if outcome in (Outcome.RESOLVED, Outcome.RECOMMENDED) and g.chance(40):
        main = carried_vote(g)
    elif outcome is Outcome.LOST:
        main = _lost_vote(g)
    else:
        return ()
    before: list[Vote] = []
    if g.chance(15):
        before.append(_procedural(g))
    if g.chance(20):
        before.append(
            Vote(
                motion=MotionKind.AMENDMENT,
                purpose=MotionPurpose.AMEND,
                description=f"amendment moved by {g.pick(words.COUNCILLORS)}",
                mover=g.pick(words.COUNCILLORS),
                tally=Tally(in_favour=g.number(0, 12), against=g.number(0, 12)),
            )
        )
    if g.chance(10):
        before.append(
            Vote(
                motion=MotionKind.AMENDMENT,
                purpose=MotionPurpose.AMEND,
                mover=g.pick(words.COUNCILLORS),
                result=MotionResult.WITHDRAWN,
            )
        )
    if before and g.chance(50):
        main = attrs.evolve(main, purpose=MotionPurpose.DECIDE)
    return (*before, main)


def add(g: Gen, step: Step, event: Event) -> None:
    """Append a leaf event now, or hold it back to append later (back-dated)."""
    if g.world.back_dating and g.chance(40):
        step.hold.append(event)
    else:
        step.append.append(event)
