"""The govledger pytest plugin: ledger fixtures, and hypothesis profiles loaded on request.

Installed with ``govledger[test]`` (entry point ``pytest11``), it gives every test
suite:

- ``ledger``: a fresh in-memory :class:`~govledger.Ledger` whose recording clock
  ticks one second per append, starting 5 January 2026 09:00 UTC;
- ``govledger_clock``: that clock (a :class:`TickingClock`);
- ``ledgers``: a session-wide factory, :func:`fresh_ledger`, for ``@given`` tests:
  ``with ledgers() as ledger:`` opens a fresh in-memory ledger for each example
  (hypothesis refuses function-scoped fixtures such as ``ledger`` there);
- two hypothesis profiles, registered as ``govledger-dev`` (quick) and
  ``govledger-ci`` (more examples, derandomised, no example database). The plugin
  loads one only when asked: ``pytest --govledger-profile=dev`` (or ``ci``, or
  ``auto``: ``ci`` when the ``CI`` environment variable is set, ``dev`` otherwise), or
  your own ``settings.load_profile("govledger-ci")`` after :func:`register_profiles`.
  Otherwise your tests keep hypothesis' settings and your own.

Nothing heavy is imported until a test asks for a ledger.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

import pytest

from .clock import TestClock

if TYPE_CHECKING:
    from govledger import Ledger

__all__ = [
    "PROFILES",
    "PROFILE_PREFIX",
    "TickingClock",
    "fresh_ledger",
    "govledger_clock",
    "ledger",
    "ledgers",
    "load_profile",
    "profile_name",
    "register_profiles",
]

#: The hypothesis settings of each profile, by its short name.
PROFILES: dict[str, dict[str, object]] = {
    "dev": {"max_examples": 50, "stateful_step_count": 20},
    "ci": {"max_examples": 100, "stateful_step_count": 30},
}
#: The profiles are registered with hypothesis as ``govledger-dev`` and ``govledger-ci``,
#: so that they never replace a profile of yours (or hypothesis' own ``ci``).
PROFILE_PREFIX = "govledger-"
_CHOICES = (*PROFILES, "auto")


class TickingClock(TestClock):
    """A clock that moves one second each time it is read (a :class:`TestClock`)."""

    def __init__(self, start: datetime = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)) -> None:
        super().__init__()
        self.now = start

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


@contextmanager
def fresh_ledger(clock: Callable[[], datetime] | None = None) -> Iterator[Ledger]:
    """A fresh in-memory ledger, closed on leaving the ``with`` block.

    Its recording clock is *clock*, or a new :class:`TickingClock`. Use it once per
    hypothesis example::

        @given(history=histories())
        def test_every_history_appends(ledgers, history):
            with ledgers() as ledger:
                ledger.append(*history)
    """
    from govledger import Ledger

    with Ledger.open(":memory:", clock=clock or TickingClock()) as opened:
        yield opened


@pytest.fixture
def govledger_clock() -> TickingClock:
    """The recording clock of the ``ledger`` fixture."""
    return TickingClock()


@pytest.fixture
def ledger(govledger_clock: TickingClock) -> Iterator[Ledger]:
    """A fresh in-memory ledger, closed after the test (for tests without ``@given``)."""
    with fresh_ledger(govledger_clock) as opened:
        yield opened


@pytest.fixture(scope="session")
def ledgers() -> Callable[..., AbstractContextManager[Ledger]]:
    """:func:`fresh_ledger`: ``with ledgers() as ledger:`` once per hypothesis example."""
    return fresh_ledger


def profile_name(short: str) -> str:
    """The hypothesis name of govledger's profile *short* (``"dev"`` or ``"ci"``)."""
    if short == "auto":
        short = "ci" if os.environ.get("CI") else "dev"
    if short not in PROFILES:
        raise ValueError(f"no govledger profile {short!r}; choose one of {', '.join(_CHOICES)}")
    return PROFILE_PREFIX + short


def register_profiles() -> None:
    """Register ``govledger-dev`` and ``govledger-ci`` with hypothesis (loads neither).

    Both have no deadline and allow slow or large draws (whole histories are big);
    ``govledger-ci`` builds on hypothesis' own ``ci`` profile (derandomised, no example
    database).
    """
    from hypothesis import HealthCheck, settings

    hypothesis_ci = _profile(settings, "ci")
    # dev builds on hypothesis' defaults, never on whatever profile is loaded now (a
    # profile registered with no parent inherits the loaded one's settings)
    hypothesis_default = _profile(settings, "default")
    for short, values in PROFILES.items():
        settings.register_profile(
            profile_name(short),
            parent=hypothesis_ci if short == "ci" else hypothesis_default,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
            **values,
        )


def load_profile(short: str) -> None:
    """Register govledger's profiles and load *short*: ``"dev"``, ``"ci"`` or ``"auto"``."""
    from hypothesis import settings

    name = profile_name(short)
    register_profiles()
    settings.load_profile(name)


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("govledger")
    group.addoption(
        "--govledger-profile",
        dest="govledger_profile",
        choices=_CHOICES,
        default=None,
        help="load govledger's hypothesis profile: dev, ci, or auto (ci when the CI "
        "environment variable is set, dev otherwise). Default: load none.",
    )
    parser.addini(
        "govledger_profiles",
        "register govledger's hypothesis profiles govledger-dev and govledger-ci "
        "(default true; they are loaded only on request)",
        type="bool",
        default=True,
    )


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    """Register the profiles (so ``--hypothesis-profile=govledger-ci`` works); load one if asked."""
    chosen = config.getoption("govledger_profile", default=None)
    if chosen is not None and config.getoption("hypothesis_profile", default=None):
        raise pytest.UsageError(
            "--govledger-profile and --hypothesis-profile both choose a hypothesis profile; "
            "pass one of them (govledger's are also registered as "
            f"--hypothesis-profile={PROFILE_PREFIX}dev and {PROFILE_PREFIX}ci)"
        )
    if not config.getini("govledger_profiles") and chosen is None:
        return
    try:
        import hypothesis  # noqa: F401
    except ImportError:  # govledger without its test extra: nothing to configure
        if chosen is not None:
            raise pytest.UsageError(
                "--govledger-profile needs hypothesis: pip install 'govledger[test]'"
            ) from None
        return
    register_profiles()
    if chosen is not None:
        load_profile(chosen)


def _profile(settings: Any, name: str) -> Any:
    """The registered profile *name*, or ``None`` (older hypothesis has no built-in ci)."""
    from hypothesis.errors import InvalidArgument

    try:
        return settings.get_profile(name)
    except InvalidArgument:
        return None
