"""Item numbers, titles and parts in shapes read on published pages (issue 18): a
flattened ordered list with nested parts, an agenda table's number alone above a title
that opens "To approve ...", "This was confirmed.", a resolution retyped under
"Minutes:", a notice's own fields, and "N/M" item numbers that look like page numbers.
Fictional councils, own words."""

from __future__ import annotations

from typing import Any

from govledger.ingest import read_text
from govledger.ingest.evaluate import draft_entries
from ingest_helpers import draft


def outcomes(text: str) -> list[tuple[Any, ...]]:
    return sorted(draft_entries(draft(text))["outcomes"], key=repr)


def test_a_flattened_list_with_nested_parts_is_numbered_in_order() -> None:
    text = (
        "Decision details\n\nShared Revenues Service\n\nDecisions:\n\nRESOLVED\n\n"
        "  1. That the board's advice on the revenues service be endorsed.\n\n"
        "  1. That approval in principle be given to a shared service, in particular to:\n\n"
        "(a)       set up one team based in Marrow;\n\n"
        "(b)       review the team after a year.\n"
    )
    assert outcomes(text) == [
        ("", "1", "resolved"),
        ("", "2", "resolved"),
        ("", "2.a", "resolved"),
        ("", "2.b", "resolved"),
    ]


TABLE = (
    "Agenda and minutes\n\nItems\nNo. Item\n\n41.\n\nApologies for Absence\n\nMinutes:\n\n"
    "Apologies were received from Councillor Pell.\n\n42.\n\n"
    "To approve the minutes of the meeting held on 3 May 2019 pdf icon PDF 80 KB\n\n"
    "Minutes:\n\nThe minutes of the meeting were approved as a correct record.\n\n43.\n\n"
    "To confirm that the items marked Part 2 will be taken in private\n\nMinutes:\n\n"
    "This was confirmed.\n\n44.\n\n"
    "The shared legal service with Corby Vale pdf icon PDF 120 KB\n\nMinutes:\n\n"
    "RESOLVED: That the shared legal service be extended for a year.\n"
)


def test_an_agenda_tables_titles_may_open_with_to_or_the() -> None:
    assert outcomes(TABLE) == [
        ("42", "1", "resolved"),
        ("43", "1", "resolved"),
        ("44", "1", "resolved"),
    ]
    titles = [item["title"]["value"] for item in draft(TABLE)["items"]]
    assert titles[0].startswith("To approve the minutes")
    assert titles[2].startswith("The shared legal service")


def test_a_resolution_retyped_with_one_word_more_is_one_part() -> None:
    text = (
        "89.\n\nMINUTES - 4 MAY 2021\n\nDecision:\n\nRESOLVED: That the Minutes of the "
        "meeting held on the 4 May 2021 be approved as a true record.\n\nMinutes:\n\n"
        "RESOLVED:That the Minutes of the meeting held on 4 May 2021 be approved as a true "
        "record.\n"
    )
    assert outcomes(text) == [("89", "1", "resolved")]


def test_two_resolutions_differing_by_one_changed_word_are_two_parts() -> None:
    text = (
        "7. MINUTES\n\nRESOLVED: That the minutes of the meeting held on 3 June 2021 be "
        "approved as a true record.\n\nRESOLVED: That the minutes of the meeting held on "
        "4 June 2021 be approved as a true record.\n"
    )
    assert outcomes(text) == [("7", "1", "resolved"), ("7", "2", "resolved")]


def test_a_notices_own_fields_are_never_its_title() -> None:
    text = (
        "Decision Maker: Cabinet\nDecision status: Recommendations Approved\n"
        "Is subject to call in?: Yes\nNote: Now on Item:9\n"
        "RESOLVED\n1. That the shared audit plan be noted.\n"
        "Publication date: 02/03/2020\nDate of decision: 25/02/2020\n"
    )
    item = draft(text)["items"][0]
    assert item["title"] is None
    assert outcomes(text) == [("", "1", "noted")]


def test_an_n_of_m_number_above_a_title_is_an_item_number() -> None:
    text = (
        "No. Item\n\n3/24\n\nAppointment of Chair\n\nResolved\n\n"
        "That Councillor Marsh be appointed Chair.\n\n4/24\n\nMinutes of the last meeting\n\n"
        "Resolved\n\nThat the minutes be approved as a correct record.\n"
    )
    assert outcomes(text) == [("3/24", "1", "resolved"), ("4/24", "1", "resolved")]


def test_an_n_of_m_page_number_before_a_running_header_is_furniture() -> None:
    text = "the report be noted; and\n3/7\nCabinet 9 February 2023\nthe plan be approved.\n"
    assert "3/7" not in read_text(text).text


def test_a_heading_spaced_out_letter_by_letter_is_a_heading() -> None:
    text = (
        "12. SHARED AUDIT\n\nMembers discussed the audit.\n\nR E S O L V E D:\n\n"
        "(1) That the audit plan be approved.\n(2) That the report be noted.\n"
    )
    assert outcomes(text) == [("12", "1", "resolved"), ("12", "2", "noted")]


def test_numbered_parts_run_together_in_one_paragraph_are_parts() -> None:
    text = (
        "12. SHARED AUDIT\n\nRESOLVED: 1. That the audit plan be approved. 2. That the "
        "report be noted. 3. To ask officers to report again in May.\n"
    )
    assert outcomes(text) == [
        ("12", "1", "resolved"),
        ("12", "2", "noted"),
        ("12", "3", "resolved"),
    ]


def test_a_number_inside_a_part_is_not_the_next_part() -> None:
    text = (
        "12. SHARED AUDIT\n\nRESOLVED:\n1. That the audit fee be set at 4. 5 per cent of "
        "the budget. 3. Members noted the figures.\n2. That the report be noted.\n"
    )
    assert outcomes(text) == [("12", "1", "resolved"), ("12", "2", "noted")]


def test_a_page_run_onto_one_line_is_read_as_its_items() -> None:
    filler = "Councillor Ash, Leader; Councillor Birch, Deputy Leader; " * 8
    text = (
        f"Dunmore Borough Council Cabinet Minutes Monday 3 March 2014 PRESENT {filler}"
        "71. MINUTES OF THE MEETING HELD ON 3 FEBRUARY 2014RESOLVED:That the minutes of "
        "the meeting held on 3 February 2014 be confirmed as an accurate record.72. "
        "APOLOGIES FOR ABSENCEThere were no apologies for absence.73. SHARED PAYROLL "
        "SERVICE WITH ORTON DISTRICT COUNCILRESOLVED:That the shared payroll service be "
        "extended to March 2016.\n"
    )
    assert outcomes(text) == [("71", "1", "resolved"), ("73", "1", "resolved")]


def test_a_minute_cited_with_a_comma_is_no_heading() -> None:
    text = (
        "Issue - decisions\n\nMinutes of Previous Meeting\n\n"
        "(1)       That the Minutes of the meeting be confirmed as a correct record subject "
        "to the following amendment:\n\nMinute 18, Shared Audit Review\n\n"
        "The reason given for the decision was the timing of the audit.\n"
    )
    assert outcomes(text) == [("", "1", "resolved")]


def test_dotted_labels_alone_on_their_lines_and_bullets_under_a_heading() -> None:
    text = (
        "Items\nNo. Item\n\n1.\n\nELECTION OF CHAIR\n\nMinutes:\n\n"
        "RESOLVED that the following members be appointed :-\n\n1.1\n\n"
        "Councillor Rhys (Dyfnant County Council) be appointed as Chair\n\n1.2\n\n"
        "Councillor Moel (Trefor County Council) be appointed as Deputy Chair\n\n"
        "2.\n\nSHARED SCHOOL IMPROVEMENT SERVICE pdf icon PDF 200 KB\n\nMinutes:\n\n"
        "UNANIMOUSLY RESOLVED that\n\n"
        "·       The legal agreement signed by both Councils be endorsed.\n\n"
        "·       The terms of reference of the Strategic Group be approved\n"
    )
    # "1.1", "1.2" with no "1" printed are parts 1 and 2 (the corpus README, rule 7)
    assert outcomes(text) == [
        ("1", "1", "resolved"),
        ("1", "2", "resolved"),
        ("2", "1", "resolved"),
    ]


def test_sub_items_numbered_under_their_item_and_an_indented_table() -> None:
    text = (
        "    Items\n    No. Item\n\n    4.\n\n    MINUTES\n\n    4.1\n\n"
        "    3RD MARCH, 2019; pdf icon PDF 90 KB\n\n    Minutes:\n\n"
        "    UNANIMOUSLY RESOLVED that the minutes of the meeting held on 3 March 2019 be "
        "signed as a correct record.\n\n    4.2\n\n    7TH APRIL, 2019. pdf icon PDF 80 KB\n\n"
        "    Minutes:\n\n    UNANIMOUSLY RESOLVED that the minutes of the meeting held on "
        "7 April 2019 be signed as a correct record.\n\n    5.\n\n    SHARED CCTV pdf icon "
        "PDF 120 KB\n\n    Minutes:\n\n    RESOLVED that the shared CCTV service be noted.\n"
    )
    assert outcomes(text) == [
        ("4.1", "1", "resolved"),
        ("4.2", "1", "resolved"),
        ("5", "1", "noted"),
    ]


def test_minutes_confirmed_and_actions_noted_are_resolved() -> None:
    text = (
        "161. MINUTES\n\nRESOLVED:\nThat the minutes of the last meeting be confirmed and "
        "signed as an accurate record, and that the outstanding actions be noted.\n"
    )
    assert outcomes(text) == [("161", "1", "resolved")]


def test_minutes_of_the_last_meeting_approved_in_a_paragraph_are_a_decision() -> None:
    text = (
        "Dunmore Borough Council\nAudit Committee\n\n1 Procedural Business\n\n"
        "1.1 There were no declarations of interest.\n\n2 Minutes\n\n"
        "2.1 The minutes of the last meeting held on 3 May 2021 were approved as a correct "
        "record.\n\n3 Chair's Communications\n\n3.1 The Chair thanked the auditors.\n"
    )
    assert outcomes(text) == [("2", "1", "resolved")]


def test_the_previous_minutes_noted_in_passing_are_still_rejected() -> None:
    text = (
        "4 Shared Audit Plan\n\nThe previous minutes were noted by the auditor in her "
        "report.\n\nRESOLVED: That the shared audit plan be approved.\n"
    )
    assert outcomes(text) == [("4", "1", "resolved")]


def test_two_sets_of_minutes_confirmed_in_sentences_are_two_parts() -> None:
    text = (
        "22.\n\nMINUTES pdf icon PDF 90 KB\n\nMinutes:\n\n"
        "The minutes of the meeting of Council on 3 May 2012 were agreed as a correct "
        "record, subject to the following amendment:\n\n"
        "·         The first word under minute 8 be amended to read “Cabinet”.\n\n"
        "The minutes of the meeting of Planning Council on 4 June 2012 were agreed as a "
        "correct record.\n\n23.\n\nANNOUNCEMENTS\n\nMinutes:\n\nThere were none.\n"
    )
    assert outcomes(text) == [("22", "1", "resolved"), ("22", "2", "resolved")]


def test_one_minutes_sentence_printed_under_decision_and_minutes_is_one_part() -> None:
    text = (
        "13.\n\nMinutes of the previous meeting\nDecision:\nThe minutes of the meeting held on "
        "2 May 2018 were approved as a correct record.\nMinutes:\nThe minutes of the meeting "
        "held on 2 May 2018 were approved as a correct record.\n"
    )
    assert outcomes(text) == [("13", "1", "resolved")]


def test_a_flattened_table_rows_decision_field_starts_its_own_line() -> None:
    text = (
        "Agenda, decisions and minutes\nNo. | Item | |||\n---|---|---|\n"
        "Apologies for Absence Minutes: Apologies were received from Councillor Dell. |\n"
        "To confirm the minutes of the meeting held on 2 May 2024. Decision: RESOLVED:\n"
        "That the minutes of the meeting held on 2 May 2024 be confirmed as a correct record. "
        "Minutes: RESOLVED:\nThat the minutes of the meeting held on 2 May 2024 be confirmed "
        "as a correct record. |\n"
    )
    assert outcomes(text) == [("", "1", "resolved")]


def test_minutes_received_for_information_are_noted() -> None:
    text = (
        "Meeting: 20/09/2017 - Council (Item 52)\n\n52 To receive the minutes of the Cabinet "
        "pdf icon PDF 164 KB\n\nThe minutes of the meeting of Cabinet held on 6th September "
        "were received for information.\n"
    )
    assert outcomes(text) == [("52", "1", "noted")]
