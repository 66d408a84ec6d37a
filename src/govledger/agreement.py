"""Who must agree: a partnership-level change needs every council party to it.

Councils decide separately on the same matter, each on its own date and in its own
words. A **partnership-level change** — an arrangement established, varied, decoupled
or ended; a shared post created, retitled, extended or deleted; a cost share; a joint
body established or disbanded — is in force only once every council party to it has
decided, unless a joint committee decided for all of its constituent councils. Until
then :attr:`~govledger.projections.PartnershipState.pending` lists it with the reason
"awaiting the decision of <COUNCIL>"; it takes effect on the day the last required
decision is in force.

The parties to a change:

- an arrangement: the partnership's members on the day;
- a post shared by two or more councils (``shared_by``): those councils (a post of one
  council alone needs no one else);
- a cost share: the councils that share it;
- a joint body (``BodyEstablished`` with no ``council``): its ``constituents``, every
  member when it names none. A council's own body needs only that council.

Whose decision a cited authority holds:

- a resolution of a council's body, or of one of its members or officers: that council;
- a resolution of a joint body of kind ``JOINT_COMMITTEE``: every constituent council
  (a board or working group advises; it does not decide for the councils);
- a decision taken under a delegation: the delegate's council, and every council whose
  decision granted the delegation;
- a condition on the cited part naming a council (typically ``MEMBER_APPROVAL``,
  "subject to similar approval by SNC Cabinet"): that council, since the change waits
  for the condition anyway;
- a part of another council's resolution that ``mirrors`` the cited part (that
  council's own decision on the same matter, perhaps wider or narrower in scope),
  once that resolution is itself in force;
- an outside :class:`~govledger.events.Citation` (an agreement that predates the
  ledger): every party, as recorded.

Where a council's decision exists but is not in the ledger (only one council's minutes
survive), say so on the change with
``not_on_record=(NotOnRecord(council="rbc", note="..."),)``: the change is then in force
from the decisions on record, and :attr:`~govledger.projections.PartnershipState.caveats`
says, never silently, whose decision the ledger does not hold.

Ledgers written by govledger 0.1 never checked this: their partnership-level changes
are read (schema 1, by an upcaster in :mod:`govledger.codec`) with a ``NotOnRecord``
for every party they do not cover, so they answer as they did, with the caveat shown.

>>> from govledger import CostShareAgreed
>>> CostShareAgreed in PARTNERSHIP_LEVEL
True
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import attrs

from .errors import InvalidAuthority, NotAMember
from .events import (
    ArrangementDecoupled,
    ArrangementEnded,
    ArrangementEstablished,
    ArrangementVaried,
    Authority,
    BodyDisbanded,
    BodyEstablished,
    BodyKind,
    Citation,
    CostShareAgreed,
    CouncilBody,
    DecisionMaker,
    Event,
    Individual,
    JointBody,
    Outcome,
    PostCreated,
    PostDeleted,
    PostRetitled,
    PostTermExtended,
    ResolutionPassed,
    ResolutionRef,
    certain_from,
)

if TYPE_CHECKING:  # the fold imports this module; only its type is needed here
    from collections.abc import Mapping

    from .projections import Fold
    from .rules import Decision

__all__ = [
    "PARTNERSHIP_LEVEL",
    "Assessment",
    "assess",
    "check_agreement_fields",
    "councils_of",
    "parties",
]

#: The kinds of change that need the agreement of every council party to them.
PARTNERSHIP_LEVEL: tuple[type[Event], ...] = (
    ArrangementEstablished,
    ArrangementVaried,
    ArrangementDecoupled,
    ArrangementEnded,
    PostCreated,
    PostRetitled,
    PostTermExtended,
    PostDeleted,
    CostShareAgreed,
    BodyEstablished,
    BodyDisbanded,
)

#: How deep a chain of delegations is followed to find whose decision granted it.
_MAX_DEPTH = 8


@attrs.frozen(kw_only=True)
class Assessment:
    """Whose agreement a change needs, and how far the ledger holds it, on the fold's day.

    ``needed`` are the parties; ``agreed`` the councils whose decision the cited
    authorities (or mirroring decisions) hold; ``off_record`` those the change says
    decided outside the ledger, with the note; ``awaiting`` the rest. ``waiting_on``
    are mirroring decisions recorded but not in force yet, with why; ``keys`` what to
    wake the change on.
    """

    needed: frozenset[str] = frozenset()
    agreed: frozenset[str] = frozenset()
    off_record: tuple[tuple[str, str], ...] = ()
    awaiting: tuple[str, ...] = ()
    waiting_on: tuple[str, ...] = ()
    keys: frozenset[str] = frozenset()

    @property
    def complete(self) -> bool:
        """Every party's decision is on record or declared off the record."""
        return not self.awaiting


def parties(fold: Fold, event: Event) -> frozenset[str]:
    """The councils whose agreement *event* needs (empty: no agreement rule applies)."""
    match event:
        case ArrangementEstablished() | ArrangementVaried() | ArrangementDecoupled():
            return frozenset(fold.members)
        case ArrangementEnded():
            return frozenset(fold.members)
        case PostCreated():
            return _shared(event.shared_by)
        case PostRetitled() | PostTermExtended() | PostDeleted():
            post = fold.posts.get(event.post)
            return _shared(post.shared_by) if post is not None else frozenset()
        case CostShareAgreed():
            return frozenset(share.council for share in event.shares)
        case BodyEstablished():
            if event.council is not None:
                return frozenset()
            return frozenset(event.constituents or fold.members)
        case BodyDisbanded():
            body = fold.bodies.get(event.body)
            if body is None or body.council is not None:
                return frozenset()
            return frozenset(body.constituents or fold.members)
        case _:
            return frozenset()


def _shared(councils: Iterable[str]) -> frozenset[str]:
    found = frozenset(councils)
    return found if len(found) >= 2 else frozenset()


def councils_of(fold: Fold, maker: DecisionMaker) -> frozenset[str] | None:
    """The councils a decision by *maker* speaks for; ``None`` for every member."""
    match maker:
        case CouncilBody():
            return frozenset({maker.council})
        case Individual():
            return frozenset({maker.council}) if maker.council else frozenset()
        case JointBody():
            body = fold.bodies.get(maker.body)
            if body is None or body.kind is not BodyKind.JOINT_COMMITTEE:
                return frozenset()
            return frozenset(body.constituents) if body.constituents else None
    return frozenset()  # pragma: no cover - the union is exhaustive


def _decision_councils(fold: Fold, decision: str, depth: int = 0) -> frozenset[str] | None:
    """Whose decision the recorded decision *decision* holds (``None``: everyone's)."""
    delegated = fold.delegated_decisions.get(decision)
    if delegated is not None:
        found = {delegated.taken_by.council} if delegated.taken_by.council else set()
        delegation = fold.delegations.get(delegated.delegation)
        if delegation is not None and depth < _MAX_DEPTH:
            for authority in delegation.authorised_by:
                more = _authority_councils(fold, authority, depth + 1)
                if more is None:
                    return None
                found |= more
        return frozenset(found)
    resolution = fold.resolutions.get(decision)
    if resolution is None:
        return frozenset()
    return councils_of(fold, resolution.decided_by)


def _authority_councils(fold: Fold, authority: Authority, depth: int) -> frozenset[str] | None:
    if isinstance(authority, Citation):
        return None
    return _decision_councils(fold, authority.resolution, depth)


def _path(resolution: ResolutionPassed, ref: ResolutionRef) -> tuple[str, ...]:
    if not ref.part and len(resolution.parts) == 1:
        return (resolution.parts[0].number,)
    return ref.part


def _approvals(resolution: ResolutionPassed, path: tuple[str, ...]) -> set[str]:
    """Councils named by member-approval conditions on the part at *path* and above."""
    found: set[str] = set()
    for depth in range(1, len(path) + 1):
        part = resolution.part(path[:depth])
        for condition in part.conditions if part is not None else ():
            if condition.council is not None:
                found.add(condition.council)
    return found


def assess(fold: Fold, event: Event) -> Assessment:
    """How far the ledger holds the agreement *event* needs, on the fold's day.

    Call it once the change's cited authorities are in force. A change that needs no
    agreement (not partnership-level, or with fewer than two parties to a post) gives
    an empty, complete assessment.
    """
    if not isinstance(event, PARTNERSHIP_LEVEL):
        return Assessment()
    needed = parties(fold, event)
    if not needed:
        return Assessment()
    agreed: set[str] = set()
    everyone = False
    waiting_on: list[str] = []
    keys: set[str] = set()
    for authority in getattr(event, "authorised_by", ()):
        if isinstance(authority, Citation):
            everyone = True
            continue
        keys.add(f"agreement:{authority.resolution}")
        councils = _decision_councils(fold, authority.resolution)
        if councils is None:
            everyone = True
            continue
        agreed |= councils
        resolution = fold.resolutions.get(authority.resolution)
        if resolution is None:
            continue
        path = _path(resolution, authority)
        agreed |= _approvals(resolution, path)
        for mirror in fold.mirrors_of(authority.resolution, path):
            verdict = fold.ref_verdict(mirror)
            if verdict.dead is not None:
                continue
            if not verdict.in_force:
                waiting_on.extend(f"{mirror}: {reason}" for reason in verdict.reasons)
                keys |= verdict.waits_on
                continue
            mirrored = fold.resolutions.get(mirror.resolution)
            if mirrored is not None:
                more = councils_of(fold, mirrored.decided_by)
                if more is None:
                    everyone = True
                else:
                    agreed |= more
    if everyone:
        return Assessment(needed=needed, agreed=needed)
    missing = needed - agreed
    off_record: dict[str, str] = {}
    for note in getattr(event, "not_on_record", ()):
        for council in sorted(missing) if note.council is None else [note.council]:
            if council in missing:
                off_record.setdefault(council, note.note)
    return Assessment(
        needed=needed,
        agreed=frozenset(agreed & needed),
        off_record=tuple(sorted(off_record.items())),
        awaiting=tuple(sorted(missing - off_record.keys())),
        waiting_on=tuple(waiting_on),
        keys=frozenset(keys),
    )


def describe_awaiting(fold: Fold, assessment: Assessment) -> tuple[str, ...]:
    """The reasons a change waits, one per council whose decision is not on record."""
    reasons: list[str] = []
    for council in assessment.awaiting:
        member = fold.members.get(council)
        name = f" ({member.name})" if member is not None else ""
        reasons.append(
            f"awaiting the decision of {council.upper()}{name}: every council party must "
            "agree to this change; record its decision (a part that mirrors the cited one), "
            "or say on the change that it is not on record"
        )
    reasons.extend(f"awaiting {waiting}" for waiting in assessment.waiting_on)
    return tuple(reasons)


# --------------------------------------------------------------------------- rules


def check_agreement_fields(fold: Fold, event: Event, decisions: Mapping[str, Decision]) -> None:
    """Check what *event* says about agreement: ``not_on_record`` and ``mirrors``.

    A council said to have decided off the record must be a member on the day; only a
    partnership-level change can say so. A part that mirrors another must name a
    recorded part of another council's resolution.
    """
    notes = getattr(event, "not_on_record", ())
    if notes and not isinstance(event, PARTNERSHIP_LEVEL):
        raise InvalidAuthority(
            f"{type(event).__name__} needs no other council's agreement, so not_on_record "
            "does not apply to it; drop it",
            event=event,
        )
    for note in notes:
        if note.council is not None and note.council not in fold.members:
            members = ", ".join(sorted(fold.members)) or "none"
            raise NotAMember(
                f"not_on_record names {note.council!r}, which is not a member of "
                f"{event.partnership!r} on {certain_from(event.effective)} (members: "
                f"{members})",
                event=event,
            )
    if not isinstance(event, ResolutionPassed):
        return
    for path, part in event.walk():
        for target in part.mirrors:
            _check_mirror(event, path, target, decisions, fold)


def _check_mirror(
    event: ResolutionPassed,
    path: tuple[str, ...],
    target: ResolutionRef,
    decisions: Mapping[str, Decision],
    fold: Fold,
) -> None:
    where = "".join(f"({n})" for n in path)
    mirrored = decisions.get(target.resolution)
    if not isinstance(mirrored, ResolutionPassed) or mirrored.resolution == event.resolution:
        raise InvalidAuthority(
            f"part {where} mirrors {target}, which is not another recorded resolution; "
            "record the other council's ResolutionPassed first, or correct the reference",
            event=event,
        )
    if target.part and mirrored.part(target.part) is None:
        numbers = ", ".join("".join(f"({n})" for n in p) for p, _ in mirrored.walk())
        raise InvalidAuthority(
            f"part {where} mirrors {target}, but {target.resolution!r} has no such part; "
            f"its parts are {numbers}",
            event=event,
        )
    mine, theirs = councils_of(fold, event.decided_by), councils_of(fold, mirrored.decided_by)
    if mine and theirs and mine == theirs:
        raise InvalidAuthority(
            f"part {where} mirrors {target}, a decision of the same council; a council's "
            "own decisions do not stand for another council's agreement",
            event=event,
        )
    part = event.part(path)
    if part is not None and part.outcome is not Outcome.RESOLVED:
        raise InvalidAuthority(
            f"part {where} mirrors {target} but was {part.outcome.value}; only a resolved "
            "part is a council's agreement",
            event=event,
        )
