"""Votes and delegations in the shapes real minutes print them (issue 18; fictional
councils, own words): consultees named after the task, a vote on all the parts but some,
a tie decided by a casting vote printed in the next sentence, a roll call printed one
member a line, "I, ..., hereby approve:", a call-in deadline in a closing sentence and
motions that open "That this Council notes"."""

from __future__ import annotations

import pytest

from ingest_helpers import all_entries

HEAD = "Tollbridge District Council\n\nCabinet\n\nMinutes of the meeting held on 9 May 2023\n\n"
NO_FIGURES = (None, None, None)


# ------------------------------------------------ consultees named after the task


@pytest.mark.parametrize(
    "consulting",
    [
        "after consulting",
        "following consultation with",
        "after consultation with",
        "having consulted",
        "having first consulted",
        "after consulting with",
        "in consultation with",
    ],
)
def test_a_consultee_named_after_the_task_is_read(consulting: str) -> None:
    text = (
        f"{HEAD}12. Shared Payroll\n\nRESOLVED that authority be delegated to the Director "
        f"of Resources to agree the terms of the agreement, {consulting} the Leader of the "
        "Council.\n"
    )

    assert all_entries(text)["delegations"] == [
        ("12", "1", ("director of resources",), ("leader of the council",))
    ]


def test_a_delegate_consulting_no_one_has_no_consultees() -> None:
    text = (
        f"{HEAD}12. Shared Payroll\n\nRESOLVED that the Head of Finance be authorised to agree "
        "the terms of the agreement with the partner council.\n"
    )

    assert all_entries(text)["delegations"] == [("12", "1", ("head of finance",), ())]


def test_a_consultee_between_the_delegate_and_its_authority_is_read() -> None:
    text = (
        f"{HEAD}12. Shared Payroll\n\nRESOLVED that the Chief Executive, in consultation with "
        "the Leader of the Council, be authorised to agree the terms.\n"
    )

    assert all_entries(text)["delegations"] == [
        ("12", "1", ("chief executive",), ("leader of the council",))
    ]


def test_a_decision_in_the_third_person_delegates_through_agrees_that() -> None:
    text = (
        f"{HEAD}12. Parking\n\nRESOLVED:\n\n(a) Approves the charges for 2023/24;\n\n"
        "(b) Agrees that the Parking Manager be authorised to change the tariff boards, "
        "after consulting the Portfolio Holder for Transport.\n"
    )

    assert all_entries(text)["delegations"] == [
        ("12", "b", ("parking manager",), ("portfolio holder for transport",))
    ]


# ------------------------------------------------ a vote on all the parts but some

PARTS = (
    "RESOLVED:\n\n(1) That the shared audit service continue.\n"
    "(2) That its charges be set by days used.\n"
    "(3) That the audit plan be agreed by the Chief Finance Officer.\n\n"
)


@pytest.mark.parametrize(
    "sentence",
    [
        "The recommendations were agreed unanimously, save for recommendation 2 on which 5 "
        "voted in favour and 3 against.",
        "The recommendations were agreed unanimously, with the exception of recommendation "
        "(2), which was carried by 5 votes to 3.",
        "All the recommendations were carried unanimously except for recommendation 2, "
        "carried by 5 votes to 3.",
        "The recommendations, other than recommendation 2, were agreed unanimously. "
        "Recommendation 2 was carried by 5 votes to 3.",
        "Recommendation 2 was carried by 5 votes to 3; the remaining recommendations were "
        "agreed unanimously.",
    ],
)
def test_a_vote_save_for_one_part_is_two_votes(sentence: str) -> None:
    text = f"{HEAD}14. Shared Audit\n\n{PARTS}{sentence}\n"

    assert all_entries(text)["votes"] == [
        ("14", "1", *NO_FIGURES, True, False),
        ("14", "2", 5, 3, None, False, False),
        ("14", "3", *NO_FIGURES, True, False),
    ]


def test_parts_numbered_in_roman_are_named_by_their_numbers() -> None:
    text = (
        f"{HEAD}14. Shared Audit\n\nThe recommendations were put to the vote and agreed, with "
        "the exception of recommendation (ii), which was carried by 30 votes to 6.\n\n"
        "RESOLVED:\n\n(i)   That the shared audit service continue.\n"
        "(ii)  That its charges be set by days used.\n"
    )

    assert all_entries(text)["votes"] == [
        ("14", "i", *NO_FIGURES, False, False),
        ("14", "ii", 30, 6, None, False, False),
    ]


def test_a_vote_naming_its_parts_without_exception_is_unchanged() -> None:
    text = (
        f"{HEAD}14. Shared Audit\n\n{PARTS}Recommendations (1) and (3) were carried unanimously.\n"
    )

    assert all_entries(text)["votes"] == [
        ("14", "1", *NO_FIGURES, True, False),
        ("14", "3", *NO_FIGURES, True, False),
    ]


# ------------------------------------------------ casting votes


def test_a_tie_then_the_casting_vote_in_the_next_sentence_is_one_vote() -> None:
    text = (
        f"{HEAD}18. Shared Legal Service\n\nOn being put to the vote there were 4 votes for "
        "and 4 votes against. There being an equality of votes, the Chair used her casting "
        "vote in favour and it was\n\nRESOLVED that the shared legal service continue.\n"
    )

    assert all_entries(text)["votes"] == [("18", "", 4, 4, None, False, True)]


def test_a_tie_told_in_words_gives_the_casting_vote_its_counts() -> None:
    text = (
        f"{HEAD}18. Shared Legal Service\n\nThe vote being tied at 4 votes each, the Chair "
        "exercised her casting vote in favour.\n\nRESOLVED that the service continue.\n"
    )

    assert all_entries(text)["votes"] == [("18", "", 4, 4, None, False, True)]


def test_a_casting_vote_in_the_heading_keeps_the_tied_counts() -> None:
    text = (
        f"{HEAD}20. Joint Board\n\nRESOLVED (on the casting vote of the Chair, the voting being "
        "5-5) that:\n\n(a) the Council join the Joint Board; and\n(b) the Head of Finance be "
        "authorised to sign its terms of reference.\n"
    )

    assert all_entries(text)["votes"] == [("20", "", 5, 5, None, False, True)]


def test_a_casting_vote_far_from_a_tie_stays_a_vote_of_its_own() -> None:
    narrative = "Members discussed the fees at length. " * 15
    text = (
        f"{HEAD}18. Fees\n\nThe first proposal was put to the vote: 4 for and 4 against. "
        f"{narrative}The Chair then used her casting vote on the second proposal and it was\n\n"
        "RESOLVED that the fees be frozen.\n"
    )

    votes = all_entries(text)["votes"]

    assert ("18", "", 4, 4, None, False, False) in votes
    assert ("18", "", *NO_FIGURES, False, True) in votes


# ------------------------------------------------ roll calls

ROLL = "".join(
    f"Councillor {name} {vote}\n"
    for name, vote in [
        ("Abbey", "Against"),
        ("Brook", "Against"),
        ("Carr", "Against"),
        ("Glen", "For"),
        ("Holt", "For"),
        ("Kent", "Abstain"),
    ]
)


def test_a_roll_call_one_member_a_line_is_counted() -> None:
    text = (
        f"{HEAD}58. Motion: Joint Depot\n\nIt was moved by Councillor Holt and seconded by "
        "Councillor Glen that this Council asks the Cabinet to review the joint depot.\n"
        "The motion was put to a recorded vote and was LOST, the Members voting as follows:\n"
        f"Councillor Vote\n{ROLL}"
    )

    found = all_entries(text)

    assert found["votes"] == [("58", "", 2, 3, 1, False, False)]
    assert found["outcomes"] == [("58", "1", "lost")]


@pytest.mark.parametrize("separator", [" - ", ": ", "\t", " | "])
def test_a_roll_call_reads_its_rows_whatever_separates_name_and_vote(separator: str) -> None:
    rows = "".join(
        f"Cllr {name}{separator}{vote}\n"
        for name, vote in [("J. Abbey", "Against"), ("P. Brook", "Against"), ("R. Carr", "For")]
    )
    text = (
        f"{HEAD}58. Motion: Joint Depot\n\nIt was moved by Councillor Carr that this Council asks "
        f"the Cabinet to review the joint depot.\nA recorded vote was taken:\n{rows}\n"
        "The motion was therefore lost.\n"
    )

    assert all_entries(text)["votes"] == [("58", "", 1, 2, None, False, False)]


def test_two_members_lines_are_no_roll_call() -> None:
    text = (
        f"{HEAD}7. Minutes\n\nRESOLVED that the minutes be approved.\n\n"
        "Councillor Abbey For\nCouncillor Brook Against\n"
    )

    assert all_entries(text)["votes"] == []


# ------------------------------------------------ an officer's own decision


@pytest.mark.parametrize(
    "approve",
    [
        "I, Sarah Quint, Director of Housing, hereby approve:",
        "I, Sarah Quint, Director of Housing, hereby approve the following:",
        "I hereby approve:",
    ],
)
def test_an_officer_hereby_approving_is_a_decision(approve: str) -> None:
    text = (
        "Officer decision record\n\nDate of decision: 4 May 2023\n\n"
        f"{approve}\n\n"
        "the entry of the Council into a shared housing service from 1 June 2023, and "
        "authorise the Housing Options Manager to agree the rota, in consultation with the "
        "Head of Legal Services.\n\nReasons for the decision:\nCover at lower cost.\n"
    )

    found = all_entries(text)

    assert found["outcomes"] == [("", "1", "resolved")]
    assert found["delegations"] == [
        ("", "1", ("housing options manager",), ("head of legal services",))
    ]


# ------------------------------------------------ a call-in deadline in a closing sentence


@pytest.mark.parametrize(
    "closing",
    [
        "The deadline for calling in this decision is 5.00 pm on Friday 29 November 2019.",
        "The call-in period expires at 5pm on 29 November 2019.",
        "This decision may be called in until 5pm on Friday 29 November 2019.",
    ],
)
def test_a_call_in_deadline_in_a_closing_sentence_is_the_notices(closing: str) -> None:
    text = (
        "Decision details\n\nDecision Maker: Cabinet Member for Transport\n\n"
        "Decision:\n\n(a) Approves the charges for 2020/21;\n\n(b) Notes the income forecast.\n\n"
        f"Date of decision: 20/11/2019\n\n{closing}\n"
    )

    assert ("", "", "call_in_deadline", "2019-11-29", None) in all_entries(text)["dates"]


# ------------------------------------------------ "That this Council notes"


@pytest.mark.parametrize(
    ("words", "outcome"),
    [
        ("That this Council notes the tenth anniversary of the covenant.", "noted"),
        ("That this Council notes the savings, and calls on the Cabinet to report.", "noted"),
        ("That this Council asks the Cabinet to report on the savings.", "resolved"),
    ],
)
def test_a_motion_carried_takes_the_first_verb_of_its_words(words: str, outcome: str) -> None:
    text = (
        f"{HEAD}31. Motion on Notice\n\nCouncillor Ogden moved and Councillor Pell seconded:\n\n"
        f'"{words}"\n\nThe motion was carried unanimously.\n'
    )

    found = all_entries(text)

    assert found["outcomes"] == [("31", "1", outcome)]
    assert found["votes"] == [("31", "", *NO_FIGURES, True, False)]


# ------------------------------------------------ tallies in other words


@pytest.mark.parametrize(
    ("words", "vote"),
    [
        (
            "On a vote of five for, two against and one abstention it was\n\nRESOLVED that the "
            "service continue.",
            (5, 2, 1),
        ),
        (
            "The motion was carried, 6 votes to 3.\n\nRESOLVED that the service continue.",
            (6, 3, None),
        ),
        ("The motion was lost, 7 votes to 3.", (3, 7, None)),  # rule 15: the larger against
    ],
)
def test_a_tally_without_by_is_read(words: str, vote: tuple[int, int, int | None]) -> None:
    text = (
        f"{HEAD}12. Shared Service\n\nCouncillor Abbey moved that the service continue.\n{words}\n"
    )

    assert all_entries(text)["votes"] == [("12", "", *vote, False, False)]
