"""The waiting parts kept per decision (issue 17, ``projections/pending.py``) and the
answers kept per event by a freeze (``projections/freeze.py``): a state frozen with what
earlier freezes kept is the state frozen with nothing kept, whichever folds, days and
knowledge came before."""

from __future__ import annotations

import random
from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from factories import P, conditional, formed, resolved
from govledger import Event, Ledger, PartnershipState, ResolutionPassed
from govledger.events import ConditionSatisfied, Outcome
from govledger.projections import freeze, pending
from govledger.testing import histories
from govledger.testing.invariants import key_dates


def _uncached(ledger: Ledger, partnership: str, day: date, known: int) -> PartnershipState:
    pending.clear()
    for memo in (freeze._unrecorded, freeze._bound, freeze._summary, freeze._words):
        memo._kept.clear()  # and the answers kept per event
    return ledger.state(partnership, day, known_at=known)


def _may_wait(history: list[Event]) -> int:
    """How many parts in *history* can wait: recommended, conditional or adopting."""
    return sum(
        1
        for e in history
        if isinstance(e, ResolutionPassed)
        for _, part in e.walk()
        if part.outcome is Outcome.RECOMMENDED or part.conditions or part.adopts is not None
    )


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    history=histories(partnerships=2, length=40),
    seed=st.integers(0, 2**16),
    cut=st.floats(0.2, 1.0),
    kept=st.sampled_from([1, 3, 65_536]),
    variants=st.sampled_from([1, 2, pending.VARIANTS_KEPT]),
)
def test_states_frozen_with_kept_waits_are_those_frozen_without(
    history: list[Event], seed: int, cut: float, kept: int, variants: int
) -> None:
    event(f"parts that may wait: {min(_may_wait(history), 5)}")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(freeze, "PER_EVENT_KEPT", kept)  # small: forgotten and worked out again
        patch.setattr(pending, "VARIANTS_KEPT", variants)  # answers kept per decision
        _states_frozen_with_kept_waits_are_those_frozen_without(history, seed, cut)


def _states_frozen_with_kept_waits_are_those_frozen_without(
    history: list[Event], seed: int, cut: float
) -> None:
    split = max(1, int(len(history) * cut))
    with Ledger.open(":memory:") as ledger:
        ledger.append(*history[:split])
        first = ledger.position_at(None)
        if split < len(history):
            ledger.append(*history[split:])
        last = ledger.position_at(None)
        asked = [
            (partnership, day, known)
            for partnership in ledger.partnerships()
            for day in key_dates(e for e in history if e.partnership == partnership)
            for known in {first, last}
            if known == last or any(e.partnership == partnership for e in history[:split])
        ]
        random.Random(seed).shuffle(asked)  # kept from any day, fold and knowledge before
        warm = [ledger.state(p, day, known_at=known) for p, day, known in asked]
        for (partnership, day, known), state in zip(asked, warm, strict=True):
            assert state == _uncached(ledger, partnership, day, known)


def test_a_read_the_waits_do_not_record_fails_loudly(monkeypatch: pytest.MonkeyPatch) -> None:
    """The kept answer is only as good as the reads recorded: a verdict reading a fold
    container that is not recorded raises instead of being kept unseen."""
    from factories import formed, resolved
    from govledger import Part
    from govledger.events import Condition, ConditionKind

    condition = Condition(id="c1", description="a contract", kind=ConditionKind.AGREEMENT_CONCLUDED)
    with Ledger.open(":memory:") as ledger:
        ledger.append(
            formed(),
            resolved(
                "alpha-1", date(2021, 1, 1), Part(number="1", summary="x", conditions=(condition,))
            ),
        )
        monkeypatch.setattr(
            pending, "READ", tuple(n for n in pending.READ if n != "conditions_lapsed")
        )
        pending.clear()
        with pytest.raises(AttributeError):
            ledger.state("alpha-beta", date(2021, 6, 1))


def test_a_kept_answer_does_not_keep_its_decision_alive() -> None:
    """What freezing keeps for a decision lives as long as the decision object, no
    longer: once no fold holds the decision, it is collected (a process-wide table kept
    every decision ever frozen, and the collector walked them on every full pass)."""
    import gc
    import weakref

    from factories import formed, resolved
    from govledger import Part
    from govledger.events import Condition, ConditionKind
    from govledger.projections import Fold

    condition = Condition(id="c1", description="a contract", kind=ConditionKind.AGREEMENT_CONCLUDED)
    decision = resolved(
        "alpha-1", date(2021, 1, 1), Part(number="1", summary="x", conditions=(condition,))
    )
    fold = Fold("alpha-beta")
    fold.feed(formed())
    fold.feed(decision)
    state = fold.state(date(2021, 6, 1))
    assert state.pending, "the conditional part waits, so its answer was worked out and kept"
    again = fold.state(date(2021, 6, 1))
    assert again == state
    gone = weakref.ref(decision)
    del fold, decision, state, again
    gc.collect()
    assert gone() is None


def test_a_decision_keeps_an_answer_for_each_stage_questions_see_it_at() -> None:
    """Questions alternating between a day before a decision's condition was met and a
    day after it work out its waiting parts once for each stage, not on every question
    (up to VARIANTS_KEPT stages are kept per decision), and answer as without them."""
    with Ledger.open(":memory:") as ledger:
        ledger.append(
            formed(),
            resolved("r1", date(2021, 1, 1), conditional("c1")),
            ConditionSatisfied(
                partnership=P, effective=date(2021, 6, 1), condition="c1", evidence="signed"
            ),
        )
        pending.clear()
        worked: list[str] = []
        original = freeze._part_waits

        def counting(fold: Any, resolution: ResolutionPassed, called_in: bool) -> Any:
            worked.append(resolution.resolution)
            return original(fold, resolution, called_in)

        days = [date(2021, 3, 1), date(2021, 9, 1)] * 3
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(freeze, "_part_waits", counting)
            states = [ledger.state(P, day) for day in days]
        assert worked == ["r1", "r1"]  # one answer per stage, each reused twice after
        assert [len(s.pending) for s in states] == [1, 0] * 3
        for day, state in zip(days, states, strict=True):
            assert state == _uncached(ledger, P, day, ledger.position_at(None))
