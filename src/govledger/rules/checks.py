"""One rule check per event type, in a table: what must hold for an event to fit.

:func:`check_event` runs the checks every event shares (the partnership is open, the
authorities it cites could authorise it, its agreement fields fit) and then the check
:data:`CHECKS` holds for the event's type. Every event type has an entry: one that
needs nothing beyond the shared checks says so with :func:`no_check`. A test asserts
that every type in :data:`~govledger.events.EVENT_TYPES` is in the table.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from fractions import Fraction
from typing import Any

from ..agreement import check_agreement_fields
from ..errors import (
    AlreadyDecoupled,
    BodyDisbandedError,
    DelegationNotInForce,
    DuplicateId,
    InvalidCostShare,
    InvalidTransition,
    TitleMismatch,
    UnknownPartnership,
    UnknownReference,
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
    ConditionLapsed,
    ConditionSatisfied,
    CostShareAgreed,
    DelegatedDecisionTaken,
    DelegationGranted,
    DelegationRevoked,
    EndingStageReached,
    EntryRetracted,
    Event,
    MemberAdmitted,
    MemberSucceeded,
    MemberWithdrew,
    NoticeGiven,
    PartnershipDissolved,
    PartnershipFormed,
    PostCreated,
    PostDeleted,
    PostHolderAppointed,
    PostRetitled,
    PostTermExtended,
    PostVacated,
    ResolutionPassed,
    ResolutionRef,
    StatutoryRoleDesignated,
    certain_from,
    describe,
)
from ..projections import ArrangementStatus, Fold, settle_post
from ._lookups import active_body, active_post, known, member, open_arrangement, role, unique
from .authority import (
    Decision,
    check_call_in,
    check_condition,
    check_delegated_decision,
    check_resolution,
    cited_authority,
    cited_elsewhere,
    only_own_references,
)

#: A check of one event type: (recorded world, event, its day, decisions by id).
Check = Callable[[Fold, Any, date, Mapping[str, Decision]], None]


def check_event(fold: Fold, event: Event, decisions: Mapping[str, Decision]) -> None:
    """Raise the :class:`~govledger.errors.RuleViolation` *event* breaks in *fold*, if any."""
    day = certain_from(event.effective)
    _partnership_open(fold, event, day)
    if isinstance(event, ResolutionPassed):
        only_own_references(event)
    for ref in getattr(event, "authorised_by", ()):
        if isinstance(ref, ResolutionRef):
            if ref.foreign_to(event.partnership):
                cited_elsewhere(fold, ref, event, day, decisions)
            else:
                cited_authority(ref, event, day, decisions)
    check_agreement_fields(fold, event, decisions)
    check = CHECKS.get(type(event))
    if check is not None:
        check(fold, event, day, decisions)


def no_check(fold: Fold, event: Event, day: date, decisions: Mapping[str, Decision]) -> None:
    """Nothing beyond the checks every event shares."""


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


# --------------------------------------------------------------------------- members


def _member_admitted(
    fold: Fold, event: MemberAdmitted, day: date, decisions: Mapping[str, Decision]
) -> None:
    if event.member.council in fold.members:
        raise DuplicateId(f"{event.member.council.upper()} is already a member", event=event)


def _member_withdrew(
    fold: Fold, event: MemberWithdrew, day: date, decisions: Mapping[str, Decision]
) -> None:
    member(fold, event.council, event)
    if len(fold.members) <= 2:
        raise InvalidTransition(
            f"{event.council.upper()} leaving would leave fewer than two members; "
            "record PartnershipDissolved instead",
            event=event,
        )


def _member_succeeded(
    fold: Fold, event: MemberSucceeded, day: date, decisions: Mapping[str, Decision]
) -> None:
    member(fold, event.council, event)
    if event.successor.council in fold.members:
        raise DuplicateId(
            f"successor {event.successor.council.upper()} is already a member",
            event=event,
        )


# --------------------------------------------------------------------------- bodies


def _body_established(
    fold: Fold, event: BodyEstablished, day: date, decisions: Mapping[str, Decision]
) -> None:
    unique(event.body, fold.bodies, "body", event)
    if event.council is not None:
        member(fold, event.council, event)
    for council in event.constituents:
        member(fold, council, event)


def _body_disbanded(
    fold: Fold, event: BodyDisbanded, day: date, decisions: Mapping[str, Decision]
) -> None:
    body = known(event.body, fold.bodies, "body", event)
    if body.disbanded is not None:
        raise BodyDisbandedError(
            f"body {event.body!r} was already disbanded on {body.disbanded}", event=event
        )


def _body_detail(
    fold: Fold,
    event: BodyTermsRevised | BodyMemberAppointed | BodyMemberLeft,
    day: date,
    decisions: Mapping[str, Decision],
) -> None:
    active_body(fold, event.body, day, event)
    body = fold.bodies[event.body]
    if isinstance(event, BodyMemberAppointed) and event.council is not None:
        member(fold, event.council, event)
    if isinstance(event, BodyMemberLeft) and not any(
        m.member.casefold() == event.member.casefold() for m in body.members
    ):
        current = "; ".join(m.member for m in body.members) or "none recorded"
        raise UnknownReference(
            f"{event.member!r} is not a member of body {event.body!r} on {day} (members: "
            f"{current}); record BodyMemberAppointed first or correct the name",
            event=event,
        )


# --------------------------------------------------------------------------- call-ins


def _call_in_determined(
    fold: Fold, event: CallInDetermined, day: date, decisions: Mapping[str, Decision]
) -> None:
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


# --------------------------------------------------------------------------- arrangements


def _arrangement_established(
    fold: Fold, event: ArrangementEstablished, day: date, decisions: Mapping[str, Decision]
) -> None:
    unique(event.arrangement, fold.arrangements, "arrangement", event)
    if event.lead is not None:
        member(fold, event.lead, event)


def _vary(
    fold: Fold, event: ArrangementVaried, day: date, decisions: Mapping[str, Decision]
) -> None:
    current = open_arrangement(fold, event.arrangement, day, event)
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
        member(fold, event.lead, event)


def _notice_given(
    fold: Fold, event: NoticeGiven, day: date, decisions: Mapping[str, Decision]
) -> None:
    current = open_arrangement(fold, event.arrangement, day, event)
    member(fold, event.given_by, event)
    if current.status is ArrangementStatus.UNDER_NOTICE:
        raise InvalidTransition(
            f"arrangement {event.arrangement!r} is already under notice ending "
            f"{current.notice_ends}",
            event=event,
        )


def _ending_stage(
    fold: Fold, event: EndingStageReached, day: date, decisions: Mapping[str, Decision]
) -> None:
    open_arrangement(fold, event.arrangement, day, event)
    for council in event.by:
        member(fold, council, event)


def _decouple(
    fold: Fold, event: ArrangementDecoupled, day: date, decisions: Mapping[str, Decision]
) -> None:
    current = open_arrangement(fold, event.arrangement, day, event)
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


def _arrangement_ended(
    fold: Fold, event: ArrangementEnded, day: date, decisions: Mapping[str, Decision]
) -> None:
    open_arrangement(fold, event.arrangement, day, event)


# --------------------------------------------------------------------------- posts


def _post_created(
    fold: Fold, event: PostCreated, day: date, decisions: Mapping[str, Decision]
) -> None:
    unique(event.post, fold.posts, "post", event)
    for council in (*([event.employer] if event.employer else []), *event.shared_by):
        member(fold, council, event)


def _post_retitled(
    fold: Fold, event: PostRetitled, day: date, decisions: Mapping[str, Decision]
) -> None:
    post = settle_post(active_post(fold, event.post, event), day)
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


def _holder_appointed(
    fold: Fold, event: PostHolderAppointed, day: date, decisions: Mapping[str, Decision]
) -> None:
    active_post(fold, event.post, event)
    if event.employer is not None:
        member(fold, event.employer, event)


def _post_held(
    fold: Fold,
    event: PostVacated | PostTermExtended,
    day: date,
    decisions: Mapping[str, Decision],
) -> None:
    post = active_post(fold, event.post, event)
    if post.holder is None:
        raise InvalidTransition(
            f"post {event.post!r} has no holder on {day}; record PostHolderAppointed first",
            event=event,
        )


def _post_deleted(
    fold: Fold, event: PostDeleted, day: date, decisions: Mapping[str, Decision]
) -> None:
    active_post(fold, event.post, event)


def _role_designated(
    fold: Fold, event: StatutoryRoleDesignated, day: date, decisions: Mapping[str, Decision]
) -> None:
    member(fold, event.council, event)
    if event.post is not None:
        active_post(fold, event.post, event)


# --------------------------------------------------------------------------- delegations


def _delegation_granted(
    fold: Fold, event: DelegationGranted, day: date, decisions: Mapping[str, Decision]
) -> None:
    if event.replaces != event.delegation:
        unique(event.delegation, fold.delegations, "delegation", event)
    if event.replaces is not None:
        _replaced_delegation(fold, event, day)
    for named in (*event.delegates, *event.consultees):
        role(fold, named, event)
    if event.through is not None:
        active_body(fold, event.through, day, event)
    if event.expires is not None and certain_from(event.expires) < day:
        raise InvalidTransition(
            f"delegation {event.delegation!r} expires ({describe(event.expires)}) "
            f"before it is granted ({day})",
            event=event,
        )


def _replaced_delegation(fold: Fold, event: DelegationGranted, day: date) -> None:
    assert event.replaces is not None
    earlier = known(event.replaces, fold.delegations, "delegation", event)
    if not earlier.in_force_on(day):
        raise DelegationNotInForce(
            f"delegation {event.replaces!r}, which {event.delegation!r} replaces, is not in "
            f"force on {day} (revoked, replaced or expired already); drop replaces=, or "
            "correct the id",
            event=event,
        )


def _delegation_revoked(
    fold: Fold, event: DelegationRevoked, day: date, decisions: Mapping[str, Decision]
) -> None:
    delegation = known(event.delegation, fold.delegations, "delegation", event)
    if not delegation.in_force_on(day):
        raise DelegationNotInForce(
            f"delegation {event.delegation!r} is not in force on {day} "
            "(revoked or expired already)",
            event=event,
        )


# --------------------------------------------------------------------------- money and actions


def _cost_share(
    fold: Fold, event: CostShareAgreed, day: date, decisions: Mapping[str, Decision]
) -> None:
    councils = [s.council for s in event.shares]
    if len(set(councils)) != len(councils):
        raise InvalidCostShare(
            f"the shares for {event.scope!r} name a council more than once: {councils}",
            event=event,
        )
    for share in event.shares:
        member(fold, share.council, event)
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


def _action_assigned(
    fold: Fold, event: ActionAssigned, day: date, decisions: Mapping[str, Decision]
) -> None:
    unique(event.action, fold.actions, "action", event)
    if event.assignee is not None:
        role(fold, event.assignee, event)


def _action_completed(
    fold: Fold, event: ActionCompleted, day: date, decisions: Mapping[str, Decision]
) -> None:
    action = known(event.action, fold.actions, "action", event)
    if action.completed is not None:
        raise InvalidTransition(
            f"action {event.action!r} was already completed on {action.completed}",
            event=event,
        )


#: The check of each event type, run after the checks every event shares.
CHECKS: dict[type[Event], Check] = {
    PartnershipFormed: no_check,  # formed once: see _partnership_open
    PartnershipDissolved: no_check,
    MemberAdmitted: _member_admitted,
    MemberWithdrew: _member_withdrew,
    MemberSucceeded: _member_succeeded,
    BodyEstablished: _body_established,
    BodyDisbanded: _body_disbanded,
    BodyTermsRevised: _body_detail,
    BodyMemberAppointed: _body_detail,
    BodyMemberLeft: _body_detail,
    ResolutionPassed: check_resolution,
    CallInRequested: check_call_in,
    CallInDetermined: _call_in_determined,
    ConditionSatisfied: check_condition,
    ConditionLapsed: check_condition,
    DelegatedDecisionTaken: check_delegated_decision,
    ArrangementEstablished: _arrangement_established,
    ArrangementVaried: _vary,
    NoticeGiven: _notice_given,
    EndingStageReached: _ending_stage,
    ArrangementDecoupled: _decouple,
    ArrangementEnded: _arrangement_ended,
    PostCreated: _post_created,
    PostRetitled: _post_retitled,
    PostHolderAppointed: _holder_appointed,
    PostVacated: _post_held,
    PostTermExtended: _post_held,
    PostDeleted: _post_deleted,
    StatutoryRoleDesignated: _role_designated,
    DelegationGranted: _delegation_granted,
    DelegationRevoked: _delegation_revoked,
    CostShareAgreed: _cost_share,
    ActionAssigned: _action_assigned,
    ActionCompleted: _action_completed,
    EntryRetracted: no_check,  # the ledger checks what it withdraws; the fold skips it
}
