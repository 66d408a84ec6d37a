"""Votes, conditions, delegations and dates in the clause shapes published pages use
(issue 18, real19b; fictional councils, our own words): a tally printed one position a
line with blank lines between, recorded-vote rows headed by their count ("FOR the
recommendation (9)"), "there were no abstentions", a motion's fate told after its
count, "provided that" gates, consultees named in the sentence after a grant, a body
as the holder of a delegation, and the date of minutes being confirmed (never the
decision date)."""

from __future__ import annotations

import time
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from govledger.ingest import ingest_document, read_text
from govledger.ingest.conditions import find_conditions
from govledger.ingest.date_roles import names_earlier_minutes, role_of
from govledger.ingest.dates import find_dates
from govledger.ingest.delegations import find_delegations, role_key
from govledger.ingest.evaluate import draft_entries
from govledger.ingest.line_tally import line_tallies
from govledger.ingest.motion_words import mover_and_seconder
from govledger.ingest.tally import vote_in
from govledger.ingest.votes import _Spans, find_motions, find_votes

HEAD = "Yarrowby District Council\n\nCabinet\n\nMinutes of the meeting held on 9 May 2024\n\n"


def entries(text: str, head: str = HEAD) -> dict[str, list[tuple[Any, ...]]]:
    draft = ingest_document(read_text(head + text), partnership="p").to_json()
    return draft_entries(draft)


# --------------------------------------------------------------------------- votes

_LABELS = {"for": "For", "against": "Against", "abstain": "Abstentions"}


@settings(max_examples=40, deadline=None)
@given(
    counts=st.fixed_dictionaries(
        {"for": st.integers(0, 60), "against": st.integers(0, 60)},
        optional={"abstain": st.integers(0, 9)},
    ),
    separator=st.sampled_from([": ", " - ", " "]),
    order=st.randoms(use_true_random=False),
)
def test_a_tally_one_position_a_line_between_blank_lines_is_one_vote(
    counts: dict[str, int], separator: str, order: Any
) -> None:
    lines = [f"{_LABELS[p]}{separator}{n}" for p, n in counts.items()]
    order.shuffle(lines)
    text = "The proposal was put to the vote, with this result:\n\n" + "\n\n".join(lines)
    found = find_votes(text, 0, len(text))
    assert len(found) == 1
    vote = found[0]
    got = (vote.in_favour, vote.against, vote.abstained)
    assert got == (counts["for"], counts["against"], counts.get("abstain"))


@given(counts=st.tuples(st.integers(0, 40), st.integers(0, 40), st.integers(0, 9)))
def test_a_voting_record_with_the_count_first_on_each_line(counts: tuple[int, int, int]) -> None:
    n_for, n_against, n_abstain = counts
    text = (
        f"Voting Record\n\n{n_for} For\n\n{n_against} Against\n\n"
        f"{n_abstain} Abstention{'s' if n_abstain != 1 else ''}"
    )
    (vote,) = find_votes(text, 0, len(text))
    assert (vote.in_favour, vote.against, vote.abstained) == counts


def test_tally_lines_without_blank_lines_are_left_to_the_sentence_reader() -> None:
    text = "For: 5\nAgainst: 2\nAbstentions: 1"
    assert line_tallies(text, 0, len(text)) == []
    (vote,) = find_votes(text, 0, len(text))
    assert (vote.in_favour, vote.against, vote.abstained) == (5, 2, 1)


def test_a_position_told_twice_starts_another_tally() -> None:
    text = "For: 4\n\nAgainst: 6\n\nFor: 7\n\nAgainst: 3"
    found = line_tallies(text, 0, len(text))
    assert [(v.in_favour, v.against) for v in found] == [(4, 6), (7, 3)]


def test_a_motions_fate_after_its_count_takes_that_count() -> None:
    text = (
        "Councillor Pell moved and Councillor Oduya seconded a proposal to take item 9 next.\n\n"
        "The proposal was put to the vote with the following result:\n\n"
        "For: 14\n\nAgainst: 19\n\nAbstentions: 2\n\n"
        "The proposal was not agreed and the meeting went on in the agenda's order."
    )
    (motion,) = find_motions(text, 0, len(text))
    assert motion.outcome == "lost"
    assert motion.vote is not None
    assert (motion.vote.in_favour, motion.vote.against, motion.vote.abstained) == (14, 19, 2)


def test_recorded_vote_rows_headed_by_their_count_with_names_below() -> None:
    text = (
        "A recorded vote was asked for under Standing Order 14. It was recorded as follows:\n\n"
        "FOR the recommendation (4)\n\n"
        "Amis, Brody, Carrow and Dene\n\n"
        "AGAINST the recommendation (2)\n\n"
        "Elm and Frost\n\n"
        "There were no abstentions.\n\n"
        "RESOLVED: That the leisure contract be extended for one year."
    )
    found = entries(text)["votes"]
    assert found == [("", "", 4, 2, 0, False, False)]


def test_recorded_vote_rows_with_a_dash_and_a_member_who_declined_to_vote() -> None:
    text = (
        "Councillor Amis moved, seconded by Councillor Brody, that the item be deferred.\n\n"
        "On a division, there voted:\n\n"
        "For the procedural motion (3) - Councillors Amis, Brody and Carrow.\n\n"
        "Against the procedural motion (5) - the Provost; and Councillors Dene, Elm, Frost "
        "and Gray.\n\n"
        "Declined to vote (1) - Councillor Hart.\n"
    )
    (vote,) = find_votes(text, 0, len(text))
    assert (vote.in_favour, vote.against, vote.abstained) == (3, 5, 1)
    assert ("Dene", "against") in vote.named
    assert all(not member.startswith("and ") for member, _ in vote.named)


@given(n_for=st.integers(1, 40), n_against=st.integers(0, 40))
def test_no_abstentions_in_words_counts_none(n_for: int, n_against: int) -> None:
    sentence = (
        f"The motion was carried by {n_for} votes in favour and {n_against} votes against "
        "with no abstentions."
    )
    vote = vote_in(sentence, 0)
    assert vote is not None
    assert (vote.in_favour, vote.against, vote.abstained) == (n_for, n_against, 0)


# --------------------------------------------------------------------------- conditions


def _kinds(text: str) -> list[str]:
    return [c.kind for c in find_conditions(text, 0, len(text))]


def test_provided_that_gates_a_decision() -> None:
    assert _kinds("To approve the scheme, provided that the grant is confirmed.") == ["other"]
    assert _kinds("To approve the works, provided the final costs do not exceed £2m.") == ["other"]


def test_provided_that_after_a_grant_is_the_grants_limit_not_a_condition() -> None:
    text = (
        "That the Head of Finance be authorised to accept the lowest tender, provided that "
        "it is within the approved budget."
    )
    assert _kinds(text) == []
    (delegation,) = find_delegations(text, 0, len(text))
    assert any("provided that" in limit for limit in delegation.limits)


def test_sign_off_through_governance_is_no_agreement_signed() -> None:
    text = (
        "To approve the allocation, subject to sign off through the capital governance "
        "process and agreement to proceed from the Director of Place."
    )
    assert _kinds(text) == ["other"]


def test_once_it_has_been_reads_its_kind_from_what_it_stands_for() -> None:
    assert _kinds("To sign the joint agreement once it has been finalised by officers.") == [
        "agreement_concluded"
    ]
    # the gate's own words name the kind: they win over the thing it stands for
    assert _kinds("To sign the joint agreement once it has been approved by Orme Council.") == [
        "member_approval"
    ]


# --------------------------------------------------------------------------- delegations


def _delegations(text: str) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    return [
        (
            tuple(sorted(role_key(r[0]) for r in d.delegates)),
            tuple(sorted(role_key(r[0]) for r in d.consultees)),
        )
        for d in find_delegations(text, 0, len(text))
    ]


def test_consultees_named_in_the_next_sentence() -> None:
    text = (
        "Delegate authority for approving the detailed plans to the Director of Place. "
        "Final approval will be subject to consultation with the Section 151 Officer and "
        "the Head of Legal Services."
    )
    assert _delegations(text) == [
        (("director of place",), ("head of legal services", "section 151 officer"))
    ]


def test_a_next_sentence_with_a_grant_of_its_own_lends_no_consultees() -> None:
    text = (
        "Delegate authority to the Director of Place to agree the plans. The Head of "
        "Finance be authorised, in consultation with the Leader, to release the funds."
    )
    found = _delegations(text)
    assert (("director of place",), ()) in found


def test_the_subject_is_delegated_to_do_something() -> None:
    text = "That the Executive Director Environment is delegated to authorise future drawdowns."
    assert _delegations(text) == [(("executive director environment",), ())]


def test_a_body_given_delegated_authority_by_another() -> None:
    text = "That delegated authority be given by Council to the Licensing Committee for fees."
    assert _delegations(text) == [(("licensing committee",), ())]


# --------------------------------------------------------------------------- dates


def test_the_date_of_minutes_being_confirmed_is_not_a_decision_date() -> None:
    for words in (
        "To confirm the minutes of the meeting held on 18 March 2021 as a correct record",
        "That the Minutes of the Council meeting held on 23 June 2011 be approved",
    ):
        (found,) = find_dates(words)
        assert names_earlier_minutes(words, found)
        assert role_of(words, found) == "other"
    own = "Minutes of the meeting of the Cabinet held on 5 May 2023"
    (found,) = find_dates(own)
    assert not names_earlier_minutes(own, found)
    assert role_of(own, found) == "decided"


def test_an_issue_page_titled_by_the_minutes_it_confirms_is_dated_by_its_decision() -> None:
    text = (
        "To confirm the minutes of the meeting held on 2 February 2022 as a correct record\n\n"
        "Issue - decisions\n\n"
        "14/04/2022 - To confirm the minutes of the meeting held on 2 February 2022\n\n"
        "RESOLVED: That the minutes of the meeting held on 2 February 2022 be confirmed.\n"
    )
    found = entries(text, head="")["dates"]
    assert ("", "", "decided", "2022-04-14", None) in found
    assert not any(d[2] == "decided" and d[3] == "2022-02-02" for d in found)


# --------------------------------------------------------------------------- hostile input


def test_a_long_run_of_tally_lines_is_read_in_linear_time() -> None:
    def cost(n: int) -> float:
        text = "\n\n".join("For: 1" if i % 2 else "Against: 2" for i in range(n))
        start = time.process_time()
        find_votes(text, 0, len(text))
        return time.process_time() - start

    small, large = cost(2_000), cost(8_000)
    assert large < 5.0
    assert large < 12 * max(small, 0.01)


@given(
    st.lists(st.tuples(st.integers(0, 60), st.integers(0, 20)), max_size=12),
    st.integers(-2, 90),
)
def test_the_span_index_holds_an_offset_as_a_scan_of_every_span_does(
    pairs: list[tuple[int, int]], offset: int
) -> None:
    spans = [(a, a + width) for a, width in pairs]  # overlapping and empty spans too

    assert _Spans(spans).holds(offset) == any(a <= offset < b for a, b in spans)


# --------------------------------------------------------------------------- second round


def test_consultation_after_a_grant_names_consultees_not_a_condition() -> None:
    granted = (
        "That authority be delegated to the Director of Place to agree the terms. Final "
        "approval will be subject to consultation with the Leader and the relevant ward member."
    )
    assert _kinds(granted) == []
    assert _delegations(granted) == [(("director of place",), ("leader", "ward member"))]
    gated = "That a new rota be adopted, subject to consultation with the trade unions."
    assert _kinds(gated) == ["other"]


def test_a_recorded_vote_rows_count_names_no_part() -> None:
    text = (
        "3 Car parking charges\n\n"
        "A recorded vote was taken.\n\n"
        "FOR the recommendation (5)\n\nAmis, Brody, Carrow, Dene and Elm\n\n"
        "AGAINST the recommendation (2)\n\nFrost and Gray\n\n"
        "RESOLVED:\n\n(1) That the charges be frozen for 2025/26.\n\n"
        "(2) That the pay and display machines be replaced.\n"
    )
    found = entries(text)["votes"]
    assert found == [("3", "", 5, 2, None, False, False)]


def _motions(text: str) -> list[tuple[Any, ...]]:
    draft = ingest_document(read_text(HEAD + text), partnership="p").to_json()
    return [
        (m["value"]["motion"], m["value"]["outcome"], m["value"]["mover"], m["value"]["seconder"])
        for item in draft["items"]
        for m in item.get("motions", [])
    ]


def test_a_motion_moved_that_the_report_be_approved_moves_the_resolution() -> None:
    text = (
        "7 Joint archive service\n\n"
        "Councillor Rae moved, seconded by Councillor Imrie, that the report be approved.\n\n"
        "Councillor Boyd moved as an amendment, seconded by Councillor Cairns, that the "
        "decision be deferred.\n\n"
        "The amendment was put to the vote and lost by 9 votes to 14.\n\n"
        "RESOLVED: That the joint archive service be approved.\n"
    )
    found = _motions(text)
    assert ("amendment", "lost", "Councillor Boyd", "Councillor Cairns") in found
    assert ("substantive", "carried", "Councillor Rae", "Councillor Imrie") in found


def test_a_long_dated_title_line_dates_the_decision() -> None:
    title = (
        "Joint revenues and benefits service: the next steps agreed by both of the partner councils"
    )
    text = (
        f"Issue - decisions\n\n{title}\n\n03/03/2023 - {title}\n\n"
        "RESOLVED: That the joint service continue.\n"
    )
    assert len(f"03/03/2023 - {title}") > 100
    assert ("", "", "decided", "2023-03-03", None) in entries(text, head="")["dates"]


_UNIT_WORDS = ["", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
_TEN_WORDS = {20: "twenty", 30: "thirty", 40: "forty", 50: "fifty", 60: "sixty", 70: "seventy"}


def _in_words(n: int) -> str:
    tens, unit = _TEN_WORDS[n - n % 10], _UNIT_WORDS[n % 10]
    return f"{tens}-{unit}" if unit else tens


@given(n_for=st.integers(20, 79), n_against=st.integers(20, 79))
def test_counts_in_compound_words_are_read_whole(n_for: int, n_against: int) -> None:
    sentence = f"The motion was carried by {_in_words(n_for)} votes to {_in_words(n_against)}."
    vote = vote_in(sentence, 0)
    assert vote is not None
    assert (vote.in_favour, vote.against) == (n_for, n_against)


@given(
    mover_title=st.sampled_from(["Mr", "Mrs", "Ms", "Miss", "Dr", "Councillor", "Cllr Mrs"]),
    seconder_title=st.sampled_from(["Mr", "Mrs", "Ms", "Dr", "Councillor Dr"]),
)
def test_movers_and_seconders_titled_mr_mrs_ms_dr(mover_title: str, seconder_title: str) -> None:
    for words in (
        f"It was proposed by {mover_title} Hale, seconded by {seconder_title} Pike and",
        f"{mover_title} Hale proposed the motion and {seconder_title} Pike seconded it.",
        f"Moved: {mover_title} Hale; Seconded: {seconder_title} Pike",
    ):
        mover, seconder = mover_and_seconder(words)
        assert mover == f"{mover_title} Hale"
        assert seconder == f"{seconder_title} Pike"
