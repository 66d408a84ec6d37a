"""Shared fixtures and settings. ``ledger`` (a fresh in-memory ledger) and ``ledgers``
(one per hypothesis example) come from govledger's pytest plugin
(``govledger.testing.plugin``); ``clock`` here is the plugin's ledger clock under the
name these tests use. This project's own runs load govledger's hypothesis profiles:
``govledger-dev``, or, when the ``CI`` environment variable is set, ``govledger-suite-ci``
(``govledger-ci`` with :data:`SUITE_CI_EXAMPLES` examples, see its note), unless the
command line chooses a profile."""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

from govledger.testing.plugin import TickingClock, load_profile

__all__ = ["SUITE_CI_PROFILE", "TickingClock"]

#: The profile of this project's own CI runs: ``govledger-ci`` (derandomised, no example
#: database, so the machine runs on a file) with fewer examples. The kit offers users 100;
#: this suite holds some 2,900 tests, a few hundred of them properties that build whole
#: histories, and CI must finish well within 15 minutes on 2 cores. Derandomised, 100
#: examples would only repeat the same fixed draws each run; the randomised dev runs
#: (50 fresh examples each time) are where the search widens.
SUITE_CI_PROFILE = "govledger-suite-ci"
SUITE_CI_EXAMPLES = 50

#: The seed ledger fixtures the export tests share (seed_db, seeds, illustrated).
pytest_plugins = ["export_seeds"]


def pytest_configure(config: pytest.Config) -> None:
    """Load govledger's dev profile (the suite's ci under CI) unless one was asked for."""
    if config.getoption("govledger_profile") or config.getoption("hypothesis_profile"):
        return
    load_profile("auto")
    if os.environ.get("CI"):
        settings.register_profile(
            SUITE_CI_PROFILE, parent=settings(), max_examples=SUITE_CI_EXAMPLES
        )
        settings.load_profile(SUITE_CI_PROFILE)


@pytest.fixture
def clock(govledger_clock: TickingClock) -> TickingClock:
    """The clock the ``ledger`` fixture records with: one second per read."""
    return govledger_clock
