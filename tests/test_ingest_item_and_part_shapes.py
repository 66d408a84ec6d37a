"""Items, parts and outcomes in shapes read on real published pages (issue 18; fictional
councils, own words): an item number alone on its line, a minute cited inside a sentence,
decisions and withdrawals told in indented sentences, a fate printed after a part, a
label that continues a sentence, a NOTED heading and a mover named before MOVED."""

from __future__ import annotations

import pytest

from ingest_helpers import all_entries

HEADER = "MARLOCK DISTRICT COUNCIL\n\nCabinet - Tuesday, 7 March 2023\n\n"


@pytest.mark.parametrize("number", ["CAB/31", "EX.41", "45/23", "118/20"])
def test_an_item_number_alone_on_its_line_heads_the_item(number: str) -> None:
    text = HEADER + (
        f"{number}\nDepot Lease Renewal\n\nMinutes:\n\n"
        "RESOLVED - That the lease of the depot be renewed for five years.\n"
    )

    assert all_entries(text)["outcomes"] == [(number, "1", "resolved")]


def test_a_bare_number_ending_a_wrapped_sentence_is_no_item() -> None:
    text = HEADER + (
        "14. Forward Plan\n\n"
        "The Executive noted the Forward Plan for October 2023 to January\n"
        "2024.\n"
        "15. Depot Lease Renewal\n\n"
        "RESOLVED that the lease of the depot be renewed.\n"
    )

    found = all_entries(text)
    assert found["outcomes"] == [("14", "1", "noted"), ("15", "1", "resolved")]
    assert ("14", "1", "other", "2024-01-31", "2023-10-01") in found["dates"]


def test_a_minute_cited_in_a_sentence_is_no_item_heading() -> None:
    text = (
        "Marlock District Council\nRecord of an officer decision\n\n"
        "Date of decision: 9 March 2023\n\n"
        "Minute 57(4) of the Cabinet meeting of 7 February 2023 (extract):\n"
        '"the Director to decide the length of any extension".\n\n'
        "Decision\n\nI have decided:\n\n"
        "(a)   to extend the agreement to 31 March 2025; and\n\n"
        "(b)   to note the audit plan.\n"
    )

    assert all_entries(text)["outcomes"] == [("", "a", "resolved"), ("", "b", "noted")]


@pytest.mark.parametrize(
    ("sentence", "outcome"),
    [
        ("      Cabinet noted the update on the marketing of the site.", "noted"),
        ("      The Joint Committee noted its risk register.", "noted"),
        ("   The Joint Committee confirmed the minutes of 2 February 2023.", "resolved"),
        ("Council resolved to approve the minutes of 2 February 2023.", "resolved"),
        ("The Leader withdrew this item from the agenda.", "withdrawn"),
        ("Councillor Abel, with the consent of his seconder, withdrew the motion.", "withdrawn"),
    ],
)
def test_an_item_decided_in_a_sentence_is_one_part(sentence: str, outcome: str) -> None:
    text = HEADER + f"21. Depot Site\n\n{sentence}\n\n22. Close\n\nThe meeting closed at 8 pm.\n"

    assert all_entries(text)["outcomes"] == [("21", "1", outcome)]


@pytest.mark.parametrize(
    ("mark", "outcome"),
    [(" - LOST", "lost"), (" (WITHDRAWN)", "withdrawn"), (" - Deferred", "deferred")],
)
def test_a_fate_printed_after_a_part_is_its_outcome(mark: str, outcome: str) -> None:
    text = HEADER + (
        "7. Community Safety\n\nRESOLVED:\n\n"
        "(1)   That the annual report be noted.\n\n"
        f"(2)   That the hours of CCTV monitoring be reduced from 1 June 2023.{mark}\n"
    )

    assert all_entries(text)["outcomes"] == [("7", "1", "noted"), ("7", "2", outcome)]


def test_a_label_continuing_a_sentence_is_no_part() -> None:
    text = HEADER + (
        "7. Community Safety\n\n"
        "Recommendation (1) was carried unanimously. On a vote on recommendation\n"
        "(2) there were 2 votes for and 4 against, and it was LOST.\n\n"
        "RESOLVED:\n\n"
        "(1)   That the annual report be noted.\n\n"
        "(2)   That a charge be introduced for bulky items. - LOST\n"
    )

    assert all_entries(text)["parts"] == [("7", "1"), ("7", "2")]


def test_a_noted_heading_gives_a_noted_part() -> None:
    text = HEADER + (
        "3. Urgent Items\n\nMinutes:\n\n"
        "NOTED, that the reports on the agenda had been circulated in time.\n"
    )

    assert all_entries(text)["outcomes"] == [("3", "1", "noted")]


def test_a_mover_named_before_moved_opens_the_resolution() -> None:
    text = HEADER + (
        "4. Learning Plan\n\nDecision:\n\n"
        "Cllr Bell MOVED, Cllr Dacres SECONDED and it was RESOLVED to:\n\n"
        "1. Note the outcome of the consultation on the plan.\n\n"
        "2. Agree the seven priority areas set out in the plan.\n"
    )

    assert all_entries(text)["outcomes"] == [("4", "1", "noted"), ("4", "2", "resolved")]


def test_the_same_decision_by_another_council_is_member_approval() -> None:
    text = HEADER + (
        "5. Shared Service\n\nRESOLVED that Marlock host the shared service, subject to "
        "Tessford District Council's Cabinet taking the same decision.\n"
    )

    assert all_entries(text)["conditions"] == [("5", "1", "member_approval")]


def test_a_consultation_between_two_days_is_one_period() -> None:
    text = HEADER + (
        "6. Staffing\n\nRESOLVED that consultation with the staff affected be carried out "
        "between 13 March 2023 and 21 April 2023.\n"
    )

    assert all_entries(text)["dates"] == [
        ("", "", "decided", "2023-03-07", None),
        ("6", "1", "due", "2023-04-21", "2023-03-13"),
    ]
