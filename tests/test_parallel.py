"""replay(..., workers=N) folds shares of the partnerships in N processes: same answer."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from factories import formed, resolved
from govledger import Event, Ledger, RecordedEvent, UsageError
from govledger.events import EntryRetracted
from govledger.parallel import shares
from govledger.testing import World, batches, worlds

Counts = dict[str, tuple[int, ...]]


class Positions:
    """Each partnership's positions, in the order they are folded: order shows too."""

    def initial(self) -> Counts:
        return {}

    def apply(self, state: Counts, entry: RecordedEvent) -> Counts:
        return {**state, entry.partnership: (*state.get(entry.partnership, ()), entry.position)}

    def merge(self, left: Counts, right: Counts) -> Counts:
        return {**left, **right}


class NoMerge:
    def initial(self) -> int:
        return 0

    def apply(self, state: int, entry: RecordedEvent) -> int:
        return state + 1


@pytest.fixture
def path(tmp_path: Path) -> Path:
    file = tmp_path / "ledger.db"
    with Ledger.open(file) as ledger:
        for index in range(6):
            name = f"p{index}-q{index}"
            ledger.append(formed(partnership=name))
            for number in range(index + 2):  # back-dated entries and a correction too
                day = date(2021, 1, 1) + timedelta(days=30 * (index + 2 - number))
                ledger.append(resolved(f"r{number}", day, partnership=name))
        retracted = list(ledger.history("p3-q3"))[1].position
        ledger.append(
            EntryRetracted(
                partnership="p3-q3",
                effective=date(2022, 1, 1),
                retracts=retracted,
                reason="recorded twice",
                authorised_by=formed().authorised_by,
            )
        )
    return file


@pytest.mark.parametrize("workers", [2, 3])
def test_workers_give_the_single_process_answer(path: Path, workers: int) -> None:
    with Ledger.open(path) as ledger:
        alone = ledger.replay(Positions())
        shared = ledger.replay(Positions(), workers=workers)
        until = ledger.replay(Positions(), until=date(2021, 4, 1), workers=workers)

        assert shared == alone
        assert until == ledger.replay(Positions(), until=date(2021, 4, 1))
        assert len(shared) == 6
        assert ledger.replay(Positions(), partnerships=["p1-q1", "p4-q4"], workers=2) == {
            name: alone[name] for name in ("p1-q1", "p4-q4")
        }


def test_workers_need_a_projection_that_can_merge(path: Path) -> None:
    with Ledger.open(path) as ledger, pytest.raises(UsageError, match="merge"):
        ledger.replay(NoMerge(), workers=2)


@pytest.mark.parametrize("workers", [0, -1, 1.5, True])
def test_workers_must_be_a_whole_number(path: Path, workers: object) -> None:
    with Ledger.open(path) as ledger, pytest.raises(UsageError, match="workers"):
        ledger.replay(Positions(), workers=workers)  # type: ignore[arg-type]


def test_an_in_memory_ledger_replays_in_this_process() -> None:
    with Ledger.open() as ledger:
        ledger.append(formed())
        assert ledger.replay(Positions(), workers=2) == ledger.replay(Positions())


def test_shares_are_contiguous_and_balanced() -> None:
    sizes = [(f"p{index}", size) for index, size in enumerate([5, 5, 5, 5, 1, 1, 1, 1])]

    cut = shares(sizes, 2)

    assert [name for share in cut for name in share] == [name for name, _ in sizes]
    assert cut == [["p0", "p1"], ["p2", "p3", "p4", "p5", "p6", "p7"]]
    assert shares(sizes[:1], 4) == [["p0"]]


class Folded:
    """Every entry folded, in the order folded across partnerships."""

    def initial(self) -> list[RecordedEvent]:
        return []

    def apply(self, state: list[RecordedEvent], entry: RecordedEvent) -> list[RecordedEvent]:
        state.append(entry)  # the test's own list, never shared
        return state

    def merge(self, left: list[RecordedEvent], right: list[RecordedEvent]) -> list[RecordedEvent]:
        return [*left, *right]


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    drawn=worlds(partnerships=4, length=60, corrections=True).flatmap(
        lambda world: st.tuples(st.just(world), batches(world.events))
    ),
    data=st.data(),
)
def test_a_replay_of_some_partnerships_is_the_whole_replay_without_the_others(
    drawn: tuple[World, list[list[Event]]], data: st.DataObject
) -> None:
    """Several partnerships replayed together are read one at a time and merged: the
    entries, replacements included, and their order across partnerships are those of
    the whole ledger's replay with the other partnerships left out."""
    _, groups = drawn
    with Ledger.open(":memory:") as ledger:
        for group in groups:
            ledger.append(*group)
        last = ledger.position_at(None)
        known = data.draw(st.just(last) | st.integers(1, last))
        names = sorted({entry.partnership for entry in ledger.events(known_at=known)})
        wanted = data.draw(st.sets(st.sampled_from(names), min_size=min(2, len(names))))
        until = data.draw(st.none() | st.dates(date(2000, 1, 1), date(2030, 12, 31)))
        event(f"partnerships wanted: {len(wanted)} of {len(names)}")
        event(f"retractions: {any(isinstance(e.event, EntryRetracted) for e in ledger.events())}")
        whole = ledger.replay(Folded(), until=until, known_at=known)
        some = ledger.replay(Folded(), until=until, known_at=known, partnerships=wanted)
        assert some == [entry for entry in whole if entry.partnership in wanted]
