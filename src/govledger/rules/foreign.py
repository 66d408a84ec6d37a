"""Decisions cited from another partnership: which one a reference names.

A change may cite a decision recorded in another partnership of the same council
(``ResolutionRef(partnership=...)``). :func:`foreign_decision` finds it among the
decisions the recorder gathered from elsewhere, refusing a reference that names
nothing, a decision retracted there, or one that would be ambiguous beside the
partnership's own decisions and conditions; :mod:`govledger.rules.authority` then
checks that it can authorise the change.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..errors import InvalidAuthority
from ..events import DelegatedDecisionTaken, Event, ResolutionPassed, ResolutionRef
from ..projections import WithdrawnDecision

__all__ = ["Decision", "deciding_council", "foreign_decision"]

#: What authorities can cite: a resolution, or a decision taken under a delegation.
Decision = ResolutionPassed | DelegatedDecisionTaken


def foreign_decision(
    ref: ResolutionRef, event: Event, decisions: Mapping[str, Decision]
) -> Decision:
    """The decision *ref* cites from another partnership; refused if unknown or ambiguous."""
    assert ref.partnership is not None
    foreign: Mapping[tuple[str, str], Decision] = getattr(decisions, "foreign", {})
    decision = foreign.get((ref.partnership, ref.resolution))
    withdrawn: Mapping[tuple[str, str], WithdrawnDecision] = getattr(decisions, "withdrawn", {})
    gone = withdrawn.get((ref.partnership, ref.resolution))
    if decision is None and gone is not None:
        raise InvalidAuthority(
            f"{ref} cites decision {ref.resolution!r}, recorded in {ref.partnership!r} at "
            f"entry {gone.recorded} and retracted there by entry {gone.retracted_by} "
            f"(effective {gone.on.isoformat()}), so it authorises nothing; cite the "
            f"decision that stands instead, or record it again in {ref.partnership!r} "
            "first if it does stand",
            event=event,
        )
    if decision is None:
        raise InvalidAuthority(
            f"no decision {ref.resolution!r} is recorded in partnership {ref.partnership!r} "
            f"(cited as {ref}); record its ResolutionPassed (or DelegatedDecisionTaken) in "
            f"{ref.partnership!r} first, or correct the reference: partnership= names the "
            "partnership the decision is recorded in",
            event=event,
        )
    if ref.resolution in decisions:
        raise InvalidAuthority(
            f"{event.partnership!r} records a decision {ref.resolution!r} of its own, so "
            f"citing {ref} as well would be ambiguous; correct the reference, or retract "
            "one of the two and record it under another id",
            event=event,
        )
    own: set[str] = getattr(decisions, "conditions", set())
    if isinstance(decision, ResolutionPassed):
        shared = sorted(c.id for _, part in decision.walk() for c in part.conditions if c.id in own)
        if shared:
            raise InvalidAuthority(
                f"{ref} declares condition {shared[0]!r}, and so does a decision of "
                f"{event.partnership!r}, so citing it would be ambiguous; correct one "
                "condition id (retract and record it again)",
                event=event,
            )
    others = sorted(p for p, d in foreign if d == ref.resolution and p != ref.partnership)
    if others:
        raise InvalidAuthority(
            f"{event.partnership!r} already cites a decision {ref.resolution!r} from "
            f"{others[0]!r}, so citing {ref} as well would be ambiguous; cite one of them",
            event=event,
        )
    return decision


def deciding_council(decision: Decision) -> str | None:
    """The council whose decision *decision* is (``None`` for a joint body's)."""
    if isinstance(decision, DelegatedDecisionTaken):
        return decision.taken_by.council
    council = getattr(decision.decided_by, "council", None)
    return council if isinstance(council, str) else None
