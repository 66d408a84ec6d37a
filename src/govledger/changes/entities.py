"""A state's entities keyed by id, kept up to date from a fold one day at a time."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date
from typing import TypeVar

import attrs

from ..events import (
    certain_from,
    role_key,
)
from ..projections import (
    ActionState,
    ArrangementState,
    ArrangementStatus,
    BodyState,
    CostShare,
    DelegationState,
    Designation,
    Fold,
    Membership,
    PartnershipState,
    PostState,
    settle_arrangement,
    settle_post,
)
from .model import ONE_DAY, EntityState, EntityType, PartnershipFacts

_K = TypeVar("_K", str, tuple[str, str])
_T = TypeVar("_T")


# --------------------------------------------------------------------------- entity tables


@attrs.define
class Entities:
    """A state's entity collections, keyed by id (the decision bookkeeping left out).

    In the timeline, ``before`` and ``after`` tables hold only the entities that may
    have changed that day.
    """

    facts: PartnershipFacts
    members: dict[str, Membership]
    former_members: dict[str, Membership]
    bodies: dict[str, BodyState]
    arrangements: dict[str, ArrangementState]
    posts: dict[str, PostState]
    designations: dict[tuple[str, str], Designation]
    delegations: dict[str, DelegationState]
    cost_shares: dict[str, CostShare]
    actions: dict[str, ActionState]

    @classmethod
    def empty(cls, partnership: str) -> Entities:
        return cls(PartnershipFacts(partnership=partnership), {}, {}, {}, {}, {}, {}, {}, {}, {})

    @classmethod
    def of_state(cls, state: PartnershipState) -> Entities:
        return cls(
            PartnershipFacts(
                partnership=state.partnership,
                name=state.name,
                formed=state.formed,
                dissolved=state.dissolved,
            ),
            {m.council: m for m in state.members},
            {m.council: m for m in state.former_members},
            {b.body: b for b in state.bodies},
            {a.arrangement: a for a in state.arrangements},
            {p.post: p for p in state.posts},
            {(d.council, d.role): d for d in state.designations},
            {d.delegation: d for d in state.delegations},
            {c.scope: c for c in state.cost_shares},
            {a.action: a for a in state.actions},
        )


def facts_of(fold: Fold) -> PartnershipFacts:
    return PartnershipFacts(
        partnership=fold.partnership, name=fold.name, formed=fold.formed, dissolved=fold.dissolved
    )


def _move(
    key: _K,
    source: Mapping[_K, _T],
    kept: dict[_K, _T],
    before: dict[_K, _T],
    after: dict[_K, _T],
    settle: Callable[[_T], _T] | None = None,
) -> None:
    """Bring *kept*'s entry for *key* up to date from *source*, noting it before and after."""
    old, new = kept.get(key), source.get(key)
    if new is not None and settle is not None:
        new = settle(new)
    if old is not None:
        before[key] = old
    if new is None:
        kept.pop(key, None)
    else:
        after[key] = kept[key] = new


def advance(
    kept: Entities, fold: Fold, day: date, dirty: Iterable[tuple[EntityType, str]]
) -> tuple[Entities, Entities]:
    """Update *kept* (the entities as last frozen) from *fold* on *day*, for *dirty* only.

    Returns the dirty entities as they were and as they are now: all a diff needs.
    """
    before, after = Entities.empty(fold.partnership), Entities.empty(fold.partnership)
    for entity_type, entity in dirty:
        match entity_type:
            case EntityType.MEMBER:
                _move(entity, fold.members, kept.members, before.members, after.members)
                _move(
                    entity,
                    fold.former_members,
                    kept.former_members,
                    before.former_members,
                    after.former_members,
                )
            case EntityType.BODY:
                _move(entity, fold.bodies, kept.bodies, before.bodies, after.bodies)
            case EntityType.ARRANGEMENT:
                _move(
                    entity,
                    fold.arrangements,
                    kept.arrangements,
                    before.arrangements,
                    after.arrangements,
                    lambda a: settle_arrangement(a, day),
                )
            case EntityType.POST:
                _move(
                    entity,
                    fold.posts,
                    kept.posts,
                    before.posts,
                    after.posts,
                    lambda p: settle_post(p, day),
                )
            case EntityType.DESIGNATION:
                council, role = entity.split("/")
                _move(
                    (council, role),
                    fold.designations,
                    kept.designations,
                    before.designations,
                    after.designations,
                )
            case EntityType.DELEGATION:
                current = fold.delegations.get(entity)
                _move(
                    entity,
                    # a replaced delegation is no longer shown: its successor stands for it
                    {} if current is not None and current.replaced_by else fold.delegations,
                    kept.delegations,
                    before.delegations,
                    after.delegations,
                )
            case EntityType.COST_SHARE:
                _move(
                    entity,
                    fold.cost_shares,
                    kept.cost_shares,
                    before.cost_shares,
                    after.cost_shares,
                )
            case EntityType.ACTION:
                _move(entity, fold.actions, kept.actions, before.actions, after.actions)
            case EntityType.PARTNERSHIP:
                pass  # compared every day
    before.facts, after.facts = kept.facts, facts_of(fold)
    kept.facts = after.facts
    return before, after


def designation_id(key: tuple[str, str]) -> str:
    return f"{key[0]}/{role_key(key[1])}"


def changed(before: Mapping[_K, _T], after: Mapping[_K, _T]) -> list[_K]:
    """The keys whose entry differs between *before* and *after*, sorted."""
    keys = {k for k, v in after.items() if before.get(k) is not v}
    keys.update(k for k in before if k not in after)
    return sorted(k for k in keys if before.get(k) != after.get(k))


def day_after(day: date) -> date | None:
    return None if day == date.max else day + ONE_DAY


def thresholds(state: EntityState | None) -> list[date]:
    """The last days on which time alone leaves *state* unchanged."""
    found: list[date] = []
    if isinstance(state, PostState):
        if state.title_until is not None:
            found.append(certain_from(state.title_until))
        if state.holder is not None and state.holder.term_ends is not None:
            found.append(certain_from(state.holder.term_ends))
    elif isinstance(state, ArrangementState):
        if state.status is ArrangementStatus.UNDER_NOTICE and state.notice_ends is not None:
            found.append(state.notice_ends)
    elif isinstance(state, DelegationState) and state.expires is not None and state.revoked is None:
        found.append(certain_from(state.expires))
    return found
