"""Freeze a fold into the :class:`~govledger.projections.state.PartnershipState` on a day.

:func:`freeze` is :meth:`Fold.state() <govledger.projections.fold.Fold.state>`: the
fold's entries as they stand on the day (:mod:`~govledger.projections.settle`), the
changes still waiting and why, the parts of decisions not yet in force or lapsed,
decisions taken but not yet effective, and facts whose period contains the day.
"""

from __future__ import annotations

import functools
import weakref
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date
from typing import TYPE_CHECKING, Final, Generic, TypeVar

import attrs

from ..events import (
    CallInStatus,
    Event,
    Outcome,
    Part,
    Period,
    ResolutionPassed,
    ResolutionRef,
    certain_from,
    earliest,
)
from ..partstate import PartsIndex
from ..recommendations import recommendation_of
from ..trusted import part_ref
from ..wording import summarise
from .decisions import with_call_in
from .pending import Waits, part_waits
from .settle import settle_arrangement, settle_post
from .state import (
    Awaiting,
    LapsedDecision,
    PartnershipState,
    PendingDecision,
    ResolutionState,
    ResolutionStatus,
    UncertainFact,
    UnrecordedOutcome,
    WaitingReason,
)
from .targets import target_closed, target_missing
from .verdicts import (
    adoption_verdict,
    awaiting_decision,
    condition_reason,
    conditions_binding,
    ref_verdict,
)

if TYPE_CHECKING:
    from .cited import WithdrawnDecision
    from .fold import Fold

_T = TypeVar("_T")
_E = TypeVar("_E")

#: Events whose answers a freeze keeps (:class:`_PerEvent`), for each kind of answer.
PER_EVENT_KEPT: Final = 65_536


def freeze(
    fold: Fold,
    as_of: date,
    upcoming: Iterable[Event] = (),
    withdrawn: Mapping[str, WithdrawnDecision] | None = None,
) -> PartnershipState:
    """Freeze *fold* into the state on *as_of* (this is :meth:`Fold.state`).

    *upcoming* are the partnership's events not yet certain on *as_of* (effective
    later): decisions taken but not yet effective, and facts dated by a period. A
    fact dated by a period for which a change dated inside it is already waiting
    (evidence that it held by then) is taken as holding from that change's day.
    *withdrawn* are the decisions cited from other partnerships that were withdrawn
    there (see :mod:`~govledger.projections.cited`): a change waiting for one says so.
    """
    upcoming = list(upcoming)
    evidenced = [event for event in upcoming if fold.evidence_for(event) is not None]
    if evidenced:
        other = fold.copy()
        for event in evidenced:
            other.feed(event)
            other.day = fold.day
        rest = [event for event in upcoming if event not in evidenced]
        return freeze(other, as_of, rest, withdrawn)
    pending: list[PendingDecision] = []
    lapsed = list(fold.lapsed)
    for waiting in fold.waiting.values():
        description = _summary(waiting.event)
        moot = (
            target_closed(fold, waiting.event, as_of)
            if target_missing(fold, waiting.event) is None
            else None
        )
        if moot is not None:  # whatever it waits for, it can no longer take effect
            lapsed.append(
                LapsedDecision(
                    description=description,
                    reason=moot,
                    on=as_of,
                    event=waiting.event,
                )
            )
            continue
        pending.append(
            PendingDecision(
                description=description,
                reasons=_told_withdrawn(fold, waiting.event, waiting.reasons, withdrawn),
                since=waiting.since,
                event=waiting.event,
            )
        )
    pending.extend(_pending_parts(fold))
    uncertain: list[UncertainFact] = [
        UncertainFact(
            description=f"{summarise(event)} (date not stated)",
            period=event.effective,
            event=event,
        )
        for event in fold.undated
        if isinstance(event.effective, Period)
    ]
    resolutions = {key: _in_window(value, as_of) for key, value in fold.resolution_state.items()}
    for event in upcoming:
        if isinstance(event.effective, Period) and event.effective.contains(as_of):
            uncertain.append(
                UncertainFact(description=summarise(event), period=event.effective, event=event)
            )
        if isinstance(event, ResolutionPassed):
            _announce(event, as_of, fold, resolutions, pending)
    lapsed_parts = tuple(_lapsed_parts(fold))
    return PartnershipState(
        partnership=fold.partnership,
        as_of=as_of,
        name=fold.name,
        formed=fold.formed,
        dissolved=fold.dissolved,
        members=_sorted(fold.members),
        former_members=_sorted(fold.former_members),
        bodies=_sorted(fold.bodies),
        arrangements=tuple(settle_arrangement(a, as_of) for a in _sorted(fold.arrangements)),
        posts=tuple(settle_post(p, as_of) for p in _sorted(fold.posts)),
        designations=tuple(fold.designations[k] for k in sorted(fold.designations)),
        delegations=tuple(d for d in _sorted(fold.delegations) if d.replaced_by is None),
        cost_shares=_sorted(fold.cost_shares),
        resolutions=_sorted(resolutions),
        actions=_sorted(fold.actions),
        pending=tuple(pending),
        lapsed=tuple(lapsed) + lapsed_parts,
        uncertain=tuple(uncertain),
        unrecorded=tuple(_unrecorded_parts(fold)),
        caveats=tuple(fold.caveats),
        parts_index=PartsIndex(
            resolutions={
                **fold.resolutions,
                **{
                    e.resolution: e
                    for e in upcoming
                    if isinstance(e, ResolutionPassed) and e.resolution in resolutions
                },
            },
            statuses=resolutions,
            satisfied=dict(fold.conditions_satisfied),
            lapsed=dict(fold.conditions_lapsed),
            mirrored=dict(fold.mirrored),
            bodies=dict(fold.bodies),
            members=tuple(sorted(fold.members)),
            waiting=_waiting_parts(pending, lapsed_parts),
        ),
        agreed_in_principle=tuple(fold.in_principle[k] for k in sorted(fold.in_principle, key=str)),
    )


class _Held(weakref.ref):  # type: ignore[type-arg]
    """A kept answer's weak hold on its event, with where the answer is kept: no
    closure per answer for the collector to walk."""

    __slots__ = ("key", "table")
    key: int
    table: dict[int, tuple[Callable[[], object], object]]


def _forget(held: _Held) -> None:
    """Drop the answer of an event just collected (unless its id has been reused)."""
    if (found := held.table.get(held.key)) is not None and found[0] is held:
        del held.table[held.key]


class _PerEvent(Generic[_E, _T]):
    """What a pure function of one event (or other frozen value) gives, kept by the
    value's identity, as long as the value lives.

    Events are frozen, and every copy of a fold (a waypoint, a checkpoint read, a
    question's own) holds the same event objects, so a freeze asks again of the same
    objects. An event is held weakly, its answer forgotten when it is collected: a
    table holding every event ever frozen would keep them all alive for the garbage
    collector to walk on every full pass. A value that cannot be held weakly (a tuple)
    is kept itself, which keeps its ``id`` from being reused, for up to
    :data:`PER_EVENT_KEPT` of them.
    """

    def __init__(self, work: Callable[[_E], _T]) -> None:
        self._work = work
        self._kept: dict[int, tuple[Callable[[], object], _T]] = {}

    def __call__(self, event: _E) -> _T:
        key = id(event)
        kept = self._kept.get(key)
        if kept is not None and kept[0]() is event:
            return kept[1]
        answer = self._work(event)
        if len(self._kept) >= PER_EVENT_KEPT:
            self._kept.clear()  # rarely: then each is worked out once more
        table = self._kept
        try:
            held: Callable[[], object] = _Held(event, _forget)
            held.key, held.table = key, table  # type: ignore[attr-defined]
        except TypeError:  # a tuple: kept itself
            held = functools.partial(_itself, event)
        table[key] = (held, answer)
        return answer


def _itself(value: object) -> object:
    return value


def _unrecorded_of(event: ResolutionPassed) -> tuple[UnrecordedOutcome, ...]:
    """Every part of *event* whose outcome the record does not give."""
    found: list[UnrecordedOutcome] = []
    for path, part in event.walk():
        if part.outcome is Outcome.NOT_RECORDED:
            ref = part_ref(event.resolution, path)
            found.append(
                UnrecordedOutcome(
                    description=f"{ref}: {part.summary} (outcome not recorded)",
                    ref=ref,
                    decided_by=event.decided_by,
                )
            )
    return tuple(found)


_unrecorded = _PerEvent(_unrecorded_of)


def _unrecorded_parts(fold: Fold) -> Iterator[UnrecordedOutcome]:
    for resolution in sorted(fold.unrecorded):
        yield from _unrecorded(fold.resolutions[resolution])


def _pending_parts(fold: Fold) -> Iterator[PendingDecision]:
    for resolution in fold.resolutions.values():
        state = fold.resolution_state[resolution.resolution]
        called_in = state.status is ResolutionStatus.CALLED_IN
        if resolution.resolution not in fold.conditional_or_recommended and not called_in:
            continue  # none of its parts can be waiting
        for ref, description, reasons in part_waits(fold, resolution, called_in, _part_waits):
            yield PendingDecision(description=description, reasons=reasons, since=fold.day, ref=ref)


def _part_waits(fold: Fold, resolution: ResolutionPassed, called_in: bool) -> Waits:
    """Each part of *resolution* still waiting in *fold*, and why (see
    :func:`~govledger.projections.pending.part_waits`, which keeps the answer)."""
    found: list[tuple[ResolutionRef, str, tuple[WaitingReason, ...]]] = []
    for path, part in resolution.walk():
        reasons: list[WaitingReason] = []
        if part.outcome not in (Outcome.RESOLVED, Outcome.RECOMMENDED):
            continue
        reasons.extend(_recommendation_reasons(fold, resolution, path, part))
        # a part waits on its own conditions and on those of the parts above
        for condition in conditions_binding(resolution, path):
            if (
                condition.id not in fold.conditions_satisfied
                and condition.id not in fold.conditions_lapsed
            ):
                reasons.append(condition_reason(condition))
        if part.outcome is Outcome.RESOLVED and called_in and len(path) == 1:
            reasons.append(
                WaitingReason(kind=Awaiting.CALL_IN, detail="called in; awaiting scrutiny")
            )
        if reasons:  # an adopting part's own condition also binds what it adopts
            ref = part_ref(resolution.resolution, path)
            found.append((ref, f"{ref}: {part.summary}", tuple(dict.fromkeys(reasons))))
    return tuple(found)


def _recommendation_reasons(
    fold: Fold, resolution: ResolutionPassed, path: tuple[str, ...], part: Part
) -> list[WaitingReason]:
    """Why a part waits as a recommendation, or as the adoption of one.

    A part at or under a recommended part waits for each body that has not yet
    adopted it; a part adopting a recommendation waits for whatever binds that
    recommendation (its conditions, the other bodies' adoptions).
    """
    reasons: list[WaitingReason] = []
    if recommendation_of(resolution, path) is not None:
        verdict = adoption_verdict(fold, resolution, path, frozenset())
        reasons.extend(verdict.reasons)
    if part.adopts is not None:
        verdict = ref_verdict(fold, part.adopts)
        reasons.extend(r for r in verdict.reasons if r not in reasons)
    return reasons


#: A part of a decision and the conditions binding it (its own and those above), in order.
_Bound = tuple[tuple[ResolutionRef, str, tuple[str, ...]], ...]


def _bound_of(resolution: ResolutionPassed) -> _Bound:
    """Each part of *resolution* that some condition binds, and the ids of those."""
    found: list[tuple[ResolutionRef, str, tuple[str, ...]]] = []
    for path, part in resolution.walk():
        binding = tuple(condition.id for condition in conditions_binding(resolution, path))
        if binding:
            ref = part_ref(resolution.resolution, path)
            found.append((ref, f"{ref}: {part.summary}", binding))
    return tuple(found)


_bound = _PerEvent(_bound_of)
_summary: _PerEvent[Event, str] = _PerEvent(summarise)


def _words_of(reasons: tuple[WaitingReason, ...]) -> tuple[str, ...]:
    return tuple(str(reason) for reason in reasons) or ("pending",)


#: The reasons of a part's pending entry are the same tuple from one freeze to the next
#: while its answer is kept (:func:`~govledger.projections.pending.part_waits`).
_words = _PerEvent(_words_of)


def _lapsed_parts(fold: Fold) -> Iterator[LapsedDecision]:
    lapsed_on = fold.conditions_lapsed
    if not lapsed_on:
        return
    for resolution in fold.resolutions.values():
        if resolution.resolution not in fold.conditional_or_recommended:
            continue  # it has no conditions to lapse
        # a part can no longer take effect once a condition on it, or on a part above
        # it, has lapsed
        for ref, description, binding in _bound(resolution):
            for condition in binding:
                lapsed = lapsed_on.get(condition)
                if lapsed is not None:
                    yield LapsedDecision(
                        description=description,
                        reason=f"condition {condition!r} lapsed",
                        on=lapsed,
                        ref=ref,
                    )


def _waiting_parts(
    pending: Iterable[PendingDecision], lapsed: Iterable[LapsedDecision]
) -> dict[ResolutionRef, tuple[str, ...]]:
    """Why each part the state lists as pending or lapsed is not in force, in words."""
    waiting: dict[ResolutionRef, tuple[str, ...]] = {}
    for decision in pending:
        if decision.ref is not None:
            words = _words(decision.reasons)
            waiting[decision.ref] = (*waiting.get(decision.ref, ()), *words)
    for gone in lapsed:
        if gone.ref is not None:
            waiting[gone.ref] = (*waiting.get(gone.ref, ()), gone.reason)
    return waiting


def _announce(
    event: ResolutionPassed,
    as_of: date,
    fold: Fold,
    resolutions: dict[str, ResolutionState],
    pending: list[PendingDecision],
) -> None:
    """List a decision taken on or before *as_of* that is not yet effective."""
    if event.decided is None or earliest(event.decided) > as_of:
        return
    if event.decided is not None and certain_from(event.decided) > as_of:
        return  # whether it was even decided yet is uncertain: listed as uncertain
    called_in = fold.call_ins.get(event.resolution)
    if called_in is not None and called_in <= as_of:
        status = ResolutionStatus.CALLED_IN
        reason = WaitingReason(
            kind=Awaiting.CALL_IN, detail=f"called in on {called_in.isoformat()}; awaiting scrutiny"
        )
    elif event.call_in_deadline is not None and as_of <= event.call_in_deadline:
        status = ResolutionStatus.CALL_IN_WINDOW
        reason = WaitingReason(
            kind=Awaiting.CALL_IN_WINDOW,
            detail=f"call-in window open until {event.call_in_deadline.isoformat()}",
        )
    else:
        status = ResolutionStatus.NOT_YET_EFFECTIVE
        detail = f"takes effect {certain_from(event.effective).isoformat()}"
        if event.call_in is CallInStatus.SUBJECT:  # and no deadline: say so, never guess one
            detail += " (subject to call-in; no call-in deadline recorded)"
        reason = WaitingReason(kind=Awaiting.EFFECTIVE_DATE, detail=detail)
    resolutions[event.resolution] = with_call_in(
        ResolutionState(
            resolution=event.resolution,
            decided_by=event.decided_by,
            decided=event.decided,
            effective=event.effective,
            item=event.item,
            title=event.title,
            status=status,
            in_force_from=None,
            called_in=called_in if called_in is not None and called_in <= as_of else None,
            awaiting_call_in=status
            in (ResolutionStatus.CALLED_IN, ResolutionStatus.CALL_IN_WINDOW),
        ),
        event,
        fold.partnership,
    )
    pending.append(
        PendingDecision(
            description=f"{event.resolution}: item {event.item}, {event.title}",
            reasons=(reason,),
            since=earliest(event.decided),
            ref=ResolutionRef(resolution=event.resolution),
        )
    )


def _told_withdrawn(
    fold: Fold,
    event: Event,
    reasons: tuple[WaitingReason, ...],
    withdrawn: Mapping[str, WithdrawnDecision] | None,
) -> tuple[WaitingReason, ...]:
    """*reasons*, with "awaiting decision ..." replaced, for each decision *event* cites
    from another partnership that was withdrawn there, by what happened to it."""
    if not withdrawn:
        return reasons
    refs: dict[str, list[ResolutionRef]] = {}
    for ref in getattr(event, "authorised_by", ()):
        if (
            isinstance(ref, ResolutionRef)
            and ref.foreign_to(fold.partnership)
            and ref.resolution in withdrawn
            and withdrawn[ref.resolution].partnership == ref.partnership
            and ref.resolution not in fold.resolutions
            and ref.resolution not in fold.delegated_decisions
        ):
            refs.setdefault(ref.resolution, []).append(ref)
    if not refs:
        return reasons
    told = list(reasons)
    for decision, cited in refs.items():
        reason = withdrawn[decision].reason(cited)
        awaiting = awaiting_decision(decision)
        told = [reason if said == awaiting else said for said in told]
        if reason not in told:
            told.append(reason)
    return tuple(dict.fromkeys(told))


def _in_window(state: ResolutionState, as_of: date) -> ResolutionState:
    """A decision folded before its call-in window closed still waits for it to close."""
    if (
        state.call_in_deadline is not None
        and as_of <= state.call_in_deadline
        and state.call_in_outcome is None
        and not state.awaiting_call_in
    ):
        return attrs.evolve(state, awaiting_call_in=True)
    return state


def _sorted(items: Mapping[str, _T]) -> tuple[_T, ...]:
    return tuple(items[k] for k in sorted(items))
