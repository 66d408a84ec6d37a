"""Shapes of real pages the seventh held-out set carried (issue 18): minute numbers with
a capitalised abbreviation ("Co.34"), parts numbered by the report's section or the
minute's paragraph ("2.1" ... "2.4", "5.1" ... "5.3", "10.2 RESOLVED to (1) ...").
Fictional councils, own words."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ingest_helpers import draft, entries

# ------------------------------------------------ "Co.34": an abbreviation and a stop


def test_minute_numbers_with_a_capitalised_abbreviation_open_items() -> None:
    text = (
        "Minutes of a meeting of the Council held on 2 May 2022\n\n"
        "Cn.12 Minutes\n\nRESOLVED: to approve the minutes of the last meeting.\n\n"
        "Cn.13 Shared waste service\n\nRESOLVED: to\n\n"
        "(a)    agree a shared waste service with Orrin District Council; and\n\n"
        "(b)    note the timetable for the transfer of staff.\n"
    )

    assert entries(text) == [
        ("Cn.12", "1", "resolved"),
        ("Cn.13", "a", "resolved"),
        ("Cn.13", "b", "noted"),
    ]


def test_no_dot_before_a_number_is_not_an_item_prefix() -> None:
    text = (
        "Minutes of the Cabinet held on 2 May 2022\n\n"
        "No.5 Shared audit service\n\nRESOLVED that the shared audit service be approved.\n"
    )

    # "No." only says a number follows: never an item numbered "No.5"
    assert [e[0] for e in entries(text)] in (["5"], [""])


# ------------------------------------------ section and paragraph numbers are not parts


@given(section=st.integers(min_value=1, max_value=40), count=st.integers(min_value=2, max_value=6))
def test_parts_numbered_by_a_section_are_numbered_in_order(section: int, count: int) -> None:
    lines = "".join(
        f"{section}.{n}  To approve stage {n} of the shared service plan.\n"
        for n in range(1, count + 1)
    )
    text = f"Cabinet - 4 June 2024\n\n14. Shared Service Plan\n\nCabinet agreed:\n{lines}"

    assert entries(text) == sorted(
        (("14", str(n), "resolved") for n in range(1, count + 1)), key=repr
    )


def test_a_paragraph_number_over_inline_parts_gives_the_inline_parts() -> None:
    text = (
        "Lead Member for Transport - 11 July 2023\n\n10. Joint Parking Committee\n\n"
        "10.1 The Lead Member considered a report by the Director.\n\n"
        "10.2 RESOLVED to (1) approve the joint parking committee's new constitution; "
        "(2) agree the council's member of it; and (3) authorise the Director to make "
        "minor changes, in consultation with the Chair.\n\n"
        "10.3 The committee will meet twice a year.\n\n"
        "11. Petition\n\n11.1 RESOLVED to advise the petitioners that no crossing can be "
        "given priority this year.\n"
    )

    assert entries(text) == [
        ("10", "1", "resolved"),
        ("10", "2", "resolved"),
        ("10", "3", "resolved"),
        ("11", "1", "resolved"),
    ]
    delegations = entries(text, "delegations")
    assert [d[:3] for d in delegations] == [("10", "3", ("director",))]


def test_a_recommendation_numbered_by_the_minute_stays_recommended() -> None:
    text = (
        "Executive Board - 11 June 2018\n\n5.\nREGIONAL JOINT COMMITTEE\n\nMinutes:\n"
        "UNANIMOUSLY RESOLVED TO RECOMMEND TO COUNCIL that:\n"
        "5.1 the regional joint committee be established from 1 July 2018;\n"
        "5.2 the Council act as its accountable body; and\n"
        "5.3 the Leader be the Council's member of it.\n"
    )

    assert entries(text) == [
        ("5", "1", "recommended"),
        ("5", "2", "recommended"),
        ("5", "3", "recommended"),
    ]


# ------------------------------------ a heading inside a line: table columns joined


def test_a_heading_after_a_joined_table_column_opens_the_decision() -> None:
    text = (
        "Council Minutes\nDate: Tuesday 4 June 2019\n"
        "Item Description Background Information Decision\n"
        "19/11 MINUTES MINUTES\n"
        "Minutes RESOLVED - That the minutes of the last meeting be confirmed.\n"
        "19/12 SHARED PAYROLL SHARED PAYROLL\n"
        "The Leader presented the report. The recommendations were carried by 20 votes to 4.\n"
        "Report RESOLVED - That\n(1) a shared payroll service be set up with Orrin Council;\n"
        "(2) the Head of HR be authorised to sign the agreement.\n"
        "19/13 APPOINTMENTS APPOINTMENTS\n"
        "The schedule was tabled. RESOLVED - That the appointments be approved.\n"
    )

    assert entries(text) == [
        ("19/11", "1", "resolved"),
        ("19/12", "1", "resolved"),
        ("19/12", "2", "resolved"),
        ("19/13", "1", "resolved"),
    ]
    assert entries(text, "votes") == [("19/12", "", 20, 4, None, False, False)]


def test_a_heading_inside_a_sentence_of_discussion_is_not_a_decision() -> None:
    text = (
        "Cabinet - 4 June 2019\n\n12. Shared Payroll\n\n"
        "Members recalled that at its last meeting the Panel RESOLVED that officers report "
        "back.\n\nRESOLVED that the report be noted.\n"
    )

    assert entries(text) == [("12", "1", "noted")]


# ------------------------------- an item table copied with its cell rules ("11. | ...")

TABLE_ROWS = (
    "Orrin District Council\n\nAgenda and decisions\n\n"
    "Cabinet - Tuesday, 4th June, 2024 6.00 pm\n\nItems\nNo. | Item |\n---|---|\n"
    "21. | Minutes PDF 90 KB Decision: The minutes of the last meeting were approved as a "
    "correct record. |\n"
    "22. | Shared Building Control PDF 1 MB Additional documents: Decision: Cabinet agreed:\n"
    "3.1 To note the first year's report on the shared service.\n"
    "3.2 To approve the service's continuation for three years from 1 October 2024.\n"
    "That Cabinet recommends to Council:\n"
    "3.3 To approve the revised fees for 2025/26. |\n"
    "23. | Depot Lease PDF 200 KB Decision: Cabinet agreed to defer a decision on the "
    "lease to its next meeting. |\n"
)


def test_an_item_table_copied_with_its_rules_is_read_row_by_row() -> None:
    assert entries(TABLE_ROWS) == [
        ("21", "1", "resolved"),
        ("22", "1", "noted"),
        ("22", "2", "resolved"),
        ("22", "3", "recommended"),
        ("23", "1", "deferred"),
    ]


def test_the_cell_rules_are_cut_without_moving_a_cited_word() -> None:
    found = draft(TABLE_ROWS)
    part = found["items"][1]["parts"][1]
    start, end = part["text"]["span"]

    assert TABLE_ROWS[start:end].startswith("To approve the service's continuation")
    assert [item["title"]["value"] for item in found["items"]] == [
        "Minutes",
        "Shared Building Control",
        "Depot Lease",
    ]


# -------------------- a report's list, "That (a)" on its line, numbered page furniture


def test_a_report_asking_a_named_body_is_not_its_decision() -> None:
    text = (
        "Executive - 5 September 2023\n\nEXE40/23\nSHARED AUDIT SERVICE\n"
        "Recommendation\nIt is recommended that the Executive:\n"
        "1. approves the revised agreement; and\n2. recommends the new fees to Council.\n"
        "Decision:\nRESOLVED that the revised agreement be approved.\n"
    )

    assert entries(text) == [("EXE40/23", "1", "resolved")]


def test_that_before_the_first_label_on_its_line() -> None:
    text = (
        "Council - 24 February 2016\n\n92.   Council Tax Setting 2016/17\n\n      Resolved\n\n"
        "      That (a) the revenue budget for 2016/17 be approved;\n\n"
        "           (b)   the Band D Council Tax be set at £148.32; and\n\n"
        "           (c)   the Capital Programme be approved.\n"
    )

    assert entries(text) == [
        ("92", "a", "resolved"),
        ("92", "b", "resolved"),
        ("92", "c", "resolved"),
    ]


@given(first=st.integers(min_value=1, max_value=300))
def test_page_numbers_beside_a_meeting_code_are_furniture(first: int) -> None:
    text = (
        "Council - 24 February 2016\n\n91.   Shared Housing Service\n\n      Resolved\n\n"
        "      That (a) the shared housing service be set up from 1 April 2016;\n\n"
        f"                 {first} CL.24.02.16\n\f\n                 {first + 1} CL.24.02.16\n\n"
        "           (b)   the Head of Housing be authorised to agree its terms; and\n\n"
        "           (c)   its cost be met 60:40 by the two councils.\n\n"
        f"                 {first + 2} CL.24.02.16\n"
    )

    assert entries(text) == [
        ("91", "a", "resolved"),
        ("91", "b", "resolved"),
        ("91", "c", "resolved"),
    ]


# --------------- a notice's field before the list, "To approve:" over bullets, bare numbers


def test_a_list_opening_on_a_notices_field_line() -> None:
    text = (
        "Decision\nShared Fleet Maintenance\nDecision Maker: Cabinet\n"
        "Date of Decision: December 10, 2025\n"
        "Content: 1. That the shared fleet contract be awarded for four years.\n"
        "2. That the Cabinet notes the contracts awarded under delegated authority.\n"
        "Supporting Documents\n"
    )

    assert entries(text) == [("", "1", "resolved"), ("", "2", "noted")]


def test_to_approve_over_bullets_is_one_decision() -> None:
    text = (
        "Decisions published\n11/07/2022 - Household Support Fund policy ref: 1184\n"
        "Decision Maker: Cabinet member for communities\nDecision published: 13/07/2022\n"
        "Decision:\nTo approve:\n· the Household Support Fund payments policy; and\n"
        "· the delegation of authority to the Strategic Director to amend the policy.\n"
        "Lead officer: A Name\n"
    )

    assert entries(text) == [("", "1", "resolved")]


def test_numbers_with_no_stop_before_the_bodys_recorded_decisions() -> None:
    text = (
        "Cabinet - 24 January 2019\n\nNo. Item\n\n91.\n\nAssembly Hall Refurbishment\n\n"
        "The Portfolio Holder sought the approvals needed to complete the project\n\n"
        "1 Cabinet noted the progress of the project\n\n"
        "2  Cabinet approved the release of £410,000 from the repair fund.\n\n"
        "3 Cabinet acknowledged the revised timetable\n\n"
        "92.\n\nExclusion of the Press and Public\n\n"
        "There was no business requiring the exclusion of the press and public.\n"
    )

    assert entries(text) == [("91", "1", "noted"), ("91", "2", "resolved"), ("91", "3", "noted")]


def test_a_number_before_a_title_is_still_an_item() -> None:
    text = (
        "Cabinet - 24 January 2019\n\n12 Shared Services Review\n\n"
        "RESOLVED that the review be approved.\n\n13 Council Tax Base\n\n"
        "RESOLVED that the tax base be noted.\n"
    )

    assert entries(text) == [("12", "1", "resolved"), ("13", "1", "noted")]
