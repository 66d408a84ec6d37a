"""The page model (issue 18): decision blocks chosen by the evidence of every candidate
in an item, with one threshold. Fictional councils, own words; the shapes are those of
published agenda items and minutes: a narrated "Members agreed to ..." in the debate
above the item's numbered decisions, "agreed that ... would meet" (a plan), a formal
heading beside a narrated one."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govledger.ingest import ingest_document, read_text
from govledger.ingest.errors import IngestError
from govledger.ingest.evaluate import draft_entries
from govledger.ingest.structure import find_blocks
from govledger.ingest.structure._evidence import BASE, STRONG, THRESHOLD, Candidate, choose
from govledger.ingest.structure._narrative import Block


def outcomes(text: str) -> list[tuple[Any, ...]]:
    data = ingest_document(read_text(text), partnership="p").to_json()
    return sorted(draft_entries(data)["outcomes"], key=repr)


HEAD = "Agenda item\n\nReview of the Shared Grounds Contract\n\n"
DEBATE = (
    "Members considered how often the working group should meet.\n\n"
    "Members agreed to leave the dates of its meetings to officers.\n\n"
)
LIST = (
    "1)      that the working group meet twice more, once with the contractor;\n\n"
    "2)      that officers invite the contractor to the first of those meetings.\n"
)


def test_a_narrated_agreement_beside_numbered_decisions_is_debate() -> None:
    assert outcomes(HEAD + DEBATE + LIST) == [("", "1", "resolved"), ("", "2", "resolved")]


def test_a_narrated_agreement_alone_is_the_decision() -> None:
    assert outcomes(HEAD + DEBATE) == [("", "1", "resolved")]


def test_an_agreed_plan_alone_is_not_a_decision() -> None:
    with pytest.raises(IngestError, match="no decisions were found"):
        outcomes(HEAD + "It was agreed that the two managers would meet in June.\n")


def test_a_formal_heading_is_kept_beside_a_narrated_one() -> None:
    text = (
        HEAD
        + "Members agreed to take the item first.\n\n"
        + "RESOLVED: That the revised grounds contract be approved.\n"
    )
    assert outcomes(text) == [("", "1", "resolved")]


def _block(at: int) -> Block:
    return Block(kind="resolved", marker_start=at, marker_end=at, start=at, end=at + 1,
                 confidence=0.9)  # fmt: skip


_READINGS = st.sampled_from(sorted(BASE))
_FEATURE = st.tuples(st.sampled_from(["plan", "agenda", "openings"]), st.floats(-3.0, 3.0))


@given(st.lists(st.tuples(_READINGS, st.lists(_FEATURE, max_size=3)), max_size=6))
def test_choose_keeps_exactly_the_candidates_at_the_threshold(
    found: list[tuple[str, list[tuple[str, float]]]],
) -> None:
    candidates = [
        Candidate(block=_block(n), reading=reading, features=((reading, BASE[reading]), *extra))
        for n, (reading, extra) in enumerate(found)
    ]
    strong = any(c.score >= STRONG for c in candidates)

    def final(c: Candidate) -> float:
        # a narrated agreement or a recommendation heading is weak beside a strong block
        weak = c.reading in {"narrated", "recommendation"}
        return c.score - (1.0 if strong and weak else 0.0)

    expected = [c.block for c in candidates if final(c) >= THRESHOLD]
    asked: list[bool] = []

    def narrative() -> list[Candidate]:
        asked.append(True)
        return [Candidate(block=_block(99), reading="sentence", features=(("sentence", 2.5),))]

    chosen = choose(candidates, narrative)
    if expected:
        assert chosen == expected
        assert not asked  # a chosen block leaves narrative readings unweighed
    else:
        assert chosen == [_block(99)]


def test_find_blocks_finds_nothing_in_pure_debate() -> None:
    text = "Members asked about the contract. Officers answered the questions.\n"
    assert find_blocks(text, 0, len(text)) == []
