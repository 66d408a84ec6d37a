"""Domain rules, checked on append.

The rules are checked against the *recorded world*: the partnership as its events
say it stands on each event's effective date, every change taken as made (whether or
not its conditions are met yet). Each new event is checked against the state on its
effective date, and every later event is checked again, so a back-dated entry cannot
make later history invalid. A broken rule raises a :class:`~govledger.errors.RuleViolation`
subclass naming the rule, the event and what to do about it.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date
from fractions import Fraction
from typing import TypeVar

from ..agreement import check_agreement_fields
from ..errors import (
    AlreadyDecoupled,
    ArrangementClosed,
    BodyDisbandedError,
    DelegationNotInForce,
    DuplicateId,
    InvalidAuthority,
    InvalidCostShare,
    InvalidTransition,
    NotAMember,
    RetractionHasDependants,
    RuleViolation,
    TitleMismatch,
    UnknownPartnership,
    UnknownReference,
    VoteContradictsOutcome,
)
from ..events import (
    ActionAssigned,
    ActionCompleted,
    ArrangementDecoupled,
    ArrangementEnded,
    ArrangementEstablished,
    ArrangementVaried,
    BodyDisbanded,
    BodyEstablished,
    BodyMemberAppointed,
    BodyMemberLeft,
    BodyTermsRevised,
    CallInDetermined,
    CallInRequested,
    CallInStatus,
    ConditionLapsed,
    ConditionSatisfied,
    CostShareAgreed,
    DecisionMaker,
    DelegatedDecisionTaken,
    DelegationGranted,
    DelegationRevoked,
    EndingStageReached,
    Event,
    JointBody,
    MemberAdmitted,
    MemberSucceeded,
    MemberWithdrew,
    MotionKind,
    NoticeGiven,
    Outcome,
    Part,
    PartnershipDissolved,
    PartnershipFormed,
    Period,
    PostCreated,
    PostDeleted,
    PostHolderAppointed,
    PostRetitled,
    PostTermExtended,
    PostVacated,
    ResolutionPassed,
    ResolutionRef,
    Role,
    StatutoryRoleDesignated,
    certain_from,
    describe,
    earliest,
)
from ..projections import (
    ArrangementState,
    ArrangementStatus,
    Fold,
    PostState,
    creates,
    order_key,
    references,
    settle_arrangement,
    settle_post,
)
from ..recommendations import cited_path, recommendation_of, same_maker
from ..wording import summarise

__all__ = [
    "DECISION_TYPES",
    "Decision",
    "DecisionIndex",
    "check_authority",
    "check_batch",
    "check_days",
    "check_from",
    "index_decisions",
]

#: What authorities can cite: a resolution, or a decision taken under a delegation.
Decision = ResolutionPassed | DelegatedDecisionTaken
#: The stored type names of :data:`Decision` events.
DECISION_TYPES: tuple[str, ...] = ("ResolutionPassed", "DelegatedDecisionTaken")
_T = TypeVar("_T")


def check_batch(
    partnership: str,
    recorded: Sequence[tuple[int, Event]],
    new: Sequence[tuple[int, Event]],
) -> None:
    """Check *new* events (with their provisional positions) against *recorded* history.

    Raises the first :class:`RuleViolation` found; returns ``None`` when every rule holds.
    *recorded* must already leave out retracted entries (see
    :func:`~govledger.projections.corrected`); the ledger itself checks from a saved
    checkpoint with :func:`check_from`.
    """
    if not new:
        return
    start = min(certain_from(event.effective) for _, event in new)
    fold = Fold(partnership, honour_authority=False)
    later: list[tuple[int, Event]] = []
    for position, event in sorted(recorded, key=lambda pair: order_key(pair[1], pair[0])):
        if certain_from(event.effective) < start:
            fold.feed(event)
        else:
            later.append((position, event))
    check_from(fold, later, new, index_decisions([*recorded, *new]))


def check_from(
    fold: Fold,
    later: Iterable[tuple[int, Event]],
    new: Sequence[tuple[int, Event]],
    decisions: Mapping[str, Decision],
    *,
    retracting: bool = False,
) -> Fold:
    """Check *new* events, and every *later* recorded one, folding on from *fold*.

    :func:`check_days` run to the end; returns the fold, with every event folded.
    """
    for _ in check_days(fold, later, new, decisions, retracting=retracting):
        pass
    return fold


def check_days(
    fold: Fold,
    later: Iterable[tuple[int, Event]],
    new: Sequence[tuple[int, Event]],
    decisions: Mapping[str, Decision],
    *,
    retracting: bool = False,
) -> Iterator[tuple[date, Fold]]:
    """Check *new* events, and every *later* recorded one, folding them on into *fold*.

    *fold* is the recorded world (``honour_authority=False``) holding every recorded
    event that takes effect before the first day to check; *later* are the recorded
    events from that day on, in fold order; *new* the events being appended, with
    their provisional positions; *decisions* every decision recorded or new, by id.
    A new event that breaks a rule raises at once. A recorded event that the new ones
    would make invalid raises naming the back-dated culprit, or, with *retracting*,
    is collected and :class:`RetractionHasDependants` names them all at the end.
    Yields ``(day, fold)`` whenever every event of *day* has been folded (the caller
    may take a checkpoint of the fold then, before the next day's are folded); once
    the generator is exhausted, *fold* holds every event. The rules never call back.
    """
    new_positions = {position for position, _ in new}
    ordered = heapq.merge(
        later,
        sorted(new, key=lambda pair: order_key(pair[1], pair[0])),
        key=lambda pair: order_key(pair[1], pair[0]),
    )
    dependants: list[tuple[int, Event]] = []
    first_new = min((order_key(event, position) for position, event in new), default=None)
    day: date | None = None
    stream: list[Iterator[tuple[int, Event]]] = [iter(ordered)]
    for position, event in _each(stream):
        today = certain_from(event.effective)
        if day is not None and today > day:
            yield day, fold
        day = today
        try:
            try:
                _check(fold, event, decisions)
            except UnknownReference:
                rest = list(stream[0])
                stream[0] = iter(rest)
                if not _evidenced(fold, event, rest, decisions):
                    raise
        except RuleViolation as exc:
            if position in new_positions:
                raise
            if retracting:
                dependants.append((position, event))
                if len(dependants) >= _MAX_DEPENDANTS:
                    break
                continue
            culprit = next(e for p, e in new if order_key(e, p) == first_new)
            raise type(exc)(
                f"this back-dated entry would make the already recorded event at "
                f"position {position} ({summarise(event)}) invalid: {exc.reason}",
                event=culprit,
            ) from exc
        fold.feed(event)
    if dependants:
        listed = "; ".join(f"position {p}: {summarise(e)}" for p, e in dependants)
        more = " (and perhaps more)" if len(dependants) >= _MAX_DEPENDANTS else ""
        raise RetractionHasDependants(
            f"withdrawing the entry would leave later entries invalid: {listed}{more}. "
            "Retract them in the same append, or give the retraction a replacement they "
            "still fit",
            event=None,
            dependants=tuple((p, summarise(e)) for p, e in dependants),
        )
    if day is not None:
        yield day, fold


def _each(current: list[Iterator[_T]]) -> Iterator[_T]:
    """Iterate ``current[0]``, which the loop body may replace as it goes."""
    while True:
        try:
            yield next(current[0])
        except StopIteration:
            return


def _evidenced(
    fold: Fold, event: Event, rest: Sequence[tuple[int, Event]], decisions: Mapping[str, Decision]
) -> bool:
    """Whether *event* is evidence for facts dated later only because known "by" a date.

    An entity *event* names may be created by a later event dated by a period that
    contains *event*'s day: such a fact does not refuse earlier evidence. *event* is
    accepted if it fits the world with those facts taken as holding already.
    """
    wanted = references(event)
    day = certain_from(event.effective)
    promised = [
        later
        for _, later in rest
        if isinstance(later.effective, Period)
        and later.effective.contains(day)
        and creates(later) in wanted
    ]
    if not promised:
        return False
    probe = fold.copy()
    try:
        for later in promised:
            _check(probe, later, decisions)
            probe.feed(later)
        _check(probe, event, decisions)
    except RuleViolation:
        return False
    return True


#: How many dependants a refused retraction names at most.
_MAX_DEPENDANTS = 20


def check_authority(event: Event, decisions: Mapping[str, Decision]) -> None:
    """Check that every resolution part *event* cites exists and could authorise it."""
    day = certain_from(event.effective)
    for ref in getattr(event, "authorised_by", ()):
        if isinstance(ref, ResolutionRef):
            _authority(ref, event, day, decisions)


class DecisionIndex(dict[str, Decision]):
    """Decisions by id (the first recorded of each), with the conditions they declare.

    Grown with :meth:`add`, it keeps the set of declared condition ids up to date, so
    a condition is looked up instead of searched for in every part of every decision.
    """

    __slots__ = ("conditions",)

    def __init__(self) -> None:
        super().__init__()
        #: Every condition id declared by a part of a resolution held here.
        self.conditions: set[str] = set()

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


# --------------------------------------------------------------------------- dispatch


def _check(fold: Fold, event: Event, decisions: Mapping[str, Decision]) -> None:
    day = certain_from(event.effective)
    _partnership_open(fold, event, day)
    for ref in getattr(event, "authorised_by", ()):
        if isinstance(ref, ResolutionRef):
            _authority(ref, event, day, decisions)
    check_agreement_fields(fold, event, decisions)
    match event:
        case PartnershipFormed():
            pass
        case PartnershipDissolved():
            pass
        case MemberAdmitted():
            if event.member.council in fold.members:
                raise DuplicateId(
                    f"{event.member.council.upper()} is already a member", event=event
                )
        case MemberWithdrew():
            _member(fold, event.council, event)
            if len(fold.members) <= 2:
                raise InvalidTransition(
                    f"{event.council.upper()} leaving would leave fewer than two members; "
                    "record PartnershipDissolved instead",
                    event=event,
                )
        case MemberSucceeded():
            _member(fold, event.council, event)
            if event.successor.council in fold.members:
                raise DuplicateId(
                    f"successor {event.successor.council.upper()} is already a member",
                    event=event,
                )
        case BodyEstablished():
            _unique(event.body, fold.bodies, "body", event)
            if event.council is not None:
                _member(fold, event.council, event)
            for council in event.constituents:
                _member(fold, council, event)
        case BodyDisbanded():
            body = _known(event.body, fold.bodies, "body", event)
            if body.disbanded is not None:
                raise BodyDisbandedError(
                    f"body {event.body!r} was already disbanded on {body.disbanded}", event=event
                )
        case BodyTermsRevised() | BodyMemberAppointed() | BodyMemberLeft():
            _body_detail(fold, event, day)
        case ResolutionPassed():
            _resolution(fold, event, decisions)
        case CallInRequested():
            _call_in(fold, event, decisions)
        case CallInDetermined():
            if event.resolution not in fold.call_ins:
                raise InvalidTransition(
                    f"decision {event.resolution!r} was not called in; record CallInRequested "
                    "before CallInDetermined",
                    event=event,
                )
            if event.resolution in fold.call_in_outcomes:
                raise InvalidTransition(
                    f"the call-in of {event.resolution!r} was already determined", event=event
                )
        case ConditionSatisfied() | ConditionLapsed():
            _condition_open(fold, event.condition, decisions, event)
        case DelegatedDecisionTaken():
            _delegated_decision(fold, event, day)
        case ArrangementEstablished():
            _unique(event.arrangement, fold.arrangements, "arrangement", event)
            if event.lead is not None:
                _member(fold, event.lead, event)
        case ArrangementVaried():
            _vary(fold, event, day)
        case NoticeGiven():
            current = _open_arrangement(fold, event.arrangement, day, event)
            _member(fold, event.given_by, event)
            if current.status is ArrangementStatus.UNDER_NOTICE:
                raise InvalidTransition(
                    f"arrangement {event.arrangement!r} is already under notice ending "
                    f"{current.notice_ends}",
                    event=event,
                )
        case EndingStageReached():
            _open_arrangement(fold, event.arrangement, day, event)
            for council in event.by:
                _member(fold, council, event)
        case ArrangementDecoupled():
            _decouple(fold, event, day)
        case ArrangementEnded():
            _open_arrangement(fold, event.arrangement, day, event)
        case PostCreated():
            _unique(event.post, fold.posts, "post", event)
            for council in (*([event.employer] if event.employer else []), *event.shared_by):
                _member(fold, council, event)
        case PostRetitled():
            post = settle_post(_active_post(fold, event.post, event), day)
            if post.title != event.previous_title:
                raise TitleMismatch(
                    f"post {event.post!r} is titled {post.title!r} on {day}, not "
                    f"{event.previous_title!r}; name its current title as previous_title",
                    event=event,
                )
            if event.new_title == event.previous_title:
                raise TitleMismatch(
                    f"the new title of {event.post!r} is the same as its current title",
                    event=event,
                )
        case PostHolderAppointed():
            _active_post(fold, event.post, event)
            if event.employer is not None:
                _member(fold, event.employer, event)
        case PostVacated() | PostTermExtended():
            post = _active_post(fold, event.post, event)
            if post.holder is None:
                raise InvalidTransition(
                    f"post {event.post!r} has no holder on {day}; record PostHolderAppointed first",
                    event=event,
                )
        case PostDeleted():
            _active_post(fold, event.post, event)
        case StatutoryRoleDesignated():
            _member(fold, event.council, event)
            if event.post is not None:
                _active_post(fold, event.post, event)
        case DelegationGranted():
            if event.replaces != event.delegation:
                _unique(event.delegation, fold.delegations, "delegation", event)
            if event.replaces is not None:
                _replaced_delegation(fold, event, day)
            for role in (*event.delegates, *event.consultees):
                _role(fold, role, event)
            if event.through is not None:
                _active_body(fold, event.through, day, event)
            if event.expires is not None and certain_from(event.expires) < day:
                raise InvalidTransition(
                    f"delegation {event.delegation!r} expires ({describe(event.expires)}) "
                    f"before it is granted ({day})",
                    event=event,
                )
        case DelegationRevoked():
            delegation = _known(event.delegation, fold.delegations, "delegation", event)
            if not delegation.in_force_on(day):
                raise DelegationNotInForce(
                    f"delegation {event.delegation!r} is not in force on {day} "
                    "(revoked or expired already)",
                    event=event,
                )
        case CostShareAgreed():
            _cost_share(fold, event)
        case ActionAssigned():
            _unique(event.action, fold.actions, "action", event)
            if event.assignee is not None:
                _role(fold, event.assignee, event)
        case ActionCompleted():
            action = _known(event.action, fold.actions, "action", event)
            if action.completed is not None:
                raise InvalidTransition(
                    f"action {event.action!r} was already completed on {action.completed}",
                    event=event,
                )


# --------------------------------------------------------------------------- shared checks


def _partnership_open(fold: Fold, event: Event, day: date) -> None:
    if isinstance(event, PartnershipFormed):
        if fold.formed is not None:
            raise DuplicateId(
                f"partnership {event.partnership!r} was already formed on {fold.formed}",
                event=event,
            )
        return
    if fold.formed is None:
        raise UnknownPartnership(
            f"partnership {event.partnership!r} has not been formed by {day}; record its "
            "PartnershipFormed first (effective on or before this event), or check the id",
            event=event,
        )
    if fold.dissolved is not None:
        raise UnknownPartnership(
            f"partnership {event.partnership!r} was dissolved on {fold.dissolved}; nothing "
            "can take effect in it afterwards",
            event=event,
        )


def _unique(key: str, table: Mapping[str, object], kind: str, event: Event) -> None:
    if key in table:
        raise DuplicateId(
            f"a {kind} with id {key!r} already exists in {event.partnership!r}; choose another id",
            event=event,
        )


def _known(key: str, table: dict[str, _T], kind: str, event: Event) -> _T:
    found = table.get(key)
    if found is None:
        known = ", ".join(sorted(table)) or "none"
        raise UnknownReference(
            f"no {kind} {key!r} exists in {event.partnership!r} on "
            f"{certain_from(event.effective)} (known: {known})",
            event=event,
        )
    return found


def _member(fold: Fold, council: str, event: Event) -> None:
    if council not in fold.members:
        members = ", ".join(sorted(fold.members)) or "none"
        raise NotAMember(
            f"{council!r} is not a member of {event.partnership!r} on "
            f"{certain_from(event.effective)} (members: {members}); record MemberAdmitted "
            "first or correct the council id",
            event=event,
        )


def _role(fold: Fold, role: Role, event: Event) -> None:
    if role.organisation:
        return  # an organisation consulted may be outside the partnership
    if role.council is not None and role.council not in fold.members:
        _member(fold, role.council, event)
    if role.post is not None:
        _known(role.post, fold.posts, "post", event)


def _active_post(fold: Fold, post: str, event: Event) -> PostState:
    found = _known(post, fold.posts, "post", event)
    if found.deleted is not None:
        raise InvalidTransition(f"post {post!r} was deleted on {found.deleted}", event=event)
    return found


def _active_body(fold: Fold, body: str, day: date, event: Event) -> None:
    found = _known(body, fold.bodies, "body", event)
    if found.disbanded is not None and found.disbanded <= day:
        raise BodyDisbandedError(f"body {body!r} was disbanded on {found.disbanded}", event=event)


def _open_arrangement(fold: Fold, arrangement: str, day: date, event: Event) -> ArrangementState:
    found = settle_arrangement(_known(arrangement, fold.arrangements, "arrangement", event), day)
    if found.status is ArrangementStatus.DECOUPLED:
        raise AlreadyDecoupled(
            f"arrangement {arrangement!r} was already decoupled on {found.closed_on}; record "
            "an ArrangementEstablished (with a new id) to start joint working again",
            event=event,
        )
    if found.status is ArrangementStatus.ENDED:
        raise ArrangementClosed(
            f"arrangement {arrangement!r} ended on {found.closed_on}; record an "
            "ArrangementEstablished (with a new id) to start joint working again",
            event=event,
        )
    return found


def _body_detail(
    fold: Fold, event: BodyTermsRevised | BodyMemberAppointed | BodyMemberLeft, day: date
) -> None:
    _active_body(fold, event.body, day, event)
    body = fold.bodies[event.body]
    if isinstance(event, BodyMemberAppointed) and event.council is not None:
        _member(fold, event.council, event)
    if isinstance(event, BodyMemberLeft) and not any(
        m.member.casefold() == event.member.casefold() for m in body.members
    ):
        current = "; ".join(m.member for m in body.members) or "none recorded"
        raise UnknownReference(
            f"{event.member!r} is not a member of body {event.body!r} on {day} (members: "
            f"{current}); record BodyMemberAppointed first or correct the name",
            event=event,
        )


def _replaced_delegation(fold: Fold, event: DelegationGranted, day: date) -> None:
    assert event.replaces is not None
    earlier = _known(event.replaces, fold.delegations, "delegation", event)
    if not earlier.in_force_on(day):
        raise DelegationNotInForce(
            f"delegation {event.replaces!r}, which {event.delegation!r} replaces, is not in "
            f"force on {day} (revoked, replaced or expired already); drop replaces=, or "
            "correct the id",
            event=event,
        )


# --------------------------------------------------------------------------- authority


def _authority(
    ref: ResolutionRef, event: Event, day: date, decisions: Mapping[str, Decision]
) -> None:
    decision = decisions.get(ref.resolution)
    if decision is None:
        raise InvalidAuthority(
            f"no decision {ref.resolution!r} is recorded in {event.partnership!r}; record its "
            "ResolutionPassed (or DelegatedDecisionTaken) first, or correct the reference",
            event=event,
        )
    decided = _decided_on(decision)
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
    if part.outcome is Outcome.RECOMMENDED:
        return  # a change it proposes: it waits for adoption (see the fold)
    if part.outcome is Outcome.NOT_RECORDED:
        raise InvalidAuthority(
            f"the outcome of {ref} is not recorded, so it cannot authorise a change; cite "
            "the part that was resolved, or record the outcome once it is known",
            event=event,
        )
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


def _decided_on(decision: Decision) -> date:
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


def _resolution(fold: Fold, event: ResolutionPassed, decisions: Mapping[str, Decision]) -> None:
    if event.resolution in fold.resolutions or event.resolution in fold.delegated_decisions:
        raise DuplicateId(
            f"a decision with id {event.resolution!r} is already recorded; choose another id",
            event=event,
        )
    decided = _decided_on(event)
    _deciding_council(fold, event)
    if isinstance(event.decided_by, JointBody):
        body = _known(event.decided_by.body, fold.bodies, "body", event)
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
    for path, part in event.walk():
        for condition in part.conditions:
            owner = fold.condition_owner.get(condition.id)
            if owner is not None and owner != event.resolution:
                raise DuplicateId(
                    f"condition id {condition.id!r} is already declared by {owner!r}; "
                    "choose another id",
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


def _call_in(fold: Fold, event: CallInRequested, decisions: Mapping[str, Decision]) -> None:
    decision = decisions.get(event.resolution)
    if not isinstance(decision, ResolutionPassed):
        raise UnknownReference(
            f"no resolution {event.resolution!r} is recorded to call in", event=event
        )
    day = certain_from(event.effective)
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
    if _decided_on(decision) > day:
        raise InvalidTransition(
            f"{event.resolution!r} cannot be called in before it was decided", event=event
        )
    if event.resolution in fold.call_ins:
        raise InvalidTransition(f"{event.resolution!r} was already called in", event=event)


def _condition_open(
    fold: Fold, condition: str, decisions: Mapping[str, Decision], event: Event
) -> None:
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


def _delegated_decision(fold: Fold, event: DelegatedDecisionTaken, day: date) -> None:
    if event.decision in fold.resolutions or event.decision in fold.delegated_decisions:
        raise DuplicateId(f"a decision with id {event.decision!r} is already recorded", event=event)
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


def _vary(fold: Fold, event: ArrangementVaried, day: date) -> None:
    current = _open_arrangement(fold, event.arrangement, day, event)
    missing = [s for s in event.services_removed if s not in current.services]
    if missing:
        raise UnknownReference(
            f"arrangement {event.arrangement!r} does not include {missing}", event=event
        )
    present = [s for s in event.services_added if s in current.services]
    if present:
        raise DuplicateId(
            f"arrangement {event.arrangement!r} already includes {present}", event=event
        )
    if set(current.services) <= set(event.services_removed) and not event.services_added:
        raise InvalidTransition(
            f"removing every service from {event.arrangement!r} ends joint working; record "
            "ArrangementDecoupled instead",
            event=event,
        )
    if event.lead is not None:
        _member(fold, event.lead, event)


def _decouple(fold: Fold, event: ArrangementDecoupled, day: date) -> None:
    current = _open_arrangement(fold, event.arrangement, day, event)
    for service in event.services:
        if service in current.services:
            continue
        if service in current.decoupled_services:
            raise AlreadyDecoupled(
                f"{service!r} was already decoupled from {event.arrangement!r}", event=event
            )
        raise UnknownReference(
            f"arrangement {event.arrangement!r} does not include {service!r} (services: "
            f"{', '.join(current.services)})",
            event=event,
        )


def _cost_share(fold: Fold, event: CostShareAgreed) -> None:
    councils = [s.council for s in event.shares]
    if len(set(councils)) != len(councils):
        raise InvalidCostShare(
            f"the shares for {event.scope!r} name a council more than once: {councils}",
            event=event,
        )
    for share in event.shares:
        _member(fold, share.council, event)
        if share.fraction <= 0:
            raise InvalidCostShare(
                f"{share.council.upper()}'s share of {event.scope!r} is {share.fraction}; "
                "shares must be positive (leave a council out rather than give it zero)",
                event=event,
            )
    total = sum((s.fraction for s in event.shares), Fraction(0))
    if total != 1:
        raise InvalidCostShare(
            f"the shares for {event.scope!r} sum to {total}, not exactly 1; use exact "
            "fractions such as Fraction(1, 3)",
            event=event,
        )
