"""Whether the authorities a change cites are in force on the fold's day, and if not why.

A change takes effect once every :class:`~govledger.events.ResolutionRef` it cites is in
force: the decision took effect, was not called in (or was allowed to stand), was taken
at a meeting that could decide, every condition binding the cited part is satisfied,
and every body a part was recommended to has adopted it. :func:`authority` and
:func:`ref_verdict` are :class:`~govledger.projections.fold.Fold`'s methods of those
names; they only read the fold.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import attrs

from .. import _code
from ..events import (
    Authority,
    CallInOutcome,
    Condition,
    ConditionKind,
    DecisionMaker,
    ResolutionPassed,
    ResolutionRef,
    path_key,
)
from ..events.resolutions import per_resolution
from ..recommendations import (
    PathKey,
    cited_path,
    prefixes,
    recommendation_of,
    ref_key,
    same_maker,
)
from .state import Awaiting, WaitingReason

if TYPE_CHECKING:
    from .fold import Fold


@attrs.frozen(eq=False)
class _Verdict:
    """Whether a set of authorities is in force on a day."""

    in_force: bool
    reasons: tuple[WaitingReason, ...] = ()
    dead: str | None = None
    waits_on: frozenset[str] = frozenset()


#: The verdict of authorities in force (frozen, so one serves every answer).
_IN_FORCE = _Verdict(in_force=True)


def _combine(verdicts: Iterable[_Verdict]) -> _Verdict:
    """All of *verdicts* at once: dead if one is, waiting for every reason any waits for."""
    reasons: list[WaitingReason] = []
    keys: set[str] = set()
    for verdict in verdicts:
        if verdict.dead is not None:
            return verdict
        for reason in verdict.reasons:
            if reason not in reasons:
                reasons.append(reason)
        keys |= verdict.waits_on
    if reasons:
        return _Verdict(in_force=False, reasons=tuple(reasons), waits_on=frozenset(keys))
    return _IN_FORCE


def _no_valid_meeting(resolution: ResolutionPassed) -> str:
    status = resolution.meeting_status.value.replace("_", " ")
    return (
        f"decision {resolution.resolution!r} was taken at a meeting recorded as {status}, "
        "so it authorises nothing"
    )


def authority(fold: Fold, refs: Iterable[Authority]) -> _Verdict:
    """Whether every authority in *refs* is in force now."""
    reasons: list[WaitingReason] = []
    keys: set[str] = set()
    for ref in refs:
        if not isinstance(ref, ResolutionRef):
            continue  # an outside citation: taken as recorded
        verdict = _ref_verdict(fold, ref)
        if verdict.dead is not None:
            return verdict
        reasons.extend(verdict.reasons)
        keys |= verdict.waits_on
    if reasons:
        return _Verdict(in_force=False, reasons=tuple(reasons), waits_on=frozenset(keys))
    return _IN_FORCE


def ref_verdict(fold: Fold, ref: ResolutionRef) -> _Verdict:
    """Whether the part *ref* cites is in force, and if not why and what it waits on."""
    return _ref_verdict(fold, ref)


def _ref_verdict(
    fold: Fold, ref: ResolutionRef, visiting: frozenset[PathKey] = frozenset()
) -> _Verdict:
    """The cited part's own verdict, with its adoption and what an adoption binds.

    A part at or under a recommended part waits for adoption by every body it was
    recommended to; a part that adopts a recommendation is bound by everything the
    recommendation is bound by (its conditions, and adoption by the other bodies).
    """
    resolution = fold.resolutions.get(ref.resolution)
    facts = None if resolution is None else _facts_of(resolution, ref.part)
    own = _own_verdict(fold, ref, resolution, facts)
    if own.dead is not None or resolution is None or facts is None:
        return own
    if not facts.adopted and facts.recommended is None:  # most parts: nothing more binds it
        return own if own is _IN_FORCE else _combine((own,))
    key = (ref.resolution, facts.part_key)
    if key in visiting:
        return own
    visiting = visiting | {key}
    verdicts = [own]
    for adopts, adopts_key in facts.adopted:
        if adopts_key not in visiting:
            verdicts.append(_ref_verdict(fold, adopts, visiting))
    if facts.recommended is not None:
        verdicts.append(_adoption(fold, resolution, facts.recommended, facts.keys, visiting))
    return _combine(verdicts)


@attrs.frozen(eq=False)
class _Facts:
    """What the verdicts ask of a decision about one cited part, worked out once (a
    decision is frozen: the answers never change)."""

    #: The cited part's labels, normalised (:func:`~govledger.events.path_key`).
    part_key: tuple[str, ...]
    #: The conditions binding the part (:func:`conditions_binding` of its path).
    conditions: tuple[Condition, ...]
    #: What the parts from the top down to it adopt, with their keys, top first.
    adopted: tuple[tuple[ResolutionRef, PathKey], ...]
    #: The bodies it was recommended to (:func:`recommendation_of`), if any.
    recommended: tuple[DecisionMaker, ...] | None
    #: The keys of every part from the whole decision down to it (:func:`_adoption_keys`).
    keys: tuple[PathKey, ...]


@per_resolution
def _facts_of(resolution: ResolutionPassed, cited: tuple[str, ...]) -> _Facts:
    """The :class:`_Facts` of the part *cited* names (as a reference gives it)."""
    path = cited_path(resolution, cited)  # as the rules read it: that one part
    adopted: list[tuple[ResolutionRef, PathKey]] = []
    for prefix in prefixes(path):
        part = resolution.part(prefix)
        if part is None:
            break
        if part.adopts is not None:
            adopted.append((part.adopts, ref_key(part.adopts)))
    found = recommendation_of(resolution, path)
    return _Facts(
        part_key=path_key(cited),
        conditions=conditions_binding(resolution, path),
        adopted=tuple(adopted),
        recommended=None if found is None else found[1].recommended_to,
        keys=_adoption_keys(resolution, path),
    )


def adoption_verdict(
    fold: Fold, resolution: ResolutionPassed, path: tuple[str, ...], visiting: frozenset[PathKey]
) -> _Verdict:
    """Whether every body the part at *path* was recommended to has adopted it."""
    found = recommendation_of(resolution, path)
    if found is None:
        return _IN_FORCE
    return _adoption(
        fold, resolution, found[1].recommended_to, _adoption_keys(resolution, path), visiting
    )


def _adoption(
    fold: Fold,
    resolution: ResolutionPassed,
    recommended_to: Iterable[DecisionMaker],
    keys: tuple[PathKey, ...],
    visiting: frozenset[PathKey],
) -> _Verdict:
    """As :func:`adoption_verdict`, for a part recommended to *recommended_to*, adopted
    by adopting any of the parts *keys* name."""
    key = f"resolution:{resolution.resolution}"
    adoptions = [adoption for at in keys for adoption in fold.adoptions.get(at, ())]
    # the recommendation itself is being judged here: its adoptions are not to judge it again
    visiting = visiting.union(keys)
    verdicts: list[_Verdict] = []
    for body in recommended_to:
        alive: list[_Verdict] = []
        adopted = False
        for adopting, maker in adoptions:
            if not same_maker(maker, body):
                continue
            verdict = _ref_verdict(fold, adopting, visiting)
            if verdict.in_force:
                adopted = True
                break
            if verdict.dead is None:
                alive.append(verdict)
        if adopted:
            continue
        if alive:
            verdicts.append(alive[0])
        else:
            verdicts.append(
                _Verdict(
                    in_force=False,
                    reasons=(
                        WaitingReason(
                            kind=Awaiting.ADOPTION, detail=f"awaiting adoption by {body}"
                        ),
                    ),
                    waits_on=frozenset({key}),
                )
            )
    return _combine(verdicts)


@per_resolution
def _adoption_keys(resolution: ResolutionPassed, path: tuple[str, ...]) -> tuple[PathKey, ...]:
    """The keys of every part from the whole decision down to *path*: adopting any of
    them adopts the part at *path*."""
    return tuple((resolution.resolution, path_key(prefix)) for prefix in ((), *prefixes(path)))


def _own_verdict(
    fold: Fold, ref: ResolutionRef, resolution: ResolutionPassed | None, facts: _Facts | None
) -> _Verdict:
    """The cited part's verdict by itself: *resolution* is the fold's decision of that
    id (``None`` if it has none yet) and *facts* its :func:`_facts_of` the part."""
    if ref.resolution in fold.delegated_decisions:
        return _IN_FORCE
    key = f"resolution:{ref.resolution}"
    if resolution is None or facts is None:
        return _Verdict(
            in_force=False, reasons=(awaiting_decision(ref.resolution),), waits_on=frozenset({key})
        )
    if not resolution.meeting_status.can_decide:
        return _Verdict(in_force=False, dead=_no_valid_meeting(resolution))
    outcome = fold.call_in_outcomes.get(ref.resolution)
    if outcome is not None and outcome[0] in (
        CallInOutcome.REFERRED_BACK,
        CallInOutcome.REFERRED_TO_COUNCIL,
    ):
        how = outcome[0].value.replace("_", " ")
        return _Verdict(
            in_force=False,
            dead=f"decision {ref.resolution!r} was called in and {how} on {outcome[1].isoformat()}",
        )
    if ref.resolution in fold.call_ins and outcome is None:
        return _Verdict(
            in_force=False,
            reasons=(
                WaitingReason(
                    kind=Awaiting.CALL_IN,
                    detail=f"decision {ref.resolution!r} was called in on "
                    f"{fold.call_ins[ref.resolution].isoformat()}; awaiting scrutiny",
                ),
            ),
            waits_on=frozenset({key}),
        )
    reasons: list[WaitingReason] = []
    for condition in facts.conditions:
        lapsed = fold.conditions_lapsed.get(condition.id)
        if lapsed is not None:
            return _Verdict(
                in_force=False,
                dead=f"condition {condition.id!r} ({condition.description}) lapsed on "
                f"{lapsed.isoformat()}",
            )
        if condition.id not in fold.conditions_satisfied:
            reasons.append(condition_reason(condition))
    if reasons:
        return _Verdict(in_force=False, reasons=tuple(reasons), waits_on=frozenset({key}))
    return _IN_FORCE


def awaiting_decision(decision: str) -> WaitingReason:
    """The reason a change waits for a decision its fold does not hold (yet)."""
    return WaitingReason(
        kind=Awaiting.EFFECTIVE_DATE, detail=f"awaiting decision {decision!r} to take effect"
    )


def condition_reason(condition: Condition) -> WaitingReason:
    if condition.kind is ConditionKind.MEMBER_APPROVAL or condition.council is not None:
        whose = " ".join(
            part for part in ((condition.council or "").upper(), condition.body or "") if part
        )
        return WaitingReason(
            kind=Awaiting.MEMBER_DECISION,
            detail=f"awaiting the decision of {whose or 'another member'} "
            f"(condition {condition.id!r}: {condition.description})",
        )
    return WaitingReason(
        kind=Awaiting.CONDITION,
        detail=f"awaiting condition {condition.id!r}: {condition.description}",
    )


@per_resolution
def conditions_binding(
    resolution: ResolutionPassed, path: tuple[str, ...]
) -> tuple[Condition, ...]:
    """The conditions on the part at *path* and on every part above it.

    The empty path means the whole decision: every condition on any of its parts.
    """
    if not path:
        return tuple(c for _, part in resolution.walk() for c in part.conditions)
    found: list[Condition] = []
    for depth in range(1, len(path) + 1):
        part = resolution.part(path[:depth])
        if part is not None:
            found.extend(part.conditions)
    return tuple(found)


_code.share_equalities(globals(), __name__)
