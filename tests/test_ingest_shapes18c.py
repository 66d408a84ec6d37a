"""Shapes from held-out set 8 (issue 18), read in general: a delegation whose
consultees stand in a bracketed aside, offices named by their body ("the Council
Solicitor", "the Borough Treasurer"), and an item table whose numbers have no stop."""

from __future__ import annotations

import pytest

from govledger.ingest import ingest_document, read_text
from govledger.ingest.delegations import find_delegations, role_key
from govledger.ingest.evaluate import draft_entries


def holders(sentence: str) -> list[tuple[tuple[str, ...], tuple[str, ...], str]]:
    return [
        (
            tuple(role_key(d[0]) for d in f.delegates),
            tuple(role_key(c[0]) for c in f.consultees),
            f.scope,
        )
        for f in find_delegations(sentence, 0, len(sentence))
    ]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "delegated authority is given to the Head of Housing (in consultation with the "
            "Portfolio Holder for Homes and the Borough Solicitor) to settle the lease terms",
            [(("head of housing",), ("portfolio holder for homes", "borough solicitor"),
              "settle the lease terms")],
        ),
        (
            "That authority be delegated to the Director of Place (after consultation with the "
            "Leader) to sign the agreement.",
            [(("director of place",), ("leader",), "sign the agreement")],
        ),
        (
            "That authority be delegated to the Chief Executive, in consultation with the "
            "Leader and the County Treasurer, to agree the final terms.",
            [(("chief executive",), ("leader", "county treasurer"), "agree the final terms")],
        ),
    ],
)  # fmt: skip
def test_consultees_in_a_bracketed_aside(
    sentence: str, expected: list[tuple[tuple[str, ...], tuple[str, ...], str]]
) -> None:
    assert holders(sentence) == expected


def test_a_bracket_that_consults_no_one_stays_in_the_title() -> None:
    sentence = "That the Head of Legal (Monitoring Officer) be authorised to seal the deed."
    [(delegates, consultees, _)] = holders(sentence)
    assert consultees == ()
    assert delegates and delegates[0].startswith("head of legal")


ITEM_TABLE = """Ridgeford District Council

Cabinet, 3 March 2025

Item | Title | Minutes |
1 | Apologies for absence |
None were received. |
2 | Depot sharing agreement |
Cabinet considered a report on sharing the depot with a neighbouring council.
RESOLVED that Cabinet:
1) Approves the depot sharing agreement; and
2) Notes the savings it brings. |
3 | Leisure fees |
RESOLVED that the leisure fees for 2025/26 be approved. |
"""


def test_an_item_table_with_bare_numbers_in_cells_of_their_own() -> None:
    """A flattened 'Item | Title | Minutes' table: the number in its cell, no stop after it."""
    found = draft_entries(ingest_document(read_text(ITEM_TABLE), partnership="p").to_json())
    assert sorted(found["parts"]) == [("2", "1"), ("2", "2"), ("3", "1")]
    assert sorted(found["outcomes"]) == [
        ("2", "1", "resolved"),
        ("2", "2", "noted"),
        ("3", "1", "resolved"),
    ]


RUN_IN = "\n".join(
    [
        "Ridgeford District Council",
        "",
        "Minutes of the meeting of the Council held on 4 March 2025",
        "",
        "318 MINUTES - Resolved - That the minutes of the meeting held on 4 February 2025,"
        " having been circulated to every member beforehand, be confirmed as a correct record"
        " and signed by the Mayor.",
        "319 MAYOR'S ANNOUNCEMENTS - The Mayor reported on the civic events she had attended"
        " since the last meeting and thanked the volunteers at the winter shelter for their work.",
        "320 SHARED CCTV SERVICE - Councillor Dale moved and Councillor Rook seconded the"
        " recommendation of the Cabinet.",
        "Resolved - (a) That the council joins the shared CCTV service hosted by its neighbour"
        " from 1 April 2025; and",
        "(b) That the costs be shared equally.",
        "321 QUESTIONS - There were no questions.",
        "",
    ]
)


def test_a_heading_in_capitals_running_on_into_its_minute() -> None:
    """'318 MINUTES - Resolved - That ...': the capitals are the title, the rest the minute."""
    found = draft_entries(ingest_document(read_text(RUN_IN), partnership="p").to_json())
    assert sorted(found["parts"]) == [("318", "1"), ("320", "a"), ("320", "b")]
