"""Each domain rule: an event that keeps it is accepted; one that breaks it is
rejected with a specific RuleViolation, and the database is left byte-for-byte unchanged."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from fractions import Fraction
from pathlib import Path

import pytest

from factories import (
    CITE,
    P,
    arrangement,
    body,
    conditional,
    delegation,
    formed,
    must,
    post,
    ref,
    resolved,
    shares,
)
from govledger import (
    ActionAssigned,
    ActionCompleted,
    ArrangementDecoupled,
    ArrangementEnded,
    ArrangementVaried,
    BodyDisbanded,
    BodyKind,
    CallInDetermined,
    CallInOutcome,
    CallInRequested,
    ConditionSatisfied,
    CouncilBody,
    DelegatedDecisionTaken,
    DelegationRevoked,
    Event,
    HolderBasis,
    JointBody,
    Ledger,
    Mechanism,
    Member,
    MemberAdmitted,
    MemberWithdrew,
    NoticeGiven,
    Outcome,
    Part,
    PartnershipDissolved,
    Period,
    PostHolderAppointed,
    PostRetitled,
    PostVacated,
    ResolutionRef,
    Role,
    RuleViolation,
    Tally,
    VacancyReason,
    Vote,
    VotePosition,
    errors,
)


@pytest.fixture
def db(tmp_path: Path, clock: object) -> Iterator[tuple[Ledger, Path]]:
    path = tmp_path / "ledger.db"
    with Ledger.open(path, clock=clock) as ledger:  # type: ignore[arg-type]
        ledger.append(formed())
        yield ledger, path


def _files(path: Path) -> dict[str, bytes]:
    # The -shm file is SQLite's shared-memory index, not data: readers may touch it.
    files = sorted(path.parent.glob(path.name + "*"))
    return {p.name: p.read_bytes() for p in files if not p.name.endswith("-shm")}


def rejects(
    db: tuple[Ledger, Path], *events: Event, error: type[RuleViolation], match: str | None = None
) -> RuleViolation:
    """Assert appending *events* raises *error* and leaves the database files unchanged."""
    ledger, path = db
    before = _files(path)
    version = ledger.version(P)
    with pytest.raises(error, match=match) as caught:
        ledger.append(*events)
    assert _files(path) == before
    assert ledger.version(P) == version
    return caught.value


# ----------------------------------------------------------------- partnership and members


def test_events_need_a_formed_partnership(db: tuple[Ledger, Path]) -> None:
    rejects(db, arrangement(partnership="nobody-here"), error=errors.UnknownPartnership)


def test_events_before_formation_are_rejected(db: tuple[Ledger, Path]) -> None:
    rejects(db, arrangement(on=date(2019, 12, 31)), error=errors.UnknownPartnership)


def test_partnership_cannot_be_formed_twice(db: tuple[Ledger, Path]) -> None:
    rejects(db, formed(effective=date(2021, 1, 1)), error=errors.DuplicateId)


def test_nothing_takes_effect_after_dissolution(db: tuple[Ledger, Path]) -> None:
    ledger, _ = db
    ledger.append(
        PartnershipDissolved(partnership=P, effective=date(2022, 1, 1), authorised_by=CITE)
    )
    rejects(
        db, arrangement(on=date(2022, 6, 1)), error=errors.UnknownPartnership, match="dissolved"
    )


def test_member_admitted_then_named(db: tuple[Ledger, Path]) -> None:
    ledger, _ = db
    ledger.append(
        MemberAdmitted(
            partnership=P,
            effective=date(2021, 1, 1),
            authorised_by=CITE,
            member=Member(council="gamma", name="Gamma"),
        ),
        shares(("alpha", Fraction(1, 3)), ("beta", Fraction(1, 3)), ("gamma", Fraction(1, 3))),
    )
    assert ledger.state(P, as_of=date(2021, 3, 1)).member_councils == {"alpha", "beta", "gamma"}


def test_member_cannot_be_admitted_twice(db: tuple[Ledger, Path]) -> None:
    event = MemberAdmitted(
        partnership=P,
        effective=date(2021, 1, 1),
        authorised_by=CITE,
        member=Member(council="alpha", name="Alpha"),
    )
    rejects(db, event, error=errors.DuplicateId)


def test_last_two_members_cannot_leave_without_dissolving(db: tuple[Ledger, Path]) -> None:
    event = MemberWithdrew(
        partnership=P, effective=date(2021, 1, 1), authorised_by=CITE, council="beta"
    )
    rejects(db, event, error=errors.InvalidTransition, match="PartnershipDissolved")


def test_non_member_cannot_share_costs(db: tuple[Ledger, Path]) -> None:
    event = shares(("alpha", Fraction(1, 2)), ("zeta", Fraction(1, 2)))
    rejects(db, event, error=errors.NotAMember, match="'zeta'")


# ----------------------------------------------------------------- authority


def test_change_authorised_by_a_resolved_part_is_accepted(db: tuple[Ledger, Path]) -> None:
    ledger, _ = db
    ledger.append(resolved("r1", date(2021, 1, 1)), arrangement(authority=ref("r1")))
    assert "ict" in ledger.state(P, as_of=date(2021, 1, 2)).shared_services


def test_authority_must_be_recorded(db: tuple[Ledger, Path]) -> None:
    rejects(db, arrangement(authority=ref("no-such-decision")), error=errors.InvalidAuthority)


def test_authority_must_have_the_cited_part(db: tuple[Ledger, Path]) -> None:
    ledger, _ = db
    ledger.append(resolved("r1", date(2021, 1, 1)))
    rejects(
        db, arrangement(authority=ref("r1", "9")), error=errors.InvalidAuthority, match="no part"
    )


@pytest.mark.parametrize(
    "outcome", [Outcome.NOTED, Outcome.LOST, Outcome.WITHDRAWN, Outcome.DEFERRED]
)
def test_only_resolved_parts_authorise_changes(db: tuple[Ledger, Path], outcome: Outcome) -> None:
    ledger, _ = db
    ledger.append(resolved("r1", date(2021, 1, 1), Part(number="1", summary="x", outcome=outcome)))
    rejects(
        db, arrangement(authority=ref("r1")), error=errors.InvalidAuthority, match=outcome.value
    )


def test_recommended_part_proposes_changes_that_wait_for_adoption(
    db: tuple[Ledger, Path],
) -> None:
    ledger, _ = db
    council = CouncilBody(council="alpha", name="Council", kind=BodyKind.FULL_COUNCIL)
    recommendation = Part(
        number="1",
        summary="establish shared ICT",
        outcome=Outcome.RECOMMENDED,
        recommended_to=(council,),
    )
    ledger.append(resolved("cabinet-r1", date(2021, 1, 1), recommendation))
    proposed = arrangement(authority=ref("cabinet-r1"))
    ledger.append(proposed)  # a change the recommendation proposes: accepted, never in force
    before = ledger.state(P, as_of=date(2021, 1, 19))
    assert "ict" not in before.shared_services
    waiting = [p for p in before.pending if p.event == proposed]
    assert [r.detail for p in waiting for r in p.reasons] == ["awaiting adoption by ALPHA Council"]
    adoption = Part(
        number="1", summary="adopt", adopts=ResolutionRef(resolution="cabinet-r1", part=("1",))
    )
    ledger.append(
        resolved("council-r1", date(2021, 1, 20), adoption, decided_by=council),
    )
    after = ledger.state(P, as_of=date(2021, 1, 20))
    assert "ict" in after.shared_services  # from the adoption's effective date
    assert not after.is_pending(proposed)


def test_adoption_must_be_by_the_body_recommended_to(db: tuple[Ledger, Path]) -> None:
    ledger, _ = db
    council = CouncilBody(council="alpha", name="Council", kind=BodyKind.FULL_COUNCIL)
    ledger.append(
        resolved(
            "cabinet-r1",
            date(2021, 1, 1),
            Part(number="1", summary="x", outcome=Outcome.RECOMMENDED, recommended_to=(council,)),
        )
    )
    adoption = Part(
        number="1", summary="adopt", adopts=ResolutionRef(resolution="cabinet-r1", part=("1",))
    )
    rejects(
        db,
        resolved("beta-r1", date(2021, 2, 1), adoption, council="beta"),
        error=errors.InvalidAuthority,
        match="not to",
    )


def test_change_cannot_take_effect_before_its_decision(db: tuple[Ledger, Path]) -> None:
    ledger, _ = db
    ledger.append(resolved("r1", date(2021, 6, 1)))
    rejects(
        db,
        arrangement(on=date(2021, 1, 1), authority=ref("r1")),
        error=errors.InvalidAuthority,
        match="before it was decided",
    )


def test_multi_part_resolution_must_be_cited_by_part(db: tuple[Ledger, Path]) -> None:
    ledger, _ = db
    ledger.append(
        resolved(
            "r1", date(2021, 1, 1), Part(number="1", summary="a"), Part(number="2", summary="b")
        )
    )
    rejects(
        db,
        arrangement(authority=(ResolutionRef(resolution="r1"),)),
        error=errors.InvalidAuthority,
        match="cite the one",
    )


# ----------------------------------------------------------------- ids


def test_resolution_ids_are_unique(db: tuple[Ledger, Path]) -> None:
    ledger, _ = db
    ledger.append(resolved("r1", date(2021, 1, 1)))
    rejects(db, resolved("r1", date(2021, 2, 1)), error=errors.DuplicateId)


def test_arrangement_ids_are_unique(db: tuple[Ledger, Path]) -> None:
    ledger, _ = db
    ledger.append(arrangement())
    rejects(db, arrangement(on=date(2021, 5, 1)), error=errors.DuplicateId, match="shared-ict")


def test_condition_ids_are_unique_in_the_partnership(db: tuple[Ledger, Path]) -> None:
    ledger, _ = db
    ledger.append(resolved("r1", date(2021, 1, 1), conditional("agreements")))
    rejects(
        db, resolved("r2", date(2021, 2, 1), conditional("agreements")), error=errors.DuplicateId
    )


def test_duplicate_in_one_batch_is_rejected_whole(db: tuple[Ledger, Path]) -> None:
    rejects(db, arrangement(), arrangement(on=date(2021, 2, 1)), error=errors.DuplicateId)


# ----------------------------------------------------------------- posts


def test_retitle_names_the_current_title(db: tuple[Ledger, Path]) -> None:
    ledger, _ = db
    ledger.append(post())
    wrong = PostRetitled(
        partnership=P,
        effective=date(2021, 1, 1),
        authorised_by=CITE,
        post="jce",
        previous_title="Chief Executive",
        new_title="Joint Chief Executive",
    )
    rejects(db, wrong, error=errors.TitleMismatch, match="'Acting Joint Chief Executive'")


def test_retitle_must_change_the_title(db: tuple[Ledger, Path]) -> None:
    ledger, _ = db
    ledger.append(post())
    same = PostRetitled(
        partnership=P,
        effective=date(2021, 1, 1),
        authorised_by=CITE,
        post="jce",
        previous_title="Acting Joint Chief Executive",
        new_title="Acting Joint Chief Executive",
    )
    rejects(db, same, error=errors.TitleMismatch, match="same")


def test_retitle_of_unknown_post_is_rejected(db: tuple[Ledger, Path]) -> None:
    event = PostRetitled(
        partnership=P,
        effective=date(2021, 1, 1),
        authorised_by=CITE,
        post="ghost",
        previous_title="A",
        new_title="B",
    )
    rejects(db, event, error=errors.UnknownReference, match="ghost")


def test_vacating_an_empty_post_is_rejected(db: tuple[Ledger, Path]) -> None:
    ledger, _ = db
    ledger.append(post())
    event = PostVacated(
        partnership=P,
        effective=date(2021, 1, 1),
        authorised_by=CITE,
        post="jce",
        reason=VacancyReason.RESIGNATION,
    )
    rejects(db, event, error=errors.InvalidTransition, match="no holder")


# ----------------------------------------------------------------- arrangements


def _decoupled(
    services: tuple[str, ...] = (), on: date = date(2022, 8, 31)
) -> ArrangementDecoupled:
    return ArrangementDecoupled(
        partnership=P, effective=on, authorised_by=CITE, arrangement="shared-ict", services=services
    )


def test_decoupled_arrangement_cannot_be_decoupled_again(db: tuple[Ledger, Path]) -> None:
    ledger, _ = db
    ledger.append(arrangement(), _decoupled())
    rejects(db, _decoupled(on=date(2022, 9, 30)), error=errors.AlreadyDecoupled)


def test_decoupled_service_cannot_be_decoupled_again(db: tuple[Ledger, Path]) -> None:
    ledger, _ = db
    ledger.append(arrangement(), _decoupled(("ict",)))
    rejects(
        db, _decoupled(("ict",), on=date(2022, 9, 30)), error=errors.AlreadyDecoupled, match="'ict'"
    )


@pytest.mark.parametrize("kind", ["vary", "notice"])
def test_decoupled_arrangement_cannot_be_varied_or_noticed(
    db: tuple[Ledger, Path], kind: str
) -> None:
    ledger, _ = db
    ledger.append(arrangement(), _decoupled())
    later = date(2022, 10, 1)
    event: Event = (
        ArrangementVaried(
            partnership=P,
            effective=later,
            authorised_by=CITE,
            arrangement="shared-ict",
            mechanism=Mechanism.SERVICE_LEVEL_AGREEMENT,
        )
        if kind == "vary"
        else NoticeGiven(
            partnership=P,
            effective=later,
            authorised_by=CITE,
            arrangement="shared-ict",
            given_by="alpha",
            notice_ends=date(2023, 4, 1),
        )
    )
    rejects(db, event, error=errors.AlreadyDecoupled)


def test_ended_arrangement_cannot_be_decoupled(db: tuple[Ledger, Path]) -> None:
    ledger, _ = db
    ledger.append(
        arrangement(),
        ArrangementEnded(
            partnership=P, effective=date(2022, 1, 1), authorised_by=CITE, arrangement="shared-ict"
        ),
    )
    rejects(db, _decoupled(), error=errors.ArrangementClosed, match="ended")


def test_arrangement_ends_when_notice_runs_out(db: tuple[Ledger, Path]) -> None:
    ledger, _ = db
    ledger.append(
        arrangement(),
        NoticeGiven(
            partnership=P,
            effective=date(2022, 2, 8),
            authorised_by=CITE,
            arrangement="shared-ict",
            given_by="beta",
            notice_ends=date(2022, 8, 31),
        ),
    )
    rejects(db, _decoupled(on=date(2022, 9, 5)), error=errors.ArrangementClosed, match="2022-08-31")


def test_decoupling_a_service_not_in_the_arrangement(db: tuple[Ledger, Path]) -> None:
    ledger, _ = db
    ledger.append(arrangement())
    rejects(db, _decoupled(("waste",)), error=errors.UnknownReference, match="waste")


# ----------------------------------------------------------------- bodies


def test_disbanded_body_passes_no_later_resolution(db: tuple[Ledger, Path]) -> None:
    ledger, _ = db
    ledger.append(
        body(),
        BodyDisbanded(
            partnership=P, effective=date(2022, 8, 31), authorised_by=CITE, body="joint-committee"
        ),
    )
    later = resolved("jc-r9", date(2022, 9, 15), decided_by=JointBody(body="joint-committee"))
    rejects(db, later, error=errors.BodyDisbandedError, match="disbanded on 2022-08-31")


def test_active_body_can_decide(db: tuple[Ledger, Path]) -> None:
    ledger, _ = db
    ledger.append(
        body(), resolved("jc-r1", date(2021, 3, 1), decided_by=JointBody(body="joint-committee"))
    )
    assert ledger.state(P, as_of=date(2021, 3, 1)).resolution("jc-r1") is not None


def test_back_dated_disbandment_cannot_orphan_later_resolutions(db: tuple[Ledger, Path]) -> None:
    ledger, _ = db
    ledger.append(
        body(), resolved("jc-r1", date(2021, 3, 1), decided_by=JointBody(body="joint-committee"))
    )
    early = BodyDisbanded(
        partnership=P, effective=date(2021, 1, 1), authorised_by=CITE, body="joint-committee"
    )
    violation = rejects(db, early, error=errors.BodyDisbandedError, match="back-dated")
    assert violation.event == early


# ----------------------------------------------------------------- delegations


def test_delegated_decision_by_a_delegate_in_force(db: tuple[Ledger, Path]) -> None:
    ledger, _ = db
    ledger.append(delegation())
    ledger.append(
        DelegatedDecisionTaken(
            partnership=P,
            effective=date(2021, 3, 1),
            decision="dd-1",
            delegation="ict-delegation",
            taken_by=Role(title="Director of Resources", council="alpha"),
            summary="minor amendment",
        )
    )
    state = ledger.state(P, as_of=date(2021, 3, 2))
    assert must(state.delegation("ict-delegation")).exercised == ("dd-1",)


def test_delegated_decision_by_someone_else_is_rejected(db: tuple[Ledger, Path]) -> None:
    ledger, _ = db
    ledger.append(delegation())
    event = DelegatedDecisionTaken(
        partnership=P,
        effective=date(2021, 3, 1),
        decision="dd-1",
        delegation="ict-delegation",
        taken_by=Role(title="Head of Waste", council="alpha"),
        summary="x",
    )
    rejects(db, event, error=errors.DelegationNotInForce, match="not a delegate")


def test_delegated_decision_after_revocation_is_rejected(db: tuple[Ledger, Path]) -> None:
    ledger, _ = db
    ledger.append(
        delegation(),
        DelegationRevoked(
            partnership=P,
            effective=date(2021, 6, 1),
            authorised_by=CITE,
            delegation="ict-delegation",
        ),
    )
    event = DelegatedDecisionTaken(
        partnership=P,
        effective=date(2021, 7, 1),
        decision="dd-1",
        delegation="ict-delegation",
        taken_by=Role(title="Director of Resources", council="alpha"),
        summary="x",
    )
    rejects(db, event, error=errors.DelegationNotInForce, match="not in force")


def test_delegated_decision_after_expiry_is_rejected(db: tuple[Ledger, Path]) -> None:
    ledger, _ = db
    ledger.append(delegation(expires=date(2021, 12, 31)))
    event = DelegatedDecisionTaken(
        partnership=P,
        effective=date(2022, 1, 1),
        decision="dd-1",
        delegation="ict-delegation",
        taken_by=Role(title="Director of Resources", council="alpha"),
        summary="x",
    )
    rejects(db, event, error=errors.DelegationNotInForce)


# ----------------------------------------------------------------- money


def test_equal_shares_are_accepted(db: tuple[Ledger, Path]) -> None:
    ledger, _ = db
    ledger.append(shares(("alpha", Fraction(1, 2)), ("beta", Fraction(1, 2))))
    share = ledger.state(P, as_of=date(2021, 3, 1)).cost_share("ict-costs")
    assert share is not None and share.share_of("alpha") == Fraction(1, 2)


def test_shares_must_sum_to_exactly_one(db: tuple[Ledger, Path]) -> None:
    rejects(
        db,
        shares(("alpha", Fraction(1, 3)), ("beta", Fraction(1, 3))),
        error=errors.InvalidCostShare,
        match="2/3",
    )


def test_shares_must_be_positive(db: tuple[Ledger, Path]) -> None:
    rejects(
        db,
        shares(("alpha", Fraction(1)), ("beta", Fraction(0))),
        error=errors.InvalidCostShare,
        match="positive",
    )


def test_shares_name_each_council_once(db: tuple[Ledger, Path]) -> None:
    rejects(
        db,
        shares(("alpha", Fraction(1, 2)), ("alpha", Fraction(1, 2))),
        error=errors.InvalidCostShare,
        match="more than once",
    )


# ----------------------------------------------------------------- votes


def test_resolved_part_needs_more_for_than_against(db: tuple[Ledger, Path]) -> None:
    part = Part(number="1", summary="x", votes=(Vote(tally=Tally(in_favour=3, against=7)),))
    rejects(
        db,
        resolved("r1", date(2021, 1, 1), part),
        error=errors.VoteContradictsOutcome,
        match="3 for, 7 against",
    )


def test_tie_resolved_only_with_a_casting_vote_for(db: tuple[Ledger, Path]) -> None:
    ledger, _ = db
    tie = Tally(in_favour=5, against=5)
    rejects(
        db,
        resolved("r1", date(2021, 1, 1), Part(number="1", summary="x", votes=(Vote(tally=tie),))),
        error=errors.VoteContradictsOutcome,
    )
    casting = Vote(tally=tie, casting_vote=VotePosition.FOR)
    ledger.append(resolved("r1", date(2021, 1, 1), Part(number="1", summary="x", votes=(casting,))))


def test_lost_part_cannot_have_a_carried_vote(db: tuple[Ledger, Path]) -> None:
    part = Part(
        number="1",
        summary="x",
        outcome=Outcome.LOST,
        votes=(Vote(tally=Tally(in_favour=31, against=29)),),
    )
    rejects(
        db,
        resolved("r1", date(2021, 1, 1), part),
        error=errors.VoteContradictsOutcome,
        match="lost",
    )


def test_lost_by_31_to_29_is_accepted_as_lost(db: tuple[Ledger, Path]) -> None:
    ledger, _ = db
    part = Part(
        number="1",
        summary="x",
        outcome=Outcome.LOST,
        votes=(Vote(tally=Tally(in_favour=29, against=31)),),
    )
    ledger.append(resolved("r1", date(2021, 1, 1), part))


def test_procedural_votes_do_not_decide_the_outcome(db: tuple[Ledger, Path]) -> None:
    ledger, _ = db
    from govledger import MotionKind

    votes = (
        Vote(motion=MotionKind.AMENDMENT, tally=Tally(in_favour=2, against=9)),
        Vote(tally=Tally(in_favour=9, against=2)),
    )
    ledger.append(resolved("r1", date(2021, 1, 1), Part(number="1", summary="x", votes=votes)))


# ----------------------------------------------------------------- call-in, conditions, actions


def test_call_in_needs_a_call_in_window(db: tuple[Ledger, Path]) -> None:
    ledger, _ = db
    ledger.append(resolved("r1", date(2021, 1, 1)))
    event = CallInRequested(
        partnership=P, effective=date(2021, 1, 3), resolution="r1", requested_by="five members"
    )
    rejects(db, event, error=errors.InvalidTransition, match="not subject to call-in")


def test_call_in_after_the_window_closed_is_rejected(db: tuple[Ledger, Path]) -> None:
    ledger, _ = db
    ledger.append(
        resolved(
            "r1", date(2021, 1, 1), effective=date(2021, 1, 9), call_in_deadline=date(2021, 1, 8)
        )
    )
    event = CallInRequested(
        partnership=P, effective=date(2021, 1, 9), resolution="r1", requested_by="five members"
    )
    rejects(db, event, error=errors.InvalidTransition, match="closed")


def test_call_in_determined_only_after_request(db: tuple[Ledger, Path]) -> None:
    ledger, _ = db
    ledger.append(
        resolved(
            "r1", date(2021, 1, 1), effective=date(2021, 1, 9), call_in_deadline=date(2021, 1, 8)
        )
    )
    event = CallInDetermined(
        partnership=P,
        effective=date(2021, 1, 20),
        resolution="r1",
        outcome=CallInOutcome.NO_FURTHER_ACTION,
    )
    rejects(db, event, error=errors.InvalidTransition, match="not called in")


def test_condition_must_be_declared(db: tuple[Ledger, Path]) -> None:
    event = ConditionSatisfied(
        partnership=P, effective=date(2021, 1, 1), condition="nope", evidence="x"
    )
    rejects(db, event, error=errors.UnknownReference, match="nope")


def test_condition_cannot_be_satisfied_twice(db: tuple[Ledger, Path]) -> None:
    ledger, _ = db
    ledger.append(
        resolved("r1", date(2021, 1, 1), conditional("agreements")),
        ConditionSatisfied(
            partnership=P, effective=date(2021, 2, 1), condition="agreements", evidence="signed"
        ),
    )
    again = ConditionSatisfied(
        partnership=P, effective=date(2021, 3, 1), condition="agreements", evidence="again"
    )
    rejects(db, again, error=errors.InvalidTransition, match="already satisfied")


def test_action_completed_once(db: tuple[Ledger, Path]) -> None:
    ledger, _ = db
    ledger.append(
        ActionAssigned(
            partnership=P,
            effective=date(2021, 1, 1),
            authorised_by=CITE,
            action="review",
            description="review the concordat",
        ),
        ActionCompleted(partnership=P, effective=date(2021, 3, 1), action="review"),
    )
    rejects(
        db,
        ActionCompleted(partnership=P, effective=date(2021, 4, 1), action="review"),
        error=errors.InvalidTransition,
    )


def test_holder_appointed_to_a_post(db: tuple[Ledger, Path]) -> None:
    ledger, _ = db
    ledger.append(
        post(),
        PostHolderAppointed(
            partnership=P,
            effective=date(2020, 3, 1),
            authorised_by=CITE,
            post="jce",
            basis=HolderBasis.SECONDED,
            term_ends=Period(
                earliest=date(2013, 3, 31), latest=date(2013, 3, 31), words="end of 2012/13"
            ),
        ),
    )
    holder = ledger.state(P, as_of=date(2020, 3, 2)).post("jce").holder  # type: ignore[union-attr]
    assert holder is not None and holder.basis is HolderBasis.SECONDED


def test_rule_violation_names_rule_event_and_reason(db: tuple[Ledger, Path]) -> None:
    bad = shares(("alpha", Fraction(1, 3)), ("beta", Fraction(1, 3)))
    violation = rejects(db, bad, error=errors.InvalidCostShare)
    assert violation.rule == "shares-sum-to-one"
    assert violation.event == bad
    assert "CostShareAgreed" in str(violation) and "sum to 2/3" in violation.reason
