"""Tools for property-testing code that uses govledger (``pip install govledger[test]``).

- :class:`LedgerMachine`: a hypothesis state machine over a real ledger; subclass it
  and add your own ``@invariant`` and ``@rule`` methods.
- :func:`histories`, :func:`worlds`, :func:`invalid_events`, :func:`batches` and the
  per-event strategies in :mod:`govledger.testing.strategies`.
- :mod:`govledger.testing.invariants`: the library's invariants as assertion functions.
- :mod:`govledger.testing.plugin`: the pytest plugin (``ledger`` fixture, profiles).
- :class:`TestClock`: a recording clock for tests, the only ``clock=`` a file or
  PostgreSQL ledger accepts.

The core package never imports this one, and this module imports hypothesis only
when one of the names below is first used, so the pytest plugin stays light.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .clock import TestClock
    from .machine import LedgerMachine
    from .strategies import (
        Rejection,
        World,
        all_invalid_events,
        batches,
        event_strategy,
        events,
        histories,
        invalid_events,
        worlds,
    )

__all__ = [
    "LedgerMachine",
    "Rejection",
    "TestClock",
    "World",
    "all_invalid_events",
    "batches",
    "event_strategy",
    "events",
    "histories",
    "invalid_events",
    "worlds",
]

_HOMES = dict.fromkeys(__all__, ".strategies") | {
    "LedgerMachine": ".machine",
    "TestClock": ".clock",
}


def __getattr__(name: str) -> object:
    """Import a public name (and hypothesis) on first use."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(home, __name__), name)
    globals()[name] = value
    return value
