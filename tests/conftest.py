"""Shared fixtures. ``ledger`` (a fresh in-memory ledger) and the hypothesis profiles
``dev`` and ``ci`` come from govledger's pytest plugin (``govledger.testing.plugin``);
``clock`` here is the plugin's ledger clock under the name these tests use."""

from __future__ import annotations

import pytest

from govledger.testing.plugin import TickingClock

__all__ = ["TickingClock"]

#: The seed ledger fixtures the export tests share (seed_db, seeds, illustrated).
pytest_plugins = ["export_seeds"]


@pytest.fixture
def clock(govledger_clock: TickingClock) -> TickingClock:
    """The clock the ``ledger`` fixture records with: one second per read."""
    return govledger_clock
