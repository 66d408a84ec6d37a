"""Waypoints on a ledger citing another partnership's decisions, asked later days first
(issue 17): a waypoint kept on the way to a later day may have been fed the story of a
decision cited only later, so an earlier question must turn it down; questions that keep
turning waypoints down stop keeping them. Every answer is the log's alone."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factories import P, resolved
from govledger import Event, Ledger, ResolutionRef, errors
from govledger.ledger import folds
from govledger.ledger.folds import WAYPOINT, FoldSource
from govledger.store import Checkpoint
from govledger.testing.invariants import state_in_log
from test_cited_elsewhere import ENTERS, Q, cite, entering, seed_shaped
from test_cited_kept import Log


def _cited_later(decided: list[int], cited: list[int]) -> list[Event]:
    """Alpha's decisions on days *decided* (after ``ENTERS``), each cited by an entry of
    ``Q`` its *cited* days later: a later question's fold is fed their stories from
    before the entries that cite them."""
    made: list[Event] = []
    for number, (on, after) in enumerate(zip(decided, cited, strict=False)):
        resolution = f"alpha-x-{number}"
        day = ENTERS + timedelta(days=on)
        made.append(resolved(resolution, day))
        made.append(
            entering(
                arrangement=f"ict-x-{number}",
                name=f"ICT {number}",
                effective=day + timedelta(days=after),
                authorised_by=(
                    *cite(resolution, "1"),
                    ResolutionRef(resolution="gamma-exec-9", part=("1",)),
                ),
            )
        )
        made.append(resolved(f"gamma-n-{number}", day, council="gamma", partnership=Q))
    return made


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    decided=st.lists(st.integers(min_value=0, max_value=60), min_size=1, max_size=4),
    cited=st.lists(st.integers(min_value=1, max_value=60), min_size=1, max_size=4),
    offsets=st.lists(st.integers(min_value=-30, max_value=150), min_size=2, max_size=12),
    refusals=st.sampled_from([1, 2, 1_000]),
    tries=st.sampled_from([1, 4]),
)
def test_waypoints_answer_earlier_questions_exactly_after_later_ones(
    decided: list[int], cited: list[int], offsets: list[int], refusals: int, tries: int
) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(folds, "WAYPOINT_EVERY", 1)
        patch.setattr(folds, "WAYPOINT_REFUSALS", refusals)
        patch.setattr(folds, "WAYPOINT_TRIES", tries)
        with Ledger.open(":memory:") as ledger:
            seed_shaped(ledger)
            log: Log = [(entry.position, entry.event) for entry in ledger.events()]
            for made in _cited_later(decided, cited):
                try:
                    ledger.append(made)
                except errors.GovLedgerError:
                    continue
                log.append((len(log) + 1, made))
            days = sorted({ENTERS + timedelta(days=offset) for offset in offsets}, reverse=True)
            for day in days + days:  # later days first, then all of them again
                for partnership in (P, Q):
                    assert ledger.state(partnership, day) == state_in_log(partnership, log, day)


def _waypoint(known: int) -> Checkpoint:
    return Checkpoint(
        partnership=P,
        kind=folds.STATE,
        through=date(2022, 1, 1),
        position=known,
        format=WAYPOINT,
        data=b"",
        entries=1,
    )


def test_questions_turning_every_waypoint_down_try_them_only_at_powers_of_two() -> None:
    with Ledger.open(":memory:") as ledger:
        source: FoldSource = ledger._folds
        worth = []
        for _ in range(20):  # each question tried a waypoint and turned it down
            worth.append(source._waypoints_worth(P, 7))
            source._turned_down(P, 7, [date(2022, 1, 1)], None, worth[-1])
        refused = [n for n in range(20) if not worth[n]]
        assert refused == [n for n in range(20) if n >= folds.WAYPOINT_REFUSALS and n & (n - 1)]
        assert not source._waypoints_worth(P, 7)
        assert source._waypoints_worth(P, 8)  # new knowledge: the count starts again
        assert source._waypoints_worth(Q, 7)  # counted by partnership
        source._turned_down(P, 7, [date(2022, 1, 1)], _waypoint(7), True)  # one served
        assert source._refused[P] == (7, 0)
        source._turned_down(P, 7, [], None, True)  # none kept yet: nothing turned down
        assert source._refused[P] == (7, 0)
