"""Citations of decisions recorded in another partnership that the rules must refuse.

A change may cite a part of a decision recorded in another partnership
(``ResolutionRef(partnership=...)``) only when the decision is recorded there and the
council that took it is a member of the change's own partnership. A decision
withdrawn there (retracted, with no replacement) authorises nothing, even when the
withdrawal is appended in the same batch as the citation.
"""

from __future__ import annotations

from datetime import date, timedelta

from ... import errors
from ...events import (
    CallInDetermined,
    CallInRequested,
    Citation,
    EntryRetracted,
    Event,
    ResolutionPassed,
    ResolutionRef,
)
from .._model.corrections import correctable, references
from .._model.draw import Gen, decided_elsewhere
from .._model.world import Partnership
from .rejection import OUTSIDER, Rejection, one, task


def cite_outsider_elsewhere(g: Gen, p: Partnership, day: date) -> Rejection | None:
    """A part of another partnership's decision taken by a council not party to *p*."""
    found = [
        ref
        for _, maker, ref in decided_elsewhere(g, p)
        if maker.council not in p.members and ref.resolution not in p.ids  # not ambiguous
    ]
    if not found:
        return None
    ref = g.pick(found)
    return one(
        task(p, day, (ref,)),
        errors.NotAMember,
        "a decision cited from another partnership is a member council's",
    )


def cite_missing_elsewhere(g: Gen, p: Partnership, day: date) -> Rejection:
    """A decision that is not recorded in the partnership the reference names (another
    partnership of the world, or one never formed)."""
    others = [name for name in g.world.partnerships if name != p.partnership]
    where = g.pick([*others, OUTSIDER])
    ref = ResolutionRef(resolution="no-such-decision-elsewhere", part=("1",), partnership=where)
    return one(
        task(p, day, (ref,)),
        errors.InvalidAuthority,
        "a decision cited from another partnership is recorded there",
    )


def cite_withdrawn_elsewhere(g: Gen, p: Partnership, day: date) -> Rejection | None:
    """A part of another partnership's decision, withdrawn there in the same batch.

    Only a decision nothing else relies on is withdrawn (no entry names it, it has no
    conditions), so that the withdrawal alone would be accepted.
    """
    world = g.world
    found: list[tuple[int, ResolutionPassed, ResolutionRef]] = []
    for citable, maker, ref in decided_elsewhere(g, p):
        other = world.partnership(str(ref.partnership))
        if citable.decided > day or maker.council not in p.members or other.dissolved:
            continue
        for position, decision in correctable(world, other):
            if decision.resolution == ref.resolution and not _relied_on(
                [*world.events, *world.held], decision
            ):
                found.append((position, decision, ref))
    if not found:
        return None
    position, decision, ref = g.pick(found)
    where = world.partnership(decision.partnership)
    on = max(where.day, day) + timedelta(days=1)
    withdrawal = EntryRetracted(
        partnership=decision.partnership,
        effective=on,
        retracts=position,
        reason="the minutes were confirmed with this item struck out",
        authorised_by=(Citation(document="Minutes confirmed with an item struck out", dated=on),),
    )
    return Rejection(
        events=(withdrawal, task(p, day, (ref,))),
        error=errors.InvalidAuthority,
        rule="a decision withdrawn in its own partnership authorises nothing elsewhere",
    )


def _relied_on(events: list[Event], decision: ResolutionPassed) -> bool:
    """Whether any entry names *decision*, or it has conditions that one could meet."""
    if any(part.conditions for _, part in decision.walk()):
        return True
    for event in events:
        if isinstance(event, CallInRequested | CallInDetermined):
            if event.resolution == decision.resolution:
                return True
        elif any(r.resolution == decision.resolution for r in references(event)):
            return True
    return False
