"""Every event kind has a handler in every per-event table.

Adding an event type means one entry in each table below; a missing key is a failure
here, not a silent no-op at run time. An entry that does nothing (``no_check``,
``nothing``) is a handler: it says the event was thought about.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pytest
from hypothesis import given

from govledger.changes.entities import designation_id
from govledger.changes.model import EntityType
from govledger.changes.targets import SCHEDULES, TARGETS
from govledger.events import EVENT_TYPES, Event
from govledger.projections import Fold, order_key
from govledger.projections.apply import APPLY
from govledger.rules.checks import CHECKS
from govledger.testing.strategies import histories
from govledger.wording import PHRASES

TABLES: dict[str, Mapping[type[Event], Callable[..., object]]] = {
    "projections.apply.APPLY": APPLY,
    "rules.checks.CHECKS": CHECKS,
    "changes.targets.TARGETS": TARGETS,
    "changes.targets.SCHEDULES": SCHEDULES,
    "wording.PHRASES": PHRASES,
}


@pytest.mark.parametrize("name", sorted(TABLES))
def test_every_event_kind_has_a_handler(name: str) -> None:
    table = TABLES[name]
    missing = sorted(tag for tag, kind in EVENT_TYPES.items() if kind not in table)
    assert not missing, f"{name} has no entry for {missing}"


@pytest.mark.parametrize("name", sorted(TABLES))
def test_every_handler_is_for_an_event_kind(name: str) -> None:
    kinds = set(EVENT_TYPES.values())
    extra = sorted(kind.__name__ for kind in TABLES[name] if kind not in kinds)
    assert not extra, f"{name} has entries for types that are not events: {extra}"
    assert all(callable(handler) for handler in TABLES[name].values())


def _entities(fold: Fold) -> dict[tuple[EntityType, str], object]:
    """Every entity the fold holds, by (type, id), as a change names it."""
    found: dict[tuple[EntityType, str], object] = {
        (EntityType.PARTNERSHIP, fold.partnership): (fold.name, fold.formed, fold.dissolved)
    }
    tables: list[tuple[EntityType, Mapping[str, object]]] = [
        (EntityType.BODY, fold.bodies),
        (EntityType.ARRANGEMENT, fold.arrangements),
        (EntityType.POST, fold.posts),
        (EntityType.DELEGATION, fold.delegations),
        (EntityType.COST_SHARE, fold.cost_shares),
        (EntityType.ACTION, fold.actions),
    ]
    for entity_type, table in tables:
        found.update(((entity_type, key), value) for key, value in table.items())
    for council in {*fold.members, *fold.former_members}:
        found[EntityType.MEMBER, council] = (
            fold.members.get(council),
            fold.former_members.get(council),
        )
    for key, designation in fold.designations.items():
        found[EntityType.DESIGNATION, designation_id(key)] = designation
    return found


@given(events=histories(partnerships=1, length=30))
def test_the_targets_name_every_entity_an_event_changes(events: list[Event]) -> None:
    """What :meth:`Fold.feed` reports took effect names, through TARGETS, every entity it changed.

    The timeline compares only those entities from one day to the next, so an entity
    changed but not named would be a change the timeline never reports.
    """
    fold = Fold(events[0].partnership)
    for _, event in sorted(enumerate(events), key=lambda pair: order_key(pair[1], pair[0])):
        before = _entities(fold)
        took = fold.feed(event)
        after = _entities(fold)
        changed = {key for key in before.keys() | after.keys() if before.get(key) != after.get(key)}
        named = {(t, entity) for e in took for t, entity, _ in TARGETS[type(e)](e)}
        assert changed <= named, f"{[type(e).__name__ for e in took]} changed {changed - named}"
