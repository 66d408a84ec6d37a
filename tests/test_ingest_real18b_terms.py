"""Delegations and conditions in the grammar real decisions use (issue 18, real18b;
fictional councils, own words): the holder's title ends where what they are to do
begins, whatever word begins it ("Delegate to the Assistant Director (Law) approval of
any amendments"), a holder "to:" over a list, and consultees in lower case."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from govledger.ingest.delegations import find_delegations, role_key

TITLES = [
    "the Assistant Director (Legal and Democratic Services)",
    "the Head of Planning and Building Control",
    "the Section 151 officer",
    "the Strategic Director: Place",
    "the Chief Finance Officer",
    "the Lead Chief Executive",
]
TASKS = [
    "approval of any minor amendments to the agreement",
    "completion of the lease",
    "responsibility for agreeing the final terms",
    "finalising the service level agreement",
    "all decisions on the procurement",
]


@settings(max_examples=40, deadline=None)
@given(title=st.sampled_from(TITLES), task=st.sampled_from(TASKS))
def test_a_holder_then_a_task_in_lower_case_names_only_the_holder(title: str, task: str) -> None:
    text = f"(ii) Delegate to {title} {task}, to enable the agreement to be completed."
    found = find_delegations(text, 0, len(text))
    assert [role_key(d[0]) for f in found for d in f.delegates] == [role_key(title)]


@given(title=st.sampled_from(TITLES))
def test_a_holder_to_a_colon_over_a_list_is_the_holder(title: str) -> None:
    text = f"(b) To delegate authority to {title} to:\n- finalise the agreement;\n- sign it."
    found = find_delegations(text, 0, len(text))
    assert [role_key(d[0]) for f in found for d in f.delegates] == [role_key(title)]
    assert found[0].scope.startswith("finalise")


def test_a_title_with_lower_case_words_of_its_own_is_kept_whole() -> None:
    text = "That authority be delegated to the Head of Legal and Democratic Services to agree."
    (found,) = find_delegations(text, 0, len(text))
    assert found.delegates[0][0] == "the Head of Legal and Democratic Services"


def test_a_consultee_in_lower_case_before_the_authority_is_read() -> None:
    text = (
        "That the Director of Place, in consultation with the relevant cabinet member, "
        "be authorised to sign the agreement."
    )
    (found,) = find_delegations(text, 0, len(text))
    assert [role_key(c[0]) for c in found.consultees] == ["cabinet member"]


# ------------------------------------------------ conditions in other grammar


def _kinds(text: str) -> list[str]:
    from govledger.ingest.conditions import find_conditions

    return [c.kind for c in find_conditions(text, 0, len(text))]


@given(
    gate=st.sampled_from(
        [
            "once it has been finalised in accordance with the above procedure",
            "once the partner council has first been consulted",
            "on condition that the costs are shared equally",
            "subject to the budget being confirmed",
            "conditional on the staff consultation ending",
        ]
    )
)
def test_a_clause_that_gates_the_decision_is_a_condition(gate: str) -> None:
    assert len(_kinds(f"(c) To agree to sign the agreement {gate}.")) == 1


def test_once_without_a_step_done_is_no_condition() -> None:
    assert _kinds("(a) That the board meet once a quarter.") == []
    assert _kinds("(b) That the fee be paid at once to the partner council.") == []


def test_the_partners_approval_once_given_is_a_member_approval() -> None:
    text = "(2) That the agreement be signed once it has been approved by Kerrow District Council."
    assert _kinds(text) == ["member_approval"]
