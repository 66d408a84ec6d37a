"""The garbage collector paused while the ledger folds: same answers, bounded garbage."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from factories import formed, resolved
from govledger import Ledger, RecordedEvent
from govledger.errors import UnknownPartnership
from govledger.ledger import _collector


class _Cycle:
    """An object that refers to itself: only the cyclic collector frees it."""

    def __init__(self) -> None:
        self.me = self


@pytest.fixture
def collector_on() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


@given(st.lists(st.integers()))
def test_folded_applies_every_entry_in_order(values: list[int]) -> None:
    start: list[int] = []
    assert _collector.folded(lambda seen, value: [*seen, value], start, values) == values


@pytest.mark.usefixtures("collector_on")
def test_folded_leaves_the_collector_as_found() -> None:
    _collector.folded(lambda total, value: total + value, 0, range(10))
    assert gc.isenabled()

    def failing(total: int, value: int) -> int:
        raise ValueError(value)

    with pytest.raises(ValueError, match="3"):
        _collector.folded(failing, 0, [3])
    assert gc.isenabled()
    gc.disable()
    try:
        _collector.folded(lambda total, value: total + value, 0, range(10))
        assert not gc.isenabled()
    finally:
        gc.enable()


@pytest.mark.usefixtures("collector_on")
def test_folded_collects_the_cycles_a_long_stream_drops() -> None:
    first: list[weakref.ref[_Cycle]] = []

    def apply(count: int, _: int) -> int:
        made = _Cycle()
        if count < 10:
            first.append(weakref.ref(made))
        return count + 1  # the cycle is dropped: only the collector can free it

    gc.collect()
    during: list[bool] = []

    def watched(count: int, value: int) -> int:
        if count == _collector.COLLECT_EVERY + 1:
            during.append(all(ref() is None for ref in first))
        return apply(count, value)

    folded = _collector.folded(watched, 0, range(_collector.COLLECT_EVERY + 2))
    assert folded == _collector.COLLECT_EVERY + 2
    assert during == [True]  # freed inside the stream, not only after it


@pytest.mark.usefixtures("collector_on")
def test_questions_and_replays_leave_the_collector_on() -> None:
    class Count:
        def initial(self) -> int:
            return 0

        def apply(self, state: int, entry: RecordedEvent) -> int:
            assert not gc.isenabled()  # paused for the whole replay
            return state + 1

    with Ledger.open(":memory:") as ledger:
        ledger.append(formed(), resolved("r1", date(2021, 3, 1)))
        partnership = ledger.partnerships()[0]
        assert ledger.replay(Count()) == 2
        assert gc.isenabled()
        assert ledger.state(partnership, date(2021, 4, 1)).partnership == partnership
        assert gc.isenabled()
        with pytest.raises(UnknownPartnership):
            ledger.state("nobody-here", date(2021, 4, 1))
        assert gc.isenabled()


def test_answers_kept_per_decision_are_forgotten_with_it() -> None:
    from govledger.events import _parts
    from govledger.projections import freeze

    with Ledger.open(":memory:") as ledger:
        ledger.append(formed(), resolved("r1", date(2021, 3, 1)))
        partnership = ledger.partnerships()[0]
        decision = ledger.standing(partnership)[1][1]
    walked = list(decision.walk())  # type: ignore[union-attr]
    assert walked and decision.walk() == tuple(walked)  # type: ignore[union-attr]
    assert id(decision) in _parts._PART_INDEXES
    summary = freeze._summary(decision)
    assert freeze._summary(decision) is summary  # kept
    key = id(decision)
    gone = weakref.ref(decision)
    del decision, walked, ledger  # the closed ledger's kept entries go with it
    gc.collect()
    assert gone() is None
    # forgotten, unless the id was reused at once by a live object kept since
    index = _parts._PART_INDEXES.get(key)
    assert index is None or (index.owner is not None and index.owner() is not None)
    kept = freeze._summary._kept.get(key)
    assert kept is None or kept[0]() is not None
