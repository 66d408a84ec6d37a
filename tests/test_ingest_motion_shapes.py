"""Motions in the shapes real minutes print them (issue 18, held-out set 3's misses, in the
project's own words and fictional councils): a mover named with their office between
commas, a substantive motion moved before an amendment that was lost, an amendment's
mover in an earlier paragraph than its fate, "this was carried" after "A moved that the
question be now put", a motion that a recommendation be taken separately, and
recommendations proposed and carried in one sentence."""

from __future__ import annotations

from typing import Any

from govledger.ingest import ingest_document, read_text
from govledger.ingest.evaluate import model_draft_entries

HEAD = "Saltcote District Council\n\nCouncil\n\nMinutes of the meeting held on 2 May 2024\n\n"
PARTS = (
    "RESOLVED:\n\n(1) That the shared building control service with Wendham be continued.\n\n"
    "(2) That the Head of Finance be authorised to agree the fees.\n"
)


def motions(text: str) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    draft = ingest_document(read_text(text), partnership="p").to_json()
    found = model_draft_entries(draft)
    return sorted(found["motions"], key=repr), sorted(found["movers"], key=repr)


def test_the_motion_moved_before_a_lost_amendment_is_the_one_resolved() -> None:
    text = (
        f"{HEAD}21. Shared Building Control\n\nCouncillor Ashe, Cabinet Member for "
        "Planning, moved the recommendations of the Cabinet and Councillor Birch seconded "
        "them. She said the service had met every target.\n\nCouncillor Crane moved and "
        "Councillor Dyer seconded an amendment to end the service in 2026.\n\nOn being put "
        "to the vote the amendment was LOST.\n\n" + PARTS
    )

    found, movers = motions(text)
    assert found == [
        ("21", "amendment", "amend", "lost"),
        ("21", "substantive", "decide", "carried"),
    ]
    assert movers == [("21", "ashe", "birch"), ("21", "crane", "dyer")]


def test_a_question_be_now_put_then_this_was_carried_is_a_procedural_motion() -> None:
    text = (
        f"{HEAD}22. Shared Legal Service\n\nCouncillor Ashe moved and Councillor Birch "
        "seconded the recommendation.\n\nDuring the debate Councillor Crane moved that the "
        "question be now put. On being put to the vote, this was carried.\n\nOn being put to "
        "the vote the recommendation was carried unanimously.\n\n" + PARTS
    )

    found, movers = motions(text)
    assert ("22", "procedural", "move_to_vote", "carried") in found
    assert ("22", "crane", None) in movers


def test_this_was_agreed_with_no_motion_moved_is_no_motion() -> None:
    text = (
        f"{HEAD}23. Shared Legal Service\n\nThe Chair suggested a short adjournment; this "
        "was agreed.\n\n" + PARTS
    )

    found, _ = motions(text)
    assert ("23", "procedural", "adjourn", "carried") not in found
    assert all(m[1:3] != ("procedural", "adjourn") for m in found)


def test_a_motion_to_take_a_recommendation_separately_is_procedural() -> None:
    text = (
        f"{HEAD}24. Annual Report\n\nCouncillor Ashe moved that recommendation (2) be taken "
        "separately; this was seconded by Councillor Birch and agreed.\n\nRecommendation (1) "
        "was carried nem con.\n\n" + PARTS
    )

    found, movers = motions(text)
    assert found == [("24", "procedural", "take_separately", "carried")]
    assert movers == [("24", "ashe", "birch")]


def test_recommendations_proposed_and_carried_in_one_sentence_are_a_motion() -> None:
    text = (
        f"{HEAD}25. Shared Planning\n\nCouncillor Ashe proposed, and Councillor Birch "
        "seconded, the recommendations, which were carried by 5 votes to 1.\n\n" + PARTS
    )

    found, movers = motions(text)
    assert found == [("25", "substantive", "decide", "carried")]
    assert movers == [("25", "ashe", "birch")]


def test_an_office_after_the_leaders_name_is_not_taken_for_the_mover() -> None:
    text = (
        f"{HEAD}26. Joint Chief Executive\n\nThe Leader, Councillor Ashe, moved and "
        "Councillor Birch seconded the recommendation.\n\n" + PARTS
    )

    _, movers = motions(text)
    assert movers == [("26", "ashe", "birch")]


def test_a_motion_moved_that_the_meeting_be_adjourned_then_lost_is_procedural() -> None:
    text = (
        f"{HEAD}27. Hosted ICT\n\nCouncillor Ashe moved and Councillor Birch seconded the "
        "recommendations.\n\nCouncillor Crane moved that the meeting be adjourned. The motion "
        "was seconded by Councillor Dyer and, on being put to the vote, was lost.\n\n"
        "On being put to the vote the recommendations were carried.\n\n" + PARTS
    )

    found, movers = motions(text)
    assert ("27", "procedural", "adjourn", "lost") in found
    assert ("27", "crane", "dyer") in movers


def test_an_unnamed_motion_to_exclude_the_public_is_procedural() -> None:
    text = (
        f"{HEAD}28. Exclusion of the Press and Public\n\nIt was moved, seconded and RESOLVED "
        "(nem con) that the press and public be excluded from the meeting for the following "
        "item.\n"
    )

    found, _ = motions(text)
    assert found == [("28", "procedural", "exclude_public", "carried")]


def test_a_seconder_in_the_sentence_after_the_moving_one_is_read() -> None:
    text = (
        f"{HEAD}29. Joint Waste Contract\n\nCouncillor Ashe, Portfolio Holder for "
        "Environment, moved the recommendations of the Cabinet. Councillor Birch seconded "
        "them.\n\n" + PARTS
    )

    _, movers = motions(text)
    assert movers == [("29", "ashe", "birch")]


def test_a_motion_that_the_consultation_be_delayed_asks_to_defer() -> None:
    text = (
        f"{HEAD}30. Local Plan\n\nCouncillor Crane moved, and Councillor Dyer seconded, that "
        "the consultation be delayed. On being put to the vote the motion was lost.\n\n" + PARTS
    )

    found, _ = motions(text)
    assert ("30", "substantive", "defer", "lost") in found
