"""Votes in the shapes real minutes print them (issue 18, real18b; fictional councils,
own words): counts and positions in any order with some missing ("carried with 30 votes
for and 3 abstentions", "in favour with no votes against and one abstention"), and a
tally told in words beside the named lists of the same vote (one vote, not two)."""

from __future__ import annotations

import itertools
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from govledger.ingest import ingest_document, read_text
from govledger.ingest.evaluate import draft_entries
from govledger.ingest.tally import vote_in

HEAD = "Quenby Borough Council\n\nCouncil\n\nMinutes of the meeting held on 4 March 2024\n\n"


def votes(text: str) -> list[tuple[Any, ...]]:
    draft = ingest_document(read_text(HEAD + text), partnership="p").to_json()
    return sorted(draft_entries(draft)["votes"], key=repr)


def _pair(position: str, count: int, count_first: bool) -> str:
    words = {"for": "votes for", "against": "against", "abstain": "abstentions"}
    labels = {"for": "in favour", "against": "against", "abstain": "abstentions"}
    if count_first:
        return f"{count} {words[position]}"
    return f"{labels[position]}: {count}"


@settings(max_examples=60, deadline=None)
@given(
    counts=st.fixed_dictionaries(
        {},
        optional={
            "for": st.integers(10, 60),
            "against": st.integers(1, 9),
            "abstain": st.integers(1, 9),
        },
    ).filter(lambda c: len(c) >= 2),
    order=st.randoms(use_true_random=False),
    count_first=st.booleans(),
)
def test_a_tally_reads_the_same_whatever_the_order_of_its_counts(
    counts: dict[str, int], order: Any, count_first: bool
) -> None:
    pairs = [_pair(p, n, count_first) for p, n in counts.items()]
    order.shuffle(pairs)
    sentence = f"The motion was carried with {', '.join(pairs[:-1])} and {pairs[-1]}."
    vote = vote_in(sentence, 0)
    assert vote is not None
    got = (vote.in_favour, vote.against, vote.abstained)
    assert got == (counts.get("for"), counts.get("against"), counts.get("abstain"))


def test_votes_for_and_abstentions_with_no_count_against() -> None:
    text = (
        "31. Audit Committee Terms of Reference\n\n"
        "The recommendations were put to the vote and carried with 27 votes for and "
        "4 abstentions.\n\nRESOLVED - That the revised terms of reference be adopted.\n"
    )
    assert votes(text) == [("31", "", 27, None, 4, False, False)]


def test_in_favour_with_no_votes_against_and_one_abstention() -> None:
    text = (
        "12. Appointment of Vice-Chair\n\n"
        "Members voted in favour of the nomination with no votes against and one "
        "abstention.\n\nRESOLVED that Councillor Orme be appointed Vice-Chair.\n"
    )
    assert votes(text) == [("12", "", None, 0, 1, False, False)]


def test_one_count_alone_is_no_tally_unless_it_counts_votes() -> None:
    assert vote_in("The lease was agreed for 10 years against a rent review.", 0) is None
    assert vote_in("Members noted there were 40 in favour of the scheme.", 0) is None
    vote = vote_in("It was carried with 18 votes for.", 0)
    assert vote is not None and vote.in_favour == 18


def test_a_named_list_is_not_read_as_a_tally_of_its_own() -> None:
    text = (
        "8. Leisure Trust\n\nA recorded vote was taken as follows:\n\n"
        "For (5): Councillors Abel, Birch, Crane, Dale and Eyre.\n\n"
        "Against (2): Councillors Fox and Gale.\n\n"
        "RESOLVED that the leisure trust be wound up.\n"
    )
    assert votes(text) == [("8", "", 5, 2, None, False, False)]


def test_a_tally_in_words_and_its_named_lists_are_one_vote() -> None:
    names_for = ", ".join(f"Councillor{i}" for i in "ABCDEFG")
    text = (
        "19. Minutes\n\n"
        "Following a vote the minutes were declared a correct record by 7 votes to 3, "
        "with 1 abstention.\n\n"
        f"There voted for the minutes: Councillors {names_for} ........ 7\n\n"
        "There voted against the minutes: Councillors Hale, Irwin and Jude ........ 3\n\n"
        "There abstained from voting: Councillor Kemp ........ 1\n\n"
        "RESOLVED - That the minutes of the meeting held on 5 February 2024 be approved.\n"
    )
    assert votes(text) == [("19", "", 7, 3, 1, False, False)]


def test_two_different_votes_stay_two() -> None:
    text = (
        "20. Budget\n\n"
        "The amendment was lost by 4 votes to 9.\n\n"
        "For: Councillors Abel, Birch, Crane and Dale.\n"
        "Against: Councillors Eyre, Fox, Gale, Hale, Irwin, Jude, Kemp, Lane and Moss.\n\n"
        "The budget was then carried by 9 votes to 4.\n\n"
        "RESOLVED that the budget be approved.\n"
    )
    found = votes(text)
    assert len(found) >= 2
    assert {v[2:4] for v in found} >= {(9, 4)}


def test_permutations_of_three_pairs_in_prose() -> None:
    base = {"for": 21, "against": 6, "abstain": 2}
    for order in itertools.permutations(base):
        pairs = [_pair(p, base[p], True) for p in order]
        vote = vote_in(f"Carried, {pairs[0]}, {pairs[1]} and {pairs[2]}.", 0)
        assert vote is not None
        assert (vote.in_favour, vote.against, vote.abstained) == (21, 6, 2)
