"""One decision, several partnerships (issue 15 item 6): a resolution recorded once, in
one partnership, and its parts cited by changes in another its council is party to."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from factories import CITE, P, formed, ref, resolved
from govledger import (
    ArrangementEnded,
    ArrangementEstablished,
    CallInDetermined,
    CallInOutcome,
    CallInRequested,
    CallInStatus,
    Condition,
    ConditionKind,
    ConditionSatisfied,
    Event,
    Ledger,
    Mechanism,
    Member,
    NotOnRecord,
    Outcome,
    Part,
    PartnershipFormed,
    PartnershipState,
    Projection,
    RecordedEvent,
    ResolutionRef,
    errors,
)
from govledger.codec import decode, encode
from govledger.events import EntryRetracted
from govledger.projections import foreign_refs
from govledger.store import SQLiteStore
from govledger.testing import World, worlds
from govledger.testing.invariants import assert_states_hold, key_dates, state_in_log, states_on
from test_time_travel import Clock

#: The second partnership: Alpha with Gamma.
Q = "alpha-gamma"
DECIDED = date(2022, 3, 1)
ENDS = date(2022, 3, 31)
ENTERS = date(2022, 4, 1)
GAMMA = date(2022, 3, 10)
RES = "alpha-cab-2022-14"


def cite(resolution: str, *part: str, partnership: str | None = P) -> tuple[ResolutionRef]:
    return (ResolutionRef(resolution=resolution, part=part, partnership=partnership),)


def gamma_formed() -> PartnershipFormed:
    return PartnershipFormed(
        partnership=Q,
        effective=date(2020, 1, 1),
        name="Alpha and Gamma",
        members=(Member(council="alpha", name="Alpha"), Member(council="gamma", name="Gamma")),
        authorised_by=CITE,
    )


def alpha_resolution(**overrides: Any) -> Event:
    """Alpha's one resolution: (1) end the ICT arrangement with Beta, (2) enter one with Gamma."""
    parts = (
        Part(number="1", summary="end the shared ICT arrangement with Beta"),
        Part(number="2", summary="enter a shared ICT arrangement with Gamma"),
    )
    return resolved(RES, DECIDED, *parts, **overrides)


def ict_with_beta() -> Event:
    return ArrangementEstablished(
        partnership=P,
        effective=date(2020, 6, 1),
        authorised_by=CITE,
        arrangement="ict-beta",
        name="Shared ICT with Beta",
        services=("ict",),
        mechanism=Mechanism.S113_AGREEMENT,
    )


def ending() -> Event:
    return ArrangementEnded(
        partnership=P,
        effective=ENDS,
        authorised_by=ref(RES, "1"),
        arrangement="ict-beta",
        not_on_record=(NotOnRecord(council="beta", note="Beta's notice is not in this test"),),
    )


def entering(**overrides: Any) -> Event:
    fields: dict[str, Any] = {
        "partnership": Q,
        "effective": ENTERS,
        "authorised_by": (*cite(RES, "2"), ResolutionRef(resolution="gamma-exec-9", part=("1",))),
        "arrangement": "ict-gamma",
        "name": "Shared ICT with Gamma",
        "services": ("ict",),
        "mechanism": Mechanism.S113_AGREEMENT,
    }
    return ArrangementEstablished(**{**fields, **overrides})


def gamma_decision(effective: date = GAMMA) -> Event:
    return resolved("gamma-exec-9", GAMMA, council="gamma", partnership=Q, effective=effective)


def confirming() -> Event:
    return resolved("alpha-cab-2022-20", date(2022, 5, 1), title="Minutes confirmed")


def withdrawal(position: int, replacement: Event | None = None) -> EntryRetracted:
    """Alpha's confirmed minutes withdraw (or correct) the entry at *position*."""
    return EntryRetracted(
        partnership=P,
        effective=date(2022, 5, 1),
        retracts=position,
        reason="the minutes were confirmed with this item corrected",
        authorised_by=ref("alpha-cab-2022-20"),
        replacement=replacement,
    )


def seed_shaped(ledger: Ledger) -> None:
    """Positions: 1-3 P1's world, 4 the resolution, 5 the ending, 6-7 Q's world, 8 entering."""
    ledger.append(formed(), ict_with_beta(), confirming())
    ledger.append(alpha_resolution())
    ledger.append(ending())
    ledger.append(gamma_formed(), gamma_decision())
    ledger.append(entering())


def in_force(state: PartnershipState, arrangement: str) -> bool:
    found = state.arrangement(arrangement)
    return found is not None and found.in_force


@pytest.fixture
def ledger(tmp_path: Path) -> Iterator[Ledger]:
    with Ledger.open(tmp_path / "ledger.db", clock=_test_clock()) as opened:
        yield opened


def _test_clock() -> Any:
    from govledger.testing import TestClock

    return TestClock(Clock())


# --------------------------------------------------------------------------- the seed shape


def test_one_resolution_ends_an_arrangement_in_one_partnership_and_enters_one_in_another(
    ledger: Ledger,
) -> None:
    seed_shaped(ledger)
    before, after = date(2022, 3, 15), date(2022, 4, 15)
    assert in_force(ledger.state(P, before), "ict-beta")
    assert not in_force(ledger.state(P, after), "ict-beta")
    assert not in_force(ledger.state(Q, before), "ict-gamma")
    assert in_force(ledger.state(Q, after), "ict-gamma")
    # recorded once: the resolution is one entry of P1, and Q's state shows it as cited
    assert [e.position for e in ledger.events() if e.event.partnership == P][3] == 4
    assert sum(isinstance(e.event, type(alpha_resolution())) for e in ledger.events()) == 3
    assert RES in {r.resolution for r in ledger.state(Q, after).resolutions}
    # the history of Q is Q's own log; its standing entries include the cited decision
    assert all(e.event.partnership == Q for e in ledger.history(Q))
    assert (4, alpha_resolution()) in ledger.standing(Q)


def test_a_retraction_recorded_later_changes_both_states_only_as_known_after_it(
    ledger: Ledger,
) -> None:
    seed_shaped(ledger)
    known_before = ledger.position_at(None)
    ledger.append(withdrawal(4), withdrawal(5))
    after = date(2022, 4, 15)
    assert in_force(ledger.state(P, after), "ict-beta")
    gamma = ledger.state(Q, after)
    assert not in_force(gamma, "ict-gamma")
    assert any(RES in str(reason) for p in gamma.pending for reason in p.reasons)
    # as known before the retraction, both answer as before
    assert not in_force(ledger.state(P, after, known_at=known_before), "ict-beta")
    assert in_force(ledger.state(Q, after, known_at=known_before), "ict-gamma")
    moment = ledger.record(known_before).recorded_at
    assert in_force(ledger.state(Q, after, known_at=moment), "ict-gamma")


def test_a_correction_of_the_cited_decision_applies_where_it_is_cited(ledger: Ledger) -> None:
    seed_shaped(ledger)
    condition = Condition(
        id="gamma-ict-contract",
        description="the contract with Gamma is signed",
        kind=ConditionKind.AGREEMENT_CONCLUDED,
    )
    corrected = alpha_resolution(
        parts=(
            Part(number="1", summary="end the shared ICT arrangement with Beta"),
            Part(number="2", summary="enter one with Gamma", conditions=(condition,)),
        )
    )
    ledger.append(withdrawal(4, corrected))
    after = date(2022, 4, 15)
    assert not in_force(ledger.state(P, after), "ict-beta")  # part (1) unchanged
    assert not in_force(ledger.state(Q, after), "ict-gamma")  # waits for the contract
    ledger.append(
        ConditionSatisfied(
            partnership=P,
            effective=date(2022, 6, 1),
            condition="gamma-ict-contract",
            evidence="the contract was signed",
            authorised_by=CITE,
        )
    )
    assert not in_force(ledger.state(Q, date(2022, 5, 31)), "ict-gamma")
    assert in_force(ledger.state(Q, date(2022, 6, 1)), "ict-gamma")


def test_each_council_must_agree_and_the_cited_decision_counts_as_alphas(ledger: Ledger) -> None:
    ledger.append(formed(), ict_with_beta(), confirming(), alpha_resolution(), ending())
    ledger.append(gamma_formed(), gamma_decision(date(2022, 4, 20)), entering())
    state = ledger.state(Q, date(2022, 4, 10))
    assert not in_force(state, "ict-gamma")
    assert any("gamma" in str(r).lower() for p in state.pending for r in p.reasons)
    assert not any("alpha" in str(r).lower() for p in state.pending for r in p.reasons)
    assert in_force(ledger.state(Q, date(2022, 4, 20)), "ict-gamma")
    # without Gamma's decision, Alpha's alone is not enough, and the state says whose is missing
    with Ledger.open(":memory:") as alone:
        alone.append(formed(), ict_with_beta(), confirming(), alpha_resolution())
        alone.append(gamma_formed(), entering(authorised_by=cite(RES, "2")))
        waiting = alone.state(Q, date(2023, 1, 1))
        assert not in_force(waiting, "ict-gamma")
        assert any("gamma" in str(r).lower() for p in waiting.pending for r in p.reasons)


def test_call_in_of_the_cited_decision_holds_the_change_where_it_is_cited() -> None:
    with Ledger.open(":memory:") as ledger:
        subject = alpha_resolution(call_in=CallInStatus.SUBJECT)
        ledger.append(formed(), ict_with_beta(), confirming(), subject)
        ledger.append(gamma_formed(), gamma_decision(), entering())
        ledger.append(
            CallInRequested(
                partnership=P, effective=date(2022, 3, 5), resolution=RES, requested_by="members"
            )
        )
        assert not in_force(ledger.state(Q, date(2022, 4, 15)), "ict-gamma")
        ledger.append(
            CallInDetermined(
                partnership=P,
                effective=date(2022, 4, 20),
                resolution=RES,
                outcome=CallInOutcome.NO_FURTHER_ACTION,
            )
        )
        assert not in_force(ledger.state(Q, date(2022, 4, 15)), "ict-gamma")
        assert in_force(ledger.state(Q, date(2022, 4, 20)), "ict-gamma")


# --------------------------------------------------------------------------- refusals


def test_citing_a_decision_of_a_council_not_party_to_the_partnership_is_refused() -> None:
    with Ledger.open(":memory:") as ledger:
        beta = resolved("beta-cab-3", DECIDED, council="beta")
        ledger.append(formed(), ict_with_beta(), beta, gamma_formed(), gamma_decision())
        with pytest.raises(errors.NotAMember) as refused:
            ledger.append(
                entering(authorised_by=(*cite("beta-cab-3", "1"), *ref("gamma-exec-9", "1")))
            )
        message = str(refused.value)
        assert "'beta'" in message and "not a member of 'alpha-gamma'" in message
        assert "cite a member's decision" in message


def test_citing_an_unknown_decision_says_where_it_looked_and_how_to_fix() -> None:
    with Ledger.open(":memory:") as ledger:
        ledger.append(formed(), gamma_formed(), gamma_decision())
        with pytest.raises(errors.InvalidAuthority) as refused:
            ledger.append(entering())
        message = str(refused.value)
        assert f"no decision {RES!r} is recorded in partnership {P!r}" in message
        assert "partnership= names the partnership" in message
        with pytest.raises(errors.InvalidAuthority, match="is recorded in partnership 'nowhere'"):
            ledger.append(entering(authorised_by=cite(RES, "2", partnership="nowhere")))


def test_the_cited_part_must_authorise_as_at_home() -> None:
    with Ledger.open(":memory:") as ledger:
        lost = alpha_resolution(
            parts=(
                Part(number="1", summary="end it"),
                Part(number="2", summary="x", outcome=Outcome.LOST),
            )
        )
        ledger.append(formed(), confirming(), lost, gamma_formed(), gamma_decision())
        with pytest.raises(
            errors.InvalidAuthority, match=r"alpha-beta:alpha-cab-2022-14\(2\) was lost"
        ):
            ledger.append(entering())
        with pytest.raises(errors.InvalidAuthority, match="has no part"):
            ledger.append(entering(authorised_by=cite(RES, "9")))


def test_an_ambiguous_id_is_refused_both_ways() -> None:
    with Ledger.open(":memory:") as ledger:
        ledger.append(formed(), confirming(), alpha_resolution(), gamma_formed(), gamma_decision())
        ledger.append(resolved(RES, DECIDED, partnership=Q))  # Q's own decision of that id
        with pytest.raises(errors.InvalidAuthority, match="ambiguous"):
            ledger.append(entering())
    with Ledger.open(":memory:") as ledger:
        ledger.append(formed(), confirming(), alpha_resolution(), gamma_formed(), gamma_decision())
        ledger.append(entering())
        with pytest.raises(errors.DuplicateId, match="choose another id"):
            ledger.append(resolved(RES, date(2022, 6, 1), partnership=Q))


def test_a_condition_id_declared_in_both_partnerships_is_refused() -> None:
    condition = Condition(id="c1", description="a contract", kind=ConditionKind.AGREEMENT_CONCLUDED)
    with Ledger.open(":memory:") as ledger:
        mine = resolved(
            "gamma-exec-9",
            GAMMA,
            Part(number="1", summary="enter it", conditions=(condition,)),
            council="gamma",
            partnership=Q,
        )
        theirs = alpha_resolution(
            parts=(
                Part(number="1", summary="end it"),
                Part(number="2", summary="enter it", conditions=(condition,)),
            )
        )
        ledger.append(formed(), confirming(), theirs, gamma_formed(), mine)
        with pytest.raises(errors.InvalidAuthority, match="declares condition 'c1'"):
            ledger.append(entering())


def test_the_same_batch_may_record_the_decision_and_cite_it() -> None:
    with Ledger.open(":memory:") as ledger:
        ledger.append(
            formed(), confirming(), gamma_formed(), gamma_decision(), alpha_resolution(), entering()
        )
        assert in_force(ledger.state(Q, date(2022, 4, 15)), "ict-gamma")


def test_only_a_changes_authority_may_cite_another_partnership() -> None:
    with Ledger.open(":memory:") as ledger:
        ledger.append(formed(), confirming(), alpha_resolution(), gamma_formed())
        mirror = resolved(
            "gamma-exec-9",
            GAMMA,
            Part(number="1", summary="the same", mirrors=cite(RES, "2")),
            council="gamma",
            partnership=Q,
        )
        with pytest.raises(errors.InvalidAuthority, match="only a change's authorised_by"):
            ledger.append(mirror)


# --------------------------------------------------------------------------- stored shape


def test_a_reference_to_its_own_partnership_is_stored_exactly_as_before() -> None:
    own = ResolutionRef(resolution="r1", part=("2",))
    payload = encode(ending())[2]
    assert '"partnership":"alpha-beta"' in payload and payload.count('"partnership"') == 1
    assert repr(own) == "ResolutionRef(resolution='r1', part=('2',))"
    assert ResolutionRef.parse(str(cite(RES, "2")[0])) == cite(RES, "2")[0]
    stored = encode(entering())
    assert '{"part":["2"],"partnership":"alpha-beta","resolution":' in stored[2]
    assert decode(*stored) == entering()


# --------------------------------------------------------------------------- agreement


def test_what_if_replay_council_and_checkpoints_agree(tmp_path: Path) -> None:
    path = tmp_path / "ledger.db"
    with Ledger(SQLiteStore.open(path, clock=_test_clock()), checkpoint_every=1) as ledger:
        ledger.append(formed(), ict_with_beta(), confirming(), alpha_resolution(), ending())
        ledger.append(gamma_formed(), gamma_decision())
        ledger.checkpoint()  # Q's checkpoints from before it cited anything elsewhere
        view = ledger.what_if(entering())
        ledger.append(entering())
        days = [date(2022, 3, 15), ENTERS, date(2022, 4, 15), date(2023, 1, 1)]
        for day in days:
            assert view.state(Q, day) == ledger.state(Q, day)
            assert view.state(P, day) == ledger.state(P, day)
            assert view.council("alpha", as_of=day) == ledger.council("alpha", as_of=day)
        assert view.timeline(Q) == ledger.timeline(Q)
        assert view.diff(Q, date(2022, 3, 15), ENTERS) == ledger.diff(Q, date(2022, 3, 15), ENTERS)
        alpha = ledger.council("alpha", as_of=date(2022, 4, 15))
        assert {a.arrangement.arrangement for a in alpha.arrangements} == {"ict-gamma"}
        # a partnership citing elsewhere gets new checkpoints too (see the test below)
        assert isinstance(ledger._store, SQLiteStore)
        rows = ledger._store.checkpoint_rows
        before = {(c.partnership, c.position) for c, _, _ in rows() if c.kind == "state"}
        ledger.checkpoint()
        saved = {(c.partnership, c.position) for c, _, _ in rows() if c.kind == "state"}
        assert {name for name, _ in before} == {P, Q}
        assert {c for c in saved if c[0] == P} >= {c for c in before if c[0] == P}
        # Q's, from before it cited RES, lack RES's story: replaced by exact ones
        assert {position for name, position in saved if name == Q} == {8}
        states = {day: ledger.state(Q, day) for day in days}
        assert ledger.verify(deep=True).ok
        ledger.append(withdrawal(4), withdrawal(5))
        assert not in_force(ledger.state(Q, date(2022, 4, 15)), "ict-gamma")
        assert ledger.state(Q, date(2022, 4, 15), known_at=8) == states[date(2022, 4, 15)]
        assert ledger.verify(deep=True).ok
    with Ledger.open(path, checkpoints=False) as plain, Ledger.open(path) as again:
        for day in days:
            assert plain.state(Q, day) == again.state(Q, day)
            assert plain.state(P, day) == again.state(P, day)
        one = again.replay(_Count())
        assert again.replay(_Count(), workers=2) == one


class _Count(Projection[tuple[tuple[str, int], ...]]):
    """Entries per partnership (each entry counted once, in its own partnership)."""

    def initial(self) -> tuple[tuple[str, int], ...]:
        return ()

    def apply(
        self, state: tuple[tuple[str, int], ...], entry: RecordedEvent
    ) -> tuple[tuple[str, int], ...]:
        counts = dict(state)
        counts[entry.partnership] = counts.get(entry.partnership, 0) + 1
        return tuple(sorted(counts.items()))

    def merge(
        self, left: tuple[tuple[str, int], ...], right: tuple[tuple[str, int], ...]
    ) -> tuple[tuple[str, int], ...]:
        counts = dict(left)
        for name, count in right:
            counts[name] = counts.get(name, 0) + count
        return tuple(sorted(counts.items()))


# --------------------------------------------------------------------------- property


@attrs.frozen
class _Story:
    conditional: bool
    met_on: date | None
    call_in: bool
    outcome: CallInOutcome | None
    decided: date
    change_on: date


@st.composite
def stories(draw: st.DrawFn) -> _Story:
    decided = draw(st.dates(date(2021, 1, 1), date(2021, 12, 31)))
    change_on = decided + timedelta(days=draw(st.integers(0, 60)))
    conditional = draw(st.booleans())
    met_on = None
    if conditional and draw(st.booleans()):
        met_on = decided + timedelta(days=draw(st.integers(0, 90)))
    call_in = draw(st.booleans())
    outcome = None
    if call_in and draw(st.booleans()):
        outcome = draw(
            st.sampled_from([CallInOutcome.NO_FURTHER_ACTION, CallInOutcome.REFERRED_BACK])
        )
    return _Story(conditional, met_on, call_in, outcome, decided, change_on)


def _history(story: _Story, home: str) -> list[Event]:
    """Alpha's decision recorded in *home*, cited by an arrangement established in Q."""
    conditions = (
        (Condition(id="c1", description="a contract", kind=ConditionKind.AGREEMENT_CONCLUDED),)
        if story.conditional
        else ()
    )
    decision = resolved(
        RES,
        story.decided,
        Part(number="1", summary="enter it", conditions=conditions),
        partnership=home,
        call_in=CallInStatus.SUBJECT if story.call_in else CallInStatus.NOT_STATED,
    )
    events: list[Event] = [formed(), gamma_formed(), decision]
    if story.met_on is not None:
        events.append(
            ConditionSatisfied(
                partnership=home,
                effective=story.met_on,
                condition="c1",
                evidence="signed",
                authorised_by=CITE,
            )
        )
    if story.call_in:
        events.append(
            CallInRequested(
                partnership=home, effective=story.decided, resolution=RES, requested_by="members"
            )
        )
        if story.outcome is not None:
            events.append(
                CallInDetermined(
                    partnership=home,
                    effective=story.decided + timedelta(days=7),
                    resolution=RES,
                    outcome=story.outcome,
                )
            )
    events.append(
        entering(
            effective=story.change_on,
            authorised_by=cite(RES, "1", partnership=None if home == Q else home),
            not_on_record=(NotOnRecord(council="gamma", note="Gamma's decision is elsewhere"),),
        )
    )
    return events


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(story=stories(), offsets=st.lists(st.integers(-10, 120), min_size=1, max_size=4))
def test_a_change_citing_elsewhere_is_in_force_iff_it_would_be_citing_at_home(
    story: _Story, offsets: list[int]
) -> None:
    with Ledger.open(":memory:") as abroad, Ledger.open(":memory:") as home:
        abroad.append(*_history(story, P))
        home.append(*_history(story, Q))
        for offset in offsets:
            day = story.change_on + timedelta(days=offset)
            mine, theirs = abroad.state(Q, day), home.state(Q, day)
            assert in_force(mine, "ict-gamma") == in_force(theirs, "ict-gamma")
            assert [(a.status, a.since) for a in mine.arrangements] == [
                (a.status, a.since) for a in theirs.arrangements
            ]
            assert [p.reasons for p in mine.pending if p.event is not None] == [
                p.reasons for p in theirs.pending if p.event is not None
            ]


# --------------------------------------------------------------------------- where it came from


def test_a_cited_decision_says_which_partnership_it_is_recorded_in(ledger: Ledger) -> None:
    from govledger.codec import to_data, to_json

    seed_shaped(ledger)
    after = date(2022, 4, 15)
    cited = ledger.state(Q, after).resolution(RES)
    assert cited is not None and cited.recorded_in == P
    home = ledger.state(P, after).resolution(RES)
    assert home is not None and home.recorded_in is None
    own = ledger.state(Q, after).resolution("gamma-exec-9")
    assert own is not None and own.recorded_in is None
    part = ledger.state(Q, after).part(f"{RES}(2)")
    assert part is not None and part.recorded_in == P
    assert ledger.state(P, after).part(f"{RES}(2)").recorded_in is None  # type: ignore[union-attr]
    assert cited.to_dict()["recorded_in"] == P
    assert to_data(cited)["recorded_in"] == P
    assert f'"recorded_in":"{P}"' in to_json(ledger.state(Q, after))


def test_a_condition_id_of_a_cited_decision_declared_later_at_home_is_refused() -> None:
    """The reverse of the clash above: the citation first, then the same condition id
    declared by a decision of the citing partnership."""
    condition = Condition(id="c1", description="a contract", kind=ConditionKind.AGREEMENT_CONCLUDED)
    theirs = alpha_resolution(
        parts=(
            Part(number="1", summary="end it"),
            Part(number="2", summary="enter it", conditions=(condition,)),
        )
    )
    with Ledger.open(":memory:") as ledger:
        ledger.append(formed(), confirming(), theirs, gamma_formed(), gamma_decision())
        ledger.append(entering())
        mine = resolved(
            "gamma-exec-10",
            date(2022, 6, 1),
            Part(number="1", summary="something else", conditions=(condition,)),
            council="gamma",
            partnership=Q,
        )
        with pytest.raises(errors.DuplicateId) as refused:
            ledger.append(mine)
        message = str(refused.value)
        assert f"'c1' is already declared by {P}:{RES}(2)" in message
        assert f"recorded in {P!r} that {Q!r} cites" in message
        assert "choose another id" in message
    # in the same batch as the citation (refused as the forward clash), and another id
    # is accepted
    with Ledger.open(":memory:") as ledger:
        ledger.append(formed(), confirming(), theirs, gamma_formed(), gamma_decision())
        with pytest.raises((errors.DuplicateId, errors.InvalidAuthority), match="'c1'"):
            ledger.append(entering(), mine)
        ledger.append(entering())
        ledger.append(
            attrs.evolve(
                mine,
                parts=(
                    Part(number="1", summary="x", conditions=(attrs.evolve(condition, id="c2"),)),
                ),
            )
        )
        assert ledger.state(Q, date(2022, 6, 2)).resolution("gamma-exec-10") is not None


def test_a_correction_of_a_cited_decision_declaring_a_condition_id_of_the_citer_is_refused(
    ledger: Ledger,
) -> None:
    """The reverse clash seen from the cited partnership: its decision, once cited, is
    corrected to declare a condition id that the citing partnership declares."""
    condition = Condition(id="c1", description="a contract", kind=ConditionKind.AGREEMENT_CONCLUDED)
    ledger.append(formed(), ict_with_beta(), confirming(), alpha_resolution(), ending())
    mine = resolved(
        "gamma-exec-9",
        GAMMA,
        Part(number="1", summary="enter it", conditions=(condition,)),
        council="gamma",
        partnership=Q,
    )
    ledger.append(gamma_formed(), mine, entering())
    corrected = alpha_resolution(
        parts=(
            Part(number="1", summary="end the shared ICT arrangement with Beta"),
            Part(number="2", summary="enter one with Gamma", conditions=(condition,)),
        )
    )
    with pytest.raises(errors.DuplicateId) as refused:
        ledger.append(withdrawal(4, corrected))
    message = str(refused.value)
    assert "'c1' is already declared by gamma-exec-9(1) in 'alpha-gamma'" in message
    assert f"which cites {RES!r} of {P!r}" in message and "choose another id" in message
    # a correction declaring another id is accepted
    other = attrs.evolve(condition, id="c2")
    accepted = alpha_resolution(
        parts=(
            Part(number="1", summary="end it"),
            Part(number="2", summary="x", conditions=(other,)),
        )
    )
    ledger.append(withdrawal(4, accepted))


# --------------------------------------------------------------------------- withdrawn there


def test_a_cited_decision_withdrawn_in_its_partnership_says_so_where_it_is_cited(
    ledger: Ledger,
) -> None:
    from govledger.projections import Awaiting

    seed_shaped(ledger)
    view = ledger.what_if(withdrawal(4), withdrawal(5))
    ledger.append(withdrawal(4), withdrawal(5))  # positions 9 and 10
    after = date(2022, 4, 15)
    state = ledger.state(Q, after)
    assert view.state(Q, after) == state
    log = [(entry.position, entry.event) for entry in ledger.events()]
    assert state_in_log(Q, log, after) == state  # the kit's oracle, from the log alone
    (waiting,) = [p for p in state.pending if p.event == entering()]
    (reason,) = [r for r in waiting.reasons if r.kind is Awaiting.RETRACTED]
    words = str(reason)
    assert f"the cited decision {RES!r} ({P}:{RES}(2))" in words
    assert f"recorded in {P!r} at entry 4, was retracted there by entry 9" in words
    assert "(effective 2022-05-01)" in words
    assert f"record the decision again in {P!r}" in words and "correct this change" in words
    assert not any("to take effect" in str(r) and RES in str(r) for r in waiting.reasons)
    # a new change citing it is refused, saying the same
    with pytest.raises(errors.InvalidAuthority) as refused:
        ledger.append(
            entering(arrangement="ict-gamma-2", effective=date(2022, 6, 1), name="Another")
        )
    message = str(refused.value)
    assert f"recorded in {P!r} at entry 4 and retracted there by entry 9" in message
    assert "cite the decision that stands instead" in message
    # recorded again, it stands: the message is gone and the change takes effect
    ledger.append(attrs.evolve(alpha_resolution(), effective=date(2022, 5, 2)))
    again = ledger.state(Q, date(2022, 5, 15))
    assert in_force(again, "ict-gamma")
    assert not any(r.kind is Awaiting.RETRACTED for p in again.pending for r in p.reasons)


@pytest.mark.parametrize("citation_first", [False, True])
def test_a_citation_of_a_decision_withdrawn_in_the_same_batch_is_refused(
    ledger: Ledger, citation_first: bool
) -> None:
    # appended together, a withdrawal and a new citation of what it withdraws are
    # refused as they are when appended one after the other: whatever their order
    seed_shaped(ledger)
    head = ledger.head()
    citing = entering(arrangement="ict-gamma-2", effective=date(2022, 6, 1), name="Another")
    batch: list[Event] = [withdrawal(4), withdrawal(5)]
    batch.insert(0 if citation_first else 2, citing)
    at = 10 if citation_first else 9  # the withdrawal's position, had the batch been taken
    for attempt in (ledger.what_if, ledger.append):
        with pytest.raises(errors.InvalidAuthority) as refused:
            attempt(*batch)
        message = str(refused.value)
        assert f"recorded in {P!r} at entry 4 and retracted there by entry {at}" in message
        assert "cite the decision that stands instead" in message
    assert ledger.head() == head
    # a correction in the same batch is the decision the citation is checked against
    rejected = alpha_resolution(
        parts=(
            Part(number="1", summary="end the shared ICT arrangement with Beta"),
            Part(number="2", summary="enter one with Gamma", outcome=Outcome.DEFERRED),
        )
    )
    with pytest.raises(errors.InvalidAuthority) as refused:
        ledger.append(withdrawal(4, rejected), citing)
    assert "deferred" in str(refused.value)
    assert ledger.head() == head


# --------------------------------------------------------------------------- checkpoints


def test_checkpoints_of_a_partnership_citing_elsewhere_are_used_and_never_stale(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Answers from checkpoints equal a checkpoint-free fold, before and after a later
    correction and retraction in the cited partnership; and the checkpoint is used."""
    from govledger.ledger.folds import FoldSource

    path = tmp_path / "ledger.db"
    resumed: list[bool] = []
    exact: list[bool] = []
    original_resumed, original_exact = FoldSource._resumed, FoldSource._exact

    def spy_resumed(self: FoldSource, *args: Any) -> Any:
        fold, found = original_resumed(self, *args)
        if args[0] == Q and args[1] == "state":
            resumed.append(found is not None and found.through >= ENTERS)
        return fold, found

    def spy_exact(self: FoldSource, *args: Any) -> bool:
        verdict = original_exact(self, *args)
        exact.append(verdict)
        return verdict

    monkeypatch.setattr(FoldSource, "_resumed", spy_resumed)
    monkeypatch.setattr(FoldSource, "_exact", spy_exact)
    days = [date(2022, 3, 15), ENTERS, date(2022, 4, 15), date(2022, 6, 1), date(2023, 1, 1)]
    steps: list[int] = []

    def agree(ledger: Ledger) -> None:
        with Ledger.open(path, checkpoints=False) as plain:
            for day in days:
                for known in [None, *steps]:
                    assert ledger.state(Q, day, known_at=known) == plain.state(
                        Q, day, known_at=known
                    ), (day, known)

    with Ledger(SQLiteStore.open(path, clock=_test_clock()), checkpoint_every=1) as ledger:
        seed_shaped(ledger)
        ledger.append(  # Q goes on after it cited: entries for checkpoints to be taken on
            resolved("gamma-exec-12", date(2022, 5, 1), council="gamma", partnership=Q)
        )
        steps.append(ledger.position_at(None))
        ledger.checkpoint()
        resumed.clear()
        exact.clear()
        state = ledger.state(Q, date(2023, 1, 1))
        assert resumed == [True] and exact == [True]  # resumed past the citation, kept
        assert in_force(state, "ict-gamma")
        agree(ledger)
        # a later entry of the cited partnership taking effect after the checkpoint's
        # day leaves it exact
        ledger.append(resolved("alpha-cab-2030-1", date(2030, 1, 1), title="Minutes confirmed"))
        exact.clear()
        ledger.state(Q, date(2023, 1, 1))
        assert exact == [True]
        agree(ledger)
        # a correction there (a condition on the cited part) makes it stale: refolded
        condition = Condition(id="gc", description="signed", kind=ConditionKind.AGREEMENT_CONCLUDED)
        ledger.append(
            withdrawal(
                4,
                alpha_resolution(
                    parts=(
                        Part(number="1", summary="end the shared ICT arrangement with Beta"),
                        Part(number="2", summary="enter one with Gamma", conditions=(condition,)),
                    )
                ),
            )
        )
        steps.append(ledger.position_at(None))
        exact.clear()
        assert not in_force(ledger.state(Q, date(2023, 1, 1)), "ict-gamma")
        assert exact and not any(exact)
        agree(ledger)
        ledger.checkpoint()  # new checkpoints, fed the corrected story
        exact.clear()
        ledger.state(Q, date(2023, 1, 1))
        assert exact == [True]
        # then a retraction of the correction: the cited decision is withdrawn
        ledger.append(withdrawal(ledger.position_at(None)), withdrawal(5))
        steps.append(ledger.position_at(None))
        exact.clear()
        withdrawn = ledger.state(Q, date(2023, 1, 1))
        assert not in_force(withdrawn, "ict-gamma") and exact and not any(exact)
        assert any("retracted there" in str(r) for p in withdrawn.pending for r in p.reasons)
        agree(ledger)
        ledger.checkpoint()
        assert ledger.verify(deep=True).ok
        agree(ledger)


# --------------------------------------------------------------------------- the testing kit


def _holds(world: World) -> int:
    """Append *world*; check that the kit's states of each partnership citing elsewhere
    are the ledger's and hold every invariant; return how many partnerships cite."""
    citing = sorted({e.partnership for e in world.events if foreign_refs(e)})
    with Ledger.open(":memory:") as ledger:
        ledger.append(*world.events)
        for partnership in citing:
            events = [e for e in world.events if e.partnership == partnership]
            days = key_dates(events)[:6]
            states = states_on(ledger, partnership, days)
            assert states == [ledger.state(partnership, day) for day in days]
            assert_states_hold(events, states)
    return len(citing)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(world=worlds(partnerships=3, length=40))
def test_the_kits_histories_cite_elsewhere_and_hold_the_invariants(world: World) -> None:
    """The kit draws changes citing another generated partnership's decision; the states
    the kit folds for the citing partnership (``states_on``) are the ledger's, and every
    invariant holds on them."""
    event(f"partnerships citing elsewhere: {min(_holds(world), 2)}")
