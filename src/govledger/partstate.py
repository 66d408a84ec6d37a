"""Part-level state: each numbered part of each decision, as it stood on the day.

``state.part("bdc-cabinet-2009-07-29-45(2)(a)")`` answers, in one read, what became
of that part on the state's day: its outcome, who decided it and when (and which
other councils' decisions mirror it), its votes, its conditions and whether each was
met or lapsed, the decision's published date and call-in position, and whether the
part is in force on the day, with the reasons when it is not.
``state.parts()`` lists every part of every decision the state knows.

>>> from govledger.projections import PartnershipState
>>> from datetime import date
>>> PartnershipState(partnership="a-b", as_of=date(2020, 1, 1)).parts()
()
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, Any, ClassVar

import attrs

from . import _code
from .codec import to_data
from .events import (
    Condition,
    ConditionKind,
    CouncilBody,
    DateSpec,
    DecisionMaker,
    Individual,
    JointBody,
    Outcome,
    Part,
    ResolutionPassed,
    ResolutionRef,
    Vote,
    path_key,
)
from .recommendations import prefixes, recommendation_of, ref_key, same_maker

if TYPE_CHECKING:
    from .projections import BodyState, ResolutionState

__all__ = ["ConditionState", "ConditionStatus", "PartState", "PartsIndex", "StateData"]


class StateData:
    """What every state type offers besides its fields: itself as plain data."""

    __slots__ = ()

    def to_dict(self) -> dict[str, Any]:
        """This value as plain JSON-ready data; see :func:`govledger.codec.to_data`."""
        data: dict[str, Any] = to_data(self)
        return data


class ConditionStatus(StrEnum):
    """Where a condition stands on the day."""

    UNMET = "unmet"
    SATISFIED = "satisfied"
    LAPSED = "lapsed"


@attrs.frozen(kw_only=True, eq=False)
class ConditionState(StateData):
    """A condition on a part, and whether it was met (or lapsed) by the day."""

    condition: Condition
    status: ConditionStatus
    on: date | None = None

    @property
    def id(self) -> str:
        return self.condition.id


@attrs.frozen(kw_only=True, eq=False)
class PartState(StateData):
    """One numbered part of a recorded decision on the state's day.

    ``part`` and ``resolution`` are the recorded part and decision themselves (every
    field of theirs, such as the votes of each motion, can be read there);
    ``decided_by`` and ``decided`` say who decided it and when, ``agreed_by`` which
    councils' decisions stand behind it (the deciding council, every constituent of a
    deciding joint committee, and the councils whose parts ``mirror`` it and are in
    force), ``mirrored_by`` those mirroring parts, ``adopted_by`` the latest adoption of
    the part or of a part above it (a recommended part's reasons name them all).
    ``in_force`` is whether the part authorises changes on the day (a recommended part
    once each body it went to has adopted it, by an adoption in force); ``why_not``
    the reasons when it does not. ``status`` is the whole decision's status on the day
    (``"in_force"`` once the decision is, even while this part still waits for a
    condition or an adoption): ask ``in_force`` about the part itself. ``recorded_in``
    is the partnership the decision is recorded in when it is another partnership's,
    cited here by a change (``ResolutionRef(partnership=...)``); ``None`` when it is
    recorded in the state's own partnership.
    """

    ref: ResolutionRef
    part: Part
    resolution: ResolutionPassed
    in_force: bool
    why_not: tuple[str, ...] = ()
    conditions: tuple[ConditionState, ...] = ()
    status: str | None = None
    agreed_by: tuple[str, ...] = ()
    mirrored_by: tuple[ResolutionRef, ...] = ()
    adopted_by: ResolutionRef | None = None
    recorded_in: str | None = None

    @property
    def outcome(self) -> Outcome:
        return self.part.outcome

    @property
    def summary(self) -> str:
        return self.part.summary

    @property
    def votes(self) -> tuple[Vote, ...]:
        """The part's own votes, or the decision's when it has one part and none of its own."""
        if self.part.votes or len(self.ref.part) != 1:
            return self.part.votes
        return self.resolution.votes if len(self.resolution.parts) == 1 else ()

    @property
    def decided_by(self) -> DecisionMaker:
        return self.resolution.decided_by

    @property
    def decided(self) -> DateSpec | None:
        return self.resolution.decided

    @property
    def published(self) -> date | None:
        return self.resolution.published

    @property
    def call_in_deadline(self) -> date | None:
        return self.resolution.call_in_deadline

    @property
    def approved(self) -> bool:
        """Resolved (not only recommended, noted, lost ...), whatever its conditions.

        A part nested in a recommended part is recommended with it, so it is not
        approved either; ``adopted_by`` says which body adopted the recommendation.
        """
        return (
            self.part.outcome is Outcome.RESOLVED
            and recommendation_of(self.resolution, self.ref.part) is None
        )

    @property
    def conditions_met(self) -> bool:
        return all(c.status is ConditionStatus.SATISFIED for c in self.conditions)


@attrs.frozen(kw_only=True, eq=False)
class PartsIndex:
    """What a state needs to answer about parts, taken from the fold when it froze.

    Built by the fold; read through :meth:`PartnershipState.part` and
    :meth:`PartnershipState.parts`.
    """

    resolutions: Mapping[str, ResolutionPassed]
    statuses: Mapping[str, ResolutionState]
    satisfied: Mapping[str, date]
    lapsed: Mapping[str, date]
    mirrored: Mapping[str, tuple[tuple[tuple[str, ...], ResolutionRef], ...]]
    bodies: Mapping[str, BodyState]
    members: tuple[str, ...]
    #: What the fold lists as pending or lapsed, by part: the state's own verdict, so a
    #: part is never in force while its state lists it as waiting (an adopting part
    #: that waits for the other bodies a recommendation went to, say).
    waiting: Mapping[ResolutionRef, tuple[str, ...]] = attrs.field(factory=dict)
    #: Derived from the state's data, never stored or exported (the codec leaves it out).
    DERIVED: ClassVar[bool] = True

    def part(self, ref: ResolutionRef) -> PartState | None:
        resolution = self.resolutions.get(ref.resolution)
        if resolution is None:
            return None
        path = ref.part
        if not path and len(resolution.parts) == 1:
            path = (resolution.parts[0].number,)
        part = resolution.part(path)
        if part is None:
            return None
        return self._state(resolution, path, part)

    def parts(self) -> Iterator[PartState]:
        for name in sorted(self.resolutions):
            resolution = self.resolutions[name]
            for path, part in resolution.walk():
                yield self._state(resolution, path, part)

    # ---------------------------------------------------------------- building

    def _state(self, resolution: ResolutionPassed, path: tuple[str, ...], part: Part) -> PartState:
        ref = ResolutionRef(resolution=resolution.resolution, part=path)
        why: list[str] = []
        status = self.statuses.get(resolution.resolution)
        status_value = status.status.value if status is not None else "not_yet_effective"
        if status is None or status.status.value != "in_force":
            why.append(self._status_words(resolution, status_value))
        adopters = self._adopters(resolution, path)
        adopted_by = adopters[-1] if adopters else None
        if part.outcome is Outcome.RECOMMENDED:
            if self._awaiting(part, adopters):  # once each body adopted it, it authorises
                to = ", ".join(str(m) for m in part.recommended_to)
                why.append(
                    f"recommended to {to}; adopted by {', '.join(str(a) for a in adopters)}"
                    if adopters
                    else f"recommended to {to}; not yet adopted"
                )
        elif part.outcome is not Outcome.RESOLVED:
            why.append(f"the part was {part.outcome.value.replace('_', ' ')}")
        conditions = tuple(self._condition(c) for c in self._binding(resolution, path))
        for condition in conditions:
            if condition.status is ConditionStatus.UNMET:
                why.append(
                    f"awaiting condition {condition.id!r}: {condition.condition.description}"
                )
            elif condition.status is ConditionStatus.LAPSED:
                why.append(f"condition {condition.id!r} lapsed on {condition.on}")
        for reason in self.waiting.get(ref, ()):
            if not any(reason in said or said in reason for said in why):
                why.append(reason)
        mirrored_by = self._mirrors(resolution.resolution, path)
        agreed = set(self._councils(resolution.decided_by))
        for mirror in mirrored_by:
            other = self.resolutions.get(mirror.resolution)
            if other is not None and self._in_force(other, mirror.part):
                agreed |= self._councils(other.decided_by)
        for condition in conditions:
            council = condition.condition.council
            if (
                condition.status is ConditionStatus.SATISFIED
                and council is not None
                and (condition.condition.kind is ConditionKind.MEMBER_APPROVAL)
            ):
                agreed.add(council)
        return PartState(
            ref=ref,
            part=part,
            resolution=resolution,
            in_force=not why,
            why_not=tuple(why),
            conditions=conditions,
            status=status_value,
            agreed_by=tuple(sorted(agreed)),
            mirrored_by=mirrored_by,
            adopted_by=adopted_by,
            recorded_in=status.recorded_in if status is not None else None,
        )

    def _adopters(self, resolution: ResolutionPassed, path: tuple[str, ...]) -> list[ResolutionRef]:
        """The parts, in the order they took effect, adopting the part at *path* or a part
        above it (adopting a part adopts everything nested in it), by a body the nearest
        recommendation at or above it went to, at a meeting that could decide."""
        found = recommendation_of(resolution, path)
        if found is None:
            return []
        bodies = found[1].recommended_to
        wanted = {(resolution.resolution, path_key(p)) for p in ((), *prefixes(path))}
        return [
            ResolutionRef(resolution=other.resolution, part=at)
            for other in self.resolutions.values()
            if other.meeting_status.can_decide
            and any(same_maker(other.decided_by, body) for body in bodies)
            for at, adopting in other.walk()
            if adopting.adopts is not None and ref_key(adopting.adopts) in wanted
        ]

    def _awaiting(self, part: Part, adopters: list[ResolutionRef]) -> list[DecisionMaker]:
        """The bodies *part* was recommended to that have no adoption of it in force."""
        makers = [
            self.resolutions[a.resolution].decided_by
            for a in adopters
            if self._in_force(self.resolutions[a.resolution], a.part)
        ]
        return [
            body
            for body in part.recommended_to
            if not any(same_maker(maker, body) for maker in makers)
        ]

    def _status_words(self, resolution: ResolutionPassed, status: str) -> str:
        if status == "call_in_window" and resolution.call_in_deadline is not None:
            return f"call-in window open until {resolution.call_in_deadline.isoformat()}"
        if status == "called_in":
            return "called in; awaiting scrutiny"
        if status == "referred_back":
            return "called in and referred back; never in force"
        return "the decision has not taken effect yet"

    def _in_force(self, resolution: ResolutionPassed, path: tuple[str, ...]) -> bool:
        status = self.statuses.get(resolution.resolution)
        if status is None or status.status.value != "in_force":
            return False
        if not path and len(resolution.parts) == 1:
            path = (resolution.parts[0].number,)
        part = resolution.part(path)
        if part is None or part.outcome is not Outcome.RESOLVED:
            return False
        return all(c.id in self.satisfied for c in self._binding(resolution, path))

    def _condition(self, condition: Condition) -> ConditionState:
        if condition.id in self.lapsed:
            return ConditionState(
                condition=condition, status=ConditionStatus.LAPSED, on=self.lapsed[condition.id]
            )
        if condition.id in self.satisfied:
            return ConditionState(
                condition=condition,
                status=ConditionStatus.SATISFIED,
                on=self.satisfied[condition.id],
            )
        return ConditionState(condition=condition, status=ConditionStatus.UNMET)

    @staticmethod
    def _binding(resolution: ResolutionPassed, path: tuple[str, ...]) -> list[Condition]:
        found: list[Condition] = []
        for depth in range(1, len(path) + 1):
            part = resolution.part(path[:depth])
            if part is not None:
                found.extend(part.conditions)
        return found

    def _mirrors(self, resolution: str, path: tuple[str, ...]) -> tuple[ResolutionRef, ...]:
        return tuple(
            mirror
            for target, mirror in self.mirrored.get(resolution, ())
            if path[: len(target)] == target
        )

    def _councils(self, maker: DecisionMaker) -> set[str]:
        if isinstance(maker, CouncilBody):
            return {maker.council}
        if isinstance(maker, Individual):
            return {maker.council} if maker.council else set()
        if isinstance(maker, JointBody):
            body = self.bodies.get(maker.body)
            if body is None or body.kind.value != "joint_committee":
                return set()
            return set(body.constituents or self.members)
        return set()  # pragma: no cover - the union is exhaustive


_code.share_equality(ConditionState)
_code.share_equality(PartState)
