"""Waypoints on a ledger citing another partnership's decisions, asked later days first
(issue 17): a fold is fed the story of every decision the partnership's known entries
cite, whatever the question, so a waypoint kept on the way to a later day serves an
earlier question too, which then takes out the stories it does not see. Every answer is
the log's alone, as a fold from the first entry gives it."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factories import CITE, P, conditional, resolved
from govledger import (
    ConditionLapsed,
    ConditionSatisfied,
    Event,
    Ledger,
    ResolutionRef,
    errors,
)
from govledger.ledger import waypoints
from govledger.ledger.folds import WAYPOINT, FoldSource
from govledger.projections import Fold
from govledger.projections.stories import take_out
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
    tries=st.sampled_from([1, 4]),
)
def test_waypoints_answer_earlier_questions_exactly_after_later_ones(
    decided: list[int], cited: list[int], offsets: list[int], tries: int
) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(waypoints, "WAYPOINT_EVERY", 1)
        patch.setattr(waypoints, "WAYPOINT_TRIES", tries)
        with Ledger.open(":memory:") as ledger:
            log = _ledger_citing_later(ledger, decided, cited)
            days = sorted({ENTERS + timedelta(days=offset) for offset in offsets}, reverse=True)
            for day in days + days:  # later days first, then all of them again
                for partnership in (P, Q):
                    assert ledger.state(partnership, day) == state_in_log(partnership, log, day)


def _ledger_citing_later(ledger: Ledger, decided: list[int], cited: list[int]) -> Log:
    seed_shaped(ledger)
    log: Log = [(entry.position, entry.event) for entry in ledger.events()]
    for made in _cited_later(decided, cited):
        try:
            ledger.append(made)
        except errors.GovLedgerError:
            continue
        log.append((len(log) + 1, made))
    return log


def resumptions(patch: pytest.MonkeyPatch) -> list[Checkpoint | None]:
    """What each question resumes from (``None``: the first entry), as it asks."""
    resumed: list[Checkpoint | None] = []
    original = FoldSource._resumed

    def spy(self: FoldSource, *args: Any) -> Any:
        fold, found = original(self, *args)
        resumed.append(found)
        return fold, found

    patch.setattr(FoldSource, "_resumed", spy)
    return resumed


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    decided=st.lists(st.integers(min_value=0, max_value=60), min_size=1, max_size=4),
    cited=st.lists(st.integers(min_value=1, max_value=60), min_size=1, max_size=4),
    later=st.integers(min_value=30, max_value=150),
    earlier=st.lists(st.integers(min_value=-30, max_value=150), min_size=1, max_size=6),
)
def test_a_question_from_a_waypoint_kept_for_a_later_day_equals_a_fold_from_entry_one(
    decided: list[int], cited: list[int], later: int, earlier: list[int]
) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(waypoints, "WAYPOINT_EVERY", 1)
        resumed = resumptions(patch)
        with (
            Ledger.open(":memory:") as asked,
            Ledger.open(":memory:", checkpoints=False) as plain,
        ):
            log = _ledger_citing_later(asked, decided, cited)
            _ledger_citing_later(plain, decided, cited)
            asked.state(Q, ENTERS + timedelta(days=later))  # keeps waypoints on the way
            for offset in earlier:
                day = ENTERS + timedelta(days=min(offset, later))
                resumed.clear()
                state = asked.state(Q, day)
                assert state == plain.state(Q, day)  # folded from entry 1
                assert state == state_in_log(Q, log, day)
                found = resumed[0] if resumed else None
                if found is not None and found.format == WAYPOINT:
                    assert found.through <= day  # a waypoint of the later question served


def test_an_earlier_question_resumes_from_a_waypoint_fed_a_story_it_does_not_see() -> None:
    """Alpha's decision of day 0 is cited by Q only from day 60: the later question's
    fold was fed its story from day 0, and the question on day 40 still resumes from the
    waypoint kept on day 30 (it used to fold from the first entry)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(waypoints, "WAYPOINT_EVERY", 1)
        resumed = resumptions(patch)
        with Ledger.open(":memory:") as ledger:
            log = _ledger_citing_later(ledger, [0, 30], [60, 1])
            assert ledger.state(Q, ENTERS + timedelta(days=90)) == state_in_log(
                Q, log, ENTERS + timedelta(days=90)
            )
            day = ENTERS + timedelta(days=40)
            resumed.clear()
            state = ledger.state(Q, day)
            assert state == state_in_log(Q, log, day)
            assert "alpha-x-0" not in {r.resolution for r in state.resolutions}
            assert "alpha-x-1" in {r.resolution for r in state.resolutions}
            found = resumed[0]
            assert found is not None and found.format == WAYPOINT
            assert found.through >= ENTERS + timedelta(days=31)


def test_a_story_named_by_another_entry_is_not_taken_out() -> None:
    """A decision recorded elsewhere whose id an entry at home also names (here as a
    decision of its own partnership) is not apart: taking its story out is refused and
    leaves the fold as it was, so the question folds without it instead."""
    fold = Fold(Q)
    fold.feed(resolved("alpha-x-0", ENTERS))  # recorded in P, cited from Q
    assert fold.stories["alpha-x-0"] == (P, 1, ENTERS, True)
    kept = fold.copy()
    assert take_out(kept, {P: frozenset({"alpha-x-0"})})
    assert "alpha-x-0" not in kept.resolutions and kept.fed == 0 and kept.day == date.min
    fold.feed(
        entering(
            effective=ENTERS + timedelta(days=1),
            authorised_by=(ResolutionRef(resolution="alpha-x-0", part=("1",)),),
        )
    )
    assert not fold.stories["alpha-x-0"][3]
    before = fold.copy()
    assert not take_out(fold, {P: frozenset({"alpha-x-0"})})
    assert vars(fold) == vars(before)


def _conditioned_later(
    decided: list[int], cited: list[int], settled: list[tuple[bool, int] | None]
) -> list[Event]:
    """As :func:`_cited_later`, with some of Alpha's decisions conditional: a condition
    met or lapsed in ``P`` some days on (*settled*) releases or drops the entry of ``Q``
    waiting on it, so that decision's story does not stay apart."""
    made: list[Event] = []
    for number, (event, outcome) in enumerate(
        zip(_cited_later(decided, cited)[::3], settled, strict=False)
    ):
        resolution = f"alpha-x-{number}"
        day = event.effective
        assert isinstance(day, date)
        if outcome is None:
            made.append(event)
        else:
            made.append(resolved(resolution, day, conditional(f"alpha-c-{number}")))
        made.extend(_cited_later(decided, cited)[3 * number + 1 : 3 * number + 3])
        if outcome is not None:
            met, after = outcome
            common: dict[str, Any] = {
                "partnership": P,
                "effective": day + timedelta(days=after),
                "condition": f"alpha-c-{number}",
                "authorised_by": CITE,
            }
            made.append(
                ConditionSatisfied(**common, evidence="the agreement was signed")
                if met
                else ConditionLapsed(**common, reason="the agreement was not signed")
            )
    return made


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    decided=st.lists(st.integers(min_value=0, max_value=60), min_size=1, max_size=3),
    cited=st.lists(st.integers(min_value=1, max_value=60), min_size=1, max_size=3),
    settled=st.lists(
        st.none() | st.tuples(st.booleans(), st.integers(min_value=0, max_value=90)),
        min_size=1,
        max_size=3,
    ),
    offsets=st.lists(st.integers(min_value=-30, max_value=180), min_size=2, max_size=10),
)
def test_questions_in_any_order_answer_exactly_where_cited_stories_release_waiting_entries(
    decided: list[int],
    cited: list[int],
    settled: list[tuple[bool, int] | None],
    offsets: list[int],
) -> None:
    """Conditions on cited decisions met or lapsed later: stories that do not stay apart
    (``projections.stories``), asked later days first, then in the order drawn."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(waypoints, "WAYPOINT_EVERY", 1)
        with (
            Ledger.open(":memory:") as asked,
            Ledger.open(":memory:", checkpoints=False) as plain,
        ):
            seed_shaped(asked)
            seed_shaped(plain)
            log: Log = [(entry.position, entry.event) for entry in asked.events()]
            for made in _conditioned_later(decided, cited, settled):
                try:
                    asked.append(made)
                except errors.GovLedgerError:
                    continue
                plain.append(made)
                log.append((len(log) + 1, made))
            days = [ENTERS + timedelta(days=offset) for offset in offsets]
            for day in sorted(set(days), reverse=True) + days:
                for partnership in (P, Q):
                    state = asked.state(partnership, day)
                    assert state == plain.state(partnership, day)
                    assert state == state_in_log(partnership, log, day)
