"""The world model's indexes give what the scans they replace gave (issue 17).

The benchmark generator reads the parts a change may cite in another partnership from
``World.citable_index`` and checks condition ids against ``World.registry`` instead of
scanning every partnership; the hypothesis strategies still scan. Both must agree on
every question, in the same order, or a seed would draw another ledger.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, timedelta
from typing import cast

import bench.generate as generate_module
import pytest
from bench.generate import generate
from hypothesis import given, settings
from hypothesis import strategies as st

from govledger.events import ResolutionRef
from govledger.testing import World, worlds
from govledger.testing._model.draw import Gen, citable_elsewhere
from govledger.testing._model.ids import IdRegistry, Ids, numbered
from govledger.testing._model.world import Partnership


def _scan(world: World, p: Partnership, day: date) -> list[ResolutionRef]:
    return citable_elsewhere(Gen(cast("st.DrawFn", None), world), p, day)


def _indexed(world: World, p: Partnership, day: date) -> list[ResolutionRef]:
    found = world.citable_index.choices(p, day)
    assert found is not None, "every part of a drawn world falls within its days"
    assert len(list(found)) == len(found)
    return list(found)


class _Checked(generate_module._SeededGen):
    """The generator's draw helpers, checking the index against the scan each time."""

    asked = 0
    nonempty = 0

    def elsewhere_choices(self, p: Partnership, day: date) -> Sequence[ResolutionRef]:
        found = super().elsewhere_choices(p, day)
        assert list(found) == _scan(self.world, p, day)
        type(self).asked += 1
        type(self).nonempty += bool(found)
        return found


@pytest.mark.parametrize("seed", [1, 2026])
def test_the_generator_reads_from_the_index_what_the_scan_gives(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(generate_module, "_SeededGen", _Checked)
    _Checked.asked = _Checked.nonempty = 0
    generate(2000, seed)
    assert _Checked.asked > 20
    assert _Checked.nonempty > 10  # questions with something to cite, not only empty ones


@settings(max_examples=30, deadline=None)
@given(
    world=worlds(partnerships=4, length=120, corrections=True),
    offsets=st.lists(st.integers(min_value=-30, max_value=4000), min_size=1, max_size=4),
)
def test_the_index_answers_as_the_scan_in_drawn_worlds(world: World, offsets: list[int]) -> None:
    for name in world.partnerships:
        p = world.partnership(name)
        for offset in offsets:
            day = p.formed + timedelta(days=offset)
            assert _indexed(world, p, day) == _scan(world, p, day)


def test_a_question_reads_by_position_like_a_list() -> None:
    world = World(start=date(2000, 1, 1), end=date(2030, 1, 1), max_partnerships=40, gap=21)
    g = generate_module._SeededGen(random.Random(3), world)
    plan = generate_module._Plan(rng=g.rng)
    while len(world.events) < 3000:
        step = generate_module._step(g, world, plan)
        assert step is not None
        world.record(step.append)
    p = max(
        map(world.partnership, world.partnerships), key=lambda q: len(_scan(world, q, world.end))
    )
    found = world.citable_index.choices(p, world.end)
    assert found is not None and len(found) > 3
    scanned = _scan(world, p, world.end)
    assert found[-1] == scanned[-1]
    assert list(found[1:3]) == scanned[1:3]
    with pytest.raises(IndexError):
        found[len(found)]


# --------------------------------------------------------------------------- ids


class _OldIds:
    """A partnership's ids as the generator kept them before: one set of every id."""

    def __init__(self) -> None:
        self.ids: set[str] = set()
        self.next: dict[str, int] = {}

    def unique(self, stem: str) -> str:
        number = self.next.get(stem, 1)
        candidate = numbered(stem, number)
        while candidate in self.ids:
            number += 1
            candidate = f"{stem}-{number}"
        self.next[stem] = number + 1
        self.ids.add(candidate)
        return candidate


_STEMS = ("a", "b", "a-2", "b-approval", "c-2020-01-02")
_NAMES = (*_STEMS, "a-3", "a-2-2", "b-10", "b-02", "c-2020-01-02-2", "x")

_operations = st.lists(
    st.tuples(
        st.sampled_from(("unique", "condition", "add")),
        st.integers(min_value=0, max_value=2),
        st.sampled_from(_STEMS + _NAMES),
    ),
    max_size=60,
)


@given(operations=_operations)
def test_ids_and_the_registry_answer_as_sets_of_every_id(
    operations: list[tuple[str, int, str]],
) -> None:
    registry = IdRegistry()
    new = [Ids() for _ in range(3)]
    old = [_OldIds() for _ in range(3)]
    for holder, ids in enumerate(new):
        ids.attach(str(holder), registry)
    for operation, holder, text in operations:
        if operation == "add":
            new[holder].add(text)
            old[holder].ids.add(text)
        elif operation == "unique":
            assert new[holder].unique(text) == old[holder].unique(text)
        else:  # the condition-id loop, old (every id of every other) and new
            others = [o.ids for i, o in enumerate(old) if i != holder]
            while True:
                expected = old[holder].unique(text)
                if not any(expected in ids for ids in others):
                    break
            while True:
                new[holder].skip_to(text, registry.next_elsewhere(str(holder), text))
                got = new[holder].unique(text)
                if not registry.used_elsewhere(str(holder), got):
                    break
            assert got == expected
        for i in range(3):
            for probe in (*_NAMES, *(numbered(s, n) for s in _STEMS for n in range(1, 6))):
                assert (probe in new[i]) == (probe in old[i].ids), (i, probe)
                others = [o.ids for j, o in enumerate(old) if j != i]
                assert registry.used_elsewhere(str(i), probe) == any(
                    probe in ids for ids in others
                ), (i, probe)
