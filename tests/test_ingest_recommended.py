"""No recommendation is ever proposed as in force (issue 18): a body that recommends to
another decides nothing that changes state, so every part under a recommending heading
or lead-in, in whatever words, is read as recommended (fictional councils, our words)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govledger.errors import GovLedgerError
from govledger.ingest import ingest_document, read_text
from govledger.ingest.evaluate import draft_entries

HEAD = (
    "Brackenmoor Borough Council\n\nJoint Waste Committee\n\n"
    "Minutes of the meeting held on 4 March 2025\n\n"
)
ITEM = "7. Shared Depot Arrangements\n\nThe Head of Waste presented the depot report.\n\n"


def outcomes(text: str) -> list[tuple[Any, ...]]:
    draft = ingest_document(read_text(HEAD + ITEM + text), partnership="p").to_json()
    return [tuple(o) for o in draft_entries(draft)["outcomes"]]


_BODIES = ("Council", "Cabinet", "the Executive", "each partner council", "Full Council")
_PARTS = (
    "To approve the revised depot lease for a further five years;",
    "To delegate authority to the Director of Place to agree the final terms;",
    "To agree that the depot costs be shared equally between the partners.",
)
_LABELS = (("(a)", "(b)", "(c)"), ("1.", "2.", "3."), ("(i)", "(ii)", "(iii)"))


def _listed(lead_in: str, labels: tuple[str, ...], count: int) -> str:
    pairs = zip(labels, _PARTS[:count], strict=False)
    rows = "\n".join(f"{label} {words}" for label, words in pairs)
    return f"{lead_in}\n{rows}\n\nThe meeting closed at 8.10 pm.\n"


# --------------------------------------------------------------------------- lead-ins


@pytest.mark.parametrize(
    "lead_in",
    [
        "Decision:\nThat it be recommended to {body}:",
        "RESOLVED: That it be recommended to {body}:",
        "RESOLVED to recommend to {body} that:",
        "RESOLVED that {body} be recommended:",
        "RESOLVED - That {body} be recommended to:",
        "It was RECOMMENDED to {body} that:",
        "RESOLVED that the Committee recommends to {body}:",
        "The Committee RECOMMENDS to {body}:",
    ],
)
@pytest.mark.parametrize("body", _BODIES[:3])
@pytest.mark.parametrize("labels", _LABELS)
def test_every_lettered_part_under_a_recommending_lead_in_is_recommended(
    lead_in: str, body: str, labels: tuple[str, ...]
) -> None:
    got = outcomes(_listed(lead_in.format(body=body), labels, 3))
    assert len(got) == 3, got
    assert {o[2] for o in got} == {"recommended"}, got


@settings(max_examples=30, deadline=None)
@given(
    body=st.sampled_from(_BODIES),
    labels=st.sampled_from(_LABELS),
    count=st.integers(2, 3),
    gap=st.sampled_from(["\n", "\n\n", "\n\n\n"]),
)
def test_a_recommended_heading_covers_parts_after_blank_lines(
    body: str, labels: tuple[str, ...], count: int, gap: str
) -> None:
    """'RECOMMENDED:  1) That ...' then '2) That ...' further down: one block, all recommended."""
    pairs = zip(labels, _PARTS[:count], strict=False)
    rows = [f"{label}       {words}" for label, words in pairs]
    reason = "\n\nReason for Decision\n\nTo keep the depot open.\n"
    got = outcomes("RECOMMENDED:  " + (gap + "\n").join(rows) + reason)
    assert len(got) == count, got
    assert {o[2] for o in got} == {"recommended"}, got


@pytest.mark.parametrize(
    "sentence",
    [
        "That the Council be recommended to approve that the Director of Place be given "
        "authority to agree the lease.",
        "That {body} be recommended to adopt the revised depot lease.",
        "That it be recommended to {body} that the revised depot lease be approved.",
        "RESOLVED to recommend to {body} that the revised depot lease be approved.",
    ],
)
@pytest.mark.parametrize("label", ["Decision Made:", "Decision:", "Outcome:"])
def test_a_single_recommendation_after_a_decision_label_is_recommended(
    sentence: str, label: str
) -> None:
    reason = "\nReasons for Decision:\nTo keep the depot open.\n"
    got = outcomes(f"{label}\n{sentence.format(body='Council')}{reason}")
    assert got and {o[2] for o in got} == {"recommended"}, got


def test_a_part_that_says_otherwise_keeps_its_own_outcome() -> None:
    """Under a recommending lead-in, a part with its own marker or fate is what it says."""
    text = (
        "RESOLVED: That it be recommended to Council:\n"
        "(a) To approve the revised depot lease;\n"
        "(b) To agree the shared costs (WITHDRAWN).\n\n"
        "The meeting closed at 8.10 pm.\n"
    )
    got = {o[1]: o[2] for o in outcomes(text)}
    assert got == {"a": "recommended", "b": "withdrawn"}, got


def test_a_resolution_with_no_recommendation_stays_resolved() -> None:
    """The feature has teeth only where a recommendation is: a plain resolution is not moved."""
    got = outcomes(_listed("RESOLVED: That the Committee:", _LABELS[0], 3))
    assert {o[2] for o in got} == {"resolved"}, got


def test_a_recommendation_sentence_is_not_an_unfinished_motion() -> None:
    """'proposed changes' in the reasons after it is an adjective, not a motion moved."""
    text = (
        "Decision Made:\n"
        "That the Council be recommended to approve that the Cabinet Member be given powers "
        "to agree minor proposed changes to the depot plan.\n"
        "Reasons for Decision:\n"
        "So that only major proposed changes would have to be reported to full Council.\n"
    )
    assert outcomes(text) == [("7", "1", "recommended")]


# --------------------------------------------------------------------------- mid-resolution


@pytest.mark.parametrize(
    "resolution",
    [
        "RESOLVED that the Committee, having considered the report, recommends to {body} "
        "that the depot lease be approved.",
        "RESOLVED: That, having considered the responses, the Joint Committee recommend to "
        "{body} that the depot lease be renewed for five years.",
        "Decision Made:\nThe Cabinet recommends {body} to approve the depot lease.",
        "Outcome:\nThat the Committee recommends to {body} that the depot costs be shared.",
    ],
)
@pytest.mark.parametrize("body", ["Council", "each partner council", "the Executive"])
def test_a_resolution_whose_subject_recommends_is_recommended(resolution: str, body: str) -> None:
    got = outcomes(resolution.format(body=body) + "\n\nThe meeting closed at 8.10 pm.\n")
    assert got == [("7", "1", "recommended")], got


def test_a_numbered_recommendation_among_resolutions_is_the_only_one_recommended() -> None:
    text = (
        "RESOLVED:\n(1) That the report be noted.\n"
        "(2) That it be recommended to Council that the depot lease be approved.\n"
        "(3) That the Director be authorised to agree the final terms.\n\n"
        "The meeting closed at 8.10 pm.\n"
    )
    assert outcomes(text) == [
        ("7", "1", "noted"),
        ("7", "2", "recommended"),
        ("7", "3", "resolved"),
    ]


def test_a_recommendation_told_in_narrative_is_no_decision() -> None:
    """Without a decision label, 'The officer recommends Council to ...' is a report's words."""
    text = "The Head of Waste recommends Council to approve the depot lease.\n"
    with pytest.raises(GovLedgerError):
        outcomes(text)


# --------------------------------------------------------------------------- noted


@pytest.mark.parametrize("body", ["the Committee", "Cabinet", "the Joint Waste Committee"])
@pytest.mark.parametrize("label", ["Decision\n\n", "RESOLVED: ", "Decision:\n"])
def test_a_body_that_notes_in_the_subjunctive_has_noted(body: str, label: str) -> None:
    """'That the Committee note the work ...' records a noting, not a decision in force."""
    got = outcomes(f"{label}That {body} note the work of the depot team this year.\n")
    assert got == [("7", "1", "noted")], got


def test_a_body_that_notes_and_approves_has_resolved() -> None:
    got = outcomes("RESOLVED: That the Committee note the report and approve the depot lease.\n")
    assert got == [("7", "1", "resolved")], got


# --------------------------------------------------------------------------- conditions


_CONDITIONS = (
    "Commencement of development within three years",
    "Development in accord with the approved plans",
    "Details of ground levels to be submitted",
    "Hours of construction limited to weekdays",
)


@settings(max_examples=30, deadline=None)
@given(
    lead=st.sampled_from(
        [
            "RESOLVED\nThat the application be APPROVED subject to the following conditions:-",
            "RESOLVED - That planning permission be granted, subject to the following conditions:",
            "Decision:\nApproved subject to the following conditions:-",
        ]
    ),
    count=st.integers(2, 4),
    gap=st.sampled_from(["\n", "\n\n"]),
    later=st.booleans(),
)
def test_a_numbered_list_of_conditions_stays_inside_its_part(
    lead: str, count: int, gap: str, later: bool
) -> None:
    """'1. Commencement ...' under '... the following conditions:-' is neither an item nor
    a part: the permission is one part, its conditions among its words."""
    rows = gap.join(f"{n}. {words}" for n, words in enumerate(_CONDITIONS[:count], start=1))
    after = "\n\n8. Land at Mill Farm\n\nRESOLVED that the application be refused.\n"
    page = HEAD + "7. Land at Mill Lane\n\n" + lead + "\n" + rows + (after if later else "")
    draft = ingest_document(read_text(page), partnership="p").to_json()
    got = [tuple(o) for o in draft_entries(draft)["outcomes"]]
    assert got == [("7", "1", "resolved")] + ([("8", "1", "resolved")] if later else []), got
    words = " ".join(draft["items"][0]["parts"][0]["text"]["value"].split())
    assert all(condition in words for condition in _CONDITIONS[:count]), words


@pytest.mark.parametrize("word", ["Decisions", "Decision", "DECISIONS"])
@pytest.mark.parametrize("rest", ["Sought Under Delegated Authority", "Taken During the Recess"])
def test_a_title_naming_decisions_to_be_taken_is_no_resolution(word: str, rest: str) -> None:
    """'Decisions to be Sought ...' is the item's title; only the RESOLVED under it decides."""
    text = (
        f"{word} to be {rest} (TO FOLLOW)\n\nReport of the Depot Manager.\n\n"
        "RESOLVED – That delegated authority be granted to the Town Clerk for depot matters.\n"
    )
    assert outcomes(text) == [("7", "1", "resolved")]


@pytest.mark.parametrize(
    "fact",
    [
        "It was noted that the Council had agreed a cut of £2,000 in its grant to the depot.",
        "It was noted that the partners had been consulted on the depot's hours last year.",
    ],
)
def test_a_past_fact_told_in_narrative_is_no_decision(fact: str) -> None:
    """'It was noted that X had agreed ...' reports what happened; nothing is decided."""
    text = f"The Leader reported on the depot. {fact} The Leader thanked the staff.\n"
    with pytest.raises(GovLedgerError):
        outcomes(text)


def test_a_noting_told_in_narrative_is_still_noted() -> None:
    got = outcomes("It was noted that the depot report is published on the website.\n")
    assert got == [("7", "1", "noted")], got
