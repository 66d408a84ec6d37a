"""Items, parts and outcomes in shapes read on published pages, round 20 (issue 18):
run-on extraction with four-digit minute numbers and glued words, records of decisions
numbered by minute, decision table rows, recommendation headings and narrative told as
fact. Fictional councils, own words."""

from __future__ import annotations

from typing import Any

from govledger.ingest import ingest_document, read_text
from govledger.ingest.evaluate import draft_entries

#: Opening talk long enough to make the page one run-on line, as extraction gives it.
_TALK = " The Chair welcomed members and thanked the officers for their reports." * 8


def draft(text: str) -> dict[str, Any]:
    return ingest_document(read_text(text), partnership="p").to_json()


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


def test_glued_headings_and_words_in_a_run_on_page_are_read_apart() -> None:
    text = (
        "Cabinet minutes PRESENT Councillor Ida Marsh, Leader" + _TALK
        + " 61. MINUTES OF THE MEETING HELD ON 9 JUNE 2015RESOLVED:That the minutes of the"
        " meeting held on 9 June 2015 beconfirmed and signed as a correct record.62. APOLOGIES"
        " FOR ABSENCEThere were none.63. SHARED PAYROLLRESOLVEDthat the shared payroll"
        " arrangement with Tarn be extended to 31 March 2017.64. CLOSE There was no more business."
    )  # fmt: skip
    found = draft(text)
    assert draft_entries(found)["outcomes"] == [("61", "1", "resolved"), ("63", "1", "resolved")]
    first = found["items"][0]["parts"][0]["text"]["value"]
    assert "be confirmed and signed" in first
