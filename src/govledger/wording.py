"""Plain-English one-line summaries of events, for states, errors and the command line."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, Final

from .events import (
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
    describe,
)

__all__ = ["PHRASES", "summarise"]


def _label(value: str) -> str:
    return value.replace("_", " ")


def _partnership_formed(event: PartnershipFormed) -> str:
    members = ", ".join(m.council.upper() for m in event.members)
    return f"partnership {event.name!r} formed by {members}"


def _partnership_dissolved(event: PartnershipDissolved) -> str:
    return f"partnership {event.partnership!r} dissolved"


def _member_admitted(event: MemberAdmitted) -> str:
    return f"{event.member.name} admitted as a member"


def _member_withdrew(event: MemberWithdrew) -> str:
    return f"{event.council.upper()} withdrew"


def _member_succeeded(event: MemberSucceeded) -> str:
    return f"{event.council.upper()} succeeded by {event.successor.name}"


def _body_established(event: BodyEstablished) -> str:
    return f"body {event.name!r} established ({_label(event.kind.value)})"


def _body_disbanded(event: BodyDisbanded) -> str:
    return f"body {event.body!r} disbanded"


def _body_terms_revised(event: BodyTermsRevised) -> str:
    return f"body {event.body!r}: terms of reference revised"


def _body_member_appointed(event: BodyMemberAppointed) -> str:
    council = f" ({event.council.upper()})" if event.council else ""
    return f"{event.member}{council} appointed to body {event.body!r} as {_label(event.role.value)}"


def _body_member_left(event: BodyMemberLeft) -> str:
    return f"{event.member} left body {event.body!r}"


def _resolution_passed(event: ResolutionPassed) -> str:
    when = (
        f"on {event.decided.isoformat()}"
        if isinstance(event.decided, date)
        else describe(event.decided)
    )
    return f"{event.decided_by} decided item {event.item} ({event.title}) {when}"


def _call_in_requested(event: CallInRequested) -> str:
    return f"decision {event.resolution!r} called in by {event.requested_by}"


def _call_in_determined(event: CallInDetermined) -> str:
    return f"call-in of {event.resolution!r} determined: {_label(event.outcome.value)}"


def _condition_satisfied(event: ConditionSatisfied) -> str:
    return f"condition {event.condition!r} satisfied: {event.evidence}"


def _condition_lapsed(event: ConditionLapsed) -> str:
    return f"condition {event.condition!r} lapsed: {event.reason}"


def _delegated_decision_taken(event: DelegatedDecisionTaken) -> str:
    return f"{event.taken_by} exercised delegation {event.delegation!r}: {event.summary}"


def _arrangement_established(event: ArrangementEstablished) -> str:
    services = ", ".join(event.services)
    return (
        f"arrangement {event.arrangement!r} established for {services} "
        f"({_label(event.mechanism.value)})"
    )


def _arrangement_varied(event: ArrangementVaried) -> str:
    changes = []
    if event.mechanism is not None:
        changes.append(f"mechanism -> {_label(event.mechanism.value)}")
    if event.lead is not None:
        changes.append(f"lead -> {event.lead.upper()}")
    if event.services_added:
        changes.append(f"adds {', '.join(event.services_added)}")
    if event.services_removed:
        changes.append(f"removes {', '.join(event.services_removed)}")
    if event.mechanism_detail is not None and event.mechanism is None:
        changes.append(f"now {event.mechanism_detail}")
    if event.notice_period is not None:
        changes.append(f"notice period {event.notice_period}")
    return f"arrangement {event.arrangement!r} varied: {'; '.join(changes)}"


def _notice_given(event: NoticeGiven) -> str:
    return (
        f"{event.given_by.upper()} gave notice on {event.arrangement!r}, "
        f"ending {event.notice_ends.isoformat()}"
    )


def _ending_stage_reached(event: EndingStageReached) -> str:
    who = f"{' and '.join(c.upper() for c in event.by)}: " if event.by else ""
    end = f"ending {event.ends.isoformat()}" if event.ends else "no end date yet"
    return f"{who}{event.stage.words} on {event.arrangement!r}, {end}"


def _arrangement_decoupled(event: ArrangementDecoupled) -> str:
    what = ", ".join(event.services) if event.services else "all services"
    return f"{what} decoupled from arrangement {event.arrangement!r}"


def _arrangement_ended(event: ArrangementEnded) -> str:
    return f"arrangement {event.arrangement!r} ended"


def _post_created(event: PostCreated) -> str:
    return f"post {event.post!r} created as {event.title!r}"


def _post_retitled(event: PostRetitled) -> str:
    until = f" until {describe(event.until)}" if event.until is not None else ""
    return f"post {event.post!r} retitled {event.previous_title!r} -> {event.new_title!r}{until}"


def _post_holder_appointed(event: PostHolderAppointed) -> str:
    who = event.holder or "a holder (not named)"
    return f"{who} appointed to {event.post!r} ({event.basis.value})"


def _post_vacated(event: PostVacated) -> str:
    return f"post {event.post!r} vacated ({_label(event.reason.value)})"


def _post_term_extended(event: PostTermExtended) -> str:
    return f"term in post {event.post!r} extended to {describe(event.term_ends)}"


def _post_deleted(event: PostDeleted) -> str:
    return f"post {event.post!r} deleted"


def _statutory_role_designated(event: StatutoryRoleDesignated) -> str:
    who = event.person or event.post or "someone"
    return f"{event.council.upper()} designated {who} as {_label(str(event.role))}"


def _delegation_granted(event: DelegationGranted) -> str:
    delegates = " and ".join(str(d) for d in event.delegates)
    return f"delegation {event.delegation!r} to {delegates}: {event.scope}"


def _delegation_revoked(event: DelegationRevoked) -> str:
    return f"delegation {event.delegation!r} revoked"


def _cost_share_agreed(event: CostShareAgreed) -> str:
    shares = ", ".join(f"{s.council.upper()} {s.fraction}" for s in event.shares)
    return f"{event.kind.value} for {event.scope!r} shared {shares}"


def _action_assigned(event: ActionAssigned) -> str:
    due = f" by {describe(event.due)}" if event.due is not None else ""
    who = f"{event.assignee} " if event.assignee is not None else ""
    return f"{who}to {event.description}{due}".strip()


def _action_completed(event: ActionCompleted) -> str:
    return f"action {event.action!r} completed"


def _entry_retracted(event: EntryRetracted) -> str:
    instead = (
        f"; in its place: {summarise(event.replacement)}" if event.replacement is not None else ""
    )
    return f"entry {event.retracts} retracted ({event.reason}){instead}"


#: How :func:`summarise` words each kind of event: one phrase function per event type.
PHRASES: Final[dict[type[Event], Callable[[Any], str]]] = {
    PartnershipFormed: _partnership_formed,
    PartnershipDissolved: _partnership_dissolved,
    MemberAdmitted: _member_admitted,
    MemberWithdrew: _member_withdrew,
    MemberSucceeded: _member_succeeded,
    BodyEstablished: _body_established,
    BodyDisbanded: _body_disbanded,
    ResolutionPassed: _resolution_passed,
    CallInRequested: _call_in_requested,
    CallInDetermined: _call_in_determined,
    ConditionSatisfied: _condition_satisfied,
    ConditionLapsed: _condition_lapsed,
    DelegatedDecisionTaken: _delegated_decision_taken,
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
    EntryRetracted: _entry_retracted,
    BodyTermsRevised: _body_terms_revised,
    BodyMemberAppointed: _body_member_appointed,
    BodyMemberLeft: _body_member_left,
}


def summarise(event: Event) -> str:
    """One line saying what *event* records, such as ``"post 'jce' retitled ..."``."""
    return PHRASES[type(event)](event)
