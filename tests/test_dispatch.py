"""Every event kind has a handler in every per-event table.

Adding an event type means one entry in each table below; a missing key is a failure
here, not a silent no-op at run time. An entry that does nothing (``no_check``,
``nothing``) is a handler: it says the event was thought about.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pytest

from govledger.changes.targets import SCHEDULES, TARGETS
from govledger.events import EVENT_TYPES, Event
from govledger.rules.checks import CHECKS

TABLES: dict[str, Mapping[type[Event], Callable[..., object]]] = {
    "rules.checks.CHECKS": CHECKS,
    "changes.targets.TARGETS": TARGETS,
    "changes.targets.SCHEDULES": SCHEDULES,
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
