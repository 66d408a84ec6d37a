"""Shapes of dates, delegations and votes read on published pages (issue 18, the misses of
the fifth and sixth held-out sets grouped as shapes): an arrangement made "from" one day
"to" another starts on the first; a consultation timetabled "in" a season is due, and
one "to run from" one day to another is one due period; "January and February 2019" is
one period; another body's meeting day is no deadline; delegations with titles in lower
case, a holder's stand-in ("or her delegated officers"), "the Leaders of the three
councils", passive grants ("authority be given to"), "be delegated authority", "gives X
delegated authority", and a holder told to act with the consultees between; recorded
votes whose rows close on a count in brackets, or begin "Those voting FOR". Fictional
councils, own words."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govledger.ingest import ingest_document, read_text
from govledger.ingest.dates import find_dates
from govledger.ingest.delegations import find_delegations, role_key
from govledger.ingest.evaluate import draft_entries
from govledger.ingest.tally import named_votes

MEETING = "Minutes\n\nJoint Housing Committee - Tuesday, 9 March 2021\n\n"


def part_dates(resolution: str) -> list[tuple[str, str, str | None]]:
    """The (role, latest, earliest) of the dates in a one-part resolution's part."""
    text = f"{MEETING}RESOLVED: That {resolution}\n"
    draft = ingest_document(read_text(text), partnership="p").to_json()
    found: list[tuple[Any, ...]] = draft_entries(draft)["dates"]
    return sorted((role, latest, earliest) for _, path, role, latest, earliest in found if path)


# ------------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        # an arrangement made for a term: it starts on the first day; the last is its end
        ("the lease of the depot to Ashwell Council be renewed from 1 May 2021 to 30 April "
         "2024.", [("effective", "2021-05-01", None), ("other", "2024-04-30", None)]),
        ("the Housing Manager be seconded to Tarnfield Council from 1 June 2021 until 31 May "
         "2022.", [("effective", "2021-06-01", None), ("other", "2022-05-31", None)]),
        # a period told as what was, or the span a thing covers, starts nothing
        ("the report on the scheme, which was in place from 1 April 2020 to 31 March 2021, "
         "be noted.", [("other", "2020-04-01", None), ("other", "2021-03-31", None)]),
        ("officers draft a contract for the period from 1 July 2021 to 30 June 2023.",
         [("other", "2021-07-01", None), ("other", "2023-06-30", None)]),
    ],
)  # fmt: skip
def test_a_term_made_from_one_day_to_another_starts_on_the_first(
    words: str, expected: list[tuple[str, str, str | None]]
) -> None:
    assert part_dates(words) == sorted(expected)


def test_a_service_to_begin_on_a_day_takes_effect_then() -> None:
    assert part_dates("a joint housing options service be set up, to begin on 1 July 2021.") == [
        ("effective", "2021-07-01", None)
    ]


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("the draft allocations plan be approved, with public consultation in autumn 2021.",
         ("due", "2021-11-30", "2021-09-01")),
        ("the draft strategy be approved for consultation in January and February 2022.",
         ("due", "2022-02-28", "2022-01-01")),
        ("a draft strategy is to be published for consultation in summer 2021.",
         ("due", "2021-08-31", "2021-06-01")),
    ],
)  # fmt: skip
def test_a_consultation_timetabled_in_a_period_is_due(
    words: str, expected: tuple[str, str, str | None]
) -> None:
    assert part_dates(words) == [expected]


def test_a_consultation_to_run_from_one_day_to_another_is_one_due_period() -> None:
    assert part_dates(
        "the draft plan be approved, the consultation to run from 22 March 2021 to 3 May 2021."
    ) == [("due", "2021-05-03", "2021-03-22")]


def test_another_bodys_meeting_day_is_no_deadline_even_beside_a_verb_like_word() -> None:
    # "present" the adjective, and a partner's meeting day
    assert part_dates(
        "the shared team continue on the present basis, subject to Tarnfield Council "
        "agreeing the same at its meeting on 16 March 2021."
    ) == [("other", "2021-03-16", None)]


@given(
    first=st.sampled_from(["January", "March", "June", "September"]),
    gap=st.integers(min_value=1, max_value=3),
    year=st.integers(min_value=2000, max_value=2030),
)
def test_two_months_joined_by_and_are_one_period(first: str, gap: int, year: int) -> None:
    months = ["January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December"]  # fmt: skip
    index = months.index(first)
    second = months[index + gap]
    found = find_dates(f"in {first} and {second} {year}, the plan")
    assert len(found) == 1
    assert found[0].earliest is not None
    assert (found[0].earliest.month, found[0].latest.month) == (index + 1, index + gap + 1)
    # months out of order, or each with its year, are two dates
    meeting = date(year, 1, 1)
    assert len(find_dates(f"in {second} and {first} {year}", reference=meeting)) == 2
    assert len(find_dates(f"in {first} {year} and {second} {year}")) == 2


# ------------------------------------------------------------------------- delegations


def delegations(words: str) -> list[tuple[list[str], list[str]]]:
    """(delegates, consultees) of each delegation in *words*, as evaluation keys."""
    return [
        ([role_key(t) for t, _, _ in d.delegates], [role_key(t) for t, _, _ in d.consultees])
        for d in find_delegations(words, 0, len(words))
    ]


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("authorise the head of housing, in consultation with the cabinet member for housing, "
         "to agree the final terms; and",
         [(["head of housing"], ["cabinet member for housing"])]),
        ("That authority be delegated to the Director of Place, in consultation with the "
         "Director of Law or his nominated deputy, to complete the lease.",
         [(["director of place"], ["director of law"])]),
        ("That the Head of Paid Service or her nominee be authorised to sign the agreement.",
         [(["head of paid service"], [])]),
        ("That the Housing Manager be authorised to vary the scheme after consulting the "
         "Leaders of the four councils.", [(["housing manager"], ["leader"])]),
        ("That authority be given to the Head of Legal Services to complete the lease.",
         [(["head of legal services"], [])]),
        ("That the Chief Executive be delegated authority to agree the terms.",
         [(["chief executive"], [])]),
        ("That the Council gives the Chief Finance Officer delegated authority to agree the "
         "contract.", [(["chief finance officer"], [])]),
        ("the Director of Housing, in consultation with the Portfolio Holder, to finalise "
         "and sign the agreement.", [(["director of housing"], ["portfolio holder"])]),
    ],
)  # fmt: skip
def test_delegations_in_other_grammar(
    words: str, expected: list[tuple[list[str], list[str]]]
) -> None:
    assert delegations(words) == expected


@pytest.mark.parametrize(
    "words",
    [
        # a report of what was done, a body acting for itself, no holder at all
        "The Committee noted that it had authorised the head of housing to agree the terms.",
        "That the Committee, in consultation with the Leader, agree the terms.",
        "That authority be given to proceed with the scheme.",
    ],
)
def test_what_is_no_new_grant_to_a_holder(words: str) -> None:
    assert delegations(words) == []


# ------------------------------------------------------------------------------- votes


ROWS_CLOSING_ON_A_COUNT = (
    "FOR: Cllrs Amble, Brook and Carr (3)\nAGAINST: Cllrs Dent and Ewart (2)\n"
    "ABSTAIN: Cllr Frith (1)\n(Cllr Gale arrived during the debate and did not vote.)\n"
)
THOSE_VOTING_OVER_LINES = (
    "Those voting FOR the AMENDMENT: Mr Amble, Ms Brook,\n    Mrs Carr and Mr Dent (4)\n"
    "Those voting AGAINST the AMENDMENT: Mr Ewart, Mrs\n    Frith and Ms Gale (3)\n"
    "Those ABSTAINING from voting: None\n"
)


@pytest.mark.parametrize(
    ("text", "counts", "named_for"),
    [
        # a row closed by its count does not run on into the note after it
        (ROWS_CLOSING_ON_A_COUNT, (3, 2, 1), ["Amble", "Brook", "Carr"]),
        # "Those voting FOR ...", names over lines to the count, "None" abstaining
        (THOSE_VOTING_OVER_LINES, (4, 3, 0), ["Mr Amble", "Ms Brook", "Mrs Carr", "Mr Dent"]),
    ],
)
def test_recorded_vote_rows(text: str, counts: tuple[int, int, int], named_for: list[str]) -> None:
    [vote] = named_votes(text, 0, len(text))
    assert (vote.in_favour, vote.against, vote.abstained) == counts
    assert [name for name, position in vote.named if position == "for"] == named_for
    assert not any("Gale arrived" in name or "did not vote" in name for name, _ in vote.named)


@given(
    ayes=st.integers(min_value=1, max_value=40),
    noes=st.integers(min_value=1, max_value=40),
)
def test_a_count_in_brackets_is_the_rows_count(ayes: int, noes: int) -> None:
    # the printed count is the row's, even where the page lists fewer names
    text = f"For: Councillors Amble and Brook ({ayes})\nAgainst: Councillor Carr ({noes})\n"
    [vote] = named_votes(text, 0, len(text))
    assert (vote.in_favour, vote.against) == (ayes, noes)
