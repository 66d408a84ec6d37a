"""Item numbers in the forms real minutes print them (fictional councils, own words):
spans of years after the number, starred items, a number in its own table cell, a
paper's reference opening the title."""

from __future__ import annotations

from typing import Any

import pytest

from govledger.ingest import ingest_document, read_html, read_text
from govledger.ingest.evaluate import draft_entries
from govledger.ingest.text import Document


def parts_of(document: Document) -> list[tuple[Any, ...]]:
    data = ingest_document(document, partnership="p").to_json()
    return sorted(draft_entries(data)["parts"], key=repr)


@pytest.mark.parametrize("number", ["JSC/4/24-25", "CL64-22/23", "HC.24/22", "OS 7/23"])
def test_an_item_number_with_a_span_of_years_heads_its_item(number: str) -> None:
    text = (
        f"{number}  MINUTES\n\nRESOLVED that the minutes of the last meeting be approved.\n\n"
        f"{number[:-1]}9  SHARED AUDIT SERVICE\n\n"
        "RESOLVED:\n(1) the report be noted; and\n(2) the audit plan be approved.\n"
    )

    found = parts_of(read_text(text))

    assert found == [(number, "1"), (number[:-1] + "9", "1"), (number[:-1] + "9", "2")]


def test_a_starred_item_is_an_item_of_its_own() -> None:
    text = (
        "HC.22/22  CONFIRMATION OF MINUTES\n"
        "RESOLVED that the minutes of 7 June 2022 be confirmed.\n\n"
        "*HC.23/22  EXCLUSION OF THE PUBLIC\n"
        "RESOLVED that the public be excluded for the next item.\n"
    )

    assert parts_of(read_text(text)) == [("HC.22/22", "1"), ("HC.23/22", "1")]


def test_a_number_in_its_own_cell_wins_over_the_paper_reference_in_the_title() -> None:
    page = (
        "<html><body><table>"
        "<tr><td><p>91.</p></td><td><p>DECLARATIONS OF INTEREST</p>"
        "<p>There were none.</p></td></tr>"
        "<tr><td><p>92.</p></td><td><p>MC/22/41 TO CONFIRM THE MINUTES</p>"
        "<p>RESOLVED that the minutes of 21 February 2022 be confirmed.</p></td></tr>"
        "<tr><td><p>93.</p></td><td><p>MC/22/42 SHARED LEGAL SERVICE</p>"
        "<p>RESOLVED:</p><p>(1) the report be noted;</p>"
        "<p>(2) the variation be approved.</p></td></tr>"
        "</table></body></html>"
    )

    assert parts_of(read_html(page)) == [("92", "1"), ("93", "1"), ("93", "2")]


def test_a_number_alone_in_a_cell_that_no_page_could_have_is_kept() -> None:
    page = (
        "<html><body><table><tr><th>No.</th><th>Item</th></tr>"
        "<tr><td>21/11</td><td><p><b>Minutes (Agenda item 1)</b></p>"
        "<p>RESOLVED that the minutes of 9 February 2011 be confirmed.</p></td></tr>"
        "<tr><td>24/11</td><td><p><b>Exclusion of Press (Agenda item 4)</b></p>"
        "<p>RESOLVED that the press and public be excluded.</p></td></tr>"
        "</table></body></html>"
    )

    assert parts_of(read_html(page)) == [("21/11", "1"), ("24/11", "1")]


def test_a_page_number_in_the_n_of_m_form_is_still_furniture() -> None:
    text = (
        "12. SHARED AUDIT SERVICE\n\nRESOLVED:\n(1) the report be noted; and\n"
        "3/7\n\f(2) the audit plan be approved.\n"
    )

    document = read_text(text)

    assert "3/7" not in document.text
    assert parts_of(document) == [("12", "1"), ("12", "2")]


def entries(text: str, kind: str) -> list[tuple[Any, ...]]:
    data = ingest_document(read_text(text), partnership="p").to_json()
    return sorted(draft_entries(data)[kind], key=repr)


def conditions_of(text: str) -> list[tuple[Any, ...]]:
    return entries(text, "conditions")


def test_item_headings_in_capitals_ending_with_a_stop_are_read() -> None:
    text = (
        "ALLIANCE JOINT COMMITTEE\n\nMONDAY 14 MARCH 2016\n\n"
        "1 MINUTES OF THE PREVIOUS MEETING.\n\n"
        "RESOLVED: That the Minutes of the meeting held on 30 November 2015 be approved.\n\n"
        "2 SHARED PAYROLL SERVICE.\n\n"
        "RESOLVED:\n\n(1) That the report be noted;\n\n(2) That the service be extended.\n"
    )

    assert parts_of(read_text(text)) == [("1", "1"), ("2", "1"), ("2", "2")]


def test_a_long_preamble_naming_the_partners_still_opens_the_parts() -> None:
    text = (
        "Decision Maker: Cabinet\nRESOLVED THAT\n"
        "Subject to Ashby District Council, Dunmore District Council and Marston District "
        "Council passing resolutions to the same effect, the following be approved :\n"
        "(i) the hosting arrangement be continued until 7th November 2020;\n"
        "(ii) the payroll service move to Ashby District Council from 1st April 2014.\n"
    )

    assert parts_of(read_text(text)) == [("", "i"), ("", "ii")]
    assert conditions_of(text) == [("", "", "member_approval")]


@pytest.mark.parametrize(
    "condition",
    [
        "subject to Brindley District Council's Cabinet making the same decision",
        "subject to Lewton District Council confirming the appointment at its meeting",
        "subject to the partner councils passing similar resolutions",
    ],
)
def test_a_condition_on_the_partners_own_decision_is_member_approval(condition: str) -> None:
    text = f"12. SHARED ICT\n\nRESOLVED that the joint ICT service be created, {condition}.\n"

    assert conditions_of(text) == [("12", "1", "member_approval")]


def outcomes_of(text: str) -> list[tuple[Any, ...]]:
    return entries(text, "outcomes")


def test_the_next_number_alone_heads_its_item_after_a_line_of_page_links() -> None:
    text = (
        "94.\nMC/22/42 SHARED LEGAL SERVICE\n"
        "RESOLVED that the variation be approved.\nView Recorded Vote for this item\n"
        "95.\nMC/22/43 SHARED REVENUES PARTNERSHIP\n"
        "RESOLVED that the report be noted.\n"
    )

    assert parts_of(read_text(text)) == [("94", "1"), ("95", "1")]


def test_the_decision_with_its_article_is_a_heading() -> None:
    text = (
        "C.14\nMinutes\nMinutes:\nTHE DECISION:\n"
        "That the minutes of the meeting held on 18 July 2017 be approved.\n"
    )

    assert outcomes_of(text) == [("C.14", "1", "resolved")]


def test_a_minutes_paragraph_number_is_no_part_path() -> None:
    text = (
        "23. DECISIONS MADE ON 26 FEBRUARY 2025\n\n"
        "23.1 The Lead Member agreed that the minute of 26 February 2025 was a correct record.\n\n"
        "28. COMBINED AUTHORITY CONSULTATION\n\n"
        "28.1 The Leader considered a report by the Chief Executive.\n\n"
        "28.2 The Leader RESOLVED to recommend the Council to:\n\n"
        "1) note the consultation; and\n\n2) authorise the Chief Executive to respond.\n"
    )

    assert outcomes_of(text) == [
        ("23", "1", "resolved"),
        ("28", "1", "recommended"),
        ("28", "2", "recommended"),
    ]


def test_part_numbers_on_their_own_table_rows_cite_the_words_on_the_next() -> None:
    page = (
        "<html><body><h2>Agenda item</h2><p>Shared Services Partnership</p>"
        "<p>Meeting of Cabinet, Thursday 31st July 2025 6.30 pm (Item 7.)</p>"
        "<p>Decision:</p><p>Resolved:</p><table>"
        "<tr><td>1.</td></tr><tr><td>That the council join the partnership;</td></tr>"
        "<tr><td>2.</td></tr><tr><td>That a sum of up to £38,000 be made available.</td></tr>"
        "</table><p>Reasons for the decision</p></body></html>"
    )
    document = read_html(page)
    data = ingest_document(document, partnership="p").to_json()

    parts = [part for item in data["items"] for part in item["parts"]]
    assert [(part["path"], part["text"]["value"][:24]) for part in parts] == [
        ("1", "That the council join th"),
        ("2", "That a sum of up to £38,"),
    ]
    assert all(part["text"]["span"][0] < part["text"]["span"][1] for part in parts)
    assert parts_of(document) == [("7", "1"), ("7", "2")]


def test_a_motion_carried_in_its_quoted_words_recommends() -> None:
    text = (
        "HC.23/22   SHARED WORKFORCE\n"
        "It was then moved by Cllr Jarrold, seconded by Cllr Edney and on being\n"
        "put to the vote declared CARRIED that:\n\n"
        '"It be RECOMMENDED to Council that:\n'
        "1. the cost-sharing model be changed to a split based on time recorded; and\n"
        '2. the model be reviewed again by the end of 2023/24."\n'
    )

    assert outcomes_of(text) == [
        ("HC.23/22", "1", "recommended"),
        ("HC.23/22", "2", "recommended"),
    ]


@pytest.mark.parametrize(
    ("words", "delegates", "consultees"),
    [
        (
            "authority be delegated to the S151 Officer, in consultation with the Leader and "
            "the Hub Committee Member for Resources, to agree the allocation",
            ("s151 officer",),
            ("hub committee member for resources", "leader"),
        ),
        (
            "authority be delegated to the Director of Resources to complete the agreements, "
            "in consultation with the Cabinet Member for Finance and on terms approved by "
            "the Borough Solicitor",
            ("director of resources",),
            ("cabinet member for finance",),
        ),
        (
            "authority be delegated to the Director: Communities, in consultation with the "
            "Lead Member for Housing, to agree the terms",
            ("director: communities",),
            ("lead member for housing",),
        ),
        (
            "the Executive Director be given authority to award the contract, after consulting "
            "the Portfolio Holders for Leisure of both councils",
            ("executive director",),
            ("portfolio holder for leisure",),
        ),
    ],
)
def test_delegations_as_real_minutes_word_them(
    words: str, delegates: tuple[str, ...], consultees: tuple[str, ...]
) -> None:
    text = f"12. SHARED SERVICE\n\nRESOLVED that {words}.\n"

    assert entries(text, "delegations") == [("12", "1", delegates, consultees)]


def test_functions_delegated_already_are_no_new_delegation() -> None:
    text = (
        "Decision Maker: Managing Director\n\nDecision:\n\n"
        "1. To amend the Officer Delegation Scheme so that the functions delegated to the "
        "Joint Chief Executive are exercised by the Managing Director from 1 April 2022.\n"
    )

    assert entries(text, "delegations") == []


def test_resolved_to_note_a_list_notes_each_thing_listed() -> None:
    text = (
        "CL63-22/23 MINUTES\n\n"
        "RESOLVED to note the minutes of the following meetings of Council as a true record:\n"
        "(1) the Ordinary Meeting of Council held on 25th January 2023; and\n"
        "(2) the Extraordinary Meeting of Council held on 8th February 2023.\n"
    )

    assert outcomes_of(text) == [("CL63-22/23", "1", "noted"), ("CL63-22/23", "2", "noted")]


def test_a_list_under_resolved_to_note_and_approve_is_not_all_noted() -> None:
    text = (
        "14. SHARED AUDIT\n\nRESOLVED to note the report and to approve the following:\n"
        "(1) the audit plan for 2023/24; and\n(2) the charter.\n"
    )

    assert [o[2] for o in outcomes_of(text)] == ["resolved", "resolved"]


@pytest.mark.parametrize(
    "sentence",
    [
        "71.1          The Minutes of the meeting held on 29 November 2023 were agreed as a "
        "correct record, subject to one amendment:",
        "Subject to that amendment, the Minutes of the meeting held on 9 February 2011 were "
        "confirmed as a correct record.",
    ],
)
def test_minutes_confirmed_subject_to_an_amendment_in_a_sentence(sentence: str) -> None:
    text = f"71. MINUTES\n\nTo approve the Minutes.\n\n{sentence}\n\n72. FORWARD PLAN\n\nNone.\n"

    assert outcomes_of(text) == [("71", "1", "resolved")]
    assert [c[2] for c in entries(text, "conditions")] == ["other"]


def test_an_amendments_fate_in_a_sentence_is_still_not_the_decision() -> None:
    text = "9. BUDGET\n\nThe amendment to the report was lost.\n\nRESOLVED that the budget be set."

    assert outcomes_of(text) == [("9", "1", "resolved")]


def test_a_team_reporting_to_a_body_in_a_month_is_due_then() -> None:
    text = (
        "Decision Maker: Executive\nDate of decision: 1 April 2019\n\nDecision:\n\n"
        "(1) the report be noted; and\n(2) a project team be set up, reporting to the "
        "Executive in July 2019.\n"
    )

    dates = [d for d in entries(text, "dates") if d[1] == "2"]
    assert dates == [("", "2", "due", "2019-07-31", "2019-07-01")]


@pytest.mark.parametrize(
    ("words", "role"),
    [
        ("the item be deferred to the next meeting of the Committee on 16 July 2024", "other"),
        (
            "the Chief Executive, after consultation with the Leader, agree the terms, subject "
            "to the approval of Full Council on 18 September 2025",
            "other",
        ),
        ("the Chief Executive, after consultation with the Leader, report by 18 July 2024", "due"),
    ],
)
def test_the_date_of_another_meeting_or_decision_is_no_deadline(words: str, role: str) -> None:
    text = f"Cabinet\nMeeting held on 4 June 2024\n\n12. SHARED LEISURE\n\nRESOLVED that {words}.\n"

    assert [d[2] for d in entries(text, "dates") if d[0] == "12"] == [role]


def test_a_price_within_a_budget_agreed_by_the_councils_is_no_member_approval() -> None:
    text = (
        "4. LEISURE CONTRACT\n\nRESOLVED that the Director award the contract, subject to the "
        "tendered price being within the budget agreed by each council.\n"
    )

    assert entries(text, "conditions") == [("4", "1", "other")]


def meeting_dates(text: str) -> dict[str, Any]:
    data = ingest_document(read_text(text), partnership="p").to_json()
    meeting = data["meeting"]
    return {
        role: (meeting[role] or {}).get("value", {}).get("latest")
        for role in ("decided", "call_in_deadline")
    }


def test_a_meeting_held_at_a_time_on_a_date_and_a_deadline_told_before_call_in() -> None:
    text = (
        "Minutes of a meeting of the Cabinet held at 4.30 pm on Thursday 3 October 2019 in "
        "the Executive Meeting Room, District Council Offices, Mill Road, Larkwell\n\n"
        "CAB/42    Joint ICT Service\n"
        "          RESOLVED - That the joint ICT service be created.\n\n"
        "The decisions in minute CAB/42 will come into force, and may be implemented, after "
        "5.00 pm on Friday 11 October 2019 unless they are called in.\n"
    )

    assert meeting_dates(text) == {"decided": "2019-10-03", "call_in_deadline": "2019-10-11"}


def test_the_running_header_after_a_page_number_is_furniture_without_a_form_feed() -> None:
    text = (
        "Cabinet\nMeeting held on 3 October 2019\n\n"
        "CAB/42    Joint ICT Service\n          RESOLVED - That Cabinet:\n"
        "          (1) approves the joint ICT service; and\n\n"
        "                                                   Page 1 of 2\n"
        "Cabinet                                                3 October 2019\n\n"
        "          (2) notes the report.\n"
    )

    dates = [d for d in entries(text, "dates") if d[0] == "CAB/42"]
    assert dates == []
    assert "Page 1 of 2" not in read_text(text).text


@pytest.mark.parametrize(
    "words",
    [
        "The Minutes of the meeting held on 29 November 2023 were agreed as a correct record, "
        "subject to one amendment: the word regional to read district.",
        "Subject to that amendment, the Minutes of the meeting held on 29 November 2023 were "
        "confirmed as a correct record.",
        "RESOLVED: That, subject to the following amendment, the Minutes of the meeting held "
        "on 29 November 2023 be confirmed: the word regional to read district.",
    ],
)
def test_minutes_confirmed_subject_to_an_amendment_propose_a_correction(words: str) -> None:
    data = ingest_document(read_text(f"71. MINUTES\n\n{words}\n"), partnership="p").to_json()

    corrections = [p["correction"] for i in data["items"] for p in i["parts"] if p["correction"]]
    assert len(corrections) == 1
    assert corrections[0]["value"]["minutes_of"]["latest"] == "2023-11-29"
