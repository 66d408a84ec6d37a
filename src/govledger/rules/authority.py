"""Authority: what a change cites, and the decisions that can be cited.

A change is authorised by a resolution part (or a delegated decision) that exists, was
decided by the day the change takes effect, and was resolved: not lost, not agreed only
in principle, not merely recommended to another body. A decision itself is checked
here too: its votes against its outcome, what it adopts or finalises, its call-in and
its conditions, and for a delegated decision, the delegation it was taken under.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from ..errors import (
    BodyDisbandedError,
    DelegationNotInForce,
    DuplicateId,
    InvalidAuthority,
    InvalidTransition,
    NotAMember,
    UnknownReference,
    VoteContradictsOutcome,
)
from ..events import (
    CallInRequested,
    CallInStatus,
    ConditionLapsed,
    ConditionSatisfied,
    DecisionMaker,
    DelegatedDecisionTaken,
    Event,
    JointBody,
    MotionKind,
    Outcome,
    Part,
    ResolutionPassed,
    ResolutionRef,
    Role,
    certain_from,
    earliest,
    path_key,
)
from ..projections import Fold, WithdrawnDecision
from ..recommendations import cited_path, recommendation_of, same_maker
from ._lookups import known
from .foreign import Decision as Decision
from .foreign import deciding_council, foreign_decision

#: The stored type names of :data:`Decision` events.
DECISION_TYPES: tuple[str, ...] = ("ResolutionPassed", "DelegatedDecisionTaken")


def check_authority(event: Event, decisions: Mapping[str, Decision]) -> None:
    """Check that every resolution part *event* cites exists and could authorise it."""
    day = certain_from(event.effective)
    for ref in getattr(event, "authorised_by", ()):
        if isinstance(ref, ResolutionRef):
            if ref.foreign_to(event.partnership):
                decision = foreign_decision(ref, event, decisions)
                cited_authority(ref, event, day, {ref.resolution: decision})
            else:
                cited_authority(ref, event, day, decisions)


class DecisionIndex(dict[str, Decision]):
    """Decisions by id (the first recorded of each), with the conditions they declare.

    Grown with :meth:`add`, it keeps the set of declared condition ids up to date, so
    a condition is looked up instead of searched for in every part of every decision.
    """

    __slots__ = ("conditions", "foreign", "foreign_conditions", "withdrawn")

    def __init__(self) -> None:
        super().__init__()
        #: Every condition id declared by a part of a resolution held here.
        self.conditions: set[str] = set()
        #: The decisions recorded in other partnerships that this partnership's changes
        #: cite (or are about to), by ``(partnership, id)``, as known when checked.
        self.foreign: dict[tuple[str, str], Decision] = {}
        #: Of the decisions cited from other partnerships and not found there, those
        #: recorded there and then withdrawn, by ``(partnership, id)``.
        self.withdrawn: dict[tuple[str, str], WithdrawnDecision] = {}
        #: What :func:`_cited_conditions` found last: for which :attr:`foreign` (the
        #: same object) and citing partnership, and the conditions. ``foreign`` is
        #: replaced, never changed in place, so a check of many decisions against the
        #: same cited ones walks their parts once.
        self.foreign_conditions: (
            tuple[Mapping[tuple[str, str], Decision], str, dict[str, ResolutionRef]] | None
        ) = None

    def add(self, event: Event) -> None:
        """Hold *event* if it is a decision whose id is not held yet."""
        if isinstance(event, ResolutionPassed):
            if event.resolution not in self:
                self[event.resolution] = event
                self.conditions.update(c.id for _, part in event.walk() for c in part.conditions)
        elif isinstance(event, DelegatedDecisionTaken):
            self.setdefault(event.decision, event)


def index_decisions(history: Iterable[tuple[int, Event]]) -> DecisionIndex:
    """Every decision (resolution or delegated decision) in *history*, by its id."""
    found = DecisionIndex()
    for _, event in history:
        found.add(event)
    return found


def cited_elsewhere(
    fold: Fold, ref: ResolutionRef, event: Event, day: date, decisions: Mapping[str, Decision]
) -> None:
    """Check a change's citation of a decision recorded in another partnership.

    The decision must be recorded there (as known when the change is appended), be a
    council's decision, that council must be party to the change's partnership on the
    change's day (*fold* is its recorded world then), and the cited part must be one
    that can authorise a change, exactly as a decision recorded at home.
    """
    decision = foreign_decision(ref, event, decisions)
    council = deciding_council(decision)
    if council is None:
        maker = getattr(decision, "decided_by", None)
        raise InvalidAuthority(
            f"{ref} was decided by {maker}, not by one council, so it cannot be cited from "
            f"another partnership; record the change in {ref.partnership!r}, or cite each "
            f"council's own decision",
            event=event,
        )
    if council not in fold.members:
        members = ", ".join(sorted(fold.members)) or "none"
        raise NotAMember(
            f"{ref} is a decision of {council!r}, which is not a member of "
            f"{event.partnership!r} on {day} (members: {members}); a change may cite "
            "another partnership's decision only when its council is party to the change's "
            "partnership: cite a member's decision, record MemberAdmitted first, or "
            "correct partnership=",
            event=event,
        )
    cited_authority(ref, event, day, {ref.resolution: decision})


def cited_authority(
    ref: ResolutionRef, event: Event, day: date, decisions: Mapping[str, Decision]
) -> None:
    decision = decisions.get(ref.resolution)
    if decision is None:
        raise InvalidAuthority(
            f"no decision {ref.resolution!r} is recorded in {event.partnership!r}; record its "
            "ResolutionPassed (or DelegatedDecisionTaken) first, or correct the reference",
            event=event,
        )
    decided = decided_on(decision)
    if decided > day:
        raise InvalidAuthority(
            f"{ref} was decided on {decided}, after this change takes effect ({day}); a "
            "change cannot take effect before it was decided",
            event=event,
        )
    if isinstance(decision, DelegatedDecisionTaken):
        if ref.part:
            raise InvalidAuthority(
                f"{ref.resolution!r} is a delegated decision and has no numbered parts; cite "
                f"it as {ref.resolution!r}",
                event=event,
            )
        return
    part = _resolve_part(decision, ref, event)
    path = cited_path(decision, ref.part)
    unrecorded = unrecorded_at(decision, path)
    if unrecorded is not None:
        where = ResolutionRef(resolution=ref.resolution, part=unrecorded)
        within = "" if len(unrecorded) == len(path) else f" (and {ref} is nested in it)"
        raise InvalidAuthority(
            f"the outcome of {where} is not recorded{within}, so it cannot authorise a "
            "change; cite the part that was resolved, or record the outcome once it is known",
            event=event,
        )
    if part.outcome is Outcome.RECOMMENDED:
        return  # a change it proposes: it waits for adoption (see the fold)
    if part.outcome is not Outcome.RESOLVED:
        raise InvalidAuthority(
            f"{ref} was {part.outcome.value}, so it cannot authorise a change; cite a "
            "resolved part",
            event=event,
        )
    _final(decision, ref, event)


def _final(decision: ResolutionPassed, ref: ResolutionRef, event: Event) -> None:
    """Refuse a citation of a part agreed only in principle: only the final decision acts."""
    principle = in_principle_at(decision, ref.part or (decision.parts[0].number,))
    if principle is not None:
        agreed = ResolutionRef(resolution=ref.resolution, part=principle)
        raise InvalidAuthority(
            f"{ref} was agreed only in principle ({agreed}), which authorises no change "
            f"until the final decision; cite the part of the final decision (a Part with "
            f"finalises={str(agreed)!r})",
            event=event,
        )


def in_principle_at(decision: ResolutionPassed, path: tuple[str, ...]) -> tuple[str, ...] | None:
    """The path of the part agreed in principle at or above *path*, if any."""
    for depth in range(1, len(path) + 1):
        part = decision.part(path[:depth])
        if part is not None and part.in_principle:
            return path[:depth]
    return None


def unrecorded_at(decision: ResolutionPassed, path: tuple[str, ...]) -> tuple[str, ...] | None:
    """The path (as printed) of the part at or above *path* whose outcome is not
    recorded, if any.

    A part nested in one whose outcome is not recorded authorises nothing either,
    whatever its own outcome says (left at the default, it says resolved).
    """
    wanted = path_key(path)
    for found, part in decision.walk():  # a part comes before those nested in it
        if part.outcome is Outcome.NOT_RECORDED and path_key(found) == wanted[: len(found)]:
            return found
    return None


def decided_on(decision: Decision) -> date:
    if isinstance(decision, DelegatedDecisionTaken):
        return decision.decided or earliest(decision.effective)
    if decision.decided is not None:
        return earliest(decision.decided)
    return earliest(decision.effective)


def _resolve_part(decision: ResolutionPassed, ref: ResolutionRef, event: Event) -> Part:
    if not ref.part:
        if len(decision.parts) == 1:
            return decision.parts[0]
        raise InvalidAuthority(
            f"{ref.resolution!r} has {len(decision.parts)} parts; cite the one that authorised "
            f"this change, such as {ref.resolution}({decision.parts[0].number})",
            event=event,
        )
    part = decision.part(ref.part)
    if part is None:
        numbers = ", ".join("".join(f"({n})" for n in path) for path, _ in decision.walk())
        raise InvalidAuthority(
            f"{ref.resolution!r} has no part {ref}; its parts are {numbers}", event=event
        )
    return part


# --------------------------------------------------------------------------- decisions


def _cited_id(event: Event, decision: str, decisions: Mapping[str, Decision]) -> None:
    """Refuse a new decision id the partnership already cites from another partnership."""
    foreign: Mapping[tuple[str, str], Decision] = getattr(decisions, "foreign", {})
    cited = sorted(p for p, d in foreign if d == decision and p != event.partnership)
    if cited:
        raise DuplicateId(
            f"{event.partnership!r} cites a decision {decision!r} recorded in {cited[0]!r}; "
            "choose another id for this one",
            event=event,
        )


def _cited_conditions(
    event: ResolutionPassed, decisions: Mapping[str, Decision]
) -> dict[str, ResolutionRef]:
    """The condition ids declared by the decisions of other partnerships that *event*'s
    partnership cites, each with the part declaring it (as cited, with its partnership).

    The reverse of the check :func:`~govledger.rules.foreign.foreign_decision` makes when
    a citation is appended: there a
    cited decision may not declare a condition id the citing partnership declares; here a
    decision of the citing partnership may not declare one a decision it cites declares.
    """
    foreign: Mapping[tuple[str, str], Decision] = getattr(decisions, "foreign", {})
    if not foreign:
        return {}
    index = decisions if isinstance(decisions, DecisionIndex) else None
    kept = None if index is None else index.foreign_conditions
    if kept is not None and kept[0] is foreign and kept[1] == event.partnership:
        return kept[2]
    found: dict[str, ResolutionRef] = {}
    for (other, _), decision in sorted(foreign.items(), key=lambda item: item[0]):
        if other == event.partnership or not isinstance(decision, ResolutionPassed):
            continue
        for path, part in decision.walk():
            for condition in part.conditions:
                found.setdefault(
                    condition.id,
                    ResolutionRef(resolution=decision.resolution, part=path, partnership=other),
                )
    if index is not None:
        index.foreign_conditions = (foreign, event.partnership, found)
    return found


def only_own_references(event: ResolutionPassed) -> None:
    """A part adopts, finalises or mirrors a decision of its own partnership only."""
    for path, part in event.walk():
        for ref in (part.adopts, part.finalises, *part.mirrors):
            if ref is not None and ref.foreign_to(event.partnership):
                where = "".join(f"({n})" for n in path)
                raise InvalidAuthority(
                    f"part {where} names {ref}, a decision of another partnership; only a "
                    "change's authorised_by may cite another partnership's decision: record "
                    "this decision where the one it names is recorded",
                    event=event,
                )


def check_resolution(
    fold: Fold, event: ResolutionPassed, day: date, decisions: Mapping[str, Decision]
) -> None:
    if event.resolution in fold.resolutions or event.resolution in fold.delegated_decisions:
        raise DuplicateId(
            f"a decision with id {event.resolution!r} is already recorded; choose another id",
            event=event,
        )
    _cited_id(event, event.resolution, decisions)
    decided = decided_on(event)
    _deciding_council(fold, event)
    if isinstance(event.decided_by, JointBody):
        body = known(event.decided_by.body, fold.bodies, "body", event)
        if body.established > certain_from(event.decided or event.effective):
            raise UnknownReference(
                f"body {body.body!r} was not established until {body.established}", event=event
            )
        if body.disbanded is not None and (
            decided >= body.disbanded or certain_from(event.effective) >= body.disbanded
        ):
            raise BodyDisbandedError(
                f"body {body.body!r} was disbanded on {body.disbanded}; it cannot decide "
                "anything taking effect afterwards",
                event=event,
            )
    cited_conditions: dict[str, ResolutionRef] | None = None
    for path, part in event.walk():
        for condition in part.conditions:
            if cited_conditions is None:
                cited_conditions = _cited_conditions(event, decisions)
            owner = fold.condition_owner.get(condition.id)
            if owner is not None and owner != event.resolution:
                raise DuplicateId(
                    f"condition id {condition.id!r} is already declared by {owner!r}; "
                    "choose another id",
                    event=event,
                )
            cited = cited_conditions.get(condition.id)
            if cited is not None:
                raise DuplicateId(
                    f"condition id {condition.id!r} is already declared by {cited}, a "
                    f"decision recorded in {cited.partnership!r} that {event.partnership!r} "
                    "cites, so a condition met or lapsed here would be ambiguous; choose "
                    "another id for this one",
                    event=event,
                )
        _votes_support_outcome(event, path, part)
        if part.adopts is not None:
            _adoption(event, part, decisions)
        if part.finalises is not None:
            _finalisation(event, part, decisions)


def _finalisation(event: ResolutionPassed, part: Part, decisions: Mapping[str, Decision]) -> None:
    assert part.finalises is not None
    target = part.finalises
    agreed = decisions.get(target.resolution)
    if not isinstance(agreed, ResolutionPassed) or agreed.part(target.part) is None:
        raise InvalidAuthority(
            f"part ({part.number}) finalises {target}, which is not a recorded part; record "
            "the in-principle decision first or correct the reference",
            event=event,
        )
    if in_principle_at(agreed, target.part) is None:
        raise InvalidAuthority(
            f"part ({part.number}) finalises {target}, which was not agreed in principle "
            "(in_principle=True); a final decision needs nothing to finalise otherwise",
            event=event,
        )
    if agreed.resolution == event.resolution:
        raise InvalidAuthority(
            f"part ({part.number}) finalises a part of its own decision; the final decision "
            "is a later one",
            event=event,
        )


def _deciding_council(fold: Fold, event: ResolutionPassed) -> None:
    """A council's body (or one of its people) decides only for a partnership it is, or was, in."""
    council = getattr(event.decided_by, "council", None)
    if council is None or council in fold.members or council in fold.former_members:
        return
    members = ", ".join(sorted(fold.members)) or "none"
    raise NotAMember(
        f"{event.resolution!r} was decided by {event.decided_by}, but {council!r} is not a "
        f"member of {event.partnership!r} (members on {certain_from(event.effective)}: "
        f"{members}); record the partnership the decision belongs to, MemberAdmitted first, "
        "or correct the council id",
        event=event,
    )


def _votes_support_outcome(event: ResolutionPassed, path: tuple[str, ...], part: Part) -> None:
    votes = part.votes or (event.votes if len(path) == 1 else ())
    substantive = [v for v in votes if v.motion is MotionKind.SUBSTANTIVE]
    if not substantive:
        return
    carried = substantive[-1].carried
    where = "".join(f"({n})" for n in path)
    if carried is False and part.outcome in (Outcome.RESOLVED, Outcome.RECOMMENDED):
        raise VoteContradictsOutcome(
            f"part {where} is {part.outcome.value} but its vote was not carried "
            f"({_vote_words(substantive[-1])}); record the outcome as lost, or fix the "
            "tally or the casting vote",
            event=event,
        )
    if carried is True and part.outcome is Outcome.LOST:
        raise VoteContradictsOutcome(
            f"part {where} is lost but its vote was carried ({_vote_words(substantive[-1])})",
            event=event,
        )


def _vote_words(vote: object) -> str:
    words = getattr(vote, "words", None)
    return words if isinstance(words, str) else "no figures or result recorded"


def _same_maker(a: DecisionMaker, b: DecisionMaker) -> bool:
    return same_maker(a, b)


def _adoption(event: ResolutionPassed, part: Part, decisions: Mapping[str, Decision]) -> None:
    assert part.adopts is not None
    recommended = decisions.get(part.adopts.resolution)
    found = None
    if isinstance(recommended, ResolutionPassed):
        path = cited_path(recommended, part.adopts.part)
        if recommended.part(path) is not None:
            found = recommendation_of(recommended, path)
    if found is None:
        raise InvalidAuthority(
            f"part ({part.number}) adopts {part.adopts}, which is not a recorded "
            "recommendation; record the recommending decision first or correct the reference",
            event=event,
        )
    target = found[1]
    if not any(_same_maker(event.decided_by, to) for to in target.recommended_to):
        to = ", ".join(str(m) for m in target.recommended_to)
        raise InvalidAuthority(
            f"{part.adopts} was recommended to {to}, not to {event.decided_by}", event=event
        )
    if part.outcome is not Outcome.RESOLVED:
        raise InvalidAuthority(
            f"part ({part.number}) adopts a recommendation, so its outcome must be resolved",
            event=event,
        )


def check_call_in(
    fold: Fold, event: CallInRequested, day: date, decisions: Mapping[str, Decision]
) -> None:
    decision = decisions.get(event.resolution)
    if not isinstance(decision, ResolutionPassed):
        raise UnknownReference(
            f"no resolution {event.resolution!r} is recorded to call in", event=event
        )
    if decision.call_in is CallInStatus.NOT_SUBJECT:
        exemption = decision.call_in_exemption
        why = exemption.value.replace("_", " ") if exemption is not None else "exempt"
        raise InvalidTransition(
            f"{event.resolution!r} is not subject to call-in ({why}), as its record says",
            event=event,
        )
    if decision.call_in is CallInStatus.NOT_STATED:
        raise InvalidTransition(
            f"{event.resolution!r} is not subject to call-in as recorded: its call-in status "
            "is not stated and no call_in_deadline is recorded; the decision must say "
            "call_in=CallInStatus.SUBJECT",
            event=event,
        )
    if decision.call_in_deadline is not None and day > decision.call_in_deadline:
        raise InvalidTransition(
            f"the call-in window for {event.resolution!r} closed on {decision.call_in_deadline}",
            event=event,
        )
    if decided_on(decision) > day:
        raise InvalidTransition(
            f"{event.resolution!r} cannot be called in before it was decided", event=event
        )
    if event.resolution in fold.call_ins:
        raise InvalidTransition(f"{event.resolution!r} was already called in", event=event)


def check_condition(
    fold: Fold,
    event: ConditionSatisfied | ConditionLapsed,
    day: date,
    decisions: Mapping[str, Decision],
) -> None:
    condition = event.condition
    declared = (
        condition in decisions.conditions
        if isinstance(decisions, DecisionIndex)
        else any(
            c.id == condition
            for d in decisions.values()
            if isinstance(d, ResolutionPassed)
            for _, part in d.walk()
            for c in part.conditions
        )
    )
    if not declared:
        raise UnknownReference(
            f"no recorded decision declares condition {condition!r}; record the conditional "
            "ResolutionPassed first, or correct the id",
            event=event,
        )
    if condition in fold.conditions_satisfied:
        raise InvalidTransition(
            f"condition {condition!r} was already satisfied on "
            f"{fold.conditions_satisfied[condition]}",
            event=event,
        )
    if condition in fold.conditions_lapsed:
        raise InvalidTransition(
            f"condition {condition!r} already lapsed on {fold.conditions_lapsed[condition]}",
            event=event,
        )


def check_delegated_decision(
    fold: Fold, event: DelegatedDecisionTaken, day: date, decisions: Mapping[str, Decision]
) -> None:
    if event.decision in fold.resolutions or event.decision in fold.delegated_decisions:
        raise DuplicateId(f"a decision with id {event.decision!r} is already recorded", event=event)
    _cited_id(event, event.decision, decisions)
    delegation = fold.delegations.get(event.delegation)
    if delegation is None or not delegation.in_force_on(day):
        raise DelegationNotInForce(
            f"delegation {event.delegation!r} is not in force on {day}; a delegated decision "
            "must be taken while its delegation is in force",
            event=event,
        )
    if not any(_same_role(fold, delegate, event.taken_by) for delegate in delegation.delegates):
        delegates = "; ".join(str(d) for d in delegation.delegates)
        raise DelegationNotInForce(
            f"{event.taken_by} is not a delegate of {event.delegation!r} (delegates: {delegates})",
            event=event,
        )


def _same_role(fold: Fold, delegate: Role, taker: Role) -> bool:
    """Whether *taker* holds the role *delegate* names: the same post under any of its
    titles (a retitled post is the same post), or the same title."""
    if delegate.matches(taker):
        return True
    if None not in (delegate.council, taker.council) and delegate.council != taker.council:
        return False
    mine, theirs = _post_of(fold, delegate), _post_of(fold, taker)
    return mine is not None and mine == theirs


def _post_of(fold: Fold, role: Role) -> str | None:
    """The post *role* names: its ``post`` id, or the one post known by its title."""
    if role.post is not None:
        return role.post
    found = [post.post for post in fold.posts.values() if post.known_as(role.title)]
    return found[0] if len(found) == 1 else None


# --------------------------------------------------------------------------- arrangements
