"""Plain-English one-line summaries of events, for states, errors and the command line."""

from __future__ import annotations

from datetime import date

from .events import (
    ActionAssigned,
    ActionCompleted,
    ArrangementDecoupled,
    ArrangementEnded,
    ArrangementEstablished,
    ArrangementVaried,
    BodyDisbanded,
    BodyEstablished,
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

__all__ = ["summarise"]


def _label(value: str) -> str:
    return value.replace("_", " ")


def summarise(event: Event) -> str:
    """One line saying what *event* records, such as ``"post 'jce' retitled ..."``."""
    match event:
        case PartnershipFormed():
            members = ", ".join(m.council.upper() for m in event.members)
            return f"partnership {event.name!r} formed by {members}"
        case PartnershipDissolved():
            return f"partnership {event.partnership!r} dissolved"
        case MemberAdmitted():
            return f"{event.member.name} admitted as a member"
        case MemberWithdrew():
            return f"{event.council.upper()} withdrew"
        case MemberSucceeded():
            return f"{event.council.upper()} succeeded by {event.successor.name}"
        case BodyEstablished():
            return f"body {event.name!r} established ({_label(event.kind.value)})"
        case BodyDisbanded():
            return f"body {event.body!r} disbanded"
        case ResolutionPassed():
            when = (
                f"on {event.decided.isoformat()}"
                if isinstance(event.decided, date)
                else describe(event.decided)
            )
            return f"{event.decided_by} decided item {event.item} ({event.title}) {when}"
        case CallInRequested():
            return f"decision {event.resolution!r} called in by {event.requested_by}"
        case CallInDetermined():
            return f"call-in of {event.resolution!r} determined: {_label(event.outcome.value)}"
        case ConditionSatisfied():
            return f"condition {event.condition!r} satisfied: {event.evidence}"
        case ConditionLapsed():
            return f"condition {event.condition!r} lapsed: {event.reason}"
        case DelegatedDecisionTaken():
            return f"{event.taken_by} exercised delegation {event.delegation!r}: {event.summary}"
        case ArrangementEstablished():
            services = ", ".join(event.services)
            return (
                f"arrangement {event.arrangement!r} established for {services} "
                f"({_label(event.mechanism.value)})"
            )
        case ArrangementVaried():
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
        case NoticeGiven():
            return (
                f"{event.given_by.upper()} gave notice on {event.arrangement!r}, "
                f"ending {event.notice_ends.isoformat()}"
            )
        case EndingStageReached():
            who = f"{' and '.join(c.upper() for c in event.by)}: " if event.by else ""
            end = f"ending {event.ends.isoformat()}" if event.ends else "no end date yet"
            return f"{who}{event.stage.words} on {event.arrangement!r}, {end}"
        case ArrangementDecoupled():
            what = ", ".join(event.services) if event.services else "all services"
            return f"{what} decoupled from arrangement {event.arrangement!r}"
        case ArrangementEnded():
            return f"arrangement {event.arrangement!r} ended"
        case PostCreated():
            return f"post {event.post!r} created as {event.title!r}"
        case PostRetitled():
            until = f" until {describe(event.until)}" if event.until is not None else ""
            return (
                f"post {event.post!r} retitled {event.previous_title!r} -> "
                f"{event.new_title!r}{until}"
            )
        case PostHolderAppointed():
            who = event.holder or "a holder (not named)"
            return f"{who} appointed to {event.post!r} ({event.basis.value})"
        case PostVacated():
            return f"post {event.post!r} vacated ({_label(event.reason.value)})"
        case PostTermExtended():
            return f"term in post {event.post!r} extended to {describe(event.term_ends)}"
        case PostDeleted():
            return f"post {event.post!r} deleted"
        case StatutoryRoleDesignated():
            who = event.person or event.post or "someone"
            return f"{event.council.upper()} designated {who} as {_label(str(event.role))}"
        case DelegationGranted():
            delegates = " and ".join(str(d) for d in event.delegates)
            return f"delegation {event.delegation!r} to {delegates}: {event.scope}"
        case DelegationRevoked():
            return f"delegation {event.delegation!r} revoked"
        case CostShareAgreed():
            shares = ", ".join(f"{s.council.upper()} {s.fraction}" for s in event.shares)
            return f"{event.kind.value} for {event.scope!r} shared {shares}"
        case ActionAssigned():
            due = f" by {describe(event.due)}" if event.due is not None else ""
            who = f"{event.assignee} " if event.assignee is not None else ""
            return f"{who}to {event.description}{due}".strip()
        case ActionCompleted():
            return f"action {event.action!r} completed"
        case EntryRetracted():
            instead = (
                f"; in its place: {summarise(event.replacement)}"
                if event.replacement is not None
                else ""
            )
            return f"entry {event.retracts} retracted ({event.reason}){instead}"
    return type(event).__name__  # pragma: no cover - every kind is listed above
