"""The JSON shapes the commands print: :func:`state_to_json` and
:func:`recorded_event_to_json`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date
from typing import Any

from .. import codec
from ..events import (
    Authority,
    DateSpec,
    DecisionMaker,
    Event,
)
from ..ledger import RecordedEvent
from ..projections import (
    ActionState,
    ArrangementState,
    BodyState,
    CostShare,
    DelegationState,
    Designation,
    Holding,
    LapsedDecision,
    Membership,
    PartnershipState,
    PendingDecision,
    PostState,
    ResolutionState,
    UncertainFact,
)
from ..wording import summarise

__all__ = ["recorded_event_to_json", "state_to_json"]

_CONVERTER = codec.make_converter()

# --------------------------------------------------------------------------- JSON shapes


def _value(value: object, as_: object = None) -> Any:
    """A value from the event catalogue, in the same shape as in stored events."""
    if value is None:
        return None
    if as_ is None:
        return _CONVERTER.unstructure(value)
    return _CONVERTER.unstructure(value, unstructure_as=as_)


def when_json(value: DateSpec | None) -> Any:
    """``"2022-08-31"``, or a period ``{"earliest", "latest", "words"}``, or ``None``."""
    return _value(value)


def day_json(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _happened(day: date | None, recorded: DateSpec | None) -> Any:
    """*day* (a state's date), or the period it was recorded as, the same shape everywhere."""
    if day is None:
        return None
    return when_json(recorded if recorded is not None else day)


def authorities_json(authorities: Iterable[Authority]) -> list[Any]:
    return [_value(a, Authority) for a in authorities]


def _event(event: Event | None) -> Any:
    return None if event is None else json.loads(codec.to_json(event))


def membership_json(m: Membership) -> dict[str, Any]:
    return {
        "council": m.council,
        "name": m.name,
        "since": day_json(m.since),
        "until": day_json(m.until),
        "succeeded_by": m.succeeded_by,
    }


def body_json(b: BodyState) -> dict[str, Any]:
    return {
        "body": b.body,
        "name": b.name,
        "kind": b.kind.value,
        "council": b.council,
        "constituents": list(b.constituents),
        "legal_basis": b.legal_basis,
        "established": day_json(b.established),
        "disbanded": day_json(b.disbanded),
        "active": b.active,
        "authorised_by": authorities_json(b.authorised_by),
    }


def arrangement_json(a: ArrangementState) -> dict[str, Any]:
    return {
        "arrangement": a.arrangement,
        "name": a.name,
        "services": list(a.services),
        "mechanism": a.mechanism.value,
        "mechanism_detail": a.mechanism_detail,
        "lead": a.lead,
        "notice_period": a.notice_period,
        "status": a.status.value,
        "in_force": a.in_force,
        "since": day_json(a.since),
        "notice_given_by": a.notice_given_by,
        "notice_ends": day_json(a.notice_ends),
        "closed_on": day_json(a.closed_on),
        "decoupled_services": list(a.decoupled_services),
        "authorised_by": authorities_json(a.authorised_by),
        "ending": [
            {
                "stage": step.stage.value,
                "since": day_json(step.since),
                "by": list(step.by),
                "ends": day_json(step.ends),
                "words": step.words,
            }
            for step in a.ending
        ],
        "ending_words": a.ending_words,
    }


def _holding(h: Holding | None) -> dict[str, Any] | None:
    if h is None:
        return None
    return {
        "holder": h.holder,
        "basis": h.basis.value,
        "employer": h.employer,
        "term_ends": when_json(h.term_ends),
        "since": day_json(h.since),
        "authorised_by": authorities_json(h.authorised_by),
    }


def post_json(p: PostState) -> dict[str, Any]:
    return {
        "post": p.post,
        "title": p.title,
        "employer": p.employer,
        "shared_by": list(p.shared_by),
        "created": day_json(p.created),
        "holder": _holding(p.holder),
        "title_until": when_json(p.title_until),
        "reverts_to": p.reverts_to,
        "term_expired": p.term_expired,
        "deleted": day_json(p.deleted),
        "active": p.active,
        "authorised_by": authorities_json(p.authorised_by),
        "former_titles": list(p.former_titles),
    }


def designation_json(d: Designation) -> dict[str, Any]:
    return {
        "council": d.council,
        "role": str(d.role),
        "post": d.post,
        "person": d.person,
        "since": day_json(d.since),
        "authorised_by": authorities_json(d.authorised_by),
    }


def delegation_json(d: DelegationState, as_of: date) -> dict[str, Any]:
    return {
        "delegation": d.delegation,
        "delegates": [_value(r) for r in d.delegates],
        "consultees": [_value(r) for r in d.consultees],
        "scope": d.scope,
        "limits": list(d.limits),
        "jointly": d.jointly,
        "through": d.through,
        "expires": when_json(d.expires),
        "granted": day_json(d.granted),
        "revoked": day_json(d.revoked),
        "in_force": d.in_force_on(as_of),
        "exercised": list(d.exercised),
        "authorised_by": authorities_json(d.authorised_by),
    }


def cost_share_json(c: CostShare) -> dict[str, Any]:
    return {
        "scope": c.scope,
        "description": c.description,
        "kind": c.kind.value,
        "shares": [_value(s) for s in c.shares],
        "since": day_json(c.since),
        "authorised_by": authorities_json(c.authorised_by),
    }


def _resolution(r: ResolutionState) -> dict[str, Any]:
    return {
        "resolution": r.resolution,
        "decided_by": _value(r.decided_by, DecisionMaker),
        "decided": when_json(r.decided),
        "effective": when_json(r.effective),
        "item": r.item,
        "title": r.title,
        "status": r.status.value,
        "in_force_from": day_json(r.in_force_from),
        "called_in": day_json(r.called_in),
        "call_in_outcome": None if r.call_in_outcome is None else r.call_in_outcome.value,
        "decided_words": r.decided_words,
        "call_in": r.call_in.value,
        "call_in_exemption": None if r.call_in_exemption is None else r.call_in_exemption.value,
        "call_in_deadline": day_json(r.call_in_deadline),
        "call_in_words": r.call_in_words,
        "awaiting_call_in": r.awaiting_call_in,
        "urgent": r.urgent,
        "urgency": r.urgency,
    }


def action_json(a: ActionState) -> dict[str, Any]:
    return {
        "action": a.action,
        "description": a.description,
        "assignee": _value(a.assignee),
        "due": when_json(a.due),
        "assigned": day_json(a.assigned),
        "completed": day_json(a.completed),
        "outstanding": a.outstanding,
        "authorised_by": authorities_json(a.authorised_by),
    }


def _pending(p: PendingDecision) -> dict[str, Any]:
    return {
        "description": p.description,
        "reasons": [{"kind": r.kind.value, "detail": r.detail} for r in p.reasons],
        "since": day_json(p.since),
        "ref": _value(p.ref),
        "event": _event(p.event),
    }


def _lapsed(lapsed: LapsedDecision) -> dict[str, Any]:
    return {
        "description": lapsed.description,
        "reason": lapsed.reason,
        "on": day_json(lapsed.on),
        "ref": _value(lapsed.ref),
        "event": _event(lapsed.event),
    }


def _uncertain(u: UncertainFact) -> dict[str, Any]:
    return {"description": u.description, "period": when_json(u.period), "event": _event(u.event)}


def state_to_json(
    state: PartnershipState,
    *,
    formed: DateSpec | None = None,
    dissolved: DateSpec | None = None,
) -> dict[str, Any]:
    """*state* as plain JSON data: ISO dates, fractions as ``"1/2"``, enums by value.

    Values that come from events (authorities, roles, periods, shares) have the same
    shape as in :func:`govledger.codec.to_json`. ``formed`` and ``dissolved`` are the
    recorded dates (pass *formed*/*dissolved*, the events' ``effective``, to keep a
    stated period as a period, as ``partnerships`` does) once they have happened on
    ``as_of``. ``docs/cli.md`` documents every key.
    """
    return {
        "partnership": state.partnership,
        "as_of": state.as_of.isoformat(),
        "name": state.name,
        "formed": _happened(state.formed, formed),
        "dissolved": _happened(state.dissolved, dissolved),
        "exists": state.exists,
        "members": [membership_json(m) for m in state.members],
        "former_members": [membership_json(m) for m in state.former_members],
        "bodies": [body_json(b) for b in state.bodies],
        "arrangements": [arrangement_json(a) for a in state.arrangements],
        "shared_services": sorted(state.shared_services),
        "posts": [post_json(p) for p in state.posts],
        "designations": [designation_json(d) for d in state.designations],
        "delegations": [delegation_json(d, state.as_of) for d in state.delegations],
        "cost_shares": [cost_share_json(c) for c in state.cost_shares],
        "resolutions": [_resolution(r) for r in state.resolutions],
        "actions": [action_json(a) for a in state.actions],
        "pending": [_pending(p) for p in state.pending],
        "lapsed": [_lapsed(x) for x in state.lapsed],
        "uncertain": [_uncertain(u) for u in state.uncertain],
        "agreed_in_principle": [
            {
                "ref": str(p.ref),
                "summary": p.summary,
                "since": day_json(p.since),
                "final": None if p.final is None else str(p.final),
                "final_outcome": None if p.final_outcome is None else p.final_outcome.value,
            }
            for p in state.agreed_in_principle
        ],
    }


def recorded_event_to_json(record: RecordedEvent) -> dict[str, Any]:
    """One recorded event: where and when the ledger holds it, and the event itself."""
    return {
        "position": record.position,
        "partnership": record.partnership,
        "version": record.version,
        "recorded_at": record.recorded_at.isoformat(),
        "hash": record.hash,
        **json.loads(codec.to_json(record.event)),
        "summary": summarise(record.event),
    }


def pending_json(p: PendingDecision) -> dict[str, Any]:
    """Something not yet in force, as in ``state --json``'s ``pending``."""
    return _pending(p)
