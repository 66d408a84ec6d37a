"""Part-level state: each part's outcome, conditions, call-in and force, in one read."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings

from factories import P, conditional, formed, resolved
from govledger import (
    BodyKind,
    CallInDetermined,
    CallInOutcome,
    CallInRequested,
    ConditionSatisfied,
    CouncilBody,
    Ledger,
    Outcome,
    Part,
    ResolutionRef,
    Tally,
    Vote,
)
from govledger.partstate import ConditionStatus
from govledger.testing import World, worlds
from govledger.testing.invariants import key_dates

DAY = date(2021, 1, 1)


def test_had_part_2_been_approved_by_then_and_by_whom() -> None:
    parts = (
        Part(number="1", summary="noted", outcome=Outcome.NOTED),
        Part(
            number="2",
            summary="approve the business case",
            votes=(Vote(tally=Tally(in_favour=7, against=3)),),
        ),
    )
    mirror = Part(
        number="4",
        summary="agree the business case",
        mirrors=(ResolutionRef(resolution="a1", part=("2",)),),
    )
    with Ledger.open(":memory:") as ledger:
        ledger.append(formed(), resolved("a1", DAY, *parts))
        ledger.append(resolved("b1", DAY + timedelta(days=5), mirror, council="beta"))
        before = ledger.state(P, DAY + timedelta(days=1)).part("a1(2)")
        after = ledger.state(P, DAY + timedelta(days=5)).part("a1(2)")
        assert before is not None and after is not None
        assert before.approved and before.in_force and before.agreed_by == ("alpha",)
        assert after.agreed_by == ("alpha", "beta")
        assert after.mirrored_by == (ResolutionRef(resolution="b1", part=("4",)),)
        assert after.votes[0].tally == Tally(in_favour=7, against=3)
        noted = ledger.state(P, DAY).part("a1(1)")
        assert noted is not None and not noted.in_force and noted.why_not == ("the part was noted",)
        assert ledger.state(P, DAY - timedelta(days=1)).part("a1(2)") is None


def test_an_adoption_waits_with_its_recommendation_for_the_other_bodies() -> None:
    """One of two bodies a recommendation went to adopting it is not enough: the adopting
    part is listed as pending, and its part state agrees (found by the property below)."""
    council = CouncilBody(council="alpha", name="Council", kind=BodyKind.FULL_COUNCIL)
    cabinet = CouncilBody(council="alpha", name="Cabinet", kind=BodyKind.EXECUTIVE)
    beta = CouncilBody(council="beta", name="Council", kind=BodyKind.FULL_COUNCIL)
    recommend = Part(
        number="1",
        summary="recommend the business case",
        outcome=Outcome.RECOMMENDED,
        recommended_to=(cabinet, beta),
    )
    adopt = Part(
        number="1",
        summary="adopt the recommendation",
        adopts=ResolutionRef(resolution="c1", part=("1",)),
    )
    with Ledger.open(":memory:") as ledger:
        ledger.append(
            formed(),
            resolved("c1", DAY, recommend, decided_by=council),
            resolved("k1", DAY + timedelta(days=1), adopt),
        )
        state = ledger.state(P, DAY + timedelta(days=2))
        assert ResolutionRef(resolution="k1", part=("1",)) in {p.ref for p in state.pending}
        adopting = state.part("k1(1)")
        assert adopting is not None and adopting.approved and not adopting.in_force
        assert adopting.why_not == ("awaiting adoption by BETA Council",)


def test_a_recommended_part_is_in_force_once_every_body_it_went_to_has_adopted_it() -> None:
    """The recommendation never changes; what it authorises does, once each body adopts."""
    council = CouncilBody(council="alpha", name="Council", kind=BodyKind.FULL_COUNCIL)
    cabinet = CouncilBody(council="alpha", name="Cabinet", kind=BodyKind.EXECUTIVE)
    beta = CouncilBody(council="beta", name="Council", kind=BodyKind.FULL_COUNCIL)
    recommend = Part(
        number="1",
        summary="recommend the business case",
        outcome=Outcome.RECOMMENDED,
        recommended_to=(cabinet, beta),
    )
    adopt = Part(
        number="1",
        summary="adopt the recommendation",
        adopts=ResolutionRef(resolution="c1", part=("1",)),
    )
    with Ledger.open(":memory:") as ledger:
        ledger.append(
            formed(),
            resolved("c1", DAY, recommend, decided_by=council),
            resolved("k1", DAY + timedelta(days=1), adopt),
        )
        one = ledger.state(P, DAY + timedelta(days=2)).part("c1(1)")
        assert one is not None and not one.in_force
        assert one.why_not == (
            "recommended to ALPHA Cabinet, BETA Council; adopted by k1(1)",
            "awaiting adoption by BETA Council",
        )
        ledger.append(resolved("b1", DAY + timedelta(days=3), adopt, decided_by=beta))
        both = ledger.state(P, DAY + timedelta(days=4)).part("c1(1)")
        assert both is not None
        assert both.why_not == () and both.in_force
        assert both.adopted_by == ResolutionRef(resolution="b1", part=("1",))
        assert not both.approved  # recommended, not resolved: the record never changes
        before = ledger.state(P, DAY + timedelta(days=2)).part("c1(1)")
        assert before is not None and not before.in_force


def test_conditions_show_their_status_and_the_day_they_were_met() -> None:
    with Ledger.open(":memory:") as ledger:
        ledger.append(formed(), resolved("a1", DAY, conditional("beta-ok", council="beta")))
        waiting = ledger.state(P, DAY).part("a1(1)")
        assert waiting is not None and not waiting.in_force
        assert [c.status for c in waiting.conditions] == [ConditionStatus.UNMET]
        met = DAY + timedelta(days=3)
        ledger.append(
            ConditionSatisfied(partnership=P, effective=met, condition="beta-ok", evidence="ok")
        )
        done = ledger.state(P, met).part("a1(1)")
        assert done is not None and done.in_force and done.conditions_met
        assert (done.conditions[0].on, done.agreed_by) == (met, ("alpha", "beta"))


def test_call_in_is_part_of_why_a_part_is_not_in_force() -> None:
    decision = resolved(
        "a1",
        DAY,
        call_in_deadline=DAY + timedelta(days=7),
        effective=DAY + timedelta(days=8),
        published=DAY + timedelta(days=1),
    )
    with Ledger.open(":memory:") as ledger:
        ledger.append(formed(), decision)
        window = ledger.state(P, DAY + timedelta(days=2)).part("a1(1)")
        assert window is not None and window.status == "call_in_window"
        assert window.why_not == ("call-in window open until 2021-01-08",)
        assert window.published == DAY + timedelta(days=1)
        ledger.append(
            CallInRequested(
                partnership=P, effective=DAY + timedelta(days=3), resolution="a1", requested_by="x"
            ),
            CallInDetermined(
                partnership=P,
                effective=DAY + timedelta(days=20),
                resolution="a1",
                outcome=CallInOutcome.REFERRED_BACK,
            ),
        )
        gone = ledger.state(P, DAY + timedelta(days=30)).part("a1(1)")
        assert gone is not None and gone.status == "referred_back" and not gone.in_force


@settings(max_examples=20, deadline=None)
@given(world=worlds(partnerships=1, length=30))
def test_a_part_in_force_authorises_and_a_waiting_one_is_listed(world: World) -> None:
    """A resolved part is in force exactly when it is not listed as pending or lapsed."""
    with Ledger.open(":memory:") as ledger:
        ledger.append(*world.events)
        for partnership in ledger.partnerships():
            days = key_dates([e for e in world.events if e.partnership == partnership])
            for day in days[:: max(1, len(days) // 5)]:
                state = ledger.state(partnership, day)
                waiting = {p.ref for p in state.pending if p.ref is not None}
                waiting |= {p.ref for p in state.lapsed if p.ref is not None}
                for part in state.parts():
                    resolution = state.resolution(part.ref.resolution)
                    assert resolution is not None
                    if part.outcome is Outcome.RESOLVED and resolution.status.value == "in_force":
                        assert part.in_force == (part.ref not in waiting), part
                    if part.in_force:  # resolved, or recommended and adopted
                        assert part.why_not == (), part
                        assert part.approved or part.adopted_by is not None, part
