"""Record shapes met by a new user reading published decision pages, with fictional councils.

Each test encodes one shape through the public API only and asks it the questions a
reader of the minutes would ask.
"""

from __future__ import annotations

from datetime import date

from govledger import (
    BodyKind,
    CallInExemption,
    CallInStatus,
    Citation,
    CouncilBody,
    Ledger,
    Member,
    Outcome,
    Part,
    PartnershipFormed,
    ResolutionPassed,
    ResolutionRef,
)

P = "fen-marsh"
CABINET = CouncilBody(council="fen", name="Cabinet")
COUNCIL = CouncilBody(council="fen", name="Council", kind=BodyKind.FULL_COUNCIL)


def _formed() -> PartnershipFormed:
    return PartnershipFormed(
        partnership=P,
        effective=date(2014, 5, 1),
        name="Fenwick and Marshby",
        members=(Member(council="fen", name="Fenwick"), Member(council="marsh", name="Marshby")),
        authorised_by=(Citation(document="Shared management memorandum"),),
    )


def _cabinet() -> ResolutionPassed:
    """A Cabinet noting a report, recommending its numbered recommendations (nested)
    to Full Council, and approving one recommendation itself."""
    return ResolutionPassed(
        partnership=P,
        resolution="fen-cabinet-31",
        decided_by=CABINET,
        decided=date(2015, 3, 3),
        effective=date(2015, 3, 3),
        item="31",
        title="Shared senior team",
        parts=(
            Part(number="1", summary="Progress report noted.", outcome=Outcome.NOTED),
            Part(
                number="2",
                summary="Council asked to agree the report's staffing proposals.",
                outcome=Outcome.RECOMMENDED,
                recommended_to=(COUNCIL,),
                parts=(
                    Part(number="a", summary="Fill the two vacant shared posts."),
                    Part(number="b", summary="Share a legal adviser."),
                ),
            ),
            Part(number="3", summary="Cabinet approves the interim cover itself."),
        ),
    )


def _council() -> ResolutionPassed:
    return ResolutionPassed(
        partnership=P,
        resolution="fen-council-12",
        decided_by=COUNCIL,
        decided=date(2015, 3, 17),
        effective=date(2015, 3, 17),
        item="12",
        title="Shared senior team",
        parts=(
            Part(number="a", summary="Report noted.", outcome=Outcome.NOTED),
            Part(
                number="b",
                summary="The staffing proposals agreed.",
                adopts=ResolutionRef.parse("fen-cabinet-31(2)"),
            ),
        ),
        call_in=CallInStatus.NOT_SUBJECT,
        call_in_exemption=CallInExemption.NON_EXECUTIVE,
    )


def test_a_part_nested_in_a_recommendation_was_not_approved_by_the_recommending_body() -> None:
    with Ledger.open(":memory:") as ledger:
        ledger.append(_formed(), _cabinet())
        state = ledger.state(P, as_of=date(2015, 3, 10))
        nested = state.part("fen-cabinet-31(2)(a)")
        parent = state.part("fen-cabinet-31(2)")
        own = state.part("fen-cabinet-31(3)")
        assert nested is not None and parent is not None and own is not None
        # Cabinet only recommended (2)(a), with its parent: it approved neither.
        assert not parent.approved and not nested.approved
        assert not nested.in_force and nested.adopted_by is None
        assert own.approved and own.in_force


def test_a_nested_recommended_part_is_approved_by_whom_adopted_it() -> None:
    with Ledger.open(":memory:") as ledger:
        ledger.append(_formed(), _cabinet(), _council())
        nested = ledger.state(P, as_of=date(2015, 3, 17)).part("fen-cabinet-31(2)(b)")
        assert nested is not None and nested.in_force
        # Cabinet only recommended it (the record never changes); Council adopted it.
        assert not nested.approved
        assert nested.adopted_by == ResolutionRef.parse("fen-council-12(b)")
        before = ledger.state(P, as_of=date(2015, 3, 16)).part("fen-cabinet-31(2)(b)")
        assert before is not None and not before.in_force and before.adopted_by is None
        adopting = ledger.state(P, as_of=date(2015, 3, 17)).part("fen-council-12(b)")
        assert adopting is not None and adopting.approved
        assert adopting.decided_by == COUNCIL


def test_a_decision_subject_to_call_in_with_only_an_effective_date_says_what_it_waits_for() -> None:
    # The notice says call-in applies and gives the day it takes effect, but no deadline.
    decision = ResolutionPassed(
        partnership=P,
        resolution="fen-cabinet-52",
        decided_by=CABINET,
        decided=date(2016, 9, 6),
        published=date(2016, 9, 7),
        effective=date(2016, 9, 15),
        item="52",
        title="Shared legal team terms",
        parts=(Part(number="1", summary="Heads of terms agreed."),),
        call_in=CallInStatus.SUBJECT,
    )
    with Ledger.open(":memory:") as ledger:
        ledger.append(_formed(), decision)
        waiting = ledger.state(P, as_of=date(2016, 9, 9))
        found = waiting.resolution("fen-cabinet-52")
        assert found is not None and found.call_in_text == "subject to call-in"
        assert [str(r) for p in waiting.pending for r in p.reasons] == [
            "takes effect 2016-09-15 (subject to call-in; no call-in deadline recorded)"
        ]
        after = ledger.state(P, as_of=date(2016, 9, 15)).resolution("fen-cabinet-52")
        assert after is not None and after.status.value == "in_force"
