"""Shapes seen on real published pages (fictional councils, own words): lost headings
whose parts are not in the "That" form, unnumbered and flattened lists, preambles,
page furniture, labelled fields and pages of a joined file refused on their own."""

from __future__ import annotations

from typing import Any

import pytest

from govledger.ingest.evaluate import draft_entries
from ingest_helpers import draft


def outcomes(text: str) -> list[tuple[Any, ...]]:
    return sorted(draft_entries(draft(text))["outcomes"], key=repr)


def messages(data: dict[str, Any]) -> list[str]:
    return [flag["message"] for flag in data["flags"]]


# ----------------------------------------------------- 1. lost heading, parts not "That ..."


@pytest.mark.parametrize(
    "parts",
    [
        "1) the update be noted; and\n\n2) the proposals at 3.4 of the report be approved.",
        "(a)          the update be noted; and\n\n"
        "(b)          the proposals at 3.4 (a) and (b) and 3.5 of the report be approved.",
        "i) the update be noted; and\nii) the options at 4.1.2 of the report be agreed.",
    ],
)
def test_a_lost_heading_over_parts_citing_report_paragraphs(parts: str) -> None:
    text = f"Shared Waste Collection\n\n{parts}\n"

    found = outcomes(text)

    assert [o[2] for o in found] == ["noted", "resolved"]


def test_a_list_under_an_item_heading_with_its_own_number_is_a_new_list() -> None:
    text = (
        "Cabinet\nMinutes of the meeting held on 9 March 2023\n\n"
        "14. Shared Waste Collection\n\n"
        "1) the minutes of the last meeting be noted; and\n\n"
        "2) the appointment of a shared manager be approved.\n"
    )

    found = outcomes(text)

    assert [(o[0], o[1], o[2]) for o in found] == [("14", "1", "noted"), ("14", "2", "resolved")]


def test_a_list_in_the_middle_is_still_not_a_lost_heading() -> None:
    text = (
        "Cabinet\nMinutes of the meeting held on 9 March 2023\n\n"
        "14. Shared Waste Collection\n\n"
        "The report set out:\n"
        "1) the costs of the service;\n"
        "2) the staffing of the service be reviewed next year;\n\n"
        "RESOLVED that the report be noted.\n"
    )

    found = outcomes(text)

    assert [o[2] for o in found] == ["noted"]


# ------------------------------------------------ 4. a preamble between RESOLVED and the parts


def test_a_short_preamble_between_the_heading_and_its_parts() -> None:
    text = (
        "Finance Panel - 4 May 2022\n\nShared Payroll Contract\n\n"
        "Members considered a report of the Head of Finance.\n\n"
        "RESOLVED\n\nHaving regard to the options in the report: -\n\n"
        "(1) That the shared payroll contract be extended to 31 March 2024.\n"
        "(2) That the Head of Finance be asked to report back in a year.\n"
    )

    data = draft(text)

    assert [o[2] for o in outcomes(text)] == ["resolved", "resolved"]
    assert not [m for m in messages(data) if "no RESOLVED" in m]


# ------------------------------------------------------------ 5. page furniture is no title


@pytest.mark.parametrize(
    "furniture", ["Issue - decisions", "Issue details", "Decision details", "Issue - meetings"]
)
def test_a_page_type_heading_is_never_the_title(furniture: str) -> None:
    text = (
        f"{furniture}\n\nShared Parking Enforcement\n\n"
        "02/03/2019 - Shared Parking Enforcement\n\n"
        "RESOLVED that the shared parking enforcement service be continued.\n"
    )

    data = draft(text)

    assert data["items"][0]["title"]["value"] == "Shared Parking Enforcement"


# ------------------------------------------------------- 6. the body from labelled fields


@pytest.mark.parametrize(
    ("field", "body"),
    [
        (
            "Decided at meeting: 12/11/2020 - Audit and Standards Committee",
            "Audit and Standards Committee",
        ),
        ("Decision Maker: Joint Executive", "Joint Executive"),
    ],
)
def test_the_body_is_read_from_a_labelled_field_after_the_decision(field: str, body: str) -> None:
    text = (
        "Decision details\n\nShared Internal Audit\n\nDecision status: Approved\n\n"
        "Decision:\n\nRESOLVED that the shared internal audit plan be approved.\n\n"
        f"Publication date: 20/11/2020\n\nDate of decision: 12/11/2020\n\n{field}\n"
    )

    data = draft(text)

    assert data["meeting"]["body"]["value"] == body
    assert "meeting.body" not in [flag["where"] for flag in data["flags"]]


def test_each_meeting_of_an_issue_history_takes_its_own_body_and_item() -> None:
    text = (
        "Issue - meetings\n\nShared Building Control\n\n"
        "Meeting: 14/06/2018 - Full Council (Item 31)\n\n"
        "Shared Building Control (Agenda Item 9)\n\n"
        "RESOLVED that the shared building control service be established.\n\n\n"
        "Meeting: 30/05/2018 - Executive (Item 12)\n\n"
        "Shared Building Control (Agenda Item 6)\n\n"
        "RESOLVED to recommend to Full Council that the shared service be established.\n"
    )

    data = draft(text)

    by_number = {item["number"]["value"]: item for item in data["items"]}
    assert set(by_number) == {"31", "12"}
    assert data["meeting"]["body"]["value"] == "Full Council"
    assert by_number["12"]["body"]["value"] == "Executive"


# ------------------------------------------------ 8. a refused page of a joined file is flagged


def test_a_page_of_a_joined_file_with_no_decision_is_flagged_not_dropped() -> None:
    text = (
        "Meeting: 14/06/2018 - Full Council (Item 31)\n\n"
        "Shared Building Control (Agenda Item 9)\n\n"
        "The Leader introduced the report and members discussed the shared service at "
        "length, asking about its staffing and the costs of the first year.\n\n\n"
        "Meeting: 30/05/2018 - Executive (Item 12)\n\n"
        "Shared Building Control (Agenda Item 6)\n\n"
        "RESOLVED that the shared building control service be established.\n"
    )

    data = draft(text)

    refused = [f for f in data["flags"] if f["where"] == "page 1"]
    assert len(refused) == 1
    assert "Meeting: 14/06/2018 - Full Council" in refused[0]["message"]
    assert "no decision" in refused[0]["message"]
    assert refused[0]["span"][0] == 0
    assert [item["number"]["value"] for item in data["items"]] == ["12"]


# ----------------------------------------- 2. successive unnumbered resolutions in one item


def test_successive_unnumbered_resolutions_are_numbered_in_order() -> None:
    text = (
        "Executive - 7 July 2021\n\n22. Shared Leisure Trust\n\n"
        "The Director presented the report.\n\n"
        "RESOLVED that the progress of the shared leisure trust be noted.\n\n"
        "RESOLVED to note that the partner council was consulting on the trust.\n\n"
        "RECOMMEND to Council that the trust's business plan be adopted.\n"
    )

    data = draft(text)

    assert [o[1:3] for o in outcomes(text)] == [
        ("1", "noted"),
        ("2", "noted"),
        ("3", "recommended"),
    ]
    assert not [m for m in messages(data) if "repeats part" in m]
    assert [m for m in messages(data) if "taken as part (3)" in m]
    assert data["events"]


def test_the_same_unnumbered_resolution_printed_twice_is_still_read_once() -> None:
    text = (
        "Executive - 7 July 2021\n\n22. Shared Leisure Trust\n\n"
        "Decision:\n\nRESOLVED that the shared leisure trust be established.\n\n"
        "Minutes:\n\nRESOLVED that the shared leisure trust be established.\n"
    )

    assert [o[1:3] for o in outcomes(text)] == [("1", "resolved")]


# ------------------------------------------------ 3. a flattened list numbered "1." each time


@pytest.mark.parametrize("label", ["1.", "a)"])
def test_a_list_printing_every_part_with_the_same_number_is_renumbered(label: str) -> None:
    text = (
        "Joint Committee - 2 February 2020\n\nShared Archive Service\n\nRESOLVED\n\n"
        f"  {label} That the archive service be moved to the new building.\n"
        f"  {label} That the Archivist be authorised to sign the lease.\n"
        f"  {label} That the move be reviewed after a year.\n"
    )

    data = draft(text)

    paths = [o[1] for o in outcomes(text)]
    assert paths == (["1", "2", "3"] if label == "1." else ["a", "b", "c"])
    assert len([m for m in messages(data) if "same number" in m]) == 1
    assert not [m for m in messages(data) if "repeats part" in m]


def test_one_part_printed_twice_with_its_label_is_not_renumbered() -> None:
    text = (
        "Joint Committee - 2 February 2020\n\nShared Archive Service\n\nRESOLVED\n\n"
        "1. That the archive service be moved to the new building.\n"
        "1. That the archive service be moved to the new building.\n"
    )

    assert [o[1] for o in outcomes(text)] == ["1"]


# ---------------------------------------- 7. numbered paragraphs of narrative under a heading


def test_numbered_narrative_paragraphs_beside_the_resolution_are_not_parts() -> None:
    text = (
        "Decision details\n\nShared Fraud Team\n\nDecision status: Approved\n\nDecisions:\n\n"
        "8.1     The Panel considered a report by the Head of Audit on the shared fraud team.\n\n"
        "8.2     The Chair commented that the team had recovered more than expected.\n\n"
        "8.3     Members were supportive of continuing the team for another year.\n\n"
        "8.4     Resolved - That the shared fraud team be continued until March 2026.\n\n"
        "Decided at meeting: 03/03/2025 - Audit Panel\n"
    )

    found = outcomes(text)

    # the minute's paragraph number is not a part's label (the corpus README, rule 7)
    assert [(o[1], o[2]) for o in found] == [("1", "resolved")]


def test_numbered_parts_opening_as_decisions_stay_beside_a_marked_one() -> None:
    text = (
        "Audit Panel - 3 March 2025\n\n8. Shared Fraud Team\n\nDecisions:\n\n"
        "8.1     Resolved - That the shared fraud team be continued.\n\n"
        "8.2     That the Head of Audit report on it in a year.\n"
    )

    assert [o[1] for o in outcomes(text)] == ["1", "2"]
