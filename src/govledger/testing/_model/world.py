"""The generator's model of the recorded world, and the steps that grow it.

A :class:`World` is what the domain rules see: every change taken as made on its
effective date, whatever its conditions. Each step draws one decision (and what
follows from it) that is valid against the world on its effective date, updates the
world, and says which events to append now and which to hold back and append later
as back-dated entries. Held-back events are leaves: nothing drawn afterwards depends
on them, so appending them late never makes later history invalid.

Every partnership keeps its own timeline: each step takes days strictly after the
last day the partnership used, so no two of its events share an effective date.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from fractions import Fraction
from typing import Any, TypedDict, TypeVar

import attrs
from hypothesis import strategies as st

from ...agreement import PARTNERSHIP_LEVEL
from ...events import (
    ActionAssigned,
    ActionCompleted,
    ArrangementDecoupled,
    ArrangementEnded,
    ArrangementEstablished,
    ArrangementVaried,
    Authority,
    BodyDisbanded,
    BodyEstablished,
    BodyKind,
    BodyMemberAppointed,
    BodyMemberLeft,
    BodyRole,
    BodyTermsRevised,
    CallInDetermined,
    CallInExemption,
    CallInOutcome,
    CallInRequested,
    CallInStatus,
    Citation,
    Condition,
    ConditionKind,
    ConditionLapsed,
    ConditionSatisfied,
    CostShareAgreed,
    CouncilBody,
    DateSpec,
    DecisionMaker,
    DelegatedDecisionTaken,
    DelegationGranted,
    DelegationRevoked,
    EndingStage,
    EndingStageReached,
    Event,
    Exemption,
    HolderBasis,
    Individual,
    JointBody,
    Mechanism,
    MeetingStatus,
    Member,
    MemberAdmitted,
    MemberSucceeded,
    MemberWithdrew,
    MotionKind,
    MotionPurpose,
    MotionResult,
    NamedVote,
    NoticeGiven,
    NotOnRecord,
    Outcome,
    Part,
    PartnershipDissolved,
    PartnershipFormed,
    Period,
    PostCreated,
    PostDeleted,
    PostHolderAppointed,
    PostRetitled,
    PostTermExtended,
    PostVacated,
    ResolutionPassed,
    ResolutionRef,
    Role,
    Share,
    Source,
    StatutoryRole,
    StatutoryRoleDesignated,
    Tally,
    VacancyReason,
    Vote,
    VotePosition,
    certain_from,
)
from .. import _vocabulary as words

_T = TypeVar("_T")

Path = tuple[str, ...]


# --------------------------------------------------------------------------- the model


@attrs.define(eq=False)
class _Body:
    body: str
    name: str
    kind: BodyKind
    established: date
    disbanded: date | None = None
    decisions: list[date] = attrs.Factory(list)
    members: list[str] = attrs.Factory(list)

    def active_on(self, day: date) -> bool:
        return self.established < day and (self.disbanded is None or day < self.disbanded)


@attrs.define(eq=False)
class _Arrangement:
    arrangement: str
    services: list[str]
    mechanism: Mechanism
    established: date
    closed: str | None = None  # "decoupled" or "ended"
    notice_ends: date | None = None
    touched: list[date] = attrs.Factory(list)  # days of later events acting on it

    def open_on(self, day: date) -> bool:
        if self.closed is not None:
            return False
        return self.notice_ends is None or day <= self.notice_ends

    def ended_by_notice(self, day: date) -> bool:
        return self.closed is None and self.notice_ends is not None and day > self.notice_ends


@attrs.define(eq=False)
class _Post:
    post: str
    title: str
    alternatives: tuple[str, ...]
    created: date
    until: date | None = None
    reverts_to: str | None = None
    holder: bool = False
    deleted: bool = False

    def title_on(self, day: date) -> str:
        if self.until is not None and day > self.until and self.reverts_to is not None:
            return self.reverts_to
        return self.title

    def retitle(self, day: date, new: str, until: date | None) -> None:
        previous = self.title_on(day)
        self.title = new
        self.until = until
        self.reverts_to = previous if until is not None else None


@attrs.define(eq=False)
class _Delegation:
    delegation: str
    delegates: tuple[Role, ...]
    consultees: tuple[Role, ...]
    granted: date
    expires: date | None = None
    revoked: date | None = None
    exercised: int = 0

    def in_force_on(self, day: date) -> bool:
        if day < self.granted or self.revoked is not None:
            return False
        return self.expires is None or day <= self.expires


@attrs.define(eq=False)
class _Resolution:
    resolution: str
    maker: DecisionMaker
    decided: date  # the day the rules take it as decided
    effective: date
    parts: dict[Path, Outcome]
    call_in_deadline: date | None = None
    open_window: bool = False  # subject to call-in with no stated window


@attrs.define(eq=False)
class _Citable:
    ref: ResolutionRef
    decided: date
    conditional: bool = False


@attrs.define(eq=False)
class _Recommendation:
    ref: ResolutionRef
    to: CouncilBody


@attrs.define(eq=False)
class _CallIn:
    resolution: str
    requested: date
    determined: bool = False


@attrs.define(eq=False)
class _Partnership:
    partnership: str
    formed: date
    day: date
    members: dict[str, str]
    dissolved: date | None = None
    former: set[str] = attrs.Factory(set)
    bodies: dict[str, _Body] = attrs.Factory(dict)
    arrangements: dict[str, _Arrangement] = attrs.Factory(dict)
    posts: dict[str, _Post] = attrs.Factory(dict)
    delegations: dict[str, _Delegation] = attrs.Factory(dict)
    actions: dict[str, bool] = attrs.Factory(dict)  # id -> completed
    resolutions: dict[str, _Resolution] = attrs.Factory(dict)
    citable: list[_Citable] = attrs.Factory(list)
    recommendations: list[_Recommendation] = attrs.Factory(list)
    in_principle: list[ResolutionRef] = attrs.Factory(list)  # awaiting a final decision
    conditions: dict[str, str] = attrs.Factory(dict)  # id -> open/satisfied/lapsed
    call_ins: dict[str, _CallIn] = attrs.Factory(dict)
    scopes: list[str] = attrs.Factory(list)
    steps: int = 0
    ids: set[str] = attrs.Factory(set)

    def unique(self, stem: str) -> str:
        """A fresh id: *stem*, or *stem* with a number."""
        candidate, number = stem, 2
        while candidate in self.ids:
            candidate, number = f"{stem}-{number}", number + 1
        self.ids.add(candidate)
        return candidate

    def open_arrangements(self, day: date) -> list[_Arrangement]:
        return [a for a in self.arrangements.values() if a.open_on(day)]

    def active_posts(self, day: date) -> list[_Post]:
        return [p for p in self.posts.values() if not p.deleted and p.created < day]

    def active_bodies(self, day: date) -> list[_Body]:
        return [b for b in self.bodies.values() if b.active_on(day)]


@attrs.define(eq=False)
class World:
    """The generator's model of what the ledger records, as the domain rules see it.

    ``events`` are the events appended so far, in the order they were appended;
    ``held`` are events drawn but held back, to be appended later as back-dated
    entries. Build one with :func:`govledger.testing.strategies.worlds`, or let
    :class:`~govledger.testing.LedgerMachine` keep one.
    """

    start: date
    end: date
    max_partnerships: int
    gap: int
    back_dating: bool = True
    events: list[Event] = attrs.Factory(list)
    held: list[Event] = attrs.Factory(list)
    _partnerships: dict[str, _Partnership] = attrs.field(factory=dict, repr=False)
    _locked: set[str] = attrs.field(factory=set, repr=False)

    @property
    def partnerships(self) -> tuple[str, ...]:
        """Every partnership formed so far."""
        return tuple(self._partnerships)

    def last_day(self, partnership: str) -> date:
        """The last effective date the partnership's events use."""
        return self._partnerships[partnership].day

    def record(self, events: Sequence[Event]) -> None:
        """Note that *events* were appended (in this order)."""
        self.events.extend(events)
        for event in events:
            if event in self.held:
                self.held.remove(event)
                self._locked.discard(_lock_key(event))

    def hold(self, event: Event) -> None:
        self.held.append(event)
        self._locked.add(_lock_key(event))

    def locked(self, partnership: str, kind: str, key: str) -> bool:
        """Whether a held-back event still to be appended acts on this entity."""
        return f"{partnership}:{kind}:{key}" in self._locked

    def partnership(self, partnership: str) -> _Partnership:
        return self._partnerships[partnership]


def _lock_key(event: Event) -> str:
    match event:
        case ConditionSatisfied() | ConditionLapsed():
            return f"{event.partnership}:condition:{event.condition}"
        case CallInDetermined():
            return f"{event.partnership}:call-in:{event.resolution}"
        case ActionCompleted():
            return f"{event.partnership}:action:{event.action}"
        case CostShareAgreed():
            return f"{event.partnership}:scope:{event.scope}"
        case _:
            return f"{event.partnership}:other:{type(event).__name__}"


def new_world(
    *, start: date, end: date, partnerships: int, length: int, back_dating: bool = True
) -> World:
    """An empty world whose partnerships form from *start* and act until *end*."""
    span = (end - start).days
    gap = max(2, min(120, span // max(4, length)))
    return World(
        start=start, end=end, max_partnerships=partnerships, gap=gap, back_dating=back_dating
    )


# --------------------------------------------------------------------------- drawing


@attrs.define(eq=False)
class Step:
    """What one step produced: events to append now, in order, and events to hold back."""

    append: list[Event] = attrs.Factory(list)
    hold: list[Event] = attrs.Factory(list)


class _Gen:
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

    def after(self, day: date, gap: int | None = None) -> date:
        """A day after *day*, at most *gap* days later and never after the world's end."""
        span = self.world.gap if gap is None else max(1, gap)
        latest = min(day + timedelta(days=span), self.world.end)
        return day + timedelta(days=self.number(1, max(1, (latest - day).days)))

    def when(self, p: _Partnership, *, periods: bool = True) -> tuple[DateSpec, date]:
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


def _citation(g: _Gen, day: date) -> Citation:
    document = g.pick(words.DOCUMENTS)
    dated: date | None = day - timedelta(days=g.number(0, 60)) if g.chance(50) else None
    year = (dated or day).year
    return Citation(document=f"{document} {year}", dated=dated)


def _authority(g: _Gen, p: _Partnership, day: date) -> tuple[Authority, ...]:
    """What authorised a change on *day*: an outside document, or recorded decisions."""
    usable = [c for c in p.citable if c.decided <= day]
    if not usable or g.chance(30):
        return (_citation(g, day),)
    conditional = [c for c in usable if c.conditional]
    first = g.pick(conditional) if conditional and g.chance(40) else g.pick(usable)
    refs: list[Authority] = [first.ref]
    others = [c for c in usable if c.ref.resolution != first.ref.resolution]
    if others and g.chance(20):
        refs.append(g.pick(others).ref)
    return tuple(refs)


def _optional_authority(g: _Gen, p: _Partnership, day: date) -> tuple[Authority, ...]:
    return _authority(g, p, day) if g.chance(40) else ()


# --------------------------------------------------------------------------- votes


def _carried_vote(g: _Gen) -> Vote:
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


def _lost_vote(g: _Gen) -> Vote:
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


def _named_vote(g: _Gen, *, carried: bool) -> Vote:
    names = g.some(words.COUNCILLORS, 1, len(words.COUNCILLORS))
    majority = len(names) // 2 + 1
    winners = VotePosition.FOR if carried else VotePosition.AGAINST
    losers = VotePosition.AGAINST if carried else VotePosition.FOR
    named = tuple(
        NamedVote(member=name, position=winners if i < majority else losers)
        for i, name in enumerate(names)
    )
    return Vote(named=named)


def _partial_vote(g: _Gen, *, carried: bool) -> Vote:
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


def _procedural(g: _Gen) -> Vote:
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


def _part_votes(g: _Gen, outcome: Outcome) -> tuple[Vote, ...]:
    if outcome in (Outcome.RESOLVED, Outcome.RECOMMENDED) and g.chance(40):
        main = _carried_vote(g)
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


# --------------------------------------------------------------------------- resolutions


def _maker(g: _Gen, p: _Partnership, day: date) -> DecisionMaker:
    council = g.pick(sorted(p.members))
    bodies = [b for b in p.active_bodies(day) if b.kind is not BodyKind.WORKING_GROUP]
    choice = g.pick(("joint", "cabinet", "council", "leader"))
    if choice == "council":
        return CouncilBody(council=council, name="Council", kind=BodyKind.FULL_COUNCIL)
    if choice == "joint" and bodies:
        return JointBody(body=g.pick(bodies).body)
    if choice == "leader":
        return Individual(role="Leader of the Council", council=council, power="urgency powers")
    name = g.pick(("Cabinet", "Executive"))
    return CouncilBody(council=council, name=name, kind=BodyKind.EXECUTIVE)


def _condition(g: _Gen, p: _Partnership, maker: DecisionMaker) -> Condition:
    kind = g.pick(list(ConditionKind))
    own = maker.council if isinstance(maker, CouncilBody | Individual) else None
    partners = sorted(c for c in p.members if c != own)
    if kind is ConditionKind.MEMBER_APPROVAL and partners:
        council = g.pick(partners)
        body = g.pick(("Cabinet", "Executive", "Council"))
        return Condition(
            id=p.unique(f"{council}-{body.lower()}-approval"),
            description=f"subject to similar approval by {council.upper()} {body}",
            kind=kind,
            council=council,
            body=body,
            due=p.day + timedelta(days=g.number(7, 90)) if g.chance(50) else None,
        )
    text = {
        ConditionKind.AGREEMENT_CONCLUDED: ("suitable-agreements", "the conclusion of suitable "),
        ConditionKind.BUSINESS_CASE: ("business-case", "a satisfactory business case"),
        ConditionKind.NO_MATERIAL_CHANGE: ("no-material-change", "no material change"),
    }.get(kind, ("consultation", "the outcome of staff consultation"))
    description = f"subject to {text[1]}"
    if kind is ConditionKind.AGREEMENT_CONCLUDED:
        description += "agreements"
    return Condition(id=p.unique(text[0]), description=description, kind=kind)


_OUTCOMES = (
    Outcome.RESOLVED,
    Outcome.RESOLVED,
    Outcome.RESOLVED,
    Outcome.RECOMMENDED,
    Outcome.RECOMMENDED,
    Outcome.NOTED,
    Outcome.LOST,
    Outcome.WITHDRAWN,
    Outcome.DEFERRED,
    Outcome.NOT_RECORDED,
)


def _recommend_to(g: _Gen, p: _Partnership, maker: DecisionMaker) -> tuple[CouncilBody, ...]:
    """One body a part is recommended to, or (a joint recommendation) several councils'."""
    councils = sorted(p.members)
    if len(councils) > 1 and g.chance(45):
        councils = g.some(councils, 2, len(councils))
    else:
        councils = [g.pick(councils)]
    bodies: list[CouncilBody] = []
    for council in councils:
        target = CouncilBody(council=council, name="Council", kind=BodyKind.FULL_COUNCIL)
        if target == maker:
            target = CouncilBody(council=council, name="Cabinet", kind=BodyKind.EXECUTIVE)
        bodies.append(target)
    return tuple(bodies)


def _label(g: _Gen, number: str) -> str:
    """A part's label as a record might print it: "2", "(2)", "2." or "2.1" for a child."""
    style = g.pick(("plain", "plain", "plain", "brackets", "stop"))
    if style == "brackets":
        return f"({number})"
    if style == "stop":
        return f"{number}."
    return number


@attrs.define(eq=False)
class _PartDraft:
    """What the resolution step learns while drawing parts."""

    resolved: list[tuple[Path, bool]] = attrs.Factory(list)  # (path, conditional)
    recommended: list[tuple[Path, CouncilBody]] = attrs.Factory(list)
    #: Parts at or under a recommended part: changes citing them are proposed changes.
    proposing: list[Path] = attrs.Factory(list)
    outcomes: dict[Path, Outcome] = attrs.Factory(dict)
    conditions: list[str] = attrs.Factory(list)
    in_principle: list[Path] = attrs.Factory(list)


def _part(
    g: _Gen,
    p: _Partnership,
    maker: DecisionMaker,
    summary: str,
    path: Path,
    draft: _PartDraft,
    *,
    bound: bool,
    recommended: bool = False,
) -> Part:
    outcome = g.pick(_OUTCOMES)
    if recommended and outcome is Outcome.RECOMMENDED and g.chance(70):
        outcome = Outcome.RESOLVED  # nested in a recommendation: recommended with it
    conditions: tuple[Condition, ...] = ()
    if g.chance({Outcome.RESOLVED: 30, Outcome.RECOMMENDED: 45}.get(outcome, 0)):
        conditions = tuple(_condition(g, p, maker) for _ in range(g.number(1, 2)))
        draft.conditions.extend(c.id for c in conditions)
    children: tuple[Part, ...] = ()
    if (
        len(path) == 1
        and outcome in (Outcome.RESOLVED, Outcome.NOTED, Outcome.RECOMMENDED)
        and g.chance(30)
    ):
        children = tuple(
            _part(
                g,
                p,
                maker,
                g.pick((summary, *words.OTHER_SUMMARIES)),
                (*path, _label(g, letter)),
                draft,
                bound=bound or bool(conditions),
                recommended=recommended or outcome is Outcome.RECOMMENDED,
            )
            for letter in "abc"[: g.number(1, 3)]
        )
    in_principle = (
        outcome is Outcome.RESOLVED
        and len(path) == 1
        and not conditions
        and not children
        and g.chance(10)
    )
    recommended_to: tuple[CouncilBody, ...] = ()
    if in_principle:
        draft.in_principle.append(path)
        summary = f"agree in principle to {summary}"
    elif outcome is Outcome.RECOMMENDED:
        recommended_to = _recommend_to(g, p, maker)
        draft.recommended.extend((path, body) for body in recommended_to)
        draft.proposing.append(path)
        to = " and ".join(str(body) for body in recommended_to)
        summary = f"recommend to {to} that it {summary}"
    elif outcome is Outcome.RESOLVED and recommended:
        draft.proposing.append(path)
    elif outcome is Outcome.RESOLVED:
        draft.resolved.append((path, bound or bool(conditions)))
    else:
        summary = g.pick(words.OTHER_SUMMARIES)
    draft.outcomes[path] = outcome
    return Part(
        number=path[-1],
        summary=summary,
        outcome=outcome,
        votes=_part_votes(g, outcome),
        conditions=conditions,
        recommended_to=recommended_to,
        parts=children,
        in_principle=in_principle,
    )


def _parts(
    g: _Gen, p: _Partnership, maker: DecisionMaker, summary: str, draft: _PartDraft
) -> tuple[Part, ...]:
    count = g.number(1, 3)
    return tuple(
        _part(g, p, maker, summary, (_label(g, str(n)),), draft, bound=False)
        for n in range(1, count + 1)
    )


def _resolution_id(p: _Partnership, maker: DecisionMaker, day: date) -> str:
    match maker:
        case CouncilBody():
            stem = f"{maker.council}-{maker.name.lower()}"
        case JointBody():
            stem = maker.body
        case Individual():
            stem = f"{maker.council or p.partnership}-leader-urgent"
    return p.unique(f"{stem}-{day.isoformat()}")


def _remember(
    p: _Partnership,
    event: ResolutionPassed,
    draft: _PartDraft,
    decided: date,
) -> None:
    p.resolutions[event.resolution] = _Resolution(
        resolution=event.resolution,
        maker=event.decided_by,
        decided=decided,
        effective=certain_from(event.effective),
        parts=dict(draft.outcomes),
        call_in_deadline=event.call_in_deadline,
        open_window=event.call_in is CallInStatus.SUBJECT and event.call_in_deadline is None,
    )
    whole = len(event.parts) == 1 and event.parts[0].outcome is Outcome.RESOLVED
    for path, conditional in draft.resolved:
        refs = [ResolutionRef(resolution=event.resolution, part=path)]
        if whole and path == (event.parts[0].number,):
            refs.append(ResolutionRef(resolution=event.resolution))  # cited without a part
        for ref in refs:
            p.citable.append(_Citable(ref=ref, decided=decided, conditional=conditional))
    for path, to in draft.recommended:
        p.recommendations.append(
            _Recommendation(ref=ResolutionRef(resolution=event.resolution, part=path), to=to)
        )
    for path in draft.proposing:  # changes a recommendation proposes: they wait for adoption
        ref = ResolutionRef(resolution=event.resolution, part=path)
        p.citable.append(_Citable(ref=ref, decided=decided, conditional=True))
    for path in draft.in_principle:
        p.in_principle.append(ResolutionRef(resolution=event.resolution, part=path))
    for condition in draft.conditions:
        p.conditions[condition] = "open"
    if isinstance(event.decided_by, JointBody):
        p.bodies[event.decided_by.body].decisions.append(certain_from(event.effective))


def _resolve(g: _Gen, p: _Partnership) -> Step:
    """A body (or the Leader, urgently) decides an item in numbered parts."""
    decided = g.after(p.day)
    maker = _maker(g, p, decided)
    title, summary = g.pick(words.TOPICS)
    draft = _PartDraft()
    parts = _parts(g, p, maker, summary, draft)
    early: date | None = None  # a condition met before the decision was even taken
    if draft.conditions and (decided - p.day).days >= 2 and g.chance(40):
        early = p.day + timedelta(days=g.number(1, (decided - p.day).days - 1))
    executive = isinstance(maker, CouncilBody) and maker.kind is BodyKind.EXECUTIVE
    call_in = executive and g.chance(50)
    deadline: date | None = None
    requested: date | None = None
    effective = decided
    if call_in:
        deadline = decided + timedelta(days=g.number(3, 8))
        if g.chance(60):
            requested = decided + timedelta(days=g.number(1, (deadline - decided).days))
        effective = deadline + timedelta(days=g.number(1, 3))
    elif not isinstance(maker, JointBody) and g.chance(15):
        effective = decided + timedelta(days=g.number(1, 45))  # "as from" a later date
    if effective > g.world.end:
        effective = decided
        deadline = requested = None
    p.day = effective
    stated: DateSpec | None = decided
    if not call_in and effective == decided and g.chance(10):
        stated = None  # the page gives no date
    exempt = g.chance(15)
    status, exemption, call_in_words = _call_in_status(g, maker, deadline)
    undated = stated is None and g.chance(50)
    event = ResolutionPassed(
        partnership=p.partnership,
        effective=effective,
        resolution=_resolution_id(p, maker, decided),
        decided_by=maker,
        decided=stated,
        item=str(g.number(3, 140)),
        title=title,
        parts=parts,
        published=decided + timedelta(days=g.number(0, 3)) if g.chance(50) else None,
        call_in_deadline=deadline,
        votes=_exclusion_vote() if exempt else (),
        key_decision=g.chance(30),
        urgent=isinstance(maker, Individual),
        exempt=Exemption(paragraphs=(3,), applies_to="annex only") if exempt else None,
        source=Source(document=f"Minutes, {words.long_date(decided)}") if g.chance(30) else None,
        meeting_status=(
            g.pick([s for s in MeetingStatus if s is not MeetingStatus.HELD])
            if g.chance(5)
            else MeetingStatus.HELD
        ),
        call_in=status,
        call_in_exemption=exemption,
        call_in_words=call_in_words,
        urgency="the Leader's urgency powers" if isinstance(maker, Individual) else None,
    )
    if undated:  # the page gives no date at all: an open period from the day before
        event = attrs.evolve(
            event, effective=Period(earliest=effective, latest=None, words="date not stated")
        )
    _remember(p, event, draft, decided)
    step = Step(append=[event])
    if requested is not None:
        step.append.append(
            CallInRequested(
                partnership=p.partnership,
                effective=requested,
                resolution=event.resolution,
                requested_by=g.pick(words.CALL_IN_REQUESTERS),
                reason="concerns about the financial case" if g.chance(50) else None,
            )
        )
        scrutiny = _CallIn(resolution=event.resolution, requested=requested)
        p.call_ins[event.resolution] = scrutiny
        if g.chance(50):  # scrutiny meets soon after the window closes
            scrutiny.determined = True
            determined = g.after(p.day, 21)
            p.day = determined
            outcome = g.pick(list(CallInOutcome))
            _add(g, step, _determination(p, event.resolution, determined, outcome))
    if early is not None:
        condition = g.pick(draft.conditions)
        p.conditions[condition] = "satisfied"
        satisfied = ConditionSatisfied(
            partnership=p.partnership,
            effective=early,
            condition=condition,
            evidence=f"met on {words.long_date(early)}, before this decision was taken",
        )
        _add(g, step, satisfied)
    return step


def _call_in_status(
    g: _Gen, maker: DecisionMaker, deadline: date | None
) -> tuple[CallInStatus, CallInExemption | None, str | None]:
    """The call-in status the record states: with a deadline, urgent, or as it happens."""
    if deadline is not None:
        return CallInStatus.SUBJECT, None, "five working days after publication"
    if isinstance(maker, Individual):
        return CallInStatus.NOT_SUBJECT, CallInExemption.URGENT, None
    if isinstance(maker, CouncilBody) and maker.kind is BodyKind.FULL_COUNCIL and g.chance(40):
        return CallInStatus.NOT_SUBJECT, CallInExemption.NON_EXECUTIVE, "a Council decision"
    if g.chance(10):
        return CallInStatus.NOT_SUBJECT, CallInExemption.CONSTITUTION, None
    if g.chance(10):
        return CallInStatus.SUBJECT, None, "subject to call-in; the window is not stated"
    return CallInStatus.NOT_STATED, None, None


def _finalise(g: _Gen, p: _Partnership) -> Step:
    """A later decision makes final what was agreed in principle."""
    agreed = g.pick(p.in_principle)
    p.in_principle.remove(agreed)
    decided = g.after(p.day)
    p.day = decided
    maker = CouncilBody(
        council=g.pick(sorted(p.members)), name="Council", kind=BodyKind.FULL_COUNCIL
    )
    draft = _PartDraft()
    draft.resolved.append((("1",), False))
    draft.outcomes[("1",)] = Outcome.RESOLVED
    title, _ = g.pick(words.TOPICS)
    event = ResolutionPassed(
        partnership=p.partnership,
        effective=decided,
        resolution=_resolution_id(p, maker, decided),
        decided_by=maker,
        decided=decided,
        item=str(g.number(3, 140)),
        title=title,
        parts=(
            Part(
                number="1",
                summary="make final the decision agreed in principle",
                finalises=agreed,
                votes=(_carried_vote(g),) if g.chance(40) else (),
            ),
        ),
    )
    _remember(p, event, draft, decided)
    return Step(append=[event])


def _stage(
    g: _Gen, p: _Partnership, when: DateSpec, day: date, auth: tuple[Authority, ...]
) -> Event:
    """A step towards ending an arrangement, mostly before any end date is known."""
    arrangement = g.pick(_noticeable(p, day))
    arrangement.touched.append(day)
    ends: date | None = None
    if g.chance(20):
        ends = day + timedelta(days=g.number(60, 400))
        arrangement.notice_ends = ends
    stage = g.pick(list(EndingStage))
    return EndingStageReached(
        **_common(p, when, auth),
        arrangement=arrangement.arrangement,
        stage=stage,
        by=tuple(g.some(sorted(p.members), 1, 1)),
        ends=ends,
        words="subject to the notice period to be agreed" if g.chance(30) else None,
    )


def _exclusion_vote() -> tuple[Vote, ...]:
    return (
        Vote(
            motion=MotionKind.PROCEDURAL,
            description="to exclude the press and public (Schedule 12A, paragraph 3)",
            unanimous=True,
        ),
    )


def _add(g: _Gen, step: Step, event: Event) -> None:
    """Append a leaf event now, or hold it back to append later (back-dated)."""
    if g.world.back_dating and g.chance(40):
        step.hold.append(event)
    else:
        step.append.append(event)


def _adopt(g: _Gen, p: _Partnership) -> Step:
    """The body a recommendation went to adopts it (perhaps as amended)."""
    candidates = [r for r in p.recommendations if r.to.council in p.members]
    recommendation = g.pick(candidates)
    p.recommendations.remove(recommendation)
    decided = g.after(p.day)
    p.day = decided
    draft = _PartDraft()
    amended = g.chance(30)
    adopting = Part(
        number="1",
        summary="adopt the recommendation" + (" as amended" if amended else ""),
        adopts=recommendation.ref,
        votes=(_carried_vote(g),) if g.chance(40) else (),
    )
    draft.resolved.append((("1",), False))
    draft.outcomes[("1",)] = Outcome.RESOLVED
    extra = (
        (Part(number="2", summary=g.pick(words.OTHER_SUMMARIES), outcome=Outcome.NOTED),)
        if g.chance(30)
        else ()
    )
    if extra:
        draft.outcomes[("2",)] = Outcome.NOTED
    title, _ = g.pick(words.TOPICS)
    event = ResolutionPassed(
        partnership=p.partnership,
        effective=decided,
        resolution=_resolution_id(p, recommendation.to, decided),
        decided_by=recommendation.to,
        decided=decided,
        item=str(g.number(3, 140)),
        title=title,
        parts=(adopting, *extra),
    )
    _remember(p, event, draft, decided)
    step = Step(append=[event])
    if g.chance(60):  # the change the adoption authorises (waiting for any other adopters)
        when, day = g.when(p, periods=False)
        kinds = _changes_on(p, day)
        if kinds:
            auth: tuple[Authority, ...] = (ResolutionRef(resolution=event.resolution, part=("1",)),)
            step.append.append(g.pick(kinds)(g, p, when, day, auth))
    return step


def _each_member(g: _Gen, p: _Partnership) -> Step:
    """Each member decides separately, on its own day; then the change they all agreed."""
    step = Step()
    refs: list[Authority] = []
    title, summary = g.pick(words.TOPICS)
    # Either the change cites every council's part, or it cites the first council's and
    # the others' parts mirror it (each council's own decision on the same matter).
    mirrored = g.chance(40)
    for council in sorted(p.members):
        decided = g.after(p.day, max(1, g.world.gap // len(p.members)))
        p.day = decided
        maker = CouncilBody(council=council, name=g.pick(("Cabinet", "Executive")))
        wording = summary if not refs else f"{summary}, in the same terms as its partners"
        conditions: tuple[Condition, ...] = ()
        if g.chance(25):
            conditions = (_condition(g, p, maker),)
        draft = _PartDraft(conditions=[c.id for c in conditions])
        event = ResolutionPassed(
            partnership=p.partnership,
            effective=decided,
            resolution=_resolution_id(p, maker, decided),
            decided_by=maker,
            decided=decided,
            item=str(g.number(3, 140)),
            title=title,
            parts=(
                Part(
                    number="1",
                    summary=wording,
                    votes=_part_votes(g, Outcome.RESOLVED),
                    conditions=conditions,
                    mirrors=tuple(r for r in refs[:1] if isinstance(r, ResolutionRef))
                    if mirrored
                    else (),
                ),
            ),
        )
        draft.resolved.append((("1",), bool(conditions)))
        draft.outcomes[("1",)] = Outcome.RESOLVED
        _remember(p, event, draft, decided)
        step.append.append(event)
        if not (mirrored and refs):
            refs.append(ResolutionRef(resolution=event.resolution, part=("1",)))
    when, day = g.when(p, periods=False)
    kinds = _changes_on(p, day)
    if kinds:
        build = g.pick(kinds)
        step.append.append(build(g, p, when, day, tuple(refs)))
    return step


# --------------------------------------------------------------------------- changes

_Build = Callable[[_Gen, _Partnership, DateSpec, date, tuple[Authority, ...]], Event]


class Common(TypedDict):
    """The fields every change shares."""

    partnership: str
    effective: DateSpec
    authorised_by: tuple[Authority, ...]


def _common(p: _Partnership, when: DateSpec, auth: tuple[Authority, ...]) -> Common:
    return {"partnership": p.partnership, "effective": when, "authorised_by": auth}


def _admit(
    g: _Gen, p: _Partnership, when: DateSpec, day: date, auth: tuple[Authority, ...]
) -> Event:
    council, name, _ = g.pick([c for c in words.COUNCILS if _newcomer(p, c[0])])
    p.members[council] = name
    p.ids.add(council)
    return MemberAdmitted(**_common(p, when, auth), member=Member(council=council, name=name))


def _newcomer(p: _Partnership, council: str) -> bool:
    return council not in p.members and council not in p.former and council not in p.ids


def _withdraw(
    g: _Gen, p: _Partnership, when: DateSpec, day: date, auth: tuple[Authority, ...]
) -> Event:
    council = g.pick(sorted(p.members))
    _leave(p, council)
    return MemberWithdrew(**_common(p, when, auth), council=council)


def _leave(p: _Partnership, council: str) -> None:
    del p.members[council]
    p.former.add(council)
    p.recommendations = [r for r in p.recommendations if r.to.council != council]


def _succeed(
    g: _Gen, p: _Partnership, when: DateSpec, day: date, auth: tuple[Authority, ...]
) -> Event:
    council = g.pick(sorted(p.members))
    successor, name = g.pick([s for s in words.SUCCESSORS if _newcomer(p, s[0])])
    _leave(p, council)
    p.members[successor] = name
    p.ids.add(successor)
    return MemberSucceeded(
        **_common(p, when, auth),
        council=council,
        successor=Member(council=successor, name=name),
    )


def _establish_body(
    g: _Gen, p: _Partnership, when: DateSpec, day: date, auth: tuple[Authority, ...]
) -> Event:
    stem, name = g.pick(words.JOINT_BODIES)
    kind = {
        "shared-services-board": BodyKind.BOARD,
        "transformation-group": BodyKind.WORKING_GROUP,
    }.get(stem, BodyKind.JOINT_COMMITTEE)
    body = p.unique(stem)
    constituents: tuple[str, ...] = ()
    if kind is BodyKind.JOINT_COMMITTEE and g.chance(50):
        constituents = tuple(sorted(p.members))
    p.bodies[body] = _Body(body=body, name=name, kind=kind, established=day)
    basis = "s.101(5) Local Government Act 1972" if kind is BodyKind.JOINT_COMMITTEE else None
    return BodyEstablished(
        **_common(p, when, auth),
        body=body,
        name=name,
        kind=kind,
        constituents=constituents,
        legal_basis=basis,
        terms_of_reference=g.pick(_TERMS) if g.chance(40) else None,
    )


_TERMS = (
    "to oversee the shared services programme",
    "to agree business cases for shared services",
    "to monitor the performance of the shared service",
)


def _revise_terms(
    g: _Gen, p: _Partnership, when: DateSpec, day: date, auth: tuple[Authority, ...]
) -> Event:
    body = g.pick(p.active_bodies(day))
    return BodyTermsRevised(
        **_common(p, when, auth), body=body.body, terms_of_reference=g.pick(_TERMS)
    )


def _appoint_to_body(
    g: _Gen, p: _Partnership, when: DateSpec, day: date, auth: tuple[Authority, ...]
) -> Event:
    body = g.pick(p.active_bodies(day))
    member = g.pick(words.COUNCILLORS)
    if member not in body.members:
        body.members.append(member)
    return BodyMemberAppointed(
        **_common(p, when, auth),
        body=body.body,
        member=member,
        council=g.pick(sorted(p.members)) if g.chance(70) else None,
        role=g.pick(list(BodyRole)),
    )


def _leave_body(
    g: _Gen, p: _Partnership, when: DateSpec, day: date, auth: tuple[Authority, ...]
) -> Event:
    body = g.pick([b for b in p.active_bodies(day) if b.members])
    member = g.pick(body.members)
    body.members.remove(member)
    return BodyMemberLeft(**_common(p, when, auth), body=body.body, member=member)


def _disband(
    g: _Gen, p: _Partnership, when: DateSpec, day: date, auth: tuple[Authority, ...]
) -> Event:
    body = g.pick(p.active_bodies(day))
    body.disbanded = day
    return BodyDisbanded(**_common(p, when, auth), body=body.body)


def _establish_arrangement(
    g: _Gen, p: _Partnership, when: DateSpec, day: date, auth: tuple[Authority, ...]
) -> Event:
    services = g.some(_free_services(p, day), 1, 3)
    names = dict(words.SERVICES)
    arrangement = p.unique(f"shared-{services[0]}")
    mechanism = g.pick(list(Mechanism))
    lead = g.pick(sorted(p.members)) if g.chance(40) else None
    p.arrangements[arrangement] = _Arrangement(
        arrangement=arrangement, services=list(services), mechanism=mechanism, established=day
    )
    return ArrangementEstablished(
        **_common(p, when, auth),
        arrangement=arrangement,
        name=f"Shared {names[services[0]]}",
        services=tuple(services),
        mechanism=mechanism,
        mechanism_detail="under the umbrella Memorandum of Agreement" if g.chance(20) else None,
        lead=lead,
        notice_period=g.pick(("six months", "twelve months")) if g.chance(30) else None,
    )


def _free_services(p: _Partnership, day: date) -> list[str]:
    taken = {s for a in p.open_arrangements(day) for s in a.services}
    return [s for s, _ in words.SERVICES if s not in taken]


def _vary(
    g: _Gen, p: _Partnership, when: DateSpec, day: date, auth: tuple[Authority, ...]
) -> Event:
    arrangement = g.pick(p.open_arrangements(day))
    arrangement.touched.append(day)
    added: list[str] = []
    removed: list[str] = []
    change = g.pick(("add", "remove", "mechanism", "lead", "notice"))
    free = _free_services(p, day)
    if change == "add" and free:
        added = g.some(free, 1, 2)
    elif change == "remove" and len(arrangement.services) > 1:
        removed = g.some(arrangement.services, 1, len(arrangement.services) - 1)
    elif change == "lead":
        return ArrangementVaried(
            **_common(p, when, auth),
            arrangement=arrangement.arrangement,
            lead=g.pick(sorted(p.members)),
        )
    elif change == "notice":
        return ArrangementVaried(
            **_common(p, when, auth),
            arrangement=arrangement.arrangement,
            notice_period="three months",
        )
    if not added and not removed:
        mechanism = g.pick([m for m in Mechanism if m is not arrangement.mechanism])
        arrangement.mechanism = mechanism
        return ArrangementVaried(
            **_common(p, when, auth),
            arrangement=arrangement.arrangement,
            mechanism=mechanism,
        )
    arrangement.services = [s for s in arrangement.services if s not in removed] + added
    return ArrangementVaried(
        **_common(p, when, auth),
        arrangement=arrangement.arrangement,
        services_added=tuple(added),
        services_removed=tuple(removed),
    )


def _notice(
    g: _Gen, p: _Partnership, when: DateSpec, day: date, auth: tuple[Authority, ...]
) -> Event:
    arrangement = g.pick(_noticeable(p, day))
    arrangement.touched.append(day)
    ends = day + timedelta(days=g.number(60, 400))
    arrangement.notice_ends = ends
    return NoticeGiven(
        **_common(p, when, auth),
        arrangement=arrangement.arrangement,
        given_by=g.pick(sorted(p.members)),
        notice_ends=ends,
    )


def _noticeable(p: _Partnership, day: date) -> list[_Arrangement]:
    return [a for a in p.open_arrangements(day) if a.notice_ends is None]


def _decouple(
    g: _Gen, p: _Partnership, when: DateSpec, day: date, auth: tuple[Authority, ...]
) -> Event:
    arrangement = g.pick(p.open_arrangements(day))
    arrangement.touched.append(day)
    leaving: list[str] = []
    if len(arrangement.services) > 1 and g.chance(50):
        leaving = g.some(arrangement.services, 1, len(arrangement.services) - 1)
    elif g.chance(30):
        leaving = list(arrangement.services)  # every service named: the whole arrangement
    arrangement.services = [s for s in arrangement.services if s not in leaving]
    if not leaving or not arrangement.services:
        arrangement.closed = "decoupled"
        arrangement.services = []
    return ArrangementDecoupled(
        **_common(p, when, auth),
        arrangement=arrangement.arrangement,
        services=tuple(leaving),
    )


def _end(g: _Gen, p: _Partnership, when: DateSpec, day: date, auth: tuple[Authority, ...]) -> Event:
    arrangement = g.pick(p.open_arrangements(day))
    arrangement.touched.append(day)
    arrangement.closed = "ended"
    return ArrangementEnded(
        **_common(p, when, auth),
        arrangement=arrangement.arrangement,
        reason="the agreement was terminated by mutual consent" if g.chance(50) else None,
    )


def _create_post(
    g: _Gen, p: _Partnership, when: DateSpec, day: date, auth: tuple[Authority, ...]
) -> Event:
    stem, title, alternatives = g.pick(words.POSTS)
    post = p.unique(stem)
    members = sorted(p.members)
    p.posts[post] = _Post(post=post, title=title, alternatives=(title, *alternatives), created=day)
    return PostCreated(
        **_common(p, when, auth),
        post=post,
        title=title,
        employer=g.pick(members) if g.chance(50) else None,
        shared_by=tuple(g.some(members, 0, len(members))),
    )


def _retitle(
    g: _Gen, p: _Partnership, when: DateSpec, day: date, auth: tuple[Authority, ...]
) -> Event:
    post = g.pick(p.active_posts(day))
    previous = post.title_on(day)
    titles = [t for t in post.alternatives if t != previous]
    new = g.pick(titles)
    until = g.later_spec(day) if g.chance(30) else None
    post.retitle(day, new, certain_from(until) if until is not None else None)
    return PostRetitled(
        **_common(p, when, auth),
        post=post.post,
        previous_title=previous,
        new_title=new,
        until=until,
    )


def _appoint(
    g: _Gen, p: _Partnership, when: DateSpec, day: date, auth: tuple[Authority, ...]
) -> Event:
    post = g.pick(p.active_posts(day))
    post.holder = True
    basis = g.pick(list(HolderBasis))
    temporary = basis is not HolderBasis.SUBSTANTIVE
    return PostHolderAppointed(
        **_common(p, when, auth),
        post=post.post,
        basis=basis,
        holder=g.pick(words.PEOPLE) if g.chance(70) else None,
        employer=g.pick(sorted(p.members)) if g.chance(40) else None,
        term_ends=g.later_spec(day) if temporary and g.chance(60) else None,
    )


def _vacate(
    g: _Gen, p: _Partnership, when: DateSpec, day: date, auth: tuple[Authority, ...]
) -> Event:
    post = g.pick([post for post in p.active_posts(day) if post.holder])
    post.holder = False
    return PostVacated(
        **_common(p, when, auth),
        post=post.post,
        reason=g.pick(list(VacancyReason)),
    )


def _extend(
    g: _Gen, p: _Partnership, when: DateSpec, day: date, auth: tuple[Authority, ...]
) -> Event:
    post = g.pick([post for post in p.active_posts(day) if post.holder])
    return PostTermExtended(
        **_common(p, when, auth),
        post=post.post,
        term_ends=g.later_spec(day, low=90),
    )


def _delete_post(
    g: _Gen, p: _Partnership, when: DateSpec, day: date, auth: tuple[Authority, ...]
) -> Event:
    post = g.pick(p.active_posts(day))
    post.deleted = True
    post.holder = False
    return PostDeleted(**_common(p, when, auth), post=post.post)


def _designate(
    g: _Gen, p: _Partnership, when: DateSpec, day: date, auth: tuple[Authority, ...]
) -> Event:
    posts = p.active_posts(day)
    post = g.pick(posts).post if posts and g.chance(60) else None
    person = g.pick(words.PEOPLE) if post is None or g.chance(50) else None
    return StatutoryRoleDesignated(
        **_common(p, when, auth),
        council=g.pick(sorted(p.members)),
        role=g.pick([*StatutoryRole, *words.OTHER_DESIGNATIONS]),
        post=post,
        person=person,
    )


def _slugify(text: str) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", text.lower()))


def _role(g: _Gen, p: _Partnership, titles: Sequence[str]) -> Role:
    post = g.pick(sorted(p.posts)) if p.posts and g.chance(25) else None
    return Role(
        title=g.pick(titles),
        council=g.pick(sorted(p.members)) if g.chance(80) else None,
        post=post,
        name=g.pick(words.PEOPLE) if g.chance(20) else None,
    )


def _delegate(
    g: _Gen, p: _Partnership, when: DateSpec, day: date, auth: tuple[Authority, ...]
) -> Event:
    title, _ = g.pick(words.TOPICS)
    delegation = p.unique(f"{_slugify(title.split(':')[0])}-delegation")
    delegates = tuple(_role(g, p, words.OFFICER_ROLES) for _ in range(g.number(1, 2)))
    consultees = tuple(_role(g, p, words.MEMBER_ROLES) for _ in range(g.number(0, 1)))
    if g.chance(15):  # "in consultation with <another council>"
        council, name, _ = g.pick(words.COUNCILS)
        consultees += (Role(title=name, council=council, organisation=True),)
    bodies = p.active_bodies(day)
    expires = g.later_spec(day) if g.chance(30) else None
    live = [d for d in p.delegations.values() if d.in_force_on(day)]
    replaces: str | None = None
    if live and g.chance(20):  # the same power re-granted: the earlier one ends today
        earlier = g.pick(live)
        earlier.revoked = day
        replaces = earlier.delegation
    p.delegations[delegation] = _Delegation(
        delegation=delegation,
        delegates=delegates,
        consultees=consultees,
        granted=day,
        expires=certain_from(expires) if expires is not None else None,
    )
    return DelegationGranted(
        **_common(p, when, auth),
        delegation=delegation,
        delegates=delegates,
        consultees=consultees,
        scope=g.pick(("non-significant amendments", "the detailed terms of the agreement")),
        limits=tuple(g.some(("within budget", "with no risk of redundancy"), 0, 2)),
        jointly=len(delegates) > 1 and g.chance(50),
        through=g.pick(bodies).body if bodies and g.chance(20) else None,
        expires=expires,
        replaces=replaces,
    )


def _revoke(
    g: _Gen, p: _Partnership, when: DateSpec, day: date, auth: tuple[Authority, ...]
) -> Event:
    delegation = g.pick([d for d in p.delegations.values() if d.in_force_on(day)])
    delegation.revoked = day
    return DelegationRevoked(**_common(p, when, auth), delegation=delegation.delegation)


def _share(
    g: _Gen, p: _Partnership, when: DateSpec, day: date, auth: tuple[Authority, ...]
) -> Event:
    councils = sorted(g.some(sorted(p.members), 2, len(p.members)))
    weights = [g.number(1, 6) for _ in councils] if g.chance(60) else [1] * len(councils)
    total = sum(weights)
    shares = tuple(
        Share(council=c, fraction=Fraction(w, total))
        for c, w in zip(councils, weights, strict=True)
    )
    if p.scopes and g.chance(60):
        scope = g.pick(p.scopes)  # a newer agreement supersedes the older
    else:
        scope = p.unique(f"{g.pick([s for s, _ in words.SERVICES])}-costs")
        p.scopes.append(scope)
    return CostShareAgreed(
        **_common(p, when, auth),
        scope=scope,
        description=f"costs of {scope.replace('-', ' ')}",
        shares=shares,
    )


def _assign(
    g: _Gen, p: _Partnership, when: DateSpec, day: date, auth: tuple[Authority, ...]
) -> Event:
    stem, description = g.pick(words.ACTIONS)
    action = p.unique(stem)
    p.actions[action] = False
    return ActionAssigned(
        **_common(p, when, auth),
        action=action,
        description=description,
        assignee=_role(g, p, words.OFFICER_ROLES) if g.chance(70) else None,
        due=g.later_spec(day, low=7, high=180) if g.chance(50) else None,
    )


def _changes_on(p: _Partnership, day: date) -> list[_Build]:
    """The kinds of change that can validly take effect in *p* on *day*."""
    posts = p.active_posts(day)
    held = [post for post in posts if post.holder]
    arrangements = bool(p.open_arrangements(day))
    options: list[tuple[bool, _Build]] = [
        (arrangements, _vary),
        (bool(held), _vacate),
        (bool(posts), _retitle),
        (bool(_noticeable(p, day)), _notice),
        (bool(_noticeable(p, day)), _stage),
        (bool(held), _extend),
        (arrangements, _decouple),
        (bool(posts), _appoint),
        (any(d.in_force_on(day) for d in p.delegations.values()), _revoke),
        (arrangements, _end),
        (bool(p.active_bodies(day)), _disband),
        (bool(p.active_bodies(day)), _revise_terms),
        (bool(p.active_bodies(day)), _appoint_to_body),
        (any(b.members for b in p.active_bodies(day)), _leave_body),
        (bool(posts), _delete_post),
        (len(p.members) > 2, _withdraw),
        (bool(_free_services(p, day)), _establish_arrangement),
        (True, _create_post),
        (True, _share),
        (True, _delegate),
        (True, _assign),
        (True, _establish_body),
        (True, _designate),
        (any(_newcomer(p, c[0]) for c in words.COUNCILS), _admit),
        (any(_newcomer(p, s[0]) for s in words.SUCCESSORS), _succeed),
    ]
    return [build for usable, build in options if usable]


def _with_not_on_record(event: Event, notes: tuple[NotOnRecord, ...]) -> Event:
    changed: Any = event
    evolved: Event = attrs.evolve(changed, not_on_record=notes)
    return evolved


def _change(g: _Gen, p: _Partnership) -> Step:
    """One change to the partnership, authorised by a document or recorded decisions."""
    when, day = g.when(p)
    build = g.pick(_changes_on(p, day))
    authority = _authority(g, p, day)
    event = build(g, p, when, day, authority)
    if (
        isinstance(event, PARTNERSHIP_LEVEL)
        and any(isinstance(a, ResolutionRef) for a in authority)
        and g.chance(30)
    ):  # only one council's minute survives: the others' decisions are not on record
        lost = (NotOnRecord(note="the other councils' minutes are lost"),)
        event = _with_not_on_record(event, lost)
    step = Step()
    if isinstance(event, CostShareAgreed | StatutoryRoleDesignated):
        _add(g, step, event)
    else:
        step.append.append(event)
    return step


# --------------------------------------------------------------------------- other steps


def _conditional_resolution(g: _Gen, p: _Partnership, summary: str) -> ResolutionPassed:
    """A member's Cabinet agrees *summary*, subject to one condition."""
    decided = g.after(p.day)
    p.day = decided
    maker = CouncilBody(council=g.pick(sorted(p.members)), name="Cabinet")
    condition = _condition(g, p, maker)
    event = ResolutionPassed(
        partnership=p.partnership,
        effective=decided,
        resolution=_resolution_id(p, maker, decided),
        decided_by=maker,
        decided=decided,
        item=str(g.number(3, 140)),
        title=g.pick(words.TOPICS)[0],
        parts=(Part(number="1", summary=summary, conditions=(condition,)),),
    )
    draft = _PartDraft(conditions=[condition.id], outcomes={("1",): Outcome.RESOLVED})
    draft.resolved.append((("1",), True))
    _remember(p, event, draft, decided)
    return event


def _overtaken(g: _Gen, p: _Partnership) -> Step:
    """A change agreed subject to a condition is overtaken: the arrangement closes first.

    When the condition is met afterwards, the waiting change must not revive it.
    """
    tomorrow = p.day + timedelta(days=1)
    arrangement = g.pick(_noticeable(p, tomorrow))
    resolution = _conditional_resolution(g, p, "agree changes to the shared arrangement")
    step = Step(append=[resolution])
    day = g.after(p.day)
    p.day = day
    arrangement.touched.append(day)
    common = _common(p, day, (ResolutionRef(resolution=resolution.resolution, part=("1",)),))
    if g.chance(65):
        ends = day + timedelta(days=g.number(60, 400))
        arrangement.notice_ends = ends
        step.append.append(
            NoticeGiven(
                **common,
                arrangement=arrangement.arrangement,
                given_by=g.pick(sorted(p.members)),
                notice_ends=ends,
            )
        )
    else:
        mechanism = g.pick([m for m in Mechanism if m is not arrangement.mechanism])
        arrangement.mechanism = mechanism
        step.append.append(
            ArrangementVaried(**common, arrangement=arrangement.arrangement, mechanism=mechanism)
        )
    room = g.world.gap
    if arrangement.notice_ends is not None:  # close it before the notice runs out
        room = min(room, (arrangement.notice_ends - p.day).days)
    closed = g.after(p.day, room)
    p.day = closed
    arrangement.touched.append(closed)
    common = _common(p, closed, (_citation(g, closed),))
    if g.chance(60):
        arrangement.closed, arrangement.services = "decoupled", []
        step.append.append(ArrangementDecoupled(**common, arrangement=arrangement.arrangement))
    else:
        arrangement.closed = "ended"
        step.append.append(ArrangementEnded(**common, arrangement=arrangement.arrangement))
    condition = resolution.parts[0].conditions[0].id
    if g.chance(80):
        met = g.after(p.day)
        p.day = met
        p.conditions[condition] = "satisfied"
        step.append.append(
            ConditionSatisfied(
                partnership=p.partnership,
                effective=met,
                condition=condition,
                evidence=g.pick(words.EVIDENCE),
            )
        )
    return step


def _wind_up(g: _Gen, p: _Partnership) -> Step:
    """A joint body takes its last decisions and is disbanded "as from" a later date."""
    tomorrow = p.day + timedelta(days=1)
    body = g.pick([b for b in p.active_bodies(tomorrow) if b.kind is not BodyKind.WORKING_GROUP])
    decided = g.after(p.day)
    p.day = decided
    maker = JointBody(body=body.body)
    draft = _PartDraft(outcomes={("1",): Outcome.RESOLVED})
    draft.resolved.append((("1",), False))
    event = ResolutionPassed(
        partnership=p.partnership,
        effective=decided,
        resolution=_resolution_id(p, maker, decided),
        decided_by=maker,
        decided=decided,
        item=str(g.number(3, 40)),
        title="Future of the committee",
        parts=(
            Part(number="1", summary="approve the final accounts and the handover of its work"),
        ),
    )
    _remember(p, event, draft, decided)
    ends = g.after(p.day)
    p.day = ends
    body.disbanded = ends
    authority: tuple[Authority, ...] = (ResolutionRef(resolution=event.resolution, part=("1",)),)
    disbanded = BodyDisbanded(
        partnership=p.partnership,
        effective=ends,
        authorised_by=authority if g.chance(50) else (_citation(g, ends),),
        body=body.body,
    )
    return Step(append=[event, disbanded])


def _settle_condition(g: _Gen, p: _Partnership) -> Step:
    """An open condition is met, or lapses."""
    condition = g.pick(sorted(c for c, status in p.conditions.items() if status == "open"))
    day = g.after(p.day)
    p.day = day
    if g.chance(75):
        p.conditions[condition] = "satisfied"
        event: Event = ConditionSatisfied(
            partnership=p.partnership,
            effective=day,
            condition=condition,
            evidence=g.pick(words.EVIDENCE),
            authorised_by=_optional_authority(g, p, day),
        )
    else:
        p.conditions[condition] = "lapsed"
        event = ConditionLapsed(
            partnership=p.partnership,
            effective=day,
            condition=condition,
            reason=g.pick(words.LAPSE_REASONS),
        )
    step = Step()
    _add(g, step, event)
    return step


def _determination(
    p: _Partnership, resolution: str, day: date, outcome: CallInOutcome
) -> CallInDetermined:
    return CallInDetermined(
        partnership=p.partnership, effective=day, resolution=resolution, outcome=outcome
    )


def _determine_call_in(g: _Gen, p: _Partnership) -> Step:
    """Scrutiny determines a call-in: the decision stands, or it is referred back."""
    call_in = g.pick([c for c in p.call_ins.values() if not c.determined])
    call_in.determined = True
    day = g.after(p.day)
    p.day = day
    event = _determination(p, call_in.resolution, day, g.pick(list(CallInOutcome)))
    step = Step()
    _add(g, step, event)
    return step


def _exercise(g: _Gen, p: _Partnership) -> Step:
    """A delegate exercises a delegation in force: a decision that can itself be cited."""
    delegations = [d for d in p.delegations.values() if d.in_force_on(p.day + timedelta(days=1))]
    delegation = g.pick(delegations)
    limit = (delegation.expires - p.day).days if delegation.expires else g.world.gap
    day = g.after(p.day, max(1, min(limit, g.world.gap)))
    p.day = day
    delegation.exercised += 1
    decision = p.unique(f"{delegation.delegation}-decision")
    taken_by = g.pick(delegation.delegates)
    p.citable.append(_Citable(ref=ResolutionRef(resolution=decision), decided=day))
    return Step(
        append=[
            DelegatedDecisionTaken(
                partnership=p.partnership,
                effective=day,
                decision=decision,
                delegation=delegation.delegation,
                taken_by=taken_by,
                summary="agreed the final terms within the delegated limits",
                decided=day,
                consulted=delegation.consultees,
            )
        ]
    )


def _complete(g: _Gen, p: _Partnership) -> Step:
    """An assigned action is done."""
    action = g.pick(sorted(a for a, done in p.actions.items() if not done))
    p.actions[action] = True
    when, _ = g.when(p)
    event = ActionCompleted(
        partnership=p.partnership,
        effective=when,
        action=action,
        evidence="reported to the Joint Committee" if g.chance(50) else None,
    )
    step = Step()
    _add(g, step, event)
    return step


def _dissolve(g: _Gen, p: _Partnership) -> Step:
    """The partnership ends; nothing takes effect in it afterwards."""
    day = g.after(p.day)
    p.day = day
    p.dissolved = day
    return Step(append=[PartnershipDissolved(**_common(p, day, _authority(g, p, day)))])


def _form(g: _Gen) -> Step:
    """Two or more councils form a partnership."""
    world = g.world
    taken = set(world.partnerships)
    chosen = g.some(words.COUNCILS, 2, 3)
    members = {council: name for council, name, _ in chosen}
    partnership = "-".join(sorted(members))
    number = 2
    while partnership in taken:
        partnership, number = f"{'-'.join(sorted(members))}-{number}", number + 1
    third = max(1, (world.end - world.start).days // 3)
    day = world.start + timedelta(days=g.number(0, third))
    p = _Partnership(partnership=partnership, formed=day, day=day, members=members)
    p.ids.update(members)
    world._partnerships[partnership] = p
    names = " and ".join(short for _, _, short in chosen)
    step = Step(
        append=[
            PartnershipFormed(
                partnership=partnership,
                effective=day,
                authorised_by=(_citation(g, day),),
                name=f"{names} shared services partnership",
                members=tuple(Member(council=c, name=n) for c, n in members.items()),
            )
        ]
    )
    founding: list[_Build] = [_establish_body, _establish_arrangement, _share]
    for build in founding:  # a joint committee, a first shared service, a cost split
        if g.chance(50):
            when, day = g.when(p, periods=False)
            step.append.append(build(g, p, when, day, (_citation(g, day),)))
    return step


_StepFn = Callable[[_Gen, _Partnership], Step]


def _steps_for(world: World, p: _Partnership) -> list[_StepFn]:
    tomorrow = p.day + timedelta(days=1)
    options: list[tuple[bool, _StepFn]] = [
        ("open" in p.conditions.values(), _settle_condition),
        (any(r.to.council in p.members for r in p.recommendations), _adopt),
        (any(r.to.council in p.members for r in p.recommendations), _adopt),
        (bool(p.in_principle), _finalise),
        (any(not c.determined for c in p.call_ins.values()), _determine_call_in),
        (any(d.in_force_on(tomorrow) for d in p.delegations.values()), _exercise),
        (not all(p.actions.values()), _complete),
        (bool(_noticeable(p, tomorrow)), _overtaken),
        (bool(_noticeable(p, tomorrow)), _overtaken),
        (any(b.kind is not BodyKind.WORKING_GROUP for b in p.active_bodies(tomorrow)), _wind_up),
        (True, _change),
        (True, _change),
        (True, _change),
        (True, _resolve),
        (True, _each_member),
        (p.steps >= 8, _dissolve),
    ]
    return [step for usable, step in options if usable]


def _active(world: World) -> list[_Partnership]:
    room = timedelta(days=3 * world.gap + 60)
    return [
        p for p in world._partnerships.values() if p.dissolved is None and p.day + room < world.end
    ]


def draw_step(draw: st.DrawFn, world: World) -> Step | None:
    """Draw the next step of *world*, or ``None`` when no partnership has room for one."""
    g = _Gen(draw, world)
    active = _active(world)
    if len(world.partnerships) < world.max_partnerships and (not active or g.chance(25)):
        return _form(g)
    if not active:
        return None
    p = g.pick(active)
    step = g.pick(_steps_for(world, p))(g, p)
    p.steps += 1
    for event in step.hold:
        world.hold(event)
    return step
