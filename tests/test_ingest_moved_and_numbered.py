"""Shapes of real minutes (fictional councils, own words) that the parser read wrongly:
a resolution moved and seconded ("It was moved by A, seconded by B and RESOLVED"), an
item decided only by a motion's fate, parts "1) ... be authorised ...; and" taken for
item headings, a page title "Decision - ..." and minutes' paragraph numbers ("17.3
RESOLVED: That ...")."""

from __future__ import annotations

from typing import Any

import pytest

from govledger.ingest.errors import IngestError
from govledger.ingest.evaluate import draft_entries, model_draft_entries
from govledger.ingest.votes import find_votes
from ingest_helpers import draft


def motions(text: str) -> list[dict[str, Any]]:
    return [m["value"] for item in draft(text)["items"] for m in item["motions"]]


def outcomes(text: str) -> list[tuple[Any, ...]]:
    return sorted(draft_entries(draft(text))["outcomes"], key=repr)


HEAD = "Finance Committee\n\nMinutes of the meeting held on 8 March 2022\n\n"


# ------------------------------------------------ a resolution moved by a named member


@pytest.mark.parametrize(
    "moved",
    [
        "It was moved by Councillor Ashdown, seconded by Councillor Prynne and\n\nRESOLVED - ",
        "It was moved by Councillor Ashdown seconded by Councillor Prynne and RESOLVED: ",
        "Proposed by Cllr Ashdown, seconded by Cllr Prynne, it was\n\nRESOLVED that ",
        "On the motion of Councillor Ashdown, seconded by Councillor Prynne, it was\n\n"
        "RESOLVED that ",
        "On a motion from Councillor Ashdown seconded by Councillor Prynne it was\n\n"
        "RESOLVED (unanimously) that ",
        "Councillor Ashdown moved and Councillor Prynne seconded the recommendation.\n\n"
        "RESOLVED that ",
    ],
)
def test_a_resolution_moved_and_seconded_is_a_motion_carried(moved: str) -> None:
    text = f"{HEAD}7. Shared Audit Plan\n\n{moved}the shared audit plan for 2022/23 be approved.\n"

    found = motions(text)

    assert [(m["motion"], m["purpose"], m["outcome"]) for m in found] == [
        ("substantive", "decide", "carried")
    ]
    assert "Ashdown" in found[0]["mover"] and "Prynne" in found[0]["seconder"]


@pytest.mark.parametrize(
    "after",
    [
        "(Proposed by Councillor Lisle, seconded by Councillor Grant)",
        "Proposer: Councillor Lisle\nSeconder: Councillor Grant",
    ],
)
def test_the_mover_printed_after_the_resolution(after: str) -> None:
    text = (
        f"{HEAD}7. Joint Procurement\n\nRESOLVED that the joint procurement strategy be "
        f"adopted.\n\n{after}\n\n8. Date of Next Meeting\n\nThe next meeting is on 5 May.\n"
    )

    found = motions(text)

    assert [(m["outcome"], m["mover"], m["seconder"]) for m in found] == [
        ("carried", "Councillor Lisle", "Councillor Grant")
    ]


def test_moved_and_seconded_with_no_names_is_still_a_motion() -> None:
    text = (
        f"{HEAD}7. Shared Audit Plan\n\nThe recommendations were moved and seconded and it was\n\n"
        "RESOLVED that the shared audit plan be approved.\n"
    )

    found = motions(text)

    assert [(m["outcome"], m["mover"], m["seconder"]) for m in found] == [("carried", None, None)]


def test_a_quoted_motion_the_resolution_does_not_repeat_is_not_the_one_carried() -> None:
    text = (
        f"{HEAD}3. Minutes\n\nIt was moved by Councillor Stroud, seconded by Councillor Peel,\n\n"
        '"That the minutes of the meeting held on 2 February 2022 are not a correct record."\n\n'
        "Following a vote the minutes were declared a correct record by 20 votes to 9.\n\n"
        "Resolved - That the minutes of the meeting held on 2 February 2022 be approved as a "
        "correct record.\n"
    )

    assert not [m for m in motions(text) if m["outcome"] == "carried"]


def test_an_amendment_moved_before_the_resolution_is_not_the_motion_carried() -> None:
    text = (
        f"{HEAD}7. Shared Audit Plan\n\nCouncillor Reed moved an amendment to add a review "
        "of the fees, seconded by Councillor Yeo.\n\nRESOLVED that the shared audit plan be "
        "approved.\n"
    )

    assert not [m for m in motions(text) if m["outcome"] == "carried"]


def test_a_mover_whose_own_sentence_states_its_fate_moved_no_resolution() -> None:
    text = (
        f"{HEAD}7. Shared Audit Plan\n\nCouncillor Marr moved that the plan be approved, "
        "seconded by Councillor Lowe, and on a show of hands the motion was carried. A "
        "further point, proposed by Councillor Tait as an addition, was agreed.\n\n"
        "RESOLVED that the shared audit plan be approved.\n"
    )

    found = motions(text)

    assert [(m["outcome"], m["mover"]) for m in found] == [("carried", "Councillor Marr")]


def test_the_movers_are_scored_by_surname() -> None:
    text = (
        f"{HEAD}7. Shared Audit Plan\n\nIt was moved by Councillor Ashdown, seconded by "
        "Councillor Prynne and\n\nRESOLVED - That the shared audit plan be approved.\n"
    )

    entries = model_draft_entries(draft(text))

    assert entries["movers"] == [("7", "ashdown", "prynne")]


# ----------------------------------------------- an item decided only by a motion's fate


def test_a_motion_to_adjourn_declared_lost_is_the_items_decision() -> None:
    text = (
        f"{HEAD}9.\n\nMotion to Adjourn\n\nMinutes:\n\nIt was moved by Councillor Frome and "
        "seconded by Councillor Iles that the meeting be adjourned so that the late paper "
        "could be read.\n\nUpon being put to the vote, the motion was declared lost.\n\n"
        "10.\n\nShared Audit Plan\n\nRESOLVED that the shared audit plan be approved.\n"
    )

    data = draft(text)

    assert sorted(draft_entries(data)["outcomes"], key=repr) == [
        ("10", "1", "resolved"),
        ("9", "1", "lost"),
    ]
    assert draft_entries(data)["votes"] == [("9", "", None, None, None, False, False)]
    assert [
        (m["value"]["motion"], m["value"]["purpose"], m["value"]["outcome"])
        for m in data["items"][0]["motions"]
    ] == [("procedural", "adjourn", "lost")]


def test_a_proposal_not_agreed_after_a_tally_is_lost() -> None:
    text = (
        "Council - 4 July 2012\n\nItem 39 Order of Business\n\nCouncillor Pike moved and "
        "Councillor Rowe seconded a proposal to take the shared depot item next.\n\n"
        "The proposal was put to the vote, with this result:\nFor: 21\nAgainst: 30\n"
        "Abstention: 2\n\nThe change was not agreed and the agenda order was kept.\n"
    )

    data = draft(text)

    assert draft_entries(data)["outcomes"] == [("39", "1", "lost")]
    assert draft_entries(data)["votes"] == [("39", "", 21, 30, 2, False, False)]


def test_an_item_with_only_an_amendment_lost_is_still_refused() -> None:
    text = (
        "Council - 4 July 2012\n\nItem 40 Shared Depot\n\nCouncillor Pike moved an amendment "
        "to delay the depot. The amendment was lost.\n"
    )

    with pytest.raises(IngestError):
        draft(text)


# --------------------------------------------------- parts that look like item headings


def test_parts_that_run_on_are_not_item_headings() -> None:
    text = (
        "Cabinet - 11 September 2014\n\n"
        "153 Work for Partner Councils\n\nThe report was presented.\n\nRESOLVED that:\n\n"
        "1)    Heads of Service be authorised to approve work for partner councils up to "
        "£15,000 for each contract; and\n\n"
        "2)    Heads of Service be authorised to set the charges for that work; and\n\n"
        "3)    A report on progress be brought back to Cabinet in due course.\n"
    )

    found = outcomes(text)

    assert found == [("153", "1", "resolved"), ("153", "2", "resolved"), ("153", "3", "resolved")]
    assert len(draft_entries(draft(text))["delegations"]) == 2


def test_numbered_item_headings_in_order_stay_items() -> None:
    text = (
        "Cabinet - 11 September 2014\n\n"
        "1 Minutes\n\nRESOLVED that the minutes be approved.\n\n"
        "2 Shared Services Board Terms of Reference\n\nRESOLVED that the terms be agreed.\n"
    )

    assert outcomes(text) == [("1", "1", "resolved"), ("2", "1", "resolved")]


# ------------------------------------------------------- "Decision - <title>" is a title


def test_a_decision_page_title_is_not_a_decision() -> None:
    text = (
        "Decision - Extending Shared Revenues\n\nDecision details\n\nExtending Shared "
        "Revenues\n\nDecision Maker: Council\n\nDecisions:\n\nThe Leader proposed and the "
        "Deputy Leader seconded the unanimous Decision -\n\n"
        "1.    To approve the shared revenues business case.\n\n"
        "2.    To approve the shared governance model.\n\n"
        "Date of decision: 17/09/2019\n"
    )

    assert outcomes(text) == [("", "1", "resolved"), ("", "2", "resolved")]
    assert [m["outcome"] for m in motions(text)] == ["carried"]


# ------------------------------------------------- paragraph numbers: "17.3 RESOLVED: That"


def test_a_paragraph_number_before_resolved() -> None:
    text = (
        "Planning Committee - 3 March 2021\n\n17. Shared Planning Enforcement\n\n"
        "17.1 The Head of Planning introduced the report.\n\n"
        "17.2 Members asked about the costs.\n\n"
        "17.3 RESOLVED: That the joint enforcement arrangement with Marsh Vale District "
        "Council be approved.\n\n"
        "17.4 The Chair thanked the officers.\n\n"
        "18. Shared Legal Services\n\n18.1 RESOLVED that:\n\n"
        "(a) the legal services agreement be extended to 31 March 2023; and\n\n"
        "(b) the Head of Legal be authorised to sign the variation.\n"
    )

    # the paragraph number of a one-part resolution is the minute's, not a part's label:
    # the resolution is part 1 (the corpus README's labelling calls, seventh set)
    assert outcomes(text) == [
        ("17", "1", "resolved"),
        ("18", "a", "resolved"),
        ("18", "b", "resolved"),
    ]


def test_a_minutes_paragraphs_are_not_an_unheaded_list() -> None:
    text = (
        "DECISIONS made by the Leader on 25 May 2017\n\n"
        "17    Delegation of Executive Functions\n\n"
        "17.1  The Leader considered a report on the delegations for the shared services.\n\n"
        "DECISIONS\n\n17.2  The Leader RESOLVED to:\n\n"
        "(1) agree the delegation of executive functions at Appendix 2; and\n\n"
        "(2) agree the officer scheme of delegation at Appendix 3.\n\n"
        "REASONS\n\n17.3  The Constitution requires a record of the delegations.\n"
    )

    assert outcomes(text) == [("17", "1", "resolved"), ("17", "2", "resolved")]


# ------------------------------------------------------------------ votes in other words


@pytest.mark.parametrize(
    ("words", "counts"),
    [
        ("The motion was carried 8-3.", (8, 3, None)),
        ("Carried (7:2:1)", (7, 2, 1)),
        (
            "The minutes were declared correct by 20 votes, to 8 votes, with 2 abstentions.",
            (20, 8, 2),
        ),
        ("There voted for the motion 12, against 9, with 1 abstention.", (12, 9, 1)),
        ("The motion was carried, 9 voting in favour and 3 against.", (9, 3, None)),
        ("The amendment was declared lost, 14 Members voting for and 20 against.", (14, 20, None)),
        ("9 Members voted in favour, 3 against and 2 abstained.", (9, 3, 2)),
        ("Voting: For 5; Against 4; Abstain 0", (5, 4, 0)),
        ("The motion was carried by a majority.", (None, None, None)),
        ("Upon a show of hands the motion was carried.", (None, None, None)),
    ],
)
def test_a_tally_in_other_words(words: str, counts: tuple[int | None, ...]) -> None:
    found = find_votes(words, 0, len(words))

    assert [(v.in_favour, v.against, v.abstained) for v in found] == [counts]


def test_a_vote_on_a_range_of_recommendations_covers_each() -> None:
    text = (
        f"{HEAD}4. Shared Legal Service\n\nRecommendation (1) was carried by 5 votes to 2. "
        "Recommendations (2) to (4) were agreed unanimously.\n\nRESOLVED:\n\n"
        "(1) That the shared legal service be set up.\n(2) That it be hosted by Wyvern.\n"
        "(3) That its costs be shared equally.\n(4) That the Head of Legal be its manager.\n"
    )

    votes = sorted(draft_entries(draft(text))["votes"], key=repr)

    assert votes == [
        ("4", "1", 5, 2, None, False, False),
        ("4", "2", None, None, None, True, False),
        ("4", "3", None, None, None, True, False),
        ("4", "4", None, None, None, True, False),
    ]


def test_a_members_vote_against_is_one_against_unless_the_tally_is_printed() -> None:
    alone = (
        f"{HEAD}4. Shared Legal Service\n\nCouncillor Dunn could not support recommendation "
        "(2) and asked for her vote against it to be recorded. The other recommendations "
        "were agreed unanimously.\n\nRESOLVED:\n\n(1) That the shared legal service be set "
        "up.\n(2) That it be hosted by Wyvern.\n"
    )
    counted = alone.replace(
        "The other recommendations",
        "Recommendation (2) was carried by 6 votes to 1. The other recommendations",
    )

    assert sorted(draft_entries(draft(alone))["votes"], key=repr) == [
        ("4", "1", None, None, None, True, False),
        ("4", "2", None, 1, None, False, False),
    ]
    assert sorted(draft_entries(draft(counted))["votes"], key=repr) == [
        ("4", "1", None, None, None, True, False),
        ("4", "2", 6, 1, None, False, False),
    ]


# ------------------------------------------------------------- the meeting's own date


def test_a_date_in_the_items_narrative_is_not_the_meetings() -> None:
    text = (
        "HOLME DISTRICT COUNCIL\nCABINET  8 JULY 2010\n\n45   SHARED SERVICES BOARD\n\n"
        "The minutes of the Shared Services Board held on 24 June 2010\nwere submitted.\n\n"
        "(a)  that the minutes be noted; and\n(b)  that the shared payroll be approved.\n"
    )

    assert draft(text)["meeting"]["decided"]["value"]["latest"] == "2010-07-08"


def test_minutes_of_earlier_meetings_do_not_date_this_one() -> None:
    text = (
        "Agenda item\n\nMinutes - 12th April, 2011 and 3rd May 2011\n\nMinutes:\n\n"
        'It was moved by Councillor Lamb,\nSeconded by Councillor Tuck,\n\n "That the Minutes '
        'of the meeting held on 3rd May, 2011 are not a correct record."\n\n'
        "Resolved - That the Minutes of the meetings held on 12th April, 2011 and 3rd May, "
        "2011 be approved as a correct record.\n"
    )

    assert draft(text)["meeting"]["decided"] is None


def test_a_start_date_of_is_an_effective_date() -> None:
    text = (
        f"{HEAD}5. Shared Payroll\n\nRESOLVED that the shared payroll service, with a start "
        "date of 1 July 2022, be approved.\n"
    )

    dates = draft_entries(draft(text))["dates"]

    assert ("5", "1", "effective", "2022-07-01", None) in dates


def test_with_immediate_effect_is_effective_from_the_decision_date() -> None:
    text = (
        "Decision details\n\nShared Customer Services\n\nDecision Maker: Leader of the Council\n\n"
        "Decision:\n\n1. To close the shared contact centre to visitors with immediate effect.\n"
        "2. To report this decision to the next meeting of the Council.\n\n"
        "Date of decision: 03/04/2020\n"
    )

    dates = draft_entries(draft(text))["dates"]

    assert ("", "1", "effective", "2020-04-03", None) in dates


# -------------------------------------------------------------- call-in and the movers


@pytest.mark.parametrize(
    ("maker", "exemption"),
    [
        ("Managing Director", "officer_decision"),
        ("Head of Legal and Democratic Services", "officer_decision"),
        ("Cabinet Member for Resources", "other"),
        ("Leader of the Council", "other"),
    ],
)
def test_a_decision_made_by_an_officer_is_exempt_from_call_in_as_such(
    maker: str, exemption: str
) -> None:
    text = (
        f"Decision details\n\nShared Delegation Scheme\n\nDecision Maker: {maker}\n\n"
        "Is subject to call in?: No\n\nDecision:\n\n1. To amend the shared delegation scheme.\n\n"
        "Date of decision: 06/03/2020\n"
    )

    assert draft(text)["meeting"]["call_in_exemption"]["value"] == exemption


def test_proposed_by_and_seconded_by_with_colons_on_one_line() -> None:
    text = (
        "Minutes of the Annual Meeting of Holme Parish Council held on 5 May 2021\n\n"
        "It was RESOLVED that Cllr Yates be elected Chair of the Council.\n\n"
        "Proposed by: Cllr Orme                   Seconded by: Cllr Bright\n"
    )

    assert [(m["mover"], m["seconder"]) for m in motions(text)] == [("Cllr Orme", "Cllr Bright")]


# ------------------------------------------- decisions recorded in a narrative sentence


@pytest.mark.parametrize("rule", ["", "-----------------------------------------\n"])
def test_a_heading_above_does_not_hide_the_sentence_that_decides(rule: str) -> None:
    text = (
        "Shared ICT Board\n\nNotes of the meeting held on 16 May 2019\n\n"
        f"{rule}Item 6   Notes of the last meeting\n{rule}"
        "The notes of the meeting on 21 March 2019 were agreed. On matters arising, the "
        "network contract was discussed.\n\n"
        f"{rule}Item 7   Shared Service Desk\n{rule}The Board AGREED:\n\n"
        "(1)  To endorse the shared service desk.\n"
    )

    assert outcomes(text) == [("6", "1", "resolved"), ("7", "1", "resolved")]


def test_the_resolution_printed_after_its_fate_is_the_part() -> None:
    text = (
        "Revenues Joint Committee\nMinutes of the meeting held on 13 July 2023\n\n"
        "8. \nDiscount Review\nThe Committee considered a proposal for an external review.\n"
        "The proposal was carried by 4 votes to 2.\nThat an external review of discounts be "
        "commissioned in early 2024, subject to a business case being approved.\n"
    )

    entries = draft_entries(draft(text))

    assert entries["outcomes"] == [("8", "1", "resolved")]
    assert entries["votes"] == [("8", "", 4, 2, None, False, False)]
    assert entries["conditions"] == [("8", "1", "business_case")]
    assert ("8", "1", "due", "2024-04-30", "2024-01-01") in entries["dates"]
