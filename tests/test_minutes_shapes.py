"""What minutes really record: partial votes and motions, call-in status, endings in
stages, decisions in principle, undated decisions, titles that change (issue 15)."""

from __future__ import annotations

import json
from datetime import date

import pytest

from factories import CITE, P, arrangement, formed, must, post, ref, resolved
from govledger import (
    CallInExemption,
    CallInStatus,
    CouncilBody,
    DelegatedDecisionTaken,
    DelegationGranted,
    EndingStage,
    EndingStageReached,
    InvalidEvent,
    Ledger,
    MotionKind,
    MotionPurpose,
    MotionResult,
    NamedVote,
    NoticeGiven,
    Outcome,
    Part,
    Period,
    PostRetitled,
    ResolutionRef,
    Role,
    Tally,
    Vote,
    VotePosition,
    errors,
)
from govledger.codec import decode, encode
from govledger.events import BodyKind, CallInRequested, date_not_stated

AGAINST = VotePosition.AGAINST
FOR = VotePosition.FOR


def _named(*pairs: tuple[str, VotePosition]) -> tuple[NamedVote, ...]:
    return tuple(NamedVote(member=m, position=p) for m, p in pairs)


# --------------------------------------------------------------------------- votes


def test_a_partial_named_list_beside_the_totals_is_valid() -> None:
    vote = Vote(
        tally=Tally(in_favour=31, against=12),
        named=_named(("Cllr Ames", AGAINST), ("Cllr Bell", AGAINST)),
        named_complete=False,
    )
    assert vote.carried is True


def test_a_complete_named_list_must_add_up_and_says_how_to_mark_a_partial_one() -> None:
    with pytest.raises(InvalidEvent, match="named_complete=False"):
        Vote(tally=Tally(in_favour=31, against=12), named=_named(("Cllr Ames", AGAINST)))


def test_a_partial_list_longer_than_the_tally_is_refused() -> None:
    with pytest.raises(InvalidEvent, match="longer than the tally"):
        Vote(
            tally=Tally(in_favour=5, against=1),
            named=_named(("A", AGAINST), ("B", AGAINST)),
            named_complete=False,
        )


def test_a_partial_named_list_alone_never_decides_the_outcome() -> None:
    vote = Vote(named=_named(("A", FOR), ("B", FOR), ("C", AGAINST)), named_complete=False)
    assert vote.carried is None
    assert "partial named list" in vote.words


def test_the_stated_result_decides_when_there_are_no_totals() -> None:
    vote = Vote(named=_named(("A", AGAINST)), named_complete=False, result=MotionResult.CARRIED)
    assert vote.carried is True


def test_a_stated_result_contradicting_the_totals_is_refused() -> None:
    with pytest.raises(InvalidEvent, match="contradicts the figures"):
        Vote(tally=Tally(in_favour=3, against=9), result=MotionResult.CARRIED)


def test_a_member_named_twice_is_refused() -> None:
    with pytest.raises(InvalidEvent, match="more than once"):
        Vote(named=_named(("Cllr Ames", FOR), ("cllr ames", AGAINST)))


def test_a_carried_part_with_a_partial_named_list_is_recorded(ledger: Ledger) -> None:
    part = Part(
        number="1",
        summary="approve the shared service",
        votes=(
            Vote(
                named=_named(("Cllr Ames", AGAINST), ("Cllr Bell", AGAINST)),
                named_complete=False,
            ),
        ),
    )
    ledger.append(formed(), resolved("r1", date(2021, 1, 5), part))
    assert ledger.state(P, as_of=date(2021, 1, 5)).resolution("r1") is not None


def test_a_rejected_vote_names_its_real_cause_not_no_figures(ledger: Ledger) -> None:
    lost = Vote(
        named=_named(("A", FOR), ("B", AGAINST), ("C", AGAINST)),
        result=MotionResult.LOST,
    )
    part = Part(number="1", summary="approve", votes=(lost,))
    ledger.append(formed())
    with pytest.raises(errors.VoteContradictsOutcome) as caught:
        ledger.append(resolved("r1", date(2021, 1, 5), part))
    message = str(caught.value)
    assert "no figures" not in message
    assert "named list of 3" in message and "stated as lost" in message


def test_motions_keep_purpose_mover_seconder_and_a_lost_one_changes_nothing(
    ledger: Ledger,
) -> None:
    refer = Vote(
        motion=MotionKind.PROCEDURAL,
        purpose=MotionPurpose.REFER,
        description="that the item be referred to the Overview and Scrutiny Committee",
        mover="Cllr Ames",
        seconder="Cllr Bell",
        tally=Tally(in_favour=10, against=25),
    )
    amendment = Vote(
        motion=MotionKind.AMENDMENT,
        purpose=MotionPurpose.AMEND,
        mover="Cllr Cole",
        result=MotionResult.WITHDRAWN,
    )
    main = Vote(purpose=MotionPurpose.DECIDE, tally=Tally(in_favour=25, against=10))
    part = Part(number="1", summary="establish shared ICT", votes=(refer, amendment, main))
    ledger.append(formed(), resolved("r1", date(2021, 1, 5), part))
    ledger.append(arrangement(on=date(2021, 2, 1), authority=ref("r1")))
    state = ledger.state(P, as_of=date(2021, 2, 1))
    assert must(state.arrangement("shared-ict")).in_force
    assert (refer.carried, amendment.carried, main.carried) == (False, False, True)


# --------------------------------------------------------------------------- call-in


def test_call_in_status_defaults_from_the_record_and_is_never_guessed() -> None:
    plain = resolved("r1", date(2021, 1, 5))
    subject = resolved("r2", date(2021, 1, 5), call_in_deadline=date(2021, 1, 12))
    urgent = resolved("r3", date(2021, 1, 5), urgent=True, urgency="the Leader's urgency powers")
    assert plain.call_in is CallInStatus.NOT_STATED and plain.call_in_exemption is None
    assert subject.call_in is CallInStatus.SUBJECT
    assert urgent.call_in is CallInStatus.NOT_SUBJECT
    assert urgent.call_in_exemption is CallInExemption.URGENT


def test_not_subject_to_call_in_needs_a_reason() -> None:
    with pytest.raises(InvalidEvent, match="gives no reason"):
        resolved("r1", date(2021, 1, 5), call_in=CallInStatus.NOT_SUBJECT)
    council = resolved(
        "r1",
        date(2021, 1, 5),
        call_in=CallInStatus.NOT_SUBJECT,
        call_in_exemption=CallInExemption.NON_EXECUTIVE,
        decided_by=CouncilBody(council="alpha", name="Council", kind=BodyKind.FULL_COUNCIL),
    )
    assert council.call_in_exemption is CallInExemption.NON_EXECUTIVE


def test_a_deadline_contradicting_the_status_is_refused() -> None:
    with pytest.raises(InvalidEvent, match="a deadline means"):
        resolved(
            "r1",
            date(2021, 1, 5),
            call_in_deadline=date(2021, 1, 12),
            call_in=CallInStatus.NOT_STATED,
        )


def test_the_state_shows_per_decision_whether_it_waits_for_call_in(ledger: Ledger) -> None:
    ledger.append(
        formed(),
        resolved(
            "r1",
            date(2021, 1, 5),
            call_in_deadline=date(2021, 1, 12),
            call_in_words="five clear working days after publication",
        ),
        resolved("r2", date(2021, 1, 5), urgent=True),
        resolved("r3", date(2021, 1, 5)),
    )
    during = ledger.state(P, as_of=date(2021, 1, 8))
    after = ledger.state(P, as_of=date(2021, 1, 13))
    assert must(during.resolution("r1")).awaiting_call_in
    assert not must(after.resolution("r1")).awaiting_call_in
    urgent = must(during.resolution("r2"))
    assert urgent.urgent and not urgent.awaiting_call_in
    assert urgent.call_in_text == "not subject to call-in (urgent)"
    assert must(during.resolution("r3")).call_in_text == "call-in status not stated"


def test_an_urgent_item_can_still_be_subject_to_call_in(ledger: Ledger) -> None:
    """Taken as urgent business ("Urgent item? Yes") is not the same as exempt from
    call-in: the record's deadline, or its word that call-in applies, stands."""
    with_deadline = resolved(
        "r1", date(2021, 1, 5), urgent=True, call_in_deadline=date(2021, 1, 12)
    )
    stated = resolved("r2", date(2021, 1, 5), urgent=True, call_in=CallInStatus.SUBJECT)
    for decision in (with_deadline, stated):
        assert decision.call_in is CallInStatus.SUBJECT and decision.call_in_exemption is None
    ledger.append(formed(), with_deadline, stated)
    during = must(ledger.state(P, as_of=date(2021, 1, 8)).resolution("r1"))
    assert during.urgent and during.awaiting_call_in
    assert during.call_in_text == "subject to call-in until 2021-01-12"
    ledger.append(
        CallInRequested(
            partnership=P, effective=date(2021, 1, 6), resolution="r2", requested_by="X"
        )
    )


def test_subject_to_call_in_yet_exempt_as_urgent_is_refused() -> None:
    with pytest.raises(InvalidEvent, match="subject to call-in yet exempt from it as urgent"):
        resolved(
            "r1",
            date(2021, 1, 5),
            urgent=True,
            call_in_deadline=date(2021, 1, 12),
            call_in_exemption=CallInExemption.URGENT,
        )


def test_an_exempt_decision_cannot_be_called_in(ledger: Ledger) -> None:
    ledger.append(formed(), resolved("r1", date(2021, 1, 5), urgent=True))
    with pytest.raises(errors.InvalidTransition, match=r"not subject to call-in \(urgent\)"):
        ledger.append(
            CallInRequested(
                partnership=P, effective=date(2021, 1, 6), resolution="r1", requested_by="X"
            )
        )


def test_a_subject_decision_without_a_stated_window_can_be_called_in(ledger: Ledger) -> None:
    ledger.append(formed(), resolved("r1", date(2021, 1, 5), call_in=CallInStatus.SUBJECT))
    ledger.append(
        CallInRequested(
            partnership=P, effective=date(2021, 1, 6), resolution="r1", requested_by="X"
        )
    )
    assert must(ledger.state(P, as_of=date(2021, 1, 7)).resolution("r1")).awaiting_call_in


# --------------------------------------------------------------------------- endings


def _stage(stage: EndingStage, on: date, **overrides: object) -> EndingStageReached:
    fields: dict[str, object] = {
        "partnership": P,
        "effective": on,
        "authorised_by": CITE,
        "arrangement": "shared-ict",
        "stage": stage,
        "by": ("alpha",),
    }
    return EndingStageReached(**{**fields, **overrides})  # type: ignore[arg-type]


def test_an_ending_in_stages_keeps_the_arrangement_in_force_with_no_end_date(
    ledger: Ledger,
) -> None:
    ledger.append(formed(), arrangement())
    ledger.append(
        _stage(
            EndingStage.AGREED_TO_GIVE_NOTICE,
            date(2022, 3, 1),
            words="subject to the notice period to be agreed",
        )
    )
    state = must(ledger.state(P, as_of=date(2022, 6, 1)).arrangement("shared-ict"))
    assert state.in_force
    assert state.ending_words == ("ending: agreed to give notice since 2022-03-01, no end date yet")
    ledger.append(_stage(EndingStage.TERMINATION_CLAUSE_ACTIVATED, date(2022, 7, 1)))
    ledger.append(
        NoticeGiven(
            partnership=P,
            effective=date(2022, 9, 1),
            authorised_by=CITE,
            arrangement="shared-ict",
            given_by="alpha",
            notice_ends=date(2023, 3, 31),
        )
    )
    later = must(ledger.state(P, as_of=date(2022, 10, 1)).arrangement("shared-ict"))
    assert [s.stage for s in later.ending] == [
        EndingStage.AGREED_TO_GIVE_NOTICE,
        EndingStage.TERMINATION_CLAUSE_ACTIVATED,
        EndingStage.NOTICE_GIVEN,
    ]
    assert later.ending_words == "ending: notice given since 2022-09-01, ends 2023-03-31"
    ended = must(ledger.state(P, as_of=date(2023, 4, 1)).arrangement("shared-ict"))
    assert not ended.in_force and ended.ending_words is None


def test_a_stage_with_an_end_date_puts_the_arrangement_under_notice(ledger: Ledger) -> None:
    ledger.append(formed(), arrangement())
    ledger.append(
        _stage(EndingStage.TERMINATION_STARTED, date(2022, 3, 1), ends=date(2022, 12, 31))
    )
    assert must(ledger.state(P, as_of=date(2022, 12, 31)).arrangement("shared-ict")).in_force
    assert not must(ledger.state(P, as_of=date(2023, 1, 1)).arrangement("shared-ict")).in_force


def test_a_stage_on_an_ended_arrangement_is_refused(ledger: Ledger) -> None:
    ledger.append(formed(), arrangement())
    ledger.append(_stage(EndingStage.NOTICE_GIVEN, date(2022, 3, 1), ends=date(2022, 6, 30)))
    with pytest.raises(errors.ArrangementClosed):
        ledger.append(_stage(EndingStage.OTHER, date(2022, 8, 1)))


# --------------------------------------------------------------------------- in principle


def test_a_part_agreed_in_principle_authorises_nothing_until_the_final_decision(
    ledger: Ledger,
) -> None:
    principle = Part(number="1", summary="agree in principle a shared ICT", in_principle=True)
    ledger.append(formed(), resolved("r1", date(2021, 1, 5), principle))
    with pytest.raises(errors.InvalidAuthority, match="only in principle"):
        ledger.append(arrangement(on=date(2021, 2, 1), authority=ref("r1")))
    listed = ledger.state(P, as_of=date(2021, 2, 1)).agreed_in_principle
    assert [str(p.ref) for p in listed] == ["r1(1)"] and listed[0].awaiting_final_decision
    final = Part(
        number="1",
        summary="approve the shared ICT",
        finalises=ResolutionRef(resolution="r1", part=("1",)),
    )
    ledger.append(resolved("r2", date(2021, 3, 1), final))
    ledger.append(arrangement(on=date(2021, 3, 2), authority=ref("r2")))
    state = ledger.state(P, as_of=date(2021, 3, 2))
    assert must(state.arrangement("shared-ict")).in_force
    assert str(must(state.agreed_in_principle[0].final)) == "r2(1)"


def test_finalising_a_part_not_in_principle_is_refused(ledger: Ledger) -> None:
    ledger.append(formed(), resolved("r1", date(2021, 1, 5)))
    final = Part(number="1", summary="x", finalises=ResolutionRef(resolution="r1", part=("1",)))
    with pytest.raises(errors.InvalidAuthority, match="not agreed in principle"):
        ledger.append(resolved("r2", date(2021, 3, 1), final))


def test_nothing_lost_is_agreed_in_principle() -> None:
    with pytest.raises(InvalidEvent, match="nothing was agreed in principle"):
        Part(number="1", summary="x", outcome=Outcome.LOST, in_principle=True)


# --------------------------------------------------------------------------- dates


def test_an_undated_decision_is_valid_with_an_open_period(ledger: Ledger) -> None:
    undated = Period(earliest=date(2021, 1, 1), words="date not stated")
    assert undated.open and date_not_stated(undated)
    ledger.append(formed(), resolved("r1", date(2021, 1, 5), decided=None, effective=undated))
    ledger.append(arrangement(on=date(2021, 2, 1), authority=ref("r1")))
    state = ledger.state(P, as_of=date(2021, 6, 1))
    assert must(state.arrangement("shared-ict")).in_force
    assert must(state.resolution("r1")).decided_words == "date not stated"
    assert any("date not stated" in fact.description for fact in state.uncertain)


def test_a_period_needs_a_bound() -> None:
    with pytest.raises(InvalidEvent, match="neither an earliest nor a latest"):
        Period(words="date not stated")


# --------------------------------------------------------------------------- identity


def test_a_delegation_to_a_post_is_exercised_under_its_new_title(ledger: Ledger) -> None:
    ledger.append(formed(), post(title="Head of ICT", effective=date(2020, 2, 1)))
    ledger.append(
        DelegationGranted(
            partnership=P,
            effective=date(2020, 3, 1),
            authorised_by=CITE,
            delegation="ict",
            delegates=(Role(title="Head of ICT", post="jce"),),
            scope="ICT contracts",
        ),
        PostRetitled(
            partnership=P,
            effective=date(2020, 6, 1),
            authorised_by=CITE,
            post="jce",
            previous_title="Head of ICT",
            new_title="Director of Digital",
        ),
    )
    ledger.append(
        DelegatedDecisionTaken(
            partnership=P,
            effective=date(2020, 7, 1),
            decision="d1",
            delegation="ict",
            taken_by=Role(title="Director of Digital"),
            summary="awarded the ICT support contract",
        )
    )
    state = ledger.state(P, as_of=date(2020, 7, 1))
    assert must(state.post("jce")).former_titles == ("Head of ICT",)
    assert must(state.delegation("ict")).exercised == ("d1",)


def test_a_body_is_the_same_body_under_a_longer_or_shorter_name() -> None:
    short = CouncilBody(council="kcc", name="Council", kind=BodyKind.FULL_COUNCIL)
    long = CouncilBody(council="kcc", name="County Council", kind=BodyKind.FULL_COUNCIL)
    cabinet = CouncilBody(council="kcc", name="Cabinet")
    assert short.same_as(long) and not short.same_as(cabinet)
    by_id = CouncilBody(council="kcc", name="Full Council", body="kcc-council")
    assert by_id.same_as(CouncilBody(council="kcc", name="the Council", body="kcc-council"))


# --------------------------------------------------------------------------- stored shapes


def test_a_0_1_resolution_payload_decodes_with_its_call_in_status_derived() -> None:
    event = resolved("r1", date(2021, 1, 5), call_in_deadline=date(2021, 1, 12))
    name, _, payload = encode(event)

    old = json.loads(payload)
    for key in ("call_in", "call_in_exemption", "call_in_words", "urgency"):
        del old[key]
    for part in old["parts"]:
        del part["in_principle"], part["finalises"]
    decoded = decode(name, 1, old)
    assert decoded == event and decoded.call_in is CallInStatus.SUBJECT


def test_a_0_1_vote_and_period_decode_as_they_did() -> None:
    event = resolved(
        "r1",
        date(2021, 1, 5),
        effective=Period(latest=date(2021, 1, 31), words="in January 2021"),
        votes=(Vote(named=_named(("A", FOR), ("B", AGAINST), ("C", FOR))),),
    )
    name, _, payload = encode(event)

    old = json.loads(payload)
    for key in ("named_complete", "result", "purpose", "mover", "seconder"):
        del old["votes"][0][key]
    decoded = decode(name, 1, old)
    assert decoded == event
    assert decoded.votes[0].named_complete and decoded.votes[0].carried is True
