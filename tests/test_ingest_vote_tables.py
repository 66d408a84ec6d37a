"""Votes printed the ways real minutes print them (issue 18, held-out set 3's misses, in
the project's own words and fictional councils): "Voting Record / 6 For / 0 Against"
lines, recorded-vote tables of names and counts, the amendment's recorded vote then the
substantive motion's, a vote called and its figures printed after it, a tie told in
words, a word "unanimously" quoted from earlier minutes, a tally cut by a page break,
one sentence voting on some parts one way and another part another way, and a vote on an
amendment that names the part it would change."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from govledger.ingest import ingest_document, read_text
from govledger.ingest.votes import find_votes


def entries(text: str) -> dict[str, list[tuple[Any, ...]]]:
    from govledger.ingest.evaluate import draft_entries

    draft = ingest_document(read_text(text), partnership="p").to_json()
    return {kind: sorted(found, key=repr) for kind, found in draft_entries(draft).items()}


def counts(text: str) -> list[tuple[int | None, int | None, int | None]]:
    return [(v.in_favour, v.against, v.abstained) for v in find_votes(text, 0, len(text))]


HEAD = "Marsh End Borough Council\n\nCouncil\n\nMinutes of the meeting held on 4 March 2024\n\n"
PARTS = (
    "RESOLVED:\n\n(1) That the shared parking service with Fordham be continued.\n\n"
    "(2) That the Head of Finance be authorised to agree the fees.\n"
)


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 60), st.integers(0, 60), st.integers(0, 9), st.sampled_from(["", "        "]))
def test_counts_printed_before_their_positions_are_read_in_order(
    f: int, a: int, ab: int, indent: str
) -> None:
    text = f"{indent}Voting Record\n{indent}{f} For\n{indent}{a} Against\n{indent}{ab} Abstention\n"

    assert counts(text) == [(f, a, ab)]


SURNAMES = ["Abara", "Bellis", "Cairns", "Dunmore", "Eames", "Fenn", "Gatenby", "Hurst", "Ng"]


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.sampled_from(SURNAMES), min_size=1, max_size=6, unique=True),
    st.lists(st.sampled_from(SURNAMES), min_size=1, max_size=6, unique=True),
    st.integers(0, 3),
)
def test_a_recorded_vote_table_counts_its_count_cells(
    yes: list[str], no: list[str], abstained: int
) -> None:
    def row(position: str, names: list[str], count: int) -> str:
        members = ", ".join(f"J {n}" for n in names) if names else "None"
        return f"{position} {members} {count} \n"

    text = (
        "A recorded vote was taken on the amendment.\nMotion status: Rejected\n"
        "Vote Councillors Count \n"
        + row("For", yes, len(yes))
        + row("Against", no, len(no))
        + row("Abstain", SURNAMES[:abstained], abstained)
        + "The amendment was therefore lost.\n"
    )

    assert counts(text) == [(len(yes), len(no), abstained)]


def test_the_amendments_recorded_vote_and_the_motions_are_two_votes() -> None:
    text = (
        f"{HEAD}14. Budget\n\nCouncillor Ruddock moved and Councillor Sayle seconded an "
        "amendment to cut the partnership budget.\n\nA recorded vote was taken on the "
        "amendment:\n\nFOR the amendment (3): Councillors Ruddock, Sayle and Tapp.\n\n"
        "AGAINST the amendment (5): Councillors Abney, Bunce, Clegg, Dimmer and Eke.\n\n"
        "The amendment was LOST.\n\nA recorded vote was then taken on the substantive "
        "motion:\n\nFOR (5): Councillors Abney, Bunce, Clegg, Dimmer and Eke.\n\n"
        "AGAINST (2): Councillors Ruddock and Sayle.\n\nABSTAINED (1): Councillor Tapp.\n\n" + PARTS
    )

    assert [v[2:5] for v in entries(text)["votes"]] == [(3, 5, None), (5, 2, 1)]


def test_a_vote_called_then_its_lines_printed_is_one_vote() -> None:
    text = (
        f"{HEAD}15. Order of business\n\nThe proposal was put to the vote, with the "
        "following result:\n\nFor: 4\nAgainst: 11\nAbstention: 2\n\nThe proposal was not "
        "agreed.\n"
    )

    assert entries(text)["votes"] == [("15", "", 4, 11, 2, False, False)]


def test_a_vote_with_its_own_result_is_not_joined_to_the_next_figures() -> None:
    text = (
        "After debate a vote was taken on the amendment, which was not carried.\n\n"
        "The motion was then carried by 24 votes to 9.\n"
    )

    assert counts(text) == [(None, None, None), (24, 9, None)]


def test_a_tie_told_in_words_is_a_tied_vote() -> None:
    text = (
        f"{HEAD}1. Election of Chair\n\nCouncillors Aske and Brabin were nominated. On a "
        "show of hands there were four votes for each nomination, and the Vice-Chair gave "
        "her casting vote for Councillor Aske.\n\nRESOLVED that Councillor Aske be elected "
        "Chair.\n"
    )

    assert entries(text)["votes"] == [("1", "", 4, 4, None, False, True)]


def test_a_quoted_word_from_earlier_minutes_is_no_vote() -> None:
    text = (
        'The minutes were confirmed, subject to the deletion of the word "unanimously" '
        "from minute 26, and signed.\n"
    )

    assert counts(text) == []


def test_a_tally_cut_by_a_page_break_is_read_whole() -> None:
    text = (
        "On being put to the vote there were 4 votes for\n\n"
        "Marsh End BC - Scrutiny Committee - 08.12.15   Page 1 of 2\n"
        "       and 4 against. The Chairman used his casting vote against the motion.\n"
    )

    assert counts(text)[0] == (4, 4, None)


def test_some_parts_carried_unanimously_and_one_by_figures_each_get_their_vote() -> None:
    text = (
        f"{HEAD}41. Shared Revenues\n\nOn being put to the vote, recommendations (1) and (3) "
        "were carried unanimously and recommendation (2) was carried by 6 votes to 2, with "
        "1 abstention.\n\nRESOLVED:\n\n(1) That the shared service be established.\n\n"
        "(2) That the post of Revenues Manager be deleted.\n\n"
        "(3) That the Director be authorised to agree the terms.\n"
    )

    assert entries(text)["votes"] == [
        ("41", "1", None, None, None, True, False),
        ("41", "2", 6, 2, 1, False, False),
        ("41", "3", None, None, None, True, False),
    ]


def test_a_sentence_naming_parts_with_one_vote_is_not_split() -> None:
    text = "Recommendations (1) and (2) were carried by 5 votes to 1.\n"

    assert counts(text) == [(5, 1, None)]


def test_a_vote_on_an_amendment_naming_a_part_is_the_items() -> None:
    text = (
        f"{HEAD}16. Motion on notice\n\nCouncillor Kirkby moved and Councillor Lusk seconded "
        "an amendment to delete part (2). A vote was taken on the amendment, which was not "
        "carried.\n\nThe motion was then carried by 24 votes to 9.\n\n" + PARTS
    )

    votes = entries(text)["votes"]
    assert ("16", "", None, None, None, False, False) in votes
    assert all(v[1] == "" for v in votes)


def test_an_indented_narrative_sentence_decides_its_item() -> None:
    """PDF text indents the minutes' body: "The Executive noted ..." at an indented
    line's start is the item's decision, as it is flush left."""
    text = (
        f"{HEAD}41. Shared Revenues\n\n        RESOLVED that the report be approved.\n\n"
        "42.     FORWARD PLAN\n\n        The Council noted the Forward Plan for October 2016 "
        "to\n        January 2017.\n"
    )

    assert entries(text)["outcomes"] == [("41", "1", "resolved"), ("42", "1", "noted")]


def test_a_vote_in_a_heading_printed_twice_is_read_once() -> None:
    text = (
        f"{HEAD}31. Shared Management\n\nOn a motion from Councillor Gale it was\n\n"
        "RESOLVED (unanimously)\n\nRESOLVED (unanimously)\n\n(1) To NOTE the report.\n\n"
        "(2) To ASK the Chief Executive to prepare options.\n"
    )

    assert entries(text)["votes"] == [("31", "", None, None, None, True, False)]


def test_two_votes_in_a_row_with_different_words_are_both_read() -> None:
    text = "The amendment was carried unanimously.\n\nThe motion was carried unanimously.\n"

    assert len(find_votes(text, 0, len(text))) == 2


def test_there_voted_lists_dotted_out_to_their_counts_are_one_recorded_vote() -> None:
    text = (
        "A recorded vote having been requested, there voted for the amendment:\n\n"
        "Councillors Dray, Eason and\nHulme ........................................  3\n\n"
        "There voted against the amendment:\n\nCouncillors Abney, Farrow, Gill and Oakley "
        "................  4\n\nThere abstained from voting:\n\nCouncillor Bright ..........  1\n\n"
        "The amendment was declared LOST.\n"
    )

    assert counts(text) == [(3, 4, 1)]


def test_a_named_list_running_over_a_page_break_counts_every_member() -> None:
    text = (
        "A recorded vote was taken on the recommendations:\n\n"
        "FOR: Councillors Abbott, Bevan, Clegg,\n      Dunne and Ellis.\n\n"
        "AGAINST: Councillors Quirke, Royle and\n\n"
        "Marsh End Council - 8 July 2020                Page 1 of 2\n"
        "Marsh End Council - 8 July 2020\n\n      Kaye.\n\n"
        "ABSTAIN: Councillor Underwood.\n"
    )

    assert counts(text) == [(5, 3, 1)]


def test_a_tally_cut_by_a_footer_and_a_running_header_is_read_whole() -> None:
    text = (
        "On a show of hands there voted 4 for\n\n"
        "Marsh End Joint Committee - 4 March 2021      Page 1 of 2\n"
        "Marsh End Joint Committee - 4 March 2021\n\n"
        "      and 2 against, with 1 abstention.\n"
    )

    assert counts(text) == [(4, 2, 1)]


def test_a_voting_record_line_per_decision_gives_each_decision_its_vote() -> None:
    text = (
        f"{HEAD}22. Shared HR\n\nDecision\n\n1.  That the shared service be joined.\n\n"
        "2.  That the Head of HR be given delegated authority to agree the transfer.\n\n"
        "Voting Record\nDecision 1: For 5; Against 2; Abstain 0\n"
        "Decision 2: For 7; Against 0; Abstain 0\n"
    )

    assert entries(text)["votes"] == [
        ("22", "1", 5, 2, 0, False, False),
        ("22", "2", 7, 0, 0, False, False),
    ]


def test_an_amendment_carried_then_the_substantive_motion_are_two_votes() -> None:
    text = (
        "On being put to the vote the amendment was carried by 20 votes to 14 and became the "
        "substantive motion, which was then carried by 21 votes to 13, with 4 abstentions.\n"
    )

    assert counts(text) == [(20, 14, None), (21, 13, 4)]


def test_a_voting_record_count_line_is_no_item_heading() -> None:
    text = (
        f"{HEAD}52. Shared Audit\nRESOLVED that the shared audit service be continued.\n"
        "Voting Record\n6 For\n0 Against\n1 Abstention\n53. Car Parking\n"
        "RESOLVED that the report be noted.\n"
    )

    found = entries(text)
    assert found["votes"] == [("52", "", 6, 0, 1, False, False)]
    assert [p[0] for p in found["parts"]] == ["52", "53"]
