"""The five seed records as the examples encode them: what each says, before and after.

Everything goes through the public API: ``Ledger.open(":memory:")``, ``append``,
``state`` and (to read back what was stored) ``history``.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from datetime import date
from fractions import Fraction
from pathlib import Path

import pytest

# The examples are scripts in examples/, not a package: make them importable here.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "examples"))

import bdc_rbc_single_management_team as seed000
import cdc_occ_decoupling as seed003
import cdc_snc_joint_customer_service_team as seed004
import ssjc_phase2_service_review as seed002
import ssjc_shared_chief_executive as seed001
from govledger import (
    ArrangementDecoupled,
    ArrangementEstablished,
    ArrangementStatus,
    Awaiting,
    BodyEstablished,
    BodyKind,
    Citation,
    CouncilBody,
    Event,
    HolderBasis,
    Ledger,
    Mechanism,
    Outcome,
    PartnershipState,
    Period,
    ResolutionPassed,
    ResolutionRef,
    Role,
    Tally,
    Vote,
)
from govledger.events import is_change
from govledger.projections import ResolutionStatus

# --------------------------------------------------------------------------- helpers

#: Each seed's events in append order (002 continues 001's partnership).
SEED_EVENTS: dict[str, list[Event]] = {
    "000": seed000.events(),
    "001+002": [*seed001.events(), *seed002.events()],
    "003": seed003.events(),
    "004": seed004.events(),
    "004+illustration": [*seed004.events(), *seed004.snc_cabinet_approval()],
}


def open_with(events: Sequence[Event]) -> Ledger:
    ledger = Ledger.open(":memory:")
    ledger.append(*events)
    return ledger


@pytest.fixture(scope="module")
def bdc() -> Iterator[Ledger]:
    with open_with(seed000.events()) as ledger:
        yield ledger


@pytest.fixture(scope="module")
def ssjc() -> Iterator[Ledger]:
    with open_with([*seed001.events(), *seed002.events()]) as ledger:
        yield ledger


@pytest.fixture(scope="module")
def cdc_occ() -> Iterator[Ledger]:
    with open_with(seed003.events()) as ledger:
        yield ledger


@pytest.fixture(scope="module")
def cdc_snc() -> Iterator[Ledger]:
    with open_with(seed004.events()) as ledger:
        yield ledger


def stored_resolution(ledger: Ledger, partnership: str, resolution: str) -> ResolutionPassed:
    """The ResolutionPassed as the ledger stored it (decoded from SQLite)."""
    for recorded in ledger.history(partnership):
        event = recorded.event
        if isinstance(event, ResolutionPassed) and event.resolution == resolution:
            return event
    raise AssertionError(f"{resolution} not recorded")


def pending_for(state: PartnershipState, event: Event) -> set[Awaiting]:
    """The kinds of reason *event* is pending for on the state's date (empty: not pending)."""
    return {r.kind for p in state.pending if p.event == event for r in p.reasons}


def pending_part(state: PartnershipState, ref: ResolutionRef) -> set[Awaiting]:
    return {r.kind for p in state.pending if p.ref == ref for r in p.reasons}


# --------------------------------------------------------------------------- every seed


@pytest.mark.parametrize("seed", sorted(SEED_EVENTS))
def test_every_event_appends_cleanly_one_by_one(seed: str) -> None:
    events = SEED_EVENTS[seed]
    with Ledger.open(":memory:") as ledger:
        for event in events:
            ledger.append(event)
        assert sum(ledger.version(p) for p in ledger.partnerships()) == len(events)
        assert [r.event for r in ledger.events()] == events


@pytest.mark.parametrize(
    "batches",
    [
        seed000.batches(),
        [*seed001.batches(), *seed002.batches()],
        seed003.batches(),
        seed004.batches(),
    ],
    ids=["000", "001+002", "003", "004"],
)
def test_batches_append_as_the_examples_do(
    batches: list[tuple[str, list[Event]]],
) -> None:
    with Ledger.open(":memory:") as ledger:
        for _, events in batches:
            assert len(ledger.append(*events)) == len(events)


@pytest.mark.parametrize("seed", sorted(SEED_EVENTS))
def test_every_change_cites_a_recorded_part_or_a_citation(seed: str) -> None:
    events = SEED_EVENTS[seed]
    resolutions = {e.resolution: e for e in events if isinstance(e, ResolutionPassed)}
    for event in events:
        if not is_change(event):
            continue
        authorities = event.authorised_by  # type: ignore[union-attr]
        assert authorities, event
        for authority in authorities:
            if isinstance(authority, Citation):
                continue
            part = resolutions[authority.resolution].part(authority.part)
            assert part is not None, authority
            assert part.outcome is Outcome.RESOLVED, authority


#: Every numbered resolution (and nested part) in each seed text, with its outcome.
EXPECTED_PARTS: dict[str, tuple[list[Event], str, dict[tuple[str, ...], Outcome]]] = {
    "000": (
        seed000.events(),
        "bdc-cabinet-2009-07-29-45",
        {
            ("1",): Outcome.RESOLVED,
            ("2",): Outcome.RESOLVED,
            ("2", "a"): Outcome.RESOLVED,
            ("2", "b"): Outcome.RESOLVED,
            ("3",): Outcome.RESOLVED,
            ("4",): Outcome.RESOLVED,
            ("5",): Outcome.RESOLVED,
            ("6",): Outcome.RESOLVED,
            ("6", "a"): Outcome.RESOLVED,
            ("6", "b"): Outcome.RESOLVED,
            ("6", "c"): Outcome.RESOLVED,
            ("6", "d"): Outcome.RESOLVED,
            ("6", "e"): Outcome.RESOLVED,
            ("7",): Outcome.RESOLVED,
            ("8",): Outcome.RESOLVED,
            ("9",): Outcome.RESOLVED,
        },
    ),
    "001": (
        seed001.events(),
        "ssjc-2020-09-02-41",
        {("1",): Outcome.RESOLVED, ("2",): Outcome.RESOLVED, ("3",): Outcome.RESOLVED},
    ),
    "002": (
        seed002.events(),
        "ssjc-2021-01-13-6",
        {("1",): Outcome.RESOLVED, ("2",): Outcome.RESOLVED},
    ),
    "003": (
        seed003.events(),
        "jssp-2022-07-04-45",
        {
            ("1",): Outcome.NOTED,
            ("2",): Outcome.RESOLVED,
            ("3",): Outcome.RESOLVED,
            ("4",): Outcome.RESOLVED,
            ("5",): Outcome.RESOLVED,
            ("6",): Outcome.RESOLVED,
            ("7",): Outcome.RECOMMENDED,
        },
    ),
    "004": (
        seed004.events(),
        "cdc-executive-2016-118",
        {
            ("1",): Outcome.NOTED,
            ("2",): Outcome.NOTED,
            ("3",): Outcome.RESOLVED,
            ("4",): Outcome.RESOLVED,
        },
    ),
}


@pytest.mark.parametrize("seed", sorted(EXPECTED_PARTS))
def test_parts_match_the_numbered_resolutions_of_the_seed_text(seed: str) -> None:
    events, resolution, expected = EXPECTED_PARTS[seed]
    found = [e for e in events if isinstance(e, ResolutionPassed) and e.resolution == resolution]
    assert len(found) == 1
    walked = [(path, part.outcome) for path, part in found[0].walk()]
    assert walked == list(expected.items())


@pytest.mark.parametrize("seed", sorted(EXPECTED_PARTS))
def test_each_seed_records_its_decision_once(seed: str) -> None:
    events, _, _ = EXPECTED_PARTS[seed]
    ids = [e.resolution for e in events if isinstance(e, ResolutionPassed)]
    assert len(ids) == len(set(ids))


# --------------------------------------------------------------------------- 000 BDC/RBC

BDC_P = seed000.P


def test_bdc_title_before_and_after_cabinet(bdc: Ledger) -> None:
    before = bdc.state(BDC_P, as_of=date(2009, 7, 28)).post(seed000.POST)
    after = bdc.state(BDC_P, as_of=date(2009, 7, 30)).post(seed000.POST)
    assert before is not None
    assert after is not None
    assert before.title == "Acting Joint Chief Executive"
    assert after.title == "Joint Chief Executive"
    assert after.reverts_to == "Acting Joint Chief Executive"
    assert isinstance(after.title_until, Period)
    assert after.title_until.words == "the end of 2012/2013"
    assert after.shared_by == ("bdc", "rbc")


def test_bdc_title_reverts_after_the_end_of_2012_13(bdc: Ledger) -> None:
    last_day = bdc.state(BDC_P, as_of=date(2013, 3, 31)).post(seed000.POST)
    after = bdc.state(BDC_P, as_of=date(2013, 4, 1)).post(seed000.POST)
    assert last_day is not None
    assert after is not None
    assert last_day.title == "Joint Chief Executive"
    assert not last_day.term_expired
    assert after.title == "Acting Joint Chief Executive"
    assert after.term_expired


def test_bdc_secondment_extended_to_the_end_of_2012_13(bdc: Ledger) -> None:
    before = bdc.state(BDC_P, as_of=date(2009, 7, 28)).post(seed000.POST)
    after = bdc.state(BDC_P, as_of=date(2009, 7, 30)).post(seed000.POST)
    assert before is not None
    assert before.holder is not None
    assert before.holder.basis is HolderBasis.SECONDED
    assert before.holder.holder is None  # the record names no one
    assert before.holder.term_ends is None
    assert after is not None
    assert after.holder is not None
    assert after.holder.term_ends == Period(
        earliest=date(2013, 3, 31), latest=date(2013, 3, 31), words="the end of 2012/2013"
    )


def test_bdc_cost_shares_are_exactly_half_each(bdc: Ledger) -> None:
    state = bdc.state(BDC_P, as_of=date(2009, 7, 30))
    share = state.cost_share(seed000.COST_SCOPE)
    assert share is not None
    assert share.share_of("bdc") == Fraction(1, 2)
    assert share.share_of("rbc") == Fraction(1, 2)
    assert all(type(s.fraction) is Fraction for s in share.shares)
    assert share.authorised_by == (ResolutionRef(resolution=seed000.DECISION, part=("3",)),)
    assert bdc.state(BDC_P, as_of=date(2009, 7, 28)).cost_shares == ()


def test_bdc_proposals_due_in_the_first_week_of_september(bdc: Ledger) -> None:
    state = bdc.state(BDC_P, as_of=date(2009, 9, 8))
    action = state.action(seed000.PROPOSALS_ACTION)
    assert action is not None
    assert action in state.outstanding_actions
    assert action.due == Period(
        earliest=date(2009, 9, 1),
        latest=date(2009, 9, 7),
        words="the first week of September 2009",
    )
    assert action.assignee == Role(title="Joint Chief Executive", post=seed000.POST)
    assert action.authorised_by == (ResolutionRef(resolution=seed000.DECISION, part=("6",)),)


def test_bdc_other_actions(bdc: Ledger) -> None:
    state = bdc.state(BDC_P, as_of=date(2009, 7, 30))
    wmlga = state.action(seed000.RE_EVALUATION_ACTION)
    concordat = state.action(seed000.CONCORDAT_ACTION)
    assert wmlga is not None
    assert wmlga.assignee is not None
    assert "WMLGA" in wmlga.assignee.title
    assert concordat is not None
    assert concordat.assignee is None
    assert {a.action for a in state.outstanding_actions} == {
        seed000.PROPOSALS_ACTION,
        seed000.RE_EVALUATION_ACTION,
        seed000.CONCORDAT_ACTION,
    }
    assert bdc.state(BDC_P, as_of=date(2009, 7, 28)).actions == ()


def test_bdc_delegations(bdc: Ledger) -> None:
    assert bdc.state(BDC_P, as_of=date(2009, 7, 28)).delegations_in_force == ()
    state = bdc.state(BDC_P, as_of=date(2009, 7, 30))
    contract = state.delegation(seed000.CONTRACT_DELEGATION)
    assert contract is not None
    assert contract.in_force_on(state.as_of)
    assert contract.jointly
    assert {d.title for d in contract.delegates} == {
        "Head of Legal, Equalities and Democratic Services",
        "Head of Financial Services",
    }
    assert all(d.council == "bdc" for d in contract.delegates)
    assert contract.consultees == (Role(title="Leader of the Council", council="bdc"),)
    unions = state.delegation(seed000.UNIONS_DELEGATION)
    assert unions is not None
    assert unions.delegates[0].post == seed000.POST


def test_bdc_single_management_team_from_the_decision(bdc: Ledger) -> None:
    assert bdc.state(BDC_P, as_of=date(2009, 7, 28)).arrangement(seed000.MANAGEMENT_TEAM) is None
    team = bdc.state(BDC_P, as_of=date(2009, 7, 30)).arrangement(seed000.MANAGEMENT_TEAM)
    assert team is not None
    assert team.in_force
    assert team.mechanism is Mechanism.JOINT_MANAGEMENT
    assert team.since == date(2009, 7, 29)


def test_bdc_context_and_nothing_pending(bdc: Ledger) -> None:
    state = bdc.state(BDC_P, as_of=date(2009, 7, 30))
    assert state.member_councils == {"bdc", "rbc"}
    board = state.body(seed000.BOARD)
    assert board is not None
    assert board.active
    secondment = state.arrangement(seed000.SECONDMENT)
    assert secondment is not None
    assert secondment.mechanism is Mechanism.SECONDMENT
    assert state.pending == ()
    assert state.uncertain == ()
    resolution = state.resolution(seed000.DECISION)
    assert resolution is not None
    assert resolution.status is ResolutionStatus.IN_FORCE


# --------------------------------------------------------------------------- 001 / 002

SSJC_P = seed001.P


def test_ssjc_votes_are_stored(ssjc: Ledger) -> None:
    decision = stored_resolution(ssjc, SSJC_P, seed001.DECISION)
    votes = {path: part.votes for path, part in decision.walk()}
    assert votes[("1",)] == (Vote(tally=Tally(in_favour=7, against=3)),)
    assert votes[("1",)][0].carried is True
    assert votes[("2",)] == (Vote(unanimous=True),)
    assert votes[("3",)] == (Vote(unanimous=True),)
    assert decision.exempt is not None
    assert decision.exempt.confidential


def test_ssjc_joint_committee_uncertain_before_its_meeting(ssjc: Ledger) -> None:
    state = ssjc.state(SSJC_P, as_of=date(2020, 9, 1))
    assert state.exists  # formed by 2019
    assert state.body(seed001.JOINT_COMMITTEE) is None
    # the committee and the background the minute reports hold "by 2 September 2020"
    uncertain = [f.event for f in state.uncertain]
    assert len(uncertain) == 5
    assert isinstance(uncertain[0], BodyEstablished)
    assert uncertain[0].body == seed001.JOINT_COMMITTEE
    on_the_day = ssjc.state(SSJC_P, as_of=date(2020, 9, 2))
    assert on_the_day.post(seed001.TEMPORARY_CE).holder.basis is HolderBasis.INTERIM  # type: ignore[union-attr]
    assert on_the_day.post(seed001.JOINT_DIRECTORS) is not None
    assert on_the_day.arrangement(seed001.CORPORATE_TEAMS) is not None


def test_ssjc_actions_for_the_october_meeting(ssjc: Ledger) -> None:
    state = ssjc.state(SSJC_P, as_of=date(2020, 9, 3))
    october = Period(
        earliest=date(2020, 10, 1),
        latest=date(2020, 10, 31),
        words="the next meeting of the joint committee, in October 2020",
    )
    assert {a.action: a.due for a in state.outstanding_actions} == {
        seed001.DIRECTORS_ACTION: october,
        seed001.ICT_CS_ACTION: october,
    }
    assert all(m.name.endswith("(not named in the record)") for m in state.members)


def test_ssjc_november_2020_decisions_are_uncertain_mid_month(ssjc: Ledger) -> None:
    state = ssjc.state(SSJC_P, as_of=date(2020, 11, 15))
    assert state.post(seed002.SHARED_CE) is None
    uncertain = {type(f.event).__name__ for f in state.uncertain}
    assert {"ResolutionPassed", "PostCreated", "ActionCompleted"} <= uncertain
    assert all("November 2020" in f.period.words for f in state.uncertain)


def test_ssjc_shared_posts_created_by_both_councils(ssjc: Ledger) -> None:
    state = ssjc.state(SSJC_P, as_of=date(2020, 12, 1))
    chief = state.post(seed002.SHARED_CE)
    directors = state.post(seed002.SHARED_DIRECTORS)
    assert chief is not None
    assert directors is not None
    assert chief.shared_by == ("council-a", "council-b")
    assert {a.resolution for a in chief.authorised_by if isinstance(a, ResolutionRef)} == {
        seed002.COUNCIL_A_DECISION,
        seed002.COUNCIL_B_DECISION,
    }
    assert state.outstanding_actions == ()  # the September 2020 actions were done


def test_ssjc_shared_directors_start_on_4_january_2021(ssjc: Ledger) -> None:
    before = ssjc.state(SSJC_P, as_of=date(2021, 1, 3)).post(seed002.SHARED_DIRECTORS)
    after = ssjc.state(SSJC_P, as_of=date(2021, 1, 4)).post(seed002.SHARED_DIRECTORS)
    assert before is not None
    assert before.holder is None
    assert after is not None
    assert after.holder is not None
    assert after.holder.since == date(2021, 1, 4)
    assert after.holder.holder is None


def test_ssjc_interim_staffing_delegation_has_two_limits(ssjc: Ledger) -> None:
    assert (
        ssjc.state(SSJC_P, as_of=date(2021, 1, 12)).delegation(seed002.STAFFING_DELEGATION) is None
    )
    state = ssjc.state(SSJC_P, as_of=date(2021, 1, 14))
    delegation = state.delegation(seed002.STAFFING_DELEGATION)
    assert delegation is not None
    assert delegation in state.delegations_in_force
    assert delegation.limits == ("changes within budget", "no risk of redundancy")
    assert delegation.delegates == (Role(title="Chief Executive", post=seed002.SHARED_CE),)
    assert delegation.authorised_by == (ResolutionRef(resolution=seed002.DECISION, part=("2",)),)


def test_ssjc_january_2021_vote_is_unanimous(ssjc: Ledger) -> None:
    decision = stored_resolution(ssjc, SSJC_P, seed002.DECISION)
    assert decision.votes == (Vote(unanimous=True),)
    assert decision.decided == date(2021, 1, 13)


# --------------------------------------------------------------------------- 003 CDC/OCC

OCC_P = seed003.P
FIVE = set(seed003.DECOUPLED_FIVE)
STILL_SHARED = {seed003.DIGITAL, seed003.REGULATORY, seed003.EMERGENCY}


def test_cdc_occ_before_the_committee(cdc_occ: Ledger) -> None:
    state = cdc_occ.state(OCC_P, as_of=date(2022, 7, 3))
    s113 = state.arrangement(seed003.S113)
    assert s113 is not None
    assert s113.status is ArrangementStatus.UNDER_NOTICE
    assert set(s113.services) == set(seed003.S113_SERVICES)
    assert s113.notice_given_by == "cdc"
    assert state.resolution(seed003.DECISION) is None
    assert state.pending == ()


def test_cdc_occ_on_30_august_2022(cdc_occ: Ledger) -> None:
    state = cdc_occ.state(OCC_P, as_of=date(2022, 8, 30))
    s113 = state.arrangement(seed003.S113)
    assert s113 is not None
    assert s113.status is ArrangementStatus.UNDER_NOTICE
    assert s113.notice_ends == date(2022, 8, 31)
    assert set(s113.services) >= STILL_SHARED
    assert state.shared_services >= STILL_SHARED
    # The five decouplings fall in a period containing this day: uncertain, not guessed.
    uncertain = [f.event for f in state.uncertain if isinstance(f.event, ArrangementDecoupled)]
    assert len(uncertain) == 1
    assert set(uncertain[0].services) == FIVE
    assert set(s113.services) >= FIVE
    assert s113.decoupled_services == ()


def test_cdc_occ_on_1_september_2022(cdc_occ: Ledger) -> None:
    state = cdc_occ.state(OCC_P, as_of=date(2022, 9, 1))
    s113 = state.arrangement(seed003.S113)
    assert s113 is not None
    assert set(s113.decoupled_services) == FIVE
    assert not FIVE & set(s113.services)
    assert s113.status is ArrangementStatus.ENDED
    assert s113.closed_on == date(2022, 8, 31)
    assert not s113.in_force
    assert state.shared_services == frozenset()
    assert state.uncertain == ()


def test_cdc_occ_revised_arrangements_await_agreements(cdc_occ: Ledger) -> None:
    state = cdc_occ.state(OCC_P, as_of=date(2022, 9, 1))
    revised = [
        e
        for e in seed003.changes()
        if isinstance(e, ArrangementEstablished)
        and e.arrangement
        in (seed003.REGULATORY_JMA, seed003.EMERGENCY_SLA, seed003.DIGITAL_REVISED)
    ]
    assert len(revised) == 3
    for event in revised:
        assert state.arrangement(event.arrangement) is None
        assert pending_for(state, event) == {Awaiting.CONDITION}
    digital_out = next(
        e
        for e in seed003.changes()
        if isinstance(e, ArrangementDecoupled) and e.effective == seed003.DECIDED
    )
    # The s.113 agreement ended on 31 August, so decoupling Digital & IT from it can no
    # longer take effect, whenever its agreements are concluded.
    assert pending_for(state, digital_out) == set()
    assert any(
        lapsed.event == digital_out and "had already ended" in lapsed.reason
        for lapsed in state.lapsed
    )
    on_30_august = cdc_occ.state(OCC_P, as_of=date(2022, 8, 30))
    assert pending_for(on_30_august, digital_out) == {Awaiting.CONDITION}


def test_cdc_occ_committee_active_with_disbandment_pending_adoption(cdc_occ: Ledger) -> None:
    state = cdc_occ.state(OCC_P, as_of=date(2022, 9, 1))
    committee = state.body(seed003.COMMITTEE)
    assert committee is not None
    assert committee.active
    part_7 = ResolutionRef(resolution=seed003.DECISION, part=("7",))
    assert pending_part(state, part_7) == {Awaiting.ADOPTION}
    decision = stored_resolution(cdc_occ, OCC_P, seed003.DECISION)
    part = decision.part(("7",))
    assert part is not None
    assert set(part.recommended_to) == {
        CouncilBody(council="cdc", name="Council", kind=BodyKind.FULL_COUNCIL),
        CouncilBody(council="occ", name="Council", kind=BodyKind.FULL_COUNCIL),
    }
    detail = " ".join(r.detail for p in state.pending if p.ref == part_7 for r in p.reasons)
    assert "CDC Council" in detail
    assert "OCC Council" in detail


def test_cdc_occ_delegations(cdc_occ: Ledger) -> None:
    state = cdc_occ.state(OCC_P, as_of=date(2022, 7, 4))
    agreements = state.delegation(seed003.AGREEMENTS_DELEGATION)
    transition = state.delegation(seed003.TRANSITION_DELEGATION)
    assert agreements is not None
    assert transition is not None
    assert agreements.jointly
    assert transition.jointly
    assert {d.council for d in agreements.delegates} == {"cdc", "occ"}
    assert {c.council for c in agreements.consultees} == {"cdc", "occ"}
    assert transition.through == seed003.JOTWG
    assert {d.title for d in transition.delegates} == {
        "Chief Executive",
        "Interim Chief Executive",
    }


def test_cdc_occ_unanimous_and_dated_4_july_2022(cdc_occ: Ledger) -> None:
    decision = stored_resolution(cdc_occ, OCC_P, seed003.DECISION)
    assert decision.decided == date(2022, 7, 4)
    assert decision.votes == (Vote(unanimous=True),)
    conditions = {c.id for _, part in decision.walk() for c in part.conditions}
    assert conditions == {seed003.CONDITION_2, seed003.CONDITION_3}


# --------------------------------------------------------------------------- 004 CDC/SNC

SNC_P = seed004.P


def test_cdc_snc_jcc_approval_on_14_january(cdc_snc: Ledger) -> None:
    state = cdc_snc.state(SNC_P, as_of=date(2016, 1, 14))
    jcc = state.resolution(seed004.JCC_DECISION)
    assert jcc is not None
    assert jcc.status is ResolutionStatus.IN_FORCE
    assert state.resolution(seed004.DECISION) is None
    assert state.arrangement(seed004.TEAM) is None


def test_cdc_snc_executive_date_is_uncertain_inside_its_period(cdc_snc: Ledger) -> None:
    state = cdc_snc.state(SNC_P, as_of=date(2016, 1, 25))
    assert any(
        isinstance(f.event, ResolutionPassed) and f.event.resolution == seed004.DECISION
        for f in state.uncertain
    )


def test_cdc_snc_team_pending_snc_cabinet_on_7_february(cdc_snc: Ledger) -> None:
    state = cdc_snc.state(SNC_P, as_of=date(2016, 2, 7))
    assert state.arrangement(seed004.TEAM) is None
    team = next(e for e in seed004.changes() if isinstance(e, ArrangementEstablished))
    assert pending_for(state, team) == {Awaiting.MEMBER_DECISION}
    part_3 = ResolutionRef(resolution=seed004.DECISION, part=("3",))
    assert pending_part(state, part_3) == {Awaiting.MEMBER_DECISION}
    delegation = state.delegation(seed004.AMENDMENTS_DELEGATION)
    assert delegation is not None
    assert delegation in state.delegations_in_force
    assert delegation.consultees == (Role(title="Leader of the Council", council="cdc"),)


def test_cdc_snc_team_still_pending_after_8_february_without_snc_decision(
    cdc_snc: Ledger,
) -> None:
    state = cdc_snc.state(SNC_P, as_of=date(2016, 2, 9))
    assert state.arrangement(seed004.TEAM) is None
    assert "customer-services" not in state.shared_services


def test_cdc_snc_team_in_force_from_8_february_once_snc_approves() -> None:
    with open_with(seed004.events()) as ledger:
        ledger.append(*seed004.snc_cabinet_approval())
        assert ledger.state(SNC_P, as_of=date(2016, 2, 7)).arrangement(seed004.TEAM) is None
        state = ledger.state(SNC_P, as_of=date(2016, 2, 8))
        team = state.arrangement(seed004.TEAM)
        assert team is not None
        assert team.in_force
        assert team.since == date(2016, 2, 8)
        assert team.mechanism is Mechanism.OTHER
        assert team.mechanism_detail == "two-way joint team"
        assert set(team.authorised_by) == {
            ResolutionRef(resolution=seed004.DECISION, part=("3",)),
            ResolutionRef(resolution=seed004.JCC_DECISION, part=("1",)),
        }
        assert state.pending == ()
        assert "customer-services" in state.shared_services
