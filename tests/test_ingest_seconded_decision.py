"""A decision introduced by who proposed and seconded it (issue 18): "The Leader,
Councillor A B proposed and the Deputy Leader, Councillor C D seconded the unanimous
Decision -", then numbered parts. The narrative above the sentence is no decision.
Fictional councils, own words."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ingest_helpers import entries

_PAGE = (
    "Decision details\n\nShared revenues service\n\nDecision Maker: Council\n\n"
    "Decisions:\n\n"
    "The Cabinet Member for Resources introduced the report on a shared revenues service.\n\n"
    "Members noted that the two councils already share a Head of Finance.\n\n"
    "{mover} proposed and {seconder} seconded the{unanimous} {word} {dash}\n\n"
    "1.    To approve the business case for a shared revenues service with Orrin Vale\n\n"
    "2.    The transfer of the revenues team to the host council from 1 April 2021.\n\n"
    "3.    The joint board set out in the report.\n\n"
    "Publication date: 03/12/2020\n\nDate of decision: 17/11/2020\n"
)


@given(
    mover=st.sampled_from(
        ["The Leader, Councillor Ann Pryce", "Councillor Pryce", "The Cabinet Member, Cllr Rowe"]
    ),
    seconder=st.sampled_from(["the Deputy Leader, Councillor Tom Hale", "Councillor Hale"]),
    unanimous=st.sampled_from(["", " unanimous"]),
    word=st.sampled_from(["Decision", "DECISION"]),
    dash=st.sampled_from(["–", "-", ":"]),
)
def test_a_seconded_decision_opens_its_numbered_parts(
    mover: str, seconder: str, unanimous: str, word: str, dash: str
) -> None:
    text = _PAGE.format(mover=mover, seconder=seconder, unanimous=unanimous, word=word, dash=dash)

    # the three numbered parts are the decision; "Members noted ..." above is narrative
    assert entries(text) == [("", "1", "resolved"), ("", "2", "resolved"), ("", "3", "resolved")]
