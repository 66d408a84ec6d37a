"""replay(..., workers=N) folds shares of the partnerships in N processes: same answer."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from factories import formed, resolved
from govledger import Ledger, RecordedEvent, UsageError
from govledger.events import EntryRetracted
from govledger.parallel import shares

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
