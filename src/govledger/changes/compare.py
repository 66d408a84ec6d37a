"""Comparing two days' entities: one comparer per kind of entity, emitting changes."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from ..errors import UsageError
from ..events import (
    Authority,
    ResolutionRef,
    certain_from,
    describe,
)
from ..projections import (
    ActionState,
    BodyState,
    CostShare,
    DelegationState,
    Designation,
    PartnershipState,
)
from .emit import Emitter, Lookup, gone, label, no_events, shares_words
from .entities import Entities, changed, designation_id
from .lifecycle import compare_arrangement, compare_post
from .model import (
    ONE_DAY,
    Change,
    ChangeKind,
    EntityType,
    PartnershipFacts,
    checked_day,
)

# ---------------------------------------------------------------- partnership, members


def _partnership(out: Emitter, before: PartnershipFacts, after: PartnershipFacts) -> None:
    if before == after:
        return
    pid = after.partnership
    count = len(out.found)
    if after.formed is not None and before.formed != after.formed:
        out.emit(
            ChangeKind.PARTNERSHIP_FORMED,
            EntityType.PARTNERSHIP,
            pid,
            before,
            after,
            f"partnership {pid!r} formed as {after.name!r}",
        )
    elif before.formed is not None and before.name != after.name and after.name is not None:
        out.emit(
            ChangeKind.PARTNERSHIP_RENAMED,
            EntityType.PARTNERSHIP,
            pid,
            before,
            after,
            f"partnership {pid!r} renamed from {before.name!r} to {after.name!r}",
        )
    if after.dissolved is not None and before.dissolved != after.dissolved:
        out.emit(
            ChangeKind.PARTNERSHIP_DISSOLVED,
            EntityType.PARTNERSHIP,
            pid,
            before,
            after,
            f"partnership {pid!r} dissolved",
        )
    if len(out.found) == count:
        out.emit(
            ChangeKind.AMENDED,
            EntityType.PARTNERSHIP,
            pid,
            before,
            after,
            f"partnership {pid!r} amended",
        )


def _members(out: Emitter, before: Entities, after: Entities) -> None:
    councils = set(changed(before.members, after.members))
    councils.update(changed(before.former_members, after.former_members))
    for council in sorted(councils):
        was, now = before.members.get(council), after.members.get(council)
        was_former, now_former = (
            before.former_members.get(council),
            after.former_members.get(council),
        )
        left = now_former is not None and now_former != was_former
        if now_former is not None and left:
            successor = now_former.succeeded_by
            out.emit(
                ChangeKind.MEMBER_SUCCEEDED if successor else ChangeKind.MEMBER_LEFT,
                EntityType.MEMBER,
                council,
                was,
                now_former,
                f"{now_former.name} ({council.upper()}) was succeeded by {successor.upper()}"
                if successor
                else f"{now_former.name} ({council.upper()}) left the partnership",
            )
        if now is not None and now != was:
            out.emit(
                ChangeKind.MEMBER_JOINED,
                EntityType.MEMBER,
                council,
                None if left else was,
                now,
                f"{now.name} ({council.upper()}) joined the partnership",
            )
        if now is None and was is not None and not left:
            gone(out, EntityType.MEMBER, council, was)
        if now_former is None and was_former is not None:
            gone(out, EntityType.MEMBER, council, was_former)


# ---------------------------------------------------------------- bodies


def _body(out: Emitter, key: str, before: BodyState | None, after: BodyState | None) -> None:
    if after is None:
        if before is not None:
            gone(out, EntityType.BODY, key, before)
        return
    base = before if before is not None and before.established == after.established else None
    count = len(out.found)
    if base is None or (base.disbanded is not None and after.disbanded is None):
        out.emit(
            ChangeKind.BODY_ESTABLISHED,
            EntityType.BODY,
            key,
            before,
            after,
            f"body {key!r} ({after.name}, {label(after.kind.value)}) established",
            after.authorised_by,
        )
    if after.disbanded is not None and (base is None or base.disbanded is None):
        out.emit(
            ChangeKind.BODY_DISBANDED,
            EntityType.BODY,
            key,
            before,
            after,
            f"body {key!r} disbanded",
        )
    if base is not None and (base.terms_of_reference, base.terms_revised) != (
        after.terms_of_reference,
        after.terms_revised,
    ):
        out.emit(
            ChangeKind.BODY_TERMS_REVISED,
            EntityType.BODY,
            key,
            before,
            after,
            f"body {key!r}: terms of reference revised ({after.terms_of_reference})",
            after.authorised_by,
        )
    if base is not None and (base.members, base.former_members) != (
        after.members,
        after.former_members,
    ):
        chair = after.chair.member if after.chair is not None else "none recorded"
        out.emit(
            ChangeKind.BODY_MEMBERS_CHANGED,
            EntityType.BODY,
            key,
            before,
            after,
            f"body {key!r}: members now {', '.join(m.member for m in after.members) or 'none'}"
            f" (chair: {chair})",
            after.authorised_by,
        )
    if len(out.found) == count:
        out.emit(
            ChangeKind.AMENDED,
            EntityType.BODY,
            key,
            before,
            after,
            f"body {key!r} amended",
            after.authorised_by,
        )


# ---------------------------------------------------------------- designations


def _designation(
    out: Emitter,
    key: tuple[str, str],
    before: Designation | None,
    after: Designation | None,
) -> None:
    entity = designation_id(key)
    if after is None:
        if before is not None:
            gone(out, EntityType.DESIGNATION, entity, before)
        return
    who = after.person or (f"the holder of post {after.post!r}" if after.post else "someone")
    out.emit(
        ChangeKind.ROLE_DESIGNATED,
        EntityType.DESIGNATION,
        entity,
        before,
        after,
        f"{after.council.upper()} designated {who} as {label(str(after.role))}",
        after.authorised_by,
    )


# ---------------------------------------------------------------- delegations


def _delegations(
    out: Emitter, before: Mapping[str, DelegationState], after: Mapping[str, DelegationState]
) -> None:
    differing = set(changed(before, after))
    expiring = {k for k, d in after.items() if _expired(out, d)}
    # a replaced delegation leaves the state: its successor names it in ``replaces``
    successors = {old: key for key, d in after.items() for old in d.replaces}
    for key in sorted(differing | expiring):
        if key not in after and key in before and key in successors:
            out.emit(
                ChangeKind.DELEGATION_REVOKED,
                EntityType.DELEGATION,
                key,
                before[key],
                None,
                f"delegation {key!r} replaced by {successors[key]!r}",
                after[successors[key]].authorised_by,
            )
            continue
        _delegation(out, key, before.get(key), after.get(key))


def _expired(out: Emitter, delegation: DelegationState) -> bool:
    """Whether *delegation* lapsed by expiry after ``before_day``, on or before ``on``."""
    if delegation.expires is None:
        return False
    last = certain_from(delegation.expires)
    revoked_first = delegation.revoked is not None and delegation.revoked <= last + ONE_DAY
    return out.before_day <= last < out.on and delegation.granted <= last and not revoked_first


def _delegation(
    out: Emitter, key: str, before: DelegationState | None, after: DelegationState | None
) -> None:
    if after is None:
        if before is not None:
            gone(out, EntityType.DELEGATION, key, before)
        return
    base = before if before is not None and before.granted == after.granted else None
    count = len(out.found)

    def emit(
        kind: ChangeKind, description: str, fallback: tuple[Authority, ...], **kw: bool
    ) -> None:
        out.emit(kind, EntityType.DELEGATION, key, before, after, description, fallback, **kw)

    if base is None:
        delegates = " and ".join(str(d) for d in after.delegates)
        emit(
            ChangeKind.DELEGATION_GRANTED,
            f"delegation {key!r} granted to {delegates}: {after.scope}",
            after.authorised_by,
        )
    exercised = tuple(d for d in after.exercised if base is None or d not in base.exercised)
    if exercised:
        emit(
            ChangeKind.DELEGATION_EXERCISED,
            f"delegation {key!r} exercised: decision {', '.join(exercised)}",
            tuple(ResolutionRef(resolution=d) for d in exercised),
        )
    if after.revoked is not None and (base is None or base.revoked is None):
        emit(ChangeKind.DELEGATION_REVOKED, f"delegation {key!r} revoked", ())
    if _expired(out, after):
        emit(
            ChangeKind.DELEGATION_EXPIRED,
            f"delegation {key!r} expired ({describe(after.expires)})",
            after.authorised_by,
            by_time=True,
        )
    if len(out.found) == count:
        emit(ChangeKind.AMENDED, f"delegation {key!r} amended", after.authorised_by)


# ---------------------------------------------------------------- money and actions


def _cost_share(out: Emitter, key: str, before: CostShare | None, after: CostShare | None) -> None:
    if after is None:
        if before is not None:
            gone(out, EntityType.COST_SHARE, key, before)
        return
    what = f"{after.kind.value} for {key!r}"
    if before is None:
        kind = ChangeKind.COST_SHARE_AGREED
        description = f"{what} shared {shares_words(after.shares)}"
    else:
        kind = ChangeKind.COST_SHARE_CHANGED
        description = (
            f"{what} now shared {shares_words(after.shares)} (was {shares_words(before.shares)})"
        )
    out.emit(kind, EntityType.COST_SHARE, key, before, after, description, after.authorised_by)


def _action(out: Emitter, key: str, before: ActionState | None, after: ActionState | None) -> None:
    if after is None:
        if before is not None:
            gone(out, EntityType.ACTION, key, before)
        return
    base = before if before is not None and before.assigned == after.assigned else None
    count = len(out.found)
    if base is None:
        who = f" to {after.assignee}" if after.assignee is not None else ""
        out.emit(
            ChangeKind.ACTION_ASSIGNED,
            EntityType.ACTION,
            key,
            before,
            after,
            f"action {key!r} assigned{who}: {after.description}",
            after.authorised_by,
        )
    if after.completed is not None and (base is None or base.completed is None):
        out.emit(
            ChangeKind.ACTION_COMPLETED,
            EntityType.ACTION,
            key,
            before,
            after,
            f"action {key!r} completed",
        )
    if len(out.found) == count:
        out.emit(
            ChangeKind.AMENDED,
            EntityType.ACTION,
            key,
            before,
            after,
            f"action {key!r} amended",
            after.authorised_by,
        )


def compare(
    before_day: date, on: date, lookup: Lookup, before: Entities, after: Entities
) -> list[Change]:
    """The changes between two entity tables, entity by entity, in a stable order.

    *before* holds the entities as on *before_day*, *after* as on *on*; *lookup* finds
    each change's authority from the events behind it.
    """
    out = Emitter(before_day, on, lookup)
    _partnership(out, before.facts, after.facts)
    _members(out, before, after)
    for body in changed(before.bodies, after.bodies):
        _body(out, body, before.bodies.get(body), after.bodies.get(body))
    for key in changed(before.arrangements, after.arrangements):
        compare_arrangement(out, key, before.arrangements.get(key), after.arrangements.get(key))
    for key in changed(before.posts, after.posts):
        compare_post(out, key, before.posts.get(key), after.posts.get(key))
    for role in changed(before.designations, after.designations):
        _designation(out, role, before.designations.get(role), after.designations.get(role))
    _delegations(out, before.delegations, after.delegations)
    for scope in changed(before.cost_shares, after.cost_shares):
        _cost_share(out, scope, before.cost_shares.get(scope), after.cost_shares.get(scope))
    for key in changed(before.actions, after.actions):
        _action(out, key, before.actions.get(key), after.actions.get(key))
    return out.found


def diff_states(
    before: PartnershipState, after: PartnershipState, *, on: date | None = None
) -> tuple[Change, ...]:
    """The structural differences between two states of one partnership, entity by entity.

    Each change is dated *on* (by default ``after.as_of``). Entities come in a stable
    order: the partnership, members, bodies, arrangements, posts, designations,
    delegations, cost shares, actions, each sorted by id. Only the two states are
    compared, so several steps between them show as one, and where a state does not
    keep the authority of a change (a body disbanded, a post vacated) ``authorised_by``
    is empty: :func:`diff` takes both from the events. Pending, lapsed and uncertain
    decisions and resolutions are bookkeeping, not entities, and are not compared.

    Raises :class:`~govledger.errors.UsageError` if the states are of different
    partnerships or *before* is the later one.
    """
    if before.partnership != after.partnership:
        raise UsageError(
            f"cannot compare partnership {before.partnership!r} with {after.partnership!r}; "
            "pass two states of the same partnership"
        )
    if before.as_of > after.as_of:
        raise UsageError(
            f"the first state is as of {before.as_of}, after the second ({after.as_of}); "
            "pass the earlier state first"
        )
    day = after.as_of if on is None else checked_day("on", on)
    return tuple(
        compare(before.as_of, day, no_events, Entities.of_state(before), Entities.of_state(after))
    )
