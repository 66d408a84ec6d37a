"""What a partnership looks like on a date: in force, pending, lapsed, uncertain."""

from __future__ import annotations

import random
from datetime import date, timedelta
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factories import (
    CITE,
    P,
    arrangement,
    conditional,
    formed,
    must,
    post,
    ref,
    resolved,
    shares,
)
from govledger import (
    ArrangementDecoupled,
    ArrangementStatus,
    Awaiting,
    CallInDetermined,
    CallInOutcome,
    CallInRequested,
    Condition,
    ConditionLapsed,
    ConditionSatisfied,
    Ledger,
    Member,
    MemberSucceeded,
    NoticeGiven,
    Part,
    Period,
    PostRetitled,
    ResolutionRef,
    state_as_of,
)
from govledger.events import EntryRetracted, Event, certain_from, is_change
from govledger.projections import Fold, order_key
from govledger.testing import World, worlds


def test_state_before_formation_is_empty(ledger: Ledger) -> None:
    ledger.append(formed())
    state = ledger.state(P, as_of=date(2019, 12, 31))
    assert not state.exists and state.members == ()


def test_members_after_formation(ledger: Ledger) -> None:
    ledger.append(formed())
    assert ledger.state(P, as_of=date(2020, 1, 1)).member_councils == {"alpha", "beta"}


def test_conditional_change_waits_for_its_condition(ledger: Ledger) -> None:
    ledger.append(formed(), resolved("r1", date(2021, 1, 1), conditional("agreements")))
    ledger.append(arrangement(authority=ref("r1")))
    state = ledger.state(P, as_of=date(2021, 6, 1))
    assert "ict" not in state.shared_services
    pending = [p for p in state.pending if p.event is not None]
    assert len(pending) == 1
    assert pending[0].reasons[0].kind is Awaiting.CONDITION


@pytest.mark.parametrize("cited", [(), ("1",)], ids=["whole decision", "its one part"])
def test_citing_a_one_part_decision_whole_is_citing_that_part(
    ledger: Ledger, cited: tuple[str, ...]
) -> None:
    # The condition sits on a sub-part, (1)(a); the change cites (1), which it does not bind.
    nested = Part(
        number="1",
        summary="approve the shared service",
        parts=(
            Part(
                number="a",
                summary="and a later phase, subject to agreements",
                conditions=(Condition(id="agreements", description="the agreements"),),
            ),
        ),
    )
    ledger.append(formed(), resolved("r1", date(2021, 1, 1), nested))
    ledger.append(arrangement(authority=(ResolutionRef(resolution="r1", part=cited),)))

    state = ledger.state(P, as_of=date(2021, 6, 1))

    assert "ict" in state.shared_services
    assert not [p for p in state.pending if p.event is not None]


def test_conditional_change_in_force_from_satisfaction(ledger: Ledger) -> None:
    ledger.append(formed(), resolved("r1", date(2021, 1, 1), conditional("agreements")))
    ledger.append(arrangement(authority=ref("r1")))
    ledger.append(
        ConditionSatisfied(
            partnership=P, effective=date(2021, 3, 15), condition="agreements", evidence="signed"
        )
    )
    assert "ict" not in ledger.state(P, as_of=date(2021, 3, 14)).shared_services
    state = ledger.state(P, as_of=date(2021, 3, 15))
    assert "ict" in state.shared_services
    assert state.arrangement("shared-ict").since == date(2021, 3, 15)  # type: ignore[union-attr]
    assert state.pending == ()


def test_condition_satisfied_before_the_decision(ledger: Ledger) -> None:
    ledger.append(
        formed(), resolved("r1", date(2021, 2, 1), conditional("partner-approval", council="beta"))
    )
    ledger.append(
        ConditionSatisfied(
            partnership=P,
            effective=date(2021, 1, 20),
            condition="partner-approval",
            evidence="Beta Cabinet agreed the day before",
        ),
        arrangement(on=date(2021, 2, 1), authority=ref("r1")),
    )
    state = ledger.state(P, as_of=date(2021, 2, 1))
    assert "ict" in state.shared_services


def test_member_decision_condition_says_whose_decision(ledger: Ledger) -> None:
    ledger.append(
        formed(), resolved("r1", date(2021, 1, 1), conditional("partner-approval", council="beta"))
    )
    ledger.append(arrangement(authority=ref("r1")))
    reason = next(p for p in ledger.state(P, as_of=date(2021, 1, 2)).pending if p.event).reasons[0]
    assert reason.kind is Awaiting.MEMBER_DECISION
    assert "BETA" in reason.detail


def test_lapsed_condition_means_never_in_force(ledger: Ledger) -> None:
    ledger.append(formed(), resolved("r1", date(2021, 1, 1), conditional("agreements")))
    ledger.append(arrangement(authority=ref("r1")))
    ledger.append(
        ConditionLapsed(
            partnership=P,
            effective=date(2021, 5, 1),
            condition="agreements",
            reason="no agreement reached",
        )
    )
    state = ledger.state(P, as_of=date(2030, 1, 1))
    assert "ict" not in state.shared_services
    assert any("lapsed" in lapsed.reason for lapsed in state.lapsed)
    assert not any(p.event for p in state.pending)


def _called_in_resolution(ledger: Ledger) -> None:
    ledger.append(
        formed(),
        resolved(
            "r1", date(2021, 1, 4), effective=date(2021, 1, 12), call_in_deadline=date(2021, 1, 11)
        ),
    )
    ledger.append(arrangement(on=date(2021, 1, 12), authority=ref("r1")))


def test_decision_in_call_in_window_is_not_yet_in_force(ledger: Ledger) -> None:
    _called_in_resolution(ledger)
    state = ledger.state(P, as_of=date(2021, 1, 6))
    assert any(r.kind is Awaiting.CALL_IN_WINDOW for p in state.pending for r in p.reasons)
    assert ledger.state(P, as_of=date(2021, 1, 12)).shared_services == {"ict", "digital"}


def test_called_in_decision_waits_for_scrutiny(ledger: Ledger) -> None:
    _called_in_resolution(ledger)
    ledger.append(
        CallInRequested(
            partnership=P,
            effective=date(2021, 1, 8),
            resolution="r1",
            requested_by="five non-executive members",
        )
    )
    state = ledger.state(P, as_of=date(2021, 1, 20))
    assert "ict" not in state.shared_services
    assert any(r.kind is Awaiting.CALL_IN for p in state.pending for r in p.reasons)


def test_call_in_with_no_further_action_takes_effect_on_determination(ledger: Ledger) -> None:
    _called_in_resolution(ledger)
    ledger.append(
        CallInRequested(
            partnership=P, effective=date(2021, 1, 8), resolution="r1", requested_by="members"
        )
    )
    ledger.append(
        CallInDetermined(
            partnership=P,
            effective=date(2021, 1, 25),
            resolution="r1",
            outcome=CallInOutcome.NO_FURTHER_ACTION,
        )
    )
    assert "ict" not in ledger.state(P, as_of=date(2021, 1, 24)).shared_services
    assert "ict" in ledger.state(P, as_of=date(2021, 1, 25)).shared_services


def test_call_in_referred_back_never_takes_effect(ledger: Ledger) -> None:
    _called_in_resolution(ledger)
    ledger.append(
        CallInRequested(
            partnership=P, effective=date(2021, 1, 8), resolution="r1", requested_by="members"
        )
    )
    ledger.append(
        CallInDetermined(
            partnership=P,
            effective=date(2021, 1, 25),
            resolution="r1",
            outcome=CallInOutcome.REFERRED_BACK,
        )
    )
    state = ledger.state(P, as_of=date(2022, 1, 1))
    assert "ict" not in state.shared_services
    assert state.lapsed and "referred back" in state.lapsed[0].reason


def test_change_authorised_by_each_member_waits_for_both(ledger: Ledger) -> None:
    ledger.append(
        formed(),
        resolved("alpha-r", date(2021, 1, 1)),
        resolved("beta-r", date(2021, 1, 10), council="beta", effective=date(2021, 1, 20)),
    )
    ledger.append(arrangement(on=date(2021, 1, 10), authority=(*ref("alpha-r"), *ref("beta-r"))))
    assert "ict" not in ledger.state(P, as_of=date(2021, 1, 19)).shared_services
    assert "ict" in ledger.state(P, as_of=date(2021, 1, 20)).shared_services


def test_period_dated_fact_is_uncertain_inside_the_period(ledger: Ledger) -> None:
    week = Period(
        earliest=date(2021, 9, 1), latest=date(2021, 9, 7), words="the first week of September 2021"
    )
    ledger.append(formed(), arrangement(on=week))
    before = ledger.state(P, as_of=date(2021, 8, 31))
    inside = ledger.state(P, as_of=date(2021, 9, 3))
    after = ledger.state(P, as_of=date(2021, 9, 7))
    assert before.uncertain == () and "ict" not in before.shared_services
    assert "ict" not in inside.shared_services
    assert [u.period for u in inside.uncertain] == [week]
    assert "ict" in after.shared_services and after.uncertain == ()


def test_retitle_for_a_term_reverts_afterwards(ledger: Ledger) -> None:
    ledger.append(
        formed(),
        post(),
        PostRetitled(
            partnership=P,
            effective=date(2021, 7, 29),
            authorised_by=CITE,
            post="jce",
            previous_title="Acting Joint Chief Executive",
            new_title="Joint Chief Executive",
            until=Period(
                earliest=date(2023, 3, 31), latest=date(2023, 3, 31), words="the end of 2022/23"
            ),
        ),
    )
    titles = [
        must(ledger.state(P, as_of=d).post("jce")).title
        for d in (date(2021, 7, 28), date(2021, 7, 29), date(2023, 3, 31), date(2023, 4, 1))
    ]
    assert titles == [
        "Acting Joint Chief Executive",
        "Joint Chief Executive",
        "Joint Chief Executive",
        "Acting Joint Chief Executive",
    ]


def test_arrangement_under_notice_stays_in_force_until_notice_ends(ledger: Ledger) -> None:
    ledger.append(
        formed(),
        arrangement(),
        NoticeGiven(
            partnership=P,
            effective=date(2022, 2, 8),
            authorised_by=CITE,
            arrangement="shared-ict",
            given_by="alpha",
            notice_ends=date(2022, 8, 31),
        ),
    )
    during = ledger.state(P, as_of=date(2022, 8, 31)).arrangement("shared-ict")
    after = ledger.state(P, as_of=date(2022, 9, 1)).arrangement("shared-ict")
    assert (
        during is not None and during.status is ArrangementStatus.UNDER_NOTICE and during.in_force
    )
    assert (
        after is not None
        and after.status is ArrangementStatus.ENDED
        and after.closed_on == date(2022, 8, 31)
    )


def test_partial_decoupling_keeps_the_rest_shared(ledger: Ledger) -> None:
    ledger.append(
        formed(),
        arrangement(),
        ArrangementDecoupled(
            partnership=P,
            effective=date(2022, 1, 1),
            authorised_by=CITE,
            arrangement="shared-ict",
            services=("ict",),
        ),
    )
    state = ledger.state(P, as_of=date(2022, 1, 1))
    assert state.shared_services == {"digital"}
    assert state.arrangement("shared-ict").decoupled_services == ("ict",)  # type: ignore[union-attr]


def test_newer_cost_share_supersedes_older(ledger: Ledger) -> None:
    ledger.append(
        formed(),
        shares(("alpha", Fraction(1, 2)), ("beta", Fraction(1, 2))),
        shares(("alpha", Fraction(3, 5)), ("beta", Fraction(2, 5)), effective=date(2023, 4, 1)),
    )
    before = must(ledger.state(P, as_of=date(2023, 3, 31)).cost_share("ict-costs"))
    after = must(ledger.state(P, as_of=date(2023, 4, 1)).cost_share("ict-costs"))
    assert before.share_of("alpha") == Fraction(1, 2)
    assert after.share_of("alpha") == Fraction(3, 5)


def test_member_succeeded_by_a_new_authority(ledger: Ledger) -> None:
    ledger.append(
        formed(),
        MemberSucceeded(
            partnership=P,
            effective=date(2021, 4, 1),
            authorised_by=CITE,
            council="beta",
            successor=Member(council="gamma", name="Gamma Unitary Council"),
        ),
    )
    state = ledger.state(P, as_of=date(2021, 4, 1))
    assert state.member_councils == {"alpha", "gamma"}
    assert state.former_members[0].succeeded_by == "gamma"


def _history() -> list[tuple[int, object]]:
    events = [
        formed(),
        post(),
        resolved("r1", date(2021, 1, 1), conditional("agreements")),
        arrangement(authority=ref("r1")),
        ConditionSatisfied(
            partnership=P, effective=date(2021, 3, 15), condition="agreements", evidence="signed"
        ),
        shares(("alpha", Fraction(1, 2)), ("beta", Fraction(1, 2))),
        ArrangementDecoupled(
            partnership=P,
            effective=date(2022, 8, 31),
            authorised_by=CITE,
            arrangement="shared-ict",
            services=("ict",),
        ),
    ]
    return list(enumerate(events, start=1))


@given(
    seed=st.integers(min_value=0, max_value=2**32), offset=st.integers(min_value=0, max_value=1400)
)
def test_state_does_not_depend_on_input_order(seed: int, offset: int) -> None:
    history = _history()
    shuffled = history[:]
    random.Random(seed).shuffle(shuffled)
    day = date(2019, 12, 1) + timedelta(days=offset)
    assert state_as_of(P, history, day) == state_as_of(P, shuffled, day)  # type: ignore[arg-type]


@given(offset=st.integers(min_value=0, max_value=1400))
def test_state_uses_only_events_effective_by_the_date(offset: int) -> None:
    history = _history()
    day = date(2019, 12, 1) + timedelta(days=offset)
    from govledger.events import certain_from

    effective = [(p, e) for p, e in history if certain_from(e.effective) <= day]  # type: ignore[attr-defined]
    later_dropped = state_as_of(P, effective, day)  # type: ignore[arg-type]
    full = state_as_of(P, history, day)  # type: ignore[arg-type]
    assert later_dropped.arrangements == full.arrangements
    assert later_dropped.posts == full.posts
    assert later_dropped.cost_shares == full.cost_shares


def test_change_waking_after_its_arrangement_ended_never_takes_effect(ledger: Ledger) -> None:
    ledger.append(
        formed(),
        arrangement(),
        NoticeGiven(
            partnership=P,
            effective=date(2022, 2, 8),
            authorised_by=CITE,
            arrangement="shared-ict",
            given_by="alpha",
            notice_ends=date(2022, 8, 31),
        ),
        resolved("r1", date(2022, 7, 4), conditional("agreements")),
        ArrangementDecoupled(
            partnership=P,
            effective=date(2022, 7, 4),
            authorised_by=ref("r1"),
            arrangement="shared-ict",
            services=("ict",),
        ),
    )
    ledger.append(
        ConditionSatisfied(
            partnership=P, effective=date(2022, 10, 1), condition="agreements", evidence="signed"
        )
    )
    state = ledger.state(P, as_of=date(2022, 10, 2))
    ended = state.arrangement("shared-ict")
    assert ended is not None
    assert ended.status is ArrangementStatus.ENDED
    assert ended.decoupled_services == ()
    assert any("had already ended" in lapsed.reason for lapsed in state.lapsed)


def test_waiting_change_is_moot_once_its_arrangement_has_ended(ledger: Ledger) -> None:
    ledger.append(
        formed(),
        arrangement(),
        NoticeGiven(
            partnership=P,
            effective=date(2022, 2, 8),
            authorised_by=CITE,
            arrangement="shared-ict",
            given_by="alpha",
            notice_ends=date(2022, 8, 31),
        ),
        resolved("r1", date(2022, 7, 4), conditional("agreements")),
        ArrangementDecoupled(
            partnership=P,
            effective=date(2022, 7, 4),
            authorised_by=ref("r1"),
            arrangement="shared-ict",
            services=("ict",),
        ),
    )
    during_notice = ledger.state(P, as_of=date(2022, 8, 31))
    after_end = ledger.state(P, as_of=date(2022, 9, 1))
    assert [p.event for p in during_notice.pending if p.event is not None]
    assert not [p.event for p in after_end.pending if p.event is not None]
    assert any("had already ended" in lapsed.reason for lapsed in after_end.lapsed)


@settings(max_examples=30)
@given(world=worlds(partnerships=1, length=30), data=st.data())
def test_a_copied_fold_and_its_original_never_affect_each_other(
    world: World, data: st.DataObject
) -> None:
    # Ledgers keep folds read from checkpoints and hand out copies to feed on.
    pairs = [(position, event) for position, event in enumerate(world.events, start=1)]
    ordered = [event for _, event in sorted(pairs, key=lambda pair: order_key(pair[1], pair[0]))]
    partnership = world.events[0].partnership
    cut = data.draw(st.integers(min_value=0, max_value=len(ordered)), label="cut")
    original = Fold(partnership)
    for event in ordered[:cut]:
        original.feed(event)
    day = max([certain_from(event.effective) for event in ordered] + [date(2000, 1, 1)])
    before = original.state(day)

    copy = original.copy()
    for event in ordered[cut:]:
        copy.feed(event)

    assert original.state(day) == before
    whole = Fold(partnership)
    for event in ordered:
        whole.feed(event)
    assert copy.state(day) == whole.state(day)
    assert copy.fed == len(ordered) and original.fed == cut


@settings(max_examples=30)
@given(world=worlds(partnerships=1, length=30), honour_authority=st.booleans())
def test_feed_returns_each_event_once_when_it_takes_effect(
    world: World, honour_authority: bool
) -> None:
    # What feed() returns is how changes observes a fold: every event fed either took
    # effect (returned once, by the feed that released it), still waits, or lapsed.
    pairs = [(position, event) for position, event in enumerate(world.events, start=1)]
    ordered = [event for _, event in sorted(pairs, key=lambda pair: order_key(pair[1], pair[0]))]
    fold = Fold(world.events[0].partnership, honour_authority=honour_authority)
    took: list[Event] = []
    for event in ordered:
        released = fold.feed(event)
        assert all(other is event or is_change(other) for other in released)
        took.extend(released)
    waiting = [w.event for w in fold.waiting.values()]
    lapsed = [d.event for d in fold.lapsed]
    fed = [event for event in ordered if not isinstance(event, EntryRetracted)]
    assert sorted(map(id, took + waiting + lapsed)) == sorted(map(id, fed))
