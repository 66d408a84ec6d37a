"""Decision sentences found by evidence when no heading, list or narrative rule finds one
(issue 18): "It was resolved to ...", "That ... be approved" after discussion, minutes
"approved as a correct record", "That Cabinet approved" under a "Decision made:" label.
Fictional councils, own words; the shapes are those of published modern.gov pages."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govledger.ingest import ingest_document, read_text
from govledger.ingest.errors import IngestError
from govledger.ingest.evaluate import draft_entries
from govledger.ingest.structure._evidence import THRESHOLD, score


def outcomes(text: str) -> list[tuple[Any, ...]]:
    data = ingest_document(read_text(text), partnership="p").to_json()
    return sorted(draft_entries(data)["outcomes"], key=repr)


NOTICE = "Decision\n\nSHARED PAYROLL SERVICE\n\nDate of Decision: 4 March 2025\n\n"


@pytest.mark.parametrize(
    ("words", "outcome"),
    [
        ("Content: It was resolved to extend the shared payroll service for a year.", "resolved"),
        ("Decision:\n\nIt was noted that the payroll audit had been completed.", "noted"),
        (
            "Decision made (Unanimously):\n\nThat Cabinet approved that the payroll service "
            "continue with Haddow District Council.",
            "resolved",
        ),
        (
            "Members discussed the draft.\n\nThat the payroll service agreement with Haddow "
            "District Council be approved.",
            "resolved",
        ),
        ("The notes of the last meeting were approved as a correct record.", "resolved"),
    ],
)
def test_a_decision_sentence_with_no_heading_is_one_part(words: str, outcome: str) -> None:
    assert outcomes(NOTICE + words + "\n") == [("", "1", outcome)]


@pytest.mark.parametrize(
    "sentence",
    [
        "It was agreed that the two managers would meet before the next meeting.",
        "That the payroll agreement be approved is asked to be considered by Cabinet.",
        "To approve the payroll agreement be approved as a correct record.",
    ],
)
def test_a_plan_or_an_agenda_request_scores_below_the_threshold(sentence: str) -> None:
    assert score(sentence, True) < THRESHOLD


def test_an_agenda_request_alone_is_refused() -> None:
    with pytest.raises(IngestError, match="no decisions were found"):
        outcomes(NOTICE + "Cabinet is asked to approve the payroll agreement.\n")


_NARRATIVE = st.lists(
    st.sampled_from(
        [
            "Members discussed the payroll service",
            "The manager answered questions on staffing",
            "A report on the service was presented",
            "Councillor Vane asked about the budget",
        ]
    ),
    min_size=1,
    max_size=6,
)


@given(_NARRATIVE, st.booleans())
def test_narrative_alone_never_reaches_the_threshold(sentences: list[str], label: bool) -> None:
    assert score(". ".join(sentences) + ".", label) < THRESHOLD


@given(_NARRATIVE)
def test_a_page_of_narrative_only_is_refused(sentences: list[str]) -> None:
    with pytest.raises(IngestError):
        outcomes(NOTICE + "Decision:\n\n" + ". ".join(sentences) + ".\n")
