"""What the rules keep between checks (issue 17) answers as working it out afresh."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govledger.events import DelegatedDecisionTaken, Event, ResolutionPassed
from govledger.rules import Decision, DecisionIndex
from govledger.rules.authority import _cited_conditions
from govledger.testing import World, worlds


def _foreign(events: list[Event], keep: list[bool]) -> dict[tuple[str, str], Decision]:
    found: dict[tuple[str, str], Decision] = {}
    decisions = [e for e in events if isinstance(e, ResolutionPassed | DelegatedDecisionTaken)]
    for event, kept in zip(decisions, keep * len(decisions), strict=False):
        if kept:
            key = event.resolution if isinstance(event, ResolutionPassed) else event.decision
            found.setdefault((event.partnership, key), event)
    return found


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    world=worlds(partnerships=3, length=40),
    keeps=st.lists(st.lists(st.booleans(), min_size=1, max_size=4), min_size=1, max_size=4),
)
def test_the_conditions_of_cited_decisions_kept_are_those_found_afresh(
    world: World, keeps: list[list[bool]]
) -> None:
    """Checked decision after decision, with the cited decisions replaced now and then,
    the conditions they declare come from what was kept only while it still fits."""
    events: list[Event] = list(world.events)
    resolutions = [e for e in events if isinstance(e, ResolutionPassed)]
    index = DecisionIndex()
    for keep in keeps:
        index.foreign = _foreign(events, keep)  # replaced, as each check does
        for event in resolutions:  # of every partnership, in turn
            fresh = DecisionIndex()
            fresh.foreign = dict(index.foreign)
            assert _cited_conditions(event, index) == _cited_conditions(event, fresh)
