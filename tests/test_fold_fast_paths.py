"""The fold's fast paths give what the plain computations they replace give."""

from __future__ import annotations

from datetime import date

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from govledger.events import ResolutionPassed, path_key
from govledger.projections import Fold
from govledger.projections.decisions import resolution_passed, with_call_in
from govledger.projections.state import ResolutionState, ResolutionStatus
from govledger.projections.verdicts import _adoption_keys, _facts_of, conditions_binding
from govledger.recommendations import cited_path, prefixes, recommendation_of, ref_key
from govledger.testing.strategies import event_strategy

_RESOLUTIONS = event_strategy(ResolutionPassed)


def _paths(resolution: ResolutionPassed) -> list[tuple[str, ...]]:
    return [(), *(path for path, _ in resolution.walk()), ("no-such-part",)]


@settings(max_examples=60, deadline=None)
@given(_RESOLUTIONS)
def test_memoised_part_lookups_equal_the_walk(resolution: ResolutionPassed) -> None:
    for cited in _paths(resolution):
        path = cited_path(resolution, cited)
        adopted = []
        for prefix in prefixes(path):
            part = resolution.part(prefix)
            if part is None:
                break
            if part.adopts is not None:
                adopted.append((part.adopts, ref_key(part.adopts)))
        keys = [(resolution.resolution, path_key(p)) for p in ((), *prefixes(path))]
        found = recommendation_of(resolution, path)
        facts = _facts_of(resolution, cited)
        assert facts.part_key == path_key(cited)
        assert facts.adopted == tuple(adopted)
        assert facts.keys == _adoption_keys(resolution, path) == tuple(keys)
        assert facts.conditions == conditions_binding(resolution, path)
        assert facts.recommended == (None if found is None else found[1].recommended_to)


@settings(max_examples=60, deadline=None)
@given(_RESOLUTIONS, st.sampled_from([None, "elsewhere"]))
def test_resolution_state_built_whole_equals_the_evolved_one(
    resolution: ResolutionPassed, home: str | None
) -> None:
    fold = Fold(home or resolution.partnership)
    resolution_passed(fold, resolution, date(2020, 1, 1), ())
    built = fold.resolution_state[resolution.resolution]
    plain = ResolutionState(
        resolution=built.resolution,
        decided_by=built.decided_by,
        decided=built.decided,
        effective=built.effective,
        item=built.item,
        title=built.title,
        status=built.status,
        in_force_from=built.in_force_from,
        awaiting_call_in=built.status is ResolutionStatus.CALLED_IN,
    )
    assert built == with_call_in(plain, resolution, fold.partnership)
    assert attrs.asdict(built) == attrs.asdict(with_call_in(plain, resolution, fold.partnership))
