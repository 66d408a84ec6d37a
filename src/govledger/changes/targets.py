"""What each event type changes when it takes effect, and what it sets a date for.

:data:`TARGETS` names, for every event type, the entities an event of that type
changes and how: it must name every entity the fold touches for the event, because the
timeline compares only those (and the entities whose date has come) from one day to
the next. The property tests check the timeline against
:func:`~govledger.projections.state_as_of` day by day. :data:`SCHEDULES` names the
changes by the passage of time whose date an event sets. Both have an entry for every
event type (:func:`nothing` where an event changes or schedules nothing), and a test
asserts it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

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
    StatutoryRoleDesignated,
    role_key,
)
from .entities import designation_id
from .model import ChangeKind, EntityType

#: One entity a change acts on, and the kind of change.
Target = tuple[EntityType, str, ChangeKind]
#: The targets of an event of one type.
Targets = Callable[[Any], list[Target]]


def nothing(event: Event) -> list[Target]:
    """No entity: decisions, call-ins, conditions and retractions change none themselves."""
    return []


# --------------------------------------------------------------------------- what takes effect


def _formed(event: PartnershipFormed) -> list[Target]:
    return [
        (EntityType.PARTNERSHIP, event.partnership, ChangeKind.PARTNERSHIP_FORMED),
        *((EntityType.MEMBER, m.council, ChangeKind.MEMBER_JOINED) for m in event.members),
    ]


def _dissolved(event: PartnershipDissolved) -> list[Target]:
    return [(EntityType.PARTNERSHIP, event.partnership, ChangeKind.PARTNERSHIP_DISSOLVED)]


def _admitted(event: MemberAdmitted) -> list[Target]:
    return [(EntityType.MEMBER, event.member.council, ChangeKind.MEMBER_JOINED)]


def _withdrew(event: MemberWithdrew) -> list[Target]:
    return [(EntityType.MEMBER, event.council, ChangeKind.MEMBER_LEFT)]


def _succeeded(event: MemberSucceeded) -> list[Target]:
    return [
        (EntityType.MEMBER, event.council, ChangeKind.MEMBER_SUCCEEDED),
        (EntityType.MEMBER, event.successor.council, ChangeKind.MEMBER_JOINED),
    ]


def _body(kind: ChangeKind) -> Callable[[Any], list[Target]]:
    def targets(
        event: BodyEstablished
        | BodyDisbanded
        | BodyTermsRevised
        | BodyMemberAppointed
        | BodyMemberLeft,
    ) -> list[Target]:
        return [(EntityType.BODY, event.body, kind)]

    return targets


def _exercised(event: DelegatedDecisionTaken) -> list[Target]:
    return [(EntityType.DELEGATION, event.delegation, ChangeKind.DELEGATION_EXERCISED)]


def _arrangement(kind: ChangeKind) -> Callable[[Any], list[Target]]:
    def targets(
        event: ArrangementEstablished
        | ArrangementVaried
        | NoticeGiven
        | ArrangementDecoupled
        | ArrangementEnded,
    ) -> list[Target]:
        return [(EntityType.ARRANGEMENT, event.arrangement, kind)]

    return targets


def _ending_stage(event: EndingStageReached) -> list[Target]:
    return [
        (EntityType.ARRANGEMENT, event.arrangement, ChangeKind.ENDING_STAGE),
        (EntityType.ARRANGEMENT, event.arrangement, ChangeKind.NOTICE_GIVEN),
    ]


def _post(kind: ChangeKind) -> Callable[[Any], list[Target]]:
    def targets(
        event: PostCreated
        | PostRetitled
        | PostHolderAppointed
        | PostVacated
        | PostTermExtended
        | PostDeleted,
    ) -> list[Target]:
        return [(EntityType.POST, event.post, kind)]

    return targets


def _designated(event: StatutoryRoleDesignated) -> list[Target]:
    entity = designation_id((event.council, role_key(event.role)))
    return [(EntityType.DESIGNATION, entity, ChangeKind.ROLE_DESIGNATED)]


def _granted(event: DelegationGranted) -> list[Target]:
    granted = [(EntityType.DELEGATION, event.delegation, ChangeKind.DELEGATION_GRANTED)]
    if event.replaces is not None and event.replaces != event.delegation:
        granted.append((EntityType.DELEGATION, event.replaces, ChangeKind.DELEGATION_REVOKED))
    return granted


def _revoked(event: DelegationRevoked) -> list[Target]:
    return [(EntityType.DELEGATION, event.delegation, ChangeKind.DELEGATION_REVOKED)]


def _cost_share(event: CostShareAgreed) -> list[Target]:
    return [
        (EntityType.COST_SHARE, event.scope, ChangeKind.COST_SHARE_AGREED),
        (EntityType.COST_SHARE, event.scope, ChangeKind.COST_SHARE_CHANGED),
    ]


def _action(kind: ChangeKind) -> Callable[[Any], list[Target]]:
    def targets(event: ActionAssigned | ActionCompleted) -> list[Target]:
        return [(EntityType.ACTION, event.action, kind)]

    return targets


#: The entities each event type changes when an event of it takes effect, and how.
TARGETS: dict[type[Event], Targets] = {
    PartnershipFormed: _formed,
    PartnershipDissolved: _dissolved,
    MemberAdmitted: _admitted,
    MemberWithdrew: _withdrew,
    MemberSucceeded: _succeeded,
    BodyEstablished: _body(ChangeKind.BODY_ESTABLISHED),
    BodyDisbanded: _body(ChangeKind.BODY_DISBANDED),
    BodyTermsRevised: _body(ChangeKind.BODY_TERMS_REVISED),
    BodyMemberAppointed: _body(ChangeKind.BODY_MEMBERS_CHANGED),
    BodyMemberLeft: _body(ChangeKind.BODY_MEMBERS_CHANGED),
    ResolutionPassed: nothing,
    CallInRequested: nothing,
    CallInDetermined: nothing,
    ConditionSatisfied: nothing,
    ConditionLapsed: nothing,
    DelegatedDecisionTaken: _exercised,
    ArrangementEstablished: _arrangement(ChangeKind.ARRANGEMENT_ESTABLISHED),
    ArrangementVaried: _arrangement(ChangeKind.ARRANGEMENT_VARIED),
    NoticeGiven: _arrangement(ChangeKind.NOTICE_GIVEN),
    EndingStageReached: _ending_stage,
    ArrangementDecoupled: _arrangement(ChangeKind.ARRANGEMENT_DECOUPLED),
    ArrangementEnded: _arrangement(ChangeKind.ARRANGEMENT_ENDED),
    PostCreated: _post(ChangeKind.POST_CREATED),
    PostRetitled: _post(ChangeKind.POST_RETITLED),
    PostHolderAppointed: _post(ChangeKind.HOLDER_APPOINTED),
    PostVacated: _post(ChangeKind.POST_VACATED),
    PostTermExtended: _post(ChangeKind.TERM_EXTENDED),
    PostDeleted: _post(ChangeKind.POST_DELETED),
    StatutoryRoleDesignated: _designated,
    DelegationGranted: _granted,
    DelegationRevoked: _revoked,
    CostShareAgreed: _cost_share,
    ActionAssigned: _action(ChangeKind.ACTION_ASSIGNED),
    ActionCompleted: _action(ChangeKind.ACTION_COMPLETED),
    EntryRetracted: nothing,
}


# --------------------------------------------------------------------------- what is scheduled


def _notice_runs_out(event: NoticeGiven) -> list[Target]:
    return [(EntityType.ARRANGEMENT, event.arrangement, ChangeKind.ARRANGEMENT_ENDED)]


def _stage_ends(event: EndingStageReached) -> list[Target]:
    if event.ends is None:
        return []
    return [(EntityType.ARRANGEMENT, event.arrangement, ChangeKind.ARRANGEMENT_ENDED)]


def _title_reverts(event: PostRetitled) -> list[Target]:
    if event.until is None:
        return []
    return [(EntityType.POST, event.post, ChangeKind.TITLE_REVERTED)]


def _term_expires(event: PostHolderAppointed | PostTermExtended) -> list[Target]:
    return [(EntityType.POST, event.post, ChangeKind.TERM_EXPIRED)]


def _delegation_expires(event: DelegationGranted) -> list[Target]:
    return [(EntityType.DELEGATION, event.delegation, ChangeKind.DELEGATION_EXPIRED)]


#: The changes by the passage of time whose date each event type sets.
SCHEDULES: dict[type[Event], Targets] = {
    PartnershipFormed: nothing,
    PartnershipDissolved: nothing,
    MemberAdmitted: nothing,
    MemberWithdrew: nothing,
    MemberSucceeded: nothing,
    BodyEstablished: nothing,
    BodyDisbanded: nothing,
    BodyTermsRevised: nothing,
    BodyMemberAppointed: nothing,
    BodyMemberLeft: nothing,
    ResolutionPassed: nothing,
    CallInRequested: nothing,
    CallInDetermined: nothing,
    ConditionSatisfied: nothing,
    ConditionLapsed: nothing,
    DelegatedDecisionTaken: nothing,
    ArrangementEstablished: nothing,
    ArrangementVaried: nothing,
    NoticeGiven: _notice_runs_out,
    EndingStageReached: _stage_ends,
    ArrangementDecoupled: nothing,
    ArrangementEnded: nothing,
    PostCreated: nothing,
    PostRetitled: _title_reverts,
    PostHolderAppointed: _term_expires,
    PostVacated: nothing,
    PostTermExtended: _term_expires,
    PostDeleted: nothing,
    StatutoryRoleDesignated: nothing,
    DelegationGranted: _delegation_expires,
    DelegationRevoked: nothing,
    CostShareAgreed: nothing,
    ActionAssigned: nothing,
    ActionCompleted: nothing,
    EntryRetracted: nothing,
}
