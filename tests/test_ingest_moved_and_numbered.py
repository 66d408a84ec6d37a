"""Shapes of real minutes (fictional councils, own words) that the parser read wrongly:
a resolution moved and seconded ("It was moved by A, seconded by B and RESOLVED"), an
item decided only by a motion's fate, parts "1) ... be authorised ...; and" taken for
item headings, a page title "Decision - ..." and minutes' paragraph numbers ("17.3
RESOLVED: That ...")."""

from __future__ import annotations

from typing import Any

from govledger.ingest import ingest_document, read_text
from govledger.ingest.evaluate import draft_entries


def draft(text: str) -> dict[str, Any]:
    return ingest_document(read_text(text), partnership="p").to_json()


def outcomes(text: str) -> list[tuple[Any, ...]]:
    return sorted(draft_entries(draft(text))["outcomes"], key=repr)


HEAD = "Finance Committee\n\nMinutes of the meeting held on 8 March 2022\n\n"


# --------------------------------------------------- parts that look like item headings


def test_parts_that_run_on_are_not_item_headings() -> None:
    text = (
        "Cabinet - 11 September 2014\n\n"
        "153 Work for Partner Councils\n\nThe report was presented.\n\nRESOLVED that:\n\n"
        "1)    Heads of Service be authorised to approve work for partner councils up to "
        "£15,000 for each contract; and\n\n"
        "2)    Heads of Service be authorised to set the charges for that work; and\n\n"
        "3)    A report on progress be brought back to Cabinet in due course.\n"
    )

    found = outcomes(text)

    assert found == [("153", "1", "resolved"), ("153", "2", "resolved"), ("153", "3", "resolved")]
    assert len(draft_entries(draft(text))["delegations"]) == 2


def test_numbered_item_headings_in_order_stay_items() -> None:
    text = (
        "Cabinet - 11 September 2014\n\n"
        "1 Minutes\n\nRESOLVED that the minutes be approved.\n\n"
        "2 Shared Services Board Terms of Reference\n\nRESOLVED that the terms be agreed.\n"
    )

    assert outcomes(text) == [("1", "1", "resolved"), ("2", "1", "resolved")]
