"""Tallies, delegations and dates in shapes published pages use (issue 18, real20b;
fictional councils, our own words): counts given as "Yes" and "No", "by a majority of
6 to 3", holders named by office in lower case ("the responsible Cabinet Member"), "to
delegate to X the power to", "be jointly authorised", "officers be authorised", a holder
told to act in consultation ("the Head of Planning finalise ... in consultation with the
Chair"), year-first register dates, table-row date fields, a decision list's long
heading, "implemented from", and reviews to be held in a month."""

from __future__ import annotations

import time
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govledger.ingest import ingest_document, read_text
from govledger.ingest.conditions import find_conditions
from govledger.ingest.date_roles import role_of
from govledger.ingest.dates import find_dates
from govledger.ingest.delegations import find_delegations, role_key
from govledger.ingest.evaluate import draft_entries
from govledger.ingest.votes import find_votes

HEAD = "Tarnby District Council\n\nCabinet\n\nMinutes of the meeting held on 12 June 2024\n\n"


def entries(text: str, head: str = HEAD) -> dict[str, list[tuple[Any, ...]]]:
    draft = ingest_document(read_text(head + text), partnership="p").to_json()
    return draft_entries(draft)


def counts(sentence: str) -> list[tuple[int | None, int | None, int | None]]:
    return [(v.in_favour, v.against, v.abstained) for v in find_votes(sentence, 0, len(sentence))]


# --------------------------------------------------------------------------- votes


@settings(max_examples=40, deadline=None)
@given(
    st.integers(0, 60),
    st.integers(0, 60),
    st.one_of(st.none(), st.integers(0, 20)),
    st.sampled_from([" ", ": ", " - "]),
    st.booleans(),
)
def test_yes_and_no_are_counts_for_and_against(
    yes: int, no: int, abstain: int | None, sep: str, bracketed: bool
) -> None:
    tally = f"Yes{sep}{yes}, No{sep}{no}" + ("" if abstain is None else f", Abstain{sep}{abstain}")
    shown = f"({tally})" if bracketed else tally
    sentence = f"The recommendation was put to the vote and carried {shown}."
    assert counts(sentence) == [(yes, no, abstain)]


@pytest.mark.parametrize(
    "sentence",
    [
        "The tenant of No 2 Market Street, Yes Please Bakery Ltd, asked for a lease.",
        "Item No 4 was deferred to the next meeting.",
        "Yes, the Chair said, the report would come back in No time.",
    ],
)
def test_a_yes_or_a_no_that_counts_nothing_is_no_tally(sentence: str) -> None:
    assert counts(sentence) == []


def test_a_majority_of_two_figures_is_the_tally() -> None:
    assert counts("The motion to refuse was carried by a majority of 6 to 2.") == [(6, 2, None)]
    assert counts("It was approved by a majority of eight votes to three.") == [(8, 3, None)]


def test_a_yes_no_count_before_the_block_is_the_items_vote() -> None:
    found = entries(
        "41 Land at Mill Lane\n\nThe recommendation was put to the vote and carried: Yes 5, "
        "No 2, Abstain 1.\n\nRESOLVED:\n\n(1) That planning permission be granted.\n\n"
        "(2) That the report be noted.\n"
    )
    assert found["votes"] == [("41", "", 5, 2, 1, False, False)]


# --------------------------------------------------------------------------- delegations


def holders(sentence: str) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    return [
        (tuple(role_key(d[0]) for d in f.delegates), tuple(role_key(c[0]) for c in f.consultees))
        for f in find_delegations(sentence, 0, len(sentence))
    ]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "That authority be delegated to the responsible Cabinet Member in consultation with "
            "the relevant Director to vary the fees.",
            [(("responsible cabinet member",), ("director",))],
        ),
        (
            "That the appropriate Director be authorised to approve the grants.",
            [(("appropriate director",), ())],
        ),
        (
            "To delegate to the Head of Legal Services the power to complete the lease.",
            [(("head of legal services",), ())],
        ),
        (
            "That the Director of Finance and the Head of Legal Services be jointly authorised to "
            "enter into the agreement.",
            [(("director of finance", "head of legal services"), ())],
        ),
        (
            "That officers be authorised to take all necessary steps.",
            [(("officer",), ())],
        ),
        (
            "That the Head of Planning finalise the wording of the conditions in consultation "
            "with the Chair and Vice-Chair.",
            [(("head of planning",), ("chair", "vice-chair"))],
        ),
        (
            "That the Town Clerk to agree the terms of the lease, after consulting the Chair of "
            "the Committee.",
            [(("town clerk",), ("chair of the committee",))],
        ),
    ],
)
def test_delegations_in_the_grammars_real_pages_use(
    sentence: str, expected: list[tuple[tuple[str, ...], tuple[str, ...]]]
) -> None:
    assert holders(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        # a body acting for itself, consulting, gives no one a power
        "That the Committee approve the budget in consultation with the partner councils.",
        # told to act with no one consulted: an instruction, not a grant
        "That the Head of Planning finalise the wording of the conditions.",
        # a request, not a grant
        "That the Executive Director be requested to report back to the next meeting.",
    ],
)
def test_an_instruction_or_a_body_acting_is_no_delegation(sentence: str) -> None:
    assert holders(sentence) == []


def test_a_holder_told_to_act_hangs_on_its_own_part() -> None:
    found = entries(
        "22 Lease of the depot\n\nRESOLVED:\n\n(1) That a lease of the depot be granted.\n\n"
        "(2) That the Town Clerk finalise the terms of the lease in consultation with the Chair "
        "of the Committee.\n"
    )
    assert found["delegations"] == [("22", "2", ("town clerk",), ("chair of the committee",))]


# --------------------------------------------------------------------------- dates


@settings(max_examples=60, deadline=None)
@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2099, 12, 31)), st.sampled_from("/-"))
def test_a_year_first_date_is_that_day(day: date, sep: str) -> None:
    text = f"Date of decision :-{day.year}{sep}{day.month:02d}{sep}{day.day:02d}"
    found = find_dates(text)
    assert [(f.earliest, f.latest) for f in found] == [(None, day)]
    assert role_of(text, found[0]) == "decided"


def test_a_year_first_string_that_is_no_day_is_no_date() -> None:
    assert find_dates("Reference 2019/13/45 was filed.") == []


def role(text: str) -> str:
    found = find_dates(text)
    assert len(found) == 1, found
    return role_of(text, found[0])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("| Decision date | 7 Nov 2023 |", "decided"),
        ("| Date of publication | 9 Nov 2023 |", "published"),
        ("Decision to Take Effect at end of :-2012/02/03", "effective"),
        ("The charges are implemented from and including 1 September 2022.", "effective"),
        (
            "DECISIONS taken by the Portfolio Holder for Housing and Communities, Councillor "
            "Maria Lowther, on 3 March 2023",
            "decided",
        ),
        ("(2) review the allocation of the grant in September 2023.", "due"),
        ("That the rent be reviewed in October 2025.", "due"),
        ("To report back to the Cabinet in March 2024.", "due"),
        # a review already held, in the narrative, sets no task
        ("The review held in July 2023 found the rent too low.", "other"),
        ("A report was reviewed in March 2021 by the board.", "other"),
    ],
)
def test_date_roles_in_real_page_shapes(text: str, expected: str) -> None:
    assert role(text) == expected


def test_a_table_row_after_the_decision_dates_it() -> None:
    page = (
        "Hawthorne Bay Council\n\nDecision details\n\nTaxi fees\n\nDecision\n\nRESOLVED that:\n"
        "(a) the fees in the report be approved;\n(b) the report be published.\n\nDetails\n"
        "| Outcome | Recommendations Approved |\n| Decision date | 8 Nov 2022 |\n"
    )
    found = entries(page, head="")
    assert ("", "", "decided", "2022-11-08", None) in found["dates"]


def test_a_due_review_in_a_month_spans_the_month() -> None:
    found = entries("7 Grant\n\nRESOLVED:\n\n(1) That the rent be reviewed in October 2025.\n")
    assert ("7", "1", "due", "2025-10-31", "2025-10-01") in found["dates"]


# --------------------------------------------------------------------------- bounded time


@pytest.mark.parametrize(
    "unit",
    [
        "Yes 5, No ",
        "That the Head of Planning finalise the terms in consultation with ",
        "| Decision date | ",
        "2019/01/",
    ],
)
def test_hostile_repetition_stays_linear(unit: str) -> None:
    def cost(n: int) -> float:
        text = HEAD + "RESOLVED:\n\n(1) " + unit * n + "\n"
        began = time.process_time()
        ingest_document(read_text(text), partnership="p")
        return time.process_time() - began

    small, large = cost(300), cost(2400)
    assert large < max(0.5, small * 8 * 3), (small, large)
    assert timedelta(seconds=large) < timedelta(seconds=20)


# --------------------------------------------------------------------------- conditions


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (
            "approved subject to the completion of a legal agreement\nReason for decision: to "
            "secure the site.",
            "subject to the completion of a legal agreement",
        ),
        (
            "granted subject to a legal agreement\nRESOLVED further that the fee be waived.",
            "subject to a legal agreement",
        ),
        (
            "approved subject to the tenant paying the deposit\n2. That the Town Clerk sign it.",
            "subject to the tenant paying the deposit",
        ),
        # a hard line break inside the sentence does not end it
        (
            "approved subject to the agreement of the\nCouncil and the partner.",
            "subject to the agreement of the\nCouncil and the partner",
        ),
    ],
)
def test_a_last_condition_without_a_full_stop_ends_at_the_next_field(text: str, words: str) -> None:
    assert [c.words for c in find_conditions(text, 0, len(text))] == [words]


# --------------------------------------------------------------------------- negated tasks


def test_a_thing_not_to_be_done_until_a_date_has_no_due_day() -> None:
    found = entries(
        "5 Reports\n\nRESOLVED:\n\n(1) That the quarterly reports are not submitted to Cabinet "
        "until July 2025.\n\n(2) That the annual report be submitted to Cabinet by September "
        "2025.\n\n(3) That no further payments be made to the contractor before April 2025, "
        "and the Director report to Cabinet in May 2025.\n"
    )
    dates = {(d[1], d[2], d[3]) for d in found["dates"] if d[0] == "5"}
    assert dates == {
        ("1", "other", "2025-07-31"),
        ("2", "due", "2025-09-30"),
        ("3", "other", "2025-04-30"),
        ("3", "due", "2025-05-31"),
    }
