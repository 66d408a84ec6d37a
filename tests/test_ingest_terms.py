"""Conditions and delegations in the shapes real minutes print them (issue 18)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from govledger.events import ConditionKind
from govledger.ingest.conditions import condition_kind, find_conditions
from govledger.ingest.delegations import find_delegations, role_key


def _roles(text: str) -> list[tuple[list[str], list[str]]]:
    return [
        (
            sorted(role_key(t) for t, _, _ in d.delegates),
            sorted(role_key(t) for t, _, _ in d.consultees),
        )
        for d in find_delegations(text, 0, len(text))
    ]


def _kinds(text: str) -> list[str]:
    return [c.kind for c in find_conditions(text, 0, len(text))]


def test_conditional_upon_is_a_condition() -> None:
    text = "That, conditional upon Ashenby Borough Council agreeing to pay half, the Executive:"
    assert _kinds(text) == ["member_approval"]


def test_condition_kinds_of_real_shapes() -> None:
    assert condition_kind("subject to Lewmouth District Council confirming the appointment") == (
        "member_approval"
    )
    assert condition_kind("Subject to A, B and C passing resolutions to the same effect") == (
        "member_approval"
    )
    assert condition_kind("subject to the exit plan being signed by all three councils") == (
        "agreement_concluded"
    )
    assert condition_kind("subject to a lease being completed by 31 March 2021") == (
        "agreement_concluded"
    )
    assert condition_kind(
        "subject to the price being within the budget agreed by each council"
    ) == ("other")


def test_director_colon_title_is_one_role() -> None:
    text = (
        "That authority be delegated to the Director: Communities, in consultation with the "
        "Lead Member for Built Environment, to agree the revised partnership agreement."
    )
    assert _roles(text) == [(["director: communities"], ["lead member for built environment"])]


def test_officer_named_before_the_title() -> None:
    text = "authorises Graham Whitlow, Head of Regulatory Services, to transfer the staff;"
    assert _roles(text) == [(["head of regulatory services"], [])]


def test_a_second_clause_gives_the_subject() -> None:
    text = (
        "That a shared team be designed, and that the Head of Paid Service, in consultation "
        "with the Leaders of both councils, be authorised to consult staff."
    )
    assert _roles(text) == [(["head of paid service"], ["leader"])]
    text = "RECOMMENDS to Council that the Chief Executive be given authority to appoint them."
    assert _roles(text) == [(["chief executive"], [])]


def test_consultees_stop_where_no_title_follows() -> None:
    text = (
        "authority be delegated to the Director of Resources to complete the agreements, in "
        "consultation with the Cabinet Member for Corporate Services and on terms approved by "
        "the Borough Solicitor."
    )
    assert _roles(text) == [(["director of resources"], ["cabinet member for corporate services"])]
    text = (
        "delegates to the Head of Customer Services, in consultation with the Portfolio Holder "
        "for Customers, authority to agree the service level agreement."
    )
    assert _roles(text) == [(["head of customer services"], ["portfolio holder for customers"])]


def test_functions_already_delegated_are_no_delegation() -> None:
    text = (
        "To amend the scheme so that the functions delegated to the Joint Chief Executive are "
        "exercised by the Managing Director."
    )
    assert _roles(text) == []


_KINDS = {kind.value for kind in ConditionKind}


@given(
    lead=st.sampled_from(["subject to", "Subject to", "conditional upon", "conditional on"]),
    words=st.text(alphabet="abcdefghij KLMN,", min_size=3, max_size=60).filter(
        lambda w: w.strip(" ,") != ""
    ),
)
def test_every_condition_opens_with_its_words_and_has_a_kind(lead: str, words: str) -> None:
    text = f"That the service be approved, {lead} {words}."
    for found in find_conditions(text, 0, len(text)):
        assert found.kind in _KINDS
        assert text[found.start : found.end] == found.words
        assert found.words.lower().startswith(lead.lower())
