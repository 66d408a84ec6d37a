"""Decision blocks, parts and outcomes in shapes of real pages (issue 18, shapes19a).

Each test is a page written for the project (an invented council, invented words) in a
shape read on published pages: an agenda table's title followed by its document's link,
a list of an item's documents, "That (a) ...; (b) ..." run into one paragraph, a part that
opens its own run-in list, a decision told in one sentence under "Decision:", an extract
of an earlier resolution quoted mid-way, a resolution sent on "for submission to Full
Council", minutes "declared a true record".
"""

from __future__ import annotations

import pytest

from govledger.ingest.errors import IngestError
from ingest_helpers import all_entries, draft, entries


def test_a_title_followed_by_its_documents_link_is_the_items_title() -> None:
    # the number in a cell of its own, the title ending in a stop (or opening "To") and
    # then the link to its paper: each is an item, and a paper listed under "Additional
    # documents:" (a report's reference first) is not one
    text = (
        "Agenda and minutes\nCabinet - Tuesday, 4th March, 2025\n\n"
        "12.\nTo confirm the minutes of the meeting held on 4 February 2025 PDF 120 KB\n"
        "Minutes:\nRESOLVED:\nThat the minutes be approved as a correct record.\n\n"
        "13.\nMinutes of the special meeting, less exempt minute. PDF 98 KB\n"
        "Minutes:\nRESOLVED:\nThat the minutes be approved.\n\n"
        "14.\nShared Parking Enforcement (CAB2201) PDF 300 KB\n"
        "Additional documents:\n"
        "CAB2201 Appendix 1 - Costs, item 14 PDF 50 KB\n"
        "CAB2201 Appendix 2 - Map, item 14 PDF 80 KB\n"
        "Decision:\n1. That the shared service be approved.\n"
        "2. That the Head of Parking be authorised to sign the agreement.\n"
    )
    assert entries(text, "parts") == [
        ("12", "1"),
        ("13", "1"),
        ("14", "1"),
        ("14", "2"),
    ]


def test_labels_run_into_one_paragraph_after_that() -> None:
    text = (
        "7. SHARED AUDIT SERVICE\n\n"
        "RESOLVED - That (a) the shared audit service continue for two years; "
        "(b) the cost be shared equally; and (c) the Head of Finance be authorised "
        "to sign the agreement.\n"
    )
    assert entries(text) == [
        ("7", "a", "resolved"),
        ("7", "b", "resolved"),
        ("7", "c", "resolved"),
    ]


def test_a_part_that_opens_its_own_run_in_list_has_children() -> None:
    text = (
        "44. ORDER FOR THE JOINT BOARD\n\nResolved -\n\n"
        "(1)    That the report be noted.\n\n"
        "(2)    That (i) authority be delegated to the Managing Director to finalise the\n"
        "       Order, and (ii) the Leader be consulted on its final form.\n\n"
        "(3)    That the timetable be approved.\n"
    )
    assert entries(text, "parts") == [
        ("44", "1"),
        ("44", "2"),
        ("44", "2.i"),
        ("44", "2.ii"),
        ("44", "3"),
    ]


def test_a_decision_in_one_sentence_under_its_heading() -> None:
    deferred = (
        "9.\nHousing Land Study PDF 400 KB\nDecision:\nDeferred to the next meeting.\n\n"
        "10.\nJoint Depot PDF 100 KB\nDecision:\n"
        "A lease of the depot yard is granted to the partner council for ten years, and "
        "the Head of Property is authorised to complete it.\n"
    )
    assert entries(deferred) == [("10", "1", "resolved"), ("9", "1", "deferred")]
    # what the meeting heard is no decision, even under "Decision:"
    heard = (
        "3.\nApologies PDF 10 KB\nDecision:\nApologies were received from Councillor Ash.\n\n"
        "4.\nMinutes PDF 10 KB\nDecision:\nRESOLVED that the minutes be approved.\n"
    )
    assert entries(heard) == [("4", "1", "resolved")]


def test_an_earlier_resolution_quoted_mid_way_is_not_the_decision() -> None:
    text = (
        "Officer decision\nDecision Maker: Head of Estates\nDecision published: 02/03/2021\n\n"
        "In 2018 the Executive considered the joint depot.\nExecutive agreed:\n"
        "(ii) That the Head of Estates be authorised to progress the depot; and\n"
        "(iii) That the Head of Estates be authorised to grant easements.\n\n"
        "Decision:\nAn easement is granted to the water company over the yard, and the "
        "Head of Legal Services is authorised to complete the deed.\n"
    )
    assert entries(text, "parts") == [("", "1")]


def test_a_resolution_sent_on_for_submission_to_council_is_a_recommendation() -> None:
    text = (
        "35   Budget Revisions\n\n"
        "     It was RESOLVED that the following be approved for submission to Full Council:\n\n"
        "     a)    the revised budget for 2020/21; and\n\n"
        "     b)    the changes to the capital programme.\n"
    )
    assert entries(text) == [("35", "a", "recommended"), ("35", "b", "recommended")]


def test_minutes_declared_a_true_record() -> None:
    text = (
        "32   Minutes\n\n"
        "     The minutes of the meeting held on 13 October 2020 were declared a true record "
        "and were signed by the Chairman.\n\n"
        "33   Budget\n\n     RESOLVED that the budget be approved.\n"
    )
    assert entries(text) == [("32", "1", "resolved"), ("33", "1", "resolved")]


def test_reasons_numbered_after_lettered_parts_are_not_parts() -> None:
    # the "Reasons" heading lost: a new list in another numbering, after a closing stop,
    # in narrative words
    text = (
        "23.\nShared Regeneration Service PDF 300 KB\nMinutes:\n\n"
        "Members considered the option of ending the service, which was declined.\n\n"
        "a)    the Chief Executive be authorised to finalise the plan;\n\n"
        "b)    the service level agreement be extended to 31 March 2026.\n\n"
        "1.    The service has secured funding that neither council could bid for alone.\n\n"
        "2.    Extending the agreement gives time for a review.\n\n"
        "24.\nCommunity Centres PDF 100 KB\nMinutes:\n\n"
        "Members considered the option of declining the recommendations.\n\n"
        "a)    Cabinet agrees to ensure that the user groups are consulted;\n\n"
        "b)    Cabinet will ensure that each group is contacted.\n"
    )
    assert entries(text, "parts") == [("23", "a"), ("23", "b"), ("24", "a"), ("24", "b")]


def test_a_resolution_after_the_proposal_told_with_its_heading_lost() -> None:
    text = (
        "1/19    APPOINTMENT OF CHAIR\n\n"
        "Councillor Ann Reed was moved and seconded for the appointment of Chair. There were\n"
        "no other nominations so the motion was voted on and carried.\n\n\n\n"
        "To appoint Councillor Ann Reed as Chair of the Joint Committee for the year.\n\n"
        "2/19    APPOINTMENT OF SECRETARY\n\n"
        "A proposal to appoint the Head of Legal as Secretary was moved, seconded and agreed\n"
        "by all present.\n\n"
        "That the Head of Legal be appointed as Secretary to the Joint Committee.\n\n"
        "3/19    FORWARD PLAN\n\n"
        "Members discussed the plan. The Chair said it would be revised.\n\n"
        "To review the plan again, Members asked for a workshop in the spring.\n"
    )
    found = all_entries(text)
    assert found["outcomes"] == [("1/19", "1", "resolved"), ("2/19", "1", "resolved")]
    # "voted on and carried" is a vote with no counts; "agreed by all present" is none
    assert found["votes"] == [("1/19", "", None, None, None, False, False)]


def test_a_tally_after_a_list_cut_by_a_page_break_closes_the_whole_list() -> None:
    text = (
        "5/17    BUSINESS PLAN\n\nRESOLVED:\n\n"
        "1.   That the Business Plan be approved.\n\n"
        "2.   That the contributions be set at 50% each.\n\n\n"
        "  Joint Committee - 16 November 2017        Page 1 of 2\n"
        "  Joint Committee - 16 November 2017\n\n"
        "3.   That the Head of the Partnership be authorised to sign the agreement.\n\n"
        "(For 5, Against 1)\n\n"
        "6/17    DATE OF NEXT MEETING\n\nThe next meeting will be held in March.\n"
    )
    assert entries(text, "votes") == [("5/17", "", 5, 1, None, False, False)]


_RECORD = (
    "Record of Officer Decision\n\n"
    "Decision maker: Director of Environment\nDate of decision: 12 May 2022\n\n"
    "Subject: Shared grounds maintenance with Alderby District Council\n\n"
    "{heading}\n\n"
    "{words} the shared grounds maintenance contract with Alderby District Council for one "
    "year from 1 June 2022, and to authorise the Head of Legal Services to sign the "
    "variation.\n\n"
    "Reasons for the decision:\n\nA new procurement will not be complete in time.\n\n"
    "Alternative options considered:\n\nNone.\n"
)


def test_a_record_of_a_decision_with_no_resolved_heading_is_drafted() -> None:
    for heading, words in (
        ("Decision taken", "To extend"),
        ("Decision made:", "To extend"),
        ("", "I have decided to extend"),
    ):
        found = all_entries(_RECORD.format(heading=heading, words=words))
        # one decision: the authority to sign is the means of the extension, not a second
        assert found["outcomes"] == [("", "1", "resolved")], heading
        assert found["delegations"] == [("", "1", ("head of legal services",), ())], heading


def test_a_decision_section_needs_the_fields_of_a_record() -> None:
    page = "Shared grounds\n\nDecision taken\n\nTo extend the contract for a year.\n"
    with pytest.raises(IngestError):
        draft(page)


def test_the_decision_after_a_mover_and_a_seconder_is_a_marker() -> None:
    text = (
        "14. SHARED AUDIT SERVICE\n\nThe Chair introduced the report.\n\n"
        "Councillor Ames proposed, Councillor Bell seconded, and the resolution was that the "
        "shared audit service with Fenby District Council continue for three years.\n\n"
        "15. SHARED ICT\n\n"
        "Councillor Ames proposed and Councillor Bell seconded the following decision, which "
        "was agreed unanimously:\n\nThat the shared ICT service be extended to March 2026.\n\n"
        "16. CAR PARKS\n\nMembers said the resolution was that of the previous year.\n\n"
        "RESOLVED that the report be noted.\n"
    )
    found = all_entries(text)
    assert found["outcomes"] == [
        ("14", "1", "resolved"),
        ("15", "1", "resolved"),
        ("16", "1", "noted"),
    ]
    assert found["votes"] == [("15", "", None, None, None, True, False)]


def test_a_parish_table_whose_rows_run_title_into_minute() -> None:
    # "Ref / Agenda item / Who" copied as text: each row's reference, then its title and
    # minute in one run; the next reference in order is the evidence of a new item
    text = (
        "Ref          Agenda item                                              Who\n"
        "22/05-001    Public notices\n"
        "             - Litter pick on Saturday 7 May 2022\n"
        "22/05-002    To confirm the Minutes of the meeting held on 4 April 2022. The\n"
        "             minutes were approved as a true record.\n"
        "22/05-003    Shared Clerk with Ashby Parish Council\n"
        "             The Chairman reported on the request. It was RESOLVED (a) to share\n"
        "             the Clerk from 1 June 2022; and (b) that the Chairman be authorised\n"
        "             to sign the agreement.                                 DF\n"
        "22/05-004    Finance\n"
        "             The Financial Statement was agreed and signed.          ACTION HC\n"
    )
    assert entries(text) == [
        ("22/05-002", "1", "resolved"),
        ("22/05-003", "a", "resolved"),
        ("22/05-003", "b", "resolved"),
        ("22/05-004", "1", "resolved"),
    ]


def test_capital_letters_as_bare_labels_under_an_adverb_heading() -> None:
    text = (
        "Meeting: 16/10/2024 - Combined Authority Board (Item 10)\n\nDecision:\n"
        "It was resolved unanimously to:\n"
        "A Approve a shared planning unit from 1 January 2025.\n"
        "B Approve a contribution of £90,000 for 2025/26.\n"
        "C Note the timetable in section 4 of the report.\n"
        "Minutes:\nA member asked about the costs.\n"
    )
    found = all_entries(text)
    assert found["outcomes"] == [
        ("10", "a", "resolved"),
        ("10", "b", "resolved"),
        ("10", "c", "noted"),
    ]
    assert found["votes"] == [("10", "", None, None, None, True, False)]


def test_minutes_numbered_in_their_first_paragraph_under_a_title_in_capitals() -> None:
    # a key decision's star before its title; the report's own recommendations quoted
    # before the committee's lower-case heading are not the decision
    text = (
        "MINUTE OF PREVIOUS MEETING\n\n"
        "1.   The Committee had before it the minute of its meeting of 6 May 2020.\n\n"
        "The Committee resolved:-\nto approve the minute as a correct record.\n\n"
        "*SHARED PAYROLL SYSTEM\n\n"
        "2.   The Committee had before it a report on a shared payroll system.\n\n"
        "     The report recommended:-\n     that the Committee -\n"
        "     (a)  approve the procurement; and\n"
        "     (b)  instruct the Chief Officer to report.\n\n"
        "The Committee resolved:-\n"
        "(i)   to approve the procurement of a shared payroll system; and\n"
        "(ii)  to instruct the Chief Officer - Finance to report back by December 2020.\n"
    )
    assert entries(text) == [
        ("1", "1", "resolved"),
        ("2", "i", "resolved"),
        ("2", "ii", "resolved"),
    ]


def test_recommendation_numbers_r1_r2_are_labels() -> None:
    text = (
        "303.\n\nDispensation for attendance PDF 88 KB\n\nMinutes:\n\n"
        "Cllr Ash MOVED and Cllr Bell SECONDED the recommendations. It was RESOLVED\n\n"
        "R1. That a dispensation be granted to Cllr Dawes until 1 May 2024.\n\n"
        "R2. That the Monitoring Officer be asked to write to Cllr Dawes.\n"
    )
    assert entries(text, "parts") == [("303", "1"), ("303", "2")]
