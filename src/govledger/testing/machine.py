"""``LedgerMachine``: a hypothesis state machine that drives a real :class:`Ledger`.

Each step appends valid decisions (one at a time or in a batch), appends a held-back
event late as a back-dated entry, or tries a transition the rules must reject; after
every step the library's invariants are checked. Subclass it to add your own
``@invariant`` and ``@rule`` methods::

    from hypothesis.stateful import invariant

    class MyMachine(LedgerMachine):
        @invariant()
        def members_joined_on_or_before_the_day(self) -> None:
            for state in self.latest_states():
                assert all(m.since <= state.as_of for m in state.members)

    TestMyMachine = MyMachine.TestCase
"""

from __future__ import annotations

import shutil
import tempfile
from datetime import date, timedelta
from pathlib import Path
from typing import ClassVar, Literal

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from ..errors import RuleViolation
from ..events import Event, certain_from
from ..ledger import Ledger, RecordedEvent
from ..projections import PartnershipState
from . import invariants as check
from ._model.steps import draw_step
from ._model.world import World, new_world
from .strategies import HISTORY_END, HISTORY_START, Rejection, invalid_events

__all__ = ["LedgerMachine", "Storage"]

Storage = Literal["memory", "file"]


def _in_ci() -> bool:
    """Whether the loaded hypothesis settings are a CI profile's: derandomised, with no
    example database, as hypothesis' own ``ci``, ``govledger-ci`` and any profile built
    on either of them are."""
    now = settings()
    return bool(now.derandomize) and now.database is None


def _refusal(ledger: Ledger, events: tuple[Event, ...]) -> RuleViolation | None:
    """The rule violation appending *events* raised, or ``None`` if it was accepted."""
    try:
        ledger.append(*events)
    except RuleViolation as exc:
        return exc
    return None


class LedgerMachine(RuleBasedStateMachine):
    """Random valid and invalid transitions on a real ledger, with invariants checked.

    Class attributes shape the run: ``storage`` (``"memory"``, ``"file"``, or
    ``None`` for a file under a CI profile, derandomised with no example database
    as ``govledger-ci``, hypothesis' own ``ci`` and profiles built on them are, and
    memory otherwise),
    ``partnerships`` (at most this many), ``start`` and ``end`` (the span of
    effective dates). In your rules and invariants use ``self.ledger`` (the
    :class:`Ledger`), ``self.world`` (the model of what is recorded, for
    :func:`~govledger.testing.invalid_events`), ``self.appended`` (every event
    appended, in order) and :meth:`latest_states` / :meth:`states`. Rules of your own
    that append should call :meth:`append`.
    """

    storage: ClassVar[Storage | None] = None
    partnerships: ClassVar[int] = 2
    start: ClassVar[date] = HISTORY_START
    end: ClassVar[date] = HISTORY_END
    corrections: ClassVar[bool] = True

    def __init__(self) -> None:
        super().__init__()
        self.world: World = new_world(
            start=self.start,
            end=self.end,
            partnerships=self.partnerships,
            length=30,
            corrections=self.corrections,
        )
        self.appended: list[Event] = []
        self.touched: set[str] = set()
        self._log_cache: list[RecordedEvent] | None = None
        self._pairs_cache: dict[str, list[tuple[int, Event]]] = {}
        self._changed_from: dict[str, date] = {}  # the earliest day this step can change
        self._directory: Path | None = None
        self.path: Path | None = None
        if self._storage() == "file":
            self._directory = Path(tempfile.mkdtemp(prefix="govledger-machine-"))
            self.path = self._directory / "ledger.db"
        self.ledger = Ledger.open(self.path or ":memory:")

    def _storage(self) -> Storage:
        if self.storage is not None:
            return self.storage
        return "file" if _in_ci() else "memory"

    # ---------------------------------------------------------------- rules

    @rule(events=st.runner().flatmap(lambda machine: machine.next_step()), one_by_one=st.booleans())
    def record_decisions(self, events: list[Event], one_by_one: bool) -> None:
        """Append the next valid step's events: one at a time, or all in one batch."""
        self._begin_step()
        if not events:
            return
        if one_by_one:
            for event in events:
                self.append([event])
        else:
            self.append(events)

    @precondition(lambda self: bool(self.world.held))
    @rule(event=st.runner().flatmap(lambda machine: st.sampled_from(machine.world.held)))
    def record_back_dated(self, event: Event) -> None:
        """Append an event held back from an earlier step: a back-dated entry."""
        self._begin_step()
        self.append([event])

    @precondition(lambda self: bool(self.world.partnerships))
    @rule(rejection=st.runner().flatmap(lambda machine: invalid_events(machine.world)))
    def reject_invalid(self, rejection: Rejection) -> None:
        """A transition that breaks a rule is refused, and nothing is written."""
        self._begin_step()
        before = self._snapshot()
        refused = _refusal(self.ledger, rejection.events)
        assert refused is not None, f"the ledger accepted an invalid transition: {rejection}"
        assert isinstance(refused, rejection.error), (
            f"expected {rejection.error.__name__} for {rejection.rule}, got "
            f"{type(refused).__name__}: {refused}"
        )
        assert self._snapshot() == before, f"a rejected append changed the ledger: {rejection}"

    # ---------------------------------------------------------------- invariants

    @invariant()
    def positions_are_gapless(self) -> None:
        if self.touched:
            check.assert_positions_gapless(self.ledger, self._log())

    @invariant()
    def events_round_trip(self) -> None:
        if self.touched:
            check.assert_events_round_trip(
                self.ledger, self.appended, self._log(), partnerships=self.touched
            )

    @invariant()
    def states_keep_the_invariants(self) -> None:
        for partnership in sorted(self.touched):
            events = [e for e in self.appended if e.partnership == partnership]
            days = check.key_dates(events)
            since = self._changed_from.get(partnership)
            if since is not None:  # earlier states are as they were, already checked
                days = [since - timedelta(days=1)] + [d for d in days if d >= since]
            states = check.states_on(self.ledger, partnership, days, self._pairs(partnership))
            check.assert_states_hold(events, states)

    @invariant()
    def replay_is_deterministic(self) -> None:
        for partnership in sorted(self.touched):
            day = self._last_day(partnership)
            check.assert_replay_deterministic(
                self.ledger, partnership, day, self._pairs(partnership)
            )

    # ---------------------------------------------------------------- helpers

    def next_step(self) -> st.SearchStrategy[list[Event]]:
        """The events of the next valid step of :attr:`world` (``[]`` when it is full).

        Drawing one moves the world on: the rule that receives the events must append
        them (:meth:`append`). Rules take events, never the world, as their arguments,
        so a failing run prints every append as code that rebuilds it.
        """

        @st.composite
        def step(draw: st.DrawFn) -> list[Event]:
            drawn = draw_step(draw, self.world)
            return [] if drawn is None else list(drawn.append)

        return step()

    def states(self, partnership: str) -> list[PartnershipState]:
        """The partnership's state on each of its key dates (see ``key_dates``)."""
        events = [e for e in self.appended if e.partnership == partnership]
        return check.states_on(self.ledger, partnership, check.key_dates(events))

    def latest_states(self) -> list[PartnershipState]:
        """Each recorded partnership as it stands on the last day it has events for."""
        return [
            self.ledger.state(partnership, as_of=self._last_day(partnership))
            for partnership in self.ledger.partnerships()
        ]

    def _last_day(self, partnership: str) -> date:
        """The last day the partnership's appended events take effect on, for certain.

        Read from :attr:`appended`, not :attr:`world`, so that invariants hold the same
        when a printed failing run is pasted back and no world is drawn.
        """
        return max(certain_from(e.effective) for e in self.appended if e.partnership == partnership)

    def _begin_step(self) -> None:
        """Forget what the last step changed: its invariants have been checked."""
        self.touched.clear()
        self._changed_from.clear()

    def _log(self) -> list[RecordedEvent]:
        """Every recorded event, read once per step."""
        if self._log_cache is None:
            self._log_cache = list(self.ledger.events())
        return self._log_cache

    def _pairs(self, partnership: str) -> list[tuple[int, Event]]:
        """The partnership's ``(position, event)`` pairs in effective-date order, once per step."""
        if partnership not in self._pairs_cache:
            self._pairs_cache[partnership] = check.partnership_events(self.ledger, partnership)
        return self._pairs_cache[partnership]

    def append(self, events: list[Event]) -> None:
        """Append *events* (valid ones) in one batch, and remember them for the invariants.

        Use this in rules of your own that append, so that ``appended`` and ``world``
        stay in step with the ledger.
        """
        self.ledger.append(*events)
        self._log_cache = None
        self._pairs_cache.clear()
        self.world.record(events)
        self.appended.extend(events)
        self.touched.update(e.partnership for e in events)
        for event in events:
            first = min(check.key_dates([event]))
            known = self._changed_from.get(event.partnership, first)
            self._changed_from[event.partnership] = min(known, first)

    def _snapshot(self) -> tuple[object, ...]:
        """What a rejected append must leave alone: the files' bytes, or the log."""
        if self.path is not None:
            files = sorted(self.path.parent.glob(self.path.name + "*"))
            return tuple((f.name, f.read_bytes()) for f in files if not f.name.endswith("-shm"))
        return (tuple(self.ledger.events()), tuple(self.ledger.partnerships()))

    def teardown(self) -> None:
        self.ledger.close()
        if self._directory is not None:
            shutil.rmtree(self._directory, ignore_errors=True)
