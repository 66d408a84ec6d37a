"""What-if views and the council view: answers as if appended, nothing written."""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factories import P, arrangement, formed, post, resolved, shares
from govledger import (
    Citation,
    Ledger,
    Member,
    PartnershipFormed,
    ResolutionRef,
    errors,
)
from govledger.testing import World, worlds
from govledger.testing.invariants import key_dates

DAY = date(2021, 1, 1)


def test_what_if_answers_as_if_appended_and_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "ledger.db"
    with Ledger.open(path) as ledger:
        ledger.append(formed(), resolved("r1", DAY))
        head, size = ledger.head(), path.stat().st_size
        view = ledger.what_if(arrangement(authority=(ResolutionRef.parse("r1(1)"),)))
        assert view.state(P, DAY).arrangement("shared-ict") is not None
        assert ledger.state(P, DAY).arrangement("shared-ict") is None
        entries = list(view.history(P))
        assert [e.position for e in entries] == [1, 2, 3]
        assert entries[-1].hash == ""  # not in the hash chain
        assert [c.entity for c in view.diff(P, DAY - timedelta(days=1), DAY)] == ["shared-ict"]
        assert view.timeline(P)[-1].entity == "shared-ict"
        assert view.council("alpha", as_of=DAY).shared_services == {"ict", "digital"}
        assert ledger.head() == head and ledger.version(P) == 2
        assert ledger.verify().ok and path.stat().st_size == size


def test_a_rejected_event_raises_as_append_would() -> None:
    with Ledger.open(":memory:") as ledger:
        ledger.append(formed())
        bad = arrangement(authority=(ResolutionRef.parse("nope(1)"),))
        with pytest.raises(errors.InvalidAuthority) as by_append:
            ledger.append(bad)
        with pytest.raises(errors.InvalidAuthority) as by_what_if:
            ledger.what_if(bad)
        assert str(by_what_if.value) == str(by_append.value)
        with pytest.raises(errors.UsageError, match="at least one event"):
            ledger.what_if()
        with pytest.raises(errors.InvalidEvent):
            ledger.what_if("not an event")  # type: ignore[arg-type]


def test_the_ledger_stays_usable_and_the_view_keeps_its_snapshot() -> None:
    with Ledger.open(":memory:") as ledger:
        ledger.append(formed())
        view = ledger.what_if(post())
        ledger.append(shares(("alpha", Fraction(1, 2)), ("beta", Fraction(1, 2))))
        later = date(2021, 6, 1)
        assert ledger.state(P, later).post("jce") is None
        assert ledger.state(P, later).cost_share("ict-costs") is not None
        assert view.state(P, later).post("jce") is not None
        assert view.state(P, later).cost_share("ict-costs") is None  # appended after the view


def test_a_new_partnership_exists_only_in_the_view() -> None:
    other = PartnershipFormed(
        partnership="c-d",
        effective=DAY,
        name="C and D",
        members=(Member(council="c", name="C"), Member(council="d", name="D")),
        authorised_by=(Citation(document="Agreement"),),
    )
    with Ledger.open(":memory:") as ledger:
        ledger.append(formed())
        view = ledger.what_if(other)
        assert view.partnerships() == ["alpha-beta", "c-d"]
        assert view.state("c-d", DAY).exists
        with pytest.raises(errors.UnknownPartnership):
            ledger.state("c-d", DAY)
        with pytest.raises(errors.UnknownPartnership, match="nor supposed"):
            view.state("e-f", DAY)


def test_council_view_spans_partnerships() -> None:
    other = PartnershipFormed(
        partnership="alpha-gamma",
        effective=DAY,
        name="Alpha and Gamma",
        members=(Member(council="alpha", name="Alpha"), Member(council="gamma", name="Gamma")),
        authorised_by=(Citation(document="Agreement"),),
    )
    with Ledger.open(":memory:") as ledger:
        ledger.append(formed(), post(), shares(("alpha", Fraction(1, 3)), ("beta", Fraction(2, 3))))
        ledger.append(other)
        view = ledger.council("alpha", as_of=date(2021, 6, 1))
        assert view.partnership_ids == ("alpha-beta", "alpha-gamma")
        assert [p.post.post for p in view.posts] == ["jce"]
        assert [(c.partnership, c.share) for c in view.cost_shares] == [
            ("alpha-beta", Fraction(1, 3))
        ]
        assert ledger.council("gamma", as_of=date(2021, 6, 1)).partnership_ids == ("alpha-gamma",)
        assert ledger.council("beta", as_of=date(2019, 6, 1)).partnership_ids == ()
        assert ledger.council("alpha", as_of=DAY, known_at=3).partnership_ids == ("alpha-beta",)


# --------------------------------------------------------------------------- property


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(world=worlds(partnerships=2, length=24), data=st.data())
def test_what_if_state_equals_the_state_after_appending_to_a_copy(
    world: World, data: st.DataObject
) -> None:
    events = list(world.events)
    split = data.draw(st.integers(min_value=1, max_value=len(events)), label="split")
    before, supposed = events[:split], events[split:]
    if not supposed:
        return
    with Ledger.open(":memory:") as ledger, Ledger.open(":memory:") as copy:
        if before:
            ledger.append(*before)
            copy.append(*before)
        view = ledger.what_if(*supposed)
        copy.append(*supposed)
        for partnership in copy.partnerships():
            days = key_dates([e for e in events if e.partnership == partnership])
            for day in days[:: max(1, len(days) // 6)]:
                assert view.state(partnership, day) == copy.state(partnership, day)
            assert view.timeline(partnership) == copy.timeline(partnership)
            assert [e.event for e in view.history(partnership)] == [
                e.event for e in copy.history(partnership)
            ]
        assert ledger.version(P) == sum(1 for e in before if e.partnership == P)
