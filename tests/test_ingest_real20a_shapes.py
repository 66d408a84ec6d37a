"""Items, parts and outcomes in shapes read on published pages, round 20 (issue 18):
run-on extraction with four-digit minute numbers and glued headings, records of decisions
numbered by minute, decision table rows, recommendation headings and narrative told as
fact. Fictional councils, own words."""

from __future__ import annotations

from typing import Any

from govledger.ingest import read_text
from govledger.ingest.evaluate import draft_entries
from ingest_helpers import draft

#: Opening talk long enough to make the page one run-on line, as extraction gives it.
_TALK = " The Chair welcomed members and thanked the officers for their reports." * 8


def outcomes(text: str) -> list[tuple[Any, ...]]:
    return sorted(draft_entries(draft(text))["outcomes"], key=repr)


def test_four_digit_minute_numbers_in_a_run_on_page_are_items() -> None:
    text = (
        "MINUTES OF THE COUNCIL held on 2 May 2019. Present: Councillors Ash and Bryn." + _TALK
        + " 2210. Minutes RESOLVED That the minutes of the meeting held on 4 April 2019 be"
        " approved. 2211. Apologies There were no apologies. 2212. Shared Audit Service"
        " RESOLVED That the shared audit service with Hollin be renewed for three years."
        " 2213. Close The meeting closed at 8pm."
    )  # fmt: skip
    assert outcomes(text) == [("2210", "1", "resolved"), ("2212", "1", "resolved")]


def test_glued_headings_in_a_run_on_page_are_read_apart() -> None:
    text = (
        "Cabinet minutes PRESENT Councillor Ida Marsh, Leader" + _TALK
        + " 61. MINUTES OF THE MEETING HELD ON 9 JUNE 2015RESOLVED:That the minutes of the"
        " meeting held on 9 June 2015 beconfirmed and signed as a correct record, and that the"
        " actions be noted.62. APOLOGIES"
        " FOR ABSENCEThere were none.63. SHARED PAYROLLRESOLVEDthat the shared payroll"
        " arrangement with Tarn be extended to 31 March 2017.64. CLOSE There was no more business."
    )  # fmt: skip
    assert outcomes(text) == [("61", "1", "resolved"), ("63", "1", "resolved")]


def test_bare_minute_numbers_in_a_run_on_page_are_items_and_dates_stay_whole() -> None:
    text = (
        "MINUTES OF A MEETING OF THE TOWN COUNCIL ON MONDAY 9 th OCTOBER 2017 HELD IN THE"
        " GUILDHALL AT 7PM"
        " PRESENT: Cllr Amos (Mayor) Cllr Bevan Cllr Cole." + _TALK
        + " 2041 DECLARATIONS OF INTEREST There were none. 2042 MINUTES OF THE LAST MEETING"
        " RESOLVED: The minutes of the meeting held on 11 th September 2017 were confirmed"
        " as a true record 2043 MATTERS ARISING There were no matters arising."
    )  # fmt: skip
    found = draft(text)
    assert draft_entries(found)["outcomes"] == [("2042", "1", "resolved")]
    # "2043 MATTERS ARISING There were ...": the sentence run onto the title is broken off
    part = found["items"][0]["parts"][0]["text"]["value"]
    assert part.endswith("were confirmed as a true record")
    # the date's year is no minute number
    assert "OCTOBER 2017 HELD IN THE GUILDHALL" in read_text(text).text


def test_a_minute_numbered_with_a_stop_and_a_title_in_capitals_is_an_item() -> None:
    text = (
        "Minutes of the Annual Meeting of Fernley Parish Council\n\n"
        "Item No Item under discussion\n"
        "31.07 ELECTION OF CHAIR OF THE COUNCIL\n\n"
        "It was RESOLVED that Cllr Hale be elected Chair of the Council.\n\n"
        "31.08 SHARED CLERK ARRANGEMENT\n\n"
        "31.8 The clerk reported on the arrangement with Ashby Parish Council.\n\n"
        "RESOLVED that the shared clerk arrangement continue for a further year.\n"
    )
    assert outcomes(text) == [("31.07", "1", "resolved"), ("31.08", "1", "resolved")]


RECORD = (
    "Issue - decisions\n\nShared Revenues Budget 2011/12\n\n"
    "14/02/2011 - Shared Revenues Budget 2011/12\n\n"
    "61/2011 The Cabinet recommended to Council that the shared revenues budget of £2.1m be"
    " adopted.\n"
    "62/2011 The Cabinet approved the service plan for the shared revenues team.\n"
    "63/2011 The Cabinet agreed that the Head of Finance be asked to report on the first"
    " quarter.\n"
    "64/2011 The Cabinet noted the risks set out at Appendix 2 of the report.\n"
)


def test_a_record_of_decisions_numbered_by_minute_gives_one_item_a_line() -> None:
    assert outcomes(RECORD) == [
        ("61/2011", "1", "recommended"),
        ("62/2011", "1", "resolved"),
        ("63/2011", "1", "resolved"),
        ("64/2011", "1", "noted"),
    ]
    parts = [item["parts"][0]["text"]["value"] for item in draft(RECORD)["items"]]
    assert parts[1] == "The Cabinet approved the service plan for the shared revenues team."


def test_numbered_parts_telling_the_body_decided_stay_parts_of_their_item() -> None:
    text = (
        "12. SHARED REVENUES\n\nRESOLVED:\n\n"
        "1. The Cabinet approved the service plan for the shared revenues team.\n"
        "2. The Cabinet noted the risks set out at Appendix 2.\n"
    )
    assert outcomes(text) == [("12", "1", "resolved"), ("12", "2", "noted")]


def test_a_recommendation_heading_naming_its_body_gives_recommended_parts() -> None:
    text = (
        "7. SHARED BUILDING CONTROL\n\nThe Committee considered the business case.\n\n"
        "Recommendations to Cabinet:\n\n"
        "1. That the shared building control service be established.\n"
        "2. That the Head of Planning be authorised to sign the agreement.\n\n"
        "8. SHARED LEGAL\n\nRECOMMENDATION TO COUNCIL\n\n"
        "That the legal partnership be extended to 2027.\n"
    )
    assert outcomes(text) == [
        ("7", "1", "recommended"),
        ("7", "2", "recommended"),
        ("8", "1", "recommended"),
    ]


def test_a_reports_recommendations_beside_the_resolution_are_no_parts() -> None:
    text = (
        "9. SHARED PAYROLL\n\nRecommendations to Cabinet:\n\n"
        "1. That the payroll partnership be extended.\n"
        "2. That the Head of HR be authorised to sign the agreement.\n\n"
        "Minutes:\n\nThe Cabinet considered the report.\n\n"
        "RESOLVED that the payroll partnership be extended for two years.\n"
    )
    assert outcomes(text) == [("9", "1", "resolved")]


def test_a_notices_two_cell_table_rows_read_as_its_fields() -> None:
    text = (
        "Officer decision record\n\n"
        "| Decision title | Renewal of the shared fraud service |\n"
        "| Decision maker | Head of Finance |\n"
        "| Decision date | 3 March 2023 |\n"
        "| Decision | To renew the shared fraud service with Lowmoor for two years. |\n"
        "| Reasons for the decision | The agreement ends on 31 March 2023. |\n"
    )
    assert outcomes(text) == [("", "1", "resolved")]
    part = draft(text)["items"][0]["parts"][0]["text"]["value"]
    assert part == "To renew the shared fraud service with Lowmoor for two years."
    tidied = read_text(text).text
    assert "Decision date: 3 March 2023" in tidied
    # a table of more columns is left as printed
    assert "| a | b | c |" in read_text("| a | b | c |\n" + text).text
