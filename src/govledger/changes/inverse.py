"""Applying changes to a state: the inverse of the diff."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import TypeVar

import attrs

from ..errors import UsageError
from ..events import (
    role_key,
)
from ..projections import (
    ActionState,
    ArrangementState,
    BodyState,
    CostShare,
    DelegationState,
    Designation,
    Membership,
    PartnershipState,
    PostState,
)
from .entities import Entities, designation_id
from .model import Change, EntityState, EntityType, PartnershipFacts, checked_day

_T = TypeVar("_T")


# --------------------------------------------------------------------------- applying changes


def apply_changes(
    state: PartnershipState, changes: Iterable[Change], *, as_of: date | None = None
) -> PartnershipState:
    """*state* with each change's entity replaced by its ``after`` (or removed), in order.

    With ``diff(p, pairs, d1, d2)`` applied to the state on ``d1``, the entity
    collections (the partnership's name and dates, members, former members, bodies,
    arrangements, posts, designations, delegations, cost shares and actions) equal the
    state's on ``d2``. Resolutions, pending, lapsed and uncertain decisions are carried
    over from *state* unchanged: changes do not describe them. The result is as of
    *as_of*, by default the latest of ``state.as_of`` and the changes' days.

    Raises :class:`~govledger.errors.UsageError` for a change of another partnership's
    entity or one whose ``before``/``after`` does not fit its ``entity_type``.
    """
    facts = Entities.of_state(state).facts
    members = {m.council: m for m in state.members}
    former = {m.council: m for m in state.former_members}
    tables: dict[EntityType, dict[str, EntityState]] = {
        EntityType.BODY: {b.body: b for b in state.bodies},
        EntityType.ARRANGEMENT: {a.arrangement: a for a in state.arrangements},
        EntityType.POST: {p.post: p for p in state.posts},
        EntityType.DESIGNATION: {
            designation_id((d.council, d.role)): d for d in state.designations
        },
        EntityType.DELEGATION: {d.delegation: d for d in state.delegations},
        EntityType.COST_SHARE: {c.scope: c for c in state.cost_shares},
        EntityType.ACTION: {a.action: a for a in state.actions},
    }
    latest = state.as_of
    for change in changes:
        latest = max(latest, change.on)
        _fits(change)
        if change.entity_type is EntityType.PARTNERSHIP:
            if change.entity != state.partnership:
                raise UsageError(
                    f"the change {change} is to partnership {change.entity!r}, not "
                    f"{state.partnership!r}; apply only the partnership's own changes"
                )
            after = change.after
            facts = (
                after
                if isinstance(after, PartnershipFacts)
                else PartnershipFacts(partnership=state.partnership)
            )
        elif change.entity_type is EntityType.MEMBER:
            _apply_member(change, members, former)
        elif change.after is None:
            tables[change.entity_type].pop(change.entity, None)
        else:
            tables[change.entity_type][change.entity] = change.after
    return attrs.evolve(
        state,
        as_of=latest if as_of is None else checked_day("as_of", as_of),
        name=facts.name,
        formed=facts.formed,
        dissolved=facts.dissolved,
        members=_in_order(members, Membership),
        former_members=_in_order(former, Membership),
        bodies=_in_order(tables[EntityType.BODY], BodyState),
        arrangements=_in_order(tables[EntityType.ARRANGEMENT], ArrangementState),
        posts=_in_order(tables[EntityType.POST], PostState),
        designations=tuple(
            sorted(
                _in_order(tables[EntityType.DESIGNATION], Designation),
                key=lambda d: (d.council, role_key(d.role)),
            )
        ),
        delegations=_in_order(tables[EntityType.DELEGATION], DelegationState),
        cost_shares=_in_order(tables[EntityType.COST_SHARE], CostShare),
        actions=_in_order(tables[EntityType.ACTION], ActionState),
    )


_STATE_TYPES: dict[EntityType, type] = {
    EntityType.PARTNERSHIP: PartnershipFacts,
    EntityType.MEMBER: Membership,
    EntityType.BODY: BodyState,
    EntityType.ARRANGEMENT: ArrangementState,
    EntityType.POST: PostState,
    EntityType.DESIGNATION: Designation,
    EntityType.DELEGATION: DelegationState,
    EntityType.COST_SHARE: CostShare,
    EntityType.ACTION: ActionState,
}


def _fits(change: Change) -> None:
    expected = _STATE_TYPES[change.entity_type]
    for name, value in (("before", change.before), ("after", change.after)):
        if value is not None and not isinstance(value, expected):
            raise UsageError(
                f"the change {change} is to a {change.entity_type.value} but its {name} is a "
                f"{type(value).__name__}, not a {expected.__name__}; build changes with "
                "diff() or timeline()"
            )


def _apply_member(
    change: Change, members: dict[str, Membership], former: dict[str, Membership]
) -> None:
    before, after = change.before, change.after
    if after is None:
        if isinstance(before, Membership) and before.until is not None:
            former.pop(change.entity, None)
        else:
            members.pop(change.entity, None)
    elif isinstance(after, Membership) and after.until is None:
        members[change.entity] = after
    elif isinstance(after, Membership):
        members.pop(change.entity, None)
        former[change.entity] = after


def _in_order(table: Mapping[str, EntityState], kind: type[_T]) -> tuple[_T, ...]:
    """The entries of *table* sorted by id (each already checked to be a *kind*)."""
    found: list[_T] = []
    for key in sorted(table):
        value = table[key]
        if isinstance(value, kind):
            found.append(value)
    return tuple(found)
