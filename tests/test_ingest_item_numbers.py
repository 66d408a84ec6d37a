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
