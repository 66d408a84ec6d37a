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

from collections.abc import Iterable, Sequence
from datetime import date

import attrs

from ...events import (
    ActionCompleted,
    BodyKind,
    CallInDetermined,
    ConditionLapsed,
    ConditionSatisfied,
    CostShareAgreed,
    CouncilBody,
    DecisionMaker,
    Event,
    Mechanism,
    Outcome,
    ResolutionRef,
    Role,
)
from .ids import IdRegistry, Ids
from .index import CitableIndex

Path = tuple[str, ...]


# --------------------------------------------------------------------------- the model


@attrs.define(eq=False)
class Body:
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
class Arrangement:
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
class Post:
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
class Delegation:
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
class Resolution:
    resolution: str
    maker: DecisionMaker
    decided: date  # the day the rules take it as decided
    effective: date
    parts: dict[Path, Outcome]
    call_in_deadline: date | None = None
    open_window: bool = False  # subject to call-in with no stated window


@attrs.define(eq=False)
class Citable:
    ref: ResolutionRef
    decided: date
    conditional: bool = False
    #: The ref as cited from another partnership, built once (see ``draw.decided_elsewhere``).
    foreign: ResolutionRef | None = attrs.field(default=None, repr=False)


@attrs.define(eq=False)
class Recommendation:
    ref: ResolutionRef
    to: CouncilBody


@attrs.define(eq=False)
class CallIn:
    resolution: str
    requested: date
    determined: bool = False


@attrs.define(eq=False)
class Partnership:
    partnership: str
    formed: date
    day: date
    members: dict[str, str]
    dissolved: date | None = None
    former: set[str] = attrs.Factory(set)
    bodies: dict[str, Body] = attrs.Factory(dict)
    arrangements: dict[str, Arrangement] = attrs.Factory(dict)
    posts: dict[str, Post] = attrs.Factory(dict)
    delegations: dict[str, Delegation] = attrs.Factory(dict)
    actions: dict[str, bool] = attrs.Factory(dict)  # id -> completed
    resolutions: dict[str, Resolution] = attrs.Factory(dict)
    citable: list[Citable] = attrs.Factory(list)
    recommendations: list[Recommendation] = attrs.Factory(list)
    in_principle: list[ResolutionRef] = attrs.Factory(list)  # awaiting a final decision
    conditions: dict[str, str] = attrs.Factory(dict)  # id -> open/satisfied/lapsed
    call_ins: dict[str, CallIn] = attrs.Factory(dict)
    scopes: list[str] = attrs.Factory(list)
    corrected: set[str] = attrs.Factory(set)  # resolutions a later correction replaced
    elsewhere: dict[str, str] = attrs.Factory(dict)  # decisions cited elsewhere -> where
    steps: int = 0
    #: Every id the partnership uses (see :class:`~.ids.Ids`).
    ids: Ids = attrs.Factory(Ids)
    #: The world's index of citable parts, once the world has the partnership.
    _index: CitableIndex | None = attrs.field(default=None, repr=False)

    def unique(self, stem: str) -> str:
        """A fresh id: *stem*, or *stem* with the lowest free number from 2."""
        return self.ids.unique(stem)

    def add_citable(self, citable: Citable, maker: DecisionMaker) -> None:
        """Record that *citable*, a part of a decision *maker* took, may be cited."""
        self.citable.append(citable)
        if self._index is not None:
            self._index.add(self, citable, maker)

    def citable_changed(self) -> None:
        """Tell the world's index that ``citable`` or ``corrected`` lost entries."""
        if self._index is not None:
            self._index.resync(self)

    def open_arrangements(self, day: date) -> list[Arrangement]:
        return [a for a in self.arrangements.values() if a.open_on(day)]

    def active_posts(self, day: date) -> list[Post]:
        return [p for p in self.posts.values() if not p.deleted and p.created < day]

    def active_bodies(self, day: date) -> list[Body]:
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
    corrections: bool = False
    events: list[Event] = attrs.Factory(list)
    held: list[Event] = attrs.Factory(list)
    _partnerships: dict[str, Partnership] = attrs.field(factory=dict, repr=False)
    _locked: set[str] = attrs.field(factory=set, repr=False)
    #: Who uses which id, over every partnership (condition ids are fresh world-wide).
    registry: IdRegistry = attrs.field(init=False, repr=False, factory=IdRegistry)
    #: The citable parts of every partnership's decisions taken by a council's body.
    citable_index: CitableIndex = attrs.field(init=False, repr=False)

    def __attrs_post_init__(self) -> None:
        self.citable_index = CitableIndex(self.start, self.end)

    @property
    def partnerships(self) -> tuple[str, ...]:
        """Every partnership formed so far."""
        return tuple(self._partnerships)

    @property
    def formed(self) -> int:
        """How many partnerships have formed (``len(partnerships)`` without the copy)."""
        return len(self._partnerships)

    def has(self, partnership: str) -> bool:
        """Whether *partnership* has formed."""
        return partnership in self._partnerships

    def councils_in_partnerships(self, councils: Iterable[str]) -> set[str]:
        """Those of *councils* that are members of a partnership formed so far (the scan
        stops once every one is found, so it does not grow with the world)."""
        wanted, found = set(councils), set()
        for p in self._partnerships.values():
            found.update(wanted.intersection(p.members))
            if len(found) == len(wanted):
                break
        return found

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

    def partnership(self, partnership: str) -> Partnership:
        return self._partnerships[partnership]

    def add(self, p: Partnership) -> None:
        """Take in a newly formed partnership, keeping the world's indexes over it."""
        self._partnerships[p.partnership] = p
        p.ids.attach(p.partnership, self.registry)
        p._index = self.citable_index


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
    *,
    start: date,
    end: date,
    partnerships: int,
    length: int,
    back_dating: bool = True,
    corrections: bool = False,
) -> World:
    """An empty world whose partnerships form from *start* and act until *end*; with
    *corrections*, some decisions are corrected later (``EntryRetracted``)."""
    span = (end - start).days
    gap = max(2, min(120, span // max(4, length)))
    return World(
        start=start,
        end=end,
        max_partnerships=partnerships,
        gap=gap,
        back_dating=back_dating,
        corrections=corrections,
    )
