"""What a decision does to a fold: the decision handlers of :data:`~.apply.APPLY`.

A recorded decision (:class:`~govledger.events.ResolutionPassed`) is kept whole, with
its status (:class:`~govledger.projections.state.ResolutionState`); call-in, conditions
and delegated decisions change that status or what the decision's parts authorise, so
each returns the wait key of the decision, for the changes waiting on it to be tried
again.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, TypeAlias

import attrs

from ..events import (
    Authority,
    CallInDetermined,
    CallInOutcome,
    CallInRequested,
    ConditionLapsed,
    ConditionSatisfied,
    DelegatedDecisionTaken,
    EntryRetracted,
    Outcome,
    Part,
    ResolutionPassed,
    certain_from,
)
from ..recommendations import ref_key
from ..trusted import part_ref
from .state import InPrinciple, ResolutionState, ResolutionStatus

if TYPE_CHECKING:
    from .fold import Fold

#: The authorities an event cites, as a handler is given them.
Auth: TypeAlias = tuple[Authority, ...]
#: The wait keys (``"post:jce"``) a handler brought into force, to be woken in this order.
Wakes: TypeAlias = tuple[str, ...]

NONE: Wakes = ()


def resolution_passed(fold: Fold, event: ResolutionPassed, day: date, auth: Auth) -> Wakes:
    fold.resolutions[event.resolution] = event
    walked = event.walk()  # walked once here: the handler asks several things of each part
    if any(
        part.conditions or part.outcome is Outcome.RECOMMENDED or part.adopts is not None
        for _, part in walked
    ):
        fold.conditional_or_recommended.add(event.resolution)
    else:
        fold.conditional_or_recommended.discard(event.resolution)
    if any(part.outcome is Outcome.NOT_RECORDED for _, part in walked):
        fold.unrecorded.add(event.resolution)
    adopted: list[str] = []
    mirrored: dict[str, None] = {}
    for path, part in walked:
        for condition in part.conditions:
            fold.condition_owner[condition.id] = event.resolution
        if part.adopts is not None:
            adopting = part_ref(event.resolution, path)
            fold.adopted[part.adopts] = adopting
            key = ref_key(part.adopts)
            fold.adoptions[key] = (*fold.adoptions.get(key, ()), (adopting, event.decided_by))
            adopted.append(part.adopts.resolution)
        for target in part.mirrors:
            mirror = part_ref(event.resolution, path)
            fold.mirrored[target.resolution] = (
                *fold.mirrored.get(target.resolution, ()),
                (target.part, mirror),
            )
            mirrored[target.resolution] = None
        if part.in_principle or part.finalises is not None:
            _principle(fold, event, path, part, day)
    _refresh_resolution(fold, event.resolution)
    return (
        f"resolution:{event.resolution}",
        *(f"agreement:{resolution}" for resolution in mirrored),
        # what waited for this adoption
        *(f"resolution:{recommending}" for recommending in dict.fromkeys(adopted)),
    )


def _principle(
    fold: Fold, event: ResolutionPassed, path: tuple[str, ...], part: Part, day: date
) -> None:
    """Note a part agreed in principle, or a part making one final."""
    ref = part_ref(event.resolution, path)
    if part.in_principle:
        fold.in_principle[ref] = InPrinciple(
            ref=ref, summary=part.summary, since=day, decided_by=event.decided_by
        )
    if part.finalises is not None:
        agreed = fold.in_principle.get(part.finalises)
        if agreed is not None:
            fold.in_principle[part.finalises] = attrs.evolve(
                agreed, final=ref, final_outcome=part.outcome
            )


def call_in_requested(fold: Fold, event: CallInRequested, day: date, auth: Auth) -> Wakes:
    fold.call_ins[event.resolution] = day
    _refresh_resolution(fold, event.resolution)
    return NONE


def call_in_determined(fold: Fold, event: CallInDetermined, day: date, auth: Auth) -> Wakes:
    fold.call_in_outcomes[event.resolution] = (event.outcome, day)
    _refresh_resolution(fold, event.resolution)
    return (f"resolution:{event.resolution}",)


def _refresh_resolution(fold: Fold, resolution: str) -> None:
    event = fold.resolutions.get(resolution)
    if event is None:
        return
    status = ResolutionStatus.IN_FORCE
    in_force_from: date | None = certain_from(event.effective)
    outcome = fold.call_in_outcomes.get(resolution)
    if outcome is not None:
        if outcome[0] in (CallInOutcome.REFERRED_BACK, CallInOutcome.REFERRED_TO_COUNCIL):
            status, in_force_from = ResolutionStatus.REFERRED_BACK, None
        else:
            in_force_from = max(in_force_from or outcome[1], outcome[1])
    elif resolution in fold.call_ins:
        status, in_force_from = ResolutionStatus.CALLED_IN, None
    if not event.meeting_status.can_decide:
        status, in_force_from = ResolutionStatus.NO_VALID_MEETING, None
    # built whole, as with_call_in() would finish it: attrs.evolve() costs as much again
    fold.resolution_state[resolution] = ResolutionState(
        resolution=resolution,
        decided_by=event.decided_by,
        decided=event.decided,
        effective=event.effective,
        item=event.item,
        title=event.title,
        status=status,
        in_force_from=in_force_from,
        called_in=fold.call_ins.get(resolution),
        call_in_outcome=outcome[0] if outcome else None,
        awaiting_call_in=status is ResolutionStatus.CALLED_IN,
        **call_in_fields(event, fold.partnership),
    )


def with_call_in(
    state: ResolutionState, event: ResolutionPassed, home: str | None = None
) -> ResolutionState:
    """*state* with the decision's recorded call-in status and urgency, and, when
    *event* is recorded in a partnership other than *home* (a decision cited from
    elsewhere), the partnership it is recorded in."""
    return attrs.evolve(state, **call_in_fields(event, home))


def call_in_fields(event: ResolutionPassed, home: str | None = None) -> dict[str, Any]:
    """The fields of a :class:`ResolutionState` that :func:`with_call_in` sets."""
    return {
        "recorded_in": event.partnership
        if home is not None and event.partnership != home
        else None,
        "call_in": event.call_in,
        "call_in_exemption": event.call_in_exemption,
        "call_in_deadline": event.call_in_deadline,
        "call_in_words": event.call_in_words,
        "urgent": event.urgent,
        "urgency": event.urgency,
    }


def condition_satisfied(fold: Fold, event: ConditionSatisfied, day: date, auth: Auth) -> Wakes:
    fold.conditions_satisfied[event.condition] = day
    return _condition_owner(fold, event.condition)


def condition_lapsed(fold: Fold, event: ConditionLapsed, day: date, auth: Auth) -> Wakes:
    fold.conditions_lapsed[event.condition] = day
    return _condition_owner(fold, event.condition)


def _condition_owner(fold: Fold, condition: str) -> Wakes:
    """The wait key of the decision *condition* is on, whose changes wait for it."""
    owner = fold.condition_owner.get(condition)
    return NONE if owner is None else (f"resolution:{owner}",)


def delegated_decision_taken(
    fold: Fold, event: DelegatedDecisionTaken, day: date, auth: Auth
) -> Wakes:
    fold.delegated_decisions[event.decision] = event
    delegation = fold.delegations.get(event.delegation)
    if delegation is not None:
        fold.delegations[event.delegation] = attrs.evolve(
            delegation, exercised=(*delegation.exercised, event.decision)
        )
    return (f"resolution:{event.decision}",)


def entry_retracted(fold: Fold, event: EntryRetracted, day: date, auth: Auth) -> Wakes:
    """Never called: :meth:`~govledger.projections.fold.Fold.feed` skips a retraction,
    which :func:`~govledger.projections.order.corrected` applies before folding."""
    return NONE
