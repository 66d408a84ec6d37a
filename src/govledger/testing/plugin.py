"""The govledger pytest plugin: a ``ledger`` fixture and hypothesis profiles.

Installed with ``govledger[test]`` (entry point ``pytest11``), it gives every test
suite:

- ``ledger``: a fresh in-memory :class:`~govledger.Ledger` whose recording clock
  ticks one second per append, starting 5 January 2026 09:00 UTC;
- ``govledger_clock``: that clock (a :class:`TickingClock`);
- hypothesis profiles ``dev`` (quick) and ``ci`` (more examples, no deadline). ``ci``
  is loaded when the ``CI`` environment variable is set, ``dev`` otherwise, unless
  you pass ``--hypothesis-profile`` or your conftest already loaded a profile of
  another name. ``ci`` builds on hypothesis' own ``ci`` profile (derandomised, no
  example database). Set ``govledger_profiles = false`` in your pytest configuration
  to leave hypothesis settings alone (to keep profiles of your own under these names).

Nothing heavy is imported until a test asks for ``ledger``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

import pytest

from .clock import TestClock

if TYPE_CHECKING:
    from govledger import Ledger

__all__ = ["PROFILES", "TickingClock", "govledger_clock", "ledger"]

#: The hypothesis settings of each profile the plugin registers.
PROFILES: dict[str, dict[str, object]] = {
    "dev": {"max_examples": 50, "stateful_step_count": 20},
    "ci": {"max_examples": 200, "stateful_step_count": 30},
}


class TickingClock(TestClock):
    """A clock that moves one second each time it is read (a :class:`TestClock`)."""

    def __init__(self, start: datetime = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)) -> None:
        super().__init__()
        self.now = start

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


@pytest.fixture
def govledger_clock() -> TickingClock:
    """The recording clock of the ``ledger`` fixture."""
    return TickingClock()


@pytest.fixture
def ledger(govledger_clock: TickingClock) -> Iterator[Ledger]:
    """A fresh in-memory ledger, closed after the test."""
    from govledger import Ledger

    with Ledger.open(":memory:", clock=govledger_clock) as opened:
        yield opened


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini(
        "govledger_profiles",
        "register and load govledger's hypothesis profiles dev and ci (default true)",
        type="bool",
        default=True,
    )


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    """Register ``dev`` and ``ci``; load one unless the user chose another profile."""
    if not config.getini("govledger_profiles"):
        return
    try:
        from hypothesis import HealthCheck, settings
    except ImportError:  # govledger without its test extra: nothing to configure
        return
    current = _current_profile(settings)
    hypothesis_ci = _profile(settings, "ci")
    for name, values in PROFILES.items():
        # ci builds on hypothesis' own ci profile (derandomised, no example database)
        settings.register_profile(
            name,
            parent=hypothesis_ci if name == "ci" else None,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
            **values,
        )
    chosen = config.getoption("hypothesis_profile", default=None)
    if chosen is None and current in ("default", "ci"):
        in_ci = bool(os.environ.get("CI")) or current == "ci"
        settings.load_profile("ci" if in_ci else "dev")


def _current_profile(settings: Any) -> str:
    """The loaded profile's name (hypothesis before 6.1xx cannot say: ``"default"``)."""
    name = getattr(settings, "get_current_profile_name", None)
    return str(name()) if name is not None else "default"


def _profile(settings: Any, name: str) -> Any:
    """The registered profile *name*, or ``None`` (older hypothesis has no built-in ci)."""
    from hypothesis.errors import InvalidArgument

    try:
        return settings.get_profile(name)
    except InvalidArgument:
        return None
