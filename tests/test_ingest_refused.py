"""Pages once refused with "no decisions were found" (issue 18), in the shapes of real
published pages: a body's name then numbered past-tense decisions, "made the following
decisions:-" over unlabelled lines, a space inside a part's brackets, a long clause
before "it was RESOLVED" and a decision in capitals, "RESOLVED" alone above "That ...",
decisions printed as "- That ..." bullets, an unheaded lettered list whose parts close
on "be noted; and", and the only decision printed above numbered conditions. Fictional
councils, own words."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govledger.errors import GovLedgerError
from govledger.ingest.evaluate import draft_entries
from ingest_helpers import draft


def outcomes(text: str) -> list[tuple[Any, ...]]:
    return sorted(draft_entries(draft(text))["outcomes"], key=repr)


def part_texts(text: str) -> list[str]:
    return [str(part["text"]["value"]) for item in draft(text)["items"] for part in item["parts"]]


def refused(text: str) -> bool:
    try:
        draft(text)
    except GovLedgerError:
        return True
    return False


@pytest.mark.parametrize("body", ["The Committee:", "Cabinet:", "The Joint Waste Board:"])
def test_a_body_then_numbered_past_tense_decisions(body: str) -> None:
    text = (
        "Issue - decisions\n\nBin Round Review\n\n12/03/2024 - Bin Round Review\n\n"
        "The report was introduced by the officer and questions were answered.\n\n"
        f"{body}\n\n\n"
        "1.    Noted that the trial rounds had ended in March.\n\n"
        "2.    Did not extend the trial for a further year.\n"
    )
    assert outcomes(text) == [("", "1", "noted"), ("", "2", "resolved")]


def test_a_body_above_a_list_that_does_not_decide_is_still_refused() -> None:
    text = (
        "Attendance\n\nThe Committee:\n\n"
        "1.    Councillor Amber Fenn (Chair)\n\n2.    Councillor Rob Tansley\n"
    )
    assert refused(text)


@pytest.mark.parametrize("verb", ["made", "took"])
def test_the_following_decisions_over_unlabelled_lines(verb: str) -> None:
    text = (
        "Issue - decisions\n\nLeader Decision - Cabinet Portfolios\n\n"
        f"On 2 May 2023, the Leader of the Council, Cllr Ada Marsh, {verb} the following "
        "decisions:-\n"
        "To authorise Cabinet members to take decisions within their portfolios.\n"
        "That the officer scheme of delegation continue unchanged.\n"
        "That Cllr Ben Hale be Deputy Leader of the Council.\n"
    )
    assert outcomes(text) == [("", "1", "resolved"), ("", "2", "resolved"), ("", "3", "resolved")]
    assert part_texts(text)[2] == "That Cllr Ben Hale be Deputy Leader of the Council."


@given(letters=st.lists(st.sampled_from(["( a)", "(a )", "( a )", "(a)"]), min_size=3, max_size=3))
@settings(max_examples=15, deadline=None)
def test_a_space_inside_the_brackets_of_a_label(letters: list[str]) -> None:
    labels = [label.replace("a", letter) for label, letter in zip(letters, "abc", strict=True)]
    text = (
        "Full council record\nDecision\nRESOLVED that:-\n"
        f"{labels[0]} the content of the report be noted;\n"
        f"{labels[1]} the Director be authorised to sign the partnership agreement; and\n"
        f"{labels[2]} the Director be authorised to take all other steps needed.\n"
    )
    assert outcomes(text) == [("", "a", "noted"), ("", "b", "resolved"), ("", "c", "resolved")]


@pytest.mark.parametrize(
    "decision", ["PLANNING PERMISSION BE GRANTED.", "planning permission be refused."]
)
def test_a_long_clause_before_it_was_resolved(decision: str) -> None:
    text = (
        "Issue - decisions\nLand at Pell Farm\nThe Committee considered the report.\n"
        "Following consideration and a motion raised by Councillor Oduya and seconded by "
        f"Councillor Lund it was RESOLVED that {decision}\n"
        "The vote was 5 in favour and 2 against.\n"
    )
    assert outcomes(text) == [("", "1", "resolved")]


def test_resolved_alone_above_that_and_the_conditions_read_as_items() -> None:
    text = (
        "To consider the above application.\nMinutes:\n"
        "Consideration was given to the above application.\n"
        "RESOLVED\n"
        "That for the reasons set out in the report the application be delegated to the "
        "Head of Planning for approval subject to a legal agreement to secure:\n"
        "A contribution to open space; and\n"
        "And subject to the following conditions:-\n"
        "1. A01 - Time limit (3 years)\n"
        "2. A02 - Development in accord with approved plans\n"
    )
    assert outcomes(text) == [("", "1", "resolved")]
    assert part_texts(text)[0].startswith("That for the reasons set out in the report")


@pytest.mark.parametrize("bullet", ["-", "•", "·"])
def test_decisions_printed_as_that_bullets(bullet: str) -> None:
    text = (
        "Decision Maker: Cabinet\nDecisions:\n"
        "Consideration was given to a report on the shared team.\n"
        "RESOLVED\n"
        "For the reasons set out in the report: -\n"
        f"{bullet} That approval be given to close the interim team\n"
        "with effect from 1 April 2024.\n"
        f"{bullet} That the Director be authorised to transfer its staff.\n"
        f"{bullet} That the Chief Executive be given authority to vary the transfer.\n"
        "Date of decision: 08/03/2024\n"
    )
    assert outcomes(text) == [("", "1", "resolved"), ("", "2", "resolved"), ("", "3", "resolved")]
    assert part_texts(text)[0] == (
        "That approval be given to close the interim team with effect from 1 April 2024."
    )


def test_an_unheaded_lettered_list_closing_on_be_noted_and() -> None:
    text = (
        "Decision details\n\nNew Executive Arrangements\n\nDecision Maker: Cabinet\n\n"
        "To advise Cabinet of the options and to seek approval for consultation.\n\n\n\n"
        "(a)   the statutory duty placed on the Council by the Local Government Act 2007 to "
        "resolve to adopt one of the new executive arrangements by 31 December 2010, to come "
        "into effect at the annual meeting in May 2011, be noted; and\n\n"
        "(b)   the Monitoring Officer be authorised to consult on the options.\n\n"
        "Reasons for the decision:\n\nThe Council must consult.\n"
    )
    assert outcomes(text) == [("", "a", "noted"), ("", "b", "resolved")]
