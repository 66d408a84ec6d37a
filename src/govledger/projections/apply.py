"""What each event does to a fold: one small function per event type, in :data:`APPLY`.

A handler takes the fold, the event, the day it takes effect and the authorities it
cites. It sets the fold's entries and returns the wait keys of what it brought into
force (``"post:jce"``), in order, for the fold to wake the changes waiting on them.
:data:`APPLY` has an entry for every event type, so a new one cannot be folded as
a silent no-op (``tests/test_dispatch.py`` checks). Handlers are called only by
:meth:`Fold.feed() <govledger.projections.fold.Fold.feed>`, once a change's authority
is in force and what it acts on exists and is open (see
:mod:`~govledger.projections.targets`). The decisions' handlers are in
:mod:`~govledger.projections.decisions`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any, TypeAlias

import attrs

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
    BodyRole,
    BodyTermsRevised,
    CallInDetermined,
    CallInRequested,
    ConditionLapsed,
    ConditionSatisfied,
    CostShareAgreed,
    DelegatedDecisionTaken,
    DelegationGranted,
    DelegationRevoked,
    EndingStage,
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
    StatutoryRoleDesignated,
    role_key,
)
from .decisions import (
    NONE,
    Auth,
    Wakes,
    call_in_determined,
    call_in_requested,
    condition_lapsed,
    condition_satisfied,
    delegated_decision_taken,
    entry_retracted,
    resolution_passed,
)
from .settle import settle_post
from .state import (
    ActionState,
    ArrangementState,
    ArrangementStatus,
    BodyMembership,
    BodyState,
    CostShare,
    DelegationState,
    Designation,
    EndingStep,
    Holding,
    Membership,
    PostState,
)

if TYPE_CHECKING:
    from .fold import Fold

#: ``handler(fold, event, day, authorised_by) -> wait keys to wake``.
Handler: TypeAlias = Callable[["Fold", Any, date, Auth], Wakes]


# ---------------------------------------------------------------- the partnership and members


def _partnership_formed(fold: Fold, event: PartnershipFormed, day: date, auth: Auth) -> Wakes:
    fold.name = event.name
    fold.formed = day
    for member in event.members:
        fold.members[member.council] = Membership(
            council=member.council,
            name=member.name,
            since=day,
            identifiers=member.identifiers,
        )
    return NONE


def _partnership_dissolved(fold: Fold, event: PartnershipDissolved, day: date, auth: Auth) -> Wakes:
    fold.dissolved = day
    return NONE


def _member_admitted(fold: Fold, event: MemberAdmitted, day: date, auth: Auth) -> Wakes:
    fold.members[event.member.council] = Membership(
        council=event.member.council,
        name=event.member.name,
        since=day,
        identifiers=event.member.identifiers,
    )
    return NONE


def _member_withdrew(fold: Fold, event: MemberWithdrew, day: date, auth: Auth) -> Wakes:
    _leave(fold, event.council, day, None)
    return NONE


def _member_succeeded(fold: Fold, event: MemberSucceeded, day: date, auth: Auth) -> Wakes:
    _leave(fold, event.council, day, event.successor.council)
    fold.members[event.successor.council] = Membership(
        council=event.successor.council,
        name=event.successor.name,
        since=day,
        identifiers=event.successor.identifiers,
    )
    return NONE


def _leave(fold: Fold, council: str, day: date, successor: str | None) -> None:
    member = fold.members.pop(council, None)
    if member is not None:
        fold.former_members[council] = attrs.evolve(member, until=day, succeeded_by=successor)


# ---------------------------------------------------------------- bodies


def _body_established(fold: Fold, event: BodyEstablished, day: date, auth: Auth) -> Wakes:
    fold.bodies[event.body] = BodyState(
        body=event.body,
        name=event.name,
        kind=event.kind,
        council=event.council,
        constituents=event.constituents,
        legal_basis=event.legal_basis,
        established=day,
        disbanded=None,
        authorised_by=auth,
        terms_of_reference=event.terms_of_reference,
        identifiers=event.identifiers,
    )
    return (f"body:{event.body}",)


def _body_disbanded(fold: Fold, event: BodyDisbanded, day: date, auth: Auth) -> Wakes:
    fold.bodies[event.body] = attrs.evolve(fold.bodies[event.body], disbanded=day)
    return NONE


def _body_terms_revised(fold: Fold, event: BodyTermsRevised, day: date, auth: Auth) -> Wakes:
    fold.bodies[event.body] = attrs.evolve(
        fold.bodies[event.body],
        terms_of_reference=event.terms_of_reference,
        terms_revised=day,
    )
    return NONE


def _body_member(
    fold: Fold, event: BodyMemberAppointed | BodyMemberLeft, day: date, auth: Auth
) -> Wakes:
    fold.bodies[event.body] = _body_members(fold.bodies[event.body], event, day, auth)
    return NONE


def _body_members(
    body: BodyState,
    event: BodyMemberAppointed | BodyMemberLeft,
    day: date,
    auth: Auth,
) -> BodyState:
    """*body* with *event*'s member appointed (perhaps to a new place on it) or gone."""
    name = event.member.casefold()
    staying = [m for m in body.members if m.member.casefold() != name]
    leaving = [attrs.evolve(m, until=day) for m in body.members if m.member.casefold() == name]
    if isinstance(event, BodyMemberAppointed):
        if event.role in (BodyRole.CHAIR, BodyRole.VICE_CHAIR):  # one chair, one vice-chair
            staying = [
                attrs.evolve(m, role=BodyRole.MEMBER) if m.role is event.role else m
                for m in staying
            ]
        staying.append(
            BodyMembership(
                member=event.member,
                council=event.council,
                role=event.role,
                since=day,
                authorised_by=auth,
            )
        )
    return attrs.evolve(
        body, members=tuple(staying), former_members=(*body.former_members, *leaving)
    )


# ---------------------------------------------------------------- arrangements


def _arrangement_established(
    fold: Fold, event: ArrangementEstablished, day: date, auth: Auth
) -> Wakes:
    fold.arrangements[event.arrangement] = ArrangementState(
        arrangement=event.arrangement,
        name=event.name,
        services=event.services,
        mechanism=event.mechanism,
        mechanism_detail=event.mechanism_detail,
        lead=event.lead,
        notice_period=event.notice_period,
        status=ArrangementStatus.IN_FORCE,
        since=day,
        authorised_by=auth,
    )
    return (f"arrangement:{event.arrangement}",)


def _arrangement_varied(fold: Fold, event: ArrangementVaried, day: date, auth: Auth) -> Wakes:
    current = fold.arrangements[event.arrangement]
    services = tuple(s for s in current.services if s not in event.services_removed)
    services += tuple(s for s in event.services_added if s not in services)
    if event.mechanism is not None:  # a new mechanism brings its own detail, if any
        detail = event.mechanism_detail
    else:
        detail = event.mechanism_detail or current.mechanism_detail
    fold.arrangements[event.arrangement] = attrs.evolve(
        current,
        mechanism=event.mechanism or current.mechanism,
        mechanism_detail=detail,
        lead=event.lead or current.lead,
        notice_period=event.notice_period or current.notice_period,
        services=services,
        authorised_by=auth,
    )
    return NONE


def _notice_given(fold: Fold, event: NoticeGiven, day: date, auth: Auth) -> Wakes:
    current = fold.arrangements[event.arrangement]
    step = EndingStep(
        stage=EndingStage.NOTICE_GIVEN,
        since=day,
        by=(event.given_by,),
        ends=event.notice_ends,
        authorised_by=auth,
    )
    fold.arrangements[event.arrangement] = attrs.evolve(
        current,
        status=ArrangementStatus.UNDER_NOTICE,
        notice_given_by=event.given_by,
        notice_ends=event.notice_ends,
        authorised_by=auth,
        ending=(*current.ending, step),
    )
    return NONE


def _ending_stage_reached(fold: Fold, event: EndingStageReached, day: date, auth: Auth) -> Wakes:
    current = fold.arrangements[event.arrangement]
    step = EndingStep(
        stage=event.stage,
        since=day,
        by=event.by,
        ends=event.ends,
        words=event.words,
        authorised_by=auth,
    )
    if event.ends is None:
        fold.arrangements[event.arrangement] = attrs.evolve(current, ending=(*current.ending, step))
        return NONE
    fold.arrangements[event.arrangement] = attrs.evolve(
        current,
        status=ArrangementStatus.UNDER_NOTICE,
        notice_given_by=event.by[0] if event.by else current.notice_given_by,
        notice_ends=event.ends,
        authorised_by=auth,
        ending=(*current.ending, step),
    )
    return NONE


def _arrangement_decoupled(fold: Fold, event: ArrangementDecoupled, day: date, auth: Auth) -> Wakes:
    current = fold.arrangements[event.arrangement]
    leaving = event.services or current.services
    remaining = tuple(s for s in current.services if s not in leaving)
    decoupled = current.decoupled_services + tuple(s for s in leaving if s in current.services)
    if remaining:
        fold.arrangements[event.arrangement] = attrs.evolve(
            current, services=remaining, decoupled_services=decoupled
        )
    else:
        fold.arrangements[event.arrangement] = attrs.evolve(
            current,
            status=ArrangementStatus.DECOUPLED,
            closed_on=day,
            services=(),
            decoupled_services=decoupled,
            authorised_by=auth,
        )
    return NONE


def _arrangement_ended(fold: Fold, event: ArrangementEnded, day: date, auth: Auth) -> Wakes:
    current = fold.arrangements[event.arrangement]
    fold.arrangements[event.arrangement] = attrs.evolve(
        current, status=ArrangementStatus.ENDED, closed_on=day, authorised_by=auth
    )
    return NONE


# ---------------------------------------------------------------- posts and designations


def _post_created(fold: Fold, event: PostCreated, day: date, auth: Auth) -> Wakes:
    fold.posts[event.post] = PostState(
        post=event.post,
        title=event.title,
        employer=event.employer,
        shared_by=event.shared_by,
        created=day,
        authorised_by=auth,
    )
    return (f"post:{event.post}",)


def _post_retitled(fold: Fold, event: PostRetitled, day: date, auth: Auth) -> Wakes:
    post = settle_post(fold.posts[event.post], day)
    fold.posts[event.post] = attrs.evolve(
        post,
        title=event.new_title,
        former_titles=(*post.former_titles, post.title)
        if post.title not in post.former_titles
        else post.former_titles,
        title_until=event.until,
        reverts_to=event.previous_title if event.until is not None else None,
        authorised_by=auth,
    )
    return NONE


def _post_holder_appointed(fold: Fold, event: PostHolderAppointed, day: date, auth: Auth) -> Wakes:
    fold.posts[event.post] = attrs.evolve(
        fold.posts[event.post],
        holder=Holding(
            holder=event.holder,
            basis=event.basis,
            employer=event.employer,
            term_ends=event.term_ends,
            since=day,
            authorised_by=auth,
        ),
    )
    return NONE


def _post_vacated(fold: Fold, event: PostVacated, day: date, auth: Auth) -> Wakes:
    fold.posts[event.post] = attrs.evolve(fold.posts[event.post], holder=None)
    return NONE


def _post_term_extended(fold: Fold, event: PostTermExtended, day: date, auth: Auth) -> Wakes:
    post = fold.posts[event.post]
    if post.holder is not None:
        fold.posts[event.post] = attrs.evolve(
            post, holder=attrs.evolve(post.holder, term_ends=event.term_ends)
        )
    return NONE


def _post_deleted(fold: Fold, event: PostDeleted, day: date, auth: Auth) -> Wakes:
    fold.posts[event.post] = attrs.evolve(fold.posts[event.post], deleted=day, holder=None)
    return NONE


def _statutory_role_designated(
    fold: Fold, event: StatutoryRoleDesignated, day: date, auth: Auth
) -> Wakes:
    fold.designations[(event.council, role_key(event.role))] = Designation(
        council=event.council,
        role=event.role,
        post=event.post,
        person=event.person,
        since=day,
        authorised_by=auth,
    )
    return NONE


# ---------------------------------------------------------------- delegations, costs, actions


def _delegation_granted(fold: Fold, event: DelegationGranted, day: date, auth: Auth) -> Wakes:
    replaces = _replace_delegation(fold, event, day)
    fold.delegations[event.delegation] = DelegationState(
        delegation=event.delegation,
        delegates=event.delegates,
        consultees=event.consultees,
        scope=event.scope,
        limits=event.limits,
        jointly=event.jointly,
        through=event.through,
        expires=event.expires,
        granted=day,
        authorised_by=auth,
        replaces=replaces,
    )
    return (f"delegation:{event.delegation}",)


def _replace_delegation(fold: Fold, event: DelegationGranted, day: date) -> tuple[str, ...]:
    """End the delegation *event* replaces, from *day*; the ids it now stands for."""
    if event.replaces is None:
        return ()
    earlier = fold.delegations.get(event.replaces)
    if earlier is None:
        return ()
    if event.replaces == event.delegation:  # re-granted under its own id
        return earlier.replaces
    fold.delegations[event.replaces] = attrs.evolve(
        earlier, revoked=day, replaced_by=event.delegation
    )
    return (*earlier.replaces, event.replaces)


def _delegation_revoked(fold: Fold, event: DelegationRevoked, day: date, auth: Auth) -> Wakes:
    fold.delegations[event.delegation] = attrs.evolve(
        fold.delegations[event.delegation], revoked=day
    )
    return NONE


def _cost_share_agreed(fold: Fold, event: CostShareAgreed, day: date, auth: Auth) -> Wakes:
    fold.cost_shares[event.scope] = CostShare(
        scope=event.scope,
        description=event.description,
        kind=event.kind,
        shares=event.shares,
        since=day,
        authorised_by=auth,
    )
    return NONE


def _action_assigned(fold: Fold, event: ActionAssigned, day: date, auth: Auth) -> Wakes:
    fold.actions[event.action] = ActionState(
        action=event.action,
        description=event.description,
        assignee=event.assignee,
        due=event.due,
        assigned=day,
        authorised_by=auth,
    )
    return NONE


def _action_completed(fold: Fold, event: ActionCompleted, day: date, auth: Auth) -> Wakes:
    action = fold.actions.get(event.action)
    if action is not None:
        fold.actions[event.action] = attrs.evolve(action, completed=day)
    return NONE


#: One handler per event type: what folding it in does to the fold.
APPLY: dict[type[Event], Handler] = {
    PartnershipFormed: _partnership_formed,
    PartnershipDissolved: _partnership_dissolved,
    MemberAdmitted: _member_admitted,
    MemberWithdrew: _member_withdrew,
    MemberSucceeded: _member_succeeded,
    BodyEstablished: _body_established,
    BodyDisbanded: _body_disbanded,
    BodyTermsRevised: _body_terms_revised,
    BodyMemberAppointed: _body_member,
    BodyMemberLeft: _body_member,
    ResolutionPassed: resolution_passed,
    CallInRequested: call_in_requested,
    CallInDetermined: call_in_determined,
    ConditionSatisfied: condition_satisfied,
    ConditionLapsed: condition_lapsed,
    DelegatedDecisionTaken: delegated_decision_taken,
    EntryRetracted: entry_retracted,
    ArrangementEstablished: _arrangement_established,
    ArrangementVaried: _arrangement_varied,
    NoticeGiven: _notice_given,
    EndingStageReached: _ending_stage_reached,
    ArrangementDecoupled: _arrangement_decoupled,
    ArrangementEnded: _arrangement_ended,
    PostCreated: _post_created,
    PostRetitled: _post_retitled,
    PostHolderAppointed: _post_holder_appointed,
    PostVacated: _post_vacated,
    PostTermExtended: _post_term_extended,
    PostDeleted: _post_deleted,
    StatutoryRoleDesignated: _statutory_role_designated,
    DelegationGranted: _delegation_granted,
    DelegationRevoked: _delegation_revoked,
    CostShareAgreed: _cost_share_agreed,
    ActionAssigned: _action_assigned,
    ActionCompleted: _action_completed,
}
