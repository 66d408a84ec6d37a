"""Shapes seen on real published pages (fictional councils, own words): lost headings
whose parts are not in the "That" form, unnumbered and flattened lists, preambles,
page furniture, labelled fields and pages of a joined file refused on their own."""

from __future__ import annotations

from typing import Any

import pytest

from govledger.ingest import ingest_document, read_text
from govledger.ingest.evaluate import draft_entries


def draft(text: str) -> dict[str, Any]:
    return ingest_document(read_text(text), partnership="p").to_json()


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
