"""Hypothesis strategies for govledger events and histories.

``event_strategy(PostRetitled)`` draws any valid ``PostRetitled``; ``events()`` draws
any valid event of any kind. Those are valid on their own; whether they fit a history
is for the ledger's rules to say.

``histories()`` draws whole histories that the ledger accepts, event by event or in
batches: partnerships whose members change, resolutions in parts nested up to four deep
and labelled as printed, with every outcome and their votes, recommendations to one
body or several adopted by each (in whole or in part), conditions met (sometimes
before the decision) or lapsed, call-ins, decisions each member takes separately,
notices and decouplings, delegations and their exercise, retitles, stated periods for
uncertain dates, and back-dated entries. ``invalid_events(world)`` draws transitions
the rules must reject.
"""

from __future__ import annotations

import types
import typing
import unicodedata
from collections.abc import Callable, Sequence
from datetime import date
from enum import Enum
from fractions import Fraction
from typing import Any

import attrs
from hypothesis import strategies as st

from .. import events as ev
from ..errors import InvalidEvent
from ..events import EVENT_TYPES, Event, Period
from ._invalid.rejections import Rejection, every_rejection, rejections
from ._model.steps import draw_step
from ._model.world import World, new_world

__all__ = [
    "HISTORY_END",
    "HISTORY_START",
    "Rejection",
    "World",
    "all_invalid_events",
    "batches",
    "dates",
    "event_strategy",
    "events",
    "histories",
    "invalid_events",
    "periods",
    "slugs",
    "texts",
    "worlds",
]

FIRST_DAY = date(1990, 1, 1)
LAST_DAY = date(2040, 12, 31)

#: The default span of generated histories.
HISTORY_START = date(2008, 4, 1)
HISTORY_END = date(2030, 3, 31)

_COUNCILS = ("bdc", "rbc", "cdc", "occ", "snc", "wnc", "council-a", "council-b", "sdc", "nbc")
_WORDS = (
    "joint",
    "shared",
    "ict",
    "customer-services",
    "legal",
    "chief-executive",
    "director",
    "planning",
    "waste",
    "audit",
    "2022",
    "45",
)
_TEXTS = (
    "Joint Chief Executive",
    "Head of Legal and Democratic Services",
    "Leader of the Council",
    "Shared Services Board",
    "Customer Services",
    "Digital & IT Services",
    "approve the business case",
    "subject to the conclusion of suitable agreements",
    "within budget and with no risk of redundancy",
    "the first week of September",
    "Monitoring Officer",
)


def slugs() -> st.SearchStrategy[str]:
    """Readable ids such as ``"cdc"`` or ``"shared-ict-2022"``."""
    return st.one_of(
        st.sampled_from(_COUNCILS),
        st.lists(st.sampled_from(_WORDS), min_size=1, max_size=3).map("-".join),
        st.from_regex(r"[a-z][a-z0-9]{0,6}(-[a-z0-9]{1,5}){0,2}", fullmatch=True),
    )


def texts() -> st.SearchStrategy[str]:
    """Non-blank text: domain phrases, and some arbitrary Unicode."""
    arbitrary = st.text(
        alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40
    ).filter(_visible)
    return st.one_of(st.sampled_from(_TEXTS), arbitrary)


def _visible(value: str) -> bool:
    """Whether *value* shows something, as the events' text check means it: white space,
    Unicode spaces (Zs) and invisible format characters (Cf, such as U+200B) do not."""
    return any(
        not char.isspace() and unicodedata.category(char) not in ("Zs", "Cf") for char in value
    )


def dates(*, start: date = FIRST_DAY, end: date = LAST_DAY) -> st.SearchStrategy[date]:
    """Days between *start* and *end* inclusive."""
    if start > end:
        raise ValueError(f"start={start} is after end={end}")
    return st.dates(min_value=start, max_value=end)


def periods(*, start: date = FIRST_DAY, end: date = LAST_DAY) -> st.SearchStrategy[Period]:
    """Stated periods ("the first week of September 2009") between *start* and *end*.

    Some have only a latest bound ("before 2 September 2020"), some only an earliest
    one (an undated record: "date not stated").
    """

    @st.composite
    def build(draw: st.DrawFn) -> Period:
        first = draw(dates(start=start, end=end))
        last = draw(dates(start=first, end=end))
        shape = draw(st.sampled_from(("bounded", "by", "open")))
        if shape == "open":
            return Period(earliest=first, latest=None, words=draw(texts()))
        return Period(earliest=None if shape == "by" else first, latest=last, words=draw(texts()))

    return build()


def _date_specs() -> st.SearchStrategy[date | Period]:
    return st.one_of(dates(), periods())


def _for_validator(validator: object) -> st.SearchStrategy[Any] | None:
    names = {getattr(v, "__name__", "") for v in _validators(validator)}
    if "_slug" in names:
        return slugs()
    if "_optional_slug" in names:
        return st.none() | slugs()
    if "_slugs" in names:
        return st.lists(slugs(), max_size=3, unique=True).map(tuple)
    if "_count" in names:
        return st.integers(min_value=0, max_value=200)
    return None


def _validators(validator: object) -> list[object]:
    inner = getattr(validator, "_validators", None)
    if inner is not None:
        return [v for item in inner for v in _validators(item)]
    return [validator]


def _for_type(kind: Any) -> st.SearchStrategy[Any]:
    origin = typing.get_origin(kind)
    args = typing.get_args(kind)
    if origin in (typing.Union, types.UnionType):
        if set(args) >= {date, Period}:
            spec = _date_specs()
            return st.none() | spec if type(None) in args else spec
        return st.one_of(*[st.none() if a is type(None) else _for_type(a) for a in args])
    if origin is tuple:
        return st.lists(_for_type(args[0]), max_size=3).map(tuple)
    if kind is str:
        return texts()
    if kind is bool:
        return st.booleans()
    if kind is int:
        return st.integers(min_value=1, max_value=7)
    if kind is date:
        return dates()
    if kind is Fraction:
        return st.fractions(min_value=Fraction(1, 100), max_value=1, max_denominator=12)
    if isinstance(kind, type) and issubclass(kind, Enum):
        return st.sampled_from(list(kind))
    if isinstance(kind, type) and attrs.has(kind):
        return event_strategy(kind)
    raise TypeError(f"no strategy for {kind!r}")


_SPECIAL: dict[tuple[type, str], st.SearchStrategy[Any]] = {
    (ev.Part, "number"): st.sampled_from(("1", "2", "3", "a", "b", "iv", "10", "2.2 (a)", "(b)")),
    (ev.Part, "parts"): st.just(()),
    (ev.ResolutionRef, "part"): st.lists(
        st.sampled_from(("1", "2", "a", "b", "2.3", "(iv)")), max_size=2
    ).map(tuple),
    (ev.Exemption, "paragraphs"): st.lists(st.integers(min_value=1, max_value=7), max_size=2).map(
        tuple
    ),
    (ev.Vote, "named"): st.just(()),
    (ev.Vote, "casting_vote"): st.none(),
    (ev.Vote, "unanimous"): st.just(False),
}


_CACHE: dict[type[Any], st.SearchStrategy[Any]] = {}


def event_strategy(cls: type[Any]) -> st.SearchStrategy[Any]:
    """Any valid instance of the attrs class *cls* (an event or a value inside one)."""
    if cls not in _CACHE:
        _CACHE[cls] = st.deferred(lambda: _build_strategy(cls))
    return _CACHE[cls]


def _build_strategy(cls: type[Any]) -> st.SearchStrategy[Any]:
    hints = typing.get_type_hints(cls)
    fields: dict[str, st.SearchStrategy[Any]] = {}
    for field in attrs.fields(cls):
        special = _SPECIAL.get((cls, field.name))
        if special is not None:
            fields[field.name] = special
            continue
        by_validator = _for_validator(field.validator)
        fields[field.name] = (
            by_validator if by_validator is not None else _for_type(hints[field.name])
        )
    if cls is ev.ResolutionPassed:
        fields["decided"] = st.none()
        fields["call_in_deadline"] = st.none()
        fields["urgent"] = st.just(False)
        fields["urgency"] = st.none()
        del fields["call_in"], fields["call_in_exemption"]
        plain = st.builds(_lenient(cls), **fields).filter(lambda value: value is not None)
        return st.tuples(plain, _call_in_statuses()).map(_with_call_in)
    if cls is ev.EndingStageReached:
        fields["effective"] = dates(end=date(2030, 1, 1))
        fields["ends"] = st.none() | dates(start=date(2030, 1, 2))
    if cls is ev.NoticeGiven:
        fields["effective"] = dates(end=date(2030, 1, 1))
        fields["notice_ends"] = dates(start=date(2030, 1, 2))
    if cls is ev.Part:
        fields["outcome"] = st.sampled_from(
            [o for o in ev.Outcome if o is not ev.Outcome.RECOMMENDED]
        )
        fields["recommended_to"] = st.just(())
    if cls is ev.PartnershipFormed:
        fields["members"] = st.lists(
            event_strategy(ev.Member), min_size=2, max_size=4, unique_by=lambda m: m.council
        ).map(tuple)
    if cls is ev.Share:
        fields["fraction"] = st.fractions(min_value=Fraction(1, 100), max_value=1)
    if cls is ev.StatutoryRoleDesignated:
        fields["post"] = slugs()
    if cls is ev.EntryRetracted:
        fields["replacement"] = st.none()
        bare = st.builds(_lenient(cls), **fields).filter(lambda value: value is not None)
        return st.one_of(bare, st.tuples(bare, _replacements()).map(_with_replacement))
    return st.builds(_lenient(cls), **fields).filter(lambda value: value is not None)


def _call_in_statuses() -> st.SearchStrategy[tuple[Any, ...]]:
    """A decision's call-in status with a reason that fits it (and urgency with URGENT)."""
    return st.one_of(
        st.just((ev.CallInStatus.NOT_STATED, None, False)),
        st.just((ev.CallInStatus.SUBJECT, None, False)),
        st.sampled_from(list(ev.CallInExemption)).map(
            lambda why: (ev.CallInStatus.NOT_SUBJECT, why, why is ev.CallInExemption.URGENT)
        ),
    )


def _with_call_in(pair: tuple[ev.ResolutionPassed, tuple[Any, ...]]) -> ev.ResolutionPassed:
    resolution, (status, exemption, urgent) = pair
    return attrs.evolve(resolution, call_in=status, call_in_exemption=exemption, urgent=urgent)


def _replacements() -> st.SearchStrategy[Event]:
    return st.one_of(
        *[event_strategy(c) for c in EVENT_TYPES.values() if c is not ev.EntryRetracted]
    )


def _with_replacement(pair: tuple[ev.EntryRetracted, Event]) -> ev.EntryRetracted:
    retraction, replacement = pair
    moved = attrs.evolve(replacement, partnership=retraction.partnership)
    return attrs.evolve(retraction, replacement=moved)


def _lenient(cls: type[Any]) -> Callable[..., Any]:
    """Construct *cls*, or return ``None`` when the drawn values do not fit together."""

    def build(**kwargs: Any) -> Any:
        try:
            return cls(**kwargs)
        except InvalidEvent:
            return None

    return build


def events() -> st.SearchStrategy[Event]:
    """Any valid event of any kind."""
    return st.one_of(*[event_strategy(cls) for cls in EVENT_TYPES.values()])


# --------------------------------------------------------------------------- histories


def worlds(
    *,
    partnerships: int = 2,
    length: int = 40,
    start: date = HISTORY_START,
    end: date = HISTORY_END,
    back_dating: bool = True,
    corrections: bool = False,
) -> st.SearchStrategy[World]:
    """Recorded worlds: ``world.events`` is a history the ledger accepts, in that order.

    Up to *partnerships* partnerships form between *start* and a third of the way to
    *end*; the history stops at about *length* events. With *back_dating*, some events
    are appended after later-dated ones, as back-dated entries. With *corrections*,
    some decisions are corrected later, as a later meeting confirms their minutes
    subject to amendment: an ``EntryRetracted`` naming the decision's position
    (counted from 1, as in a fresh ledger) whose replacement records the meeting as
    quorate after all, or as not able to decide, or a part's outcome or the title
    otherwise. A retraction must be appended after what it retracts: append such a
    history one event at a time, or in the groups :func:`batches` draws, not in one
    ``append()``. Pass the world to :func:`invalid_events` for transitions its ledger
    must reject.
    """
    _check_shape(partnerships=partnerships, length=length, start=start, end=end)
    return _worlds(partnerships, length, start, end, back_dating, corrections)


def histories(
    *,
    partnerships: int = 2,
    length: int = 40,
    start: date = HISTORY_START,
    end: date = HISTORY_END,
    back_dating: bool = True,
    corrections: bool = False,
) -> st.SearchStrategy[list[Event]]:
    """Histories that ``Ledger.append`` accepts in order: see :func:`worlds` (and its
    *corrections*, which need the history appended in more than one call).

    A failing example prints as the list of events, each the Python code that rebuilds
    it, ready to paste into a test.

    >>> from govledger.testing.strategies import histories
    >>> strategy = histories(partnerships=1, length=10)
    """
    _check_shape(partnerships=partnerships, length=length, start=start, end=end)
    return _histories(partnerships, length, start, end, back_dating, corrections)


def _check_shape(*, partnerships: int, length: int, start: date, end: date) -> None:
    if not isinstance(partnerships, int) or partnerships < 1:
        raise ValueError(f"partnerships={partnerships!r} must be a whole number >= 1")
    if not isinstance(length, int) or length < 1:
        raise ValueError(f"length={length!r} must be a whole number >= 1")
    if start.year < 1801 or end.year > 2199:
        raise ValueError(f"start={start} and end={end} must fall between 1801 and 2199")
    if (end - start).days < 365:
        raise ValueError(f"start={start} is less than a year before end={end}")


@st.composite
def _worlds(draw: st.DrawFn, *shape: Any) -> World:
    return _grow(draw, *shape)


@st.composite
def _histories(draw: st.DrawFn, *shape: Any) -> list[Event]:
    """The events alone, so that a failing example prints (and shrinks to) just them."""
    return list(_grow(draw, *shape).events)


def _grow(
    draw: st.DrawFn,
    partnerships: int,
    length: int,
    start: date,
    end: date,
    back_dating: bool,
    corrections: bool,
) -> World:
    world = new_world(
        start=start,
        end=end,
        partnerships=partnerships,
        length=length,
        back_dating=back_dating,
        corrections=corrections,
    )
    target = draw(st.integers(min_value=1, max_value=length))
    while len(world.events) + len(world.held) < target:
        step = draw_step(draw, world)
        if step is None:
            break
        world.record(step.append)
        for event in list(world.held):
            if draw(st.integers(min_value=0, max_value=3)) == 3:
                world.record([event])  # appended late: a back-dated entry
    world.record(list(world.held))
    return world


def batches(history: Sequence[Event]) -> st.SearchStrategy[list[list[Event]]]:
    """*history* split, in order, into batches to append one ``append()`` call each.

    A retraction (numbering positions from 1, as in a fresh ledger) always starts a
    batch after the one holding the entry it retracts.
    """
    items = list(history)

    @st.composite
    def split(draw: st.DrawFn) -> list[list[Event]]:
        cuts = draw(st.lists(st.booleans(), min_size=len(items), max_size=len(items)))
        groups: list[list[Event]] = []
        first = 1  # the position of the current batch's first event
        for position, (event, cut) in enumerate(zip(items, cuts, strict=True), start=1):
            late = isinstance(event, ev.EntryRetracted) and event.retracts >= first
            if cut or late or not groups:
                groups.append([])
                first = position
            groups[-1].append(event)
        return groups

    return split()


def invalid_events(world: World) -> st.SearchStrategy[Rejection]:
    """Transitions the rules must reject, given what *world* has recorded.

    Each :class:`Rejection` holds the events to append, the
    :class:`~govledger.errors.RuleViolation` subclass the ledger must raise, and the
    rule in words. Draw it after appending ``world.events``.
    """
    if not world.partnerships:
        raise ValueError("world has no partnership yet: draw invalid events after forming one")

    @st.composite
    def build(draw: st.DrawFn) -> Rejection:
        return rejections(draw, world)

    return build()


def all_invalid_events(world: World) -> st.SearchStrategy[list[Rejection]]:
    """For each partnership of *world*, one rejection per rule that applies to it.

    Slower than :func:`invalid_events` but certain to try every rule it can.
    """
    if not world.partnerships:
        raise ValueError("world has no partnership yet: draw invalid events after forming one")

    @st.composite
    def build(draw: st.DrawFn) -> list[Rejection]:
        return every_rejection(draw, world)

    return build()
