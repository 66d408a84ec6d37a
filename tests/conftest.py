"""Shared fixtures and settings. ``ledger`` (a fresh in-memory ledger) and ``ledgers``
(one per hypothesis example) come from govledger's pytest plugin
(``govledger.testing.plugin``); ``clock`` here is the plugin's ledger clock under the
name these tests use. This project's own runs load govledger's hypothesis profiles:
``govledger-dev``, or ``govledger-ci`` when the ``CI`` environment variable is set,
unless the command line chooses a profile."""

from __future__ import annotations

import pytest

from govledger.testing.plugin import TickingClock, load_profile

__all__ = ["TickingClock"]

#: The seed ledger fixtures the export tests share (seed_db, seeds, illustrated).
pytest_plugins = ["export_seeds"]


def pytest_configure(config: pytest.Config) -> None:
    """Load govledger's dev profile (ci under CI) unless a profile was asked for."""
    if config.getoption("govledger_profile") or config.getoption("hypothesis_profile"):
        return
    load_profile("auto")


@pytest.fixture
def clock(govledger_clock: TickingClock) -> TickingClock:
    """The clock the ``ledger`` fixture records with: one second per read."""
    return govledger_clock
