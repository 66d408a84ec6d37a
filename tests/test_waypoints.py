"""Waypoints: folds a question passed through, kept in memory for the next question.

A waypoint stands in for a checkpoint saved at the ledger's position when it was
folded, so it is exact only for questions asked with exactly that knowledge. These
tests make waypoints dense (every two entries) so that short generated histories
exercise them, and check every answer against a ledger that folds from scratch.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govledger import Ledger
from govledger.events import Event, certain_from
from govledger.ledger import waypoints
from govledger.ledger.folds import WAYPOINT, FoldSource
from govledger.store import Query
from govledger.testing import World, worlds
from test_waypoints_cited import resumptions


@pytest.fixture
def dense() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(waypoints, "WAYPOINT_EVERY", 2)
        yield


def _days(events: list[Event], rng: random.Random, count: int) -> list[date]:
    first = min(certain_from(e.effective) for e in events)
    last = max(certain_from(e.effective) for e in events) + timedelta(days=30)
    span = (last - first).days
    return [first + timedelta(days=rng.randint(0, span)) for _ in range(count)]


def _append(ledger: Ledger, events: list[Event]) -> None:
    for event in events:  # one at a time: a retraction follows what it retracts
        ledger.append(event)


@settings(max_examples=20, deadline=None)
@given(
    world=worlds(partnerships=2, length=40, corrections=True),
    split=st.floats(min_value=0.2, max_value=0.9),
    seed=st.integers(0, 2**16),
)
def test_questions_in_any_order_answer_as_a_fold_from_scratch(
    world: World, split: float, seed: int
) -> None:
    rng = random.Random(seed)
    cut = max(1, int(len(world.events) * split))
    early, late = world.events[:cut], world.events[cut:]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(waypoints, "WAYPOINT_EVERY", 2)
        with Ledger.open(":memory:") as asked, Ledger.open(":memory:", checkpoints=False) as plain:
            _append(asked, early)
            _append(plain, early)
            names = asked.partnerships()
            days = _days(world.events, rng, 12)
            for day in days:  # waypoints kept with the first knowledge
                for name in names:
                    assert asked.state(name, as_of=day) == plain.state(name, as_of=day)
            known, known_names = asked.position_at(None), set(names)
            _append(asked, late)  # new knowledge: the waypoints above must not serve it
            _append(plain, late)
            names = asked.partnerships()
            for day in rng.sample(days, len(days)) + _days(world.events, rng, 6):
                for name in names:
                    assert asked.state(name, as_of=day) == plain.state(name, as_of=day)
                    if name in known_names:
                        assert asked.state(name, as_of=day, known_at=known) == plain.state(
                            name, as_of=day, known_at=known
                        )


def _events_of_one_partnership(count: int) -> list[Event]:
    from bench.growth import load_or_generate_one

    return load_or_generate_one(count, 2026, cache_dir=None)


def test_a_later_question_starts_from_a_waypoint_and_folds_less(
    dense: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    events = _events_of_one_partnership(300)
    resumed = resumptions(monkeypatch)
    with Ledger.open(tmp_path / "l.db") as ledger:
        ledger.append(*events[:250])
        name = events[0].partnership
        last = max(certain_from(e.effective) for e in events)
        ledger.state(name, as_of=last)
        assert resumed[-1] is None or resumed[-1].format != WAYPOINT  # nothing kept yet
        ledger.state(name, as_of=last)
        found = resumed[-1]
        assert found is not None and found.format == WAYPOINT
        assert found.entries > 125  # it starts near the end, not at entry 1
        assert found.position == ledger.position_at(None)
        ledger.append(*events[250:])
        ledger.state(name, as_of=last)
        after = resumed[-1]
        if after is not None and after.format == WAYPOINT and after.position < found.position + 1:
            # a waypoint of the old knowledge serves only if nothing recorded since
            # takes effect by its day
            since = ledger._store.read(Query(partnership=name, after_position=found.position))
            assert all(record.effective > after.through for record in since)


def test_a_ledger_without_checkpoints_keeps_no_waypoints(tmp_path: Path) -> None:
    events = _events_of_one_partnership(300)
    with Ledger.open(tmp_path / "l.db", checkpoints=False) as ledger:
        ledger.append(*events)
        name = events[0].partnership
        last = max(certain_from(e.effective) for e in events)
        ledger.state(name, as_of=last)
        source: FoldSource = ledger._folds
        assert source.waypoints.nearest(name, ledger.position_at(None), last) is None


def test_waypoints_forget_the_days_of_folds_dropped_from_their_budget() -> None:
    # a long-lived ledger asks with ever new knowledge (every append moves it on): the
    # index of waypoint days must not keep an entry for every knowledge ever asked with
    from govledger.projections import Fold

    kept = waypoints.Waypoints(budget=10)
    day = date(2021, 1, 1)
    for known in range(1, 200):
        fold = Fold("p1")
        fold.fed = 5
        kept.keep("p1", known, day, fold)
        kept.keep("p1", known, day + timedelta(days=1), fold)
    assert len(kept._days) <= 2  # at most two folds of five entries fit in ten
    assert kept.nearest("p1", 199, day + timedelta(days=3)) is not None
    assert kept.nearest("p1", 1, day + timedelta(days=3)) is None


@settings(max_examples=15, deadline=None)
@given(world=worlds(partnerships=2, length=40, corrections=True), seed=st.integers(0, 2**16))
def test_waypoints_of_earlier_knowledge_serve_a_partnership_nothing_since_changed(
    world: World, seed: int
) -> None:
    # knowledge moves on with every append, to any partnership: a partnership's
    # waypoints serve later questions while nothing recorded since takes effect by
    # their day, and answers stay those of a fold from scratch, as known now and then
    rng = random.Random(seed)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(waypoints, "WAYPOINT_EVERY", 2)
        resumed = resumptions(patch)
        with Ledger.open(":memory:") as asked, Ledger.open(":memory:", checkpoints=False) as plain:
            days = _days(world.events, rng, 8)
            cut = len(world.events) // 2
            known_then: list[int] = []
            for stage in (world.events[:cut], world.events[cut:]):
                _append(asked, stage)
                _append(plain, stage)
                known_then.append(asked.position_at(None))
                for day in rng.sample(days, len(days)):
                    for name in asked.partnerships():
                        resumed.clear()
                        assert asked.state(name, as_of=day) == plain.state(name, as_of=day)
                        found = resumed[0] if resumed else None
                        if found is not None and found.format == WAYPOINT:
                            since = asked._store.read(
                                Query(partnership=name, after_position=found.position)
                            )
                            assert all(record.effective > found.through for record in since)
            known = known_then[0]
            for day in days:
                for name in asked.partnerships():
                    if next(
                        iter(asked._store.read(Query(partnership=name, max_position=known))), None
                    ):
                        assert asked.state(name, as_of=day, known_at=known) == plain.state(
                            name, as_of=day, known_at=known
                        )


def test_the_first_question_past_the_last_waypoint_folds_on_to_the_last_entry(
    dense: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # so that a later question about a later day starts near it, instead of every
    # question further on than the last folding its own stretch
    events = _events_of_one_partnership(300)
    resumed = resumptions(monkeypatch)
    with (
        Ledger.open(tmp_path / "l.db") as ledger,
        Ledger.open(tmp_path / "plain.db", checkpoints=False) as plain,
    ):
        ledger.append(*events)
        plain.append(*events)
        name = events[0].partnership
        days = sorted(certain_from(e.effective) for e in events)
        early, last = days[len(days) // 10], days[-1]
        assert ledger.state(name, as_of=early) == plain.state(name, as_of=early)
        resumed.clear()
        assert ledger.state(name, as_of=last) == plain.state(name, as_of=last)
        found = resumed[0]
        assert found is not None and found.format == WAYPOINT
        assert found.entries > 250  # near the end, though only an early day was asked
