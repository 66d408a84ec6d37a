"""Parts, outcomes and dates in shapes read on real published pages (issue 18; fictional
councils, own words): a single passive part after discussion with no heading, "That
Cabinet notes", sentences recording a decision ("The Panel noted that", "took note of"),
"subject to:" with its objects on the lines below, a term's end and a season with no year."""

from __future__ import annotations

from datetime import date

import pytest

from govledger.ingest.dates import find_dates
from ingest_helpers import all_entries

HEADER = "VENNICK BOROUGH COUNCIL\n\nAUDIT COMMITTEE\n\nThursday, 24 June 2021\n\n"
#: An item with a decision, so that a page whose other item decides nothing still parses.
DECIDED = "9/21  Work programme\n\nRESOLVED that the work programme be approved.\n"


# ------------------------------------------------------ a lone passive part, no heading


def test_a_single_numbered_passive_part_after_discussion_is_a_resolution() -> None:
    text = HEADER + (
        "8/21  Shared Audit Service: Revised Timetable\n\n"
        "Members considered a proposal to shorten the merger of the two audit teams.\n\n"
        "1)      the revised timetable for merging the audit teams be approved.\n"
    )

    assert all_entries(text)["outcomes"] == [("8/21", "1", "resolved")]


def test_a_single_numbered_line_of_narrative_is_still_not_a_part() -> None:
    text = HEADER + (
        "8/21  Shared Audit Service\n\n"
        "Members considered a proposal to shorten the merger of the two audit teams.\n\n"
        "1)      the Head of Audit explained the timetable to members.\n\n" + DECIDED
    )

    assert all_entries(text)["parts"] == [("9/21", "1")]


# ---------------------------------------------------------- "That Cabinet notes ..."


@pytest.mark.parametrize(
    ("words", "outcome"),
    [
        ("That Cabinet notes the savings made so far;", "noted"),
        ("That the Joint Committee noted the savings made so far;", "noted"),
        ("That Cabinet ends the review of a merged team;", "resolved"),
        ("That Cabinet notes and approves the savings plan;", "noted"),
    ],
)
def test_a_body_named_before_its_verb_takes_the_verb_s_outcome(words: str, outcome: str) -> None:
    text = HEADER + (
        f"14. Shared Legal Service\n\nRESOLVED:\n\n(a) {words}\n"
        "(b) That Cabinet asks the partner to agree.\n"
    )

    assert all_entries(text)["outcomes"] == [("14", "a", outcome), ("14", "b", "resolved")]


# ------------------------------------------------------- decisions in a sentence


@pytest.mark.parametrize(
    ("sentence", "outcome"),
    [
        ("The Panel noted that the partnership board had accepted its advice.", "noted"),
        ("The Panel took note of the paper.", "noted"),
        ("The Panel approved the revised charter.", "resolved"),
    ],
)
def test_an_item_decided_in_one_sentence_is_one_part(sentence: str, outcome: str) -> None:
    text = HEADER + (
        f"4. Budget monitoring\n\n{sentence}\n\n5. Date of next meeting\n\nTo be confirmed.\n"
    )

    assert all_entries(text)["outcomes"] == [("4", "1", outcome)]


def test_a_member_noting_something_in_discussion_is_not_a_decision() -> None:
    text = HEADER + "4. Announcements\n\nThe Chairman noted that the room would change.\n\n"

    assert all_entries(text + DECIDED)["parts"] == [("9/21", "1")]


# --------------------------------------------------------------- "subject to:"


def test_subject_to_a_colon_takes_its_objects_from_the_lines_below() -> None:
    text = HEADER + (
        "23/12  MINUTES\n\n"
        "RESOLVED that the minutes of the meeting held on 13th May 2021 be approved as a "
        "correct record, subject to:\n\n"
        "Councillor P. Anstey being shown as present in place of Councillor R. Dunn.\n"
    )

    assert all_entries(text)["conditions"] == [("23/12", "1", "other")]


# --------------------------------------------------------------------------- dates


def test_the_date_an_agreement_is_extended_to_is_a_term_s_end_not_a_deadline() -> None:
    text = HEADER + (
        "14. Shared Legal Service\n\nRESOLVED:\n\n"
        "(a) That Cabinet asks the partner to extend the present agreement to 31 March 2022;\n"
        "(b) That the Head of Legal report on the extension by 30 September 2021.\n"
    )

    dates = [d for d in all_entries(text)["dates"] if d[1]]

    assert dates == [
        ("14", "a", "other", "2022-03-31", None),
        ("14", "b", "due", "2021-09-30", None),
    ]


@pytest.mark.parametrize(
    ("words", "earliest", "latest"),
    [
        ("review it in the autumn", "2021-09-01", "2021-11-30"),
        ("review it in spring", "2022-03-01", "2022-05-31"),
        ("review it during the winter", "2021-12-01", "2022-02-28"),
    ],
)
def test_a_season_with_no_year_is_its_next_occurrence(
    words: str, earliest: str, latest: str
) -> None:
    found = find_dates(f"The Panel agreed to {words}.", reference=date(2021, 6, 24))

    assert [(str(d.earliest), str(d.latest)) for d in found] == [(earliest, latest)]


def test_a_season_with_a_year_or_no_meeting_date_is_not_read_as_a_bare_season() -> None:
    with_year = find_dates("consult in the autumn of 2023.", reference=date(2021, 6, 24))
    no_reference = find_dates("review it in the autumn.")

    assert [(str(d.earliest), str(d.latest)) for d in with_year] == [("2023-09-01", "2023-11-30")]
    assert no_reference == []


def test_a_review_timetabled_for_a_season_is_due() -> None:
    text = HEADER + (
        "2. Publication of papers\n\nThe Panel agreed to review in the autumn what it publishes.\n"
    )

    assert [d for d in all_entries(text)["dates"] if d[1]] == [
        ("2", "1", "due", "2021-11-30", "2021-09-01")
    ]
