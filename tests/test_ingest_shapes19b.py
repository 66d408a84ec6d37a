"""Shapes of delegations, conditions and dates read on published pages (issue 18, the
misses of the ninth held-out set grouped as shapes): a holder whose consultees stand in
brackets before the grant ("the Section 151 Officer (in consultation with X) be granted
delegated authority") or after it ("authorised (after consultation with X) to"); a holder
told to settle a thing ("be instructed, in consultation with X, to finalise") but not one
told only to prepare another body's decision; a power held in the present ("X in
consultation with Y has authority to approve"); a holder named by its body's possessive
("the Combined Authority's Managing Director"); a condition in a heading between parts
("That Cabinet, subject to ..., recommends to Council:") over the parts after it; a
condition that opens its clause ending at its comma; a list heading ("Decisions
published") that labels no date; "To approve, as a correct record, the non-exempt minutes
of the meeting held on ..." dating that meeting, not this one; a PDF's running footer
("Executive (08.12.2016)    Page 2") inside a part; a heading and its vote printed twice.
Fictional councils, own words."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govledger.ingest.conditions import find_conditions
from govledger.ingest.delegations import find_delegations, role_key
from ingest_helpers import all_entries, draft, entries

MEETING = "Minutes\n\nPolicy and Resources Committee - Tuesday, 4 March 2025\n\n"


def delegations(words: str) -> list[tuple[list[str], list[str]]]:
    """The (delegates, consultees) of each delegation in *words*, as role keys."""
    return [
        ([role_key(d[0]) for d in found.delegates], [role_key(c[0]) for c in found.consultees])
        for found in find_delegations(words, 0, len(words))
    ]


# ------------------------------------------------------------------------- delegations


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        # the consultees in brackets between the holder and the grant
        ("That the Section 151 Officer (in consultation with the Monitoring Officer) be "
         "granted delegated authority to agree the variation.",
         [(["section 151 officer"], ["monitoring officer"])]),
        ("That the Chief Executive (after consulting the Leader) be authorised to sign the "
         "lease.", [(["chief executive"], ["leader"])]),
        # ... after the grant, before the task
        ("That the Head of Legal be authorised (after consultation with the Leader and the "
         "Chair) to amend the agreement.", [(["head of legal"], ["leader", "chair"])]),
        # ... after the task
        ("That the Director be authorised to agree the terms (in consultation with the "
         "Leader).", [(["director"], ["leader"])]),
    ],
)  # fmt: skip
def test_consultees_in_brackets_are_read_without_the_brackets(
    words: str, expected: list[tuple[list[str], list[str]]]
) -> None:
    assert delegations(words) == expected


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("That the Director of Place be instructed, in consultation with the Leader, to "
         "finalise the lease of the depot.", [(["director of place"], ["leader"])]),
        ("That the Head of Housing be asked to agree the allocation scheme in consultation "
         "with the Portfolio Holder.", [(["head of housing"], ["portfolio holder"])]),
        # a task that only prepares another body's decision gives no power
        ("That the Director of Place be asked, in consultation with the Leader, to prepare "
         "a report for the next meeting.", []),
        ("That the Legal Manager, in consultation with the Chair, be instructed to amend the "
         "terms of reference for submission to Full Council.", []),
        ("That the Director of Place be instructed, in consultation with the Leader, to "
         "revise the scheme for submission to Full Council.", []),
    ],
)  # fmt: skip
def test_a_holder_told_to_settle_a_thing_is_a_delegation(
    words: str, expected: list[tuple[list[str], list[str]]]
) -> None:
    assert delegations(words) == expected


def test_a_power_held_in_the_present_is_a_delegation() -> None:
    words = (
        "That if both councils agree minor changes to the contract, the Strategic Director "
        "in consultation with the Cabinet Member for Waste has authority to approve them."
    )
    assert delegations(words) == [(["strategic director"], ["cabinet member for waste"])]


@given(body=st.sampled_from(["Combined Authority", "Joint Committee", "Partnership Board"]))
def test_a_holder_named_by_its_bodys_possessive_is_the_holder(body: str) -> None:
    words = (
        f"That authority be delegated to the {body}'s Managing Director, in consultation "
        f"with the Leader and the {body}'s Chair, to finalise the order."
    )
    assert delegations(words) == [(["managing director"], ["leader", "chair"])]


# -------------------------------------------------------------------------- conditions


def test_a_condition_in_a_heading_between_parts_governs_the_parts_after_it() -> None:
    text = (
        f"{MEETING}12. Shared Building Control\n\nRESOLVED:\n\n(1) That the report be "
        "noted.\n\n(2) That the Head of Planning be authorised to agree the service plan.\n\n"
        "That the Committee, subject to Eastley Borough Council's Cabinet agreeing the same "
        "terms, recommends to Council:\n\n(3) To approve the joint budget.\n\n(4) To approve "
        "the shared staffing structure.\n"
    )
    assert entries(text, "conditions") == [
        ("12", "3", "member_approval"),
        ("12", "4", "member_approval"),
    ]
    assert ("12", "3", "recommended") in entries(text)


def test_a_condition_over_the_whole_block_stays_the_items() -> None:
    text = (
        f"{MEETING}12. Shared Building Control\n\nRESOLVED:\n\nThat the Committee, subject to "
        "Eastley Borough Council's Cabinet agreeing the same terms on 11 March 2025, "
        "agrees:\n\n(1) to enter a shared service hosted by Eastley; and\n\n(2) to share "
        "the costs equally.\n"
    )
    assert entries(text, "conditions") == [("12", "", "member_approval")]


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("3. Subject to the safeguard in paragraph 5 below, to give consent to the new "
         "Combined Authority.", ("Subject to the safeguard in paragraph 5 below", "other")),
        ("b) subject to the response to the consultation being in favour, authority be "
         "delegated to the Head of Legal to agree the scheme with the Borough Council.",
         ("subject to the response to the consultation being in favour", "other")),
        ("That, subject to Eastley Council agreeing the same terms, the service be approved.",
         ("subject to Eastley Council agreeing the same terms", "member_approval")),
        # a condition after its decision runs to the clause's end, commas and all
        ("That the service be approved, subject to Eastley Council agreeing, on 3 May, the "
         "same terms.", ("subject to Eastley Council agreeing, on 3 May, the same terms",
                         "member_approval")),
    ],
)  # fmt: skip
def test_a_condition_that_opens_its_clause_ends_at_its_comma(
    words: str, expected: tuple[str, str]
) -> None:
    assert [(c.words, c.kind) for c in find_conditions(words, 0, len(words))] == [expected]


# ------------------------------------------------------------------------------- dates


def meeting_dates(text: str) -> list[tuple[str, str]]:
    return [(role, latest) for _, path, role, latest, _ in entries(text, "dates") if not path]


def test_a_list_heading_labels_no_date_the_field_does() -> None:
    text = (
        "Decisions\n\nDecisions published\n14/03/2025 - Shared Audit Service ref: 412\n"
        "Decision Maker: Audit Committee\nMade at meeting: 14/03/2025 - Audit Committee\n"
        "Decision published: 17/03/2025\nEffective from: 25/03/2025\n\nDecision:\n\n"
        "RESOLVED that the shared audit plan be approved.\n"
    )
    assert meeting_dates(text) == [
        ("decided", "2025-03-14"),
        ("effective", "2025-03-25"),
        ("published", "2025-03-17"),
    ]


@pytest.mark.parametrize(
    "confirm",
    [
        "To approve, as a correct record, the non-exempt minutes of the meeting held on",
        "To confirm the public minutes of the meeting of the Committee held on",
    ],
)
def test_the_minutes_confirmed_date_their_meeting_not_this_one(confirm: str) -> None:
    text = (
        "Agenda, decisions and minutes\nCabinet - Monday, 12th May, 2025 2.00 pm\n\n"
        f"21/25. Minutes\n\nRESOLVED:\n{confirm} 28 April 2025.\n\n"
        "22/25. Shared Payroll\n\nRESOLVED: That the shared payroll service be approved.\n"
    )
    assert meeting_dates(text) == [("decided", "2025-05-12")]


def test_a_running_footer_inside_a_part_dates_nothing() -> None:
    footer = "                    Executive (04.03.2025)                    Page 1\n"
    header = "\f                    Executive (04.03.2025)\n\n"
    text = (
        "NORTHWOLD DISTRICT COUNCIL\n\nMinutes of the Executive held on 4 March 2025\n\n"
        "14.  SHARED PARKS SERVICE\n\nRESOLVED\n\n(1)  That the shared parks service be "
        "approved.\n\n(2)  That the Director be authorised to agree the terms of the trans-\n\n"
        f"{footer}{header}     fer, including the grant for 2025/26.\n\n15.  BUDGET\n\n"
        "RESOLVED that the budget be noted.\n"
    )
    part_dates = [d for d in entries(text, "dates") if d[1]]
    assert part_dates == [("14", "2", "other", "2026-03-31", "2025-04-01")]
    assert "Page 1" not in draft(text)["items"][0]["parts"][1]["text"]["value"]


def test_a_heading_and_its_vote_printed_twice_count_once() -> None:
    text = (
        f"{MEETING}13. Performance Report\nMinutes:\nRESOLVED: (Unanimously)\n\n"
        "RESOLVED: (Unanimously)\n\nThat the report be noted.\n"
    )
    found = all_entries(text)
    assert found["outcomes"] == [("13", "1", "noted")]
    assert len(found["votes"]) == 1


# ------------------------------------------------- more delegations, notices and terms


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("That the Head of Legal Services be and is hereby authorised to complete the deed.",
         [(["head of legal services"], [])]),
        ("That the Monitoring Officer shall be authorised to make consequential changes.",
         [(["monitoring officer"], [])]),
        ("That the Head of Planning, in conjunction with the Chair, be authorised to settle "
         "the conditions.", [(["head of planning"], ["chair"])]),
        # a task told in the passive, its agent a holder who must consult
        ("That the final wording be agreed by the Head of Legal Services in consultation "
         "with the Chair.", [(["head of legal services"], ["chair"])]),
        # ... but a body's own decision, or a holder with no one to consult, is no grant
        ("That the terms be approved by the Committee in consultation with the Chair.", []),
        ("That the final wording be agreed by the Head of Legal Services.", []),
    ],
)  # fmt: skip
def test_more_grammar_of_a_grant(words: str, expected: list[tuple[list[str], list[str]]]) -> None:
    assert delegations(words) == expected


NOTICE = (
    "Officer Decision Record\n\nDecision maker: Director of Resources\n{fields}\n\n"
    "Decision:\n\nTo extend the shared fraud service with Oakvale District Council for two "
    "years.\n\nReasons for the decision:\n\n{reasons}\n"
)


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ("Date of decision: 5 March 2024\nExpiry of call-in period: 13.03.2024",
         [("call_in_deadline", "2024-03-13"), ("decided", "2024-03-05")]),
        ("Date of decision: 5 March 2024\nLast date for call-in: 13 March 2024",
         [("call_in_deadline", "2024-03-13"), ("decided", "2024-03-05")]),
        # rows of fields with no colons: each date is its own row's
        ("Decision Date 5 March 2024\nCall-In Expiry Date 13 March 2024\n"
         "Implementation date 14 March 2024",
         [("call_in_deadline", "2024-03-13"), ("decided", "2024-03-05"),
          ("effective", "2024-03-14")]),
    ],
)  # fmt: skip
def test_a_notices_field_lines_give_its_dates(fields: str, expected: list[tuple[str, str]]) -> None:
    text = NOTICE.format(fields=fields, reasons="The shared service saves money.")
    assert meeting_dates(text) == expected


def test_a_notices_effect_stated_under_another_heading_is_its_effective_date() -> None:
    reasons = (
        "The current agreement ends on 31 March 2024; the extension takes effect from 1 April 2024."
    )
    text = NOTICE.format(fields="Date of decision: 5 March 2024", reasons=reasons)
    assert meeting_dates(text) == [("decided", "2024-03-05"), ("effective", "2024-04-01")]


def test_an_items_narrative_effect_in_minutes_of_many_items_dates_no_meeting() -> None:
    text = (
        f"{MEETING}12. Shared Fraud Service\n\nThe extension takes effect from 1 April 2025.\n\n"
        "RESOLVED: That the extension be approved.\n\n13. Budget\n\n"
        "RESOLVED: That the budget be noted.\n"
    )
    assert ("effective", "2025-04-01") not in meeting_dates(text)


@pytest.mark.parametrize(
    "starts", ["a term commencing", "a period starting", "an appointment beginning"]
)
def test_a_term_commencing_on_a_day_starts_then(starts: str) -> None:
    text = (
        f"{MEETING}12. Joint Head of Service\n\nRESOLVED: That the Joint Head of Service be "
        f"appointed for {starts} 1 June 2025 and ending 31 May 2028.\n"
    )
    assert [d[2:4] for d in entries(text, "dates") if d[1]] == [
        ("effective", "2025-06-01"),
        ("other", "2028-05-31"),
    ]
