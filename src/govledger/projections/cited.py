"""Decisions cited from another partnership: the entries a partnership's fold is fed.

A council's one resolution often concerns two partnerships (ending one agreement and
entering another). It is recorded once, in one partnership, and a change in any
partnership its council is party to may cite its parts with
``ResolutionRef(..., partnership=<where it is recorded>)``.

Whether such a change is in force depends on the cited decision's own story in its
partnership: the decision itself, its call-in, the conditions it declares, and any
correction of those. The fold of the citing partnership is fed exactly those entries,
merged with its own in fold order (effective day, then ledger position, which orders
every entry of every partnership), so the fold stays a pure function of what it is
fed and every verdict reads the cited decision as if it were recorded at home.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Collection, Iterable, Mapping
from datetime import date
from typing import Final

import attrs

from ..events import (
    CallInDetermined,
    CallInRequested,
    ConditionLapsed,
    ConditionSatisfied,
    DelegatedDecisionTaken,
    EntryRetracted,
    Event,
    ResolutionPassed,
    ResolutionRef,
    certain_from,
)
from .order import corrected, order_key, visible_from
from .state import Awaiting, WaitingReason

__all__ = [
    "CITED_TYPES",
    "Cited",
    "WithdrawnDecision",
    "cited_by",
    "cited_entries",
    "cited_withdrawn",
    "foreign_refs",
    "with_cited",
    "with_cited_pairs",
    "withdrawn_of",
]

#: Where each decision a partnership cites from elsewhere is recorded:
#: partnership -> the ids of its decisions cited.
Cited = Mapping[str, frozenset[str]]

#: The stored type names of the entries that tell a decision's story in its partnership.
CITED_TYPES: Final = (
    "ResolutionPassed",
    "DelegatedDecisionTaken",
    "CallInRequested",
    "CallInDetermined",
    "ConditionSatisfied",
    "ConditionLapsed",
)

_NONE: Final[frozenset[tuple[str, str]]] = frozenset()


def foreign_refs(event: Event) -> frozenset[tuple[str, str]]:
    """``(partnership, decision)`` for every decision *event* cites from another
    partnership (for a retraction, those its replacement cites)."""
    if isinstance(event, EntryRetracted):
        if event.replacement is None:
            return _NONE
        event = event.replacement
    refs = getattr(event, "authorised_by", ())
    if not refs:
        return _NONE
    own = event.partnership
    return frozenset(
        (ref.partnership, ref.resolution)
        for ref in refs
        if isinstance(ref, ResolutionRef) and ref.partnership is not None and ref.partnership != own
    )


def cited_by(standing: Iterable[tuple[int, Event]]) -> dict[str, frozenset[str]]:
    """The decisions the *standing* entries of one partnership cite from others."""
    found: dict[str, set[str]] = {}
    for _, event in standing:
        for partnership, decision in foreign_refs(event):
            found.setdefault(partnership, set()).add(decision)
    return {partnership: frozenset(ids) for partnership, ids in found.items()}


def cited_entries(
    decisions: Collection[str], standing: Iterable[tuple[int, Event]]
) -> list[tuple[int, Event]]:
    """The entries among *standing* (one partnership's, corrected) that tell the story of
    *decisions*: each decision, its call-in, and its conditions met or lapsed."""
    entries = list(standing)
    conditions = {
        condition.id
        for _, event in entries
        if isinstance(event, ResolutionPassed) and event.resolution in decisions
        for _, part in event.walk()
        for condition in part.conditions
    }
    found: list[tuple[int, Event]] = []
    for pair in entries:
        event = pair[1]
        if isinstance(event, ResolutionPassed | CallInRequested | CallInDetermined):
            wanted = event.resolution in decisions
        elif isinstance(event, DelegatedDecisionTaken):
            wanted = event.decision in decisions
        elif isinstance(event, ConditionSatisfied | ConditionLapsed):
            wanted = event.condition in conditions
        else:
            wanted = False
        if wanted:
            found.append(pair)
    return found


def with_cited(
    own: Iterable[tuple[int, Event]], cited: list[tuple[int, Event]]
) -> Iterable[tuple[int, Event]]:
    """*own* (in fold order) merged in fold order with *cited* (in fold order)."""
    if not cited:
        return own
    return heapq.merge(own, cited, key=lambda pair: order_key(pair[1], pair[0]))


def with_cited_pairs(
    partnership: str,
    pairs_of: Callable[[str], list[tuple[int, Event]]],
    known: Collection[str],
    as_of: date | None = None,
) -> list[tuple[int, Event]]:
    """The entries of *partnership* (as logged, retractions included, from *pairs_of*)
    and the standing entries of the decisions they cite from the partnerships in
    *known*: what :func:`state_as_of` folds for it. Pure; used by what-if views.

    With *as_of*, only the decisions cited by entries in effect by then, or visible by
    then (those a state on that day lists as upcoming), as the ledger's state reads.
    """
    own = pairs_of(partnership)
    standing = corrected(own)
    if as_of is not None:
        standing = [
            (position, event)
            for position, event in standing
            if certain_from(event.effective) <= as_of or visible_from(event) <= as_of
        ]
    cited: list[tuple[int, Event]] = []
    for other, decisions in sorted(cited_by(standing).items()):
        if other in known and other != partnership:
            cited += cited_entries(decisions, corrected(pairs_of(other)))
    return sorted([*own, *cited], key=lambda pair: order_key(pair[1], pair[0]))


@attrs.frozen(kw_only=True)
class WithdrawnDecision:
    """A decision cited from another partnership that was recorded there and then
    withdrawn: retracted, with no replacement of the same id standing.

    A change citing it waits (it is listed in ``state.pending``) with :meth:`reason`,
    which says what was cited, where, by which entry it was retracted, and how to fix.
    """

    #: The partnership the decision was recorded in.
    partnership: str
    #: Its id.
    decision: str
    #: The ledger position (entry) that recorded it.
    recorded: int
    #: The position of the retraction that withdrew it.
    retracted_by: int
    #: The retraction's effective day.
    on: date

    def reason(self, refs: Iterable[ResolutionRef] = ()) -> WaitingReason:
        """Why a change citing it (as *refs*, those of its citations naming it) waits."""
        cited = ", ".join(dict.fromkeys(str(ref) for ref in refs)) or (
            f"{self.partnership}:{self.decision}"
        )
        return WaitingReason(
            kind=Awaiting.RETRACTED,
            detail=(
                f"the cited decision {self.decision!r} ({cited}), recorded in "
                f"{self.partnership!r} at entry {self.recorded}, was retracted there by "
                f"entry {self.retracted_by} (effective {self.on.isoformat()}), so it "
                f"authorises nothing: record the decision again in {self.partnership!r} if "
                "it stands, or correct this change (an EntryRetracted with a replacement "
                "citing the decision that does authorise it)"
            ),
        )


def withdrawn_of(
    partnership: str, decisions: Collection[str], logged: Iterable[tuple[int, Event]]
) -> dict[str, WithdrawnDecision]:
    """The *decisions* of *partnership* that its log *logged* (``(position, event)``,
    retractions included: at least its decisions and retractions) recorded and then
    withdrew, each with the latest retraction withdrawing it."""
    pairs = list(logged)
    if not decisions or not pairs:
        return {}
    by_position = dict(pairs)
    standing = {_decision_id(event) for _, event in corrected(pairs)}
    found: dict[str, WithdrawnDecision] = {}
    for position, event in sorted(pairs, key=lambda pair: pair[0]):
        if not isinstance(event, EntryRetracted):
            continue
        target = by_position.get(event.retracts)
        if isinstance(target, EntryRetracted):  # a correction withdrawn
            target = target.replacement
        decision = _decision_id(target) if target is not None else None
        if decision is None or decision not in decisions or decision in standing:
            continue
        found[decision] = WithdrawnDecision(
            partnership=partnership,
            decision=decision,
            recorded=event.retracts,
            retracted_by=position,
            on=certain_from(event.effective),
        )
    return found


def _decision_id(event: Event) -> str | None:
    if isinstance(event, ResolutionPassed):
        return event.resolution
    if isinstance(event, DelegatedDecisionTaken):
        return event.decision
    return None


def cited_withdrawn(
    partnership: str,
    pairs_of: Callable[[str], list[tuple[int, Event]]],
    known: Collection[str],
    as_of: date | None = None,
) -> dict[str, WithdrawnDecision]:
    """The decisions *partnership* cites from the partnerships in *known* that were
    withdrawn there (as :func:`with_cited_pairs` reads them): what a state tells a change
    citing one. Pure; used by what-if views."""
    standing = corrected(pairs_of(partnership))
    if as_of is not None:
        standing = [
            (position, event)
            for position, event in standing
            if certain_from(event.effective) <= as_of or visible_from(event) <= as_of
        ]
    found: dict[str, WithdrawnDecision] = {}
    for other, decisions in sorted(cited_by(standing).items()):
        if other in known and other != partnership:
            found.update(withdrawn_of(other, decisions, pairs_of(other)))
    return found
